"""The README and the guide in docs/, run as a reader would follow them.

Every command the guide gives in a shell block is run, in order, in a fresh folder; `publish
new` prints a command that works as printed, whether publish was started by its launcher or as
`python -m publish`; every metadata example (the YAML blocks), merged into a new project's
metadata, is read without a finding; every Markdown example, made a chapter of a new book, is
built, and its words reach the text edition (a pandoc-style one-file example is built as a book
of its own).
"""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest
import yaml
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
PAGES = [ROOT / "README.md", *sorted(DOCS.glob("*.md"))]
ONE_FILE = re.compile(r"^---\n(?:.*\n)*?title:", re.MULTILINE)


def blocks(language: str, pages: list[Path] = PAGES) -> list[tuple[Path, str]]:
    """Each fenced block of that language in the pages, with the page it is on."""
    return [(page, found) for page in pages
            for found in re.findall(rf"^```{language}\n(.*?)^```", page.read_text("utf-8"),
                                    re.MULTILINE | re.DOTALL)]


def publish(*arguments: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "publish", *arguments], cwd=cwd,
                          capture_output=True, text=True, timeout=900, check=False)


def test_the_guide_has_a_page_for_each_subject_and_links_that_lead_somewhere() -> None:
    names = {page.name for page in DOCS.glob("*.md")}
    assert {"README.md", "writing.md", "metadata.md", "editions.md", "print-and-covers.md",
            "languages.md", "checks.md", "long-books.md", "how-it-works.md"} <= names
    for page in PAGES:
        for target, anchor in re.findall(r"\]\(([^)#\s]+)(?:#([^)]*))?\)",
                                         page.read_text("utf-8")):
            if target.startswith("http"):
                continue
            assert (page.parent / target).exists(), f"{page.name}: {target}"
            if anchor:
                assert anchor in anchors(page.parent / target), f"{page.name}: {target}#{anchor}"


def anchors(page: Path) -> set[str]:
    """The anchors a Markdown viewer gives the page's headings (GitHub's way)."""
    return {re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")
            for heading in re.findall(r"^#+ (.*)$", page.read_text("utf-8"), re.MULTILINE)}


def test_the_readme_is_read_in_two_minutes() -> None:
    words = len((ROOT / "README.md").read_text("utf-8").split())
    assert words < 500  # about two minutes at a reader's pace


@pytest.fixture(scope="module")
def walkthrough(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[tuple[
        str, subprocess.CompletedProcess[str]]]]:
    """The guide's first book, step by step: each line of its shell block run in turn."""
    folder = tmp_path_factory.mktemp("walkthrough")
    # The guide's one block of commands: another would need its own run here.
    (page, commands), = blocks("sh", sorted(DOCS.glob("*.md")))
    here = folder
    done = []
    for line in commands.splitlines():
        words = shlex.split(line)
        if words[0] == "cd":
            here = here / words[1]
            continue
        assert words[0] == "publish", f"{page.name}: {line}"
        done.append((line, publish(*words[1:], cwd=here)))
    return here, done


def test_every_command_of_the_first_book_does_what_the_guide_says(
        walkthrough: tuple[Path, list[tuple[str, subprocess.CompletedProcess[str]]]]) -> None:
    project, done = walkthrough
    for line, result in done:
        assert result.returncode == 0, f"{line}: {result.stderr}"
    said = dict(done)
    assert "result: FAILED" not in said["publish check"].stdout
    build = project / "build"
    with pikepdf.open(next(build.glob("*[!r].pdf"))) as pdf:
        assert len(pdf.pages) >= 4
    assert next(build.glob("*.epub")).stat().st_size > 10_000
    title = yaml.safe_load((project / "manuscript" / "metadata.yaml").read_text("utf-8"))[
        "title"]
    assert title.upper() in next(build.glob("*.txt")).read_text("utf-8")  # its title page
    proofs = sorted((build / "proof").glob("*.png"))
    assert proofs and all(Image.open(proof).size[0] > 500 for proof in proofs)
    assert said["publish check --explain P-010"].stdout.startswith("P-010 ")


@pytest.mark.parametrize("started", ["launcher", "module"])
def test_publish_new_prints_a_command_that_works_as_printed(tmp_path: Path,
                                                            started: str) -> None:
    launcher = Path(sys.executable).parent / "publish"
    command = [str(launcher)] if started == "launcher" else [sys.executable, "-m", "publish"]
    made = subprocess.run([*command, "new", "a book"], cwd=tmp_path, capture_output=True,
                          text=True, timeout=120, check=False)
    assert made.returncode == 0, made.stderr
    printed = made.stdout.strip().splitlines()[-1]
    assert printed.startswith("next: ")
    built = subprocess.run(["bash", "-c", printed.removeprefix("next: ") + " txt"],
                           cwd=tmp_path, capture_output=True, text=True, timeout=600,
                           check=False)
    assert built.returncode == 0, printed + built.stderr
    assert list((tmp_path / "a book" / "build").glob("*.txt"))


def test_every_metadata_example_is_read_without_a_finding(tmp_path: Path) -> None:
    assert publish("new", "book", cwd=tmp_path).returncode == 0
    project = tmp_path / "book"
    path = project / "manuscript" / "metadata.yaml"
    metadata = yaml.safe_load(path.read_text("utf-8"))
    examples = blocks("yaml")
    assert len(examples) >= 4
    for _, example in examples:
        metadata.update(yaml.safe_load(example))
    path.write_text(yaml.safe_dump(metadata, allow_unicode=True), "utf-8")
    # The files the examples name, as a publisher would have them.
    cover = project / "manuscript" / metadata["cover-image"]
    cover.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (1838, 2775), "navy").save(cover)
    wrap = project / "manuscript" / metadata["print-cover"]
    wrap.parent.mkdir(parents=True, exist_ok=True)
    with pikepdf.new() as pdf:
        pdf.add_blank_page(page_size=(900, 666))
        pdf.save(wrap)
    result = publish("lint", cwd=project)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "M-0" not in result.stdout + result.stderr


def test_every_markdown_example_reaches_the_text_edition(tmp_path: Path) -> None:
    assert publish("new", "book", cwd=tmp_path).returncode == 0
    chapters = tmp_path / "book" / "manuscript" / "chapters"
    examples = blocks("markdown")
    assert len(examples) >= 5
    separate = [example for _, example in examples if ONE_FILE.match(example)]
    chapter_examples = [example for _, example in examples if not ONE_FILE.match(example)]
    for number, example in enumerate(chapter_examples, start=1):
        # A note shown alone, as an example of a note, is cited as its book would cite it.
        uncited = [label for label in re.findall(r"^\[\^(\w+)\]:", example, re.MULTILINE)
                   if f"[^{label}]" not in example.replace(f"[^{label}]:", "")]
        citing = "".join(f"A sentence that cites it.[^{label}]\n\n" for label in uncited)
        (chapters / f"9{number:02d}-example.md").write_text(citing + example, "utf-8")
    books = [tmp_path / "book"]
    for number, example in enumerate(separate):
        one = tmp_path / f"one-file-{number}" / "manuscript" / "chapters"
        one.mkdir(parents=True)
        (one / "book.md").write_text(example, "utf-8")
        books.append(one.parent.parent)
    for book in books:
        result = publish("build", "txt", cwd=book)
        assert result.returncode == 0, result.stderr
        assert "D-009" not in result.stderr  # the guide's allowed spelling stays allowed
    text = "\n".join(next((book / "build").glob("*.txt")).read_text("utf-8")
                     for book in books)
    flowing = " ".join(text.split())
    for example in chapter_examples + separate:
        prose = re.sub(r"<!--.*?-->|^---\n.*?\n(?:---|\.\.\.)\n|\[\^\w+\]:?|&\w+;|\{:[^}]*\}",
                       " ", example, flags=re.DOTALL | re.MULTILINE)
        for word in re.findall(r"[A-Za-z]{6,}", prose)[:4]:
            assert word in flowing, f"{word!r} of the example {example[:40]!r}"
