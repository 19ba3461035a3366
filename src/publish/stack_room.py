"""Calls made with room on the interpreter's stack: how every layout runs (layout/workers.py).

CPython 3.11 keeps a thread's frames in chunks of 16 KiB. A call that does not fit in the
current chunk gets a new one from the system (mmap), and when that call returns the chunk goes
back (munmap). WeasyPrint's layout recurses, deeply and briefly, thousands of times a unit (a
style looks its parent's up, which looks its own parent's up...), and wherever a chunk's end
fell in that range, each crossing was a new chunk: some 3,000 mmap and munmap calls a unit of
the long benchmark book, and about a sixth of its time.

`with_stack_room` calls the function from a frame that asks for ROOM_SLOTS slots more than it
uses: so large a frame is given a chunk of twice its size (512 KiB), whose other half holds
every frame the call makes. One chunk a call, however deep it goes and comes back.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")
ROOM_SLOTS = 32_768  # slots of 8 bytes: 256 KiB of room for the frames a call makes


def with_stack_room(function: Callable[..., T], *arguments: Any) -> T:
    return function(*arguments)


# The frame's extra slots are local variables that no instruction reads or writes.
_code = with_stack_room.__code__
_names = _code.co_varnames + tuple(f"room{slot}" for slot in range(ROOM_SLOTS))
with_stack_room.__code__ = _code.replace(co_varnames=_names, co_nlocals=len(_names))
del _code, _names
