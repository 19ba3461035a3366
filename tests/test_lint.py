"""`publish lint`: each code found on the catalogue's own example and not on its mended form;
the seed as it arrived reports every damage manuscript/EDITING.md records; the repaired
manuscript reports nothing; the command's exits and formats; the build's use of it."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import PIL.Image
import pytest
from conftest import RecordingKeep

from publish.book.make import make_book
from publish.checks.catalogue import CATALOGUE
from publish.checks.lint import lint_manuscript, refusal, spelling
from publish.checks.lint.finding import LintFinding
from publish.checks.lint.word_lists import word_list
from publish.errors import PublishError
from publish.project import Project
from publish.scaffold import create_project
from publish.source.manuscript import read_manuscript

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT.parent / "shared" / "seed" / "000_b259be250d880f71.txt"
CHAPTER = Path("manuscript/chapters/01-chapter-one.md")
LINT_CODES = [code for code, entry in CATALOGUE.items() if entry.example]
# Each code's example (the catalogue's, which `publish lint --explain` prints) mended.
MENDED = {
    "N-001": "Text.[^a] More.[^b]\n\n[^a]: One.\n\n[^b]: Two.",
    "N-002": "Heat.[^heat]\n\n[^heat]: It was hot.",
    "N-003": "Text.[^kept]\n\n[^kept]: A note the text cites.",
    "S-001": "# Chapter\n\n## Section",
    "T-001": "| a | b | c |\n|---|---|---|\n| 1 | 2 | 3 |",
    "T-002": "| a | b |\n|---|---|\n| 1 | 2 |",
    "D-001": "the government decided to give up partial confrontations.\n\nConfrontations ...",
    "D-002": "This trial of strength -- prepared for by a well-known, so-called reform",
    "D-003": "to give up using 'legal tricks of every kind', in favour of the workers' arms.",
    "D-004": "'peaceful road' and 'democratic' institutions",
    "D-005": "# The Programme of the Unidad Popular and the 'Dynamic'",
    "D-006": "Below is [an article](https://example.org/a) from Chile.",
    "D-007": "It was the end. He had had enough.",
    "D-008": "Then, he left... and came back.",
    "D-009": "the cordones industriales ... the cordones industriales",
    "D-010": "Copyright is the authors' and the text is theirs.",
    "S-002": "Text.\n\n# Two",
    "H-001": '<div markdown="1">\nA *boxed* word.[^box]\n</div>\n\n[^box]: A note.',
    "H-002": "Before `<title>` after.",
    "H-003": "Before <!-- a note to self -->\n\nThe rest.",
    "X-001": "A bell rings.",
    "X-002": "A &#169; here.",
    "H-004": "<b>bold</b> and <em>emphasis</em> are book markup.",
    "R-001": "> > > deep enough",
    "L-001": "Read [this](#chapter-one).",
    "L-002": "![a picture](../images/picture.png)",
    "I-001": "![a picture](../images/picture.png)",
    "S-003": "Steps:\n\n- mix\n- bake",
    "S-004": "In order:\n\n1. organise;\n2. open.",
    "X-004": "A long word; a break written where it is meant: wo&shy;rd.",
    "X-005": "A whole word, and one parted visibly: split&#8203;word.",
    "X-006": "An indented paragraph, «\u00a0oui\u00a0», 15\u00a0%.",
}
# Codes the manuscript reader refuses the file with (nothing can be built from it), not
# findings of a lint rule: `publish lint` reports them as its error too.
REFUSED = {"S-002", "H-002", "H-003", "H-004", "X-001", "X-002", "R-001", "L-001", "L-002",
           "I-001"}
# Every code of lint and of the reader's refusals (the families a manuscript's problems have).
MANUSCRIPT_CODES = [code for code in CATALOGUE if code[0] in "NSTHXRLIGMD"]


def lint_text(tmp_path: Path, markdown: str) -> list[LintFinding]:
    """The findings on a chapter holding `markdown`; what the reader or the Book's making
    refuses is raised."""
    root = tmp_path / "book"
    if not root.exists():
        create_project(root, 2026)
        (root / "manuscript" / "images").mkdir()
        PIL.Image.new("RGB", (40, 30), "white").save(root / "manuscript" / "images" /
                                                     "picture.png")
    (root / CHAPTER).write_text("# Chapter One\n\n" + markdown + "\n", encoding="utf-8")
    manuscript = read_manuscript(Project.at(root))
    findings = list(lint_manuscript(manuscript))
    refused = refusal(manuscript)
    if refused is not None:
        raise refused
    return findings


def write_in(tmp_path: Path, lang: str) -> Path:
    """The test book of lint_text, its metadata saying it is written in `lang`."""
    lint_text(tmp_path, "Text.")
    metadata = tmp_path / "book" / "manuscript" / "metadata.yaml"
    written = re.sub(r"(?m)^lang: .*$", f"lang: {lang}", metadata.read_text("utf-8"))
    assert f"lang: {lang}\n" in written
    metadata.write_text(written, "utf-8")
    return tmp_path / "book"


def variants(found: list[LintFinding]) -> set[frozenset[str]]:
    """The pairs of words D-009 found spelled two ways."""
    return {frozenset(re.findall(r"'(\w+)'", finding.message)) for finding in found
            if finding.code == "D-009"}


def test_every_lint_code_has_an_example_and_its_mended_form() -> None:
    assert set(LINT_CODES) == set(MENDED)
    assert {code[0] for code in LINT_CODES} == {"N", "S", "T", "H", "X", "R", "L", "I", "D"}


@pytest.mark.parametrize("code", sorted(REFUSED))
def test_the_example_is_refused_and_the_mended_form_is_not(tmp_path: Path, code: str) -> None:
    with pytest.raises(PublishError, match=code) as refused:
        lint_text(tmp_path, CATALOGUE[code].example)
    assert refused.value.path == CHAPTER and (refused.value.line or 0) >= 3
    assert CATALOGUE[code].severity == "error"
    assert code not in {finding.code for finding in lint_text(tmp_path, MENDED[code])}


@pytest.mark.parametrize("code", sorted(set(LINT_CODES) - REFUSED))
def test_the_example_is_found_and_the_mended_form_is_not(tmp_path: Path, code: str) -> None:
    example = CATALOGUE[code].example
    found = lint_text(tmp_path, example)
    assert code in {finding.code for finding in found}, found
    finding = next(finding for finding in found if finding.code == code)
    assert finding.path == CHAPTER and finding.line >= 3
    assert finding.severity == CATALOGUE[code].severity
    mended = lint_text(tmp_path, MENDED[code])
    assert code not in {finding.code for finding in mended}, mended


def test_an_allowance_lets_a_finding_pass_where_it_stands(tmp_path: Path) -> None:
    assert lint_text(tmp_path, "It was the the end. <!-- lint: allow D-007 -->\n\n"
                               "And the the next.") == [
        finding for finding in lint_text(tmp_path, "It was the end.\n\nAnd the the next.")]
    root = tmp_path / "book"
    (root / CHAPTER).write_text("---\nlint-allow: [D-007]\n---\n# One\n\nThe the end.\n\n"
                                "And and more.\n", encoding="utf-8")
    assert not lint_manuscript(read_manuscript(Project.at(root)))


def test_the_seed_as_it_arrived_reports_every_recorded_damage(tmp_path: Path) -> None:
    """EDITING.md's repairs, by the source line it names: J (page-break splits), D (hyphens
    for dashes), Q (quotation marks), L (the dead link), §3 (web chrome), §4 (curly marks)."""
    root = tmp_path / "seed"
    create_project(root, 2026)
    (root / CHAPTER).unlink()
    shutil.copy(SEED, root / "manuscript" / "chapters" / "01-seed.md")
    found = {(finding.code, finding.line)
             for finding in lint_manuscript(read_manuscript(Project.at(root)))}
    recorded = {("D-001", 47), ("D-001", 89)}  # J1, J2
    recorded |= {("D-002", line) for line in (25, 31, 61, 67, 75, 79, 83)}  # D1-D8
    recorded |= {("D-003", 27), ("D-003", 49), ("D-003", 75), ("D-003", 79)}  # Q1-Q4
    recorded |= {("D-005", 29), ("D-006", 21)}  # Q5, L1
    recorded |= {("D-010", line) for line in (3, 7, 11, 13, 15, 17, 19, 95, 97, 99)}  # §3
    recorded |= {("D-004", line) for line in (25, 27, 31, 33)}  # §4
    recorded |= {("D-009", 69)}  # §7: kept, and allowed in the manuscript (§8)
    assert recorded <= found, sorted(recorded - found)
    editing = (ROOT / "manuscript" / "EDITING.md").read_text("utf-8")
    for item in ("J1", "J2", *(f"D{n}" for n in range(1, 9)), *(f"Q{n}" for n in range(1, 6)),
                 "L1"):
        assert f"| {item} |" in editing, item


def test_a_files_findings_are_kept_and_read_back_the_same(tmp_path: Path, keep: RecordingKeep
                                                          ) -> None:
    """What the rules take from each file is kept by the file's text (the build's cache keeps
    it): a second lint finds it kept, and the same; an edited file is linted again; and the
    book rules (D-004, D-009), reading every file's kept part, find what a lint of the whole
    book finds."""
    root = tmp_path / "seed"
    create_project(root, 2026)
    shutil.copy(SEED, root / "manuscript" / "chapters" / "02-seed.md")
    first = lint_manuscript(read_manuscript(Project.at(root)), keep)
    assert len(keep.made) == 2 and len(first) > 20
    assert {"D-004", "D-009"} <= {found.code for found in first}
    assert lint_manuscript(read_manuscript(Project.at(root)), keep) == first
    assert len(keep.made) == 2
    seed = root / "manuscript" / "chapters" / "02-seed.md"
    seed.write_text(seed.read_text("utf-8").replace("--", "\u2013", 1), "utf-8")
    assert len(lint_manuscript(read_manuscript(Project.at(root)), keep)) == len(first) - 1
    assert len(keep.made) == 3
    # A word's variant and a straight quotation, written in the other (kept) file.
    variant = next(found for found in first if found.code == "D-009")
    word = re.findall(r"'(\w+)'", variant.message)[1]
    swapped = word[0] + word[2] + word[1] + word[3:]
    chapter = root / "manuscript" / "chapters" / "01-chapter-one.md"
    chapter.write_text(f"{chapter.read_text('utf-8')}\n\"{swapped}\", she said.\n", "utf-8")
    manuscript = read_manuscript(Project.at(root))
    edited = lint_manuscript(manuscript, keep)
    assert len(keep.made) == 4
    assert edited == lint_manuscript(manuscript)
    line = chapter.read_text("utf-8").count("\n")  # the sentence's, the file's last
    assert {found.message for found in edited if found.code == "D-009"} - {
        found.message for found in first} == {  # the variant in the first file comes first
            f"{word!r} here, {swapped!r} at manuscript/chapters/01-chapter-one.md:{line}"}


def test_the_repaired_manuscript_reports_nothing() -> None:
    assert lint_manuscript(read_manuscript(Project.at(ROOT))) == ()


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "publish", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=600, check=False)


def test_lint_exits_1_on_errors_and_with_strict_on_warnings(tmp_path: Path) -> None:
    lint_text(tmp_path, "It was the the end.")
    root = tmp_path / "book"
    warned = run("lint", cwd=root)
    assert warned.returncode == 0, warned.stderr
    assert re.fullmatch(r"warning: manuscript/chapters/01-chapter-one\.md:3: D-007 .+\n",
                        warned.stdout)
    assert run("lint", "--strict", cwd=root).returncode == 1
    listed = json.loads(run("lint", "--format", "json", cwd=root).stdout)
    assert listed == [{"file": CHAPTER.as_posix(), "line": 3, "code": "D-007",
                       "severity": "warning", "message": "'the the': a word repeated",
                       "hint": "remove one"}]
    lint_text(tmp_path, "Heat.[^heat]")
    failed = run("lint", cwd=root)
    assert failed.returncode == 1 and "N-002 footnote [^heat] is cited but never defined" in (
        failed.stdout)
    explained = run("lint", "--explain", "n-002", cwd=root)
    assert explained.returncode == 0 and "Heat.[^heat]" in explained.stdout


def test_build_stops_on_a_lint_error_and_goes_on_past_a_warning(tmp_path: Path) -> None:
    lint_text(tmp_path, "| a | b |\n|---|---|\n| 1 | 2 | 3 |")
    root = tmp_path / "book"
    stopped = run("build", "txt", cwd=root)
    assert stopped.returncode == 1 and "Traceback" not in stopped.stderr
    assert "error: manuscript/chapters/01-chapter-one.md:5: T-001" in stopped.stderr
    assert not (root / "build").exists()
    lint_text(tmp_path, "It was the the end.")
    built = run("build", "txt", cwd=root)
    assert built.returncode == 0, built.stderr
    assert "warning: manuscript/chapters/01-chapter-one.md:3: D-007" in built.stderr
    assert run("build", "txt", "--strict", cwd=root).returncode == 1


def test_the_guide_lists_every_lint_code_and_its_severity() -> None:
    guide = (ROOT / "docs" / "checks.md").read_text("utf-8")
    listed = dict(re.findall(r"^\| `([A-Z]-\d{3})` \| (error|warning) \|", guide, re.MULTILINE))
    assert listed == {code: CATALOGUE[code].severity for code in MANUSCRIPT_CODES}


def test_lint_reports_what_making_the_book_refuses_in_both_formats(tmp_path: Path) -> None:
    lint_text(tmp_path, "It was the end.")
    root = tmp_path / "book"
    (root / CHAPTER).write_text("# One\n\nThe the end.\n\n![a map](../images/map.png)\n",
                                encoding="utf-8")
    text = run("lint", cwd=root)
    assert text.returncode == 1
    assert text.stdout.splitlines()[-1] == (
        f"error: {CHAPTER.as_posix()}:5: I-001 image '../images/map.png' not found: looked for "
        "manuscript/images/map.png; did you mean '../images/picture.png'?")
    listed = json.loads(run("lint", "--format", "json", cwd=root).stdout)
    assert [(entry["code"], entry["line"], entry["severity"]) for entry in listed] == [
        ("D-007", 3, "warning"), ("I-001", 5, "error")]
    (root / "manuscript" / "metadata.yaml").write_text("title: [\n", encoding="utf-8")
    broken = json.loads(run("lint", "--format", "json", cwd=root).stdout)
    assert [(entry["code"], entry["file"]) for entry in broken] == [
        ("M-003", "manuscript/metadata.yaml")]


# Each language's words, and a typo of each (two letters changed places): the word lists
# scripts/setup installs, which a machine without them fails here rather than skips.
WORDS = {"en-GB": ("government", "goverment"), "en-US": ("government", "govenrment"),
         "es": ("trabajadores", "trabajadroes"), "fr": ("gouvernement", "gouvernemnet"),
         "de": ("Regierung", "Regireung"), "it": ("lavoratori", "lavoartori"),
         "pt": ("trabalhadores", "trablahadores"), "pt-BR": ("trabalhadores", "trabalhaodres"),
         "ru": ("правительство", "правитеьлство"), "pl": ("robotnicy", "robotincy"),
         "sv": ("regeringen", "regerinegn"), "el": ("κυβέρνηση", "κυβέρηνση")}


@pytest.mark.parametrize("lang", sorted(WORDS))
def test_each_language_has_a_word_list_that_knows_its_words(lang: str) -> None:
    known = word_list(lang)
    word, typo = WORDS[lang]
    assert known is not None and word.lower() in known and typo.lower() not in known
    assert known is word_list(lang)  # loaded once


def test_a_regions_word_list_has_its_own_spelling() -> None:
    british, american = word_list("en-GB"), word_list("en-US")
    assert british is not None and american is not None
    assert "theatre" in british and "theater" not in british
    assert "theater" in american and "theatre" not in american
    assert word_list("es-MX") is not None and word_list("qaa") is None


@pytest.mark.parametrize(("lang", "text"), [
    ("es", "Los precios subieron y era preciso decirlo: la casa y la cosa, la sábana y la "
           "sabana, la conversación y la conservación."),
    ("de", "Was sie schreiben und was sie schrieben, entscheiden sie, wie sie entschieden."),
    ("fr", "Un concert concret : devenir ce qu'on sait deviner."),
    ("en-GB", "A marital quarrel under martial law; a conversation about conservation."),
])
def test_two_words_of_the_books_language_are_not_one_word_spelled_two_ways(
        tmp_path: Path, lang: str, text: str) -> None:
    write_in(tmp_path, lang)
    assert not variants(lint_text(tmp_path, text))


@pytest.mark.parametrize(("lang", "text", "pair"), [
    ("es", "Los trabajadores, y más trabajadroes.", {"trabajadores", "trabajadroes"}),
    ("en-GB", "The theatre, and the theater.", {"theatre", "theater"}),
    ("en-US", "The theatre, and the theater.", {"theatre", "theater"}),
    ("de", "Die Regierung und die Regireung.", {"regierung", "regireung"}),
])
def test_a_typo_or_another_regions_spelling_is_still_found(
        tmp_path: Path, lang: str, text: str, pair: set[str]) -> None:
    write_in(tmp_path, lang)
    assert variants(lint_text(tmp_path, text)) == {frozenset(pair)}


def test_a_passage_is_judged_in_the_language_it_is_marked_with(tmp_path: Path) -> None:
    """An English book quoting Spanish: what is marked es is read as Spanish (an emphasis's
    attribute list, an element's lang, a paragraph's or a heading's attribute list); what is
    not marked is read as English, where neither word is one."""
    write_in(tmp_path, "en-GB")
    for marked in ('The *precios*{: lang="es"}, and *preciso*{: lang=es}.',
                   'The <span lang="es">precios</span>, and <i lang="es">preciso</i>.',
                   'Los precios,\ny lo preciso.\n{: lang="es"}',
                   '## Los precios y lo preciso {: lang="es"}'):
        assert not variants(lint_text(tmp_path, marked)), marked
    assert variants(lint_text(tmp_path, "The precios, and the preciso.")) == {
        frozenset({"precios", "preciso"})}
    write_in(tmp_path, "es")
    assert not variants(lint_text(tmp_path, 'El *marital*{: lang="en"} y el *martial*{: '
                                            'lang="en"}.'))


def test_without_a_word_list_only_a_known_variation_is_found(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A language the machine has no word list for is judged by the words' shapes: letters
    that changed places are no variant, save the language's known ones (English -re, -er)."""
    write_in(tmp_path, "la")  # Latin: Debian has no hunspell dictionary for it
    assert word_list("la") is None
    assert not variants(lint_text(tmp_path, "Imperatores et imperatroes."))
    write_in(tmp_path, "en-GB")
    monkeypatch.setattr(spelling, "word_list", lambda lang: None)
    assert variants(lint_text(tmp_path, "The cordones industriales, the cordones industrielas; "
                                        "the theatre, the theater.")) == {
        frozenset({"theatre", "theater"})}


@pytest.mark.parametrize(("lang", "text"), [
    ("es", "Dijo: \"no hay precios\", y 'eso' fue todo. Le dijo: «basta»."),
    ("fr", "Il l'a dit : « assez », et \"c'est tout\"."),
    ("de", "Er sagte: \"genug\", und 'das' war's."),
    ("en-GB", "He said: 'enough', and \"that\" was all."),
])
def test_a_book_written_with_straight_quotes_mixes_none(tmp_path: Path, lang: str,
                                                        text: str) -> None:
    write_in(tmp_path, lang)
    assert "D-004" not in {finding.code for finding in lint_text(tmp_path, f"{text}\n\n{text}")}


def test_mixed_quotes_say_what_the_build_sets_for_the_straight_ones(tmp_path: Path) -> None:
    root = write_in(tmp_path, "es")
    markdown = "Dijo “basta”.\n\nY “nada”.\n\nLe dijo \"adiós\" y 'sí'."
    found = [finding for finding in lint_text(tmp_path, markdown) if finding.code == "D-004"]
    assert [finding.line for finding in found] == [7]
    [chapter] = make_book(read_manuscript(Project.at(root))).chapters
    for word in ("adiós", "sí"):
        set_as = re.search(rf"(\W){word}(\W)", chapter.body)  # the marks the build set
        assert set_as is not None and f"{set_as[1]}…{set_as[2]}" in found[0].message
    assert " in es)" in found[0].message


def test_strict_lint_passes_a_good_spanish_book(tmp_path: Path) -> None:
    write_in(tmp_path, "es")
    lint_text(tmp_path, "Los precios subieron. Era preciso decirlo, \"sin más\": la casa y la "
                        "cosa, la sábana y la sabana, la conversación y la conservación.")
    strict = run("lint", "--strict", cwd=tmp_path / "book")
    assert (strict.returncode, strict.stdout) == (0, ""), strict.stdout


@pytest.mark.parametrize("written", [
    "Er sagte „Genug“ und ging. Sie sagte „Das ist ‚gut‘.“",
    "Er sagte »Genug« und ging.",
    "Il dit « oui » et partit.",
    "Dijo «hola, “amigo”» y se fue.",
    "Han sa ”ja” och gick.",
])
def test_quotations_in_each_languages_typed_marks_are_closed(tmp_path: Path,
                                                              written: str) -> None:
    """German „…“ and »…«, French « … », Spanish «…» with “…” inside, Swedish ”…”, typed as
    their languages set them, open and close their quotations: no D-003."""
    assert not [item for item in lint_text(tmp_path, written) if item.code == "D-003"]
    assert [item.code for item in lint_text(tmp_path, "Er sagte „Genug und ging.\n\n"
                                            "# Next")].count("D-003") == 1
