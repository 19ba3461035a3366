"""The cover design's lines and boxes placed on the print wrap as absolutely positioned HTML,
in points from the trim's top left, each line on the baseline the design chose
(editions/cover_wrap.py lays the wrap out with WeasyPrint)."""

from __future__ import annotations

import functools
import io
from collections.abc import Iterator
from dataclasses import dataclass

from fontTools.ttLib import TTFont
from lxml import etree

from publish.cover import design
from publish.cover.lettering import Lettering, paragraph_rtl
from publish.cover.wrap import INCH, CoverGeometry, Rect
from publish.source.fonts import Typeface

FRAME_INSET = 0.5 * INCH  # the front's outer frame, from the trim (IngramSpark: rules 0.5 in in)


@functools.cache
def baseline_drop(typeface: Typeface, italic: bool) -> float:
    """Where WeasyPrint puts the baseline in a line box of height 0, below the box's top, in
    ems: half the font's ascent less its descent (the line box centres the font's extent)."""
    font = TTFont(io.BytesIO(typeface.italic if italic else typeface.roman),
                  fontNumber=typeface.index)
    hhea = font["hhea"]
    return float((hhea.ascent + hhea.descent) / 2 / font["head"].unitsPerEm)


def line_element(text: str, typeface: Typeface, *, left: float, baseline: float, size: float,
                 weight: int, italic: bool = False, tracking: float = 0.0,
                 classes: str = "line", right: float | None = None,
                 rtl: bool = False) -> etree._Element:
    """One line of text with its baseline at `baseline` points from the top of the trim, set
    in `typeface` alone (the renderer falls back on no other)."""
    top = baseline - baseline_drop(typeface, italic) * size
    horizontal = f"left: {left:.3f}pt" if right is None else f"right: {right:.3f}pt"
    family = typeface.family.replace('"', "")
    style = (f'{horizontal}; top: {top:.3f}pt; font-family: "{family}"; '
             f"font-size: {size:.3f}pt; font-weight: {weight}; "
             f"font-style: {'italic' if italic else 'normal'}")
    if rtl:
        style += "; direction: rtl"
    if tracking:
        style += f"; letter-spacing: {tracking:.3f}pt"
        classes += " spaced"
    element = etree.Element("div", {"class": classes, "style": style})
    element.text = text
    return element


def spans_element(line: design.CoverLine, lettering: Lettering, *, left: float = 0.0,
                  baseline: float, scale: float, classes: str = "line",
                  right: float | None = None) -> etree._Element:
    """A line as one box of spans, a run each in its own face and spacing, which the renderer
    orders by the bidirectional algorithm as lettering.py did: for a line whose runs cannot be
    placed one by one (the spine's, turned, and set from its end)."""
    body = lettering.body
    element = line_element("", body, left=left, baseline=baseline, size=line.face.size * scale,
                           weight=line.face.weight, classes=classes, right=right,
                           rtl=paragraph_rtl(line.text, lettering.rtl))
    for run in sorted(line.runs, key=lambda run: run.start):
        family = lettering.faces[run.face].family.replace('"', "")
        span = etree.SubElement(element, "span", {"style": (
            f'font-family: "{family}"; letter-spacing: {run.tracking * scale:.3f}pt')})
        span.text = run.text
    return element



def box_element(kind: str, area: Rect, geometry: CoverGeometry, extra: str = "") -> etree._Element:
    """A frame or rule over `area` (PDF coordinates, y up), placed from the trim's top left."""
    style = (f"left: {area.x0:.3f}pt; top: {geometry.height - area.y1:.3f}pt; "
             f"width: {area.width:.3f}pt; height: {area.height:.3f}pt{extra}")
    return etree.Element("div", {"class": kind, "style": style})


@dataclass(frozen=True)
class Scale:
    """From the cover canvas (the design's pixels) to points on one panel of the wrap."""

    points_per_pixel: float
    left: float  # the panel's left edge on the wrap

    def x(self, pixels: float) -> float:
        return self.left + pixels * self.points_per_pixel

    def length(self, pixels: float) -> float:
        return pixels * self.points_per_pixel


def canvas_for(geometry: CoverGeometry) -> design.Canvas:
    """The design's canvas with the trim's proportions and the print frame's inset."""
    per_point = design.WIDTH / geometry.trim.width
    return design.Canvas(height=round(geometry.height * per_point),
                        frame_inset=round(FRAME_INSET * per_point))


def placed(line: design.CoverLine, lettering: Lettering, scale: Scale
           ) -> Iterator[etree._Element]:
    """A design's line, run by run, each where the design put it, in its face and direction.
    Only the body face has an italic: a fallback face is set upright, as the EPUB cover's."""
    for run in line.runs:
        yield line_element(run.text, lettering.faces[run.face], left=scale.x(line.x + run.x),
                           baseline=scale.length(line.y), size=scale.length(line.face.size),
                           weight=line.face.weight, italic=line.face.italic and run.face == 0,
                           tracking=scale.length(run.tracking), rtl=run.rtl)
