"""Certifying: the EPUB's accessibility conformance claim, stated only where the evidence holds.

When metadata.yaml asks for the claim (`accessibility: claim: yes`), the built EPUB is read by
EPUBCheck and Ace and checked for what they leave out (checks/evidence/); where every check
passes, the claim (EPUB Accessibility 1.1 - WCAG 2.2 Level AA), its certifier and the
certifier's credential and report are written into the package, and EPUBCheck reads the claimed
EPUB once more. Where a check fails, the EPUB goes out without a claim, as it was built (its
summary says what is known), and the build says why. Either way the evidence is written beside
it, a JSON and a readable page, which build/manifest.json lists.

It runs after the editions are rendered and before anything is written, so a failure leaves
build/ as it was. Only a book that asks for the claim pays for it: Ace drives a browser.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from publish.checks.display_guide import store_view
from publish.checks.evidence import Evidence
from publish.checks.evidence.content import content_verdicts
from publish.checks.evidence.record import evidence_html, evidence_json
from publish.checks.evidence.validators import ace, epubcheck
from publish.editions.epub.claim import claim_metadata, with_claim
from publish.source.metadata import Metadata


@dataclass(frozen=True)
class Certified:
    epub: bytes  # with the claim where the evidence holds, else as it was built
    evidence: bytes  # the JSON record
    report: bytes  # the HTML page
    warnings: tuple[str, ...]  # why there is no claim, when there is none
    claim: tuple[tuple[str, str], ...]  # what the EPUB now states, as (property, value)


def certify(metadata: Metadata, epub: bytes, epub_name: str, report_name: str) -> Certified:
    """The EPUB (named as build/ will name it) certified, or left unclaimed with the reason."""
    claim = claim_metadata(metadata.accessibility)
    with tempfile.TemporaryDirectory(prefix="publish-certify-") as folder:
        checked = Path(folder) / epub_name
        checked.write_bytes(epub)
        evidence = Evidence((epubcheck(checked, Path(folder)), ace(checked, Path(folder)),
                             *content_verdicts(checked, metadata.print_identifier)))
        claimed, after_claim = None, None
        if evidence.holds:
            claimed = with_claim(epub, metadata.accessibility)
            checked.write_bytes(claimed)
            after_claim = epubcheck(checked, Path(folder))
            if not after_claim.passed:  # the claim broke the package: say so, claim nothing
                claimed = None
                checked.write_bytes(epub)
        shown = store_view(checked)
    warnings: tuple[str, ...] = ()
    if claimed is None:
        failed = evidence.failed or ((after_claim,) if after_claim else ())
        first = failed[0]
        warnings = (f"no accessibility conformance claim: {len(failed)} check(s) failed, "
                    f"first {first.check}" + (f" ({first.details[0]})" if first.details else "")
                    + f"; see build/{report_name}",)
    return Certified(
        claimed or epub,
        evidence_json(epub_name, epub, claimed, evidence, after_claim, claim,
                      metadata.accessibility),
        evidence_html(metadata.title, epub_name, evidence, after_claim, claim,
                      claimed is not None, shown),
        warnings, tuple(claim) if claimed is not None else ())
