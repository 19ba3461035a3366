"""The `publish` command's entry point, which loads nothing before it knows the command.

A build lays its print edition out, and renders its other editions, on worker processes
forked from a server that has imported the code they run (layout/workers.py). Started here,
that server loads while the command line's own modules do, not after them; and the workers,
which each import the program's main module (multiprocessing's rule), import this small one
rather than the whole command line.
"""

from __future__ import annotations

import atexit
import os
import sys

# What the workers run besides the layout's units: the editions rendered beside the print
# PDF's assembly (the EPUB, the text and the cover wrap). Imported once, in the workers' server.
EDITION_MODULES = ("publish.editions.epub", "publish.editions.text",
                   "publish.editions.cover_wrap")


def main() -> None:
    if lays_out_here(sys.argv[1:]):
        from publish.layout.workers import start_layout_server

        start_layout_server(EDITION_MODULES)
    from publish.cli import app

    try:
        app()
    except SystemExit as ended:
        # The command is done, and everything it made is written and closed. Its exit handlers
        # run as at any exit (multiprocessing's remove the workers' server's folder); what is
        # skipped is freeing a long book's objects one by one, a quarter of a second, which
        # the system does at once.
        status = exit_status(ended.code)
        atexit._run_exitfuncs()
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(status)


def lays_out_here(arguments: list[str]) -> bool:
    """Whether the command is a build whose layout is done on this machine's workers (not
    sent to a cluster with --scheduler)."""
    return arguments[:1] == ["build"] and not any(
        argument == "--scheduler" or argument.startswith("--scheduler=")
        for argument in arguments)


def exit_status(code: object) -> int:
    """A SystemExit's code as the process's exit status, as Python's own exit makes it."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=sys.stderr)
    return 1
