"""The body typeface cut to the book, as the layout's units are given it: only the glyphs the
book's characters and the stylesheets' features can reach.

WeasyPrint subsets each PDF's fonts keeping glyph ids, then instances each subset of a variable
font at its weight, and the cost of that grows with the glyphs the font holds. EB Garamond has
3,247 glyphs (the apostrophe is number 2,632); cut to a book's characters with every feature it
has, about 1,200; cut to the features the stylesheets can turn on as well, about 600. Every unit
of the layout pays that step for each face it draws, so the cut is made once (and kept in the
layout's cache). The cover and the screen PDF, laid out once each, keep the whole font.
"""

from __future__ import annotations

import functools
import hashlib
import io
import re
from dataclasses import dataclass

import fontTools
from fontTools import subset
from fontTools.ttLib import TTFont
from fontTools.varLib import instancer

from publish.book.glyphs import book_characters
from publish.book.model import Book
from publish.layout.cache import LayoutCache
from publish.layout.printed import BodyCut
from publish.layout.served import FONT_MEDIA_TYPE, Fetchable, body_face_url, typeface_files
from publish.layout.workers import Layouts
from publish.source.fonts import generated_characters
from publish.source.styles import Styles

SUBSET_VERSION = f"body_subset 2, fontTools {fontTools.version}"  # in the cut's cache key
# What the layout may set besides the book's own characters: Latin-1 (folios, roman numerals,
# leaders), general punctuation (the hyphen U+2010 it breaks words with, the ellipsis that
# shortens a running head), and the list markers of CSS's counter styles (lower-greek; disc,
# circle and square; the disclosure triangles).
LAYOUT_CHARACTERS = frozenset({*range(0x20, 0x7F), *range(0xA0, 0x100), *range(0x2000, 0x2070),
                               *range(0x3B1, 0x3CA), *range(0x25A0, 0x2600)})
LAYOUT_TEXT = frozenset(map(chr, LAYOUT_CHARACTERS))
CSS_WIDE_KEYWORDS = ("inherit", "initial", "unset", "revert", "revert-layer")


@functools.cache  # WeasyPrint's tables: loaded where a cut is made, on the layout's workers
def variant_features() -> dict[str, tuple[str, ...]]:
    """The OpenType features each keyword of the font-variant properties turns on, as
    WeasyPrint maps them (text/constants.py), and the keywords that turn none on."""
    from weasyprint.text.constants import CAPS_KEYS, EAST_ASIAN_KEYS, LIGATURE_KEYS, NUMERIC_KEYS

    return {
        **{name: tuple(tags) for name, tags in (*LIGATURE_KEYS.items(), *CAPS_KEYS.items())},
        **{name: (tag,) for name, tag in (*NUMERIC_KEYS.items(), *EAST_ASIAN_KEYS.items())},
        "sub": ("subs",), "super": ("sups",), "historical-forms": ("hist",),
        **{keyword: () for keyword in ("normal", "none", *CSS_WIDE_KEYWORDS,
                                       *(f"no-{name}" for name in LIGATURE_KEYS))},
    }


FEATURE_DECLARATION = re.compile(
    r"(?<![\w-])(font-variant(?:-[a-z-]+)?|font-feature-settings|font)\s*:\s*([^;}]*)",
    re.IGNORECASE)
WEIGHT_DECLARATION = re.compile(r"(?<![\w-])(font-weight|font)\s*:\s*([^;}]*)", re.IGNORECASE)
# A weight's number stands alone: not a size (12pt), a line height (/1.2) or part of a name.
WEIGHT_WORD = re.compile(r"(?<![\w.#/-])(?:[a-z][a-z-]*|\d{1,4}(?![\w.%/]))", re.IGNORECASE)
REGULAR = 400
STATIC_FROM = 20  # divisions: a book with more has its regular weight made static (cut_typeface)
WEIGHT_KEYWORDS = {"normal": REGULAR, "bold": 700}
STYLE_ATTRIBUTE = re.compile(r'\sstyle\s*=\s*"([^"]*)"')  # the text's own declarations
CSS_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
QUOTED = re.compile(r"""(["']).*?\1""")  # a family's name, a feature's tag
KEYWORD = re.compile(r"(?<![\w#.-])[a-z][a-z0-9-]*", re.IGNORECASE)
FEATURE_TAG = re.compile(r"""["']([\x20-\x7e]{4})["']""")


@dataclass(frozen=True)
class CutTypeface:
    """The files of the layout's typefaces (engine.typeface_files) with the body face cut, and
    the weights it has a file for in each style (none: one variable file for all weights);
    `body` holds the cuts, for the editions to subset from."""

    files: dict[str, Fetchable]
    weights: tuple[int, ...]
    body: BodyCut


def cut_typeface(book: Book, styles: Styles, cache: LayoutCache | None,
                 layouts: Layouts | None = None) -> CutTypeface:
    """The body face cut to what the book can print (body_subset), each style on `layouts`
    (the roman and the italic at once, on a pool), each file kept in the layout's cache when
    there is one.

    When the font varies in weight alone and every weight the text can be set in is known,
    each style has a file per weight: the regular weight, which most pages draw, a static
    instance (WeasyPrint need not instance it in every unit); the others the variable cut,
    instanced only by the units that draw them. Making a static instance costs about what ten
    units' instancing of it does, so a book of fewer divisions than STATIC_FROM keeps one
    variable file."""
    stylesheet = styles.book + styles.print
    printed = book_characters(book) + generated_characters(stylesheet)
    declared = stylesheet + "".join(f"{{{style}}}" for chapter in book.chapters
                                    for style in STYLE_ATTRIBUTE.findall(chapter.body))
    weights = stylesheet_weights(declared)
    if (weights is None or len(book.chapters) < STATIC_FROM
            or not only_weight_varies(styles.typeface.roman, styles.typeface.italic)):
        weights = ()
    kinds = (b"cut", b"static regular") if weights else (b"cut",)
    fonts = {"roman": styles.typeface.roman, "italic": styles.typeface.italic}

    def key(font: bytes, kind: bytes) -> str:  # the features are read from `declared`
        return hashlib.sha256(b"\0".join([
            font, kind, printed.encode("utf-8"), declared.encode("utf-8"),
            SUBSET_VERSION.encode("ascii")])).hexdigest()

    found = {(style, kind): None if cache is None else cache.found(key(font, kind))
             for style, font in fonts.items() for kind in kinds}
    missing = [style for style in fonts if any(found[style, kind] is None for kind in kinds)]
    made = (layouts or Layouts()).run_all(
        cut_style, [(fonts[style], printed, declared, bool(weights)) for style in missing])
    for style, files_made in zip(missing, made, strict=True):
        for kind, data in zip(kinds, files_made, strict=True):
            found[style, kind] = data
            if cache is not None:
                cache.keep(key(fonts[style], kind), data)
    made_files = {key: face for key, face in found.items() if face is not None}
    assert len(made_files) == len(found)  # each found in the cache, or made just now
    files = typeface_files(book, styles)
    for style in fonts:
        files.pop(body_face_url(style))
        for weight in weights or (None,):
            face = made_files[style, b"static regular" if weight == REGULAR else b"cut"]
            files[body_face_url(style, weight)] = Fetchable(face, FONT_MEDIA_TYPE)
    cuts = tuple((font, made_files[style, b"cut"]) for style, font in fonts.items())
    held = "".join(sorted(set(printed) | LAYOUT_TEXT))
    return CutTypeface(files, weights, BodyCut(cuts, held, declared))


def cut_style(font: bytes, characters: str, declared: str, static: bool) -> tuple[bytes, ...]:
    """One style of the body face cut (body_subset) to the features the `declared` rules can
    turn on, and with `static` its regular weight instanced from the cut: a worker's job."""
    features = stylesheet_features(declared)
    cut = body_subset(font, characters, features)
    return (cut, static_instance(cut, REGULAR)) if static else (cut,)


def stylesheet_features(stylesheet: str) -> tuple[str, ...] | None:
    """The OpenType features the stylesheet can turn on anywhere, besides those a shaper
    applies by itself; None when it says something this does not know (then every feature
    is kept, which is always right, only slower)."""
    features: set[str] = set()
    rules = CSS_COMMENT.sub("", stylesheet)
    for declaration in FEATURE_DECLARATION.finditer(rules):
        name, value = declaration[1].lower(), declaration[2]
        if name == "font-feature-settings":
            features.update(FEATURE_TAG.findall(value))
            continue
        for keyword in KEYWORD.findall(QUOTED.sub("", value)):
            if keyword.lower() in variant_features():
                features.update(variant_features()[keyword.lower()])
            elif name != "font":  # the shorthand's other words are sizes, weights, families
                return None
    return tuple(sorted(features))


def stylesheet_weights(stylesheet: str) -> tuple[int, ...] | None:
    """Every weight the stylesheet can set text in: normal and bold (WeasyPrint's own
    stylesheet makes b, strong, th and headings bold), those it names, and what bolder and
    lighter make of them; None when it says something this does not know."""
    weights = {REGULAR, 700}
    relative: set[str] = set()
    rules = CSS_COMMENT.sub("", stylesheet)
    for declaration in WEIGHT_DECLARATION.finditer(rules):
        name, value = declaration[1].lower(), QUOTED.sub("", declaration[2])
        words = [word.lower() for word in WEIGHT_WORD.findall(value)]
        for word in words:
            if word in ("bolder", "lighter"):
                relative.add(word)
            elif word in WEIGHT_KEYWORDS or word.isdigit():
                weights.add(WEIGHT_KEYWORDS.get(word) or int(word))
            elif name == "font-weight" and word not in CSS_WIDE_KEYWORDS:
                return None  # var(), calc(): a weight this cannot know
    while True:  # CSS Fonts 4, "relative weights"
        more = weights | {relative_weight(weight, word) for weight in weights for word in relative}
        if more == weights:
            return tuple(sorted(weights))
        weights = more


def relative_weight(weight: int, word: str) -> int:
    """What bolder or lighter makes of an inherited weight."""
    if word == "bolder":
        return 400 if weight < 350 else 700 if weight < 550 else max(900, weight)
    return weight if weight < 100 else 100 if weight < 550 else 400 if weight < 750 else 700


def only_weight_varies(*fonts: bytes) -> bool:
    """Whether each font is variable in weight alone, so that a static instance at the weight
    of the text draws it as WeasyPrint would (an optical size axis follows the font size)."""
    for font in fonts:
        program = TTFont(io.BytesIO(font), lazy=True)
        if "fvar" not in program or {axis.axisTag for axis in program["fvar"].axes} != {"wght"}:
            return False
    return True


def static_instance(cut: bytes, weight: int) -> bytes:
    """The cut font fixed at a weight, as WeasyPrint instances it for each PDF it writes."""
    program = TTFont(io.BytesIO(cut))
    (axis,) = program["fvar"].axes
    program = instancer.instantiateVariableFont(  # in place: a copy took a third of the time
        program, {"wght": min(max(weight, axis.minValue), axis.maxValue)}, inplace=True,
        static=True)
    program.recalcTimestamp = False
    out = io.BytesIO()
    program.save(out)
    return out.getvalue()


def body_subset(font: bytes, characters: str, features: tuple[str, ...] | None) -> bytes:
    """The variable body font with only the glyphs `characters` (and what the layout adds:
    Latin-1, punctuation, the hyphen it breaks words with) can need through the shaper's own
    features and `features` (None: every feature), so text shapes as with the whole font."""
    wanted = {ord(character) for character in characters} | LAYOUT_CHARACTERS
    return subset_font(font, frozenset(wanted), features)


@functools.lru_cache(maxsize=8)
def subset_font(font: bytes, code_points: frozenset[int], features: tuple[str, ...] | None
                ) -> bytes:
    program = TTFont(io.BytesIO(font))
    options = subset.Options()
    options.layout_features = ["*"] if features is None else [*options.layout_features,
                                                              *features]
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.glyph_names = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(code_points))
    subsetter.subset(program)
    program.recalcTimestamp = False  # the same book gives the same bytes
    out = io.BytesIO()
    program.save(out)
    return out.getvalue()
