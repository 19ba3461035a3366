"""Choices a publisher makes per build: trim, paper, PDF/X flavour, bleed, page markers.

The trim is also the book's own (`trim:` in its metadata), which a build's --trim overrides.
Options, the choices as the command line gives them, become Settings in one place
(Options.applied_to), for `publish build` and `publish check` alike.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from typing import Literal, TypeVar

from publish.errors import PublishError

POINTS_PER = {"in": 72.0, "mm": 72 / 25.4}


@dataclass(frozen=True)
class Trim:
    """The finished page size of the printed book, in PostScript points."""

    name: str
    width: float
    height: float

    @property
    def css(self) -> str:
        return f"{self.width:.2f}pt {self.height:.2f}pt"


def _trim(name: str, width: float, height: float, unit: str) -> Trim:
    return Trim(name, width * POINTS_PER[unit], height * POINTS_PER[unit])


TRIMS = {
    "5x8": _trim("5 x 8 in", 5, 8, "in"),
    "5.25x8": _trim("5.25 x 8 in", 5.25, 8, "in"),
    "5.5x8.5": _trim("5.5 x 8.5 in", 5.5, 8.5, "in"),
    "6x9": _trim("6 x 9 in", 6, 9, "in"),
    "a5": _trim("A5", 148, 210, "mm"),
    "b-format": _trim("B-format", 129, 198, "mm"),
    "royal": _trim("Royal", 156, 234, "mm"),
}
DEFAULT_TRIM = "6x9"


def parse_trim(value: str) -> Trim:
    """A preset name (6x9, a5, royal, ...) or a custom size such as 7x10in or 140x216mm."""
    key = value.strip().lower().replace(" ", "")
    if key in TRIMS:
        return TRIMS[key]
    custom = re.fullmatch(r"(\d+(?:\.\d+)?)x(\d+(?:\.\d+)?)(in|mm)", key)
    if custom is None:
        raise PublishError(f"unknown trim {value!r}: use one of {', '.join(TRIMS)} or a custom "
                           "size such as 7x10in or 140x216mm")
    width, height, unit = float(custom[1]), float(custom[2]), custom[3]
    trim = _trim(f"{custom[1]} x {custom[2]} {unit}", width, height, unit)
    if not (3 * 72 <= trim.width <= 12 * 72 and 4 * 72 <= trim.height <= 17 * 72):
        raise PublishError(f"trim {value!r} is not a book size (3-12 in wide, 4-17 in tall)")
    return trim


@dataclass(frozen=True)
class Paper:
    """The interior paper, by its caliper: how thick one leaf's page is, for the spine width."""

    name: str
    caliper: float  # points per page (a leaf is two pages)


# Printers' spine tables give the thickness per page; KDP's help page "Paperback cover
# calculator" lists these for its papers.
PAPERS = {
    "kdp-cream": Paper("KDP cream", 0.0025 * POINTS_PER["in"]),
    "kdp-white": Paper("KDP white", 0.002252 * POINTS_PER["in"]),
    "kdp-colour": Paper("KDP premium colour", 0.002347 * POINTS_PER["in"]),
}
DEFAULT_PAPER = "kdp-cream"


def parse_paper(value: str) -> Paper:
    """A paper by name (kdp-cream, ...) or a custom caliper per page, such as 0.0023in."""
    key = value.strip().lower().replace(" ", "")
    if key in PAPERS:
        return PAPERS[key]
    custom = re.fullmatch(r"(\d*\.\d+|\d+)(in|mm)", key)
    if custom is None:
        raise PublishError(f"unknown paper {value!r}: use one of {', '.join(PAPERS)} or a "
                           "caliper per page such as 0.0023in or 0.058mm")
    caliper = float(custom[1]) * POINTS_PER[custom[2]]
    if not 0.001 * POINTS_PER["in"] <= caliper <= 0.01 * POINTS_PER["in"]:
        raise PublishError(f"paper {value!r}: a page is 0.001-0.01 in thick")
    return Paper(f"{custom[1]} {custom[2]} per page", caliper)


Choice = TypeVar("Choice", bound=str)


def one_of(what: str, value: str, choices: tuple[Choice, ...]) -> Choice:
    """The choice that value names, or a PublishError listing them."""
    for choice in choices:
        if value == choice:
            return choice
    raise PublishError(f"unknown {what} {value!r} (one of: {', '.join(choices)})")


BleedEdges = Literal["outside", "all"]
BLEED_EDGES: tuple[BleedEdges, ...] = ("outside", "all")
PdfVariant = Literal["pdf/x-1a", "pdf/x-4"]
PDF_VARIANTS: tuple[PdfVariant, ...] = ("pdf/x-1a", "pdf/x-4")
BLEED = 0.125 * POINTS_PER["in"]  # what KDP, IngramSpark and Lulu ask for, when there is bleed
SAFE_MARGIN = 0.5 * POINTS_PER["in"]  # nothing printed closer than this to the trim

# KDP's minimum inside (gutter) margin by page count: (up to this many pages, margin in inches).
GUTTER_TABLE = ((150, 0.375), (300, 0.5), (500, 0.625), (700, 0.75), (828, 0.875))


def minimum_gutter(page_count: int) -> float:
    """KDP's smallest inside margin for a book of this many pages, in points.

    Books under 24 pages use the first row, books over 828 (which KDP does not print) the last.
    """
    for up_to, inches in GUTTER_TABLE:
        if page_count <= up_to:
            return inches * POINTS_PER["in"]
    return GUTTER_TABLE[-1][1] * POINTS_PER["in"]


@dataclass(frozen=True)
class Settings:
    trim: Trim = field(default_factory=lambda: TRIMS[DEFAULT_TRIM])
    # PDF/X-1a (WeasyPrint writes the X-1a:2003 identification; see layout/typeset.py) is what
    # IngramSpark asks for and KDP and Lulu take; PDF/X-4 on request.
    pdf_variant: PdfVariant = "pdf/x-1a"
    bleed: bool = False  # 0.125in round the page, for pictures that run off it
    # Where the bleed goes: KDP's rule (page = trim + 0.125in wide, + 0.25in tall) is the head,
    # the foot and the outside edge, none at the spine; Lulu's is all four edges.
    bleed_edges: BleedEdges = "outside"
    paper: Paper = field(default_factory=lambda: PAPERS[DEFAULT_PAPER])  # for the spine
    page_markers: bool = False  # the print page numbers in the text editions too, as {12}

    @property
    def bleed_size(self) -> float:
        """The bleed in points: 0 without, BLEED with."""
        return BLEED if self.bleed else 0.0

    def bleed_margins(self, page_number: int, rtl: bool = False
                      ) -> tuple[float, float, float, float]:
        """One page's bleed at its (left, bottom, right, top) edges, in points. Page 1 is a
        recto, bound at its left edge (its right in a right-to-left book); the bound edge has
        none unless all edges are asked for."""
        bleed = self.bleed_size
        bound_left = (page_number % 2 == 1) != rtl
        spine = 0.0 if self.bleed_edges == "outside" else bleed
        return (spine if bound_left else bleed, bleed, bleed if bound_left else spine, bleed)

    @property
    def bleed_description(self) -> str:
        if not self.bleed:
            return "no bleed"
        edges = ("every edge" if self.bleed_edges == "all"
                 else "the head, foot and outside edge (none at the spine)")
        return f"bleed {self.bleed_size / POINTS_PER['in']:.3f} in at {edges}"


def book_settings(trim: Trim | None) -> Settings:
    """The settings a book builds with when no option says otherwise: its own trim, if its
    metadata names one, else the default."""
    return Settings(trim=trim or TRIMS[DEFAULT_TRIM])


@dataclass(frozen=True)
class Options:
    """The choices the command line gave, checked; None where an option was not given."""

    trim: Trim | None = None
    paper: Paper | None = None
    bleed: bool | None = None
    bleed_edges: BleedEdges | None = None
    pdf_variant: PdfVariant | None = None
    page_markers: bool | None = None

    @classmethod
    def parse(cls, *, trim: str | None = None, paper: str | None = None,
              bleed: bool | None = None, bleed_edges: str | None = None,
              pdf_variant: str | None = None, page_markers: bool | None = None) -> Options:
        """The options as typed, each checked; a bad value is a PublishError."""
        return cls(
            trim=None if trim is None else parse_trim(trim),
            paper=None if paper is None else parse_paper(paper),
            bleed=bleed,
            bleed_edges=None if bleed_edges is None else one_of("bleed edges", bleed_edges,
                                                                 BLEED_EDGES),
            pdf_variant=None if pdf_variant is None else one_of("PDF variant", pdf_variant,
                                                                 PDF_VARIANTS),
            page_markers=page_markers)

    def applied_to(self, base: Settings) -> Settings:
        """`base` with each option given in its place (an option is named as its setting)."""
        given = {option.name: getattr(self, option.name) for option in dataclasses.fields(self)
                 if getattr(self, option.name) is not None}
        return dataclasses.replace(base, **given)
