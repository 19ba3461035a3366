"""A build stopped from outside (Ctrl-C, SIGTERM from a CI time-out or a service manager) ends
as one stopped by an error does: its workers end, its temporary files go, and build/ keeps
what it held (every file there is written whole and renamed into place: build.write_all). The
command then says so in one line and exits 128 plus the signal's number, as a shell reports it.

A SIGKILL cannot be handled; the workers end with the build all the same (layout/lifeline.py).
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

STOPPING_SIGNALS = (signal.SIGINT, signal.SIGTERM)


class Stopped(BaseException):
    """The build was asked to stop. A BaseException, like KeyboardInterrupt, so that no
    `except Exception` on the way (a unit's failure being reported, say) takes it for a
    problem of the book's."""

    def __init__(self, number: int) -> None:
        super().__init__(signal.Signals(number).name)
        self.number = number

    @property
    def status(self) -> int:
        return 128 + self.number


@contextmanager
def stopped_by_signals() -> Iterator[None]:
    """Within this, SIGINT and SIGTERM raise Stopped in the main thread; the handlers before
    are restored after. (Python sets handlers only in the main thread: elsewhere, as under a
    test's runner thread, this changes nothing.)"""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    before = {number: signal.getsignal(number) for number in STOPPING_SIGNALS}
    for number in STOPPING_SIGNALS:
        signal.signal(number, _stop)
    try:
        yield
    finally:
        for number, handler in before.items():
            signal.signal(number, handler)


def _stop(number: int, frame: FrameType | None) -> None:
    # The first signal is enough: a second (an impatient Ctrl-C) must not interrupt the
    # clean-up the first began.
    for each in STOPPING_SIGNALS:
        signal.signal(each, signal.SIG_IGN)
    raise Stopped(number)
