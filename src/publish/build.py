"""Building: run the stages, then write every edition into build/ at once, atomically.

This is the one module that writes files. Editions are rendered to bytes first; only when all
of them succeeded are they written, each to a temporary file renamed into place, so a failed
build leaves build/ as it was.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import os
import platform
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import metadata, resources
from pathlib import Path

from publish.book import make_book
from publish.editions import EDITIONS, typeset
from publish.errors import PublishError
from publish.manuscript import read_manuscript
from publish.parse import slugify
from publish.project import Project
from publish.settings import Settings
from publish.styles import Styles, load_styles

MANIFEST_NAME = "manifest.json"
# The distributions whose code decides the bytes of an edition, by their PyPI names: the
# parsers, the writers, WeasyPrint and what it lays out and hyphenates with, the font package.
TOOLS = ("publish", "markdown", "pyyaml", "ebooklib", "weasyprint", "pydyf", "tinycss2",
         "pyphen", "fonttools", "pillow", "lxml", "fontpkg-eb-garamond", "anyascii")


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
        printed = None
        if any(EDITIONS[name].needs_typeset(settings) for name in names):
            progress("typesetting the print interior")
            printed = typeset(book, styles, settings)
        for name in names:
            edition = EDITIONS[name]
            progress(f"rendering the {edition.description}")
            outputs[name] = (project.build / f"{slug}{edition.suffix}",
                             edition.render(book, styles, settings, printed))
    if strict and warnings:
        raise PublishError(f"{len(warnings)} warning(s) with --strict: {warnings[0]}")
    outputs["manifest"] = (project.build / MANIFEST_NAME,
                           manifest(project, styles, settings, outputs))
    progress("writing build/")
    written = write_all(project, outputs)
    return BuildResult(written, tuple(warnings))


def manifest(project: Project, styles: Styles, settings: Settings,
             outputs: dict[str, tuple[Path, bytes]]) -> bytes:
    """What this build made, from exactly which inputs, with which tools: build/manifest.json.

    A reader of the manifest can check every file it names and rebuild the same bytes: it
    holds no timestamp and no absolute path, and its keys are sorted, so the same inputs give
    the same manifest byte for byte.
    """
    document = {
        "outputs": {
            path.name: {"edition": name, "size": len(data), "sha256": sha256(data)}
            for name, (path, data) in outputs.items()
        },
        "inputs": input_hashes(project, styles),
        "settings": dataclasses.asdict(settings),
        "tools": tool_versions(),
    }
    return (json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False, default=str)
            + "\n").encode("utf-8")


def input_hashes(project: Project, styles: Styles) -> dict[str, dict[str, str]]:
    """The sha256 of everything the editions were made from, by where it came from.

    The whole manuscript/ (chapters, metadata, images) and styles/ directories, so a file the
    build read cannot be missed; the package's built-in stylesheets; the typeface's bytes;
    the print edition's ICC output profile.
    """
    builtin = resources.files("publish").joinpath("styles")
    return {
        "manuscript": files_under(project, project.manuscript),
        "styles": files_under(project, project.styles),
        "built-in styles": {entry.name: sha256(entry.read_bytes())
                            for entry in sorted(builtin.iterdir(), key=lambda item: item.name)
                            if entry.name.endswith(".css")},
        "fonts": {f"{styles.typeface.family} roman": sha256(styles.typeface.roman),
                  f"{styles.typeface.family} italic": sha256(styles.typeface.italic)},
        "output profile": {styles.output_profile.source: sha256(styles.output_profile.data)},
    }


def files_under(project: Project, directory: Path) -> dict[str, str]:
    """Each file below a project directory (hidden ones aside), by its path in the project."""
    if not directory.is_dir():
        return {}
    return {project.relative(path).as_posix(): sha256(path.read_bytes())
            for path in sorted(directory.rglob("*"))
            if path.is_file() and not any(part.startswith(".")
                                          for part in path.relative_to(directory).parts)}


def tool_versions() -> dict[str, str]:
    """The versions of Python and of the libraries that decide an edition's bytes."""
    versions = {"python": platform.python_version()}
    for name in TOOLS:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def write_files(project: Project, files: dict[str, bytes], *,
                replacing: str | None = None) -> tuple[Written, ...]:
    """Write files other stages made (proof images, say), named by their path under build/,
    all at once and atomically like an edition; their directories are made as needed.

    `replacing` is a glob under build/ for a set these files replace: what it matches and was
    not written now is removed afterwards (a shorter book leaves no stale spreads behind).
    """
    outputs = {name: (project.build / name, data) for name, data in files.items()}
    project.build.mkdir(exist_ok=True)
    for path, _ in outputs.values():
        project.inside(path.parent, cited_in=project.build)
        path.parent.mkdir(parents=True, exist_ok=True)
    written = write_all(project, outputs)
    if replacing is not None:
        kept = {path for path, _ in outputs.values()}
        for stale in sorted(project.build.glob(replacing)):
            if stale not in kept and stale.is_file():
                stale.unlink()
    return written


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
