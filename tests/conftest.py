"""Shared fixtures: the books of this repository's manuscript, of the test sampler and of a long
book made as the benchmark makes them."""

from __future__ import annotations

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
def settings() -> Settings:
    return Settings()


@pytest.fixture(scope="session")
def long_book(tmp_path_factory: pytest.TempPathFactory) -> tuple[Book, Styles]:
    """A book of 24 chapters and about 50,000 words, made as the benchmark makes its books."""
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        import bench  # type: ignore[import-not-found]
    finally:
        sys.path.remove(str(ROOT / "bench"))
    project = tmp_path_factory.mktemp("long") / "book"
    bench.make_long_project(ROOT, project, 24, 50_000, 1973)
    return load(project)


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
