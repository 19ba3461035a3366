"""Where the parts of a print cover wrap lie: one function the cover and its preflight share.

The wrap is one sheet, back | spine | front, for a book of a trim, a page count and a paper:
width = 2 x trim width + spine, height = trim height, and 0.125 in of bleed all round, since the
cover's background runs off every edge. The spine is the interior's page count times the paper's
caliper (thickness per page), as KDP's cover calculator computes it. Lengths are in points, with
the origin at the lower left corner of the trim (PDF's convention, y up).

KDP's rules (its help pages on paperback covers): text at least 0.125 in inside
the trim (we keep 0.25 in); spine text only on books of more than 79 pages, with 0.0625 in clear
on each side of it; the barcode, 2 x 1.2 in, at the lower right of the back, 0.25 in from the
spine and from the trim, with nothing under it (KDP prints it in a white box).
"""

from __future__ import annotations

from dataclasses import dataclass

from publish.settings import BLEED, POINTS_PER, Paper, Trim

INCH = POINTS_PER["in"]
COVER_BLEED = BLEED  # covers always bleed: the field runs off the edges
SAFE_MARGIN = 0.25 * INCH  # text from the trim and from the spine's folds (KDP asks 0.125 in)
SPINE_CLEARANCE = 0.0625 * INCH  # between spine text and each fold (KDP)
SPINE_TEXT_MIN_PAGES = 80  # KDP: spine text only on books of more than 79 pages
BARCODE_WIDTH, BARCODE_HEIGHT = 2.0 * INCH, 1.2 * INCH
BARCODE_INSET = 0.25 * INCH  # from the spine fold and from the bottom of the trim


@dataclass(frozen=True)
class Rect:
    """An upright rectangle in points: left, bottom, right, top."""

    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.y1 - self.y0

    def inset(self, by: float) -> Rect:
        return Rect(self.x0 + by, self.y0 + by, self.x1 - by, self.y1 - by)

    def contains(self, other: Rect, tolerance: float = 0.0) -> bool:
        return (other.x0 >= self.x0 - tolerance and other.y0 >= self.y0 - tolerance
                and other.x1 <= self.x1 + tolerance and other.y1 <= self.y1 + tolerance)

    def overlaps(self, other: Rect) -> bool:
        return (other.x0 < self.x1 and other.x1 > self.x0 and other.y0 < self.y1
                and other.y1 > self.y0)


@dataclass(frozen=True)
class CoverGeometry:
    trim: Trim
    page_count: int  # of the interior, as printed (even)
    paper: Paper
    rtl: bool = False  # a book read right to left: its front is the left panel, its back the right

    @property
    def spine(self) -> float:
        return self.page_count * self.paper.caliper

    @property
    def width(self) -> float:
        """The trimmed wrap: back, spine and front."""
        return 2 * self.trim.width + self.spine

    @property
    def height(self) -> float:
        return self.trim.height

    @property
    def bleed(self) -> float:
        return COVER_BLEED

    @property
    def wrap(self) -> Rect:
        return Rect(0.0, 0.0, self.width, self.height)

    @property
    def back(self) -> Rect:
        return self.right_panel if self.rtl else self.left_panel

    @property
    def spine_panel(self) -> Rect:
        return Rect(self.trim.width, 0.0, self.trim.width + self.spine, self.height)

    @property
    def front(self) -> Rect:
        return self.left_panel if self.rtl else self.right_panel

    @property
    def left_panel(self) -> Rect:
        return Rect(0.0, 0.0, self.trim.width, self.height)

    @property
    def right_panel(self) -> Rect:
        return Rect(self.trim.width + self.spine, 0.0, self.width, self.height)

    @property
    def spine_text(self) -> bool:
        """Whether the spine is wide enough for text (KDP: more than 79 pages)."""
        return self.page_count >= SPINE_TEXT_MIN_PAGES

    @property
    def spine_text_area(self) -> Rect:
        """Where spine text may go: clear of both folds, and of the trim by the safe margin."""
        panel = self.spine_panel
        return Rect(panel.x0 + SPINE_CLEARANCE, SAFE_MARGIN, panel.x1 - SPINE_CLEARANCE,
                    self.height - SAFE_MARGIN)

    @property
    def barcode(self) -> Rect:
        """The area kept clear for the barcode: lower right of the back (by the spine, unless
        the book reads right to left)."""
        right = self.back.x1 - BARCODE_INSET
        return Rect(right - BARCODE_WIDTH, BARCODE_INSET, right, BARCODE_INSET + BARCODE_HEIGHT)

    def describe(self) -> str:
        """The figures a print shop compares with its own calculator."""
        return (f"{inches(self.width)} x {inches(self.height)} in = 2 x "
                f"{inches(self.trim.width)} in + spine {inches(self.spine)} in "
                f"({self.page_count} pages x {self.paper.caliper / INCH:.6g} in, "
                f"{self.paper.name}); {inches(self.width + 2 * self.bleed)} x "
                f"{inches(self.height + 2 * self.bleed)} in with {inches(self.bleed)} in bleed")


def inches(points: float) -> str:
    return f"{points / INCH:.3f}"
