"""What `publish lint` finds: a problem an author can fix, at its file and line, with a code
from the catalogue (checks/catalogue.py) that says how serious it is and how to fix it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from publish.checks.catalogue import CATALOGUE, Severity


@dataclass(frozen=True)
class LintFinding:
    code: str  # e.g. "N-002"
    path: Path  # as the author knows it: manuscript/chapters/03.md
    line: int
    message: str
    hint: str  # what to do about it

    def __post_init__(self) -> None:
        if self.code not in CATALOGUE:
            raise ValueError(f"{self.code} is not in the catalogue")

    @property
    def severity(self) -> Severity:
        return CATALOGUE[self.code].severity

    def one_line(self) -> str:
        return f"{self.path.as_posix()}:{self.line}: {self.code} {self.message} ({self.hint})"

    def as_json(self) -> dict[str, str | int]:
        return {"file": self.path.as_posix(), "line": self.line, "code": self.code,
                "severity": self.severity, "message": self.message, "hint": self.hint}


@dataclass(frozen=True)
class Place:
    """The file a rule reads, to make its findings with."""

    path: Path

    def finding(self, code: str, line: int, message: str, hint: str) -> LintFinding:
        return LintFinding(code, self.path, line, message, hint)
