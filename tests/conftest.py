"""Shared fixtures: the books of this repository's manuscript, of the test sampler and of a long
book made as the benchmark makes them; the books of both directions, built."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from publish.book.make import make_book
from publish.book.model import Book
from publish.project import Project
from publish.settings import Settings
from publish.source.manuscript import read_manuscript
from publish.source.styles import Styles, load_styles

ROOT = Path(__file__).resolve().parent.parent
SAMPLER = ROOT / "tests" / "manuscripts" / "sampler"
# A right-to-left book with English paragraphs and notes, a left-to-right one with Hebrew and
# Arabic ones, none of them marked by the author (tests/manuscripts/README.md).
BIDI_BOOKS = ("bidi-rtl", "bidi-ltr")


def load(root: Path) -> tuple[Book, Styles]:
    project = Project.at(root)
    return make_book(read_manuscript(project)), load_styles(project)


@pytest.fixture(scope="session")
def chile() -> tuple[Book, Styles]:
    """The Book and Styles of the repository's own manuscript (The coup in Chile)."""
    return load(ROOT)


@pytest.fixture(scope="session")
def sampler() -> tuple[Book, Styles]:
    """A test manuscript exercising notes, images, quotations, lists, a table and a poem."""
    return load(SAMPLER)


@pytest.fixture(scope="session")
def bidi_built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The books of BIDI_BOOKS, each copied and built once with the command line (its
    default editions: EPUB, print PDF, cover, text): name -> the project folder."""
    projects = {}
    for name in BIDI_BOOKS:
        project = tmp_path_factory.mktemp(name)
        shutil.copytree(ROOT / "tests" / "manuscripts" / name / "manuscript",
                        project / "manuscript")
        result = subprocess.run([sys.executable, "-m", "publish", "build"], cwd=project,
                                capture_output=True, text=True, timeout=900, check=False)
        assert result.returncode == 0, result.stderr
        projects[name] = project
    return projects


@pytest.fixture(scope="session")
def settings() -> Settings:
    return Settings()


@pytest.fixture(scope="session")
def long_book(tmp_path_factory: pytest.TempPathFactory) -> tuple[Book, Styles]:
    """A book of 24 chapters and about 50,000 words, made as the benchmark makes its books."""
    return load(made_long_project(tmp_path_factory.mktemp("long") / "book", 50_000))


def made_long_project(project: Path, words: int) -> Path:
    """A project of 24 chapters and about that many words at `project`, made from this
    repository's manuscript as the benchmark makes its books (bench/bench.py)."""
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        import bench  # type: ignore[import-not-found]
    finally:
        sys.path.remove(str(ROOT / "bench"))
    bench.make_long_project(ROOT, project, 24, words, 1973)
    return project


@dataclass
class RecordingKeep:
    """A Keep (publish.kept) holding what it is given in memory, and the keys it made."""

    kept: dict[str, bytes] = field(default_factory=dict)
    made: list[str] = field(default_factory=list)

    def __call__(self, key: str, make: Callable[[], bytes]) -> bytes:
        if key not in self.kept:
            self.made.append(key)
            self.kept[key] = make()
        return self.kept[key]


@pytest.fixture
def keep() -> RecordingKeep:
    return RecordingKeep()
