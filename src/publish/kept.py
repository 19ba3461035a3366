"""Bytes derived from the book at some cost, made once under a key of everything they are made
from and kept between builds: a chapter's parsed Markdown, the body font cut to the book, the
EPUB's faces. The build's store is the layout's cache (layout/cache.py, LayoutCache.kept);
`made` keeps nothing, for a build without a cache and for everything but the build."""

from __future__ import annotations

from collections.abc import Callable

Keep = Callable[[str, Callable[[], bytes]], bytes]


def made(key: str, make: Callable[[], bytes]) -> bytes:
    return make()
