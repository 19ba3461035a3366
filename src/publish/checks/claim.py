"""The EPUB's accessibility as a store shows it (display_guide.py), and its conformance claim
held against the evidence the build wrote beside it (certify.py): a claim in an EPUB that the
evidence does not back, because the EPUB was changed after it was certified, or certified by
nothing, is the claim a publisher may not send."""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path
from typing import Any

from publish.checks.built import Built
from publish.checks.display_guide import package_properties, store_view
from publish.checks.evidence.record import evidence_paths
from publish.checks.read_back import epub_package
from publish.checks.report import Finding, Report


def check_claim(built: Built) -> Report | None:
    if not built.has("epub"):
        return None
    path = built.path("epub")
    with zipfile.ZipFile(path) as archive:
        _, package = epub_package(archive)
    claimed = bool(package_properties(package)["dcterms:conformsTo"])
    evidence_path, report_path = evidence_paths(path)
    record = recorded(evidence_path)
    report = built.project.relative(report_path).as_posix()
    findings: list[Finding] = []
    if claimed:
        backed = (record is not None and record.get("evidence holds") is True
                  and record.get("claimed sha256") == hashlib.sha256(path.read_bytes()
                                                                     ).hexdigest())
        findings.append(Finding(
            "W-001", backed,
            f"backed by {report}" if backed else
            "no evidence beside it" if record is None else
            "the EPUB is not the one the evidence certified"))
    elif built.book.metadata.accessibility.claim:
        failed = [] if record is None else [check["check"] for check in record.get(
            "checks", []) if not check.get("passed")]
        findings.append(Finding(
            "W-002", False,
            f"not made: {'; '.join(failed)} failed (see {report})" if failed else
            "not made: no evidence was gathered (rebuild the EPUB)", severity="warning"))
    view = [line for section, statements in store_view(path) if statements
            for line in (f"{section}:", *(f"  {statement}" for statement in statements))]
    return Report(f"Accessibility as a store shows it: {built.shown('epub')}", tuple(findings),
                  tuple(view))


def recorded(path: Path) -> dict[str, Any] | None:
    """The evidence the build wrote, as JSON; None when there is none to read."""
    try:
        found: dict[str, Any] = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return None
    return found
