"""`publish import` of a Word file (tests/imports/word_file.py: headings, a footnote and an
endnote, a table, a picture with alt text, a quotation, lists, Word's invisible characters),
built, and read back: every word of the document is in every edition; its structure is the
EPUB's; Word's leftovers are cleaned and logged; its properties are the book's metadata; an
encrypted, damaged or mislabelled file is refused in one line."""

from __future__ import annotations

import re
import zipfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pypandoc
import pytest
import yaml
from imports.editions import edition_words, manuscript_text, publish, rows, words
from imports.word_file import (
    ALT,
    BODY,
    COMMENT,
    DELETED,
    ENDNOTE,
    FOOTNOTE,
    HEADER,
    TITLE,
    write_word_file,
)
from lxml import etree

from publish.imports.word import read_docx

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
INVISIBLE = re.compile("[\u00ad\u200b\ufeff]")  # characters inside words, not between them


@dataclass(frozen=True)
class Imported:
    document: Path
    project: Path
    log: str  # IMPORT.md
    text: str  # the chapters' Markdown


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> Imported:
    """The Word file imported with the command, then built."""
    document = write_word_file(tmp_path_factory.mktemp("word"))
    project = tmp_path_factory.mktemp("docx") / "book"
    made = publish("import", str(document), "--to", str(project), cwd=document.parent)
    assert made.returncode == 0, made.stderr
    built = publish("build", cwd=project)
    assert built.returncode == 0, built.stderr
    return Imported(document, project,
                    (project / "manuscript" / "IMPORT.md").read_text("utf-8"),
                    manuscript_text(project))


def document_words(document: Path) -> Counter[str]:
    """The words of the document's text, its notes' and its table's, read from its XML."""
    with zipfile.ZipFile(document) as archive:
        parts = [etree.fromstring(archive.read(f"word/{part}.xml"))
                 for part in ("document", "footnotes", "endnotes")]
    text = " ".join(run.text or "" for part in parts for run in part.iter(f"{W}t"))
    return Counter(words(INVISIBLE.sub("", text)))


def test_every_word_of_the_document_is_in_every_edition(imported: Imported) -> None:
    source = document_words(imported.document)
    assert sum(source.values()) > 150 and source["footnote"] == 0
    # Nothing of the text is dropped: only what is not the text, each with its words.
    assert [row[2:] for row in rows(imported.log, "Dropped")] == [
        ["a reviewer's comment, not the document's text", COMMENT],
        ["a page header (the book sets its own running heads)", HEADER],
        ["a tracked deletion (change tracking's; the text is read with every change "
         "accepted)", DELETED]]
    assert HEADER not in imported.text and COMMENT not in imported.text
    assert DELETED not in imported.text and "in the spring of 1879." in imported.text
    for edition, found in edition_words(imported.project / "build").items():
        missing = source - found
        assert not missing, f"{edition} lacks {sorted(missing)}"


def epub_documents(project: Path) -> list[etree._Element]:
    epub = next((project / "build").glob("*.epub"))
    with zipfile.ZipFile(epub) as archive:
        return [etree.fromstring(archive.read(name)) for name in sorted(archive.namelist())
                if name.endswith(".xhtml")]


def test_the_documents_structure_is_the_epubs(imported: Imported) -> None:
    chapters = sorted(path.name for path in
                      (imported.project / "manuscript" / "chapters").glob("*.md"))
    assert chapters == ["01-the-shop.md", "02-the-customers.md"]
    xhtml = "{http://www.w3.org/1999/xhtml}"
    found: dict[str, list[str]] = {}
    for document in epub_documents(imported.project):
        for element in document.iter(f"{xhtml}*"):
            name = etree.QName(element).localname
            found.setdefault(name, []).append(" ".join("".join(element.itertext()).split()))
    assert {"The shop", "The customers"} <= set(found["h1"])
    assert "narrow" in found["em"] and "three" in found["strong"]
    assert any(quote.startswith("A printer who waits") for quote in found["blockquote"])
    assert found["th"][:3] == ["Work", "Copies", "Price"] and "Auction bill" in found["td"]
    assert "the small letters in the lower case" in found["li"]
    assert "Pull a proof and correct it." in found["li"]
    images = [image for document in epub_documents(imported.project)
              for image in document.iter(f"{xhtml}img") if image.get("alt") == ALT]
    assert len(images) == 1
    # the footnote and the endnote: each its chapter's note 1
    assert f"[^1]: {FOOTNOTE}" in imported.text and f"[^1]: {ENDNOTE}" in imported.text
    assert "asked of him.[^1]" in imported.text and "in firewood.[^1]" in imported.text


def test_the_picture_is_carried_as_word_holds_it(imported: Imported) -> None:
    with zipfile.ZipFile(imported.document) as archive:
        original = archive.read("word/media/image1.png")
    picture = imported.project / "manuscript" / "images" / "picture-1.png"
    assert picture.read_bytes() == original
    assert f"![{ALT}](../images/picture-1.png)" in imported.text


def test_words_invisible_characters_are_cleaned_and_logged(imported: Imported) -> None:
    assert not INVISIBLE.search(imported.text) and "\u00a0" not in imported.text
    assert "the parish magazine every month" in imported.text
    assert "nothing, and a second proof" in imported.text
    repaired = {row[2].split(" removed")[0]: row[3] for row in rows(imported.log, "Repaired")
                if " removed" in row[2]}
    assert repaired["a soft hyphen"] == "the parish maga[soft hyphen]zine every month."
    assert "[zero-width space]" not in repaired["a zero-width space, a run of no-break spaces"]
    assert "a bookmark" in repaired and repaired["a bookmark"] == "_Ref482"
    assert all(re.match(r"country-printer\.docx, paragraph \d+$", row[1])
               for row in rows(imported.log, "Repaired"))


def test_a_hyphen_for_a_dash_is_mended_as_on_a_web_page(imported: Imported) -> None:
    assert "paid in coin -- some paid in eggs" in imported.text
    assert any("hyphen typed for a dash" in row[2] and row[3] == "paid in coin - some paid in"
               for row in rows(imported.log, "Repaired"))


def test_a_style_mammoth_does_not_know_is_logged(imported: Imported) -> None:
    assert any("Fancy Body" in row[2] for row in rows(imported.log, "Guessed"))
    assert "The auctioneer was the best of them" in imported.text


def test_the_files_properties_are_the_books_metadata(imported: Imported) -> None:
    metadata = yaml.safe_load((imported.project / "manuscript" / "metadata.yaml").read_text())
    assert metadata["title"] == TITLE
    assert metadata["creator"] == [{"text": "Owen Ferrier", "role": "author"}]
    assert metadata["date"] == "2024-03-02"
    assert metadata["subject"] == ["Printing history"]
    assert metadata["description"] == "A country printer's shop, its work and its customers."
    assert metadata["lang"] == "en-GB"
    assert TITLE not in imported.text  # the Title paragraph is the title page's, not a heading


def test_a_document_without_headings_is_one_chapter_headed_by_its_title(
        tmp_path: Path) -> None:
    plain = tuple((style, runs) for style, runs in BODY if not style.startswith("Heading"))
    [chapter] = read_docx(write_word_file(tmp_path, plain)).chapters
    assert chapter.slug == "notes-on-a-country-printer"
    assert chapter.markdown.startswith(f"# {TITLE}\n\nThe printer kept his shop")


def test_a_documents_highest_headings_are_its_chapters(tmp_path: Path) -> None:
    lower = tuple(("Heading2" if style == "Heading1" else style, runs) for style, runs in BODY)
    read = read_docx(write_word_file(tmp_path, lower))
    assert [chapter.slug for chapter in read.chapters] == ["the-shop", "the-customers"]
    assert read.chapters[1].markdown.startswith("# The customers\n")
    assert any("highest headings (h2)" in change.what for change in read.changes)


def test_a_word_file_pandoc_wrote_is_read_as_its_markdown_says(tmp_path: Path) -> None:
    """A DOCX from another writer than the tests' own: pandoc's (its body-text styles, a
    bookmark on each heading, footnotes, a table), read back chapter by chapter."""
    markdown = tmp_path / "pamphlet.md"
    markdown.write_text(
        "# The Programme of the Unidad Popular and the Dynamic of the Mass Mobilisation\n\n"
        "The first paragraph, in *Word's* First Paragraph style.[^1]\n\n"
        "The second, in Body Text.\n\n| Year | Strikes |\n|------|--------:|\n"
        "| 1972 | 3,289 |\n\n# Lessons\n\nThe last chapter's words.\n\n"
        "[^1]: A footnote, in pandoc's Footnote Text style.\n", encoding="utf-8")
    document = tmp_path / "pamphlet.docx"
    pypandoc.convert_file(str(markdown), "docx", outputfile=str(document))
    read = read_docx(document)
    assert [chapter.slug for chapter in read.chapters] == [
        "the-programme-of-the-unidad-popular-and-the-dynamic-of-the", "lessons"]
    first = read.chapters[0].markdown
    assert "in *Word’s* First Paragraph style.[^1]" in first or (
        "in *Word's* First Paragraph style.[^1]" in first)
    assert "[^1]: A footnote, in pandoc's Footnote Text style." in first.replace("’", "'")
    assert "| 1972 | 3,289 |" in first
    assert not [change for change in read.changes if "Unrecognised" in change.what]


def damaged(document: Path) -> bytes:
    """The Word file with a byte of its text changed inside the archive: its checksum fails."""
    data = bytearray(document.read_bytes())
    at = data.index(b"house behind the market")
    data[at] ^= 0x20
    return bytes(data)


def without_xml(document: Path) -> bytes:
    """A zip archive with a word/document.xml that is not XML."""
    target = document.with_name("broken.docx")
    with zipfile.ZipFile(document) as archive, zipfile.ZipFile(target, "w") as broken:
        for name in archive.namelist():
            data = archive.read(name)
            broken.writestr(name, data[: len(data) // 2] if name == "word/document.xml" else data)
    return target.read_bytes()


REFUSED = {
    "encrypted": (lambda _: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504), "encrypted"),
    "truncated": (lambda document: document.read_bytes()[:900], "damaged"),
    "checksum": (damaged, "damaged"),
    "not-xml": (without_xml, "damaged"),
    "text": (lambda _: b"Some words typed into a file named .docx\n", "not a word file"),
}


@pytest.mark.parametrize("case", list(REFUSED))
def test_a_bad_word_file_is_refused_in_one_line(imported: Imported, tmp_path: Path,
                                                case: str) -> None:
    make, said = REFUSED[case]
    source = tmp_path / f"{case}.docx"
    source.write_bytes(make(imported.document))
    result = publish("import", str(source), "--to", str(tmp_path / "book"), cwd=tmp_path)
    assert result.returncode == 1
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert source.name in result.stderr and said in result.stderr.lower()
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "book").exists()
