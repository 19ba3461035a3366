"""Preflight of the print interior: what a print shop's checker would reject, found first.

Each check reads the built PDF back (pikepdf for structure and content streams, pdf_pages.py
for where the characters sit) and returns a Finding with the figures a person can act on. The
checks are those of PDF/X-1a and of KDP's, IngramSpark's and Lulu's file requirements: the
ones any print file must pass (print_file.py), then the interior's own: boxes, page count,
black text, safe area, inside margin, blank pages.
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence

import pikepdf

from publish.checks.pdf_pages import PageText, PdfPage, read_pages
from publish.checks.pdf_scan import ContentScan, box, scan_content
from publish.checks.print_file import (
    TEXT_TOLERANCE,
    TOLERANCE,
    forbidden_objects,
    identification,
    pages_text,
    type_and_colour,
)
from publish.checks.report import Finding, Report
from publish.settings import Settings, minimum_gutter

KDP_MINIMUM_PAGES = 24
MAX_BLANK_RUN = 2  # Amazon: no more consecutive blank pages inside the book
MAX_TRAILING_BLANKS = 10


def preflight_interior(pdf: bytes, settings: Settings, title: str = "Preflight: interior",
                       rtl: bool = False, pages: Sequence[PdfPage] | None = None) -> Report:
    """Every check on the print interior, in the order a print shop reads them (`pages`: the
    file's pages as pdf_pages.py reads them, when they have been read already)."""
    document = pikepdf.open(io.BytesIO(pdf))
    if pages is None:
        pages = read_pages(pdf, rtl=rtl)
    content = scan_content(document)
    findings = (
        *identification(document),
        check_boxes(document, settings, rtl),
        check_page_count(document),
        *type_and_colour(document, content),
        check_text_black_only(content),
        *forbidden_objects(document, content),
        *check_page_text([page.text for page in pages], rtl),
    )
    return Report(title, findings)


def check_boxes(document: pikepdf.Pdf, settings: Settings, rtl: bool = False) -> Finding:
    """TrimBox = the trim on every page; BleedBox = trim + bleed; MediaBox around them."""
    code = "P-009"
    width, height = settings.trim.width, settings.trim.height
    wrong = []
    for number, page in enumerate(document.pages, 1):
        if "/TrimBox" not in page.obj:
            wrong.append(f"p. {number}: no TrimBox")
            continue
        tx0, ty0, tx1, ty1 = box(page, "/TrimBox")
        bx0, by0, bx1, by1 = box(page, "/BleedBox")
        mx0, my0, mx1, my1 = box(page, "/MediaBox")
        if abs(tx1 - tx0 - width) > TOLERANCE or abs(ty1 - ty0 - height) > TOLERANCE:
            wrong.append(f"p. {number}: TrimBox {tx1 - tx0:.1f} x {ty1 - ty0:.1f} pt")
        elif any(abs(actual - expected) > TOLERANCE for actual, expected in zip(
                (bx0, by0, bx1, by1), bleed_box((tx0, ty0, tx1, ty1), settings, number, rtl),
                strict=True)):
            wrong.append(f"p. {number}: BleedBox is not the trim with "
                         f"{settings.bleed_description}")
        elif mx0 > bx0 + TOLERANCE or my0 > by0 + TOLERANCE or mx1 < bx1 - TOLERANCE or (
                my1 < by1 - TOLERANCE):
            wrong.append(f"p. {number}: MediaBox smaller than the BleedBox")
    if wrong:
        return Finding(code, False, f"{len(wrong)} page(s) wrong: " + "; ".join(wrong[:5]))
    return Finding(code, True, f"TrimBox {settings.trim.name} ({width:.0f} x {height:.0f} pt) "
                   f"on all {len(document.pages)} pages, {settings.bleed_description}")


def bleed_box(trim: tuple[float, float, float, float], settings: Settings, number: int,
              rtl: bool = False) -> tuple[float, float, float, float]:
    left, bottom, right, top = settings.bleed_margins(number, rtl)
    return trim[0] - left, trim[1] - bottom, trim[2] + right, trim[3] + top


def check_page_count(document: pikepdf.Pdf) -> Finding:
    """Even (every leaf has two sides); KDP prints paperbacks of 24 pages or more."""
    count = len(document.pages)
    if count % 2:
        return Finding("P-010", False, f"{count} pages: odd (a printed book needs an even "
                       "count; add a blank last page)")
    if count < KDP_MINIMUM_PAGES:
        return Finding("P-010", False, f"{count} pages: even, but under KDP's minimum of "
                       f"{KDP_MINIMUM_PAGES} for a paperback", severity="warning")
    return Finding("P-010", True, f"{count} pages, even")


def is_black_ink(space: str, colour: tuple[float, ...]) -> bool:
    """Black or gray from the K plate alone: C = M = Y = 0, or a DeviceGray tint."""
    if space == "/DeviceCMYK" and len(colour) == 4:
        return all(abs(value) < 1e-6 for value in colour[:3])
    return space == "/DeviceGray"


def check_text_black_only(scan: ContentScan) -> Finding:
    """Text printed with K ink only: four-colour black text prints gray or blurred."""
    bad = {key: pages for key, pages in scan.text_colours.items() if not is_black_ink(*key)}
    if bad:
        parts = [f"{space.lstrip('/')} {' '.join(f'{v:g}' for v in colour)} ({pages_text(pages)})"
                 for (space, colour), pages in bad.items()]
        return Finding("P-011", False, "text in other colours: " + "; ".join(parts))
    colours = sorted(" ".join(f"{value:g}" for value in colour) for _, colour in scan.text_colours)
    return Finding("P-011", True, "all text in black ink only (" +
                   ", ".join(colours or ["no text"]) + ")")


def check_page_text(pages: Sequence[PageText], rtl: bool = False
                    ) -> tuple[Finding, Finding, Finding]:
    return check_safe_area(pages), check_gutter(pages, rtl), check_blank_runs(pages)


def check_gutter(pages: Sequence[PageText], rtl: bool = False) -> Finding:
    """Text clear of the binding by KDP's inside margin for this page count.

    Page 1 is a recto: on odd pages the spine is at the left, on even pages at the right; the
    other way round in a book read right to left.
    """
    needed = minimum_gutter(len(pages))
    inside = [page.left if (number % 2 == 1) != rtl else page.right
              for number, page in enumerate(pages, 1)]
    narrow = [f"p. {number} {margin / 72:.3f} in" for number, margin in enumerate(inside, 1)
              if margin < needed - TEXT_TOLERANCE]
    if narrow:
        return Finding("P-013", False, f"text nearer the spine than KDP's "
                       f"{needed / 72:.3f} in for {len(pages)} pages: " + "; ".join(narrow[:5]))
    return Finding("P-013", True, f"at least {min(inside, default=math.inf) / 72:.3f} in"
                   f" (KDP asks {needed / 72:.3f} in for {len(pages)} pages)")


def check_safe_area(pages: Sequence[PageText]) -> Finding:
    """Every character at least 0.5 in inside the trim (IngramSpark, Lulu; folios included)."""
    outside = [f"p. {number} ({page.outside[:12]!r})" for number, page in enumerate(pages, 1)
               if page.outside]
    if outside:
        return Finding("P-012", False, f"text closer than 0.5 in to the trim on "
                       f"{len(outside)} page(s): " + "; ".join(outside[:5]))
    return Finding("P-012", True, "all text at least 0.5 in inside the trim")


def check_blank_runs(pages: Sequence[PageText]) -> Finding:
    """Amazon's rule: at most 2 blank pages in a row, 10 at the end (else a query)."""
    runs, run = [], 0
    for page in pages:
        run = run + 1 if page.characters == 0 else 0
        runs.append(run)
    trailing = runs[-1] if runs else 0
    inner = max((run for run, page in zip(runs, pages[1:], strict=False)
                 if page.characters), default=0)
    if inner > MAX_BLANK_RUN or trailing > MAX_TRAILING_BLANKS:
        return Finding("P-014", False, f"{inner} blank pages in a row inside the book, "
                       f"{trailing} at the end (Amazon allows {MAX_BLANK_RUN} and "
                       f"{MAX_TRAILING_BLANKS})", severity="warning")
    blanks = sum(page.characters == 0 for page in pages)
    return Finding("P-014", True, f"{blanks} blank, at most {max(runs, default=0)} "
                   "in a row")
