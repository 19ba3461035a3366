"""What a word processor's paste and a first book bring (issue 28): each case a finding with a
code at its file and line and what to do, every file's errors in one run, and good text (French
spacing, a real code block, a real list) no finding."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_bad_input import fingerprint, run_publish
from test_lint import CHAPTER, lint_text

from publish.checks.lint.finding import LintFinding
from publish.errors import PublishError
from publish.project import Project
from publish.scaffold import create_project
from publish.source.manuscript import read_manuscript

NBSP = "\u00a0"


def found(findings: list[LintFinding], code: str) -> list[LintFinding]:
    return [finding for finding in findings if finding.code == code]


def refused(tmp_path: Path, markdown: str) -> PublishError:
    with pytest.raises(PublishError) as error:
        lint_text(tmp_path, markdown)
    return error.value


@pytest.mark.parametrize("heading", ["#", "# ", f"#{NBSP}{NBSP}", f"## {NBSP}", "# \u200b",
                                     f"#{NBSP}#"])
def test_a_heading_of_no_break_or_invisible_spaces_is_refused_as_an_empty_one(
        tmp_path: Path, heading: str) -> None:
    error = refused(tmp_path, f"Text.\n\n{heading}\n\nMore.")
    assert [(problem.message[:5], problem.path, problem.line) for problem in error.problems] == [
        ("S-002", CHAPTER, 5)]


def test_a_heading_with_words_and_a_no_break_space_is_a_heading(tmp_path: Path) -> None:
    assert not lint_text(tmp_path, f"Text.\n\n## Chapitre{NBSP}1\n\nPlus.")


@pytest.mark.parametrize("text", ["\n \n\t\n", f"{NBSP}\n\n{NBSP}{NBSP}\n", "\u200b\n\u3000\n",
                                  "&nbsp;\n\n&#160;\n"])
def test_a_manuscript_of_spaces_of_any_kind_is_refused_as_an_empty_one(
        tmp_path: Path, text: str) -> None:
    root = tmp_path / "book"
    create_project(root, 2026)
    (root / CHAPTER).write_text(text, encoding="utf-8")
    with pytest.raises(PublishError, match="M-004 the manuscript is empty"):
        read_manuscript(Project.at(root))


def test_a_tab_indented_list_read_as_code_is_a_warning_at_its_line(tmp_path: Path) -> None:
    findings = found(lint_text(tmp_path, "Steps:\n\n\t- mix the flour\n\t- bake it\n\nDone."),
                     "S-003")
    assert [(finding.path, finding.line, finding.severity) for finding in findings] == [
        (CHAPTER, 5, "warning")]
    assert "take the tab off each item" in findings[0].hint and "```" in findings[0].hint


@pytest.mark.parametrize("markdown", [
    "Code:\n\n    - item one\n    - item two",  # a code block indented by four spaces
    "Code:\n\n\tmake build\n\t- not a list",  # tab-indented code, not every line an item
    "- a\n\n\t- b\n\t- c",  # a nested list: the indent continues the item
    "1. a\n2. b\n\n\t- c\n\t- d",
    "```\n\t- fenced\n\t- code\n```",
])
def test_real_code_and_nested_lists_are_no_s003(tmp_path: Path, markdown: str) -> None:
    assert not found(lint_text(tmp_path, markdown), "S-003")


def test_a_pandoc_list_numbered_with_parentheses_is_a_warning_at_its_first_item(
        tmp_path: Path) -> None:
    findings = found(lint_text(tmp_path, "La huelga, por orden:\n1) organizar los piquetes;\n"
                                         "2) abrir las ollas comunes."), "S-004")
    assert [(finding.path, finding.line, finding.severity) for finding in findings] == [
        (CHAPTER, 4, "warning")]
    assert "1) 2)" in findings[0].message and "number the items 1. 2." in findings[0].hint
    alone = found(lint_text(tmp_path, "1) organizar;\n2) abrir."), "S-004")
    assert [finding.line for finding in alone] == [3]


def test_a_list_with_no_blank_line_before_it_is_a_warning(tmp_path: Path) -> None:
    findings = found(lint_text(tmp_path, "> In order:\n> - open\n> - close"), "S-004")
    assert [finding.line for finding in findings] == [4]
    assert findings[0].hint == "put a blank line before the list"


@pytest.mark.parametrize("markdown", [
    "In order:\n\n1. organise;\n2. open.",
    "In order:\n\n- open\n- close",
    "It happened in\n1984. The year after,\nthe strike.",  # a line that begins with a number
    "The reasons were two: 1) the price and\n2) the wage.",  # one line opens with an item
    "A thought\n- a dash at a line's start, once.",
    "- a\n- b\n\n  1) c\n  3) d",
    "Text\n## A heading\n- a\n- b",  # a heading parts the paragraph from the list
    "Text\n* * *\n- a\n- b",
])
def test_real_lists_and_prose_are_no_s004(tmp_path: Path, markdown: str) -> None:
    assert not found(lint_text(tmp_path, markdown), "S-004")


def test_a_soft_hyphen_is_a_warning_that_says_how_to_write_one(tmp_path: Path) -> None:
    findings = found(lint_text(tmp_path, "Fine.\n\nA huel\u00adga and a pique\u00adte."),
                     "X-004")
    assert [(finding.path, finding.line, finding.severity) for finding in findings] == [
        (CHAPTER, 5, "warning")]
    assert "2 soft hyphens" in findings[0].message and "'huel-ga'" in findings[0].message
    assert "&shy;" in findings[0].hint
    assert not found(lint_text(tmp_path, "A huel&shy;ga."), "X-004")


def test_a_zero_width_space_is_a_warning(tmp_path: Path) -> None:
    findings = found(lint_text(tmp_path, "A huel\u200bga."), "X-005")
    assert [(finding.line, finding.severity) for finding in findings] == [(3, "warning")]
    assert "remove it" in findings[0].hint


def test_a_run_of_no_break_spaces_is_a_warning_and_one_is_typography(tmp_path: Path) -> None:
    findings = found(lint_text(tmp_path, f"{NBSP * 4}Indented.\n\nA{NBSP} {NBSP}gap."), "X-006")
    assert [(finding.line, finding.severity) for finding in findings] == [
        (3, "warning"), (5, "warning")]
    assert findings[0].hint.startswith("write one space")
    french = f"Il a dit{NBSP}: «{NBSP}oui{NBSP}», à 15{NBSP}%, le 1er{NBSP}mai, et\u202f; fin."
    assert not [finding for finding in lint_text(tmp_path, french) if finding.code[0] == "X"]


def test_the_reading_errors_of_every_file_come_in_one_run(tmp_path: Path) -> None:
    root = tmp_path / "book"
    create_project(root, 2026)
    (root / CHAPTER).write_text("# One\n\nA bell\u0007 rings.\n\n#\u00a0\n", encoding="utf-8")
    (root / CHAPTER.parent / "02-two.md").write_bytes(b"# Two\n\nLatin-1: caf\xe9.\n")
    (root / CHAPTER.parent / "03-three.md").write_text("# Three\n\n<script>x</script>\n",
                                                       encoding="utf-8")
    before = fingerprint(root)
    for command in (("lint",), ("build", "txt")):
        result = run_publish(*command, cwd=root)
        assert result.returncode == 1 and "Traceback" not in result.stderr
        output = result.stdout + result.stderr
        for expected in (f"{CHAPTER.as_posix()}:3: X-001", f"{CHAPTER.as_posix()}:5: S-002",
                         "chapters/02-two.md:3: X-003", "chapters/03-three.md:3: H-004"):
            assert expected in output, output
    assert fingerprint(root) == before  # nothing written


def test_links_and_images_of_every_file_come_in_one_run_with_what_was_meant(
        tmp_path: Path) -> None:
    lint_text(tmp_path, "Text.")
    root = tmp_path / "book"
    (root / CHAPTER.parent / "02-two-roads.md").write_text(
        "# Two Roads\n\n![a map](images/picture.png) and [back](#chapter-onr).\n",
        encoding="utf-8")
    with pytest.raises(PublishError) as error:
        lint_text(tmp_path, "See [two](#two-raods), [the file](02-two-road.md) and "
                            "![a map](../images/pictur.png).")
    lines = error.value.lines()
    assert lines == [  # by file and line; on a line, images, links to files, then to ids
        f"{CHAPTER.as_posix()}:3: I-001 image '../images/pictur.png' not found: looked for "
        "manuscript/images/pictur.png; did you mean '../images/picture.png'?",
        f"{CHAPTER.as_posix()}:3: L-001 link '02-two-road.md' points at a file that is not a "
        "chapter of this manuscript: looked for manuscript/chapters/02-two-road.md; did you mean "
        "'02-two-roads.md'?",
        f"{CHAPTER.as_posix()}:3: L-001 link to '#two-raods': no heading or anchor in the book "
        "has that id; did you mean #two-roads?",
        "manuscript/chapters/02-two-roads.md:3: I-001 image 'images/picture.png' not found: "
        "looked for manuscript/chapters/images/picture.png; did you mean "
        "'../images/picture.png'?",
        "manuscript/chapters/02-two-roads.md:3: L-001 link to '#chapter-onr': no heading or "
        "anchor in the book has that id; did you mean #chapter-one?"], lines


def test_a_missing_cover_image_is_named_at_its_line(tmp_path: Path) -> None:
    lint_text(tmp_path, "Text.")
    metadata = tmp_path / "book" / "manuscript" / "metadata.yaml"
    lines = metadata.read_text("utf-8").splitlines()
    metadata.write_text("\n".join([*lines, "cover-image: images/cover.png"]) + "\n", "utf-8")
    error = refused(tmp_path, "Text.")
    assert error.lines() == [
        f"manuscript/metadata.yaml:{len(lines) + 1}: I-001 image 'images/cover.png' not found: "
        "looked for manuscript/images/cover.png; did you mean 'images/picture.png'?"]


@pytest.mark.parametrize(("added", "offset", "said"), [
    (["description: Una historia: la huelga del cobre"], 1,
     'the value of description holds a colon and a space, which YAML reads as another field: '
     'put the value in quotes (description: "...")'),
    (["description: A book", "  about: strikes"], 2, "this line is not indented as the lines "
                                                     "before it"),
    (["creator:", "  - text: A", "    role: author", "   extra: y"], 4,
     "this line is not indented as the lines before it"),
    (["\trights: All"], 1, "a tab in the indentation: YAML indents with spaces only"),
])
def test_a_yaml_error_names_the_faulty_line_and_says_what_to_do(
        tmp_path: Path, added: list[str], offset: int, said: str) -> None:
    lint_text(tmp_path, "Text.")
    metadata = tmp_path / "book" / "manuscript" / "metadata.yaml"
    lines = [line for line in metadata.read_text("utf-8").splitlines()
             if not line.startswith(("description:", "subject:", "  - Fiction", "rights:"))]
    metadata.write_text("\n".join([*lines, *added]) + "\n", "utf-8")
    error = refused(tmp_path, "Text.")
    assert error.path == Path("manuscript/metadata.yaml") and error.line == len(lines) + offset
    assert error.message.startswith("M-003 invalid YAML: ") and said in error.message
    assert "<block" not in error.message and "mapping values" not in error.message


def test_a_file_of_hundreds_of_problems_lists_one_screen_of_them(tmp_path: Path) -> None:
    error = refused(tmp_path, "A bell\u0007.\n" * 300 + "<script>x</script>\n" * 300)
    assert 20 < len(error.problems) <= 43
    assert error.problems[20].message.startswith("X-001 more control characters after this")
