"""The body typeface cut to the book, as the layout's units are given it: only the glyphs the
book's characters and the stylesheets' features can reach.

WeasyPrint subsets each PDF's fonts keeping glyph ids, then instances each subset of a variable
font at its weight, and the cost of that grows with the glyphs the font holds. EB Garamond has
3,247 glyphs (the apostrophe is number 2,632); cut to a book's characters with every feature it
has, about 1,200; cut to the features the stylesheets can turn on as well, about 600. Every unit
of the layout pays that step for each face it draws, so the cut is made once (and kept in the
layout's cache). The cover and the screen PDF, laid out once each, keep the whole font.

No unit can begin before the cut is made, so it is HarfBuzz's subsetter that makes it (3 ms a
style, where fontTools took 0.8 s), and the build begins it from the characters the manuscript
holds while the Book is made from them (CutFor, begin_cut).
"""

from __future__ import annotations

import functools
import hashlib
import html
import io
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import fontTools
import uharfbuzz as harfbuzz
from fontTools.ttLib import TTFont

from publish.book.glyphs import book_characters, metadata_text
from publish.book.model import Book
from publish.layout.cache import LayoutCache
from publish.layout.printed import BodyCut
from publish.layout.served import FONT_MEDIA_TYPE, Fetchable, body_face_url, typeface_files
from publish.layout.workers import Layouts
from publish.source.fonts import generated_characters
from publish.source.manuscript import Manuscript
from publish.source.styles import Styles

SUBSET_VERSION = (f"body_subset 5, uharfbuzz {harfbuzz.__version__}, "  # in the cut's cache key
                  f"fontTools {fontTools.version}")
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
    `body` holds the cuts, for the editions to subset from; `new`, whether they were made
    now, not found in the cache (then the book is new, or prints characters it did not)."""

    files: dict[str, Fetchable]
    weights: tuple[int, ...]
    body: BodyCut
    new: bool = True


@dataclass(frozen=True)
class CutFor:
    """What the body face is cut for: the characters the print book can set (besides
    LAYOUT_CHARACTERS and the stylesheets' generated content), and the style attributes of
    its text that set fonts, whose features and weights count as the stylesheets' do."""

    characters: str
    attributes: tuple[str, ...]

    @classmethod
    def book(cls, book: Book) -> CutFor:
        return cls(book_characters(book), style_attributes(chapter.body
                                                           for chapter in book.chapters))

    @classmethod
    def manuscript(cls, manuscript: Manuscript) -> CutFor:
        """The same from the text as written, before the Book is made: what typography adds
        (curly quotes, dashes, spaces) is in LAYOUT_CHARACTERS, character references count as
        their characters, and the Book is checked against it (begin_cut)."""
        texts = [html.unescape(chapter.text) for chapter in manuscript.chapters]
        seen = set(metadata_text(manuscript.metadata)).union(*texts) - {"\n", "\r", "\t"}
        return cls("".join(sorted(seen)), style_attributes(texts))

    def holds(self, other: CutFor) -> bool:
        return (set(other.characters) <= set(self.characters) | LAYOUT_TEXT
                and set(other.attributes) <= set(self.attributes))


def style_attributes(texts: Iterable[str]) -> tuple[str, ...]:
    """The texts' style attributes that set a font's features or weight (not, say, the
    alignment the Markdown's tables write)."""
    return tuple(sorted({style for text in texts for style in STYLE_ATTRIBUTE.findall(text)
                         if FEATURE_DECLARATION.search(style) or WEIGHT_DECLARATION.search(style)}))


def cut_typeface(book: Book, styles: Styles, cache: LayoutCache | None,
                 layouts: Layouts | None = None) -> CutTypeface:
    """The body face cut to what the book can print (begin_cut)."""
    return begin_cut(CutFor.book(book), styles, cache, layouts)(book)


def begin_cut(needs: CutFor, styles: Styles, cache: LayoutCache | None,
              layouts: Layouts | None = None) -> Callable[[Book], CutTypeface]:
    """The body face cut to `needs` (body_subset), each style begun on `layouts` (the roman
    and the italic at once, on a pool), each file kept in the layout's cache when there is
    one; what this returns finishes the cut for the Book, which `needs` must hold (else the
    Book's own cut is made then).

    When the font varies in weight alone and every weight the text can be set in is known,
    each style has a static file per weight, which HarfBuzz instances from the cut in a few
    milliseconds: no unit instances one when it writes its PDF, and each weight is shaped with
    its own advances. (The variable cut declared for a weight is drawn at that weight but
    shaped at the regular's: bold words came out narrower than bold is.)"""
    layouts = layouts or Layouts()
    stylesheet = styles.book + styles.print
    printed = needs.characters + generated_characters(stylesheet)
    declared = stylesheet + "".join(f"{{{style}}}" for style in needs.attributes)
    weights = stylesheet_weights(declared)
    if weights is None or not only_weight_varies(styles.typeface.roman, styles.typeface.italic):
        weights = ()
    fonts = {"roman": styles.typeface.roman, "italic": styles.typeface.italic}

    def key(font: bytes, kind: bytes) -> str:  # the features are read from `declared`
        return hashlib.sha256(b"\0".join([
            font, kind, printed.encode("utf-8"), declared.encode("utf-8"),
            SUBSET_VERSION.encode("ascii")])).hexdigest()

    def begin_style(font: bytes) -> Callable[[], dict[bytes, bytes]]:
        """The style's cut and its static face at each weight: found, or begun."""
        kinds = (b"cut", *(static_kind(weight) for weight in weights))
        found = {kind: cache.found(key(font, kind)) for kind in kinds} if cache else {}
        if all(found.get(kind) for kind in kinds):
            return lambda: {kind: face for kind, face in found.items() if face}
        making = layouts.start(cut_style, font, printed, declared, weights)
        started.append(font)

        def made() -> dict[bytes, bytes]:
            faces = dict(zip(kinds, making(), strict=True))
            for kind, face in faces.items():
                if cache is not None:
                    cache.keep(key(font, kind), face)
            return faces
        return made

    started: list[bytes] = []
    begun = {style: begin_style(font) for style, font in fonts.items()}

    def finish(book: Book) -> CutTypeface:
        if not needs.holds(CutFor.book(book)):
            return cut_typeface(book, styles, cache, layouts)
        cuts = {style: making() for style, making in begun.items()}
        files = typeface_files(book, styles)
        for style in fonts:
            files.pop(body_face_url(style))
            for weight in weights or (None,):
                face = cuts[style][b"cut" if weight is None else static_kind(weight)]
                files[body_face_url(style, weight)] = Fetchable(face, FONT_MEDIA_TYPE)
        held = "".join(sorted(set(printed) | LAYOUT_TEXT))
        return CutTypeface(files, weights, BodyCut(
            tuple((fonts[style], cuts[style][b"cut"]) for style in fonts), held, declared),
            new=bool(started))
    return finish


def static_kind(weight: int) -> bytes:
    """What a static face of the cut is kept as, beside the cut."""
    return b"static %d" % weight


def cut_style(font: bytes, characters: str, declared: str, weights: tuple[int, ...]
              ) -> tuple[bytes, ...]:
    """One style of the body face cut (body_subset) to the features the `declared` rules can
    turn on, and its static face at each of `weights`: a worker's job."""
    cut = body_subset(font, characters, stylesheet_features(declared))
    return (cut, *(static_instance(cut, weight) for weight in weights))


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
    """The cut font fixed at a weight, as WeasyPrint would instance it for each PDF it writes:
    HarfBuzz's instancer gives the advances and shaping of the variable font at that weight,
    and fontTools' outlines (which WeasyPrint uses) to within a unit's rounding, two hundred
    times sooner (half a second a style for EB Garamond)."""
    face = harfbuzz.Face(cut)
    (axis,) = face.axis_infos
    wanted = harfbuzz.SubsetInput()
    wanted.keep_everything()
    wanted.pin_axis_location(face, "wght", min(max(weight, axis.min_value), axis.max_value))
    return bytes(harfbuzz.subset(face, wanted).blob.data)


def body_subset(font: bytes, characters: str, features: tuple[str, ...] | None) -> bytes:
    """The variable body font with only the glyphs `characters` (and what the layout adds:
    Latin-1, punctuation, the hyphen it breaks words with) can need through the shaper's own
    features and `features` (None: every feature), so text shapes as with the whole font."""
    wanted = {ord(character) for character in characters} | LAYOUT_CHARACTERS
    return subset_font(font, frozenset(wanted), features)


@functools.lru_cache(maxsize=8)
def subset_font(font: bytes, code_points: frozenset[int], features: tuple[str, ...] | None
                ) -> bytes:
    """HarfBuzz's subset (a hundred times quicker than fontTools' on EB Garamond), keeping the
    features fontTools keeps by default besides `features` (None: every feature): the EPUB's
    faces are subset from this by fontTools (editions/epub/fonts.py), which must find here
    every glyph it would in the whole font. Every name is kept, and the glyph names."""
    from fontTools import subset  # where a cut is made: a tenth of a second to load

    wanted = harfbuzz.SubsetInput()
    wanted.unicode_set.update(sorted(code_points))
    tags = wanted.layout_feature_tag_set
    tags.clear()
    if features is None:
        tags.invert()
    else:
        tags.update(int.from_bytes(tag.encode("ascii"), "big")
                    for tag in (*subset.Options().layout_features, *features))
    wanted.name_id_set.add_range(0, 0x7FFF)
    wanted.name_lang_id_set.add_range(0, 0xFFFF)
    wanted.flags = harfbuzz.SubsetFlags.GLYPH_NAMES | harfbuzz.SubsetFlags.NOTDEF_OUTLINE
    return bytes(harfbuzz.subset(harfbuzz.Face(font), wanted).blob.data)
