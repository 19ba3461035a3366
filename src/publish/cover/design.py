"""The cover's design: a typographic front drawn from the metadata, for books whose publisher
supplies no cover.

The design is a plain one that stores and retailers accept: a deep solid field, a thin double
frame, the creators in spaced capitals at the head, the title large in capitals with its lines
balanced, the subtitle in italic, a short rule, and the publisher at the foot, all in the book's
typeface. It is laid out here (front_design) in pixels of a canvas 1600 px wide, and drawn
elsewhere: at 1600 x 2560 px (1 : 1.6, what Kindle, Apple Books and Kobo ask for) as the EPUB's
cover image (image.py), and scaled to points on the front of the print wrap
(editions/cover_wrap.py). Both draw the same lines, frames and rule, so the covers match.

Every line is set in runs (lettering.py): each script in the face of the chain that has it,
right-to-left text in its visual order. Capitals are the language's (capitals.py: Greek without
accents, Turkish dotted İ), and the creators are joined by its word for "and" (names.py).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from PIL import Image, ImageDraw

from publish.book.imprint import byline
from publish.book.phrases import phrases_of
from publish.cover.capitals import capitals
from publish.cover.lettering import (
    Face,
    Lettering,
    Piece,
    Run,
    font,
    has_case,
    line_width,
    paragraph_rtl,
    pieces,
    set_line,
)
from publish.cover.names import cover_byline
from publish.source.fonts import FontChain, Typeface
from publish.source.metadata import Metadata

WIDTH, HEIGHT = 1600, 2560
FRAME_INSET = 70  # the outer rule, from the edge
FRAME_GAP = 16  # between the outer and the inner rule
MARGIN = 190  # text never comes closer to the edge than this
MEASURE = WIDTH - 2 * MARGIN
TITLE_SIZES = range(200, 59, -4)  # largest first: the title takes the largest size that fits
SUBTITLE_SIZES = range(80, 47, -4)
CREATOR_SIZES = (56, 54, 52, 50, 48, 46, 44, 42, 40)
PUBLISHER_SIZES = range(40, 27, -2)
TITLE_MAX_LINES = 5
TITLE_LEADING = 1.12
SMALL_LEADING = 1.45
SPACED = 0.16  # letter-spacing of the small capitals lines, in ems
WEIGHT = 500  # of every line but the subtitle: a little heavier than the text, for distance
CREATOR_BASELINE = 420  # the first creator line's baseline, from the top
PUBLISHER_BASELINE = HEIGHT - 250  # the last publisher line's
BLOCK_GAP = 220  # at least this between the title block and the head or foot
RULE_LENGTH = 180  # the short rule under the title block
RULE_WIDTH = 3
FRAME_WIDTHS = (5, 2)  # the outer and the inner rule of the frame
OPTICAL_CENTRE = HEIGHT * 0.46  # a block looks centred a little above the true middle
NO_BREAK = "\u00a0"  # joins the words of one name, so lines break between names
# Ideographs, kana, hangul, full-width forms: scripts that write words without spaces.
WIDE_CHARACTERS = "\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef"
WIDE = re.compile(f"[{WIDE_CHARACTERS}]")
# A wide character with the opening brackets a line may not end with before it and the closing
# punctuation a line may not begin with after it; or a run of other text.
OPENING, CLOSING = "「『《〈（", "」』》〉）。、，！？"
WIDE_RUN = re.compile(f"[{OPENING}]*[{WIDE_CHARACTERS}][{CLOSING}]*|[^{WIDE_CHARACTERS}]+")


@dataclass(frozen=True)
class CoverLine:
    """One line of cover text, placed: (x, y) is the left end of its baseline."""

    role: str  # "creator", "title", "subtitle", "publisher"
    text: str  # in reading order
    face: Face
    tracking: float  # extra space after each letter of a script with capitals, in pixels
    x: float
    y: float
    runs: tuple[Run, ...]  # left to right as drawn, each x from the line's x


@dataclass(frozen=True)
class Frame:
    """One rule of the frame: a rectangle `inset` pixels in from every edge of the canvas,
    `width` pixels thick, drawn inwards from there."""

    inset: int
    width: int


@dataclass(frozen=True)
class Rule:
    """The short horizontal rule between the title block and the publisher."""

    centre: float  # x of its middle
    y: int
    length: int
    width: int  # thickness


@dataclass(frozen=True)
class CoverLayout:
    lines: tuple[CoverLine, ...]
    frames: tuple[Frame, ...]  # outer first
    rule: Rule


@dataclass(frozen=True)
class Canvas:
    """The front a layout is made for, in pixels at this cover's scale (always WIDTH wide).

    The EPUB cover is the default. The print cover (editions/cover_wrap.py) lays its front out on
    a canvas of its trim's proportions with the frame further in (a frame near the edge shows
    a trimming error), then scales it to points: one design, two sizes. Everything the frame
    holds keeps its distance from the frame.
    """

    height: int = HEIGHT
    frame_inset: int = FRAME_INSET

    @property
    def shift(self) -> int:
        """How much further in the frame is than on the EPUB cover."""
        return self.frame_inset - FRAME_INSET

    @property
    def margin(self) -> int:
        return MARGIN + self.shift

    @property
    def measure(self) -> int:
        return WIDTH - 2 * self.margin

    @property
    def creator_baseline(self) -> int:
        return CREATOR_BASELINE + self.shift

    @property
    def publisher_baseline(self) -> int:
        return self.height - (HEIGHT - PUBLISHER_BASELINE) - self.shift

    @property
    def optical_centre(self) -> float:
        return self.height * OPTICAL_CENTRE / HEIGHT


EPUB_CANVAS = Canvas()


def cover_description(metadata: Metadata) -> str:
    """The alt text of any cover: what it shows, in words."""
    title = f"{metadata.title}: {metadata.subtitle}" if metadata.subtitle else metadata.title
    return phrases_of(metadata).say("cover-of", title=title, names=byline(metadata))


def cover_lettering(fonts: FontChain, metadata: Metadata) -> Lettering:
    """The faces the cover's lettering is set in: the body face, then each face of the chain
    that the cover's text needs (Hebrew, Arabic, Chinese...), so that the cover shows letters,
    not boxes. Both covers, EPUB and print, front, spine and back, are set in them."""
    lang = metadata.lang
    text = "".join([metadata.title, capitals(metadata.title, lang), metadata.subtitle or "",
                    capitals(cover_byline(metadata), lang),
                    capitals(metadata.publisher or "", lang)])
    chain = fonts.for_language(lang)  # the Han forms of the book's language
    faces = tuple(Typeface(face.family, face.data, face.data, "", face.index)
                  for face, _ in chain.assign(text).faces)
    return Lettering((chain.body, *faces), lang, metadata.dir == "rtl")


def width_of(typeface: Typeface, face: Face, text: str, tracking: float) -> float:
    """How wide a line sets in one face (the barcode's digits): kerned when untracked,
    character by character when spaced."""
    if not tracking:
        return float(font(typeface, face).getlength(text))
    return sum(character_width(typeface, face, character) for character in text) + (
        tracking * (len(text) - 1))


@functools.lru_cache(maxsize=4096)
def character_width(typeface: Typeface, face: Face, character: str) -> float:
    """One character's advance: fitting a long spaced line asks for the same ones many times."""
    return float(font(typeface, face).getlength(character))


def balanced_lines(words: Sequence[str], count: int,
                   measure: Callable[[str], float]) -> tuple[str, ...]:
    """The words broken into `count` lines so the longest line is as short as it can be:
    a title set this way has no long line over a stranded word."""
    @functools.cache
    def width(first: int, last: int) -> float:
        return measure(joined(words[first:last]))

    @functools.cache
    def best(start: int, lines: int) -> tuple[float, tuple[int, ...]]:
        if lines == 1:
            return width(start, len(words)), (len(words),)
        options = []
        for end in range(start + 1, len(words) - lines + 2):
            rest, breaks = best(end, lines - 1)
            options.append((max(width(start, end), rest), (end, *breaks)))
        return min(options)

    _, breaks = best(0, count)
    starts = (0, *breaks[:-1])
    return tuple(joined(words[start:end]) for start, end in zip(starts, breaks, strict=True))


def fit(lettering: Lettering, text: str, sizes: Sequence[int], max_lines: int, *,
        italic: bool = False, weight: int = 400, spaced: bool = False,
        max_height: float | None = None, leading: float = TITLE_LEADING,
        measure: float = MEASURE) -> tuple[Face, float, tuple[str, ...]]:
    """The largest size (and fewest lines at it) at which text fits the measure.

    If even the smallest size fails, keeps shrinking: nothing may cross the margins."""
    style = (italic, weight, spaced, leading)
    found = fit_within(lettering, text, tuple(sizes), max_lines, style, max_height, measure)
    smaller = tuple(range(min(sizes) - 2, 7, -2))
    found = found or fit_within(lettering, text, smaller, len(breakable(text)), style, None,
                                measure)
    if found is None:
        raise ValueError(f"cannot fit {text!r} on the cover")  # not for any real text
    return found


def fit_within(lettering: Lettering, text: str, sizes: tuple[int, ...], max_lines: int,
               style: tuple[bool, int, bool, float], max_height: float | None,
               width: float = MEASURE) -> tuple[Face, float, tuple[str, ...]] | None:
    """The first size that fits in at most max_lines lines and max_height, or None.
    Words joined by NO_BREAK stay on one line."""
    italic, weight, spaced, leading = style
    words = breakable(text)
    rtl = paragraph_rtl(text, lettering.rtl)
    for size in sizes:
        face = Face(italic, weight, size)
        # Letter-spacing is for capitals: set_line spaces only the runs of a script with case.
        tracking = SPACED * size if spaced and has_case(text) else 0.0

        def measure(line: str, face: Face = face, tracking: float = tracking) -> float:
            return line_width(set_line(lettering, face, line.replace(NO_BREAK, " "), tracking,
                                       rtl))

        if max(measure(word) for word in words) > width:
            continue  # a word wider than the measure: no breaking helps, only a smaller size
        count = fewest_lines(words, measure, width)
        if count > max_lines or (max_height is not None and count * size * leading > max_height):
            continue
        lines = balanced_lines(words, count, measure)
        return face, tracking, tuple(line.replace(NO_BREAK, " ") for line in lines)
    return None


def breakable(text: str) -> list[str]:
    """The pieces a line may break between: words, and in Chinese, Japanese and Korean, which
    write no spaces, each character."""
    pieces: list[str] = []
    for word in text.split(" "):
        pieces += WIDE_RUN.findall(word) if WIDE.search(word) else [word]
    return pieces


def joined(pieces: Sequence[str]) -> str:
    """Pieces as a line sets them: a space between words, none between wide characters."""
    line = ""
    for piece in pieces:
        if line and not (WIDE.match(piece) and WIDE.match(line[-1])):
            line += " "
        line += piece
    return line


def fewest_lines(words: Sequence[str], measure: Callable[[str], float],
                 width: float = MEASURE) -> int:
    """How many lines the words need at least: filling each line greedily is optimal for
    that (balancing then spreads the same words over the same number of lines)."""
    count, line = 1, ""
    for word in words:
        candidate = joined([line, word]) if line else word
        if line and measure(candidate) > width:
            count, line = count + 1, word
        else:
            line = candidate
    return count


def centred(lettering: Lettering, role: str, lines: tuple[str, ...], face: Face,
            tracking: float, first_baseline: float, leading: float) -> list[CoverLine]:
    """The lines centred on the canvas, each below the one before; their runs set in the
    direction of the text they were broken from."""
    rtl = paragraph_rtl(" ".join(lines), lettering.rtl)
    placed = []
    for number, text in enumerate(lines):
        runs = set_line(lettering, face, text, tracking, rtl)
        placed.append(CoverLine(role, text, face, tracking, (WIDTH - line_width(runs)) / 2,
                                first_baseline + number * face.size * leading, runs))
    return placed


def set_at(lettering: Lettering, role: str, text: str, face: Face, tracking: float, x: float,
           y: float) -> CoverLine:
    """One line with its left end at (x, y)."""
    return CoverLine(role, text, face, tracking, x, y, set_line(lettering, face, text, tracking))


def front_design(metadata: Metadata, lettering: Lettering, canvas: Canvas = EPUB_CANVAS
                 ) -> CoverLayout:
    """Where everything goes: the frame, creators at the head, publisher at the foot, and the
    title block (title, subtitle, rule) centred a little above the middle of the room between
    them."""
    head = creator_lines(metadata, lettering, canvas)
    foot = publisher_lines(metadata, lettering, canvas)
    room_top = head[-1].y + BLOCK_GAP
    room_bottom = (foot[0].y - foot[0].face.size if foot
                   else canvas.publisher_baseline - 50) - BLOCK_GAP
    block, rule_y = title_block(metadata, lettering, room_bottom - room_top, canvas)
    block_top = min(max(canvas.optical_centre - (rule_y / 2), room_top), room_bottom - rule_y)
    shifted = tuple(replace(line, y=line.y + block_top) for line in block)
    frames = tuple(Frame(canvas.frame_inset + offset, width)
                   for offset, width in zip((0, FRAME_GAP), FRAME_WIDTHS, strict=True))
    return CoverLayout((*head, *shifted, *foot), frames,
                       Rule(WIDTH / 2, int(rule_y + block_top), RULE_LENGTH, RULE_WIDTH))


def creator_lines(metadata: Metadata, lettering: Lettering, canvas: Canvas = EPUB_CANVAS
                  ) -> list[CoverLine]:
    """The creators in spaced capitals, broken between names rather than inside one."""
    unbroken = tuple(replace(creator, name=creator.name.replace(" ", NO_BREAK))
                     for creator in metadata.creators)
    text = capitals(cover_byline(metadata, [creator.name for creator in unbroken]),
                    lettering.lang)
    style = (False, WEIGHT, True, SMALL_LEADING)
    found = fit_within(lettering, text, CREATOR_SIZES, 3, style, None, canvas.measure)
    face, tracking, lines = found or fit(lettering, text.replace(NO_BREAK, " "), CREATOR_SIZES,
                                         3, weight=WEIGHT, spaced=True, measure=canvas.measure)
    return centred(lettering, "creator", lines, face, tracking, canvas.creator_baseline,
                   SMALL_LEADING)


def publisher_lines(metadata: Metadata, lettering: Lettering, canvas: Canvas = EPUB_CANVAS
                    ) -> list[CoverLine]:
    if not metadata.publisher:
        return []
    face, tracking, lines = fit(lettering, capitals(metadata.publisher, lettering.lang),
                                PUBLISHER_SIZES, 2, weight=WEIGHT, spaced=True,
                                measure=canvas.measure)
    return centred(lettering, "publisher", lines, face, tracking,
                   canvas.publisher_baseline - (len(lines) - 1) * face.size * SMALL_LEADING,
                   SMALL_LEADING)


def title_block(metadata: Metadata, lettering: Lettering, room: float,
                canvas: Canvas = EPUB_CANVAS) -> tuple[list[CoverLine], int]:
    """Title and subtitle laid out from y = 0, and the y of the short rule under them."""
    subtitle_room = min(360.0, room / 3) if metadata.subtitle else 0.0
    face, _, title_lines = fit(lettering, capitals(metadata.title, lettering.lang), TITLE_SIZES,
                               TITLE_MAX_LINES, weight=WEIGHT,
                               max_height=room - 120 - subtitle_room, measure=canvas.measure)
    lines = centred(lettering, "title", title_lines, face, 0.0, face.size * 0.72, TITLE_LEADING)
    rule_y = lines[-1].y + face.size * 0.55 + 90
    if metadata.subtitle:
        last = lines[-1]
        face, _, subtitle_lines = fit(lettering, metadata.subtitle, SUBTITLE_SIZES, 3,
                                      italic=True, max_height=subtitle_room - 40,
                                      leading=SMALL_LEADING, measure=canvas.measure)
        lines += centred(lettering, "subtitle", subtitle_lines, face, 0.0,
                         last.y + last.face.size * 0.5 + face.size * 1.3, SMALL_LEADING)
        rule_y = lines[-1].y + face.size * 0.9 + 90
    return lines, int(rule_y)


def glyph_boxes(line: CoverLine, lettering: Lettering
                ) -> list[tuple[float, float, float, float]]:
    """The ink boxes Pillow reports for a placed line, as drawn (for tests and print)."""
    draw = ImageDraw.Draw(Image.new("RGB", (1, 1)))
    return [draw.textbbox((piece.x, piece.y), piece.text, font=piece.font, anchor="ls",
                          direction=piece.direction, language=piece.language)
            for piece in drawn_pieces(line, lettering)]


def drawn_pieces(line: CoverLine, lettering: Lettering) -> list[Piece]:
    """What drawing a placed line takes, piece by piece, left to right."""
    return pieces(lettering, line.face, line.runs, line.x, line.y)
