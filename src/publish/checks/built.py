"""A project's build/ as the checks see it: its files, the Book they were made from, and the
settings they were built with; what several checks read of them, read once."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from publish.book.model import Book
from publish.checks.pdf_pages import PdfPage, read_pages
from publish.checks.words import Text, manuscript_text
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

    @cached_property
    def manuscript(self) -> Text:
        """The manuscript's words, notes and headings, as the editions are compared on them."""
        return manuscript_text(self.book)

    @cached_property
    def pdf_pages(self) -> list[PdfPage]:
        """The print PDF's pages: their lines and where their characters sit."""
        return read_pages(self.read("pdf"), rtl=self.book.metadata.dir == "rtl")

    def shown(self, edition: str) -> str:
        """The edition's file as the author knows it: build/<slug>.pdf."""
        return self.project.relative(self.path(edition)).as_posix()

    @property
    def editions(self) -> str:
        """All the book's built files at once, for a report's title: build/<slug>.*"""
        return self.project.relative(self.path("epub").with_suffix(".*")).as_posix()
