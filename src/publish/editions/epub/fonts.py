"""The body typeface as the EPUB embeds it: static TrueType faces, subset to the book's text.

Many reading systems (Adobe RMSDK on Kobo and older devices, Kindle's converter) ignore
variable fonts and WOFF2, so each face the text needs is instanced to a fixed weight and saved
as plain TrueType. Subsetting first and instancing second is about seven times faster than the
other way round, and both are cached: a face depends only on the font bytes and the characters.
"""

from __future__ import annotations

import functools
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass

from fontTools import subset
from fontTools.ttLib import TTFont
from fontTools.varLib import instancer

from publish.source.fonts import Typeface

# OpenType features book.css asks for on top of fontTools' defaults (kerning, ligatures, marks,
# local forms): old-style figures everywhere, lining tabular ones in tables. Small capitals
# (abbreviations, minor headings) double the glyph count, so they are kept only when used.
FIGURE_FEATURES = ("onum", "lnum", "pnum", "tnum")
SMALL_CAP_FEATURES = ("smcp", "c2sc")
# Strings CSS generated content prints (book.css's scene break: asterisks and em spaces).
CSS_CONTENT = re.compile(r"content\s*:([^;}]*)")
CSS_STRING = re.compile(r"""(["'])((?:\\.|(?!\1).)*)\1""")
CSS_ESCAPE = re.compile(r"\\([0-9a-fA-F]{1,6})\s?|\\(.)")
BOLD_MARKUP = re.compile(r"<(strong|b)[\s>]")
SMALL_CAP_MARKUP = re.compile(r"<(abbr|h4|h5|h6)[\s>]|small-caps")


@dataclass(frozen=True)
class EmbeddedFace:
    file_name: str  # inside the EPUB, e.g. fonts/EBGaramond-Italic.ttf
    style: str  # CSS font-style
    weight: int  # CSS font-weight
    data: bytes  # static TrueType

    def font_face_rule(self, family: str, url_prefix: str) -> str:
        """The @font-face rule for this face; url_prefix leads from the stylesheet to the root."""
        return (f'@font-face {{ font-family: "{family}"; font-style: {self.style}; '
                f"font-weight: {self.weight}; src: url({url_prefix}{self.file_name}); }}")


def embedded_faces(typeface: Typeface, characters: str, fragments: Iterable[str],
                   stylesheet: str) -> tuple[EmbeddedFace, ...]:
    """Regular and italic always; bold only when the text (its XHTML fragments) uses bold.

    Each face holds the characters of the text and of the stylesheet's generated content."""
    markup = "\n".join(fragments)
    needs_bold = BOLD_MARKUP.search(markup) is not None
    features = FIGURE_FEATURES + (SMALL_CAP_FEATURES if SMALL_CAP_MARKUP.search(markup) else ())
    wanted = "".join(sorted(set(characters + generated_characters(stylesheet))))
    stem = "fonts/" + typeface.family.replace(" ", "")
    roman_weights = (400, 700) if needs_bold else (400,)
    roman = static_faces(typeface.roman, roman_weights, wanted, features)
    (italic,) = static_faces(typeface.italic, (400,), wanted, features)
    faces = [EmbeddedFace(stem + "-Regular.ttf", "normal", 400, roman[0]),
             EmbeddedFace(stem + "-Italic.ttf", "italic", 400, italic)]
    if needs_bold:
        faces.append(EmbeddedFace(stem + "-Bold.ttf", "normal", 700, roman[1]))
    return tuple(faces)


def generated_characters(stylesheet: str) -> str:
    """The characters of every quoted string in a `content:` declaration, escapes decoded."""
    def unescape(match: re.Match[str]) -> str:
        return chr(int(match[1], 16)) if match[1] else match[2]
    rules = re.sub(r"/\*.*?\*/", "", stylesheet, flags=re.DOTALL)
    return "".join(CSS_ESCAPE.sub(unescape, string[2])
                   for declaration in CSS_CONTENT.finditer(rules)
                   for string in CSS_STRING.finditer(declaration[1]))


@functools.lru_cache(maxsize=8)
def static_faces(variable_font: bytes, weights: tuple[int, ...], characters: str,
                 features: tuple[str, ...]) -> tuple[bytes, ...]:
    """Static TrueType faces of a variable font at each weight, holding only the glyphs for
    characters. The font is subset once (the slow part) and instanced per weight."""
    font = TTFont(io.BytesIO(variable_font))
    options = subset.Options()
    options.layout_features = [*options.layout_features, *features]
    options.name_IDs = ["*"]  # the instancer names the face from the STAT names (256 and up)
    options.name_languages = ["*"]
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted({ord(character) for character in characters}))
    subsetter.subset(font)
    return tuple(instance_bytes(font, weight) for weight in weights)


def instance_bytes(font: TTFont, weight: int) -> bytes:
    """The font fixed at a weight (other axes at their defaults), saved as static TrueType."""
    if "fvar" in font:
        axes = {axis.axisTag: axis for axis in font["fvar"].axes}
        location = {tag: (min(max(weight, axis.minValue), axis.maxValue) if tag == "wght"
                          else axis.defaultValue) for tag, axis in axes.items()}
        font = instancer.instantiateVariableFont(font, location, static=True,
                                                 updateFontNames="STAT" in font)
    # Saving stamps the current time into the head table unless told not to: keep the
    # source font's own date, so the same book gives the same bytes.
    font.recalcTimestamp = False
    output = io.BytesIO()
    font.save(output, reorderTables=True)
    return output.getvalue()
