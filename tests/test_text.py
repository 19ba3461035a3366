"""The plain-text edition: a clean UTF-8 file of at most 72 columns carrying every word of the Book.

The checks read the Book's XHTML on their own (lxml, not the renderer's helpers) and compare
its text, notes and characters with the file, so a dropped paragraph or note, a lost quote
mark or an over-long line fails here.
"""

from __future__ import annotations

import dataclasses
import re
import subprocess
import unicodedata
from collections.abc import Iterator

import pytest
from lxml import etree

from publish.book.imprint import byline
from publish.book.model import Book, Chapter
from publish.checks.read_back import TextMarks
from publish.editions.text import utf8 as text
from publish.settings import Settings
from publish.source.styles import Styles

MAX_COLUMNS = 72
NOTE_MARKER = re.compile(r"\[(\d+)\]")
NOTE_LINE = re.compile(r"^\[\d+\] ", re.MULTILINE)
LINK_TARGET = re.compile(r"\s?<(?:https?|mailto):[^>\s]*>")
TYPOGRAPHIC = "\u2018\u2019\u201c\u201d\u2013\u2014\u2026\u00a0"  # curly quotes, dashes, nbsp
BOOKS = ["chile", "sampler"]
# A line may run over only when it holds one token that cannot be broken (a URL), after its
# indentation and a note or list label.
UNBREAKABLE = re.compile(r"^ *(?:\[\d+\] |- |\d+\. )?\S+$")


def rendered(book: Book, styles: Styles, settings: Settings) -> str:
    return text.render(book, styles, settings, None).decode("utf-8", errors="strict")


@pytest.fixture(params=BOOKS)
def edition(request: pytest.FixtureRequest, settings: Settings) -> tuple[Book, Styles, str]:
    book, styles = request.getfixturevalue(request.param)
    return book, styles, rendered(book, styles, settings)


def normalise(value: str) -> str:
    """Text with white space collapsed and the edition's marks removed, for comparison."""
    value = unicodedata.normalize("NFC", value)
    value = LINK_TARGET.sub("", NOTE_MARKER.sub("", value))
    value = value.replace("_", "").replace("*", "")
    return " ".join(value.split()).casefold()


def text_of(element: etree._Element, *, stop_at_blocks: bool = False) -> str:
    """An element's words, without note references (and without nested blocks if asked)."""
    parts = [element.text or ""]
    for child in element:
        if not isinstance(child.tag, str):
            parts.append(child.tail or "")
            continue
        if stop_at_blocks and child.tag in {"ul", "ol", "p", "blockquote", "table", "div"}:
            break
        if child.tag == "br":
            parts.append(" ")  # a line break is a space between words
        elif not (child.tag == "a" and child.get("class") == "noteref"):
            parts.append("[Illustration: " + child.get("alt", "") + "]" if child.tag == "img"
                         else text_of(child))
        parts.append(child.tail or "")
    return "".join(parts)


def passages(chapter: Chapter) -> Iterator[str]:
    """Every paragraph, list item, cell, heading and note of a chapter, as the Book has it."""
    yield chapter.title.text
    trees = [chapter.tree()] + [etree.fromstring(f"<div>{note.html}</div>")
                                for note in chapter.notes]
    for tree in trees:
        for element in tree.iter():
            if element.tag in {"p", "td", "th", "h2", "h3", "h4", "h5", "h6", "dt", "pre"}:
                yield text_of(element)
            elif element.tag == "li":
                yield text_of(element, stop_at_blocks=True)


def test_is_clean_utf8_text(edition: tuple[Book, Styles, str], settings: Settings) -> None:
    book, styles, txt = edition
    data = text.render(book, styles, settings, None)
    assert not data.startswith(b"\xef\xbb\xbf")
    assert b"\r" not in data and b"\t" not in data
    assert data.endswith(b"\n") and not data.endswith(b"\n\n")
    assert unicodedata.is_normalized("NFC", txt)
    # an independent decoder agrees: iconv refuses any byte sequence that is not UTF-8
    check = subprocess.run(["iconv", "-f", "UTF-8", "-t", "UTF-8"], input=data,
                           capture_output=True, check=False)
    assert check.returncode == 0 and check.stdout == data, check.stderr
    assert all(unicodedata.category(char) != "Cc" or char == "\n" for char in txt)


def test_lines_fit_72_columns(edition: tuple[Book, Styles, str]) -> None:
    _, _, txt = edition
    lines = txt.split("\n")
    assert not [line for line in lines if line != line.rstrip()], "trailing white space"
    too_long = [line for line in lines
                if len(line) > MAX_COLUMNS and not UNBREAKABLE.match(line)]
    assert not too_long


def test_header_carries_the_metadata(edition: tuple[Book, Styles, str]) -> None:
    book, _, txt = edition
    metadata = book.metadata
    head = normalise(txt.split("\nCONTENTS\n")[0])
    assert txt.startswith(metadata.title.upper() + "\n")
    for expected in (byline(metadata), metadata.rights or "", f"language: {metadata.lang}",
                     "plain-text edition"):
        assert normalise(expected) in head, expected
    for identifier in metadata.identifiers:  # a UUID tells a reader nothing: not printed
        assert (normalise(identifier.value) in head) == (identifier.scheme != "uuid")
    if metadata.source:
        assert normalise(metadata.source) in head


def test_contents_lists_every_chapter_indented(edition: tuple[Book, Styles, str]) -> None:
    book, _, txt = edition
    contents = txt.split("\nCONTENTS\n")[1].split("\n\n\n\n")[0]
    entries = [line for line in contents.split("\n") if line.strip()]
    assert all(line.startswith("    ") for line in entries)
    for chapter in book.chapters:
        assert normalise(chapter.title.text) in normalise(contents)


def without_destinations(book: Book, txt: str) -> str:
    """The text without where its links within the book lead ("(see “Appendix”)")."""
    return re.sub(r"\s?" + TextMarks.of(book).leads_to.pattern, "", txt)


def test_every_passage_of_the_book_is_in_the_text(edition: tuple[Book, Styles, str]) -> None:
    book, _, txt = edition
    flat = normalise(without_destinations(book, txt))
    missing = [passage for chapter in book.chapters for passage in passages(chapter)
               if normalise(passage) not in flat]
    assert not missing


def test_notes_and_references_are_all_there(edition: tuple[Book, Styles, str]) -> None:
    book, _, txt = edition
    notes = sum(len(chapter.notes) for chapter in book.chapters)
    references = sum(len(note.ref_ids) for chapter in book.chapters for note in chapter.notes)
    assert len(NOTE_LINE.findall(txt)) == notes
    assert len(NOTE_MARKER.findall(txt)) == notes + references
    sections = txt.split("\n" * 5)[2:-1]  # header, contents, the chapters, colophon
    assert len(sections) == len(book.chapters)
    for chapter, section in zip(book.chapters, sections, strict=True):
        assert section.startswith(chapter.title.text.upper().split()[0])
        numbers = [int(label[1:-2]) for label in NOTE_LINE.findall(section)]
        assert numbers == [note.number for note in chapter.notes]  # as the other editions


def test_typographic_characters_survive(edition: tuple[Book, Styles, str]) -> None:
    """The chapters of the text carry exactly the quotes, dashes and no-break spaces of the Book."""
    book, _, txt = edition
    body = "".join(passage for chapter in book.chapters for passage in passages(chapter))
    chapters = "".join(without_destinations(book, txt).split("\n" * 5)[2:-1])
    assert "\u2019" in body
    for char in TYPOGRAPHIC + "'\"":
        assert chapters.count(char) == body.count(char), repr(char)
    assert not re.search("['\"]", LINK_TARGET.sub("", txt))


def test_is_deterministic(edition: tuple[Book, Styles, str], settings: Settings) -> None:
    book, styles, txt = edition
    assert rendered(book, styles, settings) == txt


def test_ends_with_a_colophon(edition: tuple[Book, Styles, str]) -> None:
    _, _, txt = edition
    colophon = txt.rsplit("\nCOLOPHON\n", 1)[1]
    assert "Produced by publish from the canonical manuscript." in colophon
    assert "[N] a note" in colophon.replace("\n", " ")
    assert "urn:uuid" not in colophon


# --- The sampler's markup, one feature at a time ------------------------------------------------

@pytest.fixture
def sampler_text(sampler: tuple[Book, Styles], settings: Settings) -> str:
    return rendered(*sampler, settings)


def test_headings_follow_the_pg_spacing(sampler_text: str) -> None:
    assert "\n\n\n\n\nTHE COMPOSING ROOM\n\n\nThe composing room" in sampler_text
    assert "Miss.\u201d[2]\n\n\nThe Compositor\u2019s Day\n\nThe day began" in sampler_text
    assert "\n\n\nHabits of _Good_ Setting\n\n" in sampler_text


def test_emphasis_and_foreign_phrases_are_marked(sampler_text: str) -> None:
    assert "_tout à fait perdu_" in sampler_text
    assert "the _Book of Common Prayer_." in sampler_text


def test_poem_keeps_its_lines_and_indentation(sampler_text: str) -> None:
    lines = sampler_text.split("\n")
    first = lines.index("    The stick is full, the line is tight,")
    assert lines[first:first + 5] == [
        "    The stick is full, the line is tight,",
        "        the quoins are turned to hold;",
        "    And all the letters of the night",
        "        are waiting to be told.",
        "",
    ]


def test_quotation_is_indented_and_wrapped(sampler_text: str) -> None:
    lines = sampler_text.split("\n")
    start = next(index for index, line in enumerate(lines) if "quietest busy place" in line)
    quoted = lines[start:start + 3]
    assert all(line.startswith("    ") and not line.startswith("     ") for line in quoted)


def test_nested_lists_hang(sampler_text: str) -> None:
    assert ("  2. Mark the copy for anything out of the ordinary:\n"
            "       - foreign words, which were checked against the dictionary;\n") in sampler_text
    assert ("       - quotations of more than three lines, which were to be set\n"
            "         apart.\n") in sampler_text
    assert "       1. first for sense, by the compositor;\n" in sampler_text
    assert "  - Space evenly" in sampler_text


def test_table_is_aligned(sampler_text: str) -> None:
    lines = sampler_text.split("\n")
    header = lines.index("Name          Points  Typical use")
    assert lines[header + 1].startswith("------------  ------  ---")
    assert lines[header + 2] == "Nonpareil          6  Footnotes in catalogues"
    assert lines[header + 5] == "Pica              12  Books and letters"


def test_wide_table_becomes_a_list_of_rows(sampler: tuple[Book, Styles],
                                           settings: Settings) -> None:
    book, styles = sampler
    wide = "x" * 30
    body = ("<table><thead><tr><th>Term</th><th>Meaning</th></tr></thead><tbody>"
            f"<tr><td>Quoin</td><td>{'a wedge that locks the type in its chase ' * 2}</td></tr>"
            f"<tr><td>{wide}</td><td>{wide}</td></tr></tbody></table>")
    chapter = dataclasses.replace(book.chapters[0], body=body, notes=())
    txt = rendered(dataclasses.replace(book, chapters=(chapter,)), styles, settings)
    assert "Term: Quoin\nMeaning: a wedge that locks the type in its chase a wedge that" in txt
    assert f"Term: {wide}\nMeaning: {wide}\n" in txt
    assert max(len(line) for line in txt.split("\n")) <= MAX_COLUMNS


def test_scene_break_image_and_links(sampler_text: str) -> None:
    lines = sampler_text.split("\n")
    stars = "*       *       *"
    assert " " * ((MAX_COLUMNS - len(stars)) // 2) + stars in lines
    assert "[Illustration: A diagram of a pair of type cases," in sampler_text
    assert "the Tollgate Press archive\n<https://example.org/tollgate/archive>." in sampler_text
    assert "https://example.org/tollgate/measures," in sampler_text  # its own text: no <url>
    assert "see Habits of Good\nSetting in the first chapter" in sampler_text  # internal: text


def test_leading_apostrophes(sampler_text: str) -> None:
    assert "\u2019Tis an old saying" in sampler_text
    assert "between 1952 and \u201973:" in sampler_text


def test_note_cited_twice_is_printed_once(sampler_text: str) -> None:
    chapter = sampler_text.split("\nTHE COMPOSING ROOM\n")[1].split("\n\n\n\n")[0]
    body, notes = chapter.split("\nNotes\n")
    assert body.count("[2]") == 2 and notes.count("[2] ") == 1
    assert "\n[2] The words _upper case_ and _lower case_ come from this arrangement,\n    and" in (
        notes)


def test_awkward_markup_stays_within_the_measure(sampler: tuple[Book, Styles],
                                                 settings: Settings) -> None:
    """A long URL, a list in a quotation, verse in a div, code with a tab: all kept tidy."""
    book, styles = sampler
    url = "https://example.org/" + "a" * 80
    words = "a list item in a quotation long enough to need a second line " * 2
    body = (f'<p>See <a href="{url}">the long address</a> for more.</p>'
            f"<blockquote><ul><li>{words}</li></ul></blockquote>"
            '<div class="poem"><p>Line one<br/>\n\u2003line two</p></div>'
            "<pre>code\tline</pre><p>After.</p>")
    chapter = dataclasses.replace(book.chapters[0], body=body, notes=())
    txt = rendered(dataclasses.replace(book, chapters=(chapter,)), styles, settings)
    lines = txt.split("\n")
    assert f"<{url}>" in lines
    assert not [line for line in lines if len(line) > MAX_COLUMNS and not UNBREAKABLE.match(line)]
    start = next(index for index, line in enumerate(lines) if "a list item" in line)
    assert lines[start].startswith("      - a list item") and lines[start + 1].startswith(" " * 8)
    assert "    Line one\n      line two\n" in txt
    assert "\n    code    line\n" in txt and "\t" not in txt
