"""Bytes derived from the book at some cost, made once under a key of everything they are made
from and kept between builds. The build's store is the layout's cache (layout/cache.py,
LayoutCache.kept); `made` keeps nothing, for a build without a cache and for everything but
the build. What is kept: each chapter's Markdown, parsed and typeset (book/parse.py); what the
lint's rules took from each chapter file (checks/lint); the body font cut to the book
(layout/font_cut.py); each face's union in the assembled PDF (layout/font_union.py); the
hyphenation patterns a layout parsed (layout/hyphenation.py); each chapter's lines in the
text edition (editions/text/document.py); the EPUB's faces (editions/epub/fonts.py); the
typographic cover image (cover/image.py); the print cover (editions/cover_wrap.py)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

Keep = Callable[[str, Callable[[], bytes]], bytes]


def made(key: str, make: Callable[[], bytes]) -> bytes:
    return make()


def source_digests(*sources: str | None) -> str:
    """The digests of the source files (modules' __file__) that make a kept thing, for its
    key: a change to that code makes what was kept stale."""
    return " ".join(hashlib.sha256(Path(str(source)).read_bytes()).hexdigest()
                    for source in sources)
