"""The screen edition (pdf-digital), checked with independent PDF readers (pikepdf, pdfplumber):
tagged for accessibility, with /Lang, bookmarks, live links, the whole text, embedded fonts, and
the same bytes from two renders."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pytest
from test_cli import ROOT, publish
from test_pdf import Rendered, fonts_of, layer_text, squeezed

from publish.book.model import Book
from publish.editions import EDITIONS, pdf_digital
from publish.settings import Settings
from publish.source.styles import Styles

BOOKS = ["chile", "sampler"]


@pytest.fixture(scope="module", params=BOOKS)
def digital(request: pytest.FixtureRequest, settings: Settings) -> Iterator[Rendered]:
    book, styles = request.getfixturevalue(request.param)
    result = Rendered(book, styles, settings, pdf_digital.render(book, styles, settings, None))
    yield result
    if "plumber" in result.__dict__:
        result.plumber.close()


def test_is_an_extra_edition() -> None:
    edition = EDITIONS["pdf-digital"]
    assert edition.suffix == "-digital.pdf" and not edition.default


def test_is_tagged(digital: Rendered) -> None:
    root = digital.pike.Root
    assert "/StructTreeRoot" in root
    assert "/K" in root.StructTreeRoot, "the structure tree is empty"
    assert bool(root.MarkInfo.Marked) is True
    assert bool(root.ViewerPreferences.DisplayDocTitle) is True
    assert str(digital.pike.docinfo["/Title"]) == digital.book.metadata.title


def test_says_its_language(digital: Rendered) -> None:
    assert str(digital.pike.Root.Lang) == digital.book.metadata.lang


def test_declares_pdf_ua_1(digital: Rendered) -> None:
    with digital.pike.open_metadata() as xmp:
        assert xmp.get("pdfuaid:part") == "1"


def outline_titles(pdf: pikepdf.Pdf) -> list[tuple[int, str]]:
    """Every bookmark with its depth, in document order."""
    found: list[tuple[int, str]] = []

    def walk(items: list[pikepdf.OutlineItem], depth: int) -> None:
        for item in items:
            assert item.destination is not None, f"bookmark {item.title!r} goes nowhere"
            found.append((depth, item.title))
            walk(item.children, depth + 1)

    with pdf.open_outline() as outline:
        walk(outline.root, 1)
    return found


def test_bookmarks_are_the_chapters_in_order(digital: Rendered) -> None:
    bookmarks = outline_titles(digital.pike)
    top = [title for depth, title in bookmarks if depth == 1]
    assert top == ["Contents", *(chapter.title.text for chapter in digital.book.chapters)]
    sections = [title for depth, title in bookmarks if depth == 2]
    assert sections == [heading.text for chapter in digital.book.chapters
                        for heading in chapter.headings if heading.level == 2]


def links(pdf: pikepdf.Pdf) -> list[pikepdf.Dictionary]:
    return [annotation for page in pdf.pages for annotation in page.obj.get("/Annots", [])
            if annotation.get("/Subtype") == "/Link"]


def test_contents_entries_link_to_their_chapters(digital: Rendered) -> None:
    internal = [link for link in links(digital.pike)
                if "/Dest" in link or ("/A" in link and link.A.S == "/GoTo")]
    assert len(internal) >= len(digital.book.chapters)


def test_note_calls_link_to_their_notes(digital: Rendered) -> None:
    """Every note is a named destination, and a link goes to it (from its call)."""
    names = digital.pike.Root.Names.Dests.Names
    destinations = {str(name) for name in list(names)[::2]}
    linked = {str(link.Dest) for link in links(digital.pike)
              if isinstance(link.get("/Dest"), pikepdf.String)}
    notes = {note.id for chapter in digital.book.chapters for note in chapter.notes}
    assert notes, "the book has notes"
    assert notes <= destinations
    assert notes <= linked


def test_external_urls_are_links(digital: Rendered, request: pytest.FixtureRequest) -> None:
    urls = {str(link.A.URI) for link in links(digital.pike)
            if "/A" in link and link.A.S == "/URI"}
    expected = {anchor.get("href") for chapter in digital.book.chapters
                for anchor in chapter.tree().iter("a")
                if anchor.get("href", "").startswith(("http:", "https:", "mailto:"))}
    assert urls == expected
    if request.node.callspec.params["digital"] == "sampler":  # it has some: not a vacuous check
        assert urls


def test_every_paragraph_is_in_the_text(digital: Rendered) -> None:
    running_text = layer_text(digital, notes=False)
    missing = [f"{chapter.id}: {text[:60]}"
               for chapter in digital.book.chapters
               for paragraph in chapter.tree().iter("p")
               if (text := squeezed("".join(paragraph.itertext()))) and text not in running_text]
    assert not missing, "\n".join(missing)


def test_small_capitals_read_as_words(digital: Rendered) -> None:
    """PDFium, the engine of Chrome's and many readers' PDF views, reads the lines set in
    letter-spaced small capitals (the half-title, the title page's byline) as the words they
    are: the tracking stays under the gap a reader takes for a space ("A lice", not "Alice")."""
    document = pdfium.PdfDocument(digital.data)
    half_title, title_page = (" ".join(document[index].get_textpage().get_text_range().split())
                              for index in (0, 2))
    document.close()
    assert half_title == " ".join(digital.book.metadata.title.split())
    names = [creator.name for creator in digital.book.metadata.creators]
    assert names and all(name in title_page for name in names), (names, title_page)


def test_every_font_is_embedded(digital: Rendered) -> None:
    fonts = [font for page in digital.pike.pages
             for font in fonts_of(page.obj.get("/Resources", pikepdf.Dictionary()))]
    assert fonts
    for font in fonts:
        descriptor = (font.DescendantFonts[0] if "/DescendantFonts" in font else font
                      ).FontDescriptor
        assert any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")), (
            f"{font.BaseFont} is not embedded")


def test_no_bleed_and_the_print_trim(digital: Rendered) -> None:
    trim = digital.settings.trim
    for page in digital.pike.pages:
        assert [float(value) for value in page.obj.MediaBox] == pytest.approx(
            [0, 0, trim.width, trim.height], abs=0.01)


def test_two_renders_are_identical(chile: tuple[Book, Styles], settings: Settings) -> None:
    book, styles = chile
    assert pdf_digital.render(book, styles, settings, None) == pdf_digital.render(
        book, styles, settings, None)


def structure_elements(pdf: pikepdf.Pdf) -> list[pikepdf.Dictionary]:
    """Every element of the structure tree, in document order."""
    found: list[pikepdf.Dictionary] = []

    def walk(kids: object) -> None:
        for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
            if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                found.append(kid)
                if "/K" in kid:
                    walk(kid.K)

    walk(pdf.Root.StructTreeRoot.K)
    return found


def test_structure_has_the_headings_and_described_figures(digital: Rendered) -> None:
    elements = structure_elements(digital.pike)
    kinds = [str(element.S) for element in elements]
    assert kinds.count("/H1") == len(digital.book.chapters) + 1  # and the contents
    assert kinds.count("/H2") == sum(heading.level == 2 for chapter in digital.book.chapters
                                     for heading in chapter.headings)
    alts = [str(element.Alt) for element in elements if element.S == "/Figure"]
    assert alts == [image.get("alt") for chapter in digital.book.chapters
                    for image in chapter.tree().iter("img")]


def test_build_names_it(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "manuscript", tmp_path / "manuscript")
    result = publish("build", "pdf-digital", "--project", str(tmp_path), cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert sorted(path.name for path in (tmp_path / "build").iterdir()) == [
        ".layout-cache", "manifest.json", "the-coup-in-chile-digital.pdf"]  # parsed chapters
    with pikepdf.open(tmp_path / "build" / "the-coup-in-chile-digital.pdf") as built:
        assert "/StructTreeRoot" in built.Root
