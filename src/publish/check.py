"""`publish check`: the reports on what build/ holds, one per built file a print shop receives.

Each entry of CHECKS names a built file and the function that inspects it; `publish check`
runs them all (other reports, on other files, are added to the list). A file that is not
built yet is a clear error, not an empty report.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from publish.book import make_book
from publish.editions import EDITIONS
from publish.errors import PublishError
from publish.manuscript import read_manuscript
from publish.parity import check_parity
from publish.parse import slugify
from publish.preflight import preflight_interior
from publish.project import Project
from publish.report import Report
from publish.settings import Settings

Inspector = Callable[[bytes, Settings, str], Report]


@dataclass(frozen=True)
class Check:
    edition: str  # the edition whose built file is inspected (names its suffix)
    inspect: Inspector  # (file bytes, settings, report title) -> Report


CHECKS = (Check("pdf", preflight_interior),)


def check_project(project: Project, settings: Settings) -> list[Report]:
    """Every check on the project's built files, in the order of CHECKS, then parity: that
    the editions say what the manuscript says."""
    book = make_book(read_manuscript(project))
    slug = slugify(book.metadata.title)
    reports = []
    for check in CHECKS:
        path = project.build / f"{slug}{EDITIONS[check.edition].suffix}"
        reports.append(check.inspect(built_file(path, project, check.edition), settings,
                                     f"Preflight: {project.relative(path)}"))
    reports.append(check_parity(project, book))
    return reports


def built_file(path: Path, project: Project, edition: str) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise PublishError(f"{project.relative(path)} is missing: build it first with "
                           f"publish build {edition}") from None
