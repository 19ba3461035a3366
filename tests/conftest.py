"""Shared fixtures: the book of this repository's manuscript and of the test sampler."""

from __future__ import annotations

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
