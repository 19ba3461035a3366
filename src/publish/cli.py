"""The command line: parse arguments, call one function, report, map errors to exit codes."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Annotated

import typer

from publish import __version__
from publish.build import build_editions
from publish.editions import EDITIONS
from publish.errors import PublishError
from publish.project import Project
from publish.scaffold import create_project
from publish.settings import DEFAULT_TRIM, TRIMS, Settings, parse_trim

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


def say(message: str) -> None:
    typer.echo(message, err=True)


@app.command()
def build(
    editions: Annotated[list[str] | None, typer.Argument(
        help=f"Editions to build: {', '.join(EDITIONS)}. All of them when none is named.",
        show_default=False)] = None,
    project: ProjectOption = Path("."),
    trim: Annotated[str, typer.Option(
        help=f"Print trim size: {', '.join(TRIMS)}, or custom like 7x10in or 140x216mm.")
    ] = DEFAULT_TRIM,
    strict: Annotated[bool, typer.Option(
        help="Treat layout warnings (bad CSS, say) as errors.")] = False,
) -> None:
    """Build the editions of the project's manuscript into build/."""
    try:
        settings = Settings(trim=parse_trim(trim))
        result = build_editions(Project.at(project), editions or list(EDITIONS), settings,
                                strict=strict, progress=lambda step: say(f"… {step}"))
    except PublishError as error:
        raise fail(error) from None
    for warning in result.warnings:
        say(f"warning: {warning}")
    root = project.resolve()
    for written in result.written:
        shown = written.path.relative_to(root) if written.path.is_relative_to(root) else (
            written.path)
        typer.echo(f"wrote {shown} ({written.size / 1024:,.0f} KiB)")


@app.command()
def new(directory: Annotated[Path, typer.Argument(help="Where to create the project.")]) -> None:
    """Create a minimal project (one chapter, metadata, styles) that builds as it stands."""
    try:
        created = create_project(directory, dt.date.today().year)
    except PublishError as error:
        raise fail(error) from None
    for path in created:
        typer.echo(f"created {path}")
    typer.echo(f"next: cd {directory} && publish build")


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


if __name__ == "__main__":  # pragma: no cover
    sys.exit(app())
