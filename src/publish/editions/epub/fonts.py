"""The typefaces as the EPUB embeds them: static TrueType faces, subset to the book's text;
the body face, then each fallback face the text needs, holding just the characters it draws.

Many reading systems (Adobe RMSDK on Kobo and older devices, Kindle's converter) ignore
variable fonts and WOFF2, so each face the text needs is instanced to a fixed weight and saved
as plain TrueType. Subsetting first and instancing second is about seven times faster than the
other way round, and both are cached: a face depends only on the font bytes and the characters.
"""

from __future__ import annotations

import copy
import functools
import hashlib
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass

import fontTools
from fontTools import subset
from fontTools.ttLib import TTFont
from fontTools.varLib import instancer

from publish.book.glyphs import PassageFaces
from publish.kept import Keep, made
from publish.layout.font_cut import stylesheet_features
from publish.layout.printed import BodyCut
from publish.source.fonts import Face, FontChain, face_program, generated_characters

__all__ = ["EmbeddedFace", "embedded_faces", "generated_characters", "static_faces"]

# OpenType features book.css asks for on top of fontTools' defaults (kerning, ligatures, marks,
# local forms): old-style figures everywhere, lining tabular ones in tables. Small capitals
# (abbreviations, minor headings) double the glyph count, so they are kept only when used.
FIGURE_FEATURES = ("onum", "lnum", "tnum")
SMALL_CAP_FEATURES = ("smcp", "c2sc")
BOLD_MARKUP = re.compile(r"<(strong|b)[\s>]")
SMALL_CAP_MARKUP = re.compile(r"<(abbr|h4|h5|h6)[\s>]|small-caps")
FACE_VERSION = f"static_faces 1, fontTools {fontTools.version}"  # in a kept face's key


@dataclass(frozen=True)
class EmbeddedFace:
    file_name: str  # inside the EPUB, e.g. fonts/EBGaramond-Italic.ttf
    family: str  # the CSS font-family it belongs to
    style: str  # CSS font-style
    weight: int  # CSS font-weight
    data: bytes  # static TrueType (or OpenType with CFF outlines: the CJK face)
    passages: str = ""  # the language of the passages it is only for; "" for the whole text
    upright: bool = False  # declared italic too: a script with no italic (source/fonts.Face)

    @property
    def media_type(self) -> str:
        return "font/otf" if self.data[:4] == b"OTTO" else "font/ttf"

    def font_face_rule(self, url_prefix: str) -> str:
        """The @font-face rule for this face (and its italic, when it is upright);
        url_prefix leads from the stylesheet to the root."""
        return "\n".join(
            f'@font-face {{ font-family: "{self.family}"; font-style: {style}; '
            f"font-weight: {self.weight}; src: url({url_prefix}{self.file_name}); }}"
            for style in (self.style, "italic")[:1 + self.upright])


def embedded_faces(fonts: FontChain, characters: str, fragments: Iterable[str],
                   stylesheet: str, passages: Iterable[PassageFaces] = (), keep: Keep = made,
                   body_cut: BodyCut | None = None) -> tuple[EmbeddedFace, ...]:
    """The body face's regular and italic always, its bold only when the text (its XHTML
    fragments) uses bold; then one regular face of each fallback face the text needs, and of
    each face only its passages in another language need (a Japanese passage's CJK face).

    The body faces hold the characters of the text and of the stylesheet's generated content;
    a fallback face only those it draws (the ones no face before it has), as in the PDF.
    Each face is kept in `keep` (the layout's cache): making them is most of the EPUB's time.
    The body faces are subset from the print layout's cut of them when it holds what they
    need (`body_cut`), which gives the same faces in a third less time."""
    typeface = fonts.body
    markup = "\n".join(fragments)
    needs_bold = BOLD_MARKUP.search(markup) is not None
    features = FIGURE_FEATURES + (SMALL_CAP_FEATURES if SMALL_CAP_MARKUP.search(markup) else ())
    wanted = "".join(sorted(set(characters + generated_characters(stylesheet))))
    fallbacks = fonts.assign(wanted).faces
    # What a fallback face draws stays out of the body face (an emoji EB Garamond also has),
    # so a reading system, taking the families in order, draws it as the PDF does.
    elsewhere = set("".join(drawn for _, drawn in fallbacks))
    body = "".join(character for character in wanted if character not in elsewhere)
    stem = "fonts/" + typeface.family.replace(" ", "")
    roman_weights = (400, 700) if needs_bold else (400,)
    sources = [subset_source(font, body, features, body_cut)
               for font in (typeface.roman, typeface.italic)]
    roman = static_faces(typeface.roman, roman_weights, body, features, keep, sources[0])
    (italic,) = static_faces(typeface.italic, (400,), body, features, keep, sources[1])
    family = typeface.family
    faces = [EmbeddedFace(stem + "-Regular.ttf", family, "normal", 400, roman[0]),
             EmbeddedFace(stem + "-Italic.ttf", family, "italic", 400, italic)]
    if needs_bold:
        faces.append(EmbeddedFace(stem + "-Bold.ttf", family, "normal", 700, roman[1]))
    extra: dict[Face, tuple[str, str]] = {}
    for passage in passages:
        for face, drawn in passage.faces:
            if all(face != other for other, _ in fallbacks):
                lang, before = extra.get(face, (passage.lang, ""))
                extra[face] = lang, "".join(sorted({*before, *drawn}))
    for face, drawn, lang in [*((face, drawn, "") for face, drawn in fallbacks),
                              *((face, drawn, lang) for face, (lang, drawn) in extra.items())]:
        (data,) = static_faces(face_program(face, drawn), (400,), drawn, (), keep)
        suffix = ".otf" if data[:4] == b"OTTO" else ".ttf"
        faces.append(EmbeddedFace(f"fonts/{face.family.replace(' ', '')}-Regular{suffix}",
                                  face.family, "normal", 400, data, lang, face.upright))
    return tuple(faces)


@functools.lru_cache(maxsize=16)
def static_faces(variable_font: bytes, weights: tuple[int, ...], characters: str,
                 features: tuple[str, ...], keep: Keep = made, source: bytes | None = None
                 ) -> tuple[bytes, ...]:
    """Static TrueType faces of a variable font at each weight, holding only the glyphs for
    characters; each kept under a key of everything it is made from. The font (or `source`,
    a cut of it that holds every glyph these characters and features reach, which gives the
    same bytes) is subset once (the slow part), and only if a face is not kept, then
    instanced per weight."""
    made_from = hashlib.sha256(b"\0".join([
        variable_font, characters.encode("utf-8"), " ".join(features).encode("ascii"),
        FACE_VERSION.encode("ascii")])).hexdigest()
    cut = functools.cache(lambda: subset_font(source or variable_font, characters, features))

    def face(weight: int) -> bytes:  # instancing changes the cut: the last weight needs no copy
        return instance_bytes(cut() if weight == weights[-1] else copy.deepcopy(cut()), weight)

    return tuple(keep(f"{made_from}-{weight}", functools.partial(face, weight))
                 for weight in weights)


def subset_source(font: bytes, characters: str, features: tuple[str, ...],
                  body_cut: BodyCut | None) -> bytes:
    """What to subset `font` from for these characters and features: the layout's cut of it,
    when that holds every glyph they reach (subsetting it then gives the same bytes, sooner),
    else the whole font."""
    if body_cut is None:
        return font
    cut = next((cut for whole, cut in body_cut.cuts if whole == font), None)
    if cut is None or not set(characters) <= set(body_cut.characters):
        return font
    kept = stylesheet_features(body_cut.declared)  # None: every feature
    return cut if kept is None or set(features) <= set(kept) else font


def subset_font(font_program: bytes, characters: str, features: tuple[str, ...]) -> TTFont:
    font = TTFont(io.BytesIO(font_program))
    options = subset.Options()
    options.layout_features = [*options.layout_features, *features]
    options.name_IDs = ["*"]  # the instancer names the face from the STAT names (256 and up)
    options.name_languages = ["*"]
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted({ord(character) for character in characters}))
    subsetter.subset(font)
    return font


def instance_bytes(font: TTFont, weight: int) -> bytes:
    """The font fixed at a weight (other axes at their defaults), saved as static TrueType;
    `font` itself is instanced, not a copy of it (which took a third of the time)."""
    if "fvar" in font:
        axes = {axis.axisTag: axis for axis in font["fvar"].axes}
        location = {tag: (min(max(weight, axis.minValue), axis.maxValue) if tag == "wght"
                          else axis.defaultValue) for tag, axis in axes.items()}
        font = instancer.instantiateVariableFont(font, location, inplace=True, static=True,
                                                 updateFontNames="STAT" in font)
    # Saving stamps the current time into the head table unless told not to: keep the
    # source font's own date, so the same book gives the same bytes.
    font.recalcTimestamp = False
    output = io.BytesIO()
    font.save(output, reorderTables=True)
    return output.getvalue()
