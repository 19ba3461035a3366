"""Building: run the stages, then write every edition into build/ at once, atomically.

This is the one module that writes files. Editions are rendered to bytes first; only when all
of them succeeded are they written, each to a temporary file renamed into place, so a failed
build leaves build/ as it was.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from publish.book import make_book
from publish.editions import EDITIONS
from publish.errors import PublishError
from publish.manuscript import read_manuscript
from publish.parse import slugify
from publish.project import Project
from publish.settings import Settings
from publish.styles import load_styles


@dataclass(frozen=True)
class Written:
    edition: str
    path: Path
    size: int


@dataclass(frozen=True)
class BuildResult:
    written: tuple[Written, ...]
    warnings: tuple[str, ...]  # what the layout engine complained of (bad CSS, say)


def build_editions(project: Project, names: Sequence[str], settings: Settings, *,
                   strict: bool = False,
                   progress: Callable[[str], None] = lambda step: None) -> BuildResult:
    """Read, make the Book once, render each named edition, then write them all."""
    unknown = [name for name in names if name not in EDITIONS]
    if unknown:
        raise PublishError(f"unknown edition {unknown[0]!r} (one of: {', '.join(EDITIONS)})")
    progress("reading the manuscript")
    manuscript = read_manuscript(project)
    book = make_book(manuscript)
    styles = load_styles(project)
    slug = slugify(book.metadata.title)
    outputs: dict[str, tuple[Path, bytes]] = {}
    with captured_warnings() as warnings:
        for name in names:
            edition = EDITIONS[name]
            progress(f"rendering the {edition.description}")
            outputs[name] = (project.build / f"{slug}{edition.suffix}",
                             edition.render(book, styles, settings))
    if strict and warnings:
        raise PublishError(f"{len(warnings)} warning(s) with --strict: {warnings[0]}")
    progress("writing build/")
    written = write_all(project, outputs)
    return BuildResult(written, tuple(warnings))


def write_all(project: Project, outputs: dict[str, tuple[Path, bytes]]) -> tuple[Written, ...]:
    project.build.mkdir(exist_ok=True)
    project.inside(project.build, cited_in=project.build)
    parts = []
    try:
        for path, data in outputs.values():
            part = path.with_name(f".{path.name}.part")
            part.write_bytes(data)
            parts.append((part, path))
        for part, path in parts:
            os.replace(part, path)
    finally:
        for part, _ in parts:
            part.unlink(missing_ok=True)
    return tuple(Written(name, path, len(data)) for name, (path, data) in outputs.items())


@contextmanager
def captured_warnings() -> Iterator[list[str]]:
    """Collect what WeasyPrint logs (bad CSS, missing resources) instead of letting it vanish."""
    messages: list[str] = []

    class Collector(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            messages.append(record.getMessage())

    logger = logging.getLogger("weasyprint")
    handler = Collector(logging.WARNING)
    logger.addHandler(handler)
    propagate = logger.propagate
    logger.propagate = False
    try:
        yield messages
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate
