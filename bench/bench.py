"""Benchmark: how long `publish build` takes, and how much memory, against pandoc on the same text.

Two books: this repository's manuscript, and a long synthetic book made deterministically from
it (about 100 chapters, 350,000 words: the manuscript's paragraphs drawn with a seeded
random.Random). For each book, each edition alone and all of them together, it reports the median
wall time of N runs and the peak memory (largest resident set of any process of the run), next to
pandoc's nearest equivalent: pandoc to EPUB, pandoc to HTML then WeasyPrint to PDF, pandoc to
plain text. Results go to stdout as a Markdown table and to build/bench.json.

Run by hand, not in CI (it takes minutes):  .venv/bin/python bench/bench.py [--help]
pandoc comes from PyPI's pypandoc-binary (the `bench` extra), or from PATH.
"""

from __future__ import annotations

import argparse
import itertools
import json
import platform
import random
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent
# The books: this repository's manuscript, a 25-chapter novel of 90,000 words, and the long
# book (--chapters, --words), each made from the manuscript's paragraphs.
BOOKS: dict[str, tuple[int, int] | None] = {"small": None, "novel": (25, 90_000), "large": None}
EDITIONS = ("epub", "pdf", "txt")
ALL = "all"

# Runs the commands one after the other in a fresh process and reports the wall time and the
# largest resident set any process of the run reached. RUSAGE_CHILDREN alone is not enough: it
# counts a descendant only when every process between it and this one waited for it, and a
# build's workers are children of multiprocessing's forkserver, which the build leaves to end
# on its own (launch.py exits at once). So every process under the command is also watched
# while it runs, its high-water mark (VmHWM) read every 50 ms; the peak is the larger of the two.
MEASURE = r"""
import json, os, resource, subprocess, sys, threading, time
commands = json.loads(sys.argv[1])

def descendants(root):
    children = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as stat:
                    parent = int(stat.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry))
    found, waiting = [], [root]
    while waiting:
        pid = waiting.pop()
        found.append(pid)
        waiting += children.get(pid, [])
    return found

def high_water_kib(pid):
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0

watched, peak, running = set(), [0], [True]
def watch(root):
    while running[0]:
        watched.update(descendants(root))  # orphans stay watched once seen
        peak[0] = max([peak[0], *(high_water_kib(pid) for pid in watched)])
        time.sleep(0.05)

seconds = 0.0
for command in commands:
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    watcher = threading.Thread(target=watch, args=(process.pid,), daemon=True)
    running[0] = True
    watcher.start()
    _, errors = process.communicate()
    seconds += time.perf_counter() - start
    time.sleep(0.1)  # the workers' last moments after the build's own exit, timed out
    running[0] = False
    watcher.join()
    watched.clear()
    if process.returncode:
        sys.stderr.write(errors.decode("utf-8", "replace")[-2000:])
        sys.exit(process.returncode)
waited = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # KiB on Linux
print(json.dumps({"seconds": seconds, "peak_kib": max(waited, peak[0])}))
"""


@dataclass(frozen=True)
class Measurement:
    """The outcome of N runs of one job: median time, peak memory, or why it failed."""

    runs: int
    seconds: list[float] = field(default_factory=list)
    median_s: float | None = None
    peak_mib: float | None = None
    error: str | None = None


@dataclass(frozen=True)
class Row:
    book: str
    words: int
    edition: str
    ours: Measurement
    pandoc: Measurement | None
    pandoc_job: str


def measure(commands: Sequence[Sequence[str]], runs: int) -> Measurement:
    """Median wall time and peak memory of `runs` runs of the commands, run in sequence."""
    times: list[float] = []
    peak_kib = 0
    for _ in range(runs):
        done = subprocess.run([sys.executable, "-c", MEASURE, json.dumps(commands)],
                              capture_output=True, text=True, check=False)
        if done.returncode:
            message = done.stderr.strip().splitlines()
            return Measurement(runs, times, error=message[-1] if message else "failed")
        result = json.loads(done.stdout)
        times.append(result["seconds"])
        peak_kib = max(peak_kib, result["peak_kib"])
    return Measurement(runs, [round(t, 4) for t in times], round(statistics.median(times), 4),
                       round(peak_kib / 1024, 1))


# --- the books ---------------------------------------------------------------------------------

FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)
NOTE_REFERENCE = re.compile(r"\[\^([^\]]+)\](?!:)")
NOTE_DEFINITION = re.compile(r"^\[\^([^\]]+)\]:\s*(.*)$", re.DOTALL)


@dataclass(frozen=True)
class Source:
    """The manuscript taken apart: chapter titles, body paragraphs, and note texts by id."""

    titles: list[str]
    paragraphs: list[str]
    notes: dict[str, str]


def chapter_files(project: Path) -> list[Path]:
    return sorted((project / "manuscript" / "chapters").glob("*.md"))


def read_source(project: Path) -> Source:
    """Split every chapter into blocks: its `#` title, note definitions, and the rest."""
    titles: list[str] = []
    paragraphs: list[str] = []
    notes: dict[str, str] = {}
    for path in chapter_files(project):
        text = FRONT_MATTER.sub("", path.read_text(encoding="utf-8"))
        for block in (b.strip() for b in text.split("\n\n")):
            if not block:
                continue
            if block.startswith("# "):
                titles.append(block[2:].strip())
            elif definition := NOTE_DEFINITION.match(block):
                notes[definition.group(1)] = definition.group(2)
            elif not block.startswith("#"):
                paragraphs.append(block)
    return Source(titles, paragraphs, notes)


def count_words(text: str) -> int:
    return len(text.split())


def long_chapter(source: Source, number: int, target_words: int, rng: random.Random) -> str:
    """One synthetic chapter: the manuscript's paragraphs in a seeded order, with sections.

    Note references get ids unique in the whole book (so the chapters concatenate for pandoc),
    each with its own definition at the chapter's end.
    """
    blocks = [f"# {rng.choice(source.titles)} ({number})"]
    definitions: list[str] = []

    def renumber(match: re.Match[str]) -> str:
        new_id = f"c{number}n{len(definitions) + 1}"
        definitions.append(f"[^{new_id}]: {source.notes.get(match.group(1), 'A note.')}")
        return f"[^{new_id}]"

    words = 0
    since_section = 0
    for index in itertools.count(rng.randrange(len(source.paragraphs))):
        paragraph = source.paragraphs[index % len(source.paragraphs)]
        if words and words + count_words(paragraph) > target_words:
            break
        if since_section >= rng.randint(6, 12):
            blocks.append(f"## {rng.choice(source.titles)}")
            since_section = 0
        paragraph = NOTE_REFERENCE.sub(renumber, paragraph)
        blocks.append(paragraph)
        words += count_words(paragraph)
        since_section += 1
    return "\n\n".join(blocks + definitions) + "\n"


def make_long_project(source_project: Path, destination: Path, chapters: int, words: int,
                      seed: int) -> None:
    """A project with the same metadata (but its own title) and a long deterministic text."""
    source = read_source(source_project)
    rng = random.Random(seed)
    (destination / "manuscript" / "chapters").mkdir(parents=True)
    metadata = (source_project / "manuscript" / "metadata.yaml").read_text(encoding="utf-8")
    metadata = re.sub(r"(?m)^title:.*$", "title: A Long Book for the Benchmark", metadata, count=1)
    (destination / "manuscript" / "metadata.yaml").write_text(metadata, encoding="utf-8")
    copy_styles(source_project, destination)
    for number in range(1, chapters + 1):
        text = long_chapter(source, number, words // chapters, rng)
        path = destination / "manuscript" / "chapters" / f"{number:03d}-chapter.md"
        path.write_text(text, encoding="utf-8")


def copy_styles(source_project: Path, destination: Path) -> None:
    if (source_project / "styles").is_dir():
        shutil.copytree(source_project / "styles", destination / "styles")


def copy_project(source_project: Path, destination: Path) -> None:
    """The manuscript (and styles) alone, so the benchmark never touches the repository's build/."""
    shutil.copytree(source_project / "manuscript", destination / "manuscript")
    copy_styles(source_project, destination)


def pandoc_input(project: Path) -> Path:
    """All chapters in one Markdown file, front matter removed, as pandoc reads a book."""
    texts = [FRONT_MATTER.sub("", p.read_text(encoding="utf-8")) for p in chapter_files(project)]
    path = project / "pandoc-book.md"
    path.write_text("\n\n".join(texts), encoding="utf-8")
    return path


def book_words(project: Path) -> int:
    return sum(count_words(p.read_text(encoding="utf-8")) for p in chapter_files(project))


# --- the jobs ----------------------------------------------------------------------------------

# What each of our jobs measures besides one edition, cold: (edition, how, warm-up first).
VARIANTS = {
    "pdf, --jobs 1": ("pdf", "cold", ["--jobs", "1"]),
    "all, one paragraph changed": (ALL, "edit", []),
    "epub, warm cache": ("epub", "warm", []),
    "check": (ALL, "check", []),
}
CHECK = "check"  # `publish check` of the default build: it should take no longer than the build
# Changes the first paragraph of a chapter to one it never held before, so the build that
# follows lays that chapter out again, and nothing else.
EDIT = r"""
import pathlib, sys, time
path = pathlib.Path(sys.argv[1])
text = path.read_text("utf-8")
head, _, rest = text.partition("\n\n")
path.write_text(f"{head}\n\nEdited at {time.perf_counter_ns()}. {rest}", "utf-8")
"""
CLEAR = "import shutil, sys; shutil.rmtree(sys.argv[1], ignore_errors=True)"


def our_commands(publish: list[str], project: Path, edition: str,
                 check: Sequence[str] = ()) -> list[list[str]]:
    """One edition alone (the EPUB includes typesetting the print book for its page numbers),
    or `all`: the default build (EPUB, print PDF, cover, text), one layout shared by all; from
    an empty layout cache (cold), or one of VARIANTS (`check`: the command that checks the
    default build, which has been made before)."""
    edition, how, options = VARIANTS.get(edition, (edition, "cold", []))
    if how == "check":
        return [[*check, "--project", str(project)]]
    editions = [] if edition == ALL else [edition]
    build = [*publish, *editions, "--project", str(project), *options]
    if how == "cold":
        return [[sys.executable, "-c", CLEAR, str(project / "build" / ".layout-cache")], build]
    if how == "edit":
        middle = chapter_files(project)[len(chapter_files(project)) // 2]
        return [[sys.executable, "-c", EDIT, str(middle)], build]
    return [build]


def pandoc_commands(pandoc: str, weasyprint: str, project: Path,
                    edition: str) -> tuple[str, list[list[str]]]:
    """pandoc's nearest equivalent of one edition (or all three, one after the other)."""
    book = str(pandoc_input(project))
    metadata = f"--metadata-file={project / 'manuscript' / 'metadata.yaml'}"
    out = project / "pandoc-out"
    out.mkdir(exist_ok=True)
    jobs = {
        "epub": ("pandoc → EPUB", [[pandoc, book, metadata, "-o", str(out / "book.epub")]]),
        "pdf": ("pandoc → HTML → WeasyPrint", [
            [pandoc, book, metadata, "-s", "-o", str(out / "book.html")],
            [weasyprint, str(out / "book.html"), str(out / "book.pdf")]]),
        "txt": ("pandoc → plain", [[pandoc, book, metadata, "-t", "plain", "-o",
                                     str(out / "book.txt")]]),
    }
    edition = VARIANTS.get(edition, (edition, "", []))[0]
    if edition != ALL:
        return jobs[edition]
    return "pandoc, all three", [command for name in EDITIONS for command in jobs[name][1]]


def find_pandoc() -> str | None:
    try:
        import pypandoc  # type: ignore[import-untyped, import-not-found, unused-ignore]

        return str(pypandoc.get_pandoc_path())
    except (ImportError, OSError):
        return shutil.which("pandoc")


def pandoc_version(pandoc: str | None) -> str | None:
    if pandoc is None:
        return None
    done = subprocess.run([pandoc, "--version"], capture_output=True, text=True, check=False)
    return done.stdout.splitlines()[0] if done.stdout else None


# --- the report --------------------------------------------------------------------------------

def ratio(ours: float | None, theirs: float | None) -> str:
    return f"{ours / theirs:.2f}" if ours and theirs else "-"


def cell(value: float | None, unit: str) -> str:
    return f"{value:.2f} {unit}" if unit == "s" and value is not None else (
        f"{value:.0f} {unit}" if value is not None else "-")


def markdown_table(rows: list[Row]) -> str:
    lines = [
        "| book | words | edition | ours (median) | ours peak | pandoc job | pandoc (median)"
        " | pandoc peak | time ours/pandoc | memory ours/pandoc |",
        "|---|---:|---|---:|---:|---|---:|---:|---:|---:|",
    ]
    for row in rows:
        theirs = row.pandoc or Measurement(0)
        ours_time = cell(row.ours.median_s, "s") if not row.ours.error else "failed"
        their_time = cell(theirs.median_s, "s") if not theirs.error else "failed"
        lines.append(
            f"| {row.book} | {row.words:,} | {row.edition} | {ours_time} | "
            f"{cell(row.ours.peak_mib, 'MiB')} | {row.pandoc_job} | {their_time} | "
            f"{cell(theirs.peak_mib, 'MiB')} | {ratio(row.ours.median_s, theirs.median_s)} | "
            f"{ratio(row.ours.peak_mib, theirs.peak_mib)} |")
    failures = [f"- {row.book} {row.edition}: {m.error}" for row in rows
                for m in (row.ours, row.pandoc) if m is not None and m.error]
    if failures:
        lines += ["", "Failures:", *failures]
    return "\n".join(lines)


def check_ratios(rows: list[Row]) -> str:
    """How long `publish check` takes against the default build from an empty cache (`all`),
    book by book: at most as long is the aim."""
    lines = []
    for book in dict.fromkeys(row.book for row in rows):
        times = {row.edition: row.ours.median_s for row in rows if row.book == book}
        build, check = times.get(ALL), times.get(CHECK)
        if build and check:
            lines.append(f"{book}: publish check {check:.2f} s, publish build (all, cold) "
                         f"{build:.2f} s; check / build {check / build:.2f}")
    return "\n".join(lines)


def scaling(rows: list[Row]) -> str:
    """The serial fraction s that the print PDF's times on one and on two workers show
    (Amdahl: T2 / T1 = s + (1 - s) / 2), and the speed-up it predicts on more cores."""
    lines = []
    for book in dict.fromkeys(row.book for row in rows):
        times = {row.edition: row.ours.median_s for row in rows if row.book == book}
        one, two = times.get("pdf, --jobs 1"), times.get("pdf")
        if not one or not two:
            continue
        serial = min(1.0, max(0.0, 2 * two / one - 1))
        predicted = ", ".join(f"{cores} cores {1 / (serial + (1 - serial) / cores):.1f}x"
                              for cores in (2, 8, 32))
        lines.append(f"{book}: --jobs 1 {one:.1f} s, --jobs 2 {two:.1f} s; serial fraction "
                     f"{serial:.2f}; predicted speed-up over one worker: {predicted}")
    return "\n".join(lines)


def parse_arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--publish", default=f"{REPOSITORY / '.venv/bin/publish'} build",
                        help="the build command; editions and --project DIR are appended")
    parser.add_argument("--check", default=f"{REPOSITORY / '.venv/bin/publish'} check",
                        help="the check command; --project DIR is appended")
    parser.add_argument("--pandoc", default=None, help="pandoc executable (default: "
                        "pypandoc-binary's, else PATH)")
    parser.add_argument("--weasyprint", default=str(REPOSITORY / ".venv/bin/weasyprint"))
    parser.add_argument("--no-pandoc", action="store_true", help="measure ours only")
    parser.add_argument("--project", type=Path, default=REPOSITORY,
                        help="the project whose manuscript is the small book")
    parser.add_argument("--books", nargs="+", choices=tuple(BOOKS),
                        default=list(BOOKS))
    parser.add_argument("--editions", nargs="+", choices=(*EDITIONS, ALL, *VARIANTS),
                        default=[*EDITIONS, ALL, *VARIANTS])
    parser.add_argument("--runs-small", type=int, default=5)
    parser.add_argument("--runs-large", type=int, default=3)
    parser.add_argument("--chapters", type=int, default=100)
    parser.add_argument("--words", type=int, default=350_000)
    parser.add_argument("--seed", type=int, default=1973)
    parser.add_argument("--json", type=Path, default=REPOSITORY / "build" / "bench.json")
    parser.add_argument("--keep", type=Path, default=None,
                        help="make the books in this directory and keep them")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    arguments = parse_arguments(argv)
    publish = shlex.split(arguments.publish)
    pandoc = None if arguments.no_pandoc else (arguments.pandoc or find_pandoc())
    if not arguments.no_pandoc and pandoc is None:
        print("bench: no pandoc: pip install -e '.[bench]', or pass --no-pandoc",
              file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="publish-bench-") as temporary:
        work = arguments.keep or Path(temporary)
        work.mkdir(parents=True, exist_ok=True)
        rows: list[Row] = []
        for book in arguments.books:
            project = work / book
            if project.exists():
                shutil.rmtree(project)
            if book == "small":
                copy_project(arguments.project, project)
                runs = arguments.runs_small
            else:
                chapters, words = BOOKS[book] or (arguments.chapters, arguments.words)
                make_long_project(arguments.project, project, chapters, words, arguments.seed)
                runs = arguments.runs_large
            words = book_words(project)
            for edition in arguments.editions:
                print(f"bench: {book} book, {edition}…", file=sys.stderr)
                if edition in VARIANTS and VARIANTS[edition][1] != "cold":  # warm the cache
                    subprocess.run([*publish, "--project", str(project)], check=False,
                                   capture_output=True)
                ours = measure(our_commands(publish, project, edition,
                                            shlex.split(arguments.check)), runs)
                theirs, job = None, "-"
                if pandoc is not None and edition != CHECK:
                    job, commands = pandoc_commands(pandoc, arguments.weasyprint, project,
                                                    edition)
                    theirs = measure(commands, runs)
                rows.append(Row(book, words, edition, ours, theirs, job))
    report = {
        "machine": {"platform": platform.platform(), "python": platform.python_version(),
                    "processor": platform.machine()},
        "pandoc": pandoc_version(pandoc),
        "publish": arguments.publish,
        "settings": {"runs_small": arguments.runs_small, "runs_large": arguments.runs_large,
                     "chapters": arguments.chapters, "words": arguments.words,
                     "seed": arguments.seed},
        "results": [asdict(row) for row in rows],
    }
    arguments.json.parent.mkdir(parents=True, exist_ok=True)
    arguments.json.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n",
                              encoding="utf-8")
    print(markdown_table(rows))
    print(check_ratios(rows))
    print(scaling(rows))
    print(f"\n(JSON: {arguments.json}; pandoc: {report['pandoc']})")
    return 1 if any(row.ours.error for row in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
