"""A TrueType program's glyphs and horizontal metrics by glyph id, read straight from its
tables (OpenType's table directory, head, maxp, loca, glyf, hhea, hmtx) without decompiling
the font: what the font union's key reads of each of a book's hundreds of subsets."""

from __future__ import annotations

import struct
from dataclasses import dataclass


@dataclass(frozen=True)
class GlyphTables:
    glyph_count: int
    glyf: bytes
    offsets: tuple[int, ...]  # loca: where each glyph begins in glyf, and where the last ends
    hmtx: bytes
    long_metrics: int  # hhea's numberOfHMetrics: the glyphs with an advance of their own

    @classmethod
    def read(cls, program: bytes) -> GlyphTables:
        (table_count,) = struct.unpack_from(">H", program, 4)
        tables = {}
        for index in range(table_count):
            tag, _, offset, length = struct.unpack_from(">4sIII", program, 12 + 16 * index)
            tables[tag] = program[offset:offset + length]
        (glyph_count,) = struct.unpack_from(">H", tables[b"maxp"], 4)
        (long_offsets,) = struct.unpack_from(">h", tables[b"head"], 50)  # indexToLocFormat
        if long_offsets:
            offsets = struct.unpack_from(f">{glyph_count + 1}I", tables[b"loca"])
        else:  # offsets halved, to fit in 16 bits
            offsets = tuple(2 * offset for offset in struct.unpack_from(
                f">{glyph_count + 1}H", tables[b"loca"]))
        (long_metrics,) = struct.unpack_from(">H", tables[b"hhea"], 34)
        return cls(glyph_count, tables[b"glyf"], offsets, tables[b"hmtx"], long_metrics)

    def glyph(self, glyph_id: int) -> bytes:
        """The glyph's outline data as stored: empty for a glyph the program does not draw."""
        return self.glyf[self.offsets[glyph_id]:self.offsets[glyph_id + 1]]

    def metrics(self, glyph_id: int) -> bytes:
        """The glyph's advance width and left side bearing, as stored (big-endian)."""
        if glyph_id < self.long_metrics:
            return self.hmtx[4 * glyph_id:4 * glyph_id + 4]
        last = 4 * (self.long_metrics - 1)  # the glyphs after share the last advance
        bearing = 4 * self.long_metrics + 2 * (glyph_id - self.long_metrics)
        return self.hmtx[last:last + 2] + self.hmtx[bearing:bearing + 2]


def is_composite(glyph: bytes) -> bool:
    """Whether the glyph is made of other glyphs (numberOfContours is -1)."""
    return glyph[:2] == b"\xff\xff"
