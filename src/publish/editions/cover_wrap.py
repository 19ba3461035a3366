"""The print cover wrap: back, spine and front on one PDF/X sheet, typeset by WeasyPrint.

The front is the publisher's cover-image when it holds enough pixels to print
(cover/artwork.py); else the EPUB's typographic cover (cover/design.py) laid out again on a
canvas of the trim's proportions, with its frame 0.5 in inside the trim (a frame near the edge
shows any trimming error), and scaled to points: the same frame, creators, title, subtitle, rule and
publisher, each line on the baseline the design chose, so the two covers match. A book with
a `print-cover` is printed with that wrap instead (cover/publisher_wrap.py).
The back carries the title, the book's description and the publisher, and in the barcode area
(cover/wrap.py) the print ISBN's barcode (cover/barcode.py), or nothing without one; the spine
carries the title and the creators, running top to bottom, only when the book is thick enough
for them (KDP: more than 79 pages).

Sizes come from cover/wrap.py: the spine is the interior's page count (from this build's print
layout) times the paper's caliper. The cover always bleeds, since its field runs off every edge:
the page is the trimmed wrap (TrimBox) and CSS bleed grows the sheet by 0.125 in (BleedBox and
MediaBox). Colours are the inks of cover/inks.py in device-cmyk, within 240 % total ink, with no
transparency; fonts and the output profile are served from memory, as for the interior.

A description too long for the back is set smaller, down to 9 pt; longer than that fits, the
build stops and says by how much: cutting a publisher's text short without a word would put a
broken sentence on the printed book.
"""

from __future__ import annotations

import functools
import hashlib
import math
from collections.abc import Iterator

from lxml import etree
from weasyprint.document import Document
from weasyprint.formatting_structure.boxes import Box

from publish import kept
from publish.book.model import Book
from publish.cover import (
    artwork,
    barcode,
    capitals,
    design,
    ean,
    inks,
    lettering,
    names,
    placing,
    publisher_wrap,
)
from publish.cover import wrap as cover_geometry
from publish.cover.capitals import capitals as in_capitals
from publish.cover.inks import FIELD, LETTERING
from publish.cover.lettering import Face, Lettering, line_width
from publish.cover.names import cover_byline
from publish.cover.placing import (
    FRAME_INSET,
    Scale,
    box_element,
    canvas_for,
    placed,
    spans_element,
)
from publish.cover.wrap import INCH, CoverGeometry, Rect
from publish.editions import required
from publish.errors import PublishError
from publish.kept import Keep, made
from publish.layout.engine import PX, fixed_font_timestamps, pdf_bytes, render_html
from publish.layout.html import document_head
from publish.layout.printed import Typeset
from publish.layout.served import fetchable_files, font_faces, output_intent
from publish.layout.units import code_version, data_digest
from publish.layout.xmp import book_description, file_identifier
from publish.settings import Settings
from publish.source.metadata import Metadata
from publish.source.styles import Styles

MINIMUM_RULE = 0.75  # points: thinner reversed-out lines fill in on press (KDP's line minimum)
DESCRIPTION_SIZES = (13.0, 12.5, 12.0, 11.5, 11.0, 10.5, 10.0, 9.5, 9.0)  # points, largest first
DESCRIPTION_LEADING = 1.38
BARCODE_GAP = 0.3 * INCH  # between the description and the barcode area above which it ends
SPINE_MINIMUM_SIZE = 4.8  # points: what 80 pages of KDP white leave room for; no smaller
SPINE_SAFETY = 0.25  # points, inside KDP's clearance on each side: rounding never crosses it
SPINE_GAP = 2.0  # ems between the title and the creators on the spine
DESCRIPTION_ID = "description"
OPTICAL = design.OPTICAL_CENTRE / design.HEIGHT  # a block looks centred a little above middle
COVER_KIND = "#cover"  # what sets the cover's PDF /ID apart from the interior's
# In the key a cover is kept under, besides the layout's code (units.code_version): what
# designs and places it.
COVER_CODE = kept.source_digests(__file__, design.__file__, placing.__file__,
                                  cover_geometry.__file__, inks.__file__, barcode.__file__,
                                  ean.__file__, artwork.__file__, lettering.__file__,
                                  capitals.__file__, names.__file__)


def render(book: Book, styles: Styles, settings: Settings, layout: Typeset | None,
           keep: Keep = made) -> bytes:
    """The wrap's bytes, for the page count of this build's interior; kept (`keep`)
    under a key of everything they are made from, since laying the wrap out and instancing its
    typeface take the cover's whole time: the HTML of its first layout (which decides the
    others), the files it may load, what its PDF is written with, and the code."""
    typeset = required(layout)
    geometry = CoverGeometry(settings.trim, typeset.layout.page_count, settings.paper,
                             rtl=book.metadata.dir == "rtl")
    if book.print_cover is not None:  # the publisher's own wrap, printed as it is
        return publisher_wrap.render(book, styles, settings, geometry, COVER_KIND, keep)
    book = artwork.with_front(book, styles.output_profile, geometry, keep)
    # The cover belongs to the printed book: its XMP names the print edition's identifier.
    description = book_description(book, book.metadata.print_identifier)
    made_from = hashlib.sha256("\0".join([
        COVER_CODE, code_version(), wrap_markup(book, styles, geometry, DESCRIPTION_SIZES[0]),
        settings.pdf_variant, book.metadata.modified.isoformat()]).encode())
    for data in (description, file_identifier(book, COVER_KIND)):
        made_from.update(hashlib.sha256(data).digest())
    for name, fetchable in sorted(fetchable_files(book, styles).items()):
        made_from.update(data_digest(name, fetchable.data))

    def wrap() -> bytes:
        with fixed_font_timestamps(book.metadata.modified):
            return pdf_bytes(fitted(book, styles, geometry), book,
                             book.metadata.print_identifier, settings.pdf_variant,
                             kind=COVER_KIND)

    return keep(made_from.hexdigest(), wrap)


def fitted(book: Book, styles: Styles, geometry: CoverGeometry) -> Document:
    """The wrap laid out at the largest description size whose text ends above the barcode.

    A paragraph's height goes roughly with the square of its type size (more lines, each
    taller), so after an overflow the next try is the size that estimate says fits, and the
    size above it is tried again if that one fits: two or three layouts, not one per size.
    """
    room = description_room(geometry, book.metadata,
                            design.cover_lettering(styles.fonts, book.metadata))
    tried: dict[int, tuple[Document, float]] = {}

    def attempt(index: int) -> tuple[Document, float]:
        if index not in tried:
            document = render_html(wrap_markup(book, styles, geometry, DESCRIPTION_SIZES[index]),
                                   book, styles)
            tried[index] = document, description_height(document)
        return tried[index]

    index = 0
    while True:
        document, height = attempt(index)
        if height <= room.height:
            if index > 0 and index - 1 not in tried and attempt(index - 1)[1] <= room.height:
                index -= 1
                continue
            return document
        guess = DESCRIPTION_SIZES[index] * math.sqrt(room.height / height)
        smaller = [number for number, size in enumerate(DESCRIPTION_SIZES)
                   if number > index and size <= guess]
        if index == len(DESCRIPTION_SIZES) - 1:
            break
        index = smaller[0] if smaller else len(DESCRIPTION_SIZES) - 1
    words = len((book.metadata.description or "").split())
    fits = int(words * room.height / height)
    raise PublishError(
        f"description: {words} words do not fit on the back cover of a {geometry.trim.name} "
        f"book, even at {DESCRIPTION_SIZES[-1]:g} pt (about {fits} would): shorten it in "
        "metadata.yaml")


def wrap_markup(book: Book, styles: Styles, geometry: CoverGeometry, description_size: float
                ) -> str:
    sheet = "".join((font_faces(styles, book), output_intent(), base_css(geometry)))
    html = etree.Element("html", lang=book.metadata.lang)
    html.append(document_head(book, [sheet]))
    body = etree.SubElement(html, "body")
    faces = design.cover_lettering(styles.fonts, book.metadata)
    # The publisher's artwork on the front when it prints well (cover/artwork.py), else the
    # typographic design.
    for element in (*(artwork.placed(book, geometry) or front(book.metadata, faces, geometry)),
                    *back(book.metadata, faces, geometry, description_size),
                    *spine(book.metadata, faces, geometry)):
        body.append(element)
    return "<!DOCTYPE html>\n" + etree.tostring(html, method="html", encoding="unicode")


def base_css(geometry: CoverGeometry) -> str:
    """The sheet: the wrap is the page, the field its background (painted into the bleed)."""
    return (f"@page {{ size: {geometry.width:.3f}pt {geometry.height:.3f}pt; "
            f"bleed: {geometry.bleed:.3f}pt; margin: 0; background: {FIELD.css}; }}\n"
            f"html {{ color: {LETTERING.css}; }}\n"
            "body { margin: 0; }\n"
            # line-height 0 puts the baseline a fixed fraction of the size below the box top
            ".line { position: absolute; line-height: 0; white-space: pre; margin: 0; }\n"
            ".spaced { font-kerning: none; }\n"  # the design spaces capitals letter by letter
            f".rule {{ position: absolute; background: {LETTERING.css}; }}\n"
            f".frame {{ position: absolute; box-sizing: border-box; "
            f"border-style: solid; border-color: {LETTERING.css}; }}\n"
            ".description-room { position: absolute; box-sizing: border-box; display: flex; "
            "flex-direction: column; justify-content: center; }\n"
            # flex: none, or the paragraph would shrink to its room, and overflow unmeasured
            f"#{DESCRIPTION_ID} {{ flex: none; margin: 0; text-align: justify; hyphens: auto; "
            "hyphenate-limit-chars: 7 3 3; font-variant-numeric: oldstyle-nums; }\n"
            ".spine { position: absolute; transform: rotate(90deg); }\n"
            ".artwork { position: absolute; display: block; }\n" + barcode.CSS)


# ---- The panels ------------------------------------------------------------------------------


def front(metadata: Metadata, faces: Lettering, geometry: CoverGeometry
          ) -> Iterator[etree._Element]:
    """The EPUB cover's design on the front panel: frame, lines, rule."""
    panel = geometry.front
    scale = Scale(panel.width / design.WIDTH, panel.x0)
    layout = front_layout(metadata, faces, canvas_for(geometry))
    for frame in layout.frames:
        width = max(scale.length(frame.width), MINIMUM_RULE)
        yield box_element("frame", panel.inset(scale.length(frame.inset)), geometry,
                          f"; border-width: {width:.3f}pt")
    for line in layout.lines:
        yield from placed(line, faces, scale)
    yield rule(layout.rule, scale, geometry)


@functools.lru_cache(maxsize=8)  # the same for every trial layout of the back
def front_layout(metadata: Metadata, faces: Lettering, canvas: design.Canvas
                 ) -> design.CoverLayout:
    return design.front_design(metadata, faces, canvas)


def rule(drawn: design.Rule, scale: Scale, geometry: CoverGeometry) -> etree._Element:
    """The design's short rule, no thinner than a press can print reversed out."""
    length = scale.length(drawn.length)
    thickness = max(scale.length(drawn.width), MINIMUM_RULE)
    centre, y = scale.x(drawn.centre), geometry.height - scale.length(drawn.y)
    return box_element("rule", Rect(centre - length / 2, y - thickness / 2, centre + length / 2,
                                    y + thickness / 2), geometry)


def description_room(geometry: CoverGeometry, metadata: Metadata, faces: Lettering) -> Rect:
    """Where the description may go: the back's measure, from under the heading down to just
    above the barcode area."""
    canvas = canvas_for(geometry)
    scale = Scale(geometry.back.width / design.WIDTH, geometry.back.x0)
    heading = back_heading(metadata, faces, canvas)
    below = scale.length(heading[-1].y + design.BLOCK_GAP)
    return Rect(scale.x(canvas.margin), geometry.barcode.y1 + BARCODE_GAP,
                scale.x(design.WIDTH - canvas.margin), geometry.height - below)


@functools.lru_cache(maxsize=8)  # asked for by every trial layout of the back
def back_heading(metadata: Metadata, faces: Lettering, canvas: design.Canvas
                 ) -> tuple[design.CoverLine, ...]:
    """The title in the creators' spaced capitals, where the front has the creators."""
    face, tracking, lines = design.fit(faces, in_capitals(metadata.title, faces.lang),
                                       design.CREATOR_SIZES, 3, weight=design.WEIGHT,
                                       spaced=True, measure=canvas.measure,
                                       leading=design.SMALL_LEADING)
    return tuple(design.centred(faces, "title", lines, face, tracking,
                                canvas.creator_baseline, design.SMALL_LEADING))


def back(metadata: Metadata, faces: Lettering, geometry: CoverGeometry,
         description_size: float) -> Iterator[etree._Element]:
    """Heading, description (set at `description_size`), publisher and barcode."""
    canvas = canvas_for(geometry)
    panel = geometry.back
    scale = Scale(panel.width / design.WIDTH, panel.x0)
    for line in back_heading(metadata, faces, canvas):
        yield from placed(line, faces, scale)
    room = description_room(geometry, metadata, faces)
    if metadata.description:
        # The paragraph sits a little above the middle of its room, as the front's title does.
        holder = box_element("description-room", room, geometry,
                             f"; padding-bottom: {room.height * (1 - 2 * OPTICAL):.3f}pt")
        paragraph = etree.SubElement(holder, "p", {"id": DESCRIPTION_ID, "style": (
            f"font-size: {description_size:g}pt; line-height: {DESCRIPTION_LEADING}; "
            f"font-weight: {design.WEIGHT}")})
        paragraph.text = metadata.description
        yield holder
    yield from publisher_imprint(metadata, faces, geometry, canvas, scale)
    yield from barcode.barcode_elements(metadata, faces.body, geometry)


def publisher_imprint(metadata: Metadata, faces: Lettering, geometry: CoverGeometry,
                      canvas: design.Canvas, scale: Scale) -> Iterator[etree._Element]:
    """The publisher at the foot of the back, left of the barcode area, on the front's baseline."""
    if not metadata.publisher:
        return
    left = canvas.margin
    right_limit = (geometry.barcode.x0 - BARCODE_GAP - scale.left) / scale.points_per_pixel
    face, tracking, lines = design.fit(faces, in_capitals(metadata.publisher, faces.lang),
                                       design.PUBLISHER_SIZES, 2, weight=design.WEIGHT,
                                       spaced=True, measure=right_limit - left)
    first = canvas.publisher_baseline - (len(lines) - 1) * face.size * design.SMALL_LEADING
    for number, text in enumerate(lines):
        line = design.set_at(faces, "publisher", text, face, tracking, left,
                             first + number * face.size * design.SMALL_LEADING)
        yield from placed(line, faces, scale)


def spine(metadata: Metadata, faces: Lettering, geometry: CoverGeometry
          ) -> Iterator[etree._Element]:
    """Title at the head and creators at the foot of the spine, reading top to bottom, when the
    spine is wide enough; their ink centred across it, clear of both folds."""
    if not geometry.spine_text:
        return
    found = spine_setting(metadata, faces, geometry)
    if found is None:
        return  # no size fits: a bare spine rather than text a reader cannot see
    size, texts = found
    panel = geometry.spine_panel
    length = geometry.height - 2 * FRAME_INSET
    # The box is drawn across the page and turned a quarter clockwise about its centre: its
    # top edge then faces the front cover and its text reads from the head down.
    box = etree.Element("div", {"class": "spine", "style": (
        f"left: {panel.x0 + panel.width / 2 - length / 2:.3f}pt; "
        f"top: {geometry.height / 2 - panel.width / 2:.3f}pt; "
        f"width: {length:.3f}pt; height: {panel.width:.3f}pt")})
    for number, text in enumerate(texts):
        line = measured(faces, text)
        top_ink, bottom_ink = ink_extent(faces, text)
        baseline = panel.width / 2 + (top_ink - bottom_ink) * size / 2  # ink centred across
        # the title from the head, the creators up to the foot (less the last letter's spacing)
        box.append(spans_element(line, faces, baseline=baseline, scale=size / MEASURING_SIZE,
                                 right=-line.runs[-1].tracking * size / MEASURING_SIZE
                                 if number else None))
    yield box


def spine_setting(metadata: Metadata, faces: Lettering, geometry: CoverGeometry
                  ) -> tuple[float, tuple[str, ...]] | None:
    """The size and texts for the spine: title and creators if they fit at a readable size,
    else the title alone; None if not even that fits."""
    across = geometry.spine - 2 * (geometry.spine_text_area.x0 - geometry.spine_panel.x0
                                   + SPINE_SAFETY)
    along = geometry.height - 2 * FRAME_INSET
    largest = design.CREATOR_SIZES[0] * geometry.trim.width / design.WIDTH
    title = in_capitals(metadata.title, faces.lang)
    creators = in_capitals(cover_byline(metadata), faces.lang)
    for texts in ((title, creators), (title,)):
        size = min([largest] + [across / sum(ink_extent(faces, text)) for text in texts])
        words = sum(spaced_width(faces, text) for text in texts)
        needed = words + (SPINE_GAP if len(texts) > 1 else 0.0)  # in ems
        size = min(size, along / needed)
        if size >= SPINE_MINIMUM_SIZE:
            return round(size - 0.05, 1), texts  # rounded down: never past what fits
    return None


MEASURING_SIZE = 1000  # pixels: Pillow measures at this size, giving widths in thousandths


@functools.lru_cache(maxsize=16)
def measured(faces: Lettering, text: str) -> design.CoverLine:
    """The text set as spaced capitals at the measuring size, at the origin."""
    face = Face(False, design.WEIGHT, MEASURING_SIZE)
    return design.set_at(faces, "spine", text, face, design.SPACED * MEASURING_SIZE, 0.0, 0.0)


def ink_extent(faces: Lettering, text: str) -> tuple[float, float]:
    """How far the text's ink rises above and falls below its baseline, in ems."""
    boxes = design.glyph_boxes(measured(faces, text), faces)
    top, bottom = min(box[1] for box in boxes), max(box[3] for box in boxes)
    return -top / MEASURING_SIZE, max(bottom, 0) / MEASURING_SIZE


def spaced_width(faces: Lettering, text: str) -> float:
    """The text's width in ems as spaced capitals (tracking after every letter but the last)."""
    return line_width(measured(faces, text).runs) / MEASURING_SIZE


# ---- Reading the layout back -----------------------------------------------------------------


def description_height(document: Document) -> float:
    """The laid-out description's height in points (0 when the book has none)."""
    for box in boxes(document.pages[0]._page_box):
        element = getattr(box, "element", None)
        if element is not None and element.get("id") == DESCRIPTION_ID and (
                getattr(box, "element_tag", None) == "p"):
            return float(box.margin_height()) * PX
    return 0.0


def boxes(box: Box) -> Iterator[Box]:
    """The box and all it holds, absolutely positioned boxes too (WeasyPrint keeps those in a
    placeholder, which Box.descendants does not open)."""
    yield box
    inner = getattr(box, "_box", None)  # an AbsolutePlaceholder's positioned box
    if inner is not None:
        yield from boxes(inner)
    for child in getattr(box, "children", ()):
        yield from boxes(child)
