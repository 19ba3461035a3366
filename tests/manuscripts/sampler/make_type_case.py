"""Draws manuscript/images/type-case.png deterministically: a pair of type cases as a diagram.

Run it from anywhere: python tests/manuscripts/sampler/make_type_case.py (standard library only).
800 px wide, so it prints at 400 ppi across 2 inches; about 2 KB.
"""

import struct
import zlib
from pathlib import Path

WIDTH, HEIGHT = 800, 560
WHITE, INK, SHADE = 255, 40, 200


def draw() -> list[bytearray]:
    rows = [bytearray([WHITE] * WIDTH) for _ in range(HEIGHT)]

    def box(x0: int, y0: int, x1: int, y1: int, value: int, fill: bool = False) -> None:
        for y in range(y0, y1 + 1):
            for x in range(x0, x1 + 1):
                edge = x in (x0, x1) or y in (y0, y1)
                if fill or edge:
                    rows[y][x] = value

    # Upper case: a regular grid of 7 x 7 compartments for capitals and small capitals.
    box(40, 30, 760, 250, INK)
    for column in range(1, 14):
        x = 40 + column * 720 // 14
        box(x, 30, x + 1, 250, INK, fill=True)
    for row in range(1, 7):
        y = 30 + row * 220 // 7
        box(40, y, 760, y + 1, INK, fill=True)
    # Lower case: compartments sized by how often each letter is used; common ones shaded.
    box(40, 300, 760, 530, INK)
    columns = [40, 100, 160, 220, 330, 440, 550, 620, 690, 760]
    for x in columns[1:-1]:
        box(x, 300, x + 1, 530, INK, fill=True)
    for y in (377, 454):
        box(40, y, 760, y + 1, INK, fill=True)
    box(223, 380, 437, 451, SHADE, fill=True)  # e, t, a, o: the busiest compartments
    box(333, 303, 437, 374, SHADE, fill=True)
    return rows


def png(rows: list[bytearray]) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    raw = b"".join(b"\x00" + bytes(row) for row in rows)
    header = struct.pack(">IIBBBBB", WIDTH, HEIGHT, 8, 0, 0, 0, 0)  # 8-bit greyscale
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


if __name__ == "__main__":
    target = Path(__file__).parent / "manuscript" / "images" / "type-case.png"
    target.write_bytes(png(draw()))
