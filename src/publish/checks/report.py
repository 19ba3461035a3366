"""What `publish check` finds: findings with a code, a verdict and a line a person can act on."""

from __future__ import annotations

from dataclasses import dataclass

from publish.checks.catalogue import CATALOGUE, Severity


@dataclass(frozen=True)
class Finding:
    code: str  # its entry in the catalogue, e.g. "P-003"
    passed: bool
    detail: str  # what was found: figures, or where it differs
    severity: Severity = "error"  # what a failure means: error fails the check, warning not
    edition: str = ""  # which edition it is about, where one check looks at several ("EPUB")

    def __post_init__(self) -> None:
        if self.code not in CATALOGUE:
            raise ValueError(f"{self.code} is not in the catalogue of checks")

    @property
    def check(self) -> str:
        """What was checked, e.g. "fonts embedded", "EPUB text"."""
        title = CATALOGUE[self.code].title
        return f"{self.edition} {title}" if self.edition else title


@dataclass(frozen=True)
class Report:
    title: str  # e.g. "Preflight: build/the-coup-in-chile.pdf"
    findings: tuple[Finding, ...]
    shown: tuple[str, ...] = ()  # what the report shows beside its findings, line by line

    @property
    def passed(self) -> bool:
        return all(finding.passed or finding.severity != "error" for finding in self.findings)

    def lines(self) -> list[str]:
        """The report as a person at a print shop or a publisher reads it."""
        marks = {True: "ok  ", False: "FAIL"}
        lines = [self.title, *(f"  {line}" for line in self.shown)]
        for finding in self.findings:
            mark = marks[finding.passed] if finding.passed or finding.severity == "error" else (
                "warn")
            lines.append(f"  {mark}  {finding.code} {finding.check}: {finding.detail}")
            if not finding.passed and CATALOGUE[finding.code].fix:  # what to do about it
                lines.append(f"        fix: {CATALOGUE[finding.code].fix}")
        lines.append("  result: " + ("passed" if self.passed else "FAILED"))
        return lines
