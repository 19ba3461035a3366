"""One font object for each face in the assembled interior, not one per unit.

Each unit's PDF (units.py) embeds the faces it draws, subset to the glyphs it uses. WeasyPrint
subsets with the glyph ids retained and names a face's font after its description, so the
same face has the same BaseFont in every unit, and glyph 1234 is the same glyph in each of
its subsets. The union of the subsets is then one font: its glyph outlines taken from
whichever unit drew them, its widths (/W), its glyph-to-text map (/ToUnicode) and its glyph set
(/CIDSet) the union of the units', the first unit's entry kept where two differ (as a whole-book
layout keeps the first text it drew a glyph for).

TrueType outlines (FontFile2) are merged glyph by glyph. A face with CFF outlines (FontFile3,
such as the CJK faces) or with an encoding of its own (glyphs missing from the face) is left
as the units embedded it, each subset renamed so that no two share a name: correct, only
larger.
"""

from __future__ import annotations

import hashlib
import io
import re
from collections import deque
from collections.abc import Iterable, Iterator, Sequence

import fontTools
import pikepdf
from fontTools.ttLib import TTFont
from fontTools.ttLib.tables._g_l_y_f import Glyph
from fontTools.ttLib.tables.ttProgram import Program

from publish.kept import Keep, made, source_digests
from publish.layout import glyph_tables
from publish.layout.glyph_tables import GlyphTables, is_composite

# In the key a united font program is kept under: this module's code and fontTools' version.
UNION_VERSION = (f"font_union {source_digests(__file__, glyph_tables.__file__)} "
                 f"fontTools {fontTools.version}")
BFCHAR = re.compile(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]*)>")
CMAP_HEAD = b"""/CIDInit /ProcSet findresource begin
12 dict begin
begincmap
/CIDSystemInfo
<< /Registry (Adobe)
/Ordering (UCS)
/Supplement 0
>> def
/CMapName /Adobe-Identity-UCS def
/CMapType 2 def
1 begincodespacerange
<0000> <ffff>
endcodespacerange
"""
CMAP_TAIL = b"endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n"


def share_fonts(pdf: pikepdf.Pdf, resources: Sequence[pikepdf.Object], keep: Keep = made
                ) -> None:
    """Make every page draw each face with one font object, the union of the units' subsets;
    `resources` are the PDF's resource dictionaries (resource_dictionaries). Each union's font
    program is kept by `keep` (an edit seldom changes a face's glyphs)."""
    faces: dict[str, list[pikepdf.Object]] = {}
    seen: set[tuple[int, int]] = set()
    font_dictionaries = list(font_resources(resources))
    for dictionary in font_dictionaries:
        for _, font in dictionary.items():
            if font.objgen not in seen:
                seen.add(font.objgen)
                faces.setdefault(str(font.get("/BaseFont")), []).append(font)
    united: dict[tuple[int, int], pikepdf.Object] = {}
    for fonts in faces.values():
        if len(fonts) > 1 and all(mergeable(font) for font in fonts):
            union = united_font(pdf, fonts, keep)
            united.update((font.objgen, union) for font in fonts)
        else:
            for number, font in enumerate(fonts[1:], start=1):
                retagged(font, number)
    for dictionary in font_dictionaries:
        for name, font in list(dictionary.items()):
            if font.objgen in united:
                dictionary[name] = united[font.objgen]


def font_resources(resource_dictionaries: Iterable[pikepdf.Object]
                   ) -> Iterator[pikepdf.Object]:
    """Every /Font dictionary of the resource dictionaries, each once."""
    seen: set[tuple[int, int]] = set()
    for resources in resource_dictionaries:
        fonts = resources.get("/Font")
        if isinstance(fonts, pikepdf.Dictionary) and (not fonts.is_indirect
                                                      or fonts.objgen not in seen):
            seen.add(fonts.objgen)
            yield fonts


def resource_dictionaries(pdf: pikepdf.Pdf) -> list[pikepdf.Object]:
    """The /Resources of every page and of every form a page draws (a folio laid over it)."""
    found: list[pikepdf.Object] = []
    seen: set[tuple[int, int]] = set()
    pending: deque[pikepdf.Object] = deque(page.obj for page in pdf.pages)
    while pending:
        resources = pending.popleft().get("/Resources")
        if not isinstance(resources, pikepdf.Dictionary):
            continue
        found.append(resources)
        for _, form in (resources.get("/XObject") or pikepdf.Dictionary()).items():
            if form.objgen not in seen and form.get("/Subtype") == pikepdf.Name.Form:
                seen.add(form.objgen)
                pending.append(form)
    return found


def retagged(font: pikepdf.Object, number: int) -> None:
    """Give a subset that stays apart a name of its own: two subsets may not share one (a
    viewer or a RIP can take one for the other). Its tag's last letters count it."""
    tag, _, name = str(font.BaseFont).removeprefix("/").partition("+")
    suffix = "".join(chr(65 + int(digit)) for digit in str(number))
    new = pikepdf.Name(f"/{tag[:len(tag) - len(suffix)]}{suffix}+{name}")
    font.BaseFont = new
    for descendant in font.get("/DescendantFonts") or ():
        descendant.BaseFont = new
        if "/FontDescriptor" in descendant:
            descendant.FontDescriptor.FontName = new


def mergeable(font: pikepdf.Object) -> bool:
    """A composite font with TrueType outlines and WeasyPrint's identity encoding."""
    if font.get("/Subtype") != pikepdf.Name.Type0 or font.get("/Encoding") != pikepdf.Name(
            "/Identity-H"):
        return False
    descendant = font.DescendantFonts[0]
    return (descendant.get("/Subtype") == pikepdf.Name.CIDFontType2
            and "/FontFile2" in descendant.FontDescriptor)


def united_font(pdf: pikepdf.Pdf, fonts: list[pikepdf.Object], keep: Keep = made
                ) -> pikepdf.Object:
    """The first of the fonts, made to hold every glyph, width and text of all of them."""
    first = fonts[0]
    descendant = first.DescendantFonts[0]
    descriptor = descendant.FontDescriptor
    widths: dict[int, pikepdf.Object] = {}
    texts: dict[int, bytes] = {}
    drawn_up_to = []
    for font in fonts:
        subset_widths = parsed_widths(font.DescendantFonts[0].W)
        drawn_up_to.append(max(subset_widths))
        for glyph, width in subset_widths.items():
            widths.setdefault(glyph, width)
        for glyph, text in parsed_cmap(font.ToUnicode.read_bytes()).items():
            texts.setdefault(glyph, text)
    programs = [font.DescendantFonts[0].FontDescriptor.FontFile2.read_bytes() for font in fonts]
    # Kept under the subsets' digests, which an edit most often leaves as they were; else
    # under what the union is made from, which union_key takes longer to find.
    program = keep(subsets_key(programs, drawn_up_to),
                   lambda: keep(union_key(programs, drawn_up_to),
                                lambda: united_program(programs, drawn_up_to)))
    descriptor.FontFile2 = pikepdf.Stream(pdf, program, Length1=len(program))
    descendant.W = width_array(widths)
    first.ToUnicode = pikepdf.Stream(pdf, cmap_program(texts))
    box = list(descriptor.FontBBox)
    descriptor.FontBBox = pikepdf.Array([box[0], box[1], max(float(width)
                                                             for width in widths.values()),
                                         box[3]])
    if "/CIDSet" in descriptor:
        descriptor.CIDSet = pikepdf.Stream(pdf, glyph_set(widths))
    return first


def parsed_widths(array: pikepdf.Object) -> dict[int, pikepdf.Object]:
    """A /W array (`c [w1 w2 ...]` and `c_first c_last w` entries) as glyph -> width."""
    widths: dict[int, pikepdf.Object] = {}
    items = list(array)
    index = 0
    while index < len(items):
        start = int(items[index])
        if isinstance(items[index + 1], pikepdf.Array):
            for offset, width in enumerate(items[index + 1]):
                widths[start + offset] = width
            index += 2
        else:
            for glyph in range(start, int(items[index + 1]) + 1):
                widths[glyph] = items[index + 2]
            index += 3
    return widths


def width_array(widths: dict[int, pikepdf.Object]) -> pikepdf.Array:
    """Glyph -> width as a /W array, one `c [w ...]` entry per run of consecutive glyphs."""
    array: list[object] = []
    run: list[pikepdf.Object] = []
    for glyph in sorted(widths):
        if glyph - 1 not in widths:
            run = []
            array.extend([glyph, run])
        run.append(widths[glyph])
    return pikepdf.Array([pikepdf.Array(item) if isinstance(item, list) else item
                          for item in array])


def parsed_cmap(program: bytes) -> dict[int, bytes]:
    """A ToUnicode CMap's bfchar entries as glyph -> UTF-16BE hex."""
    return {int(glyph, 16): text for glyph, text in BFCHAR.findall(program)}


def cmap_program(texts: dict[int, bytes]) -> bytes:
    """A ToUnicode CMap of bfchar entries, 100 to a block as the format asks."""
    ordered = sorted(texts.items())
    blocks = [CMAP_HEAD]
    for start in range(0, len(ordered), 100):
        batch = ordered[start:start + 100]
        blocks.append(b"%d beginbfchar\n" % len(batch))
        blocks.extend(b"<%04x> <%s>\n" % (glyph, text) for glyph, text in batch)
        blocks.append(b"endbfchar\n")
    blocks.append(CMAP_TAIL)
    return b"".join(blocks)


def glyph_set(widths: dict[int, pikepdf.Object]) -> bytes:
    """/CIDSet: one bit per glyph the font holds, the first glyph the high bit."""
    length = (max(widths) + 8) // 8
    bits = bytearray(length)
    for glyph in widths:
        bits[glyph // 8] |= 0x80 >> (glyph % 8)
    return bytes(bits)


def subsets_key(programs: list[bytes], drawn_up_to: list[int]) -> str:
    """A digest of every subset whole, in order, and how far each was drawn."""
    made_from = hashlib.sha256(UNION_VERSION.encode("ascii") + b"\0subsets\0")
    for program, highest in zip(programs, drawn_up_to, strict=True):
        made_from.update(b"%d\0" % highest + hashlib.sha256(program).digest())
    return made_from.hexdigest()


def union_key(programs: list[bytes], drawn_up_to: list[int]) -> str:
    """A digest of what united_program makes the union of these subsets from: the base subset
    whole (the union's tables besides its glyphs are the base's), and each glyph another subset
    adds, chosen as united_program chooses it: its id, outline and metrics, and for a composite
    (which may be flattened from its subset's other glyphs) that subset whole. An edit that
    gives a division a glyph some unit already drew (a digit, say) changes the division's
    subset, but not what the union is made from."""
    tables = [GlyphTables.read(program) for program in programs]
    sizes = [table.glyph_count for table in tables]
    largest = sizes.index(max(sizes))
    made_from = hashlib.sha256(UNION_VERSION.encode("ascii"))
    made_from.update(b"%d\0%d\0" % (len(programs[largest]), drawn_up_to[largest]))
    made_from.update(programs[largest])
    base = tables[largest]
    filled = {glyph_id for glyph_id in range(min(drawn_up_to[largest] + 1, base.glyph_count))
              if base.glyph(glyph_id)}
    for number, (table, highest) in enumerate(zip(tables, drawn_up_to, strict=True)):
        if number == largest:
            continue
        for glyph_id in range(min(highest + 1, table.glyph_count)):
            glyph = b"" if glyph_id in filled else table.glyph(glyph_id)
            if not glyph:
                continue
            filled.add(glyph_id)
            made_from.update(b"%d\0%d\0" % (glyph_id, len(glyph)))
            made_from.update(glyph + table.metrics(glyph_id))
            if is_composite(glyph):
                made_from.update(b"%d\0" % highest)
                made_from.update(hashlib.sha256(programs[number]).digest())
    return made_from.hexdigest()


def united_program(programs: list[bytes], drawn_up_to: list[int]) -> bytes:
    """One TrueType font holding every glyph these subsets of one face draw.

    WeasyPrint's subset keeps glyph ids up to the highest it draws (`drawn_up_to`, one per
    subset); the parts of a composite glyph beyond that are renumbered after it, differently in
    each subset. So only glyphs up to its highest are taken from a subset, and a composite with
    such a part is flattened into a simple glyph of its own outline. The subsets are read one at
    a time: a long book has hundreds.
    """
    sizes = [TTFont(io.BytesIO(program), lazy=True)["maxp"].numGlyphs for program in programs]
    largest = sizes.index(max(sizes))  # the base: it has room for every glyph id drawn
    base = TTFont(io.BytesIO(programs[largest]), recalcTimestamp=False)
    table, metrics = base["glyf"], base["hmtx"]
    order = base.getGlyphOrder()
    kept = drawn_up_to[largest]
    filled = set()
    for glyph_id, name in enumerate(order[:kept + 1]):
        if drawn(table.glyphs[name]):
            filled.add(glyph_id)
            table.glyphs[name] = whole(base, name, kept)
    for number, (program, highest) in enumerate(zip(programs, drawn_up_to, strict=True)):
        if number == largest:
            continue
        font = TTFont(io.BytesIO(program))
        glyphs = font["glyf"]
        for glyph_id, name in enumerate(font.getGlyphOrder()[:highest + 1]):
            if glyph_id not in filled and drawn(glyphs.glyphs[name]):
                filled.add(glyph_id)
                table.glyphs[order[glyph_id]] = whole(font, name, highest)
                metrics[order[glyph_id]] = font["hmtx"][name]
    out = io.BytesIO()
    base.save(out)
    return out.getvalue()


def whole(font: TTFont, name: str, highest: int) -> Glyph:
    """The glyph as it can stand in the united font: as compiled (a composite names its parts
    by glyph id), or flattened when a part is one of those renumbered past `highest`."""
    table = font["glyf"]
    raw = table.glyphs[name]
    if getattr(raw, "data", b"")[:2] != b"\xff\xff" and getattr(raw, "numberOfContours", 0) >= 0:
        return Glyph(raw.compile(table))  # a simple glyph (or one already expanded as such)
    glyph = table[name]
    if all(font.getGlyphID(part.glyphName) <= highest for part in glyph.components):
        return Glyph(glyph.compile(table))
    coordinates, ends, flags = glyph.getCoordinates(table)
    simple = Glyph()
    simple.numberOfContours = len(ends)
    simple.coordinates = coordinates
    simple.endPtsOfContours = list(ends)
    simple.flags = flags
    simple.program = Program()
    simple.program.fromBytecode(b"")
    return simple


def drawn(glyph: Glyph) -> bool:
    """Whether the glyph has an outline or parts (read without decompiling it)."""
    data = getattr(glyph, "data", None)
    return bool(data) if data is not None else glyph.numberOfContours != 0
