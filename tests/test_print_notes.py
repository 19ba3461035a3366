"""The print edition's notes, read back from the PDF with pdfplumber and pikepdf, independently
of the layout that set them: every note begins at the foot of the page that calls it, a long
one continues at the foot of the next page (and of a page of its own after its chapter's text),
and nothing lies outside the text area; at four trims, with and without bleed.

The book is tests/manuscripts/footnotes: a preface whose one note is a numbered list longer than
a page, Pepys's diary for January 1660 with Wheatley's notes (a page with many of them, notes on
a page's last line), then notes written to test the print:
fifteen notes in one sentence, a note quoting a long poem, notes in a heading, verse, a
quotation and a table, a note in Hebrew, and a long note on a chapter's last line. The Hebrew
test book, a right-to-left book with English notes, is built at the four trims too.
"""

from __future__ import annotations

import io
import itertools
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
import pikepdf
import pytest
import weasyprint
from conftest import SAMPLER
from lxml import etree
from print_pages import (
    BOTTOM,
    NOTE_START,
    OUTSIDE,
    SLACK,
    TOP,
    Page,
    chapters,
    read_pages,
)

from publish.book.model import Book
from publish.layout.html import number_from
from publish.layout.notes.markup import go_on_counting
from publish.layout.notes.report import NOTE_ADVICE, misplaced_error
from publish.layout.printed import Misplaced, NotesPlaced
from publish.project import Project
from publish.source.manuscript import read_manuscript
from publish.source.styles import Styles

ROOT = Path(__file__).resolve().parent.parent
BOOKS = ROOT / "tests" / "manuscripts"
TRIMS = ("5x8", "5.5x8.5", "6x9", "a5")
BUILDS = [("footnotes", trim, bleed) for trim in TRIMS for bleed in (False, True)] + [
    ("hebrew", trim, False) for trim in TRIMS]


def publish(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "publish", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=900, check=False)


@dataclass(frozen=True)
class Built:
    project: Path
    pages: tuple[Page, ...]
    result: subprocess.CompletedProcess[str]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str, bool], Built]:
    """Each book built once at each trim, with and without bleed, and read back."""
    found = {}
    for name, trim, bleed in BUILDS:
        project = tmp_path_factory.mktemp(f"{name}-{trim}")
        shutil.copytree(BOOKS / name / "manuscript", project / "manuscript")
        result = publish("build", "--trim", trim, *(["--bleed"] if bleed else []),
                         cwd=project)
        assert result.returncode == 0, result.stderr
        (pdf,) = [path for path in (project / "build").glob("*.pdf")
                  if not path.name.endswith("-cover.pdf")]
        found[name, trim, bleed] = Built(project, tuple(read_pages(pdf)), result)
    return found


@pytest.mark.parametrize(("name", "trim", "bleed"), BUILDS)
def test_every_note_begins_on_the_page_of_its_call(
        built: dict[tuple[str, str, bool], Built], name: str, trim: str, bleed: bool) -> None:
    for page in built[name, trim, bleed].pages:
        assert sorted(page.calls) == sorted(page.starts), (
            f"page {page.number}: calls {page.calls}, notes beginning {page.starts}")


@pytest.mark.parametrize(("name", "trim", "bleed"), BUILDS)
def test_every_note_is_printed_once_in_order(
        built: dict[tuple[str, str, bool], Built], name: str, trim: str, bleed: bool) -> None:
    pages = built[name, trim, bleed].pages
    numbered = [number for page in pages for number in page.starts]
    expected = {"footnotes": [1, 68, 23, 1], "hebrew": None}[name]
    runs = [[number for page in run for number in page.starts] for run in chapters(pages)]
    runs = [run for run in runs if run]
    for run in runs:
        assert run == list(range(1, len(run) + 1)), run
    if expected is not None:
        assert [len(run) for run in runs] == expected
    assert numbered


@pytest.mark.parametrize(("name", "trim", "bleed"), BUILDS)
def test_a_long_note_continues_first_on_the_next_pages(
        built: dict[tuple[str, str, bool], Built], name: str, trim: str, bleed: bool) -> None:
    pages = built[name, trim, bleed].pages
    for before, page in itertools.pairwise(pages):
        for number in page.continued:
            assert page.notes[0].text.startswith(f"{number} (continued)"), page.notes[0]
            assert number in before.starts or number in before.continued, (
                f"page {page.number} continues note {number}, which page {before.number} "
                "does not hold")
    if name == "footnotes":
        continued = [number for page in pages for number in page.continued]
        assert 17 in continued and 1 in continued  # the ode, and the chapter's last note


@pytest.mark.parametrize(("name", "trim", "bleed"), BUILDS)
def test_a_continued_note_leaves_the_text_its_share_of_the_page(
        built: dict[tuple[str, str, bool], Built], name: str, trim: str, bleed: bool) -> None:
    """A note continued at the foot of a page the text goes on over leaves the text its share of
    the page (layout/notes/proof.py, TEXT_KEPT: 30 %): the ode, continued where the chapter's
    text goes on, is cut again rather than fill the page but for a line."""
    pages = built[name, trim, bleed].pages
    for page, after in itertools.pairwise(pages):
        if page.continued and page.body and after.body:
            ends = next((index for index, line in enumerate(page.notes[1:], start=1)
                         if NOTE_START.search(line.text)), len(page.notes))
            height = page.notes[ends - 1].bottom - page.notes[0].top
            area = page.height - TOP - BOTTOM
            assert height <= 0.7 * area + SLACK * 12, (
                f"page {page.number}: a continuation {height:.0f} pt tall of {area:.0f}")


@pytest.mark.parametrize(("trim", "bleed"), [(trim, bleed) for name, trim, bleed in BUILDS
                                              if name == "footnotes"])
def test_a_note_on_a_chapters_last_line_runs_on_to_a_page_of_its_own(
        built: dict[tuple[str, str, bool], Built], trim: str, bleed: bool) -> None:
    pages = built["footnotes", trim, bleed].pages
    last = max(index for index, page in enumerate(pages) if 1 in page.continued)
    assert not pages[last].body and pages[last].notes[0].text.startswith("1 (continued)")


@pytest.mark.parametrize(("name", "trim", "bleed"), BUILDS)
def test_nothing_outside_the_text_area(
        built: dict[tuple[str, str, bool], Built], name: str, trim: str, bleed: bool) -> None:
    for page in built[name, trim, bleed].pages:
        bottom = page.height - BOTTOM
        for line in (*page.body, *page.notes):
            assert line.top >= TOP - SLACK and line.bottom <= bottom + SLACK, (
                f"page {page.number}: {line.text[:40]!r} at {line.top:.1f}-{line.bottom:.1f}")
            assert line.left >= OUTSIDE - SLACK and line.right <= page.width - OUTSIDE + SLACK, (
                f"page {page.number}: {line.text[:40]!r} at {line.left:.1f}-{line.right:.1f}")


def test_the_cases_are_met(built: dict[tuple[str, str, bool], Built]) -> None:
    """The book sets what the tests are for at every trim: a note called on a page's last
    line, a page with many notes, notes called in a table and a heading."""
    for trim in TRIMS:
        pages = built["footnotes", trim, False].pages
        assert any(page.body and page.body[-1].calls for page in pages), trim
        assert max(len(page.starts) for page in pages) >= 10, trim
        headings = [page for page in pages if any(line.size > 14 and line.calls
                                                   for line in page.body)]
        assert headings, trim


def test_the_ode_is_quoted_whole(built: dict[tuple[str, str, bool], Built]) -> None:
    """The long note's poem, split between pages, keeps every line, in order."""
    lines = [line.text for page in built["footnotes", "5x8", False].pages
             for line in page.notes]
    poem = (BOOKS / "footnotes" / "manuscript" / "chapters" / "02-notes-on-the-notes.md"
            ).read_text("utf-8")
    verses = [" ".join(line.strip().lstrip(">").replace("&emsp;", "").split())
              for line in poem.splitlines() if line.startswith("    > ")]
    found = [" ".join(line.split()) for line in lines if " ".join(line.split()) in verses]
    assert found == verses[:len(found)] and len(found) == 60


@pytest.mark.parametrize(("name", "trim", "bleed"), [build for build in BUILDS
                                                      if build[2] is False])
def test_check_passes(built: dict[tuple[str, str, bool], Built], name: str, trim: str,
                      bleed: bool) -> None:
    result = publish("check", cwd=built[name, trim, bleed].project)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_build_says_how_the_notes_were_set(
        built: dict[tuple[str, str, bool], Built]) -> None:
    said = built["footnotes", "6x9", False].result.stdout
    assert re.search(r"print layout: \d+ pages; 93 notes, each on the page of its call; "
                     r"[1-9]\d* continued on the next page", said), said


ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}


def roman(numeral: str) -> int | None:
    """A folio in lower-case roman numerals, as a number; None if it is not one."""
    if not numeral or set(numeral) - ROMAN.keys():
        return None
    values = [ROMAN[letter] for letter in numeral]
    return sum(-value if later > value else value
               for value, later in zip(values, [*values[1:], 0], strict=True))


@pytest.mark.parametrize("trim", TRIMS)
def test_a_note_set_as_a_list_goes_on_counting_across_pages(
        built: dict[tuple[str, str, bool], Built], trim: str) -> None:
    """The preface's note, a numbered list longer than a page, continues on the pages after
    the preface's text, its items numbered on from where each page stopped; and the front
    matter's folios, which its layout draws, follow its pages in order."""
    pages = built["footnotes", trim, False].pages
    preface = chapters(pages)[0]
    numbers = [int(found[1]) for page in preface for line in page.notes
               if (found := re.match(r"(\d+)\. ", line.text))]
    assert numbers == list(range(1, 69))
    assert sum(1 for page in preface if 1 in page.continued) >= (2 if trim == "5x8" else 1)
    folios = [(page.number, value) for page in pages for line in page.furniture
              if (value := roman(line.text)) is not None]
    assert len(folios) >= 3 and all(number == value for number, value in folios), folios


def test_what_the_layout_could_not_set_is_said_once_for_each_note(
        sampler: tuple[Book, Styles]) -> None:
    """A note the layout could not place is wrong in several ways at once (off its call's
    page, over the text): the build says them all on one line at the note's file and line."""
    book = sampler[0]
    chapter = next(chapter for chapter in book.chapters if chapter.notes)
    note = chapter.notes[0]
    placed = NotesPlaced(1, 0, 0, 0.0, (
        Misplaced("a note not on the page of its call", note.id, None),
        Misplaced("notes outside the text area", note.id, None),
        Misplaced("a note not on the page of its call", note.id, None)))
    error = misplaced_error(book, read_manuscript(Project.at(SAMPLER)), placed)
    assert error is not None
    assert error.lines() == [
        f"{chapter.source}:{note.line}: N-004 note {note.number}: a note not on the page of "
        f"its call; notes outside the text area in the print edition ({NOTE_ADVICE})"]


def test_the_hebrew_book_prints_no_slanted_letter(
        built: dict[tuple[str, str, bool], Built]) -> None:
    """Hebrew has no italic: its title page's subtitle (set in italic for Latin books) and a
    Hebrew word in an English note in italic print upright, so no face of the PDF is a slanted
    copy WeasyPrint made (an "-Oblique" face: the italic faces are EB Garamond's own, and the
    Hebrew face declared italic too)."""
    (pdf,) = [path for path in (built["hebrew", TRIMS[0], False].project / "build").glob("*.pdf")
              if not path.name.endswith("-cover.pdf")]
    with pikepdf.open(pdf) as document:
        faces = {str(font.get("/BaseFont")) for page in document.pages
                 for font in page.Resources.get("/Font", {}).values()}
    assert any("Hebrew" in face for face in faces)
    assert not [face for face in faces if face.endswith("-Oblique")], faces


def test_a_numbered_list_cut_at_a_page_goes_on_counting() -> None:
    """Where the notes' layout cuts a numbered list at a page (layout/notes/markup.py), its
    second half prints the numbers that follow the first's (WeasyPrint reads no start=: The Art
    of War's bibliography printed "1." atop a page for its fifth entry)."""
    first = etree.fromstring('<ol start="2"><li>a</li><li>b</li><li>c</li></ol>')
    second = etree.fromstring('<ol start="2" style="counter-reset: list-item 1">'
                              "<li>d</li><li>e</li></ol>")
    go_on_counting(first, second)
    number_from(first)  # as the print document numbers every list (layout/html.py)
    body = etree.tostring(first, encoding="unicode") + etree.tostring(second, encoding="unicode")
    pdf = weasyprint.HTML(string=f"<html><body>{body}</body></html>").write_pdf()
    with pdfplumber.open(io.BytesIO(pdf)) as opened:
        numbers = re.findall(r"(\d+)\. ([a-e])", opened.pages[0].extract_text())
    assert numbers == [("2", "a"), ("3", "b"), ("4", "c"), ("5", "d"), ("6", "e")]
