"""How the streams of WeasyPrint's PDFs are deflated: pydyf, which writes them, asks zlib for
its slowest level (9), which on the long benchmark book's 4,000 streams took three times as long
as zlib's default level (6) for a file 2% smaller, a twelfth of every unit's layout. pydyf is
given PYDYF_ZLIB instead (engine.py): the default level, and a large stream this process has
deflated before (the ICC profile every unit embeds, 190 KB) deflated once. The bytes are the
same wherever a unit is laid out; pydyf's version is in every layout's cache key."""

from __future__ import annotations

import functools
import zlib
from types import SimpleNamespace

REMEMBERED = range(1 << 16, 1 << 22)  # the sizes of stream (in bytes) deflated once a process


@functools.lru_cache(maxsize=4)
def deflated_once(data: bytes) -> bytes:
    return zlib.compress(data)


def deflated(data: bytes) -> bytes:
    """`data` deflated at zlib's default level, as a zlib stream."""
    return deflated_once(data) if len(data) in REMEMBERED else zlib.compress(data)


class WholeStreamDeflate:
    """What pydyf takes for zlib.compressobj(level=9): it deflates each stream in one call."""

    def __init__(self, *arguments: object, **options: object) -> None:
        pass

    def compress(self, data: bytes) -> bytes:
        return deflated(data)

    def flush(self) -> bytes:
        return b""


PYDYF_ZLIB = SimpleNamespace(compress=zlib.compress, compressobj=WholeStreamDeflate)
