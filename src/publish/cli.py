"""The command line: parse arguments, call one function, report, map errors to exit codes."""

from __future__ import annotations

import datetime as dt
import json
import re
import shlex
import shutil
import sys
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from publish import __version__
from publish.build import build_editions, write_files
from publish.checks.lint.finding import LintFinding
from publish.editions import DEFAULT_EDITIONS, EDITIONS
from publish.errors import PublishError
from publish.manifest import layout_facts, layout_summary, recorded_layout
from publish.project import Project
from publish.scaffold import create_project
from publish.settings import DEFAULT_PAPER, DEFAULT_TRIM, PAPERS, PDF_VARIANTS, TRIMS, Options
from publish.stopping import Stopped, stopped_by_signals

if TYPE_CHECKING:
    from publish.layout.workers import Layouts, UnitDone

BAR_WIDTH = 24  # characters of the layout's progress bar

app = typer.Typer(
    help="Publish one Markdown manuscript as an EPUB 3, a print-ready PDF and plain text.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

ProjectOption = Annotated[
    Path, typer.Option("--project", "-p", help="The project directory (holding manuscript/).",
                       file_okay=False)]


def fail(error: PublishError) -> typer.Exit:
    """Print each problem on its own line to stderr; exit 1, with no traceback."""
    for line in error.lines():
        typer.echo(f"error: {line}", err=True)
    return typer.Exit(1)


TrimOption = Annotated[str | None, typer.Option(
    help=f"Print trim size: {', '.join(TRIMS)}, or custom like 7x10in or 140x216mm. Default: "
    f"the metadata's trim:, else {DEFAULT_TRIM}.", show_default=False)]
BleedOption = Annotated[bool, typer.Option(
    "--bleed", help="Print PDF with 0.125in bleed (for art that runs off the page).")]
BleedEdgesOption = Annotated[str, typer.Option(
    help="Where the print PDF's bleed goes: outside (head, foot and outside edge, none at the "
    "spine: KDP) or all (every edge: Lulu).")]


def say(message: str) -> None:
    typer.echo(message, err=True)


PaperOption = Annotated[str, typer.Option(
    help=f"Interior paper, for the cover's spine: {', '.join(PAPERS)}, or a caliper per page "
    "like 0.0023in.")]


ProjectsOption = Annotated[list[Path] | None, typer.Option(
    "--project", "-p", help="The project directory (holding manuscript/); give it again to "
    "build several books in one run. Default: the current directory.", file_okay=False,
    show_default=False)]
CatalogOption = Annotated[Path | None, typer.Option(
    help="A folder of projects (a backlist): build every subfolder that holds a "
    "manuscript/.", file_okay=False, show_default=False)]


@app.command()
def build(
    editions: Annotated[list[str] | None, typer.Argument(
        help=f"Editions to build: {', '.join(EDITIONS)}. "
        f"{', '.join(DEFAULT_EDITIONS)} when none is named.",
        show_default=False)] = None,
    project: ProjectsOption = None,
    catalog: CatalogOption = None,
    trim: TrimOption = None,
    bleed: BleedOption = False,
    bleed_edges: BleedEdgesOption = "outside",
    pdf_variant: Annotated[str, typer.Option(
        help=f"PDF/X flavour of the print PDF: {', '.join(PDF_VARIANTS)}.")] = "pdf/x-1a",
    paper: PaperOption = DEFAULT_PAPER,
    page_markers: Annotated[bool, typer.Option(
        "--page-markers", help="Mark where each print page begins in the text editions, "
        "as {12}.")] = False,
    strict: Annotated[bool, typer.Option(
        help="Treat warnings (the manuscript's lint warnings, bad CSS) as errors.")] = False,
    missing_glyphs: Annotated[str, typer.Option(
        help="A character no installed typeface has: error (stop the build) or warn (print "
        "a box).")] = "error",
    jobs: Annotated[int, typer.Option(
        "--jobs", "-j", help="Worker processes laying the print edition out, one division "
        "each at a time. Default: this machine's cores.", min=0, show_default=False)] = 0,
    cache: Annotated[Path | None, typer.Option(
        help="Where laid-out divisions are kept between builds. Default: build/.layout-cache "
        "in each project.", file_okay=False, show_default=False)] = None,
    no_cache: Annotated[bool, typer.Option(
        "--no-cache", help="Lay every division out again, and keep nothing.")] = False,
    scheduler: Annotated[str | None, typer.Option(
        help="A Dask scheduler's address (tcp://host:8786): lay the divisions out on its "
        "cluster (the cluster extra).", show_default=False)] = None,
) -> None:
    """Build the editions of the project's manuscript into build/.

    With several projects (--project given more than once, or --catalog), each book is built
    in turn and reported; a book that fails does not stop the others, and the run ends with
    a summary (exit 1 if any failed)."""
    try:
        options = Options.parse(trim=trim, paper=paper, bleed=bleed, bleed_edges=bleed_edges,
                                pdf_variant=pdf_variant, page_markers=page_markers)
        if missing_glyphs not in ("error", "warn"):
            raise PublishError(f"--missing-glyphs {missing_glyphs!r}: give error or warn")
        projects = [*(project or []), *catalog_projects(catalog)] or [Path(".")]
    except PublishError as error:
        raise fail(error) from None

    def build_one(directory: Path, root: Path) -> None:
        """Build one book; name what it wrote from `root` (its project, or with several
        books the current directory, so each file says whose it is)."""
        result = build_editions(Project.at(directory), editions or list(DEFAULT_EDITIONS),
                                options, strict=strict, missing_glyphs=missing_glyphs,
                                progress=lambda step: say(f"… {step}"), layouts=layouts,
                                cache=False if no_cache else cache or True)
        for warning in result.warnings:
            say(f"warning: {warning}")
        for written in result.written:
            shown = written.path.relative_to(root) if written.path.is_relative_to(root) else (
                written.path)
            typer.echo(f"wrote {shown} ({written.size / 1024:,.0f} KiB)")
        if result.layout is not None:
            typer.echo(layout_summary(layout_facts(result.layout)))

    failed: list[Path] = []
    try:
        with stopped_by_signals(), layout_workers(jobs, scheduler) as layouts:
            if len(projects) == 1:
                build_one(projects[0], projects[0].resolve())
                return
            for directory in projects:
                say(f"== {directory}")
                try:
                    build_one(directory, Path.cwd())
                except PublishError as error:
                    for line in error.lines():
                        typer.echo(f"error: {line}", err=True)
                    failed.append(directory)
    except PublishError as error:
        raise fail(error) from None
    except Stopped as stop:
        say(f"stopped by {stop}: build/ holds only whole files")
        raise typer.Exit(stop.status) from None
    say(f"built {len(projects) - len(failed)} of {len(projects)} books"
        + (f"; failed: {', '.join(str(directory) for directory in failed)}" if failed else ""))
    if failed:
        raise typer.Exit(1)


def layout_workers(jobs: int, scheduler: str | None) -> AbstractContextManager[Layouts]:
    """Where the print layout's units go: a Dask cluster, or `jobs` local processes (0: one
    per core)."""
    from publish.layout.workers import cluster, default_jobs, local_pool

    if scheduler is not None:
        return cluster(scheduler, show_unit)
    return local_pool(jobs or default_jobs(), show_unit)


def show_unit(done: UnitDone) -> None:
    """A unit of the layout finished: a bar on a terminal, a line otherwise."""
    source = " (cached)" if done.cached else ""
    if sys.stderr.isatty():
        filled = BAR_WIDTH * done.done // done.total
        sys.stderr.write(f"\r  [{'#' * filled:<{BAR_WIDTH}}] {done.done}/{done.total} "
                         f"{done.name[:32]:<32}{source:<9}")
        if done.done == done.total:
            sys.stderr.write("\n")
        sys.stderr.flush()
    else:
        say(f"  laid out {done.name}{source} [{done.done}/{done.total}]")


def catalog_projects(catalog: Path | None) -> list[Path]:
    """The projects of a catalog folder: its subfolders holding a manuscript/, by name."""
    if catalog is None:
        return []
    found = sorted(folder for folder in catalog.iterdir() if (folder / "manuscript").is_dir()
                   ) if catalog.is_dir() else []
    if not found:
        raise PublishError("no project (a folder holding manuscript/) in this catalog", catalog)
    return found


@app.command()
def check(
    project: ProjectOption = Path("."),
    trim: Annotated[str | None, typer.Option(
        help=f"Print trim size: {', '.join(TRIMS)}, or custom like 7x10in or 140x216mm. "
        "Default: the last build's.", show_default=False)] = None,
    bleed: Annotated[bool | None, typer.Option(
        "--bleed/--no-bleed", help="Whether the interior has 0.125in bleed. Default: as the "
        "last build.", show_default=False)] = None,
    paper: Annotated[str | None, typer.Option(
        help=f"Interior paper, for the cover's spine: {', '.join(PAPERS)}, or a caliper per "
        "page like 0.0023in. Default: the last build's.", show_default=False)] = None,
    explain: Annotated[str | None, typer.Option(
        metavar="CODE", help="Say what the finding with this code (P-012, say) checks and why, "
        "and check nothing.", show_default=False)] = None,
) -> None:
    """Preflight the built files in build/ as a print shop would; exit 1 on any failure.

    The interior, and the cover wrap when it is built (its spine against the interior's page
    count), then parity (every edition says what the manuscript says) and the page numbers.
    They are checked against the trim, bleed and paper of the last build, which
    build/manifest.json records (without one: the book's trim, no bleed, kdp-cream); an option
    overrides.
    """
    from publish.checks.explain import explanation
    from publish.checks.registry import check_project  # pikepdf, pdfminer: only to check

    try:
        if explain is not None:
            typer.echo(explanation(explain))
            return
        options = Options.parse(trim=trim, bleed=bleed, paper=paper)
        reports = check_project(Project.at(project), options)
    except PublishError as error:
        raise fail(error) from None
    for report in reports:
        typer.echo("\n".join(report.lines()))
    if not all(report.passed for report in reports):
        raise typer.Exit(1)


@app.command()
def lint(
    project: ProjectOption = Path("."),
    output: Annotated[str, typer.Option(
        "--format", help="text: one finding per line; json: a list of findings, for editors "
        "and CI.")] = "text",
    strict: Annotated[bool, typer.Option(
        help="Warnings fail too (exit 1).")] = False,
    explain: Annotated[str | None, typer.Option(
        metavar="CODE", help="Say what the finding with this code (N-002, say) means, with an "
        "example, and lint nothing.", show_default=False)] = None,
) -> None:
    """Find the manuscript's problems at their file and line, building nothing; exit 1 on an
    error (or, with --strict, a warning)."""
    from publish.checks.explain import explanation
    from publish.checks.lint import lint_manuscript, refusal
    from publish.source.manuscript import read_manuscript

    findings: tuple[LintFinding, ...] = ()
    try:
        if explain is not None:
            typer.echo(explanation(explain))
            return
        if output not in ("text", "json"):
            raise PublishError(f"--format {output!r}: give text or json")
        manuscript = read_manuscript(Project.at(project))
        findings = lint_manuscript(manuscript)
        refused = refusal(manuscript)
    except PublishError as error:
        if output != "json" or explain is not None:
            raise fail(error) from None
        refused = error  # the manuscript cannot be read: that is the one finding
    problems = [*refused.problems] if refused is not None else []
    if output == "json":
        typer.echo(json.dumps([finding.as_json() for finding in findings]
                              + [refusal_json(problem) for problem in problems], indent=2,
                              ensure_ascii=False))
    else:
        for finding in findings:
            typer.echo(f"{finding.severity}: {finding.one_line()}")
        for problem in problems:
            typer.echo(f"error: {problem.one_line()}")
    failing = {"error", "warning"} if strict else {"error"}
    if problems or any(finding.severity in failing for finding in findings):
        raise typer.Exit(1)


def refusal_json(problem: PublishError) -> dict[str, str | int | None]:
    """A problem that stops the manuscript being read or made, as lint's JSON gives it."""
    code, _, message = problem.message.partition(" ")
    coded = bool(re.fullmatch(r"[A-Z]-\d{3}", code))
    return {"file": problem.path.as_posix() if problem.path else None, "line": problem.line,
            "code": code if coded else None, "severity": "error",
            "message": message if coded else problem.message, "hint": None}


@app.command()
def proof(
    project: ProjectOption = Path("."),
    spreads: Annotated[bool, typer.Option(
        "--spreads/--contact-sheet",
        help="Facing-page spreads (one PNG each), or one contact sheet of all the pages.")] = True,
) -> None:
    """Render the built print interior to PNG in build/proof/, to look at before printing."""
    from publish.proof import proof_project  # PDFium and Pillow: loaded only to proof

    try:
        where = Project.at(project)
        made = proof_project(where, contact_sheet=not spreads)
        written = write_files(where, made.images, replacing=made.replacing)
    except PublishError as error:
        raise fail(error) from None
    for image in written:
        typer.echo(f"wrote {where.relative(image.path)} ({image.size / 1024:,.0f} KiB)")
    facts = recorded_layout(where)
    if facts is not None:
        typer.echo(layout_summary(facts))


@app.command()
def new(directory: Annotated[Path, typer.Argument(help="Where to create the project.")]) -> None:
    """Create a minimal project (one chapter, metadata, styles) that builds as it stands."""
    try:
        created = create_project(directory, dt.date.today().year)
    except PublishError as error:
        raise fail(error) from None
    for path in created:
        typer.echo(f"created {path}")
    typer.echo(f"next: cd {shlex.quote(str(directory))} && {this_command()} build")


@app.command("import")
def import_(
    sources: Annotated[list[Path], typer.Argument(
        help="The files to import, in the book's order: saved web pages (HTML), Word files "
        "(DOCX), EPUBs, or long Markdown files in pandoc's dialect.", show_default=False)],
    to: Annotated[Path, typer.Option(
        "--to", help="The new project's folder (new, or empty).", file_okay=False,
        show_default=False)],
) -> None:
    """Make a new project from other files, every change logged in manuscript/IMPORT.md;
    nothing is fetched from the network."""
    from publish.imports.sources import import_sources  # the readers' libraries: only here

    try:
        written = import_sources(sources, to)
    except PublishError as error:
        raise fail(error) from None
    for path in written:
        typer.echo(f"created {path}")
    typer.echo(f"next: read {to / 'manuscript' / 'IMPORT.md'}, then cd "
               f"{shlex.quote(str(to))} && {this_command()} build")


def this_command() -> str:
    """How to run publish again as it was run now, so that a command printed for the author
    works as printed: `publish` where the PATH finds this very program (an activated
    environment), else its full path (.venv/bin/publish), or `python -m publish`."""
    program = Path(sys.argv[0]).resolve()
    if program.name == "__main__.py":
        return f"{shlex.quote(sys.executable)} -m publish"
    found = shutil.which("publish")
    if found is not None and Path(found).resolve() == program:
        return "publish"
    return shlex.quote(str(program))


def version_callback(value: bool) -> None:
    if value:
        typer.echo(f"publish {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[bool, typer.Option("--version", callback=version_callback,
                                          is_eager=True, help="Show the version.")] = False,
) -> None:
    """Publish one Markdown manuscript as an EPUB 3, a print-ready PDF and plain text."""
