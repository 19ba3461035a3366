"""How one line of cover text is set: in runs, each in one face and one direction, placed in the
order the eye reads them.

A cover line may hold several scripts (a Thai title over an English subtitle, a Hebrew range
with an en dash that the Hebrew face lacks, Latin digits in an Arabic line). Each character is
drawn in the first face of the book's fallback chain that has it (source/fonts.py's order);
punctuation, spaces and marks stay in the face of the letter before them when it has them, so a
run is not broken at every space. The line's direction is its first strong letter's (else the
book's), and the Unicode Bidirectional Algorithm (python-bidi) gives every character its
embedding level; runs of one face and one level are then reordered (rule L2) and shaped each
in its own direction by Pillow's libraqm (HarfBuzz), which mirrors brackets in a right-to-left
run. Both covers place the same runs: the EPUB image draws them with Pillow, the print wrap
sets each as a positioned box in WeasyPrint, so neither relies on a renderer's own fallback.
"""

from __future__ import annotations

import functools
import io
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from bidi import algorithm as bidi
from fontTools.ttLib import TTFont
from PIL import ImageFont, features

from publish.errors import PublishError
from publish.source.fonts import Typeface, is_ignorable

STRONG = {"L": False, "R": True, "AL": True}  # bidi classes of letters: whether right to left


@dataclass(frozen=True)
class Face:
    """Which style, weight and size a line is set in (the typeface is each run's own)."""

    italic: bool
    weight: int
    size: int


@dataclass(frozen=True)
class Lettering:
    """The faces the cover's text is set in: the body face first, then the fallback faces of
    the chain its text needs, in the chain's order; the book's language and direction."""

    faces: tuple[Typeface, ...]
    lang: str = "en"
    rtl: bool = False  # the book reads right to left: a line with no letter reads so too

    @property
    def body(self) -> Typeface:
        return self.faces[0]


@dataclass(frozen=True)
class Run:
    """A stretch of a line in one face and one direction; x is its left end from the line's."""

    text: str  # in logical (reading) order
    start: int  # where it starts in the line's text
    face: int  # the index of its typeface in Lettering.faces
    rtl: bool
    tracking: float  # extra space after each letter, in pixels (capitals only)
    x: float
    width: float


def set_line(lettering: Lettering, face: Face, text: str, tracking: float,
             rtl: bool | None = None) -> tuple[Run, ...]:
    """The line's runs, left to right as drawn. Tracking spaces only runs of a script with
    capitals: it would tear Hebrew points from their letters and Arabic letters apart.
    `rtl` is the direction of the paragraph the line comes from (else the line's own)."""
    direction = paragraph_rtl(text, lettering.rtl) if rtl is None else rtl
    levels = embedding_levels(text, direction)
    faces = chosen_faces(lettering, face.italic, text)
    logical: list[tuple[int, int, int, int]] = []  # start, end, face, level
    for position, (level, index) in enumerate(zip(levels, faces, strict=True)):
        if logical and logical[-1][2:] == (index, level):
            logical[-1] = (logical[-1][0], position + 1, index, level)
        else:
            logical.append((position, position + 1, index, level))
    runs, x = [], 0.0
    for start, end, index, level in visual_order(logical):
        run_text = text[start:end]
        spaced = tracking if tracking and level % 2 == 0 and has_case(run_text) else 0.0
        width = run_width(lettering.faces[index], face, run_text, spaced, level % 2 == 1,
                          lettering.lang)
        runs.append(Run(run_text, start, index, level % 2 == 1, spaced, x, width))
        x += width
    return tuple(runs)


@dataclass(frozen=True)
class Piece:
    """What Pillow draws at once: a run, or one letter of a spaced run (with its marks)."""

    x: float
    y: float  # the baseline
    text: str
    font: ImageFont.FreeTypeFont
    direction: str  # "ltr" or "rtl"
    language: str


def pieces(lettering: Lettering, face: Face, runs: Sequence[Run], x: float, y: float
           ) -> list[Piece]:
    """What drawing a line of runs whose left end is at (x, y) takes, left to right."""
    drawn = []
    language = lettering.lang or "en"
    for run in runs:
        loaded = font(lettering.faces[run.face], face)
        direction = "rtl" if run.rtl else "ltr"
        left = x + run.x
        for text in (clusters(run.text) if run.tracking else [run.text]):
            drawn.append(Piece(left, y, text, loaded, direction, language))
            left += loaded.getlength(text, direction=direction, language=language) + run.tracking
    return drawn


def line_width(runs: Sequence[Run]) -> float:
    """The ink-to-ink advance of a line: without the spacing after its last letter."""
    if not runs:
        return 0.0
    return runs[-1].x + runs[-1].width - runs[-1].tracking


def paragraph_rtl(text: str, default: bool) -> bool:
    """The direction of the first strong letter (the algorithm's rules P2 and P3)."""
    return next((STRONG[kind] for kind in map(unicodedata.bidirectional, text)
                 if kind in STRONG), default)


def embedding_levels(text: str, rtl: bool) -> list[int]:
    """Each character's resolved embedding level (rules X1 to I2), from python-bidi's
    implementation of the algorithm, whose get_display gives only the reordered string.
    An explicit formatting character (removed by rule X9) takes the level before it."""
    storage = bidi.get_empty_storage()
    storage["base_level"] = int(rtl)
    storage["base_dir"] = "R" if rtl else "L"
    bidi.get_embedding_levels(text, storage)
    characters = list(storage["chars"])  # before X9 removes any of them
    bidi.explicit_embed_and_overrides(storage)
    bidi.resolve_weak_types(storage)
    bidi.resolve_neutral_types(storage, False)
    bidi.resolve_implicit_levels(storage, False)
    kept = {id(character) for character in storage["chars"]}
    levels: list[int] = []
    for character in characters:
        levels.append(character["level"] if id(character) in kept or not levels
                      else levels[-1])
    return levels


def visual_order(runs: list[tuple[int, int, int, int]]) -> list[tuple[int, int, int, int]]:
    """Runs reordered for display (rule L2): from the highest level down to the lowest odd
    one, every sequence of runs at that level or higher is reversed."""
    ordered = list(runs)
    if not ordered:
        return ordered
    levels = [run[-1] for run in ordered]
    lowest_odd = min(level for level in levels) | 1
    for level in range(max(levels), lowest_odd - 1, -1):
        start = None
        for position in range(len(ordered) + 1):
            inside = position < len(ordered) and ordered[position][-1] >= level
            if inside and start is None:
                start = position
            elif not inside and start is not None:
                ordered[start:position] = reversed(ordered[start:position])
                start = None
    return ordered


def chosen_faces(lettering: Lettering, italic: bool, text: str) -> list[int]:
    """For each character, the face that draws it: a letter or digit the first face that has
    it; punctuation, spaces and marks the face of the letter before (for a mark, its base),
    else of the letter after, if that face has them, else the first that has them."""
    def first(character: str) -> int:
        return next((index for index, typeface in enumerate(lettering.faces)
                     if ord(character) in cmap(typeface, italic)), 0)

    chosen: list[int | None] = [first(character) if unicodedata.category(character)[0] in "LN"
                                else None for character in text]
    for position, character in enumerate(text):
        if chosen[position] is not None:
            continue
        before = chosen[position - 1] if position else None
        after = next((index for index in chosen[position + 1:] if index is not None), None)
        for neighbour in (before, after):
            if neighbour is not None and (is_ignorable(character) or ord(character) in cmap(
                    lettering.faces[neighbour], italic)):
                chosen[position] = neighbour
                break
        else:
            chosen[position] = first(character)
    return [index or 0 for index in chosen]


@functools.cache
def cmap(typeface: Typeface, italic: bool) -> frozenset[int]:
    """The code points the file a style is drawn from maps."""
    data = typeface.italic if italic else typeface.roman
    return frozenset(TTFont(io.BytesIO(data), fontNumber=typeface.index, lazy=True)
                     .getBestCmap())


def has_case(text: str) -> bool:
    """Whether the text's letters have capitals (Latin, Greek, Cyrillic...)."""
    return any(letter.upper() != letter.lower() for letter in text if letter.isalpha())


def clusters(text: str) -> list[str]:
    """The text's letters, each with the combining marks after it: what tracking spaces."""
    found: list[str] = []
    for character in text:
        if found and unicodedata.combining(character):
            found[-1] += character
        else:
            found.append(character)
    return found


def run_width(typeface: Typeface, face: Face, text: str, tracking: float, rtl: bool,
              lang: str) -> float:
    """How wide a run sets: shaped whole when solid, letter by letter when spaced (with the
    spacing after each)."""
    if not tracking:
        return shaped_width(typeface, face, text, rtl, lang)
    return sum(shaped_width(typeface, face, letter, rtl, lang) + tracking
               for letter in clusters(text))


@functools.lru_cache(maxsize=8192)
def shaped_width(typeface: Typeface, face: Face, text: str, rtl: bool, lang: str) -> float:
    """The advance of a shaped run (fitting a long line asks for the same ones many times)."""
    return float(font(typeface, face).getlength(text, direction="rtl" if rtl else "ltr",
                                                language=lang or None))


@functools.lru_cache(maxsize=64)
def font(typeface: Typeface, face: Face) -> ImageFont.FreeTypeFont:
    """The font at a size; a variable one with its weight axis set (FreeType instances it)."""
    require_shaping()
    data = typeface.italic if face.italic else typeface.roman
    loaded = ImageFont.truetype(io.BytesIO(data), face.size, index=typeface.index,
                                layout_engine=ImageFont.Layout.RAQM)
    try:
        axes = loaded.get_variation_axes()
    except OSError:
        return loaded  # a static face: its one weight
    loaded.set_variation_by_axes([float(face.weight) if axis["name"] in (b"Weight", "Weight")
                                  else float(axis["default"] or 0) for axis in axes])
    return loaded


@functools.cache
def require_shaping() -> None:
    """Pillow shapes with libraqm only when it finds FriBiDi; without, it would draw Arabic
    unjoined and Devanagari unformed without a word, so the cover is not drawn."""
    if not features.check("raqm"):
        raise PublishError("Pillow cannot shape the cover's text (libraqm or FriBiDi is "
                           "missing): run `bash scripts/setup`, which installs libfribidi0")
