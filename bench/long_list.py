"""Benchmark: `publish build` of a book whose one chapter is a list of 100,000 short items
(issue 28: it took about 4 minutes; the aim is under one on two cores), against pandoc on the
same Markdown, as bench.py measures its books: the median wall time of N runs, each in a fresh
process from an empty layout cache, the peak memory of any process of the run, and the ratios.

Run by hand, not in CI:  .venv/bin/python bench/long_list.py [--items N] [--runs N] [--no-pandoc]
"""

from __future__ import annotations

import argparse
import re
import shlex
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from bench import (  # type: ignore[import-not-found]  # bench/ is the script's folder
    REPOSITORY,
    Measurement,
    copy_styles,
    find_pandoc,
    measure,
    our_commands,
    pandoc_commands,
    ratio,
)


def make_list_project(source_project: Path, destination: Path, items: int) -> None:
    """The manuscript's metadata and styles, and one chapter: a short paragraph, then the list."""
    (destination / "manuscript" / "chapters").mkdir(parents=True)
    metadata = (source_project / "manuscript" / "metadata.yaml").read_text(encoding="utf-8")
    metadata = re.sub(r"(?m)^title:.*$", "title: A Long List", metadata, count=1)
    (destination / "manuscript" / "metadata.yaml").write_text(metadata, encoding="utf-8")
    copy_styles(source_project, destination)
    lines = "\n".join(f"- item {number}, a few words" for number in range(1, items + 1))
    (destination / "manuscript" / "chapters" / "01-the-list.md").write_text(
        f"# The List\n\nA long list follows.\n\n{lines}\n", encoding="utf-8")


def shown(measured: Measurement) -> str:
    if measured.error:
        return f"failed: {measured.error}"
    return f"{measured.median_s} s median of {measured.seconds}, peak {measured.peak_mib} MiB"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--edition", default="all", help="epub, pdf, txt or all (default)")
    parser.add_argument("--publish", default=f"{sys.executable} -m publish build",
                        help="the build command (editions and --project DIR are appended)")
    parser.add_argument("--project", type=Path, default=REPOSITORY,
                        help="whose metadata and styles the book takes")
    parser.add_argument("--no-pandoc", action="store_true")
    parser.add_argument("--weasyprint", default=str(Path(sys.executable).with_name("weasyprint")))
    arguments = parser.parse_args(argv)
    pandoc = None if arguments.no_pandoc else find_pandoc()
    with tempfile.TemporaryDirectory(prefix="publish-long-list-") as temporary:
        project = Path(temporary) / "book"
        make_list_project(arguments.project, project, arguments.items)
        ours = measure(our_commands(shlex.split(arguments.publish), project, arguments.edition),
                       arguments.runs)
        print(f"publish, {arguments.items:,} items, {arguments.edition}: {shown(ours)}")
        if pandoc is not None:
            job, commands = pandoc_commands(pandoc, arguments.weasyprint, project,
                                            arguments.edition)
            theirs = measure(commands, arguments.runs)
            print(f"{job}: {shown(theirs)}")
            print(f"time ours/pandoc: {ratio(ours.median_s, theirs.median_s)}; memory "
                  f"ours/pandoc: {ratio(ours.peak_mib, theirs.peak_mib)}")
    return 1 if ours.error else 0


if __name__ == "__main__":
    sys.exit(main())
