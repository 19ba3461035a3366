"""The print edition, checked with independent PDF readers (pikepdf, pypdf, pdfplumber).

Each property a print shop or a reader relies on is read back from the PDF bytes: trim size,
embedded fonts, metadata, page parity, no links or bookmarks, the whole text, K-only colour,
folios, reproducibility, and the 0.5in safe area.
"""

from __future__ import annotations

import io
import logging
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path
from typing import Any

import pdfplumber
import pikepdf
import PIL.Image
import pypdf
import pytest
from lxml import etree

from publish.book.imprint import byline, imprint
from publish.book.model import Book, Chapter, Heading, Note, Resource
from publish.errors import PublishError
from publish.layout.deflate import deflated, deflated_once
from publish.layout.fetcher import MemoryFetcher, RefusedURLError
from publish.layout.served import Fetchable
from publish.layout.typeset import typeset_book
from publish.settings import TRIMS, Settings
from publish.source.styles import Styles

INCH = 72.0
SAFE = 0.5 * INCH  # nothing printed closer than this to a trim edge
GUTTER = 0.625 * INCH  # the inside margin, at least
BODY_MIN_SIZE = 9.0  # pt: the text and block quotations are larger, notes smaller
BOOKS = ["chile", "exercise", "sampler"]
EXERCISE_BODY = """<p>A paragraph with a note<a class="noteref" id="x-noteref-1"
href="#x-note-1">1</a>,
<em>italic</em>, <strong>bold</strong>, <span lang="es">una frase</span> and 1973.</p>
<h2 id="x-sub">A section heading</h2><p>After the heading.</p>
<blockquote><p>A quotation, long enough to wrap, so that it shows the indent and the smaller size
of block quotations in the print edition.</p><p>A second quoted paragraph.</p></blockquote>
<p>The same note again<a class="noteref" id="x-noteref-1-2" href="#x-note-1">1</a>.</p>
<ul><li>One item</li><li>Another item</li></ul><ol><li><p>First</p></li><li><p>Second</p></li></ol>
<table><thead><tr><th>Year</th><th>Event</th></tr></thead>
<tbody><tr><td>1970</td><td>Election</td></tr></tbody></table>
<p><img src="images/grey box.png" alt="A grey box"/></p><hr/>
<p>A link to <a href="https://example.org/">a site</a> and to <a href="#x-sub">a heading</a>.</p>"""


@dataclass
class Rendered:
    book: Book
    styles: Styles
    settings: Settings
    data: bytes

    @cached_property
    def plumber(self) -> Any:
        return pdfplumber.open(io.BytesIO(self.data))

    @cached_property
    def pike(self) -> pikepdf.Pdf:
        return pikepdf.open(io.BytesIO(self.data))

    @cached_property
    def page_texts(self) -> list[str]:
        return [page.extract_text() or "" for page in self.plumber.pages]


@pytest.fixture(scope="session")
def exercise(chile: tuple[Book, Styles]) -> tuple[Book, Styles]:
    """The Chile book plus an appendix with what it lacks: a note cited twice with two
    paragraphs, a sub-heading, a quotation, lists, a table, an image, links."""
    book, styles = chile
    image = io.BytesIO()
    PIL.Image.new("L", (600, 300), 128).save(image, "PNG")
    note = Note("x-note-1", 1, "<p>First note paragraph.</p>\n<p>Second note paragraph.</p>",
                ("x-noteref-1", "x-noteref-1-2"))
    appendix = Chapter("x", "appendix", "backmatter", Path("x.md"),
                       Heading(1, "x", "Appendix: <em>odds</em> and ends",
                               "Appendix: odds and ends"),
                       (Heading(2, "x-sub", "A section heading", "A section heading"),),
                       EXERCISE_BODY, (note,))
    return replace(book, chapters=(*book.chapters, appendix),
                   resources=(Resource("images/grey box.png", "image/png", image.getvalue()),)
                   ), styles


@pytest.fixture(scope="module", params=BOOKS)
def rendered(request: pytest.FixtureRequest, settings: Settings) -> Iterator[Rendered]:
    book, styles = request.getfixturevalue(request.param)
    result = Rendered(book, styles, settings, typeset_book(book, styles, settings).pdf)
    yield result
    if "plumber" in result.__dict__:
        result.plumber.close()


def test_every_page_is_the_trim_size(rendered: Rendered) -> None:
    trim = rendered.settings.trim
    for number, page in enumerate(rendered.pike.pages, 1):
        for box in ("/MediaBox", "/TrimBox"):
            x0, y0, x1, y1 = (float(value) for value in page.obj[box])
            assert (x0, y0) == (0, 0), f"page {number} {box}"
            assert x1 == pytest.approx(trim.width, abs=0.01), f"page {number} {box}"
            assert y1 == pytest.approx(trim.height, abs=0.01), f"page {number} {box}"


def fonts_of(resources: pikepdf.Dictionary) -> list[pikepdf.Dictionary]:
    """The fonts a page uses, including those inside its form XObjects."""
    found = list(resources.get("/Font", {}).values())
    for xobject in resources.get("/XObject", {}).values():
        if xobject.get("/Subtype") == "/Form" and "/Resources" in xobject:
            found += fonts_of(xobject.Resources)
    return found


def test_every_font_is_embedded_eb_garamond(rendered: Rendered) -> None:
    seen = set()
    for number, page in enumerate(rendered.pike.pages, 1):
        for font in fonts_of(page.obj.get("/Resources", pikepdf.Dictionary())):
            described = font.DescendantFonts[0] if "/DescendantFonts" in font else font
            descriptor = described.FontDescriptor
            assert any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")), (
                f"page {number}: {font.BaseFont} is not embedded")
            name = str(font.BaseFont).split("+")[-1]
            assert name.startswith("EB-Garamond"), f"page {number}: font {name} used"
            seen.add(name)
    assert "EB-Garamond" in seen


def test_metadata_comes_from_the_book(rendered: Rendered) -> None:
    metadata = rendered.book.metadata
    reader = pypdf.PdfReader(io.BytesIO(rendered.data))
    info = reader.metadata
    assert info is not None
    assert info["/Title"] == metadata.title
    assert info["/Author"] == byline(metadata)
    assert reader.trailer["/Root"]["/Lang"] == metadata.lang
    if metadata.description:
        assert info["/Subject"] == metadata.description
    for subject in metadata.subjects:
        assert subject in info["/Keywords"]
    stamp = metadata.modified.strftime("D:%Y%m%d%H%M%S")
    assert info["/CreationDate"].startswith(stamp)
    assert info["/ModDate"].startswith(stamp)


def test_page_count_is_even(rendered: Rendered) -> None:
    assert len(rendered.pike.pages) % 2 == 0


def test_no_links_annotations_or_bookmarks(rendered: Rendered) -> None:
    assert "/Outlines" not in rendered.pike.Root or not rendered.pike.Root.Outlines.get("/First")
    for number, page in enumerate(rendered.pike.pages, 1):
        assert "/Annots" not in page.obj, f"page {number} has annotations"
    assert b"/URI" not in rendered.data and b"/Link" not in rendered.data


def squeezed(text: str) -> str:
    """Text without whitespace or the hyphens added at line ends: what a reader reads."""
    text = re.sub("\u2010\n", "", text)  # WeasyPrint's hyphenation character
    return re.sub(r"\s+", "", text)


def layer_text(rendered: Rendered, *, notes: bool) -> str:
    """The text inside the text block, either the running text or the notes (set smaller)."""
    margin_top, margin_bottom = 0.875 * INCH, 0.9 * INCH
    parts = []
    for page in rendered.plumber.pages:
        def wanted(obj: dict[str, Any], page: Any = page) -> bool:
            if obj.get("object_type") != "char":
                return True
            inside = margin_top - 2 < obj["top"] and obj["bottom"] < page.height - margin_bottom + 2
            return inside and (obj["size"] < BODY_MIN_SIZE) == notes
        parts.append(page.filter(wanted).extract_text() or "")
    return squeezed("\n".join(parts))


def test_every_paragraph_is_in_the_text_layer(rendered: Rendered) -> None:
    running_text = layer_text(rendered, notes=False)
    note_text = layer_text(rendered, notes=True)
    missing = []
    for chapter in rendered.book.chapters:
        for paragraph in chapter.tree().iter("p"):
            text = squeezed("".join(paragraph.itertext()))
            if text and text not in running_text:
                missing.append(f"{chapter.id}: {text[:60]}")
        for note in chapter.notes:
            text = squeezed("".join(etree.fromstring(f"<div>{note.html}</div>").itertext()))
            assert text in note_text, f"note {note.id} missing"
    assert not missing, "\n".join(missing)


def test_hyphenation_is_on(rendered: Rendered) -> None:
    assert any("\u2010\n" in text for text in rendered.page_texts)


def test_only_black_ink(rendered: Rendered) -> None:
    """Every colour operator is DeviceCMYK K-only or gray: no RGB anywhere."""
    def check(stream_owner: Any, where: str) -> None:
        for operands, operator in pikepdf.parse_content_stream(stream_owner):
            op = str(operator)
            assert op not in ("rg", "RG"), f"{where}: RGB colour {operands}"
            if op in ("cs", "CS"):
                assert str(operands[0]) in ("/DeviceCMYK", "/DeviceGray"), f"{where}: {operands}"
            if op in ("k", "K", "sc", "scn", "SC", "SCN") and len(operands) == 4:
                assert [float(value) for value in operands[:3]] == [0, 0, 0], f"{where}: {op}"
    for number, page in enumerate(rendered.pike.pages, 1):
        check(page, f"page {number}")
        resources = page.obj.get("/Resources", pikepdf.Dictionary())
        for name, xobject in resources.get("/XObject", {}).items():
            if xobject.get("/Subtype") == "/Form":
                check(xobject, f"page {number} {name}")


def roman(number: int) -> str:
    values = [(10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]
    digits = ""
    for value, numeral in values:
        while number >= value:
            digits += numeral
            number -= value
    return digits


def folio(page: Any) -> str | None:
    """The folio: the text below the text block, where the page numbers are set."""
    foot = page.filter(lambda obj: obj.get("object_type") != "char"
                       or obj["top"] > page.height - 0.9 * INCH + 2)
    text = (foot.extract_text() or "").strip()
    return text or None


def test_folios_roman_then_arabic_from_one(rendered: Rendered) -> None:
    pages = rendered.plumber.pages
    first_text = next(chapter for chapter in rendered.book.chapters
                      if chapter.matter == "bodymatter")
    heading = squeezed(first_text.title.text)
    start = next(index for index, text in enumerate(rendered.page_texts)
                 if squeezed(text).startswith(heading))
    assert start % 2 == 0, "the text opens on a right-hand page"
    assert folio(pages[start]) == "1"
    contents = next(index for index, page in enumerate(pages)
                    if body_text(page).startswith("Contents"))
    for index, page in enumerate(pages):
        found = folio(page)
        if index < contents or not body_text(page):
            assert found is None, f"page {index + 1}: a folio on a preliminary or blank page"
            continue
        expected = roman(index + 1) if index < start else str(index - start + 1)
        assert found == expected, f"page {index + 1}"


def body_text(page: Any) -> str:
    """The text inside the text block (no running head, no folio)."""
    body = page.filter(lambda obj: obj.get("object_type") != "char"
                       or 0.875 * INCH - 2 < obj["top"] < page.height - 0.9 * INCH)
    return (body.extract_text() or "").strip()


def test_blank_pages_are_bare(rendered: Rendered) -> None:
    """A page with no running text carries no folio or running head either."""
    for number, page in enumerate(rendered.plumber.pages, 1):
        if not body_text(page):
            assert folio(page) is None, f"page {number} is blank but has a folio"
            assert not head(page), f"page {number} is blank but has a running head"


def test_every_stream_is_deflated_at_zlibs_default_level(rendered: Rendered) -> None:
    """pydyf asks zlib for its slowest level (9), WeasyPrint's units are given the default (6),
    as qpdf deflates the assembly's own streams: one level throughout the file."""
    deflated = [stream.read_raw_bytes() for stream in rendered.pike.objects
                if isinstance(stream, pikepdf.Stream) and stream.get("/Filter") == "/FlateDecode"]
    assert len(deflated) > 10
    assert all(data == zlib.compress(zlib.decompress(data), 6) for data in deflated)


def test_a_large_stream_is_deflated_once_a_process_as_zlib_deflates_it() -> None:
    profile = bytes(range(256)) * 760  # the size of an ICC profile every unit embeds
    hits = deflated_once.cache_info().hits
    assert deflated(profile) == zlib.compress(profile, 6) == deflated(bytes(profile))
    assert deflated_once.cache_info().hits == hits + 1
    assert deflated(b"a small stream") == zlib.compress(b"a small stream", 6)


def test_two_renders_are_identical(rendered: Rendered) -> None:
    again = typeset_book(rendered.book, rendered.styles, rendered.settings).pdf
    assert again == rendered.data


def test_everything_inside_the_safe_area(rendered: Rendered) -> None:
    for index, page in enumerate(rendered.plumber.pages):
        inside_is_left = index % 2 == 0  # page 1 is a recto: its spine is on the left
        for char in page.chars:
            where = f"page {index + 1} {char['text']!r}"
            assert char["x0"] >= SAFE and char["x1"] <= page.width - SAFE, where
            assert char["top"] >= SAFE and char["bottom"] <= page.height - SAFE, where
            if inside_is_left:
                assert char["x0"] >= GUTTER, where
            else:
                assert char["x1"] <= page.width - GUTTER, where


@pytest.mark.parametrize("name", BOOKS)
def test_renders_without_weasyprint_warnings(
        name: str, request: pytest.FixtureRequest, settings: Settings,
        caplog: pytest.LogCaptureFixture) -> None:
    """The built-in styles are valid CSS for WeasyPrint and every resource loads."""
    book, styles = request.getfixturevalue(name)
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        typeset_book(book, styles, settings)
    assert not [record.getMessage() for record in caplog.records
                if record.name.startswith("weasyprint")]


@pytest.mark.parametrize("url", ["https://example.org/x.png", "http://example.org/a.css",
                                 "file:///etc/hostname", "data:text/plain,hello",
                                 "publish-resource:images/not-in-the-book.png"])
def test_the_fetcher_refuses_anything_but_the_books_files(url: str) -> None:
    fetcher = MemoryFetcher({"publish-font:roman": Fetchable(b"font", "font/ttf")})
    assert fetcher.fetch("publish-font:roman").read() == b"font"
    with pytest.raises(RefusedURLError):
        fetcher.fetch(url)


@pytest.mark.parametrize("rule", ["body { background-image: url(file:///etc/hostname) }",
                                  "@import url(https://example.org/print.css);",
                                  "@font-face { font-family: X; src: url(http://example.org/x) }"
                                  " p { font-family: X }"])
def test_a_stylesheet_cannot_reach_outside(chile: tuple[Book, Styles], settings: Settings,
                                           rule: str) -> None:
    book, styles = chile
    hostile = replace(styles, print=rule + "\n" + styles.print if rule.startswith("@import")
                      else styles.print + "\n" + rule)
    with pytest.raises(PublishError, match="refused to fetch"):
        typeset_book(book, hostile, settings)


def head(page: Any) -> str:
    """The running head: the text above the text block."""
    top = page.filter(lambda obj: obj.get("object_type") != "char"
                      or obj["bottom"] < 0.875 * INCH - 2)
    return squeezed(top.extract_text() or "").lower()


def test_running_heads_and_recto_openings(rendered: Rendered) -> None:
    """Versos: the book's title; rectos: the chapter's; none where a chapter opens (always on
    a recto)."""
    book = rendered.book
    openings = {}
    for index, page in enumerate(rendered.plumber.pages):
        for chapter in book.chapters:
            if squeezed(body_text(page)).startswith(squeezed(chapter.title.text)):
                openings[index] = chapter
    assert len(openings) == len(book.chapters)
    current = None
    heads = 0
    for index, page in enumerate(rendered.plumber.pages):
        current = openings.get(index, current)
        found = head(page)
        if index in openings:
            assert index % 2 == 0, f"{openings[index].id} opens on a verso"
            assert not found, f"page {index + 1}: a running head on a chapter's opening page"
        elif found and index % 2 == 1:
            assert found == squeezed(book.metadata.title).lower(), f"page {index + 1}"
        elif found:
            assert current is not None
            expected = squeezed(current.title.text).lower().rstrip(".")
            assert expected.startswith(found.rstrip("\u2026")), f"page {index + 1}: {found}"
        heads += bool(found)
    assert heads or len(rendered.plumber.pages) < 16


def test_no_text_smaller_than_seven_points(rendered: Rendered) -> None:
    for number, page in enumerate(rendered.plumber.pages, 1):
        sizes = {round(char["size"], 1) for char in page.chars}
        assert not sizes or min(sizes) >= 7, f"page {number}: {min(sizes)} pt"


def test_images_come_from_the_book(rendered: Rendered) -> None:
    images = {image.objgen: image for page in rendered.pike.pages
              for image in page.get_images().values()}  # pages may share one resource dict
    sizes = sorted((int(image.Width), int(image.Height)) for image in images.values())
    expected = []
    for resource in rendered.book.resources:
        if resource.media_type in ("image/png", "image/jpeg", "image/gif"):
            with PIL.Image.open(io.BytesIO(resource.data)) as image:
                expected.append(image.size)
    assert sizes == sorted(expected)


def test_a_note_is_printed_once_with_its_number(rendered: Rendered) -> None:
    for chapter in rendered.book.chapters:
        for note in chapter.notes:
            text = squeezed("".join(etree.fromstring(f"<div>{note.html}</div>").itertext()))
            marked = f"{note.number}.{text}"  # the note's own number marks it
            assert layer_text(rendered, notes=True).count(marked) == 1, note.id


@pytest.mark.parametrize("trim", sorted(TRIMS))
def test_every_trim_keeps_the_preliminaries_in_place(
        trim: str, request: pytest.FixtureRequest) -> None:
    """Half-title, blank, title page, copyright page, contents: pages 1 to 5 on any trim."""
    book, styles = request.getfixturevalue(BOOKS[-1])
    settings = Settings(TRIMS[trim])
    data = typeset_book(book, styles, settings).pdf
    imprinted = imprint(book.metadata)[0].text
    with pdfplumber.open(io.BytesIO(data)) as document:
        pages = [squeezed(body_text(page)) for page in document.pages[:5]]
        width, height = document.pages[0].width, document.pages[0].height
        assert len(document.pages) % 2 == 0
    assert (width, height) == (pytest.approx(TRIMS[trim].width, abs=0.01),
                               pytest.approx(TRIMS[trim].height, abs=0.01))
    title = squeezed(book.metadata.title)
    assert pages[0].lower() == title.lower()
    assert pages[1] == ""
    assert pages[2].startswith(title)
    assert pages[2].endswith(squeezed(book.metadata.publisher or byline(book.metadata)))
    assert pages[3].startswith(squeezed(imprinted))
    assert pages[4].startswith("Contents")
