"""The print PDF read back as `publish check` reads it: glyphs (pdf_glyphs.py) put on lines
(pdf_lines.py), the lines read as a body and notes (pdf_text.py).

The readers are tested on synthetic glyphs and lines where a layout to make them is not at
hand (a note continued on the next page, two calls side by side), and on a built PDF changed
with pikepdf where the file is what matters (a font encoded by a CMap the file embeds).
"""

from __future__ import annotations

import io
import re
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pdfplumber
import pikepdf
import pytest

from publish.book.make import make_book
from publish.book.model import Book
from publish.checks.built import Built
from publish.checks.parity import check_parity
from publish.checks.pdf_glyphs import Glyph
from publish.checks.pdf_lines import PdfLine, page_lines
from publish.checks.pdf_pages import read_pages
from publish.checks.pdf_text import (
    continuation,
    dehyphenated,
    inset,
    page_notes,
    pdf_text,
    without_furniture,
)
from publish.checks.read_back import TXT_NOTE_START
from publish.checks.words import manuscript_text, token_key, words
from publish.layout.typeset import typeset_book
from publish.project import Project
from publish.settings import Settings
from publish.source.manuscript import read_manuscript
from publish.source.styles import Styles

SIZE = 11.0


def set_line(*runs: tuple[str, str], baseline: float = 500.0, x: float = 72.0) -> list[Glyph]:
    """Glyphs of one line: runs of (text, how) where how is "text" (figures half an em wide,
    letters so too), "call" (superior figures and their comma: a third of an em) or "space"."""
    glyphs = []
    for text, how in runs:
        for character in text:
            width = SIZE * {"text": 0.5, "call": 0.3, "space": 0.25}[how]
            glyphs.append(Glyph(character, x, x + width, baseline - 3, baseline - 3 + SIZE,
                                baseline, SIZE))
            x += width
    return glyphs


def test_two_calls_side_by_side_leave_their_comma_out() -> None:
    """"Charing⁵,⁶ Cross": the calls and the superior comma between them are print's."""
    line = set_line(("Charing", "text"), ("5,6", "call"), (" ", "space"), ("Cross", "text"))
    assert [found.text for found in page_lines(line)] == ["Charing Cross"]
    # A comma of the text, after a word, is the text's, and stays.
    line = set_line(("Charing,", "text"), (" ", "space"), ("Cross", "text"))
    assert [found.text for found in page_lines(line)] == ["Charing, Cross"]


def test_a_fraction_and_a_superscript_of_the_text_are_not_note_calls() -> None:
    """The Wealth of Nations' "chapter ¹⁹⁄₃₂" (superior and inferior figures of the font,
    either side of a fraction slash, after a space) and Pepys's "Sign^r" (raised off the
    line) are the text's; "Charing⁵" is a call."""
    line = set_line(("chapter", "text"), (" ", "space"), ("19", "call"), ("\u2044", "text"),
                    ("\u2083\u2082", "call"), (" ", "space"), ("is", "text"))
    assert [found.text for found in page_lines(line)] == ["chapter 19\u2044\u2083\u2082 is"]
    raised = [glyph._replace(baseline=glyph.baseline + 5, y0=glyph.y0 + 5, y1=glyph.y1 + 5)
              for glyph in set_line(("r", "call"), x=94.0)]
    line = set_line(("Sign", "text")) + raised + set_line((" ", "space"), ("Torriano", "text"),
                                                           x=97.3)
    assert [found.text for found in page_lines(line)] == ["Signr Torriano"]
    line = set_line(("Charing", "text"), ("5", "call"), (" ", "space"), ("Cross", "text"))
    assert [found.text for found in page_lines(line)] == ["Charing Cross"]


def test_a_call_in_a_table_set_smaller_than_the_calls_is_still_a_call() -> None:
    """The Wealth of Nations' ledger, fitted to the page in smaller type: the cell "4²⁄₄²²³"
    (a fraction, then call 223 set in the text's size, so its cell's baseline is lower than
    the row's) and "10²³⁰" in a lowered cell read as "4²⁄₄" and "10"."""
    def smaller(glyphs: list[Glyph], size: float, drop: float = 0.0) -> list[Glyph]:
        return [glyph._replace(size=size, baseline=glyph.baseline - drop) for glyph in glyphs]
    row = (smaller(set_line(("1289", "text")), 7.25)
           + smaller(set_line(("4", "text"), x=120.0), 7.25, drop=2.0)
           + smaller(set_line(("2", "call"), ("\u2044", "text"), ("\u2084", "call"),
                              x=123.6), 7.25, drop=2.0)
           + smaller(set_line(("223", "call"), x=135.7), SIZE, drop=2.0)
           + smaller(set_line(("10", "text"), x=160.0), 7.25, drop=2.0)
           + smaller(set_line(("230", "call"), x=167.3), SIZE, drop=2.0)
           + smaller(set_line(("1", "text"), x=200.0), 7.25))
    assert [found.text for found in page_lines(row)] == ["1289 42\u2044\u2084 10 1"]


def test_a_line_that_opens_with_a_note_call_reads_from_its_first_word() -> None:
    line = set_line(("12", "call"), (" ", "space"), ("Next", "text"), (" ", "space"),
                    ("words", "text"))
    assert [found.text for found in page_lines(line)] == ["Next words"]
    # Figures of the text (a list's number) are kept.
    line = set_line(("26.", "text"), (" ", "space"), ("Café", "text"))
    assert [found.text for found in page_lines(line)] == ["26. Café"]


CONTINUED = {"en": "2 (continued)", "fr": "2 (suite)", "zh": "2（续）", "de": "2 (Fortsetzung)"}


@pytest.mark.parametrize("lang", CONTINUED)
def test_a_note_continued_on_the_next_page_is_one_note(sampler: tuple[Book, Styles],
                                                       lang: str) -> None:
    """Its first part ends a page's notes; its continuation opens the next page's notes after
    the label the book's language gives it. Read back, it is one note, its words as the
    manuscript has them, a word print broke between the pages joined, no label."""
    label = continuation(replace(sampler[0].metadata, lang=lang))
    pages = [["1. A short note.", "2. A long note that print could not finish on its page: it",
              "runs on and breaks a hyphen\u2010"],
             [f"{CONTINUED[lang]} ated word, then goes on", "over a whole page of notes"],
             [f"{CONTINUED[lang]}\u2002to end here.", "3. The next note."]]
    notes = page_notes(pages, label)
    assert len(notes) == 3
    manuscript = ("A short note. A long note that print could not finish on its page: it runs "
                  "on and breaks a hyphenated word, then goes on over a whole page of notes "
                  "to end here. The next note.")
    tokens = {token_key(run) for run in manuscript.split()}
    found = [word for note in notes for word in dehyphenated(note, tokens)]
    assert found == ["1", *words("A short note."), "2",
                     *words(manuscript.removeprefix("A short note. ").split(" The next")[0]),
                     "3", *words("The next note.")]
    assert "continued" not in found and "suite" not in found


def test_a_continuation_that_does_not_follow_its_note_is_not_joined(
        sampler: tuple[Book, Styles]) -> None:
    """The label of note 2 at the head of a page whose page before ended with note 3: print
    lost or misplaced a part. The label's words stay, so the notes' words differ."""
    label = continuation(sampler[0].metadata)
    notes = page_notes([["3. A note."], ["2 (continued) the rest."]], label)
    assert notes == [["3. A note.", "2 (continued) the rest."]]
    assert "continued" in dehyphenated(notes[0], set())


def test_a_note_whose_text_opens_with_a_list_is_counted(sampler: tuple[Book, Styles]) -> None:
    """Its number stands alone on its line ("11."), the list's bullets below it."""
    label = continuation(sampler[0].metadata)
    notes = page_notes([["10. A note.", "11.", "\u2022 first item", "\u2022 second item"]], label)
    assert [note[0] for note in notes] == ["10. A note.", "11."]
    # The text edition sets such a note's number, or an empty note's, alone on its line too.
    assert TXT_NOTE_START.match("[11]") and TXT_NOTE_START.match("[11] Text")
    assert not TXT_NOTE_START.match("[11]Text")


def test_a_notes_line_that_wraps_before_a_number_and_stop_goes_on_with_its_note(
        sampler: tuple[Book, Styles]) -> None:
    """Eliot's note 44 cites "Upanishad, 5, 1. A translation…" and print wraps the line after
    "5,": the next line opens "1. " as a note would. Read with the manuscript's note numbers it
    is note 44's; a new division's note 1 still begins a note."""
    label = continuation(sampler[0].metadata)
    lines = ["44. The fable is found in the Brihadaranyaka—Upanishad, 5,",
             "1. A translation is found in Deussen.", "45. Cf. Webster."]
    notes = page_notes([lines, ["1. The next division's first note."]], label,
                       ("43", "44", "45", "1"))
    assert [note[0][:3] for note in notes] == ["44.", "45.", "1. "]
    assert notes[0][1] == "1. A translation is found in Deussen."


def test_a_numbered_list_in_a_note_begins_no_note(sampler: tuple[Book, Styles]) -> None:
    """A preface's note lists the next chapter's notes as a numbered list: its items ("1.",
    "2."), inset from both sides of the notes, are the note's lines, and the next chapter's
    note 1, at the notes' edge, begins a note. Read with the insets of the page's lines
    (pdf_text.inset, from where each is drawn)."""
    label = continuation(sampler[0].metadata)
    drawn = [PdfLine("1. The notes of the next chapter:", 8.5, 45.0, 315.0),
             PdfLine("1. Pepys was cut for the stone \u2026", 8.5, 60.0, 200.0),
             PdfLine("2. Pepys\u2019s house \u2026", 8.5, 60.0, 150.0)]
    insets = [inset(drawn), [False]]
    assert insets[0] == [False, True, True]
    pages = [[line.text for line in drawn], ["1. Pepys was successfully cut for the stone."]]
    notes = page_notes(pages, label, ("1", "1"), insets)
    assert [len(note) for note in notes] == [3, 1]
    # Without the insets the list's first item would take the next chapter's note 1.
    assert [len(note) for note in page_notes(pages, label, ("1", "1"))] == [1, 3]


def test_a_note_continued_after_a_later_note_on_its_page_is_one_note(
        sampler: tuple[Book, Styles]) -> None:
    """Don Juan: note 5 begins at a page's foot, note 6 (called lower on the page) follows it
    whole, and note 5 goes on at the head of the next page, its label on a line of its own
    (the rest is a new paragraph of the note): "Que‐|bec" is one word again."""
    label = continuation(sampler[0].metadata)
    notes = page_notes([["5. Wolfe was killed at the siege of Que\u2010", "6. Dumouriez."],
                        ["5 (continued)", "bec, in 1759.", "7. Another."]], label,
                       ("5", "6", "7"))
    assert notes == [["5. Wolfe was killed at the siege of Que\u2010", "bec, in 1759."],
                     ["6. Dumouriez."], ["7. Another."]]
    assert "quebec" in dehyphenated(notes[0], {token_key("Quebec,")})


def test_a_notes_last_word_is_never_joined_to_the_next_notes_number(
        sampler: tuple[Book, Styles]) -> None:
    """Each note is dehyphenated apart: the end of one and the number of the next are never
    one word, whatever runs the book holds ("example.org/2" here)."""
    label = continuation(sampler[0].metadata)
    notes = page_notes([["1. See example.org/", "2. Next."]], label)
    tokens = {"see", "example.org/2.", "next."}
    found = [word for note in notes for word in dehyphenated(note, tokens)]
    assert found == ["1", "see", "exampleorg", "2", "next"]
    # Read as one run of lines, the old way, they were glued.
    assert "exampleorg2" in dehyphenated(["1. See example.org/", "2. Next."], tokens)


def test_notes_read_from_synthetic_pages_count_a_continued_note_once(
        sampler: tuple[Book, Styles]) -> None:
    """pdf_text over pages whose notes (set smaller than the body) hold a note continued on the
    next page: as many notes as the manuscript, the same words."""
    book = sampler[0]
    manuscript = manuscript_text(book)
    body = [PdfLine(" ".join(manuscript.words[start:start + 8]), SIZE)
            for start in range(0, 64, 8)]
    pages = [[*body[:4], PdfLine("1. A note that goes", 8.5)],
             [*body[4:], PdfLine("1 (continued) on over the page.", 8.5),
              PdfLine("2. Another.", 8.5)]]
    text = pdf_text(pages, book, manuscript)
    assert text.note_count == 2
    assert list(text.notes) == ["1", *words("A note that goes on over the page."), "2",
                                "another"]
    assert list(text.words) == list(manuscript.words[:64])


def test_notes_are_told_by_their_place_not_by_being_fewer_than_the_text(
        sampler: tuple[Book, Styles]) -> None:
    """A book of long notes has more lines of notes than of text, and a running head set as
    small as they are heads a page of notes alone: the notes are still read as notes, the
    head left out; a numbered list in the body is not taken for notes."""
    book = sampler[0]
    manuscript = manuscript_text(book)
    head = PdfLine(book.metadata.title, 8.5)
    text = [PdfLine(" ".join(manuscript.words[start:start + 8]), SIZE)
            for start in range(0, 16, 8)]
    pages = [[head, text[0], PdfLine("1. A long note", 8.5), *[PdfLine("on and on", 8.5)] * 6],
             [head, PdfLine("1 (continued) ends here.", 8.5)],
             [head, text[1], PdfLine("2. Lists begin so too:", SIZE),
              PdfLine("3. in the body.", SIZE)]]
    found = pdf_text(pages, book, manuscript)
    assert found.note_count == 1
    assert list(found.notes) == ["1", *words("A long note" + " on and on" * 6 + " ends here.")]
    assert list(found.words) == [*manuscript.words[:16], *words("2. Lists begin so too:"),
                                 *words("3. in the body.")]


def test_a_table_set_as_small_as_the_notes_is_text_not_notes(
        sampler: tuple[Book, Styles]) -> None:
    """A ledger fitted to the page in type no larger than the notes': its rows above the
    notes, or down to the foot of a page that has none, are the text's; the notes begin at
    their first number."""
    book = sampler[0]
    manuscript = manuscript_text(book)
    text = [PdfLine(" ".join(manuscript.words[start:start + 8]), SIZE)
            for start in range(0, 16, 8)]
    rows = [PdfLine("1202 12 1 16", 7.25), PdfLine("1205 12 13 5", 7.25)]
    pages = [[text[0], PdfLine("1. A note.", 8.5)],
             [text[1], *rows, PdfLine("2. Another.", 8.5)], [*rows]]
    found = pdf_text(pages, book, manuscript)
    assert list(found.notes) == ["1", *words("A note."), "2", *words("Another.")]
    assert list(found.words) == [*manuscript.words[:16],
                                 *words("1202 12 1 16 1205 12 13 5 " * 2)]


def test_a_run_broken_over_three_lines_is_one_word_again() -> None:
    """The Water Rat's luncheon, one run of 100 letters, hyphenated twice by print: the middle
    line is only a part of the run, and still joins both sides."""
    run = ("“coldtonguecoldhamcoldbeefpickledgherkinssaladfrenchrollscresssandwiches"
           "pottedmeatgingerbeerlemonadesodawater—”")
    lines = ["briefly; “coldtonguecoldhamcoldbeefpickledgherkinssaladfren\u2010",
             "chrollscresssandwichespottedmeatgingerbeerlemon\u2010", "adesodawater—”"]
    tokens = {token_key(token) for token in ("briefly;", run)}
    assert dehyphenated(lines, tokens) == words("briefly; " + run)


def test_a_chapters_heading_alone_on_its_page_is_not_taken_for_a_running_head(
        sampler: tuple[Book, Styles]) -> None:
    """Peter Rabbit's title alone on its page (its picture on the next) says what a running
    head says, but in the heading's size: it stays; the running heads, in theirs, go, also
    over a page of notes alone, and the folios."""
    book = sampler[0]
    title = book.metadata.title
    chapter = next(chapter.title.text for chapter in book.chapters if chapter.title)
    pages = [[PdfLine(title, 8.5), PdfLine("The text.", SIZE), PdfLine("1", 9.5)],
             [PdfLine(chapter, 17.0), PdfLine("2", 9.5)],
             [PdfLine(chapter, 8.5), PdfLine("1 (continued) the rest.", 8.5),
              PdfLine("3", 9.5)]]
    assert [[line.text for line in lines] for lines in without_furniture(pages, book)] == [
        ["The text."], [chapter], ["1 (continued) the rest."]]


def test_a_hyphen_of_the_text_at_a_lines_end_is_kept_where_print_hyphenates_with_u2010(
        ) -> None:
    """"Coffee-|House" and "Coffeehouse" both in the book: a hyphen-minus at a line's end is
    the text's own, print's hyphen is U+2010 ("Parlia‐|ment")."""
    tokens = {token_key(token) for token in ("Coffee-House,", "Coffeehouse,", "Parliament")}
    assert dehyphenated(["to the Coffee-", "House, and"], tokens) == words(
        "to the Coffee-House, and")
    assert dehyphenated(["to the Coffee\u2010", "house, and"], tokens) == words(
        "to the Coffeehouse, and")
    assert dehyphenated(["the Parlia\u2010", "ment sat"], tokens) == words("the Parliament sat")


@pytest.fixture(scope="module")
def chile_pdf(chile: tuple[Book, Styles], settings: Settings) -> bytes:
    return typeset_book(*chile, settings).pdf


def with_embedded_cmaps(pdf: bytes) -> bytes:
    """The file with each font's Identity-H encoding replaced by the same mapping as a CMap
    stream in the file, as WeasyPrint writes one for a face missing a glyph."""
    document = pikepdf.open(io.BytesIO(pdf))
    for page in document.pages:
        for font in page.Resources.get("/Font", pikepdf.Dictionary()).values():
            if font.get("/Encoding") != pikepdf.Name("/Identity-H"):
                continue
            widths = font.DescendantFonts[0].W
            codes = sorted({int(code) for index in range(0, len(widths), 2)
                            for code in range(int(widths[index]),
                                              int(widths[index]) + len(widths[index + 1]))})
            entries = "\n".join(f"<{code:04x}> {code}" for code in codes)
            font.Encoding = document.make_stream(
                b"/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
                b"/CMapName /Embedded-0 def\n1 begincodespacerange\n<0000> <ffff>\n"
                b"endcodespacerange\n" + f"{len(codes)} begincidchar\n{entries}\n".encode()
                + b"endcidchar\nendcmap\nend\nend\n", Type=pikepdf.Name.CMap,
                CMapName=pikepdf.Name("/Embedded-0"))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_a_font_encoded_by_a_cmap_in_the_file_reads_as_its_text(chile_pdf: bytes) -> None:
    """pdfminer looks an encoding up by name only: given one the file embeds, it read every
    glyph of the font as nothing (a polytonic Greek book's notes and headings "missing").
    Read with the CMap, the pages read as they did with Identity-H."""
    embedded = with_embedded_cmaps(chile_pdf)
    assert embedded != chile_pdf
    with pdfplumber.open(io.BytesIO(embedded)) as pdf:  # the reading that failed
        assert not any(re.search(r"[A-Za-z]{3}", page.extract_text() or "")
                       for page in pdf.pages)
    original = [page.lines for page in read_pages(chile_pdf)]
    assert [page.lines for page in read_pages(embedded)] == original
    assert sum(len(lines) for lines in original) > 300  # it read real pages


GREEK_TEXT = (
    "ὅτι μὲν ὑμεῖς, ὦ ἄνδρες Ἀθηναῖοι, πεπόνθατε ὑπὸ τῶν ἐμῶν κατηγόρων, οὐκ οἶδα· ἐγὼ δʼ οὖν "
    "καὶ αὐτὸς ὑπʼ αὐτῶν ὀλίγου ἐμαυτοῦ ἐπελαθόμην, οὕτω πιθανῶς ἔλεγον. καίτοι ἀληθές γε ὡς "
    "ἔπος εἰπεῖν οὐδὲν εἰρήκασιν. μάλιστα δὲ αὐτῶν ἓν ἐθαύμασα τῶν πολλῶν ὧν ἐψεύσαντο, τοῦτο "
    "ἐν ᾧ ἔλεγον ὡς χρῆν ὑμᾶς εὐλαβεῖσθαι μὴ ὑπʼ ἐμοῦ ἐξαπατηθῆτε ὡς δεινοῦ ὄντος λέγειν.")
GREEK = GREEK_TEXT.split()


def greek_book(project: Path) -> Path:
    """A polytonic Greek book whose headings and many notes are Greek too, built."""
    chapters = project / "manuscript" / "chapters"
    chapters.mkdir(parents=True)
    (project / "manuscript" / "metadata.yaml").write_text(
        "title: Ἀπολογία Σωκράτους\ncreator: Πλάτων\nlang: grc\nidentifier:\n  - scheme: uuid\n"
        "    text: urn:uuid:0b6a1e52-7c1d-4f0a-9a11-0000000000f4\nrights: Public domain.\n",
        "utf-8")
    for chapter in range(1, 4):
        blocks, notes = [f"# Λόγος {chapter}"], []
        for paragraph in range(1, 9):
            if paragraph % 4 == 1:
                blocks.append(f"## Περὶ τῶν κατηγόρων {chapter}.{paragraph // 4 + 1}")
            start = (chapter * 7 + paragraph * 5) % len(GREEK)
            text = GREEK[start:] + GREEK[:start]
            blocks.append(" ".join(text[:24]) + f"[^n{paragraph}] " + " ".join(text[24:48]))
            notes.append(f"[^n{paragraph}]: " + " ".join(text[48:58]) if paragraph < 8 else
                         # a note whose text opens with a list: its number on a line alone
                         f"[^n{paragraph}]:\n    - {text[48]} {text[49]}\n    - {text[50]}")
        (chapters / f"{chapter:02d}.md").write_text("\n\n".join(blocks + notes) + "\n", "utf-8")
    result = subprocess.run([sys.executable, "-m", "publish", "build", "--project",
                             str(project)], capture_output=True, text=True, timeout=600,
                            check=False)
    assert result.returncode == 0, result.stderr
    return project


def test_a_greek_book_whose_fonts_embed_their_encoding_passes_and_a_lost_note_fails(
        tmp_path: Path) -> None:
    """The polytonic Greek book's notes and headings read back from its PDF, also when its
    fonts' encodings are CMaps the file embeds (once read as no text at all: "0 of 24
    notes", the headings "missing"), and a note whose text opens with a list counted in every
    edition; a note taken out of the PDF's text is still caught."""
    project = greek_book(tmp_path / "greek")
    where = Project.at(project)
    book = make_book(read_manuscript(where))
    report = check_parity(Built(where, book, Settings()))
    assert report.passed, "\n".join(report.lines())
    pdf = next(path for path in (project / "build").iterdir() if path.name.endswith(".pdf")
               and not path.name.endswith("-cover.pdf"))
    pdf.write_bytes(with_embedded_cmaps(pdf.read_bytes()))
    report = check_parity(Built(where, book, Settings()))
    assert report.passed, "\n".join(report.lines())
    found = {finding.check: finding.detail for finding in report.findings}
    assert found["PDF notes"] == "24 notes, the manuscript has 24"
    assert found["PDF headings"] == "the manuscript's 9 headings in order"
    built = Built(where, book, Settings())
    pages = [list(page.lines) for page in built.pdf_pages]
    note = next((index, position) for index, lines in enumerate(pages)
                for position, line in enumerate(lines) if line.text.startswith("5. "))
    del pages[note[0]][note[1]]
    text = pdf_text(pages, book, built.manuscript)
    assert text.note_count == 23 and text.note_numbers.count("5") == 2
