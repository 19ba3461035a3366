"""Building: read -> make the Book -> lay out -> render -> write, every edition into build/ at
once, atomically.

This is the one module that writes files (besides the layout cache, in its own folder).
Editions are rendered to bytes first; only when all of them succeeded are they written, each to
a temporary file renamed into place, so a failed build leaves build/ as it was.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from publish.book.glyphs import check_glyphs
from publish.book.make import make_book
from publish.book.parse import parse_ahead
from publish.captured import captured_warnings
from publish.checks.lint import lint_manuscript
from publish.checks.lint.finding import LintFinding
from publish.editions import EDITIONS, Edition, Rendered, prepared, rendered
from publish.errors import PublishError
from publish.kept import Keep, made
from publish.layout.cache import LayoutCache, Pending
from publish.layout.printed import PrintLayout, Typeset
from publish.layout.workers import Layouts
from publish.manifest import MANIFEST_NAME, manifest
from publish.project import Project
from publish.settings import Options, book_settings
from publish.source.manuscript import read_manuscript
from publish.source.metadata import Metadata
from publish.source.styles import load_styles

if TYPE_CHECKING:  # the layout's modules load when an edition needs the layout
    from publish.book.model import Book
    from publish.layout.font_cut import CutTypeface

CACHE_FOLDER = ".layout-cache"  # under build/: the print layout's units, kept between builds


@dataclass(frozen=True)
class Written:
    edition: str
    path: Path
    size: int


@dataclass(frozen=True)
class BuildResult:
    written: tuple[Written, ...]
    warnings: tuple[str, ...]  # what the layout engine complained of (bad CSS, say)
    layout: PrintLayout | None = None  # the print layout, when the print PDF was built


def build_editions(project: Project, names: Sequence[str], options: Options, *,
                   strict: bool = False, missing_glyphs: str = "error",
                   progress: Callable[[str], None] = lambda step: None,
                   layouts: Layouts | None = None, cache: Path | bool | None = True
                   ) -> BuildResult:
    """Read, make the Book once, lay it out once if an edition needs it, render each named
    edition, then write them all. A character no typeface has stops the build, or with
    missing_glyphs="warn" is a warning (and prints as the body face's empty box).

    The layout's units are laid out on `layouts` (a pool, a cluster; by default in this
    process) and kept in `cache`: a folder, True for the project's (build/.layout-cache), or
    False for none. The cache also keeps what making the Book and the editions derive at some
    cost (kept.py says what)."""
    unknown = [name for name in names if name not in EDITIONS]
    if unknown:
        raise PublishError(f"unknown edition {unknown[0]!r} (one of: {', '.join(EDITIONS)})")
    editions = [EDITIONS[name] for name in names]
    progress("reading the manuscript")
    manuscript = read_manuscript(project)
    store = layout_cache(project, cache)
    pending = None if store is None else Pending(store)
    keep: Keep = made if pending is None else pending.kept
    layouts = layouts or Layouts()
    if layouts.executor is not None:  # the workers parse what the cache lacks during the lint
        keep = parse_ahead(manuscript.metadata.lang,
                           [source.text for source in manuscript.chapters], keep,
                           lambda key: store is not None and store.holds(key), layouts.start,
                           manuscript.metadata.dir, manuscript.metadata.quotation_marks)
    findings = lint_manuscript(manuscript, keep)
    refuse(findings, strict)  # what the build would drop or print wrong: nothing is built
    settings = options.applied_to(book_settings(manuscript.metadata.trim))
    styles = load_styles(project, manuscript.metadata.lang)
    cutting: Callable[[Book], CutTypeface] | None = None
    printing = False
    if any(edition.needs_layout(settings) for edition in editions):
        from publish.layout.font_cut import CutFor, begin_cut

        # The body face is cut while the Book is made: no unit can begin before it is.
        cutting = begin_cut(CutFor.manuscript(manuscript), styles, store, layouts)
    book = make_book(manuscript, keep)
    faces, glyph_warnings = check_glyphs(book, manuscript, styles.fonts,
                                         warn=missing_glyphs == "warn")
    if pending is not None:  # nothing can refuse the manuscript any more
        pending.keep_all()
    warnings = [finding.one_line() for finding in findings] + list(glyph_warnings)
    kept = made if store is None else store.kept  # what the editions derive at some cost
    begun: dict[str, Callable[[], Rendered]] = {}
    preparing: list[Callable[[], None]] = []

    def begin(edition: Edition, layout: Typeset | None) -> None:
        """Render the edition on the layout's workers when they share this machine's files
        (layouts.begin), else here; the print PDF always here, which holds the units' pages."""
        progress(f"rendering the {edition.description}")
        if layout is not None and edition.uses_print_pdf:
            here = rendered(edition.name, book, styles, settings, layout, kept)
            begun[edition.name] = lambda: here
            released()
        else:
            begun[edition.name] = layouts.begin(rendered, edition.name, book, styles, settings,
                                                layout and layout.without_pdf(), kept)

    # Each edition begins as soon as what it needs is there: the text while the print edition
    # is laid out, the EPUB and the cover while this process assembles the print PDF.
    for edition in editions:
        if not edition.needs_layout(settings):
            begin(edition, None)
    if cutting is not None:
        progress("typesetting the print interior")
        from publish.layout.typeset import typeset_book

        with captured_warnings() as layout_warnings:
            cut = cutting(book)
            # What an edition can make from a new cut alone is made, and kept, during the
            # layout (a cut found in the cache says the rest was kept with it, most likely).
            preparing = [layouts.begin(prepared, edition.name, book, styles, cut.body, store.kept)
                         for edition in editions if edition.prepares
                         and edition.name not in begun and store is not None and cut.new]
            printing = any(edition.uses_print_pdf for edition in editions)
            layout = typeset_book(book, styles, settings, layouts=layouts, cache=store, cut=cut,
                                  pdf_wanted=printing)
        if printing:  # the layout proved its pages: what it could not set right stops here
            from publish.layout.notes.report import misplaced_error

            misplaced = misplaced_error(book, manuscript, layout.layout.notes)
            if misplaced is not None:
                raise misplaced
        warnings.extend(layout_warnings)
        for edition in sorted((edition for edition in editions if edition.name not in begun),
                              key=lambda edition: edition.uses_print_pdf):
            begin(edition, layout)
    outputs: dict[str, tuple[Path, bytes]] = {}
    for edition in editions:
        made_edition = begun[edition.name]()
        outputs[edition.name] = (edition.output_path(project, book.metadata.title),
                                 made_edition.data)
        warnings.extend(made_edition.warnings)
    for preparation in preparing:
        preparation()  # done by now; raises what it raised
    if "epub" in outputs and book.metadata.accessibility.claim:
        progress("certifying the EPUB's accessibility (EPUBCheck, Ace)")
        warnings.extend(certified(outputs, book.metadata))
    if strict and warnings:
        raise PublishError(f"{len(warnings)} warning(s) with --strict: {warnings[0]}")
    outputs["manifest"] = (project.build / MANIFEST_NAME,
                           manifest(project, styles, settings, outputs, faces,
                                    layout.layout if printing else None))
    progress("writing build/")
    written = write_all(project, outputs)
    if store is not None:
        store.make_room()
    return BuildResult(written, tuple(warnings), layout.layout if printing else None)


def certified(outputs: dict[str, tuple[Path, bytes]], metadata: Metadata) -> tuple[str, ...]:
    """The EPUB among the outputs certified (certify.py), its evidence added beside it."""
    from publish.certify import certify
    from publish.checks.evidence.record import evidence_paths

    path, epub = outputs["epub"]
    evidence, report = evidence_paths(path)
    done = certify(metadata, epub, path.name, report.name)
    outputs["epub"] = (path, done.epub)
    outputs["accessibility evidence"] = (evidence, done.evidence)
    outputs["accessibility report"] = (report, done.report)
    if "onix" in outputs and done.claim:  # the record says what the EPUB says
        from publish.editions.onix.claim import with_claim

        onix_path, onix = outputs["onix"]
        outputs["onix"] = (onix_path, with_claim(onix, done.claim))
    return done.warnings


def refuse(findings: Sequence[LintFinding], strict: bool) -> None:
    """Stop the build, building nothing, on the findings of what it would drop or print wrong
    (and on warnings too with --strict)."""
    stopping = [finding for finding in findings
                if finding.severity == "error" or (strict and finding.severity == "warning")]
    if stopping:
        raise PublishError.collect([PublishError(f"{finding.code} {finding.message} "
                                                 f"({finding.hint})", finding.path, finding.line)
                                    for finding in stopping])


def released() -> None:
    """Give the memory an edition freed back to the system, so that the build's peak is the
    largest edition's, not the sum of them all: glibc's malloc keeps freed memory for the
    process unless asked (a no-op elsewhere)."""
    gc.collect()
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None).malloc_trim(0)


def layout_cache(project: Project, cache: Path | bool | None) -> LayoutCache | None:
    if cache is False or cache is None:
        return None
    return LayoutCache(project.build / CACHE_FOLDER if cache is True else cache)


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
