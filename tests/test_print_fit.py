"""Print keeps the text inside the text area: a table too wide for a small trim is set in a
smaller size until it fits (layout/table_fit.py), read back from the PDF with pdfplumber; what
cannot be made to fit stops the build at its file and line, with nothing written."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pdfplumber

from publish.scaffold import create_project

CHAPTER = Path("manuscript/chapters/01-chapter-one.md")
INCH = 72.0
MARGIN = 0.625 * INCH  # the narrower of the inside and outside margins (print.css)
SLACK = 1.0  # pt
TABLE_SIZE = 9.5  # pt: print.css sets a table so


def publish(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "publish", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=300, check=False)


def project(tmp_path: Path, table: str) -> Path:
    root = tmp_path / "book"
    create_project(root, 2026)
    (root / CHAPTER).write_text("# Chapter One\n\nThe prices, year by year.\n\n" + table
                                + "\nAnd so the ledger ends.\n", encoding="utf-8")
    return root


def ledger(columns: int) -> str:
    """A table as the Wealth of Nations prints one: a year, then pounds, shillings and pence
    again and again, headed by long words in bold."""
    head = "| Years | " + " | ".join(["£", "s.", "d."] * (columns // 3)) + " |\n"
    rule = "|" + " --- |" * (1 + columns // 3 * 3) + "\n"
    words = "| | " + " | ".join(["**Averaged**", "**different**", "**quantities**"]
                                * (columns // 3)) + " |\n"
    rows = "".join(f"| {1202 + year} | " + " | ".join(["—", "12", "4"] * (columns // 3))
                   + " |\n" for year in range(6))
    return head + rule + words + rows


def test_a_table_too_wide_for_the_trim_is_set_smaller_inside_the_text_area(
        tmp_path: Path) -> None:
    root = project(tmp_path, ledger(6))
    result = publish("build", "pdf", "epub", "txt", "--trim", "5x8", cwd=root)
    assert result.returncode == 0, result.stderr
    (pdf,) = [path for path in (root / "build").glob("*.pdf")
              if not path.name.endswith("-cover.pdf")]
    with pdfplumber.open(pdf) as document:
        chars = [char for page in document.pages for char in page.chars
                 if str(char["text"]).strip()]
        width = float(document.pages[0].width)
    cells = [char for char in chars if char["text"] in "£—"]
    assert cells
    for char in chars:
        assert float(char["x0"]) >= MARGIN - SLACK and float(char["x1"]) <= (
            width - MARGIN + SLACK), char["text"]
    sizes = {round(float(char["size"]), 2) for char in cells}
    assert all(6.5 <= size < TABLE_SIZE for size in sizes), sizes
    checked = publish("check", cwd=root)
    assert checked.returncode == 0, checked.stdout


def test_a_table_that_cannot_fit_stops_the_build_at_its_line(tmp_path: Path) -> None:
    root = project(tmp_path, ledger(42))
    result = publish("build", "--trim", "5x8", cwd=root)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1 and "01-chapter-one.md:5: T-003" in errors[0], result.stderr
    assert "outside the text area" in errors[0]
    # No edition written; the layout's cache (build/.layout-cache) is kept for the next build.
    assert not [path for path in (root / "build").iterdir() if not path.name.startswith(".")]


def test_a_table_in_a_note_and_superscripts_in_the_text_print_as_they_are(
        tmp_path: Path) -> None:
    """De Quincey's diary of doses is a table inside a note, its first cells empty; Pepys
    writes "Sign<sup>r</sup>" and "24<sup>th</sup>". Print sets the note's table as a table
    (each cell in its column, the empty ones kept), and `publish check` reads the
    superscripts on their line and the table's cells apart: it passes."""
    note = ("[^diary]: I subjoin my diary:\n\n"
            "    |  |  | Drops of Laud. |\n    | --- | --- | ---: |\n"
            "    | **First Week** |  |  |\n    | Mond. June 24 | … | 130 |\n"
            "    | ” 25 | … | 140 |\n")
    root = project(tmp_path, "It was not until the 24<sup>th</sup> of June that Sign<sup>r"
                   "</sup> Torriano wrote.[^diary]\n\n" + note)
    result = publish("build", "--trim", "5x8", cwd=root)
    assert result.returncode == 0, result.stderr
    (pdf,) = [path for path in (root / "build").glob("*.pdf")
              if not path.name.endswith("-cover.pdf")]
    with pdfplumber.open(pdf) as document:
        words = [word for page in document.pages for word in page.extract_words()]
    left = {word["text"]: float(word["x0"]) for word in words}
    # "Drops" heads the third column: right of the dates and the dots, not after "diary:".
    assert left["Drops"] > left["Mond."] and left["Drops"] > left["…"] > left["Mond."]
    assert left["130"] > left["…"]
    checked = publish("check", cwd=root)
    assert checked.returncode == 0, checked.stdout


def long_ledger(rows: int) -> str:
    """The Wealth of Nations' long ledger: a header that wraps, fractions, and now and then a
    note called in a row's last cell, its note several lines long; each row ends with its own
    word."""
    lines = ["| Years of the reign | £ | s. | d. | Row |", "| --- | --- | --- | --- | --- |"]
    notes = []
    for row in range(rows):
        year = 1202 + row
        call = f"[^y{year}]" if row % 7 == 3 else ""
        # A row whose note is called reads "1205 average" over two lines, as "Average Price"
        # does, so its call's cell is not its first line.
        first = f"{year}<br>average" if call else str(year)
        lines.append(f"| {first} | — | 12 | 4²⁄₃ | r{year}{call} |")
        if call:
            notes.append(f"[^y{year}]: In {year} the account " + "was kept by another clerk, "
                         * 6 + "and is read here as Fleetwood gives it.")
    return "\n".join(lines) + "\n\n" + "\n\n".join(notes) + "\n"


def test_a_table_longer_than_a_page_begins_after_the_text_and_keeps_each_row_whole(
        tmp_path: Path) -> None:
    """A ledger longer than a page begins where the text before it ends (not moved whole to
    the next page, leaving this one's foot empty); a row goes to the next page whole, even
    where the note called in its last cell pushes that cell's line on (WeasyPrint would split
    the row, and print "5⅓²³¹" alone on a page); `publish check` reads the calls in the cells
    and the header row repeated on each page: it passes."""
    root = project(tmp_path, long_ledger(120))
    result = publish("build", "--trim", "5x8", cwd=root)
    assert result.returncode == 0, result.stderr
    (pdf,) = [path for path in (root / "build").glob("*.pdf")
              if not path.name.endswith("-cover.pdf")]
    with pdfplumber.open(pdf) as document:
        words = [(number, str(word["text"])) for number, page in enumerate(document.pages)
                 for word in page.extract_words()]
    page_of: dict[str, list[int]] = {}
    for number, text in words:
        page_of.setdefault(text, []).append(number)
    assert page_of["prices,"] == page_of["1202"], "the ledger left the page of the text before"
    for year in range(1202, 1322):
        # The year's own page (a later note may say the year too), and its row's last cell
        # (where a call follows it: "r1233⁵").
        last = next(page for page, text in words if text.startswith(f"r{year}"))
        assert page_of[str(year)][0] == last, year
    assert len({page for page in page_of["Years"]}) >= 3  # the header row on each page
    checked = publish("check", cwd=root)
    assert checked.returncode == 0, checked.stdout
