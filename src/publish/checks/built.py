"""A project's build/ as the checks see it: its files, the Book they were made from, and the
settings they were built with."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from publish.book.model import Book
from publish.editions import EDITIONS
from publish.errors import PublishError
from publish.project import Project
from publish.settings import Settings


@dataclass(frozen=True)
class Built:
    project: Project
    book: Book  # made afresh from the manuscript, never read from the build
    settings: Settings

    def path(self, edition: str) -> Path:
        return EDITIONS[edition].output_path(self.project, self.book.metadata.title)

    def has(self, edition: str) -> bool:
        return self.path(edition).is_file()

    def read(self, edition: str) -> bytes:
        path = self.path(edition)
        try:
            return path.read_bytes()
        except FileNotFoundError:
            raise PublishError(f"{self.shown(edition)} is missing: build it first with "
                               f"publish build {edition}") from None

    def shown(self, edition: str) -> str:
        """The edition's file as the author knows it: build/<slug>.pdf."""
        return self.project.relative(self.path(edition)).as_posix()

    @property
    def editions(self) -> str:
        """All the book's built files at once, for a report's title: build/<slug>.*"""
        return self.project.relative(self.path("epub").with_suffix(".*")).as_posix()
