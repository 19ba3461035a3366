"""What the layout engine logs, collected instead of left to vanish: a build reports it, and a
worker process sends it back with its unit (layout/unit_layout.py)."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def captured_warnings() -> Iterator[list[str]]:
    """Collect what WeasyPrint logs (bad CSS, missing resources) instead of letting it vanish."""
    messages: list[str] = []

    class Collector(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            messages.append(record.getMessage())

    logger = logging.getLogger("weasyprint")
    handler = Collector(logging.WARNING)
    logger.addHandler(handler)
    propagate = logger.propagate
    logger.propagate = False
    try:
        yield messages
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate
