"""stack_room.py: a call given room on the interpreter's stack takes no new stack chunk however
often its recursion comes and goes (each new chunk is fresh memory from the system, whose first
touch is a page fault: the count is the property, not a time)."""

from __future__ import annotations

import resource
from collections.abc import Callable
from typing import Any

import pytest

from publish.stack_room import ROOM_SLOTS, with_stack_room

TIMES, DEPTH = 2000, 400  # 400 frames are more than one 16 KiB chunk holds


def deep(depth: int) -> int:
    return 0 if depth == 0 else deep(depth - 1) + 1


def oscillate() -> int:
    return sum(deep(DEPTH) for _ in range(TIMES))


def page_faults(function: Callable[..., Any], *arguments: Any) -> int:
    before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    function(*arguments)
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before


def test_a_recursion_that_comes_and_goes_takes_a_new_chunk_each_time_without_room() -> None:
    assert page_faults(oscillate) >= TIMES  # why the layout is called with room


def test_with_room_it_takes_none() -> None:
    assert page_faults(with_stack_room, oscillate) < TIMES / 20


def test_the_call_is_the_functions() -> None:
    assert with_stack_room(oscillate) == TIMES * DEPTH
    assert with_stack_room.__code__.co_nlocals >= ROOM_SLOTS
    with pytest.raises(ZeroDivisionError):
        with_stack_room(divmod, 1, 0)
