"""Bad input gets one clear line naming the file (and line), exit 1, no traceback,
nothing written to build/, and the manuscript untouched. Each case runs the real command."""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from publish.scaffold import create_project

CHAPTER = Path("manuscript/chapters/01-chapter-one.md")


def run_publish(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "publish", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=120, check=False)


def fingerprint(directory: Path) -> dict[str, str]:
    return {str(path.relative_to(directory)): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(directory.rglob("*")) if path.is_file() and not path.is_symlink()}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "book"
    create_project(root, 2026)
    return root


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def write_bytes(relative: str, data: bytes) -> Callable[[Path], None]:
    return lambda root: (root / relative).write_bytes(data)


def chapter_text(text: str) -> Callable[[Path], None]:
    return lambda root: (root / CHAPTER).write_text("# Chapter One\n\n" + text, encoding="utf-8")


def outside_image(root: Path) -> None:
    secret = root.parent / "outside.png"
    secret.write_bytes(b"\x89PNG\r\n\x1a\n")
    chapter_text("Look: ![a secret](../../../outside.png)\n")(root)


def symlinked_image(root: Path) -> None:
    secret = root.parent / "outside.png"
    secret.write_bytes(b"\x89PNG\r\n\x1a\n")
    (root / "manuscript" / "images").mkdir()
    (root / "manuscript" / "images" / "link.png").symlink_to(secret)
    chapter_text("Look: ![a linked file](../images/link.png)\n")(root)


def external_svg(root: Path) -> None:
    (root / "manuscript" / "images").mkdir()
    (root / "manuscript" / "images" / "map.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
        '<image xlink:href="http://example.com/x.png" width="1" height="1"/></svg>')
    chapter_text("A map: ![a map](../images/map.svg)\n")(root)


def invalid_metadata(root: Path) -> None:
    (root / "manuscript" / "metadata.yaml").write_text(
        "title: ''\nlang: english\ndate: last year\n", encoding="utf-8")


CASES: dict[str, tuple[Callable[[Path], None], list[str]]] = {
    "invalid UTF-8": (write_bytes(str(CHAPTER), b"# One\n\nCaf\xe9 au lait\n"),
                      ["01-chapter-one.md:3:", "UTF-8"]),
    "NUL byte": (write_bytes(str(CHAPTER), b"# One\n\nfine\n\nbad\x00byte\n"),
                 ["01-chapter-one.md:5:", "NUL"]),
    "missing metadata": (lambda root: (root / "manuscript" / "metadata.yaml").unlink(),
                         ["metadata.yaml", "missing"]),
    "invalid metadata": (invalid_metadata,
                         ["metadata.yaml:1: M-001 title", "metadata.yaml:2: M-001 lang",
                          "metadata.yaml:3: M-001 date", "M-001 creator: missing",
                          "M-001 identifier: missing"]),
    "broken YAML": (lambda root: append(root / "manuscript" / "metadata.yaml", "x: [unclosed\n"),
                    ["metadata.yaml:", "invalid YAML"]),
    "empty manuscript": (lambda root: (root / CHAPTER).write_text("\n\n", encoding="utf-8"),
                         ["manuscript/chapters", "empty"]),
    "no chapters at all": (lambda root: (root / CHAPTER).unlink(),
                           ["manuscript/chapters", "empty"]),
    "image at a URL": (chapter_text("See ![x](https://example.com/x.png)\n"),
                       ["01-chapter-one.md:3:", "network"]),
    "raw HTML image at a URL": (chapter_text('<img src="http://example.com/x.png" alt="x">\n'),
                                ["01-chapter-one.md:3:", "network"]),
    "image outside the project": (outside_image, ["01-chapter-one.md:3:", "outside the project"]),
    "symlink leaving the project": (symlinked_image, ["01-chapter-one.md:3:",
                                                      "outside the project"]),
    "link to a file outside": (chapter_text("Read [this](../../../../etc/passwd)\n"),
                               ["01-chapter-one.md:3:", "outside the project"]),
    "link to a file: URL": (chapter_text("Read [this](file:///etc/passwd)\n"),
                            ["01-chapter-one.md:3:", "scheme"]),
    "SVG pulling in a URL": (external_svg, ["01-chapter-one.md:3:", "self-contained"]),
    "script": (chapter_text("Hi.\n\n<script>alert(1)</script>\n"),
               ["01-chapter-one.md:5:", "<script>"]),
    "iframe": (chapter_text('<iframe src="https://example.com"></iframe>\n'),
               ["01-chapter-one.md:3:", "<iframe>"]),
    "object": (chapter_text('<object data="x.swf"></object>\n'),
               ["01-chapter-one.md:3:", "<object>"]),
    "event handler": (chapter_text('<p onclick="steal()">Click</p>\n'),
                      ["01-chapter-one.md:3:", "onclick"]),
    "extreme nesting": (chapter_text("> " * 5000 + "deep\n"),
                        ["01-chapter-one.md:3:", "nested"]),
    "raw HTML nesting": (chapter_text("<div>" * 500 + "deep" + "</div>" * 500 + "\n"),
                         ["01-chapter-one.md", "nested"]),
    "multi-megabyte paragraph": (chapter_text("word " * 600_000 + "\n"),
                                 ["01-chapter-one.md:3:", "paragraph longer"]),
    "control character": (chapter_text("Fine.\n\nA bell\x07 rings.\n"),
                          ["01-chapter-one.md:5:", "U+0007"]),
    "vertical tab": (chapter_text("A \x0b tab.\n"), ["01-chapter-one.md:3:", "U+000B"]),
    "control character reference": (chapter_text("Fine.\n\nA &#1; here.\n"),
                                    ["01-chapter-one.md:5:", "&#1;"]),
    "surrogate reference": (chapter_text("A &#xD800; here.\n"), ["01-chapter-one.md:3:",
                                                                  "&#xD800;"]),
    "impossible month": (lambda root: replace_date(root, "2025-13-01"),
                         ["metadata.yaml:", "date: '2025-13-01'"]),
    "impossible day": (lambda root: replace_date(root, "2025-02-30"),
                       ["metadata.yaml:", "date: '2025-02-30'"]),
    "raw <title>": (chapter_text("Before <title>x</title> after.\n\n# Two\n\nLater.\n"),
                    ["01-chapter-one.md:3:", "<title>"]),
    "raw <xmp>": (chapter_text("Fine.\n\nBefore <xmp>x after.\n"),
                  ["01-chapter-one.md:5:", "<xmp>"]),
    "raw <noscript>": (chapter_text("<noscript>x</noscript> after.\n"),
                       ["01-chapter-one.md:3:", "<noscript>"]),
    "raw <plaintext>": (chapter_text("Fine.\n\n<plaintext>the rest\n"),
                        ["01-chapter-one.md:5:", "<plaintext>"]),
    "unclosed comment": (chapter_text("Fine.\n\nBefore <!-- a note to self\n\nThe rest.\n"),
                         ["01-chapter-one.md:5:", "not closed"]),
    "comment closed in another paragraph": (
        chapter_text("Fine.\n\nBefore <!-- a note\n\nto self --> after.\n"),
        ["01-chapter-one.md:5:", "not closed"]),
    "link named at its own line": (chapter_text("See notes.md for more.\n\nRead [it](notes.md).\n"),
                                   ["01-chapter-one.md:5:", "not a chapter"]),
    "broken YAML at its line": (lambda root: append(root / "manuscript" / "metadata.yaml",
                                                    'subtitle: "never closed\n'),
                                ["invalid YAML"]),
    "empty heading": (chapter_text("Fine.\n\n#\n\nText.\n"),
                      ["01-chapter-one.md:5:", "heading with no words"]),
}


def replace_date(root: Path, date: str) -> None:
    metadata = root / "manuscript" / "metadata.yaml"
    lines = [f"date: {date}" if line.startswith("date:") else line
             for line in metadata.read_text(encoding="utf-8").splitlines()]
    if not any(line.startswith("date:") for line in lines):
        lines.append(f"date: {date}")
    metadata.write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_bad_input_is_one_clear_error(project: Path, case: str) -> None:
    damage, expected = CASES[case]
    damage(project)
    before = fingerprint(project / "manuscript")

    result = run_publish("build", cwd=project)

    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert errors, result.stderr
    for fragment in expected:
        assert any(fragment in line for line in errors), (fragment, result.stderr)
    if case != "invalid metadata":
        assert len(errors) == 1, result.stderr
    assert not (project / "build").exists() or not any((project / "build").iterdir())
    assert fingerprint(project / "manuscript") == before


def test_unknown_edition_is_refused(project: Path) -> None:
    result = run_publish("build", "mobi", cwd=project)
    assert result.returncode == 1
    assert "unknown edition 'mobi'" in result.stderr


def test_not_a_project(tmp_path: Path) -> None:
    result = run_publish("build", cwd=tmp_path)
    assert result.returncode == 1
    assert "no manuscript/" in result.stderr and "Traceback" not in result.stderr


# Each entry goes after the scaffold's own book identifier (a urn:uuid:); "<-" marks the line
# the error must name, and is not part of the file.
BAD_IDENTIFIERS: dict[str, tuple[str, str]] = {
    "ISBN with a wrong check digit": (
        "  - scheme: ISBN-13\n"
        "    text: 979-8-00-000001-5  <-\n"
        "    edition: print\n",
        "ISBN '979-8-00-000001-5' has the check digit 5, but its other digits make it 4"),
    "unknown edition": (
        "  - scheme: ISBN\n"
        "    text: 9798000000014\n"
        "    edition: hardcover  <-\n",
        "edition 'hardcover' of '9798000000014' is not one with an identifier of its own"),
    "two print ISBNs": (
        "  - scheme: ISBN-13\n"
        "    text: 979-8-00-000001-4\n"
        "    edition: print\n"
        "  - scheme: ISBN-13\n"
        "    text: 978-0-00-000002-6  <-\n"
        "    edition: print\n",
        "a second identifier for the print edition (978-0-00-000002-6)"),
}


@pytest.mark.parametrize("case", BAD_IDENTIFIERS, ids=list(BAD_IDENTIFIERS))
def test_a_bad_identifier_is_one_error_at_its_line(project: Path, case: str) -> None:
    entries, message = BAD_IDENTIFIERS[case]
    path = project / "manuscript" / "metadata.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    after = next(index for index, line in enumerate(lines) if "text: urn:uuid:" in line) + 1
    lines[after:after] = entries.replace("  <-", "").splitlines(keepends=True)
    path.write_text("".join(lines), encoding="utf-8")
    line = after + 1 + next(index for index, entry in enumerate(entries.splitlines())
                            if entry.endswith("<-"))

    result = run_publish("build", cwd=project)

    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1, result.stderr
    assert f"metadata.yaml:{line}: M-001 identifier: {message}" in errors[0], result.stderr
    assert not (project / "build").exists() or not any((project / "build").iterdir())


def test_what_only_looks_hostile_builds(project: Path) -> None:
    """A closed comment, markup shown as code, a link whose address is in angle brackets, a
    long list, a hash sign in a paragraph and a leap day build, every word kept."""
    chapter_text(
        "<!-- hidden\n\nstill hidden -->\n\nBefore <!-- hidden\nhidden --> SENTINELONE.\n\n"
        "Shown as code: `<title>`, `<!--` and `&#1;` SENTINELTWO.\n\n"
        "A [link](<https://example.org/a?b=1>) SENTINELTHREE.\n\n"
        "#hashtag SENTINELFOUR\n\n"
        + "".join(f"- item {number}\n" for number in range(3000)) + "\nSENTINELFIVE\n")(project)
    replace_date(project, "2024-02-29")
    metadata = project / "manuscript" / "metadata.yaml"
    metadata.write_text(re.sub(r"(?m)^lang: .*$", "lang: en-gb", metadata.read_text("utf-8")),
                        encoding="utf-8")  # BCP 47 tags are case-insensitive
    result = run_publish("build", "txt", cwd=project)
    assert result.returncode == 0, result.stderr
    text = next((project / "build").glob("*.txt")).read_text(encoding="utf-8")
    for word in ("SENTINELONE", "SENTINELTWO", "SENTINELTHREE", "SENTINELFOUR", "SENTINELFIVE",
                 "item 2999"):
        assert word in text, word
    assert "hidden" not in text


def test_a_yaml_error_names_the_line_its_construct_began(project: Path) -> None:
    metadata = project / "manuscript" / "metadata.yaml"
    lines = metadata.read_text(encoding="utf-8").splitlines()
    metadata.write_text("\n".join([*lines, 'subtitle: "never closed', "rights: x"]) + "\n",
                        encoding="utf-8")
    result = run_publish("lint", cwd=project)
    assert result.returncode == 1
    expected = f"error: manuscript/metadata.yaml:{len(lines) + 1}: M-003 invalid YAML"
    assert result.stderr.startswith(expected), result.stderr
