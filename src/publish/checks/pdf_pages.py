"""The print PDF read once for every check that looks at its text: each page's lines
(pdf_lines.py) and where its characters sit, its pages read on all the machine's cores.

Reading a long book's glyphs is most of what `publish check` does, so it is done once, its
pages shared among worker processes (forked, each given the file once), each returning what
the checks use of a page, not its glyphs: those of a long book would take longer to send back
than to read.
"""

from __future__ import annotations

import io
import math
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

import pikepdf

from publish.checks.pdf_glyphs import PageGlyphs, pages_glyphs
from publish.checks.pdf_lines import PdfLine, page_lines
from publish.checks.print_file import TEXT_TOLERANCE
from publish.settings import SAFE_MARGIN

PAGES_PER_WORKER = 8  # fewer pages are read sooner than a worker starts


@dataclass(frozen=True)
class PageText:
    characters: int  # printed characters on the page
    outside: str  # those closer than the safe margin to the trim
    left: float  # the leftmost character's left edge, from the trim's left (inf when none)
    right: float  # the rightmost character's right edge, from the trim's right (inf when none)


@dataclass(frozen=True)
class PdfPage:
    lines: tuple[PdfLine, ...]  # its text, line by line, top to bottom
    text: PageText  # where its characters sit


def read_pages(pdf: bytes, *, rtl: bool = False) -> list[PdfPage]:
    """Every page of the file, in order (a right-to-left book's lines read from the right)."""
    count = page_count(pdf)
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (
        os.cpu_count() or 1)
    workers = max(1, min(cores, count // PAGES_PER_WORKER))
    # One run of pages for each worker: pdfminer finds a page by walking the page tree from
    # the first, a millisecond a page, which a task per few pages paid again and again.
    tasks = [(count * worker // workers, count * (worker + 1) // workers)
             for worker in range(workers)]
    if workers <= 1:
        return [page for start, end in tasks for page in read_some(pdf, start, end, rtl)]
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"),
                             initializer=keep, initargs=(pdf,)) as pool:
        futures = [pool.submit(read_kept, start, end, rtl) for start, end in tasks]
        return [page for future in futures for page in future.result()]


def page_count(pdf: bytes) -> int:
    with pikepdf.open(io.BytesIO(pdf)) as document:
        return len(document.pages)


KEPT: dict[str, bytes] = {}


def keep(pdf: bytes) -> None:
    """A worker's copy of the file, given once, not with every task."""
    KEPT["pdf"] = pdf


def read_kept(start: int, end: int, rtl: bool) -> list[PdfPage]:
    return read_some(KEPT["pdf"], start, end, rtl)


def read_some(pdf: bytes, start: int, end: int, rtl: bool) -> list[PdfPage]:
    """Pages start to end - 1."""
    return [PdfPage(tuple(page_lines(page.glyphs, rtl=rtl)), page_text(page))
            for page in pages_glyphs(pdf, start, end)]


def page_text(page: PageGlyphs) -> PageText:
    """How many characters the page prints, which of them are closer than the safe margin to
    the trim, and how near the sides the text comes. A glyph with no text of its own (part
    of a cluster, or one its font's ToUnicode map leaves out) prints all the same; a space
    does not."""
    printed = [glyph for glyph in page.glyphs if not glyph.text or glyph.text.strip()]
    low = SAFE_MARGIN - TEXT_TOLERANCE
    high_x = page.width - SAFE_MARGIN + TEXT_TOLERANCE
    high_y = page.height - SAFE_MARGIN + TEXT_TOLERANCE
    stray = [glyph.text or "\ufffd" for glyph in printed if glyph.x0 < low or glyph.y0 < low
             or glyph.x1 > high_x or glyph.y1 > high_y]
    return PageText(len(printed), "".join(stray),
                    min((glyph.x0 for glyph in printed), default=math.inf),
                    min((page.width - glyph.x1 for glyph in printed), default=math.inf))
