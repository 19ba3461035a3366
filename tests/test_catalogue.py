"""The catalogue of codes: one entry per code, every code used by a check (or by lint, or by the
manuscript reader's refusals), every code reported in it, and `--explain` prints an entry."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from test_cli import ROOT, publish

from publish.checks.catalogue import CATALOGUE, CODES
from publish.checks.explain import explanation
from publish.checks.report import Finding, Report

PACKAGE = ROOT / "src" / "publish"
# A code as a check names it ("P-003"), or opening a message ("X-001 control character").
CODE = re.compile(r'"([A-Z]-\d{3})[" ]')


def codes_in_checks() -> set[str]:
    return {code for path in PACKAGE.rglob("*.py") if path.name != "catalogue.py"
            for code in CODE.findall(path.read_text("utf-8"))}


def test_codes_are_unique_and_well_formed() -> None:
    assert len(CATALOGUE) == len(CODES)
    assert all(re.fullmatch(r"[CEFKABWPNSTHXRLIGMD]-\d{3}", code.code) for code in CODES)
    assert all(code.title and code.explanation.endswith(".") for code in CODES)


def test_every_code_is_reported_by_a_check_and_every_reported_code_is_listed() -> None:
    assert codes_in_checks() == set(CATALOGUE)


def test_a_finding_with_an_unknown_code_cannot_be_made() -> None:
    with pytest.raises(ValueError, match="Z-001"):
        Finding("Z-001", True, "")


def test_explain_prints_the_entry(tmp_path: Path) -> None:
    result = publish("check", "--explain", "c-002", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("C-002 spine width\nThe wrap's width less two covers")
    unknown = publish("check", "--explain", "P-999", cwd=tmp_path)
    assert unknown.returncode == 1
    assert unknown.stderr.startswith("error: no check has the code 'P-999'")
    assert len(unknown.stderr.strip().splitlines()) == 1


def test_every_check_says_what_to_do_when_it_fails() -> None:
    """Each code a check reports (P, C, E, F, the stores' K, A, B, and the claim's W) has a
    fix, which a failing finding's report shows under it and `--explain` prints; a finding
    that passes shows none."""
    checks = [code for code in CODES if code.code[0] in "PCEFKABW"]
    assert checks and all(code.fix.endswith(".") for code in checks)
    lines = Report("Parity", (Finding("E-004", False, "71 notes, the manuscript has 72"),
                              Finding("E-002", True, "same words"))).lines()
    assert lines[1].startswith("  FAIL  E-004") and lines[2] == (
        f"        fix: {CATALOGUE['E-004'].fix}")
    assert lines[3].startswith("  ok    E-002") and "fix:" not in "\n".join(lines[3:])
    assert f"When it fails: {CATALOGUE['F-002'].fix}" in explanation("F-002")
