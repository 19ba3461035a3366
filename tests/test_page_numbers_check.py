"""`publish check` proves the page numbers from the built files: it passes on both books and
fails when the EPUB's pages are not the PDF's (another trim, a moved marker, a page list that
leaves one out).

Books are built with the command line (text editions with --page-markers) into temporary
copies; each spoiling test changes one file of a copy with an ordinary tool.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from publish.book.make import make_book
from publish.checks.built import Built
from publish.checks.page_numbers import Marker, check_page_numbers
from publish.checks.report import Report
from publish.project import Project
from publish.settings import Settings
from publish.source.manuscript import read_manuscript

ROOT = Path(__file__).resolve().parent.parent
SOURCES = {"chile": ROOT, "sampler": ROOT / "tests" / "manuscripts" / "sampler"}


def build(project: Path, *arguments: str) -> None:
    result = subprocess.run([sys.executable, "-m", "publish", "build", *arguments,
                             "--project", str(project)], capture_output=True, text=True,
                            timeout=600, check=False)
    assert result.returncode == 0, result.stderr


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    projects = {}
    for name, source in SOURCES.items():
        target = tmp_path_factory.mktemp(name)
        shutil.copytree(source / "manuscript", target / "manuscript")
        build(target, "epub", "pdf", "txt", "txt-ascii", "--page-markers")
        projects[name] = target
    return projects


def checked(project: Path) -> Report:
    where = Project.at(project)
    return check_page_numbers(Built(where, make_book(read_manuscript(where)), Settings()))


def finding(report: Report, check: str) -> tuple[bool, str]:
    found = {item.check: (item.passed, item.detail) for item in report.findings}
    return found[check]


@pytest.mark.parametrize("name", SOURCES)
def test_every_marker_stands_at_its_printed_page(built: dict[str, Path], name: str) -> None:
    report = checked(built[name])
    assert report.passed, "\n".join(report.lines())
    assert {item.check for item in report.findings} == {
        "EPUB markers", "EPUB page list", "TXT markers", "ASCII TXT markers"}
    assert re.search(r"^\d+ markers \(vii–\d+\)", finding(report, "EPUB markers")[1])


def spoiled_copy(built: dict[str, Path], tmp_path: Path) -> Path:
    copy = tmp_path / "chile"
    shutil.copytree(built["chile"], copy)
    return copy


def rewrite_epub(path: Path, change: dict[str, tuple[str, str]]) -> None:
    """Replace text in members of the EPUB: {member: (old, new)}, each old found once."""
    with zipfile.ZipFile(path) as archive:
        members = [(info, archive.read(info)) for info in archive.infolist()]
    with zipfile.ZipFile(path, "w") as archive:
        for info, data in members:
            if info.filename in change:
                old, new = change[info.filename]
                text = data.decode("utf-8")
                assert text.count(old) == 1, (info.filename, old)
                data = text.replace(old, new).encode("utf-8")
            archive.writestr(info, data)


def test_an_epub_laid_out_for_another_trim_fails(built: dict[str, Path], tmp_path: Path) -> None:
    copy = spoiled_copy(built, tmp_path)
    build(copy, "epub", "--trim", "5x8")
    passed, detail = finding(checked(copy), "EPUB markers")
    assert not passed and detail.startswith("page "), detail


def test_a_moved_marker_fails(built: dict[str, Path], tmp_path: Path) -> None:
    copy = spoiled_copy(built, tmp_path)
    member = "EPUB/003-the-programme-of-the-unidad-popular-and-the.xhtml"
    marker = ('<span id="page-4" role="doc-pagebreak" aria-label="4" epub:type="pagebreak"/>')
    rewrite_epub(copy / "build" / "the-coup-in-chile.epub",
                 {member: (f"the {marker}agrarian reform", f"{marker}the agrarian reform")})
    passed, detail = finding(checked(copy), "EPUB markers")
    assert not passed
    assert "page 4" in detail and "the agrarian reform" in detail


def test_a_page_list_that_leaves_a_page_out_fails(built: dict[str, Path],
                                                  tmp_path: Path) -> None:
    copy = spoiled_copy(built, tmp_path)
    entry = '<li><a href="003-the-programme-of-the-unidad-popular-and-the.xhtml#page-4">4</a></li>'
    rewrite_epub(copy / "build" / "the-coup-in-chile.epub", {"EPUB/nav.xhtml": (entry, "")})
    passed, detail = finding(checked(copy), "EPUB page list")
    assert not passed and detail.startswith("11 entries for 12 markers")


def test_a_text_marker_with_the_wrong_page_fails(built: dict[str, Path], tmp_path: Path) -> None:
    copy = spoiled_copy(built, tmp_path)
    text = copy / "build" / "the-coup-in-chile.txt"
    content = text.read_text("utf-8")
    assert content.count("{4}") == 1
    text.write_text(content.replace("{4}", "{5}"), "utf-8")
    passed, detail = finding(checked(copy), "TXT markers")
    assert not passed and detail.startswith("page 5:"), detail


def test_a_page_may_begin_with_the_end_of_a_word_broken_across_the_turn() -> None:
    marker = Marker("11", ("experiences", "especially", "during"), "dramatic")
    assert marker.begins(("matic", "experiences", "especially", "during"))
    assert marker.begins(("experiences", "especially", "during", "the"))
    assert not marker.begins(("tragic", "experiences", "especially", "during"))
    assert not marker.begins(("dramatic", "experiences", "especially", "during"))
    assert not marker.begins(("matic", "especially", "during", "the"))


def list_book(project: Path) -> Path:
    """A book whose pages turn inside a long numbered list of accented words: some page opens
    with an item, its number first."""
    chapters = project / "manuscript" / "chapters"
    chapters.mkdir(parents=True)
    (project / "manuscript" / "metadata.yaml").write_text(
        "title: A List of Dishes\ncreator: A. Tester\nlang: en-GB\nidentifier:\n  - scheme: uuid"
        "\n    text: urn:uuid:0b6a1e52-7c1d-4f0a-9a11-0000000000f3\nrights: Public domain.\n",
        "utf-8")
    dishes = ["crème brûlée", "café au lait", "pâté", "soufflé", "crêpe", "gâteau", "purée",
              "rösti", "smørrebrød", "jalapeño"]
    items = "\n".join(f"{number}. The {dishes[number % len(dishes)]} of the "
                      f"{dishes[number * 7 % len(dishes)]} déjà vu." for number in range(1, 150))
    (chapters / "01-dishes.md").write_text(f"# Dishes à la carte\n\n{items}\n", "utf-8")
    build(project, "epub", "pdf", "txt", "txt-ascii", "--page-markers")
    return project


def test_markers_at_a_list_items_number_and_in_ascii_stand_at_their_pages(
        tmp_path: Path) -> None:
    """A page that opens with a list item begins with its number, where the EPUB's marker
    opens the item and the text edition's follows the number; the ASCII edition's markers are
    compared with the pages as it transliterates them ("deja vu", not "déjà vu")."""
    project = list_book(tmp_path / "dishes")
    report = checked(project)
    assert report.passed, "\n".join(report.lines())
    text = (project / "build" / "a-list-of-dishes.txt").read_text("utf-8")
    opening = re.search(r"^ *(\d+)\. \{(\d+)\} ", text, re.MULTILINE)
    assert opening, "no page of the test book opens with a list item"
    assert re.search(r"\{\d+\} .*d[ée]j[àa]", text)
    # A marker moved past the item's first word is still caught.
    number, page = opening.groups()
    spoiled = text.replace(f"{number}. {{{page}}} The ", f"{number}. The {{{page}}} ", 1)
    (project / "build" / "a-list-of-dishes.txt").write_text(spoiled, "utf-8")
    passed, detail = finding(checked(project), "TXT markers")
    assert not passed and detail.startswith(f"page {page}:"), detail
