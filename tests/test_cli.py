"""The command line end to end: what `publish build` and `publish new` do for a user."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pikepdf
import pytest

from publish.scaffold import create_project

ROOT = Path(__file__).resolve().parent.parent


def publish(*args: str, cwd: Path, env: dict[str, str] | None = None
            ) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "publish", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=600, check=False)


@pytest.fixture(scope="module")
def copy_of_this_book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("chile")
    shutil.copytree(ROOT / "manuscript", root / "manuscript")
    return root


def test_build_writes_all_three_editions_and_says_so(copy_of_this_book: Path,
                                                     tmp_path: Path) -> None:
    scratch = tmp_path / "tmp"  # the build's temporary files, its workers' among them
    scratch.mkdir()
    result = publish("build", "--project", str(copy_of_this_book), cwd=ROOT,
                     env={**os.environ, "TMPDIR": str(scratch)})

    assert result.returncode == 0, result.stderr
    assert not list(scratch.iterdir())  # nothing left behind (WeasyPrint's fonts, say)
    build = copy_of_this_book / "build"
    names = sorted(path.name for path in build.iterdir() if path.is_file())
    assert (build / ".layout-cache").is_dir()  # the layout's units, kept for the next build
    assert names == ["manifest.json", "the-coup-in-chile-cover.pdf", "the-coup-in-chile.epub",
                     "the-coup-in-chile.pdf", "the-coup-in-chile.txt"]
    for name in names:
        assert f"wrote build/{name}" in result.stdout
    assert "rendering" in result.stderr  # progress, on stderr so stdout stays the report
    with zipfile.ZipFile(build / "the-coup-in-chile.epub") as epub:
        assert epub.read("mimetype") == b"application/epub+zip"
    with pikepdf.open(build / "the-coup-in-chile.pdf") as pdf:
        assert len(pdf.pages) % 2 == 0
    assert (build / "the-coup-in-chile.txt").read_text("utf-8").startswith("THE COUP IN CHILE")


def test_a_second_build_gives_the_same_bytes(copy_of_this_book: Path) -> None:
    build = copy_of_this_book / "build"
    first = {path.name: hashlib.sha256(path.read_bytes()).hexdigest() for path in build.iterdir()
             if path.is_file()}
    result = publish("build", cwd=copy_of_this_book)
    assert result.returncode == 0, result.stderr
    again = {path.name: hashlib.sha256(path.read_bytes()).hexdigest() for path in build.iterdir()
             if path.is_file()}
    assert again == first


def test_one_edition_alone(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "manuscript", tmp_path / "manuscript")
    result = publish("build", "txt", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    # Besides the edition, only the hidden cache: the chapters' parsed Markdown, kept.
    assert sorted(path.name for path in (tmp_path / "build").iterdir()) == [
        ".layout-cache", "manifest.json", "the-coup-in-chile.txt"]


def test_trim_option_sets_the_page_size(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "manuscript", tmp_path / "manuscript")
    result = publish("build", "pdf", "--trim", "a5", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    with pikepdf.open(tmp_path / "build" / "the-coup-in-chile.pdf") as pdf:
        width, height = (float(value) for value in pdf.pages[0].trimbox[2:])
    assert (round(width / 72 * 25.4), round(height / 72 * 25.4)) == (148, 210)


def trim_in_inches(pdf_path: Path) -> tuple[float, float]:
    with pikepdf.open(pdf_path) as pdf:
        width, height = (float(value) for value in pdf.pages[0].trimbox[2:])
    return round(width / 72, 3), round(height / 72, 3)


def test_the_metadata_names_the_books_trim_and_the_option_overrides_it(tmp_path: Path) -> None:
    """A backlist of books of several sizes rebuilds each at its own trim; --trim wins."""
    shutil.copytree(ROOT / "manuscript", tmp_path / "manuscript")
    metadata = tmp_path / "manuscript" / "metadata.yaml"
    metadata.write_text(metadata.read_text("utf-8") + "trim: 5.5x8.5\n", "utf-8")
    own = publish("build", cwd=tmp_path)
    assert own.returncode == 0, own.stderr
    assert trim_in_inches(tmp_path / "build" / "the-coup-in-chile.pdf") == (5.5, 8.5)
    (tmp_path / "build" / "manifest.json").unlink()  # so check too must take it from the book
    checked = publish("check", cwd=tmp_path)
    assert checked.returncode == 0, checked.stdout
    assert "TrimBox 5.5 x 8.5 in" in checked.stdout
    overridden = publish("build", "pdf", "--trim", "6x9", cwd=tmp_path)
    assert overridden.returncode == 0, overridden.stderr
    assert trim_in_inches(tmp_path / "build" / "the-coup-in-chile.pdf") == (6.0, 9.0)


def test_a_bad_trim_in_the_metadata_is_reported_at_its_line(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "manuscript", tmp_path / "manuscript")
    metadata = tmp_path / "manuscript" / "metadata.yaml"
    lines = metadata.read_text("utf-8").count("\n")
    metadata.write_text(metadata.read_text("utf-8") + "trim: huge\n", "utf-8")
    result = publish("build", cwd=tmp_path)
    assert result.returncode == 1
    assert [line for line in result.stderr.splitlines() if line.startswith("error:")] == [
        f"error: manuscript/metadata.yaml:{lines + 1}: M-001 trim: unknown trim 'huge': use one of "
        "5x8, 5.25x8, 5.5x8.5, 6x9, a5, b-format, royal or a custom size such as 7x10in or "
        "140x216mm"]
    assert not (tmp_path / "build").exists()


def test_bad_trim_is_a_clear_error(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "manuscript", tmp_path / "manuscript")
    result = publish("build", "--trim", "huge", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.strip() == (
        "error: unknown trim 'huge': use one of 5x8, 5.25x8, 5.5x8.5, 6x9, a5, b-format, royal "
        "or a custom size such as 7x10in or 140x216mm")


@pytest.mark.parametrize(("paper", "message"), [
    ("newsprint", "error: unknown paper 'newsprint': use one of kdp-cream, kdp-white, "
     "kdp-colour or a caliper per page such as 0.0023in or 0.058mm"),
    ("0.5in", "error: paper '0.5in': a page is 0.001-0.01 in thick"),
])
def test_bad_paper_is_a_clear_error(tmp_path: Path, paper: str, message: str) -> None:
    shutil.copytree(ROOT / "manuscript", tmp_path / "manuscript")
    result = publish("build", "--paper", paper, cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.strip() == message
    assert not (tmp_path / "build").exists()


def test_new_project_builds_as_it_stands(tmp_path: Path) -> None:
    created = publish("new", "my-novel", cwd=tmp_path)
    assert created.returncode == 0, created.stderr

    result = publish("build", cwd=tmp_path / "my-novel")

    assert result.returncode == 0, result.stderr
    text = (tmp_path / "my-novel" / "build" / "my-novel.txt").read_text("utf-8")
    assert "MY NOVEL" in text and "“curly”" in text and "[1]" in text


def test_help_explains_each_command() -> None:
    for command in ([], ["build"], ["new"]):
        result = publish(*command, "--help", cwd=ROOT)
        assert result.returncode == 0
        assert "Usage" in result.stdout
    assert "--trim" in publish("build", "--help", cwd=ROOT).stdout


def test_a_catalog_builds_every_book_and_goes_on_past_a_failing_one(tmp_path: Path) -> None:
    """A backlist in one run: each book built and reported, a broken one named in the
    summary, exit 1 at the end; the books after it are built all the same."""
    for name in ("alpha", "broken", "gamma"):
        create_project(tmp_path / name, 2026)
    (tmp_path / "broken" / "manuscript" / "chapters" / "01-chapter-one.md").write_text(
        "\n\n", encoding="utf-8")
    (tmp_path / "notes").mkdir()  # not a project: left alone
    result = publish("build", "txt", "--catalog", ".", cwd=tmp_path)
    assert result.returncode == 1
    assert "wrote alpha/build/alpha.txt" in result.stdout
    assert "wrote gamma/build/gamma.txt" in result.stdout
    assert "error: manuscript/chapters: M-004 the manuscript is empty" in result.stderr
    assert result.stderr.strip().splitlines()[-1] == "built 2 of 3 books; failed: broken"
    assert not (tmp_path / "broken" / "build").exists()
    both = publish("build", "txt", "--project", "alpha", "--project", "gamma", cwd=tmp_path)
    assert both.returncode == 0, both.stderr
    assert both.stderr.strip().splitlines()[-1] == "built 2 of 2 books"
