"""`publish check`: the reports on what build/ holds, one per built file a print shop receives.

Each entry of CHECKS names a built file and the function that inspects it; `publish check`
runs them all (other reports, on other files, are added to the list). A required file that is
not built yet is a clear error, not an empty report; an optional one (the cover) is checked
when it is there. The checks are made against the settings the files were built with, as
build/manifest.json records them, unless the command line says otherwise.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pikepdf

from publish.book import make_book
from publish.build import MANIFEST_NAME
from publish.editions import EDITIONS
from publish.errors import PublishError
from publish.manuscript import read_manuscript
from publish.page_numbers import check_page_numbers
from publish.parity import check_parity
from publish.parse import slugify
from publish.preflight import preflight_interior
from publish.preflight_cover import preflight_cover
from publish.project import Project
from publish.report import Report
from publish.settings import BLEED_EDGES, PDF_VARIANTS, Paper, Settings, Trim


@dataclass(frozen=True)
class Built:
    """The project's build/ as the inspectors see it."""

    project: Project
    slug: str
    settings: Settings

    def path(self, edition: str) -> Path:
        return self.project.build / f"{self.slug}{EDITIONS[edition].suffix}"

    def read(self, edition: str) -> bytes:
        path = self.path(edition)
        try:
            return path.read_bytes()
        except FileNotFoundError:
            raise PublishError(f"{self.project.relative(path)} is missing: build it first with "
                               f"publish build {edition}") from None


Inspector = Callable[[bytes, Built, str], Report]  # (file bytes, build/, report title)


def inspect_interior(data: bytes, built: Built, title: str) -> Report:
    return preflight_interior(data, built.settings, title)


def inspect_cover(data: bytes, built: Built, title: str) -> Report:
    """The wrap against the page count of the interior beside it in build/."""
    page_count = len(pikepdf.open(io.BytesIO(built.read("pdf"))).pages)
    return preflight_cover(data, page_count, built.settings, title)


@dataclass(frozen=True)
class Check:
    edition: str  # the edition whose built file is inspected (names its suffix)
    inspect: Inspector
    required: bool = True  # a missing file is an error; else the check is left out


CHECKS = (Check("pdf", inspect_interior), Check("cover", inspect_cover, required=False))


def check_project(project: Project, settings: Settings) -> list[Report]:
    """Every check on the project's built files, in the order of CHECKS, then parity (the
    editions say what the manuscript says) and the page numbers (the EPUB's and the text's
    are the print PDF's)."""
    book = make_book(read_manuscript(project))
    built = Built(project, slugify(book.metadata.title), settings)
    reports = []
    for check in CHECKS:
        path = built.path(check.edition)
        if not check.required and not path.is_file():
            continue
        reports.append(check.inspect(built.read(check.edition), built,
                                     f"Preflight: {project.relative(path).as_posix()}"))
    reports.append(check_parity(project, book))
    reports.append(check_page_numbers(project, book))
    return reports


def recorded_settings(project: Project) -> Settings | None:
    """The settings of the last build, from build/manifest.json; None when there is none."""
    path = project.build / MANIFEST_NAME
    try:
        recorded: dict[str, Any] = json.loads(path.read_text("utf-8"))["settings"]
        variant, edges = recorded["pdf_variant"], recorded["bleed_edges"]
        if variant not in PDF_VARIANTS or edges not in BLEED_EDGES:
            raise ValueError(variant if variant not in PDF_VARIANTS else edges)
        return Settings(trim=Trim(**recorded["trim"]), pdf_variant=variant,
                        bleed=bool(recorded["bleed"]), bleed_edges=edges,
                        paper=Paper(**recorded["paper"]),
                        page_markers=bool(recorded["page_markers"]))
    except FileNotFoundError:
        return None
    except (ValueError, KeyError, TypeError) as error:
        raise PublishError(f"cannot read the build's settings ({type(error).__name__}: {error}); "
                           "rebuild, or give --trim, --bleed and --paper",
                           project.relative(path)) from None
