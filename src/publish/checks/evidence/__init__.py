"""The evidence an accessibility conformance claim rests on, gathered from the built EPUB by
programs other than the one that made it (certify.py states the claim only where it holds).

EPUB Accessibility 1.1 with WCAG 2.2 Level AA is a claim about the publication as a reader
gets it, so each piece is read from the EPUB's file: EPUBCheck's verdict on the package, Ace's
(DAISY's checker: axe-core's WCAG rules in Chromium, and EPUB's own), and what the
specification asks that neither checks in full: every image described or marked decorative,
a page list that reaches every page-break marker, the print edition named as its source, and
every document in its language.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Verdict:
    """One check's outcome: what was checked, by what, and what it found wrong."""

    check: str  # e.g. "EPUBCheck: no message"
    tool: str  # the program and its version, or "publish" for our own reading of the file
    passed: bool
    details: tuple[str, ...] = ()  # each message or failing place, as the tool gave it

    def as_json(self) -> dict[str, object]:
        return {"check": self.check, "tool": self.tool, "passed": self.passed,
                "details": list(self.details)}


@dataclass(frozen=True)
class Evidence:
    verdicts: tuple[Verdict, ...]

    @property
    def holds(self) -> bool:
        return all(verdict.passed for verdict in self.verdicts)

    @property
    def failed(self) -> tuple[Verdict, ...]:
        return tuple(verdict for verdict in self.verdicts if not verdict.passed)
