"""The sweep over real books: Standard Ebooks' public-domain books, converted as an author would
write them, each built at two trims and checked, every failure recorded.

For each book of the list (bench/sweep-books.txt: a repository name, its shape, and the part
taken of a very long book), it finds the repository in a folder of them, converts it into a
publish project (bench/standard_ebooks.py), runs `publish build` at each trim (5x8, then 6x9
with bleed), and `publish check` after each build. It records the pages, the build's error
lines, each failing check's code and message, and the times; prints a Markdown table (book,
shape, words, notes, pages at each trim, build, check, what failed) and writes JSON.

Run by hand, not in CI (a full sweep takes the better part of an hour on two cores):

    .venv/bin/python bench/sweep.py --repos DIR [--only NAME] [--jobs N] [--help]

DIR holds the repositories, each as a clone (`git clone
https://github.com/standardebooks/NAME`, which needs network access), a bare clone `NAME.git`,
or a mirror `standardebooks+NAME/repo` as an offline snapshot store lays them out.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import print_audit  # beside this script, not in a package
import standard_ebooks

REPOSITORY = Path(__file__).resolve().parent.parent
BOOKS = Path(__file__).resolve().parent / "sweep-books.txt"
# Each book is built at these trims, the second with bleed, and checked after each build.
TRIMS = (("5x8", False), ("6x9", True))
FINDING = re.compile(r"^\s+(FAIL|warn)\s+([A-Z]-\d{3})\s+(.*)$")


@dataclass(frozen=True)
class Book:
    name: str
    shape: str
    take: tuple[str, str] | None = None


@dataclass
class Trim:
    trim: str
    bleed: bool
    build_ok: bool = False
    build_errors: list[str] = field(default_factory=list)
    built_with_boxes: bool = False  # refused for G-001 alone, then built with --missing-glyphs warn
    build_s: float = 0.0
    pages: int | None = None
    check_ok: bool | None = None
    check_failures: list[str] = field(default_factory=list)
    check_warnings: list[str] = field(default_factory=list)
    check_s: float = 0.0
    audit: dict[str, object] = field(default_factory=dict)
    audit_summary: str = ""


@dataclass
class Result:
    name: str
    shape: str
    take: str
    converted: bool = False
    conversion_error: str = ""
    convert_s: float = 0.0
    chapters: int = 0
    words: int = 0
    notes: int = 0
    images: int = 0
    tables: int = 0
    stanzas: int = 0
    missing_images: list[str] = field(default_factory=list)
    left_out: list[str] = field(default_factory=list)
    trims: list[Trim] = field(default_factory=list)


def load_result(saved: dict[str, object]) -> Result:
    """A result as the JSON holds it."""
    fields = dict(saved)
    trims = [Trim(**t) for t in fields.pop("trims")]  # type: ignore[arg-type, attr-defined]
    return Result(**fields, trims=trims)  # type: ignore[arg-type]


def read_books(path: Path) -> list[Book]:
    """The list: `name shape [take=FIRST..LAST]` a line, `#` comments."""
    books = []
    for line in path.read_text("utf-8").splitlines():
        fields = line.split("#", 1)[0].split()
        if not fields:
            continue
        take = None
        for extra in fields[2:]:
            if extra.startswith("take="):
                first, _, last = extra[5:].partition("..")
                take = (first, last or first)
        books.append(Book(fields[0], fields[1] if len(fields) > 1 else "", take))
    return books


def pages_of(pdf: Path) -> int | None:
    try:
        import pikepdf
    except ImportError:
        out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True,
                             check=False).stdout
        found = re.search(r"^Pages:\s+(\d+)", out, re.M)
        return int(found.group(1)) if found else None
    with pikepdf.open(pdf) as document:
        return len(document.pages)


def interior(build: Path) -> Path | None:
    found = [p for p in build.glob("*.pdf")
             if not re.search(r"-(cover|digital)\.pdf$", p.name)]
    return found[0] if found else None


def run_book(book: Book, repos: Path, work: Path, publish: list[str], build_jobs: int,
             cache: Path | None, audit: bool = True) -> Result:
    result = Result(book.name, book.shape, f"{book.take[0]}..{book.take[1]}" if book.take else "")
    repo = standard_ebooks.find_repository(repos, book.name)
    project = work / book.name
    if repo is None:
        result.conversion_error = f"no repository {book.name} in {repos}"
        return result
    start = time.perf_counter()
    try:
        report = standard_ebooks.convert(repo, book.name, project, book.take)
    except Exception as error:  # a book the converter cannot read is a row, not a stop
        result.conversion_error = f"{type(error).__name__}: {error}"
        return result
    result.convert_s = round(time.perf_counter() - start, 1)
    result.converted = True
    for name in ("chapters", "words", "notes", "images", "tables", "stanzas", "missing_images",
                 "left_out"):
        setattr(result, name, getattr(report, name))
    for trim, bleed in TRIMS:
        outcome = Trim(trim, bleed)
        result.trims.append(outcome)
        shutil.rmtree(project / "build", ignore_errors=True)
        command = [*publish, "build", "--project", str(project), "--trim", trim,
                   "--jobs", str(build_jobs)]
        command += ["--bleed"] if bleed else []
        command += ["--cache", str(cache)] if cache else ["--no-cache"]
        start = time.perf_counter()
        built = subprocess.run(command, capture_output=True, text=True, check=False)
        outcome.build_ok = built.returncode == 0
        if not outcome.build_ok:
            lines = [line for line in built.stderr.splitlines() if line.strip()]
            errors = [line for line in lines if line.startswith(("error", "Error"))]
            outcome.build_errors = errors or lines[-5:]
            if errors and all(" G-001 " in line for line in errors):
                # Characters no face has: a refusal the author can overrule; the rest of the
                # book is still worth measuring, built as the error message suggests.
                built = subprocess.run([*command, "--missing-glyphs", "warn"],
                                       capture_output=True, text=True, check=False)
                outcome.built_with_boxes = built.returncode == 0
        outcome.build_s = round(time.perf_counter() - start, 1)
        if outcome.build_ok or outcome.built_with_boxes:
            pdf = interior(project / "build")
            outcome.pages = pages_of(pdf) if pdf else None
            start = time.perf_counter()
            checked = subprocess.run([*publish, "check", "--project", str(project)],
                                     capture_output=True, text=True, check=False)
            outcome.check_s = round(time.perf_counter() - start, 1)
            outcome.check_ok = checked.returncode == 0
            for line in checked.stdout.splitlines():
                if found := FINDING.match(line):
                    kind, code, message = found.groups()
                    target = outcome.check_failures if kind == "FAIL" else outcome.check_warnings
                    target.append(f"{code} {message}")
            if checked.returncode and not outcome.check_failures:
                outcome.check_failures = [line for line in checked.stderr.splitlines()
                                          if line.strip()][-3:]
            if pdf and audit:
                found = print_audit.audit(pdf)
                outcome.audit = asdict(found)
                outcome.audit_summary = found.summary()
        kept = project / f"build-{trim}"  # both builds kept, to look at the pages
        shutil.rmtree(kept, ignore_errors=True)
        if (project / "build").exists():
            (project / "build").rename(kept)
    return result


def summary(result: Result) -> tuple[str, str, str]:
    """Build, check and what failed, for the table."""
    if not result.converted:
        return "—", "—", f"conversion: {result.conversion_error}"
    builds = ["ok" if t.build_ok else "FAIL" + ("*" if t.built_with_boxes else "")
              for t in result.trims]
    checks = ["ok" if t.check_ok else ("FAIL" if t.check_ok is False else "—")
              for t in result.trims]
    failed = []
    for t in result.trims:
        label = t.trim + (" bleed" if t.bleed else "")
        failed += [f"{label}: build: {e}" for e in t.build_errors[:2]]
        codes: dict[str, int] = {}
        for failure in t.check_failures:
            code = failure.split()[0]
            codes[code] = codes.get(code, 0) + 1
        failed += [f"{label}: {code}" + (f" ×{n}" if n > 1 else "") for code, n in codes.items()]
        failed += [f"{label}: {problem}" for problem in audit_problems(result, t)]
    if result.missing_images:
        failed.append(f"{len(result.missing_images)} images not in the snapshot")
    return " / ".join(builds), " / ".join(checks), "; ".join(failed)


def audit_problems(result: Result, trim: Trim) -> list[str]:
    """What the PDF shows wrong (print_audit), in a few words for the table."""
    found = trim.audit
    if not found:
        return []
    problems = []
    printed = found["notes_printed"]
    if isinstance(printed, int) and printed != result.notes:
        problems.append(f"{printed} of {result.notes} notes print")
    for key, words in (("calls_without_note", "a call's note not on its page"),
                       ("notes_without_call", "a note away from its call"),
                       ("overprinted", "text over text"), ("off_page", "text off the page"),
                       ("lonely_headings", "a heading alone on its page")):
        pages = found[key]
        if isinstance(pages, list) and pages:
            numbers = sorted({entry[0] for entry in pages})
            problems.append(f"{words}: {len(numbers)} pp. (p. {numbers[0]}"
                            + (f"…{numbers[-1]})" if len(numbers) > 1 else ")"))
    return problems


def table(results: list[Result]) -> str:
    trims = " | ".join(f"pages {t}" + (" bleed" if b else "") for t, b in TRIMS)
    lines = [f"| book | shape | part | words | notes | {trims} | build | check | what failed |",
             "| --- | --- | --- | ---: | ---: | " + " | ".join("---:" for _ in TRIMS)
             + " | --- | --- | --- |"]
    for result in results:
        build, check, failed = summary(result)
        pages = [str(t.pages) if t.pages else "—" for t in result.trims]
        pages += ["—"] * (len(TRIMS) - len(pages))
        lines.append(f"| {result.name} | {result.shape} | {result.take or 'whole'} | "
                     f"{result.words:,} | {result.notes:,} | {' | '.join(pages)} | {build} | "
                     f"{check} | {failed.replace('|', '/') or '—'} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        epilog="Get the books with network access: for each name in the list, `git clone "
               "https://github.com/standardebooks/NAME DIR/NAME` (or `git clone --bare`); "
               "the sweep itself never touches the network.",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repos", type=Path,
                        help="folder of Standard Ebooks repositories (NAME/, NAME.git/ or "
                             "standardebooks+NAME/repo)")
    parser.add_argument("--books", type=Path, default=BOOKS, help=f"the list (default {BOOKS})")
    parser.add_argument("--work", type=Path, default=REPOSITORY / "build" / "sweep",
                        help="where the converted projects and their builds go "
                             "(default build/sweep)")
    parser.add_argument("--only", action="append", default=[], metavar="NAME",
                        help="this book alone (a substring of its name; give it again for more)")
    parser.add_argument("--jobs", type=int, default=1,
                        help="books converted and built at once (default 1); each build gets "
                             "the machine's cores divided among them")
    parser.add_argument("--publish", default=f"{sys.executable} -m publish",
                        help="the publish command (default: this Python's -m publish)")
    parser.add_argument("--cache", type=Path, default=None,
                        help="a layout cache the builds share (default: --no-cache, every build "
                             "cold, so that the times are a first build's)")
    parser.add_argument("--no-audit", action="store_true",
                        help="skip reading each PDF back for notes away from their calls, text "
                             "over text and text off the page (bench/print_audit.py)")
    parser.add_argument("--convert-only", action="store_true",
                        help="convert the books and build nothing")
    parser.add_argument("--json", type=Path, default=REPOSITORY / "build" / "sweep.json",
                        help="where the results go (default build/sweep.json)")
    parser.add_argument("--reaudit", action="store_true",
                        help="read the PDFs a sweep kept (WORK/NAME/build-TRIM) back again "
                             "(bench/print_audit.py), update the JSON, and build nothing")
    parser.add_argument("--table", type=Path, metavar="JSON",
                        help="print the table of a sweep's JSON again, and run nothing")
    args = parser.parse_args(argv)
    if args.table:
        saved = json.loads(args.table.read_text("utf-8"))
        print(table([load_result(book) for book in saved["books"]]))
        return 0
    if args.reaudit:
        saved = json.loads(args.json.read_text("utf-8"))
        for book in saved["books"]:
            for trim in book["trims"]:
                pdf = interior(args.work / book["name"] / f"build-{trim['trim']}")
                if pdf and (trim["build_ok"] or trim["built_with_boxes"]):
                    found = print_audit.audit(pdf)
                    trim["audit"], trim["audit_summary"] = asdict(found), found.summary()
            print(f"{book['name']}: " + "; ".join(t["audit_summary"] for t in book["trims"]),
                  file=sys.stderr, flush=True)
        args.json.write_text(json.dumps(saved, indent=1, ensure_ascii=False), "utf-8")
        print(table([load_result(book) for book in saved["books"]]))
        return 0

    if args.repos is None:
        parser.error("--repos is required")
    books = read_books(args.books)
    if args.only:
        books = [b for b in books if any(o in b.name for o in args.only)]
    if not books:
        parser.error("no book matches --only")
    args.work.mkdir(parents=True, exist_ok=True)
    publish = shlex.split(args.publish)
    cores = os.cpu_count() or 1
    build_jobs = max(1, cores // max(1, args.jobs))
    start = time.perf_counter()
    if args.convert_only:
        for book in books:
            repo = standard_ebooks.find_repository(args.repos, book.name)
            if repo is None:
                print(f"{book.name}: not found in {args.repos}", file=sys.stderr)
                continue
            report = standard_ebooks.convert(repo, book.name, args.work / book.name, book.take)
            print(f"{book.name}: {report.chapters} chapters, {report.words:,} words, "
                  f"{report.notes} notes, {report.images} images, {report.tables} tables"
                  + (f", missing {report.missing_images}" if report.missing_images else ""))
        return 0

    results: list[Result] = []
    # With --only, the other books' results of the last sweep are kept beside the new ones.
    earlier: list[Result] = []
    if args.only and args.json.exists():
        earlier = [load_result(book) for book in
                   json.loads(args.json.read_text("utf-8"))["books"]]

    def save() -> None:  # after each book, so that a long sweep can be read as it goes
        done = {r.name: r for r in results}
        order = [b.name for b in read_books(args.books)]
        merged = {r.name: r for r in earlier} | done
        books = sorted(merged.values(), key=lambda r: order.index(r.name)
                       if r.name in order else len(order))
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"seconds": round(time.perf_counter() - start, 1),
                                         "trims": TRIMS, "books": [asdict(r) for r in books]},
                                        indent=1, ensure_ascii=False), "utf-8")

    def one(book: Book) -> Result:
        result = run_book(book, args.repos, args.work, publish, build_jobs, args.cache,
                          not args.no_audit)
        results.append(result)
        save()
        build, check, failed = summary(result)
        times = ", ".join(f"{t.trim} {t.build_s}+{t.check_s} s" for t in result.trims)
        print(f"{book.name}: build {build}, check {check} ({times}) {failed}", file=sys.stderr,
              flush=True)
        return result

    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        results[:] = [r for r in pool.map(one, books)]  # in the list's order
    elapsed = time.perf_counter() - start
    save()
    print(table(results))
    print(f"\n{len(results)} books in {elapsed / 60:.1f} min")
    failed = any(not r.converted or not all(t.build_ok and t.check_ok for t in r.trims)
                 for r in results)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
