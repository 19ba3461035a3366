"""The EPUBs as a reader sees them: each test book read in a real reading engine at phone size.

`publish proof --epub` reads the built EPUB in foliate-js (the engine of the Foliate e-reader)
in headless Chromium at 390 x 844 CSS pixels, pages through every screen, opens a note and comes
back, and writes four screenshots and what every screen showed
(publish/checks/reading_engine.py, publish/checks/reader/read.mjs). These tests read that
report: what is on each screen, where the pictures and tables lie against the column, how the
title page's lines sit, which navigation lists the contents page shows, where ruby's readings
stand. Each book is built and read once.
The engine comes from npm and Chromium from Debian (`bash scripts/setup --ace`): in CI
(CI=true) a missing one fails the tests; elsewhere they are skipped, saying why.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import PIL.Image
import pytest

from publish.checks.reading_engine import (
    PHONE,
    SCREENSHOTS,
    Reading,
    beside_the_contents,
    contents_screens,
    empty_screens,
    find_engine,
    off_centre,
    overflowing,
    read_epubs,
    rubies,
    title_page_blocks,
)
from publish.errors import PublishError

ROOT = Path(__file__).resolve().parent.parent
# Notes, a picture, a table, verse and quotations; large pictures, SVGs and a table; Chinese
# and Japanese with ruby; Hebrew, right to left, with notes.
BOOKS = ("sampler", "illustrated", "cjk", "hebrew")
WITH_NOTES = ("sampler", "cjk", "hebrew")
WITH_PICTURES = ("sampler", "illustrated")
# The cjk book's two readings, as its manuscript writes them.
CJK_RUBIES = {("吾輩", "わがはい"), ("獰悪", "どうあく")}
# What the reading engine showed wrong on main when these tests were written, and what fixes it.


@pytest.fixture(scope="module")
def projects(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Each book of BOOKS copied and its EPUB built, all in one run of the command line."""
    missing = None
    try:
        find_engine()
    except PublishError as error:
        missing = str(error)
    if missing and os.environ.get("CI") == "true":
        pytest.fail(f"{missing} (in CI the reading engine must be installed)")
    if missing:
        pytest.skip(missing)
    return epubs_built(BOOKS, tmp_path_factory)


def epubs_built(books: tuple[str, ...],
                tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Each test book named copied into a project of its own, and its EPUB built: all in one
    run of the command line (tests/test_calibre.py reads them too)."""
    made = {}
    for name in books:
        made[name] = tmp_path_factory.mktemp(name)
        shutil.copytree(ROOT / "tests" / "manuscripts" / name / "manuscript",
                        made[name] / "manuscript")
    done = subprocess.run([sys.executable, "-m", "publish", "build", "epub",
                           *(argument for project in made.values()
                             for argument in ("--project", str(project)))],
                          capture_output=True, text=True, timeout=900, check=False)
    assert done.returncode == 0, done.stderr
    return made


@pytest.fixture(scope="module")
def read(projects: dict[str, Path]) -> dict[str, Reading]:
    """Each book read in the engine, all in one run of the browser."""
    epubs = [next((projects[name] / "build").glob("*.epub")) for name in BOOKS]
    return dict(zip(BOOKS, read_epubs(epubs), strict=True))


@pytest.mark.parametrize("book", BOOKS)
def test_every_section_is_paged_through(read: dict[str, Reading], book: str) -> None:
    report = read[book].report
    assert {screen["section"] for screen in report["screens"]} == set(report["sections"])
    assert not report["errors"]
    for section in report["sections"]:
        pages = [screen["page"] for screen in report["screens"] if screen["section"] == section]
        assert pages == list(range(1, len(pages) + 1)), section


@pytest.mark.parametrize("book", BOOKS)
def test_no_screen_is_empty_or_page_numbers_only(read: dict[str, Reading], book: str) -> None:
    assert [(screen["section"], screen["page"], screen["text"])
            for screen in empty_screens(read[book].report)] == []


@pytest.mark.parametrize("book", BOOKS)
def test_no_picture_or_table_leaves_its_column(read: dict[str, Reading], book: str) -> None:
    report = read[book].report
    if book in WITH_PICTURES:
        assert any(screen["pictures"] for screen in report["screens"])
    assert [(screen["section"], screen["page"], picture)
            for screen, picture in overflowing(report)] == []


@pytest.mark.parametrize("book", BOOKS)
def test_the_contents_page_holds_only_the_contents(read: dict[str, Reading], book: str) -> None:
    report = read[book].report
    screens = contents_screens(report)
    shown = " ".join(nav["text"] for screen in screens for nav in screen["navs"]
                     if "toc" in nav["types"])
    assert all(label in shown for label in report["toc"])
    assert beside_the_contents(report) == []


@pytest.mark.parametrize("book", BOOKS)
def test_the_title_page_is_centred(read: dict[str, Reading], book: str) -> None:
    report = read[book].report
    assert len(title_page_blocks(report)) >= 2  # the title and the author at least
    assert off_centre(report) == []


@pytest.mark.parametrize("book", WITH_NOTES)
def test_a_note_opens_from_its_call_and_returns(read: dict[str, Reading], book: str) -> None:
    note = read[book].report["note"]
    assert note is not None
    assert note["opened"], note
    assert note["returned"], note


def test_the_right_to_left_book_reads_right_to_left(read: dict[str, Reading]) -> None:
    assert read["hebrew"].report["dir"] == "rtl"
    assert read["sampler"].report["dir"] == "ltr"


def test_ruby_is_ruby(read: dict[str, Reading]) -> None:
    """Each reading stands over its base in a smaller size, not printed after it."""
    found = rubies(read["cjk"].report)
    assert {(ruby["base"], ruby["annotation"]) for ruby in found} == CJK_RUBIES
    for ruby in found:
        assert ruby["above"], ruby
        assert ruby["sizeRatio"] < 1, ruby
    assert not any(f"{base}{reading}" in screen["text"] for base, reading in CJK_RUBIES
                   for screen in read["cjk"].report["screens"])


@pytest.mark.parametrize("book", BOOKS)
def test_four_screens_are_photographed(read: dict[str, Reading], book: str) -> None:
    """The title page, the contents, a chapter's opening and an opened note (the illustrated
    book has no notes): phone-sized pictures, each of its own screen, each with ink on it."""
    shots = read[book].screenshots
    assert set(shots) == set(SCREENSHOTS) - ({"note"} if book not in WITH_NOTES else set())
    pictures = {name: PIL.Image.open(io.BytesIO(data)) for name, data in shots.items()}
    for picture in pictures.values():
        assert picture.size == (PHONE[0] * 2, PHONE[1] * 2)  # drawn at twice the CSS pixels
        darkest, _ = picture.convert("L").getextrema()
        assert darkest < 100  # text on the page, not a blank screen
    assert len({picture.tobytes() for picture in pictures.values()}) == len(pictures)


def test_publish_proof_epub_writes_the_screenshots_and_the_report(
        projects: dict[str, Path], read: dict[str, Reading]) -> None:
    """The command an author runs (its own run of the browser): the four pictures and the
    report in build/proof/, and what a reader would find wrong, as warnings: none here."""
    project = projects["sampler"]
    done = subprocess.run([sys.executable, "-m", "publish", "proof", "--epub"], cwd=project,
                          capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr
    proof = project / "build" / "proof"
    slug = next((project / "build").glob("*.epub")).stem
    assert {path.name for path in proof.iterdir()} == {
        f"{slug}-epub-{name}.png" for name in SCREENSHOTS} | {f"{slug}-epub.json"}
    report = json.loads((proof / f"{slug}-epub.json").read_text("utf-8"))
    assert [screen["text"] for screen in report["screens"]] == [
        screen["text"] for screen in read["sampler"].report["screens"]]
    assert "warning" not in done.stdout + done.stderr  # a reader finds nothing wrong
