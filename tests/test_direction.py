"""Each paragraph and note in its own direction (book/typography.py's last step), read back
from the built books of tests/manuscripts/bidi-rtl (Hebrew, with English paragraphs and notes)
and bidi-ltr (English, with a Hebrew quotation, an Arabic paragraph and Hebrew and Arabic
notes), where no author marked a block's language or direction but two notes that open with
a word in the other script: the EPUB's XHTML as lxml reads it, the print PDF's glyphs where
pdfplumber finds them; EPUBCheck, Ace and `publish check` find nothing.
"""

from __future__ import annotations

import re
import statistics
import subprocess
import sys
import unicodedata
import zipfile
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from conftest import BIDI_BOOKS, ROOT, load
from lxml import etree
from test_epub import assert_ace_passes, run_ace, run_epubcheck

from publish.book.figures import mark_figures
from publish.book.parse import Parser

BOOKS = ROOT / "tests" / "manuscripts"


def built_file(project: Path, suffix: str) -> Path:
    """The built EPUB, or the print interior (".pdf", not the cover)."""
    (found,) = [path for path in (project / "build").iterdir()
                if path.name.endswith(suffix) and not path.name.endswith("-cover.pdf")]
    return found


def unpointed(text: str, words: int = 2) -> str:
    """The first words of a text without their points and accents (combining marks)."""
    return " ".join("".join(character for character in word
                            if not unicodedata.combining(character))
                    for word in text.split()[:words])


def directed(project: Path) -> set[tuple[str, str, str, str]]:
    """Every element of the EPUB's chapter documents that has a dir of its own, as (the
    document's number, tag, dir, its first two words unpointed)."""
    found = set()
    with zipfile.ZipFile(built_file(project, ".epub")) as archive:
        for name in archive.namelist():
            number = re.search(r"/(\d{3})-[^/]*\.xhtml$", name)
            if number is None:
                continue
            for element in etree.fromstring(archive.read(name)).iter():
                tag = etree.QName(element).localname
                if element.get("dir") and tag != "html":
                    found.add((number[1], tag, element.get("dir", ""),
                               unpointed("".join(str(text) for text in element.itertext()))))
    return found


def html_dirs(project: Path) -> set[str | None]:
    with zipfile.ZipFile(built_file(project, ".epub")) as archive:
        return {etree.fromstring(archive.read(name)).get("dir") for name in archive.namelist()
                if re.search(r"/\d{3}-[^/]*\.xhtml$", name)}


def test_an_attribute_list_on_a_notes_last_paragraph_is_read() -> None:
    """Python-Markdown's link back to the call, which closes a note's last paragraph, no
    longer hides the attribute list on its last line (parse.NoteBacklinks)."""
    parsed = Parser("en-GB").parse('Text.[^a]\n\n[^a]: שָׁלוֹם, "peace".\n    {: dir="ltr"}\n')
    (paragraph,) = parsed.findall(".//li/p")
    assert paragraph.get("dir") == "ltr" and paragraph.text == "שָׁלוֹם, “peace”."
    assert not parsed.findall(".//a[@class='footnote-backref']")


def test_a_caption_keeps_the_direction_of_what_it_was_made_from() -> None:
    """A figure's caption from the image's title or from a `{: .caption}` paragraph, and a
    table's from pandoc's `Table:` paragraph, read as their text does (book/figures.py)."""
    text = ('![A map](map.png "מפת הארץ")\n\n![A map](map.png)\n\nמפה שנייה\n{: .caption}\n\n'
            "| a | b |\n|---|---|\n| 1 | 2 |\n\nTable: טבלה\n")
    root = Parser("en-GB").parse(text)
    mark_figures(root, "ltr")
    assert [(caption.tag, caption.get("dir")) for caption in root.iter("figcaption", "caption")
            ] == [("figcaption", "rtl"), ("figcaption", "rtl"), ("caption", "rtl")]
    hebrew = Parser("he", direction="rtl").parse(text.replace("מפת הארץ", "A map"))
    mark_figures(hebrew, "rtl")  # "Table:", an English word, makes no caption English
    assert [(caption.tag, caption.get("dir")) for caption in hebrew.iter("figcaption", "caption")
            ] == [("figcaption", "ltr"), ("figcaption", None), ("caption", None)]


def test_the_book_gives_each_note_and_heading_its_direction() -> None:
    """The Book every edition reads: the notes in the other direction than the book's, and
    the English title of the Hebrew book's colophon, carry theirs."""
    hebrew, _ = load(BOOKS / "bidi-rtl")
    assert hebrew.metadata.dir == "rtl"  # from its lang: the metadata says no dir
    assert [note.dir for chapter in hebrew.chapters for note in chapter.notes] == [
        "ltr", "ltr", "ltr"]
    assert [chapter.title and chapter.title.dir for chapter in hebrew.chapters] == [None, "ltr"]
    english, _ = load(BOOKS / "bidi-ltr")
    assert [note.dir for chapter in english.chapters for note in chapter.notes] == [
        "rtl", "rtl", "rtl", None]  # the fourth, English, opens with a Hebrew word: dir="ltr"


def test_the_epub_sets_dir_on_the_blocks_and_notes_in_the_other_direction(
        bidi_built: dict[str, Path]) -> None:
    """In the Hebrew book, the English paragraphs, the English colophon's title and the notes
    (as wholes: their <aside>s) say ltr, the Hebrew paragraph inside an English note rtl; the
    author's dir="ltr" on a note opening with a Hebrew word is kept. In the English book the
    Hebrew quotation, the Arabic paragraph and the Hebrew and Arabic notes say rtl, the English
    paragraph inside a Hebrew note ltr. A note's paragraphs say its direction too: a reading
    system may pop the note up without its <aside>. No other block says anything: it reads as
    its book."""
    assert html_dirs(bidi_built["bidi-rtl"]) == {"rtl"}
    assert directed(bidi_built["bidi-rtl"]) == {
        ("001", "p", "ltr", "Thus the"),
        ("001", "aside", "ltr", "1 The"),
        ("001", "p", "ltr", "1 The"),
        ("001", "aside", "ltr", "2 ויכל,"),
        ("001", "p", "ltr", "2 ויכל,"),  # the author's, on the note's paragraph
        ("001", "aside", "ltr", "3 The"),
        ("001", "p", "ltr", "3 The"),
        ("001", "p", "rtl", "וישבת, שבת"),
        ("002", "h1", "ltr", "About this"),
        ("002", "p", "ltr", "The Hebrew"),
    }
    assert html_dirs(bidi_built["bidi-ltr"]) == {None}
    assert directed(bidi_built["bidi-ltr"]) == {
        ("001", "blockquote", "rtl", "בראשית ברא"),
        ("001", "p", "rtl", "في البدء"),
        ("001", "aside", "rtl", "1 בראשית:"),
        ("001", "p", "rtl", "1 בראשית:"),
        ("001", "aside", "rtl", "2 במקור:"),
        ("001", "p", "rtl", "2 במקור:"),
        ("001", "p", "ltr", "Tohu and"),
        ("001", "aside", "rtl", "3 في"),
        ("001", "p", "rtl", "3 في"),
        ("001", "p", "ltr", "4 יום,"),  # the author's: an English note
    }


def page_lines(project: Path, words: str) -> tuple[list[dict[str, Any]], float, float]:
    """The lines (pdfplumber's, each with its characters from left to right) of the print page
    whose text holds `words`, and the left and right edges of its text block: where most of
    its lines begin and end (a Hebrew letter's points may stand out of the measure)."""
    with pdfplumber.open(built_file(project, ".pdf")) as pdf:
        page = next(page for page in pdf.pages if words in (page.extract_text() or ""))
        lines = page.extract_text_lines(return_chars=True, strip=True)
    return (lines, statistics.mode(round(line["x0"], 1) for line in lines),
            statistics.mode(round(line["x1"], 1) for line in lines))


def leftmost(line: dict[str, Any]) -> str:
    return str(min(line["chars"], key=lambda char: char["x0"])["text"])


def rightmost(line: dict[str, Any]) -> str:
    return str(max(line["chars"], key=lambda char: char["x1"])["text"])


def test_an_english_note_in_a_hebrew_book_prints_left_to_right(
        bidi_built: dict[str, Path]) -> None:
    """Its number at the left end of its first line, the left edge of the text, and the words
    after it in their order; its closing full stop at the right end of its last line, which
    begins at the left edge. So is the English paragraph set."""
    lines, left, right = page_lines(bidi_built["bidi-rtl"], "The heavens and the earth")
    first = next(index for index, line in enumerate(lines)
                 if line["text"].startswith("1. The heavens and the earth were"))
    assert leftmost(lines[first]) == "1" and lines[first]["x0"] == pytest.approx(left, abs=1)
    last = lines[first + 1]
    assert last["text"].endswith("on the eve of every Sabbath.") and rightmost(last) == "."
    assert last["x0"] == pytest.approx(left, abs=1) and last["x1"] < right - 10
    paragraph = next(index for index, line in enumerate(lines)
                     if line["text"].startswith("Thus the heavens"))
    assert lines[paragraph]["x0"] > left + 5  # its first line's indent, at the left
    end = lines[paragraph + 5]  # "(Genesis 2:1–3, King James / Version.)", flush left
    assert end["text"] == "Version.)" and end["x0"] == pytest.approx(left, abs=1)


def test_a_hebrew_note_in_an_english_book_prints_right_to_left(
        bidi_built: dict[str, Path]) -> None:
    """Its number at the right end of its line, the right edge of the text; its closing full
    stop, and the verse number and parenthesis before it, at the left end. So is the Arabic
    paragraph set: from the right edge, its full stop at its left end."""
    lines, left, right = page_lines(bidi_built["bidi-ltr"], "In the beginning")
    sizes = sorted({round(line["chars"][0]["size"], 1) for line in lines})
    notes = [line for line in lines if round(line["chars"][0]["size"], 1) == sizes[0]]
    hebrew = [line for line in notes if any("\u05d0" <= str(char["text"]) <= "\u05ea"
                                            for char in line["chars"])]
    first, second = hebrew[0], hebrew[1]
    assert rightmost(first) == "1" and first["x1"] == pytest.approx(right, abs=1)
    assert leftmost(first) == "." and first["x0"] > left + 10
    assert rightmost(second) == "2" and leftmost(second) == "."
    english = next(line for line in notes if line["text"].startswith("4. "))  # its dir="ltr"
    assert english["x0"] == pytest.approx(left, abs=1)
    assert "2" in [str(char["text"]) for char in sorted(second["chars"],
                                                        key=lambda char: char["x0"])[:4]]
    with pdfplumber.open(built_file(bidi_built["bidi-ltr"], ".pdf")) as pdf:
        page = next(page for page in pdf.pages if "In the beginning" in (page.extract_text()
                                                                          or ""))
        arabic = [char for char in page.chars if "\u0621" <= char["text"] <= "\u064a"
                  and char["size"] > 9]
        top, bottom = min(char["top"] for char in arabic), max(char["bottom"] for char in arabic)
        stops = [char for char in page.chars if char["text"] == "."
                 and top < (char["top"] + char["bottom"]) / 2 < bottom]
    assert max(char["x1"] for char in arabic) == pytest.approx(right, abs=1)
    assert len(stops) == 1 and stops[0]["x1"] <= min(char["x0"] for char in arabic)


def test_the_readmes_example_is_the_test_books() -> None:
    """The guide's example of a note that says its direction is one bidi-ltr prints."""
    guide = (ROOT / "docs" / "languages.md").read_text("utf-8")
    example = re.search(r"```markdown\n(\[\^day\]: .*?)```", guide, re.DOTALL)
    assert example is not None
    chapter = BOOKS / "bidi-ltr" / "manuscript" / "chapters" / "01-the-first-day.md"
    assert example[1] in chapter.read_text("utf-8")


@pytest.mark.parametrize("name", BIDI_BOOKS)
def test_check_epubcheck_and_ace_find_nothing(bidi_built: dict[str, Path], name: str,
                                              tmp_path: Path) -> None:
    check = subprocess.run([sys.executable, "-m", "publish", "check"], cwd=bidi_built[name],
                           capture_output=True, text=True, timeout=900, check=False)
    assert check.returncode == 0, check.stdout + check.stderr
    data = built_file(bidi_built[name], ".epub").read_bytes()
    report = run_epubcheck(data, tmp_path)
    checker = report["checker"]
    assert isinstance(checker, dict)
    assert (checker["nFatal"], checker["nError"], checker["nWarning"]) == (0, 0, 0), [
        (message["ID"], message["message"]) for message in report["messages"]]  # type: ignore
    assert_ace_passes(run_ace(data, tmp_path))
