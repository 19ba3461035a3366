"""Readers of the glyphs a built PDF draws and the fonts a built EPUB embeds, for the tests
of every script (test_scripts_fonts.py): independent of the code that embedded the fonts,
with pikepdf, fontTools, zipfile and poppler's pdffonts.
"""

from __future__ import annotations

import io
import re
import subprocess
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pikepdf
from fontTools.ttLib import TTFont


def drawn_glyphs(pdf: pikepdf.Pdf) -> Iterator[tuple[pikepdf.Dictionary, int]]:
    """(font, code) of every glyph drawn on every page (and in its form XObjects)."""
    for page in pdf.pages:
        yield from glyphs_in(page.obj)


def glyphs_in(holder: pikepdf.Object) -> Iterator[tuple[pikepdf.Dictionary, int]]:
    resources = holder.get("/Resources", pikepdf.Dictionary())
    fonts = resources.get("/Font", pikepdf.Dictionary())
    font = None
    for operands, operator in pikepdf.parse_content_stream(holder):
        name = str(operator)
        if name == "Tf":
            font = fonts[operands[0]]
        elif name in ("Tj", "'", '"', "TJ"):
            strings = operands[-1] if name == "TJ" else [operands[-1]]
            for string in strings:
                if isinstance(string, pikepdf.String):
                    data = bytes(string)
                    assert font is not None
                    for offset in range(0, len(data), 2):  # two-byte codes (Type 0 fonts)
                        yield font, int.from_bytes(data[offset:offset + 2], "big")
        elif name == "Do":
            xobject = resources["/XObject"][operands[0]]
            if xobject.get("/Subtype") == "/Form":
                yield from glyphs_in(xobject)


def to_unicode(font: pikepdf.Dictionary) -> dict[int, str]:
    """A font's ToUnicode CMap: glyph code -> the text it stands for."""
    cmap = font["/ToUnicode"].read_bytes().decode("latin-1")
    found: dict[int, str] = {}
    for block in re.findall(r"beginbfchar(.*?)endbfchar", cmap, re.DOTALL):
        for code, text in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            found[int(code, 16)] = bytes.fromhex(text).decode("utf-16-be")
    for block in re.findall(r"beginbfrange(.*?)endbfrange", cmap, re.DOTALL):
        for first, last, text in re.findall(
                r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            start = int.from_bytes(bytes.fromhex(text), "big")
            for offset, code in enumerate(range(int(first, 16), int(last, 16) + 1)):
                found[code] = chr(start + offset)
    return found


class GlyphMap:
    """How a composite font's codes become glyphs: its Encoding (Identity-H, or a CMap of its
    own, which WeasyPrint writes when a code is not its CID), then its CIDToGIDMap."""

    def __init__(self, font: pikepdf.Dictionary) -> None:
        self.font = font
        self.descendant = font["/DescendantFonts"][0]
        encoding = font["/Encoding"]
        self.cid_of: dict[int, int] | None = None  # None: Identity-H
        if isinstance(encoding, pikepdf.Stream):
            cmap = encoding.read_bytes().decode("latin-1")
            self.cid_of = {}
            for block in re.findall(r"begincidchar(.*?)endcidchar", cmap, re.DOTALL):
                for code, cid in re.findall(r"<([0-9A-Fa-f]+)>\s*(\d+)", block):
                    self.cid_of[int(code, 16)] = int(cid)
            for block in re.findall(r"begincidrange(.*?)endcidrange", cmap, re.DOTALL):
                for low, high, cid in re.findall(
                        r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(\d+)", block):
                    for offset, code in enumerate(range(int(low, 16), int(high, 16) + 1)):
                        self.cid_of[code] = int(cid) + offset
        mapping = self.descendant.get("/CIDToGIDMap")
        self.gid_of: dict[int, int] | None = None  # None: Identity
        if isinstance(mapping, pikepdf.Stream):
            data = mapping.read_bytes()
            self.gid_of = {cid: int.from_bytes(data[cid * 2:cid * 2 + 2], "big")
                           for cid in range(len(data) // 2)}

    def glyph(self, code: int) -> int:
        """The glyph a code draws; 0, .notdef, for a code the encoding leaves undefined."""
        cid = code if self.cid_of is None else self.cid_of.get(code, 0)
        return cid if self.gid_of is None else self.gid_of.get(cid, 0)

    def program_cmap(self) -> dict[int, int]:
        """The embedded font program's own cmap: code point -> glyph; empty for a program
        fontTools cannot open alone (a bare CFF one: its ToUnicode map speaks for it)."""
        descriptor = self.descendant["/FontDescriptor"]
        stream = descriptor.get("/FontFile2") or descriptor.get("/FontFile3")
        try:
            program = TTFont(io.BytesIO(stream.read_bytes()))
        except Exception:
            return {}
        order = program.getReverseGlyphMap()
        return {point: order[name] for point, name in (program.getBestCmap() or {}).items()}


def drawn_by_font(drawn: list[tuple[pikepdf.Dictionary, int]]
                  ) -> dict[str, tuple[set[int], set[int]]]:
    """Each font's (glyphs drawn, codes shown), by its name."""
    found: dict[str, tuple[set[int], set[int]]] = {}
    maps: dict[str, GlyphMap] = {}
    for font, code in drawn:
        name = str(font["/BaseFont"])
        glyphs, codes = found.setdefault(name, (set(), set()))
        glyphs.add(maps.setdefault(name, GlyphMap(font)).glyph(code))
        codes.add(code)
    return found


def pdf_font_names(path: Path) -> list[tuple[str, str]]:
    """(name, embedded) of each font, as poppler's pdffonts lists them."""
    lines = subprocess.run(["pdffonts", str(path)], check=True, capture_output=True,
                           text=True).stdout.splitlines()[2:]
    return [(line.split()[0], line.split()[-5]) for line in lines]


def epub_fonts(archive: zipfile.ZipFile) -> dict[str, frozenset[int]]:
    return {name: frozenset(TTFont(io.BytesIO(archive.read(name))).getBestCmap())
            for name in archive.namelist() if name.endswith((".ttf", ".otf"))}


def family_key(name: str) -> str:
    """A face's family, comparable between the PDF's font names and the EPUB's font files:
    "ABCDEF+publish-Noto-Serif-Hebrew-Oblique" and "NotoSerifHebrew-Regular.ttf" are both
    "notoserifhebrew"."""
    name = name.split("+", 1)[-1].removeprefix("publish-").rsplit("/", 1)[-1]
    name = re.sub(r"\.(ttf|otf)$", "", name)
    name = re.sub(r"-(Regular|Italic|Bold|Oblique|BoldItalic|Bold-Oblique)$", "", name)
    name = re.sub(r"-(Oblique|Italic|Bold)$", "", name)
    name = re.sub(r"-Medium$", "", name)  # HanaMinB's one weight is named Medium
    return name.replace("-", "").lower()
