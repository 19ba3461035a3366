"""The typefaces: the body face, then a fallback chain of OFL faces per script, so every
character of a book prints with a real glyph. No font file is committed: each face comes from a
PyPI font package or, where PyPI has none, a Debian package, as scripts/setup installs them.

EB Garamond ships as variable TrueType (a weight axis; roman and italic files). Each edition
makes what its readers need from these bytes: WeasyPrint subsets them itself; the EPUB writer
instances static weights (older reading systems ignore variable fonts) and subsets them.

A fallback face is read only when a book has a character that no face before it covers, and
then once per process: a Latin book never opens the 26 MB CJK collection.
"""

from __future__ import annotations

import dataclasses
import functools
import io
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import fontpkg
from fontTools.ttLib import TTFont

from publish.errors import PublishError

DEBIAN_FONTS = Path("/usr/share/fonts")
# Characters no font need draw: spaces a renderer makes itself, controls, and format marks
# (ZWJ, ZWNJ, direction marks, variation selectors) that shape or steer text without ink.
IGNORABLE_CATEGORIES = frozenset({"Cc", "Cf", "Zs", "Zl", "Zp"})
IGNORABLE_MARKS = frozenset({0x034F, *range(0xFE00, 0xFE10), *range(0xE0100, 0xE01F0)})
# Unicode's Emoji_Presentation property (emoji-data.txt, Unicode 15), as ranges: characters
# shown as emoji by default. Pango sets a run of them with an emoji face whatever family comes
# first, so the chain gives them to its emoji face first too, and the EPUB agrees with the PDF.
EMOJI_PRESENTATION = (
    (0x231A, 0x231B), (0x23E9, 0x23EC), (0x23F0, 0x23F0), (0x23F3, 0x23F3), (0x25FD, 0x25FE),
    (0x2614, 0x2615), (0x2648, 0x2653), (0x267F, 0x267F), (0x2693, 0x2693), (0x26A1, 0x26A1),
    (0x26AA, 0x26AB), (0x26BD, 0x26BE), (0x26C4, 0x26C5), (0x26CE, 0x26CE), (0x26D4, 0x26D4),
    (0x26EA, 0x26EA), (0x26F2, 0x26F3), (0x26F5, 0x26F5), (0x26FA, 0x26FA), (0x26FD, 0x26FD),
    (0x2705, 0x2705), (0x270A, 0x270B), (0x2728, 0x2728), (0x274C, 0x274C), (0x274E, 0x274E),
    (0x2753, 0x2755), (0x2757, 0x2757), (0x2795, 0x2797), (0x27B0, 0x27B0), (0x27BF, 0x27BF),
    (0x2B1B, 0x2B1C), (0x2B50, 0x2B50), (0x2B55, 0x2B55), (0x1F004, 0x1F004),
    (0x1F0CF, 0x1F0CF), (0x1F18E, 0x1F18E), (0x1F191, 0x1F19A), (0x1F1E6, 0x1F1FF),
    (0x1F201, 0x1F201), (0x1F21A, 0x1F21A), (0x1F22F, 0x1F22F), (0x1F232, 0x1F236),
    (0x1F238, 0x1F23A), (0x1F250, 0x1F251), (0x1F300, 0x1F320), (0x1F32D, 0x1F335),
    (0x1F337, 0x1F37C), (0x1F37E, 0x1F393), (0x1F3A0, 0x1F3CA), (0x1F3CF, 0x1F3D3),
    (0x1F3E0, 0x1F3F0), (0x1F3F4, 0x1F3F4), (0x1F3F8, 0x1F43E), (0x1F440, 0x1F440),
    (0x1F442, 0x1F4FC), (0x1F4FF, 0x1F53D), (0x1F54B, 0x1F54E), (0x1F550, 0x1F567),
    (0x1F57A, 0x1F57A), (0x1F595, 0x1F596), (0x1F5A4, 0x1F5A4), (0x1F5FB, 0x1F64F),
    (0x1F680, 0x1F6C5), (0x1F6CC, 0x1F6CC), (0x1F6D0, 0x1F6D2), (0x1F6D5, 0x1F6D7),
    (0x1F6DC, 0x1F6DF), (0x1F6EB, 0x1F6EC), (0x1F6F4, 0x1F6FC), (0x1F7E0, 0x1F7EB),
    (0x1F7F0, 0x1F7F0), (0x1F90C, 0x1F93A), (0x1F93C, 0x1F945), (0x1F947, 0x1F9FF),
    (0x1FA70, 0x1FA7C), (0x1FA80, 0x1FA88), (0x1FA90, 0x1FABD), (0x1FABF, 0x1FAC5),
    (0x1FACE, 0x1FADB), (0x1FAE0, 0x1FAE8), (0x1FAF0, 0x1FAF8))
EMOJI_PRESENTATION_POINTS = frozenset(point for first, last in EMOJI_PRESENTATION
                                      for point in range(first, last + 1))
# Strings CSS generated content prints (book.css's scene break: asterisks and em spaces).
CSS_CONTENT = re.compile(r"content\s*:([^;}]*)")
CSS_STRING = re.compile(r"""(["'])((?:\\.|(?!\1).)*)\1""")
CSS_ESCAPE = re.compile(r"\\([0-9a-fA-F]{1,6})\s?|\\(.)")


@dataclass(frozen=True)
class Typeface:
    family: str
    roman: bytes  # variable TrueType, weight axis
    italic: bytes  # variable TrueType, weight axis
    license: str  # the licence text, shipped with the font where an edition embeds it
    index: int = 0  # the face's number in a collection (.ttc), for a fallback face made one

    @property
    def coverage(self) -> frozenset[int]:
        """The code points the roman or the italic maps (the renderer takes the other style
        of the same family before it falls back to another family)."""
        return cmap_of(self.roman) | cmap_of(self.italic)


@dataclass(frozen=True)
class Face:
    """One face of the fallback chain, named by where it is installed; read when first used."""

    family: str  # the family name the editions' stylesheets call it by
    serves: str  # what the chain has it for, for people reading the code and the messages
    source: str  # "fontpkg:FAMILY", "package:MODULE/FILE", or a Debian font path
    installed_by: str  # what installs it, for the message when it is missing
    index: int = 0  # the face's number in a collection (.ttc); 0 in a single font file
    emoji: bool = False  # the face for characters shown as emoji by default
    # A script with no italic (Hebrew, Arabic, Thai, Devanagari, CJK): the face is
    # declared italic too, so that its letters stay upright in italic text (a Hebrew word in
    # an English note in italic) where a renderer would slant them, which no publisher prints.
    upright: bool = False

    @property
    def path(self) -> Path:
        return source_path(self.source)

    @property
    def data(self) -> bytes:
        """The file's bytes (the whole collection, for a face in a .ttc)."""
        return file_bytes(self.path, self.installed_by, self.family)

    @property
    def coverage(self) -> frozenset[int]:
        return face_coverage(self.path, self.index, self.installed_by, self.family)

    @property
    def is_collection_member(self) -> bool:
        return self.path.suffix.lower() in (".ttc", ".otc")

    @property
    def copyright(self) -> str:
        """The copyright notice the font carries (its name table's ID 0)."""
        font = TTFont(io.BytesIO(self.data), fontNumber=self.index, lazy=True)
        return str(font["name"].getDebugName(0) or self.family)


@dataclass(frozen=True)
class Assignment:
    """Which fallback face draws which characters of a text (the body face draws the rest)."""

    faces: tuple[tuple[Face, str], ...]  # in chain order, each with the characters it draws
    missing: str  # characters no face covers, in code point order


@dataclass(frozen=True)
class FontChain:
    body: Typeface
    fallbacks: tuple[Face, ...] = field(default=())

    def assign(self, characters: Iterable[str]) -> Assignment:
        """Each character to the first face that covers it, reading a fallback face only when
        a character is left for it; an emoji (by default) to the emoji face first, as Pango
        does. Ignorable characters go to a face already in use that has them, and are never
        missing."""
        characters = set(characters)
        emoji = next((face for face in self.fallbacks if face.emoji), None)
        drawn: dict[Face, list[str]] = {}
        if emoji is not None and any(ord(c) in EMOJI_PRESENTATION_POINTS for c in characters):
            taken = [character for character in characters
                     if ord(character) in EMOJI_PRESENTATION_POINTS
                     and ord(character) in emoji.coverage]
            if taken:
                drawn[emoji] = taken
                characters -= set(taken)
        body = self.body.coverage
        wanted = {character for character in characters if ord(character) not in body}
        ignorable = {character for character in wanted if is_ignorable(character)}
        left = sorted(wanted - ignorable)
        for face in self.fallbacks:
            if not left:
                break
            covered = face.coverage
            taken = [character for character in left if ord(character) in covered]
            if taken:
                drawn.setdefault(face, []).extend(taken)
                left = [character for character in left if ord(character) not in covered]
        faces = []
        for face, mine in ((face, drawn[face]) for face in self.fallbacks if face in drawn):
            extra = {character for character in ignorable if ord(character) in face.coverage}
            ignorable -= extra
            faces.append((face, "".join(sorted({*mine, *extra}))))
        return Assignment(tuple(faces), "".join(left))


    def for_language(self, lang: str) -> FontChain:
        """The chain for text in a language: its CJK face is the one with that language's
        forms of the Han characters (Japanese, Korean, simplified or traditional Chinese);
        the same chain for any other language."""
        subtags = lang.lower().split("-")
        found = next((CJK_FACES[tag] for tag in ("-".join(subtags[:3]), "-".join(subtags[:2]),
                                                 subtags[0]) if tag in CJK_FACES), None)
        if found is None:
            return self
        family, index = found
        return FontChain(self.body, tuple(
            dataclasses.replace(face, family=family, index=index)
            if face.source == NOTO_SERIF_CJK else face for face in self.fallbacks))


def debian(path: str) -> str:
    return str(DEBIAN_FONTS / path)


# The chain after the body face, in the order a renderer tries them. Serif faces where one
# exists (beside EB Garamond), Noto for its coverage. Each is OFL-1.1 (Noto, Amiri).
NOTO_SERIF_CJK = debian("opentype/noto/NotoSerifCJK-Regular.ttc")
FALLBACKS = (
    Face("Noto Serif", "Latin, Greek and Cyrillic beyond EB Garamond; combining marks; "
         "critical signs", "fontpkg:Noto Serif", "PyPI fontpkg-noto-serif"),
    Face("Noto Serif Hebrew", "Hebrew with points and cantillation",
         debian("truetype/noto/NotoSerifHebrew-Regular.ttf"), "Debian fonts-noto-core",
         upright=True),
    Face("Amiri", "Arabic (Naskh)", "fontpkg:Amiri", "PyPI fontpkg-amiri", upright=True),
    Face("Noto Serif Devanagari", "Devanagari",
         debian("truetype/noto/NotoSerifDevanagari-Regular.ttf"), "Debian fonts-noto-core",
         upright=True),
    Face("Noto Serif Thai", "Thai", debian("truetype/noto/NotoSerifThai-Regular.ttf"),
         "Debian fonts-noto-core", upright=True),
    Face("Noto Sans Math", "mathematical operators and arrows",
         debian("truetype/noto/NotoSansMath-Regular.ttf"), "Debian fonts-noto-core"),
    Face("Noto Sans Symbols", "symbols", debian("truetype/noto/NotoSansSymbols-Regular.ttf"),
         "Debian fonts-noto-core"),
    Face("Noto Sans Symbols 2", "more symbols",
         debian("truetype/noto/NotoSansSymbols2-Regular.ttf"), "Debian fonts-noto-core"),
    Face("Noto Emoji", "emoji, in one ink (a print edition has no colour glyphs)",
         "package:manimgx_fonts/NotoEmoji[wght].ttf", "PyPI manimgx-fonts", emoji=True),
    Face("Noto Serif CJK SC", "Chinese, Japanese and Korean", NOTO_SERIF_CJK,
         "Debian fonts-noto-cjk", index=2, upright=True),
    # The ideographs of Unicode's CJK Extensions B to F (U+20000 on), which Noto lacks and
    # classical Chinese texts cite (The Art of War's commentators): a mincho (serif) face,
    # dual-licensed, OFL-1.1 among them.
    Face("HanaMinB", "CJK ideographs beyond the Basic Multilingual Plane (Extensions B-F)",
         debian("truetype/hanazono/HanaMinB.ttf"), "Debian fonts-hanazono", upright=True),
)
# The face of Noto Serif CJK for a book's language (the Han characters' forms differ).
CJK_FACES = {"ja": ("Noto Serif CJK JP", 0), "ko": ("Noto Serif CJK KR", 1),
             "zh": ("Noto Serif CJK SC", 2), "zh-hans": ("Noto Serif CJK SC", 2),
             "zh-tw": ("Noto Serif CJK TC", 3), "zh-hant": ("Noto Serif CJK TC", 3),
             "zh-hk": ("Noto Serif CJK HK", 4), "zh-mo": ("Noto Serif CJK HK", 4),
             "zh-hant-hk": ("Noto Serif CJK HK", 4)}


def load_typeface(family: str = "EB Garamond") -> Typeface:
    roman = fontpkg.path(family, 400, "normal")
    italic = fontpkg.path(family, 400, "italic")
    license_path = roman.parent.parent / "LICENSE"
    return Typeface(
        family=family,
        roman=roman.read_bytes(),
        italic=italic.read_bytes(),
        license=license_path.read_text("utf-8") if license_path.is_file() else "SIL OFL 1.1",
    )


def load_font_chain(lang: str = "") -> FontChain:
    """EB Garamond, then the fallbacks; the CJK face is the one for the book's language."""
    return FontChain(load_typeface(), FALLBACKS).for_language(lang)


def is_ignorable(character: str) -> bool:
    return (unicodedata.category(character) in IGNORABLE_CATEGORIES
            or ord(character) in IGNORABLE_MARKS)


def generated_characters(stylesheet: str) -> str:
    """The characters of every quoted string in a `content:` declaration, escapes decoded."""
    def unescape(match: re.Match[str]) -> str:
        return chr(int(match[1], 16)) if match[1] else match[2]
    rules = re.sub(r"/\*.*?\*/", "", stylesheet, flags=re.DOTALL)
    return "".join(CSS_ESCAPE.sub(unescape, string[2])
                   for declaration in CSS_CONTENT.finditer(rules)
                   for string in CSS_STRING.finditer(declaration[1]))


def source_path(source: str) -> Path:
    kind, _, name = source.partition(":")
    if kind == "fontpkg":
        try:
            return Path(fontpkg.path(name, 400, "normal"))
        except fontpkg.FontpkgError:
            return Path(f"(font package for {name}: not installed)")
    if kind == "package":
        module, _, file_name = name.partition("/")
        try:
            return Path(str(resources.files(module).joinpath(file_name)))
        except ModuleNotFoundError:
            return Path(f"(Python package {module}: not installed)")
    return Path(source)


@functools.cache
def file_bytes(path: Path, installed_by: str, family: str) -> bytes:
    try:
        return path.read_bytes()
    except OSError:
        raise PublishError(f"the typeface {family} is not installed ({path}): run "
                           f"`bash scripts/setup`, which installs {installed_by}") from None


@functools.cache
def face_coverage(path: Path, index: int, installed_by: str, family: str) -> frozenset[int]:
    data = file_bytes(path, installed_by, family)
    font = TTFont(io.BytesIO(data), fontNumber=index, lazy=True)
    return frozenset(font.getBestCmap())


@functools.lru_cache(maxsize=8)
def cmap_of(data: bytes) -> frozenset[int]:
    return frozenset(TTFont(io.BytesIO(data), lazy=True).getBestCmap())


@functools.lru_cache(maxsize=16)
def face_program(face: Face, characters: str) -> bytes:
    """The face as a font file of its own holding at least `characters`: the file itself, or,
    for a face in a collection (which a renderer cannot be pointed at alone), that face
    subset to them."""
    if not face.is_collection_member:
        return face.data
    from fontTools import subset  # 70 ms to import: only for a book that needs a CJK face

    font = TTFont(io.BytesIO(face.data), fontNumber=face.index)
    options = subset.Options()
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted({ord(character) for character in characters}))
    subsetter.subset(font)
    font.recalcTimestamp = False  # the same book gives the same bytes
    output = io.BytesIO()
    font.save(output, reorderTables=True)
    return output.getvalue()
