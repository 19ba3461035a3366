"""`publish import`: the HTML-to-Markdown converter every reader shares, read back by the
build's own parser; the readers of EPUB and pandoc's Markdown, the project they write and
the command, each import built and its words counted in every edition.

The inputs are real: the test books' own EPUBs (built here), an EPUB with its notes in a
document of their own, and tests/imports/pandoc-dialect.md, pandoc's dialect. pandoc's own
test file (tests/testsuite.txt in its repository) is not reachable from here, so the fixture
follows its sections (headers, paragraphs, block quotations, code, lists, definition lists,
inline markup, smart punctuation, links, images, notes) and adds the extensions its other
tests cover (fenced divs, header attributes, inline notes, pipe, simple and grid tables,
line blocks, spans, math, citations), each written anew.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
import uuid
import zipfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import lxml.html
import pdfplumber
import PIL.Image
import pypandoc
import pytest
import yaml
from ebooklib import epub
from imports.editions import rows
from lxml import etree
from print_pages import NOTE_SIZE
from test_epub import run_epubcheck

from publish.book.parse import Parser
from publish.checks.pdf_text import dehyphenated
from publish.checks.words import token_key
from publish.checks.words import words as check_words
from publish.imports.html_markdown import markdown_from_html
from publish.imports.imported import ChangeKind, Chapter, Imported, Picture
from publish.imports.project import make_project
from publish.scaffold import GITIGNORE, STYLESHEET


def words(text: str) -> list[str]:
    """The words of a text, as every edition spells them: quotes and dashes aside."""
    return re.findall(r"[^\W_]+(?:['’][^\W_]+)*", text)


def converted(html: str) -> tuple[str, etree._Element]:
    """The Markdown made of an HTML body, and that Markdown as the build parses it."""
    made = markdown_from_html(lxml.html.fromstring(html).find(".//body"), "page.html")
    return made.markdown, Parser("en").parse(made.markdown)


ESCAPED = [
    "1984. That year began on a Sunday.",
    "# is the sign for a number.",
    "- a hyphen that opens a line.",
    "> not a quotation.",
    "An *asterisk* pair, an_under_score and [brackets] with (parentheses).",
    "Braces {#like-an-id} and {: .class} stay words.",
    "A <b> and &amp; and \\ backslash.",
    "Sets {a, b} and *{c}*.",
    "+ a plus.",
]


@pytest.mark.parametrize("paragraph", ESCAPED)
def test_text_that_looks_like_markdown_stays_text(paragraph: str) -> None:
    source = lxml.html.Element("p")
    source.text = paragraph
    _, parsed = converted(f"<html><body>{lxml.html.tostring(source, encoding=str)}</body></html>")
    assert [element.tag for element in parsed] == ["p"]
    assert "".join(parsed[0].itertext()) == paragraph


def test_a_heading_keeps_its_closing_hashes_and_braces() -> None:
    _, parsed = converted("<html><body><h2>Learning C# {fast}</h2></body></html>")
    assert parsed[0].tag == "h2" and parsed[0].text == "Learning C# {fast}"


def test_a_code_block_keeps_its_blank_lines_and_its_language() -> None:
    markdown, parsed = converted('<html><body><pre class="python"><code>a = 1\n\n\nb = 2'
                                 "</code></pre></body></html>")
    assert markdown == "```python\na = 1\n\n\nb = 2\n```\n"
    assert parsed.find("pre/code").text == "a = 1\n\n\nb = 2\n"


STRUCTURE = """<html lang="en"><body>
<h1 id="start">The Opening</h1>
<p>Plain, <em>emphasised</em>, <strong>strong</strong>, <code>code</code> and
<a href="https://example.org/a page">a link</a>; back to <a href="#start">the start</a>.</p>
<ol start="3"><li>third</li><li>fourth<ul><li>inside</li></ul></li></ol>
<blockquote><p>A quotation.</p><p>Its second paragraph.</p></blockquote>
<table><caption>Prices in 1900</caption><thead><tr><th>Item</th><th>Cost</th></tr></thead>
<tbody><tr><td>Bread</td><td>2d</td></tr><tr><td>Milk</td><td>1d</td></tr></tbody></table>
<figure><img src="images/cat.png" alt="A cat asleep"><figcaption>The cat, asleep</figcaption>
</figure>
<div class="poem"><p>The first line,<br>the second line;</p><p>a second stanza<br>ends.</p></div>
<dl><dt>Recto</dt><dd>A right-hand page.</dd></dl>
<pre>verbatim *text*</pre>
</body></html>"""


def test_the_structure_survives_the_round_trip_through_markdown() -> None:
    markdown, parsed = converted(STRUCTURE)
    html = etree.tostring(parsed, encoding=str)
    assert parsed.find("h1").get("id") == "start" and "{#start}" in markdown
    assert parsed.find("p/em").text == "emphasised" and parsed.find("p/strong") is not None
    assert parsed.find("p/code").text == "code"
    assert parsed.find("p/a").get("href") == "https://example.org/a%20page"
    assert parsed.find("ol").get("start") == "3" and parsed.find("ol/li/ul/li").text == "inside"
    assert len(parsed.findall("blockquote/p")) == 2
    assert [cell.text for cell in parsed.iterfind("table//td")] == ["Bread", "2d", "Milk", "1d"]
    assert "Table: Prices in 1900" in markdown
    image = parsed.find(".//img")
    assert (image.get("src"), image.get("alt"), image.get("title")) == (
        "images/cat.png", "A cat asleep", "The cat, asleep")
    stanzas = parsed.findall("p[@class='poem']")
    assert len(stanzas) == 2 and len(stanzas[0].findall("br")) == 1
    assert parsed.find("dl/dt").text == "Recto"
    assert "verbatim *text*" in html
    source = lxml.html.fromstring(STRUCTURE).find(".//body")
    # the same words (the caption's paragraph stands after the table until the book moves it
    # over it; the figure's caption is its picture's title until the book makes it one)
    made = [word for word in words(" ".join([*parsed.itertext(), image.get("title")]))
            if word != "Table"]
    assert sorted(words(" ".join(source.itertext()))) == sorted(made)


NOTES = """<html><body>
<p>Marked in EPUB's way.<a epub:type="noteref" href="#n1">1</a> By a numbered link.<sup>
<a href="#fn2" id="ref2">2</a></sup> By a bare superscript.<sup>3</sup></p>
<aside epub:type="footnote" id="n1"><p>The first note.</p></aside>
<h2>Notes</h2>
<ol><li id="fn2"><p>The second note. <a href="#ref2">↩</a></p></li></ol>
<p><sup>3</sup> The third note, of two paragraphs.</p>
</body></html>"""


def test_notes_in_three_markups_become_markdown_notes() -> None:
    markdown, parsed = converted(NOTES)
    made = markdown_from_html(lxml.html.fromstring(NOTES).find(".//body"), "page.html")
    assert parsed.find("p").xpath("string()") == (
        "Marked in EPUB’s way.1 By a numbered link.2 By a bare superscript.3")
    notes = [" ".join("".join(item.itertext()).split())
             for item in parsed.iterfind("div[@class='footnote']/ol/li")]
    assert notes == ["The first note.", "The second note.",
                     "The third note, of two paragraphs."]
    assert "Notes" not in markdown.replace("[^", "")
    kinds = [(change.kind, change.what.split(":")[0]) for change in made.changes]
    assert (ChangeKind.DROPPED, "the notes section's heading (its notes are now Markdown "
            "notes)") in kinds
    assert sum(kind == ChangeKind.GUESSED for kind, _ in kinds) == 2  # the marked one is sure


def test_a_placeholder_link_and_a_picture_not_carried_are_logged() -> None:
    html = ('<html><body><p>See <a href="#">this</a> and '
            '<img src="https://example.org/x.png" alt="a chart">.</p></body></html>')
    made = markdown_from_html(lxml.html.fromstring(html).find(".//body"), "page.html",
                              picture=lambda source: None)
    assert made.markdown == "See this and a chart.\n"
    assert [change.kind for change in made.changes] == [ChangeKind.REPAIRED, ChangeKind.FINDING]
    assert made.changes[1].where == "page.html, line 1" and made.changes[1].text == "a chart"


# -- the readers, the project and the command ---------------------------------------------

ROOT = Path(__file__).resolve().parent.parent
PANDOC_SOURCE = ROOT / "tests" / "imports" / "pandoc-dialect.md"
NOTE_CALL = re.compile(r"\[\d+\]")  # a note's number: through the book in one, per division


def run(*arguments: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "publish", *map(str, arguments)],
                          capture_output=True, text=True, timeout=900, check=False)


def imported_and_built(sources: list[Path], project: Path, *editions: str) -> Path:
    """`publish import` then `publish build`, as an author runs them."""
    made = run("import", *sources, "--to", project)
    assert made.returncode == 0, made.stderr
    built = run("build", *editions, "--project", project)
    assert built.returncode == 0, built.stderr
    return project


def log_rows(project: Path, section: str) -> list[list[str]]:
    """The rows of one section's table in IMPORT.md: number, location, what, text."""
    return rows((project / "manuscript" / "IMPORT.md").read_text("utf-8"), section)


def dropped_words(project: Path) -> Counter[str]:
    """The words IMPORT.md says the import dropped."""
    return Counter(word for row in log_rows(project, "Dropped") for word in parity_words(
        row[3]))


def parity_words(text: str) -> list[str]:
    return check_words(NOTE_CALL.sub(" ", text))


def edition_words(project: Path) -> dict[str, Counter[str]]:
    """Each built edition's words, read by a program other than the one that wrote it:
    the text as it is, the EPUB by pandoc, the print PDF by pdfplumber."""
    build = project / "build"
    text = next(path for path in build.glob("*.txt") if not path.name.endswith("-ascii.txt"))
    epub = next(build.glob("*.epub"))
    pdf = next(path for path in build.glob("*.pdf") if not path.name.endswith(
        ("-cover.pdf", "-digital.pdf")))
    with pdfplumber.open(pdf) as opened:
        lines = [line for page in opened.pages for line in page.filter(
            lambda thing: not is_call(thing)).extract_text().splitlines()]
    tokens = {token_key(run) for run in text.read_text("utf-8").split()}
    return {"text": Counter(parity_words(text.read_text("utf-8"))),
            "epub": Counter(parity_words(pypandoc.convert_file(str(epub), "plain",
                                                               format="epub"))),
            "pdf": Counter(parity_words(" ".join(dehyphenated(lines, tokens))))}


def is_call(thing: dict[str, Any]) -> bool:
    """A note's call in print: a superior figure, narrower than the text's figures (as
    tests/print_pages.py reads them)."""
    return (thing.get("object_type") == "char" and str(thing["text"]).isdigit()
            and float(thing["x1"]) - float(thing["x0"]) < 0.4 * float(thing["size"])
            and float(thing["size"]) > NOTE_SIZE + 1)


def assert_every_word_kept(source_words: Counter[str], project: Path) -> None:
    """Every word of the source in every edition, but those the log says it dropped."""
    dropped = dropped_words(project)
    for edition, found in edition_words(project).items():
        lost = source_words - found - dropped
        assert not lost, f"{edition} lacks {sorted(lost.elements())[:20]}"


@pytest.fixture(scope="module")
def pandoc_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """pandoc's dialect, with the picture it shows beside it, imported and built."""
    folder = tmp_path_factory.mktemp("pandoc")
    shutil.copy(PANDOC_SOURCE, folder / PANDOC_SOURCE.name)
    PIL.Image.new("RGB", (600, 400), (200, 120, 40)).save(folder / "figure.png")
    return imported_and_built([folder / PANDOC_SOURCE.name], folder / "book")


def test_pandoc_markdown_every_word_is_in_every_edition(pandoc_project: Path) -> None:
    # Raw blocks and spans for TeX read as text, so that their words count too (but the
    # attribute naming their format, which is markup)
    source = re.sub(r"\{=\w+\}", " ", pypandoc.convert_file(
        str(PANDOC_SOURCE), "plain", format="markdown-raw_attribute",
        extra_args=["--wrap=none"]))
    assert_every_word_kept(Counter(parity_words(source)), pandoc_project)


def test_print_numbers_an_ordered_list_from_its_start(pandoc_project: Path) -> None:
    pdf = next(path for path in (pandoc_project / "build").glob("*.pdf")
               if not path.name.endswith(("-cover.pdf", "-digital.pdf")))
    with pdfplumber.open(pdf) as opened:
        text = "\n".join(page.extract_text() for page in opened.pages)
    assert "3. third item" in text and "4. fourth item" in text


def test_pandoc_markdown_is_split_at_its_top_headings_its_header_metadata(
        pandoc_project: Path) -> None:
    chapters = sorted(path.name for path in (
        pandoc_project / "manuscript" / "chapters").glob("*.md"))
    assert chapters == ["01-headers-and-paragraphs.md", "02-block-quotations-and-code.md",
                        "03-lists-and-definitions.md", "04-inline-markup-and-punctuation.md",
                        "05-links-images-and-notes.md", "06-tables-and-extensions.md"]
    metadata = yaml.safe_load((pandoc_project / "manuscript" / "metadata.yaml").read_text())
    assert metadata["title"] == "A Test of Pandoc's Dialect"
    assert [creator["text"] for creator in metadata["creator"]] == ["Ada Tester", "Ben Checker"]
    assert (metadata["lang"], metadata["date"], metadata["subject"]) == (
        "en-GB", "2024-05-01", ["Markdown", "Testing"])
    assert metadata["description"].startswith("One long file")
    assert re.fullmatch(r"urn:uuid:[0-9a-f-]{36}", metadata["identifier"][0]["text"])
    notes = (pandoc_project / "manuscript" / "chapters" / chapters[4]).read_text()
    assert "[^3]: Inline notes are easier" in notes  # an inline note, like the others
    assert "01-headers-and-paragraphs.md#headers" in notes  # a link into another chapter
    tables = (pandoc_project / "manuscript" / "chapters" / chapters[5]).read_text()
    assert "| Fruit | Price | Amount |\n| :--- | ---: | :---: |" in tables
    assert "Table: A pipe table, with a caption after it." in tables
    assert "&emsp;But the good ones I’ve seen  \n" in tables and "{: .poem}" in tables
    carried = [row[2] for row in log_rows(pandoc_project, "Not carried")]
    assert "a fenced div of class .warning, its words kept without it" in carried
    assert "struck-out text, kept unmarked" in carried
    assert "TeX math, kept as its source text" in carried


@pytest.fixture(scope="module")
def scholarly_round_trip(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The scholarly test book built, its EPUB imported and the import built."""
    original = tmp_path_factory.mktemp("scholarly") / "original"
    shutil.copytree(ROOT / "tests" / "manuscripts" / "scholarly" / "manuscript",
                    original / "manuscript")
    built = run("build", "epub", "txt", "--project", original)
    assert built.returncode == 0, built.stderr
    epub = next((original / "build").glob("*.epub"))
    return original, imported_and_built([epub], original.parent / "imported")


def test_an_epub_every_word_is_in_every_edition(scholarly_round_trip: tuple[Path, Path]
                                                ) -> None:
    original, imported = scholarly_round_trip
    source = epub_text(next((original / "build").glob("*.epub")))
    assert_every_word_kept(Counter(parity_words(source)), imported)


def epub_text(epub: Path) -> str:
    """The words of an EPUB's spine, read with zipfile and lxml alone (neither ebooklib nor
    the import's reader): each document's body, without the note calls' and backlinks'
    numbers, which each edition sets its own way."""
    with zipfile.ZipFile(epub) as archive:
        container = etree.fromstring(archive.read("META-INF/container.xml"))
        opf_path = container.find(".//{*}rootfile").get("full-path")
        opf = etree.fromstring(archive.read(opf_path))
        hrefs = {item.get("id"): item.get("href") for item in opf.iter("{*}item")}
        folder = opf_path.rpartition("/")[0]
        texts = []
        for itemref in opf.iter("{*}itemref"):
            document = etree.fromstring(archive.read(f"{folder}/{hrefs[itemref.get('idref')]}"
                                                     .lstrip("/")))
            for mark in document.xpath("//*[@role='doc-noteref' or @role='doc-backlink']"):
                mark.text = ""
            texts.append(" ".join(document.find("{*}body").itertext()))
    return "\n".join(texts)


def test_a_book_imported_back_from_its_own_epub_builds_to_the_same_text(
        scholarly_round_trip: tuple[Path, Path], tmp_path: Path) -> None:
    original, imported = scholarly_round_trip
    assert text_edition(imported) == text_edition(original)
    novel = tmp_path / "novel"
    shutil.copytree(ROOT / "tests" / "manuscripts" / "novel" / "manuscript",
                    novel / "manuscript")
    assert run("build", "epub", "txt", "--project", novel).returncode == 0
    back = imported_and_built([next((novel / "build").glob("*.epub"))], tmp_path / "back",
                              "txt")
    assert text_edition(back) == text_edition(novel)


def text_edition(project: Path) -> str:
    return next(path for path in (project / "build").glob("*.txt")
                if not path.name.endswith("-ascii.txt")).read_text("utf-8")


def test_the_epub_s_metadata_and_generated_pages(scholarly_round_trip: tuple[Path, Path]
                                                 ) -> None:
    original, imported = scholarly_round_trip
    given = yaml.safe_load((original / "manuscript" / "metadata.yaml").read_text())
    made = yaml.safe_load((imported / "manuscript" / "metadata.yaml").read_text())
    for field in ("title", "subtitle", "lang", "date", "rights", "description"):
        assert made[field] == given[field], field
    assert [(person["text"], person["role"], person["file-as"]) for person in made["creator"]
            ] == [(person["text"], person["role"], person["file-as"])
                  for person in given["creator"]]
    assert made["identifier"][0]["text"] != given["identifier"][0]["text"]  # a new edition
    dropped = [row[2] for row in log_rows(imported, "Dropped")]
    assert [what.split(",")[0] for what in dropped] == [
        "the cover page", "the title page", "the copyright page", "the contents",
        "the typographic cover a build draws"]
    introduction = (imported / "manuscript" / "chapters" / "01-introduction.md").read_text()
    assert introduction.startswith("---\nrole: introduction\n---\n\n# Introduction\n")


DAMAGED = """\
---
title: Damage
author: A. Writer
lang: en-GB
---

# The Coup

This trial of strength -prepared for by months of plotting was announced in
[an article](#) and it decided to give up partial

confrontations and go for a major trial of strength.
"""


def test_the_seed_s_kind_of_damage_is_repaired_and_logged_or_reported(tmp_path: Path) -> None:
    source = tmp_path / "damaged.md"
    source.write_text(DAMAGED, encoding="utf-8")
    assert run("import", source, "--to", tmp_path / "book").returncode == 0
    repaired = log_rows(tmp_path / "book", "Repaired")
    assert [(row[2].split(":")[0], row[3]) for row in repaired] == [
        ("a placeholder link that leads nowhere", "an article")]
    log = (tmp_path / "book" / "manuscript" / "IMPORT.md").read_text("utf-8")
    findings = log.split(". Lint findings\n", 1)[1]
    assert re.search(r"- warning: manuscript/chapters/01-the-coup\.md:\d+: D-001 ", findings)
    assert re.search(r"- warning: manuscript/chapters/01-the-coup\.md:\d+: D-002 ", findings)
    assert "(#)" not in (tmp_path / "book" / "manuscript" / "chapters" / "01-the-coup.md"
                         ).read_text()


def encrypted(epub: Path, target: Path) -> Path:
    """The EPUB with its chapters declared encrypted, as a DRM scheme writes it."""
    with zipfile.ZipFile(epub) as source, zipfile.ZipFile(target, "w") as made:
        for item in source.infolist():
            made.writestr(item, source.read(item))
        made.writestr("META-INF/encryption.xml", (
            '<encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container" '
            'xmlns:enc="http://www.w3.org/2001/04/xmlenc#"><enc:EncryptedData>'
            '<enc:EncryptionMethod Algorithm="http://www.w3.org/2001/04/xmlenc#aes128-cbc"/>'
            '<enc:CipherData><enc:CipherReference URI="EPUB/001-introduction.xhtml"/>'
            "</enc:CipherData></enc:EncryptedData></encryption>"))
    return target


def without_mimetype(epub: Path, target: Path) -> Path:
    with zipfile.ZipFile(epub) as source, zipfile.ZipFile(target, "w") as made:
        for item in source.infolist():
            if item.filename != "mimetype":
                made.writestr(item, source.read(item))
    return target


BAD_SOURCES: dict[str, tuple[Callable[[Path, Path], Path], str]] = {
    "text named .epub": (lambda epub, folder: write(folder / "book.epub", b"Just words.\n"),
                         "not an EPUB: that is a zip archive, and this file is not one"),
    "encrypted EPUB": (lambda epub, folder: encrypted(epub, folder / "locked.epub"),
                       "an encrypted EPUB (DRM)"),
    "damaged zip": (lambda epub, folder: write(folder / "cut.epub", epub.read_bytes()[:20000]),
                    "a damaged zip archive"),
    "EPUB without mimetype": (lambda epub, folder: without_mimetype(
        epub, folder / "bare.epub"), "not an EPUB: it has no mimetype file"),
    "text named .docx": (lambda epub, folder: write(folder / "essay.docx", b"<p>Hi</p>"),
                         "not a Word file (DOCX): that is a zip archive"),
    "binary named .html": (lambda epub, folder: write(folder / "page.html",
                                                      b"\x89PNG\r\n\x1a\n\x00\x00"),
                           "not an HTML page: a binary file"),
    "Markdown in Latin-1": (lambda epub, folder: write(folder / "old.md",
                                                       "# Caf\u00e9\n".encode("latin-1")),
                            "not UTF-8 text"),
    "Markdown with no text": (lambda epub, folder: write(folder / "empty.md",
                                                         b"---\ntitle: Empty\n---\n\n"),
                              "holds no text to import"),
}


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("case", BAD_SOURCES)
def test_a_bad_source_is_one_line_and_nothing_is_written(
        case: str, scholarly_round_trip: tuple[Path, Path], tmp_path: Path) -> None:
    make, message = BAD_SOURCES[case]
    epub = next((scholarly_round_trip[0] / "build").glob("*.epub"))
    source = make(epub, tmp_path)
    result = run("import", PANDOC_SOURCE, source, "--to", tmp_path / "book")
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith(f"error: {source}: {message}"), result.stderr
    assert sorted(path.name for path in tmp_path.iterdir()) == [source.name]


def test_a_destination_that_is_not_empty_is_refused(tmp_path: Path) -> None:
    (tmp_path / "book").mkdir()
    (tmp_path / "book" / "notes.txt").write_text("mine")
    result = run("import", PANDOC_SOURCE, "--to", tmp_path / "book")
    assert result.returncode == 1 and result.stderr.count("\n") == 1
    assert "is not empty" in result.stderr
    assert [path.name for path in (tmp_path / "book").iterdir()] == ["notes.txt"]
    assert sorted(path.name for path in tmp_path.iterdir()) == ["book"]


def test_the_imported_book_s_epub_passes_epubcheck(pandoc_project: Path, tmp_path: Path
                                                   ) -> None:
    report = run_epubcheck(next((pandoc_project / "build").glob("*.epub")).read_bytes(),
                           tmp_path)
    messages = report["messages"]
    assert isinstance(messages, list)
    assert [(message["ID"], message["message"]) for message in messages] == []


def test_several_sources_make_one_book_in_their_order(scholarly_round_trip: tuple[Path, Path],
                                                      tmp_path: Path) -> None:
    epub = next((scholarly_round_trip[0] / "build").glob("*.epub"))
    folder = tmp_path / "sources"
    folder.mkdir()
    shutil.copy(PANDOC_SOURCE, folder / PANDOC_SOURCE.name)
    PIL.Image.new("RGB", (60, 40), (0, 0, 0)).save(folder / "figure.png")
    result = run("import", folder / PANDOC_SOURCE.name, epub, "--to", tmp_path / "book")
    assert result.returncode == 0, result.stderr
    chapters = sorted(path.name for path in (tmp_path / "book" / "manuscript" / "chapters"
                                             ).glob("*.md"))
    assert chapters[0] == "01-headers-and-paragraphs.md"
    assert chapters[6:] == ["07-introduction.md", "08-the-declaration-of-independence.md",
                            "09-the-signers.md", "10-the-bill-of-rights.md"]
    metadata = yaml.safe_load((tmp_path / "book" / "manuscript" / "metadata.yaml").read_text())
    assert metadata["title"] == "A Test of Pandoc's Dialect"  # the first source's
    assert metadata["rights"].startswith("Public domain.")  # the second's, the first has none
    assert metadata["source"].startswith("The Declaration of Independence")
    log = (tmp_path / "book" / "manuscript" / "IMPORT.md").read_text("utf-8")
    assert f"**Sources:** 1. `{PANDOC_SOURCE.name}`; 2. `{epub.name}`" in log
    # the second source's own title is not the book's: logged with its words, not lost
    title = yaml.safe_load((scholarly_round_trip[0] / "manuscript" / "metadata.yaml"
                            ).read_text())["title"]
    assert [row for row in log_rows(tmp_path / "book", "Dropped")
            if row[2].startswith("its metadata field `title`") and row[3] == title]


def endnoted_epub(path: Path) -> Path:
    """An EPUB whose notes stand in a document of their own, as Standard Ebooks makes them:
    calls marked noteref, notes marked endnote, each with its backlink."""
    book = epub.EpubBook()
    book.set_identifier("urn:uuid:5d2c1e0a-7b4f-4c3e-9a8d-6f1b2c3d4e5f")
    book.set_title("Endnoted")
    book.set_language("en")
    book.add_author("Some One")
    cover = io.BytesIO()
    PIL.Image.new("RGB", (60, 90), (20, 40, 90)).save(cover, "PNG")
    book.set_cover("cover.png", cover.getvalue())  # a cover page showing the cover alone
    opening = ('<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub='
               '"http://www.idpf.org/2007/ops"><body>')
    documents = []
    for number, (title, text, notes) in enumerate([
            ("Chapter One", "A claim that needs a note.", (1, 2)),
            ("Chapter Two", "Another claim.", (3,))], 1):
        document = epub.EpubHtml(title=title, file_name=f"text/chapter-{number}.xhtml")
        calls = "".join(f' More.<a href="endnotes.xhtml#note-{note}" id="noteref-{note}" '
                        f'epub:type="noteref">{note}</a>' for note in notes)
        document.content = (f'{opening}<section epub:type="chapter"><h2>{title}</h2>'
                            f"<p>{text}{calls}</p></section></body></html>")
        documents.append(document)
    endnotes = epub.EpubHtml(title="Endnotes", file_name="text/endnotes.xhtml")
    endnotes.content = (f'{opening}<section epub:type="endnotes" role="doc-endnotes">'
                        "<h2>Endnotes</h2><ol>" + "".join(
                            f'<li id="note-{note}" epub:type="endnote"><p>Endnote {word}. '
                            f'<a href="chapter-{chapter}.xhtml#noteref-{note}" '
                            f'epub:type="backlink">↩</a></p></li>' for note, word, chapter in (
                                (1, "one", 1), (2, "two", 1), (3, "three", 2)))
                        + "</ol></section></body></html>")
    for document in (*documents, endnotes):
        book.add_item(document)
    book.toc = (*documents, endnotes)
    book.add_item(epub.EpubNcx())
    book.add_item(epub.EpubNav())
    book.spine = ["cover", "nav", *documents, endnotes]
    epub.write_epub(str(path), book)
    return path


def test_endnotes_in_a_document_of_their_own_become_each_chapter_s_notes(tmp_path: Path
                                                                        ) -> None:
    result = run("import", endnoted_epub(tmp_path / "endnoted.epub"), "--to", tmp_path / "book")
    assert result.returncode == 0, result.stderr
    chapters = tmp_path / "book" / "manuscript" / "chapters"
    assert sorted(path.name for path in chapters.glob("*.md")) == [
        "01-chapter-one.md", "02-chapter-two.md"]
    assert (chapters / "01-chapter-one.md").read_text() == (
        "# Chapter One\n\nA claim that needs a note. More.[^1] More.[^2]\n\n"
        "[^1]: Endnote one.\n\n[^2]: Endnote two.\n")
    assert (chapters / "02-chapter-two.md").read_text().endswith("[^1]: Endnote three.\n")
    dropped = {row[2]: row[3] for row in log_rows(tmp_path / "book", "Dropped")}
    assert dropped["the notes' document, its notes now beside their calls"] == "Endnotes"
    assert "the cover page (the cover alone), which the build makes again from cover-image" in (
        dropped)
    metadata = yaml.safe_load((tmp_path / "book" / "manuscript" / "metadata.yaml").read_text())
    assert metadata["cover-image"] == "images/cover.png"
    assert (tmp_path / "book" / "manuscript" / "images" / "cover.png").read_bytes().startswith(
        b"\x89PNG")
    guessed = [row[2] for row in log_rows(tmp_path / "book", "Guessed")]
    assert any(what.startswith("the book's top headings are h2") for what in guessed)


def test_the_project_writer_numbers_chapters_and_keeps_pictures_apart() -> None:
    """Two sources with a picture of the same name, different pictures: both kept, the
    second renamed where its chapter shows it; the chapters numbered through the book, a
    link between two chapters of one source following its chapter's number."""
    first = Imported(Path("a.md"), (Chapter("one", "# One\n\n![A](../images/map.png)\n"),),
                     {"title": "First", "lang": "fr"}, (Picture("map.png", b"first"),))
    second = Imported(Path("b.epub"), (
        Chapter("two", "# Two\n\n![B](../images/map.png) [on](three.md#end)\n"),
        Chapter("three", "# Three {#end}\n")), {"title": "Second", "publisher": "P"},
        (Picture("map.png", b"second"),))
    made = make_project([first, second], uuid.UUID(int=7))
    files = {str(name): data for name, data in made.files.items()}
    assert files["manuscript/images/map.png"] == b"first"
    assert files["manuscript/images/map-2.png"] == b"second"
    assert b"![B](../images/map-2.png) [on](03-three.md#end)" in files[
        "manuscript/chapters/02-two.md"]
    assert files["styles/book.css"] == STYLESHEET.encode()
    assert files[".gitignore"] == GITIGNORE.encode()
    metadata = yaml.safe_load(files["manuscript/metadata.yaml"])
    assert (metadata["title"], metadata["lang"], metadata["publisher"]) == ("First", "fr", "P")
    assert metadata["identifier"] == [{"scheme": "uuid", "text": f"urn:uuid:{uuid.UUID(int=7)}"}]
    assert metadata["creator"] == [{"text": "Unknown author", "role": "author"}]
    assert [change.what.split(":")[0] for change in made.changes] == [
        "its metadata field `title`", "no author in the sources"]  # the second's title: logged


def test_a_picture_framed_in_svg_is_a_picture_and_a_drawing_is_logged() -> None:
    html = ('<html><body><div><svg xmlns="http://www.w3.org/2000/svg" '
            'xmlns:xlink="http://www.w3.org/1999/xlink" aria-label="A map of the coast">'
            '<image xlink:href="images/map.jpg"/></svg></div>'
            '<p>A line <svg><circle r="4"/></svg> drawn.</p></body></html>')
    made = markdown_from_html(etree.fromstring(html).find("body"), "map.xhtml")
    assert made.markdown == "![A map of the coast](images/map.jpg)\n\nA line drawn.\n"
    assert made.pictures == ("images/map.jpg",)
    assert [(change.kind, change.what.split(",")[0]) for change in made.changes] == [
        (ChangeKind.FINDING, "a drawing (SVG)")]
