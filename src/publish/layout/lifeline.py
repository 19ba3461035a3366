"""The workers' lifeline to the build: a pipe whose one writing end only the build holds.

A pool's worker waits for its next job on a queue it holds both ends of, so the build's death
alone never wakes it; and the server that forked it waits for every worker to end before it
ends. A build killed from outside (a CI time-out's SIGKILL) left both running, each holding
gigabytes, until someone killed them by hand. With the lifeline, whatever ends the build (the
kernel closes a killed process's files), each worker reads the pipe's end and exits at once,
mid-unit or idle; then the server, which no process of the build holds any longer, ends too.
The build cuts the lifeline itself to stop its workers mid-unit when it stops early (Ctrl-C,
SIGTERM, an error), rather than wait for the units they hold and those queued behind them.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import threading
from multiprocessing.connection import Connection


class Lifeline:
    """The pipe; the build keeps this object, each worker gets `end` (pickled, the pool passes
    it as a descriptor) and calls hold() on it."""

    def __init__(self) -> None:
        self.end, self._writer = multiprocessing.Pipe(duplex=False)

    def close(self) -> None:
        """Cut the lifeline: every worker holding it ends, now. (The build's own copy of the
        workers' end goes too: a long-lived process, a test run, makes many pools.)"""
        self._writer.close()
        self.end.close()


def hold(end: Connection) -> None:
    """In a worker: exit as soon as the build cuts the lifeline or ends. Ctrl-C, which a
    terminal sends the whole process group, is the build's to handle: a worker ignores it (it
    would print a traceback of its own), and ends with the lifeline."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_exit_at_the_end, args=(end,), name="publish-lifeline",
                     daemon=True).start()


def _exit_at_the_end(end: Connection) -> None:
    with contextlib.suppress(EOFError, OSError):
        end.recv_bytes()  # nothing is ever sent: this returns only at the pipe's end
    os._exit(1)
