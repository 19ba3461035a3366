"""manuscript/IMPORT.md: every change an import made, grouped by kind, each with its place in
the source and its text, then `publish lint`'s findings on the result; in the manner of
manuscript/EDITING.md, the hand-made record of this repository's own book's repairs."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from publish.imports.imported import Change, ChangeKind

PREFIXES = {ChangeKind.DROPPED: "X", ChangeKind.JOINED: "J", ChangeKind.REPAIRED: "R",
            ChangeKind.GUESSED: "G", ChangeKind.FINDING: "N"}
SHORT = 240  # characters of a changed text shown; a dropped text is shown whole

OPENING = """\
# Import record

`publish import` made this manuscript from the sources below, in their order. Every change
it made is listed so that it can be checked against the source: what it dropped (with its
text), what it joined or repaired, what it guessed (headings, notes, metadata), and what it
could not carry. "Location" is the source's file and its line (or paragraph, or part). The
findings of `publish lint` on the manuscript as imported close the record: mend what they
say, then build.
"""

MEANING = {
    ChangeKind.DROPPED: "Text not carried into the manuscript: the page's furniture, the "
    "matter a build makes again, empty paragraphs.",
    ChangeKind.JOINED: "Paragraphs or words the source had split, set together again.",
    ChangeKind.REPAIRED: "Characters or markup mended: dashes, invisible characters, links "
    "that led nowhere.",
    ChangeKind.GUESSED: "Structure the source did not mark and the import inferred: check "
    "each.",
    ChangeKind.FINDING: "What the import could not carry: mend it by hand, or leave it out.",
}


def import_log(sources: Sequence[Path], changes: Sequence[Change],
               lint_findings: Sequence[str]) -> str:
    """The record, as Markdown."""
    parts = [OPENING, "**Sources:** " + "; ".join(
        f"{number}. `{source.name}`" for number, source in enumerate(sources, 1)) + "\n"]
    counts: list[str] = []
    for section, kind in enumerate(ChangeKind, 1):
        of_kind = [change for change in changes if change.kind is kind]
        parts.append(f"## {section}. {kind.value}\n\n{MEANING[kind]}\n")
        if not of_kind:
            parts.append("None.\n")
            continue
        counts.append(f"{len(of_kind)} {kind.value.lower()}")
        rows = ["| # | Location | What | Text |", "| --- | --- | --- | --- |"]
        for number, change in enumerate(of_kind, 1):
            rows.append(f"| {PREFIXES[kind]}{number} | {cell(change.where)} | "
                        f"{cell(change.what)} | {cell(shown(change))} |")
        parts.append("\n".join(rows) + "\n")
    parts.append(f"## {len(ChangeKind) + 1}. Lint findings\n\n"
                 "`publish lint` on the manuscript as imported:\n")
    parts.append("\n".join(f"- {finding}" for finding in lint_findings) + "\n"
                 if lint_findings else "None: lint finds nothing to mend.\n")
    parts.append("**Count:** " + (", ".join(counts) if counts else "no changes") +
                 f"; {len(lint_findings)} lint findings.\n")
    return "\n".join(parts)


def shown(change: Change) -> str:
    if change.kind is ChangeKind.DROPPED or len(change.text) <= SHORT:
        return change.text
    return change.text[:SHORT].rstrip() + "…"


def cell(text: str) -> str:
    """Text for a table cell: on one line, its pipes escaped."""
    return " ".join(text.split()).replace("|", "\\|")
