"""Hostile manuscripts: none gives a traceback or an exit other than 0 or 1; one refused names
its file and line and writes nothing; one built gives an EPUB that EPUBCheck passes and carries
every sentinel word the source holds outside what a finding named."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from test_epub import run_epubcheck

from publish.scaffold import create_project

CHAPTER = Path("manuscript/chapters/01-chapter-one.md")
SENTINEL = "Sentinelword"  # in every case, outside the damaged part

# name -> (the chapter's Markdown after its heading, the exit expected)
CASES: dict[str, tuple[str, int]] = {
    "control character": (f"{SENTINEL}.\n\nA bell\x07 rings.\n", 1),
    "form feed": (f"{SENTINEL}.\n\nA page\x0c break.\n", 1),
    "reference to a control character": (f"{SENTINEL}.\n\nA &#1; here.\n", 1),
    "raw <title>": (f"{SENTINEL}.\n\nBefore <title>x</title> after.\n", 1),
    "raw <noscript>": (f"{SENTINEL}.\n\n<noscript>x</noscript>\n", 1),
    "unclosed comment": (f"{SENTINEL}.\n\nBefore <!-- to do\n\nThe rest.\n", 1),
    "row with an extra cell": (f"{SENTINEL}.\n\n| a | b |\n|---|---|\n| 1 | 2 | 3 |\n", 1),
    "separator of too few columns": (f"{SENTINEL}.\n\n| a | b |\n|---|\n| 1 | 2 |\n", 1),
    "note cited, not defined": (f"{SENTINEL}.[^heat]\n", 1),
    "note defined twice": (f"{SENTINEL}.[^a]\n\n[^a]: One.\n\n[^a]: Two.\n", 1),
    "empty heading": (f"{SENTINEL}.\n\n#\n\nText.\n", 1),
    "nesting beyond the limit": (f"{SENTINEL}.\n\n" + "> " * 20 + "deep\n", 1),
    "emphasis nested past the parser's depth": (
        f"{SENTINEL}.\n\n" + "**" * 1600 + "x" + "**" * 1600 + "\n", 1),
    "link address taken for a tag": (f"{SENTINEL} [link](</script?foo=1>).\n", 1),
    "note never cited": (f"{SENTINEL}.\n\n[^lost]: Nobody cites this.\n", 0),
    "Markdown inside raw HTML": (f'<div class="box">\n{SENTINEL} *boxed*.\n</div>\n', 0),
    "row with a cell too few": (f"| a | b |\n|---|---|\n| {SENTINEL} |\n", 0),
    "heading level skipped": (f"### Deep\n\n{SENTINEL}.\n", 0),
    "deep but allowed nesting": ("> " * 12 + f"{SENTINEL}\n", 0),
    "brackets nested three thousand deep": (
        f"{SENTINEL}.\n\n" + "[" * 3000 + "x" + "]" * 3000 + "\n", 0),
    "long list": (f"{SENTINEL}.\n\n" + "".join(f"- item {n}\n" for n in range(1500)), 0),
    "markup shown as code": (f"`<title>` `<!--` `&#1;` {SENTINEL}.\n", 0),
    "closed comment over paragraphs": (f"<!-- a\n\nb -->\n\n{SENTINEL}.\n", 0),
}


def build(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "publish", "build", "epub", "txt"],
                          cwd=root, capture_output=True, text=True, timeout=600, check=False)


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_a_hostile_manuscript_is_refused_or_built_whole(tmp_path: Path, case: str) -> None:
    markdown, expected = CASES[case]
    root = tmp_path / "book"
    create_project(root, 2026)
    (root / CHAPTER).write_text("# Chapter One\n\n" + markdown, encoding="utf-8")
    before = (root / CHAPTER).read_bytes()

    result = build(root)

    assert "Traceback" not in result.stderr
    assert result.returncode == expected, result.stderr
    assert (root / CHAPTER).read_bytes() == before
    if expected == 1:
        errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
        assert errors and all(line.startswith(f"error: {CHAPTER.as_posix()}:")
                              for line in errors), result.stderr
        assert not (root / "build").exists() or not any((root / "build").iterdir())
        return
    epub = next((root / "build").glob("*.epub"))
    report = run_epubcheck(epub.read_bytes(), tmp_path)
    checker = report["checker"]
    assert isinstance(checker, dict)
    assert (checker["nFatal"], checker["nError"], checker["nWarning"]) == (0, 0, 0), [
        message["message"] for message in report["messages"]]  # type: ignore[attr-defined]
    with zipfile.ZipFile(epub) as archive:
        text = " ".join("".join(etree.fromstring(archive.read(name)).itertext())
                        for name in archive.namelist() if name.endswith(".xhtml"))
    assert SENTINEL in text
    assert SENTINEL in next((root / "build").glob("*.txt")).read_text("utf-8")
