"""Laid-out units kept between builds, so an edit to one chapter lays out that chapter alone,
and an EPUB or text build finds its print page numbers without laying anything out.

An entry is a file named by its job's key (units.UnitJob.key, a hash of everything the layout
depends on), holding a header line and the unit's PDF. The header names the key again and the
SHA-256 of the whole entry; an entry that is truncated, damaged, written by another version or
put under another name fails that check and is ignored (and removed), never used: the book
built is always the one the manuscript says. The data is JSON and bytes, never pickled, so an
entry from elsewhere cannot run code. Entries are written whole, to a temporary name then
renamed; reading one marks it used, and once a build is done (make_room) the least recently used
go until the folder is within its limit.

The cache also keeps bytes the build derives at some cost besides the layout (kept.py says
which); such an entry holds the SHA-256 of its key and data, checked the same way.

Besides build.py, this is the only module that writes files, and only in its own folder.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from publish.layout.printed import LaidPage, Misplaced, NotesPlaced, Spot, UnitLayout

FORMAT = b"publish-layout-cache 2\n"
KEPT_FORMAT = b"publish-layout-cache bytes 1\n"  # an entry of bytes a stage derives (kept.py)
SUFFIX = ".layout"
DEFAULT_LIMIT = 1 << 30  # bytes: a few thousand chapters' layouts


@dataclass(frozen=True)
class LayoutCache:
    folder: Path
    limit: int = DEFAULT_LIMIT

    def holds(self, key: str) -> bool:
        """Whether an entry is stored under `key` (intact or not: get() says)."""
        return (self.folder / f"{key}{SUFFIX}").is_file()

    def get(self, key: str) -> UnitLayout | None:
        """The layout stored under `key`, if an intact one is."""
        path = self.folder / f"{key}{SUFFIX}"
        try:
            entry = path.read_bytes()
        except OSError:
            return None
        layout = decoded(entry, key)
        with contextlib.suppress(OSError):
            if layout is None:
                path.unlink()
            else:
                os.utime(path)  # used now: the last to go
        return layout

    def put(self, key: str, layout: UnitLayout) -> None:
        """Keep the layout under `key`."""
        self.store(key, encoded(key, layout))

    def kept(self, key: str, make: Callable[[], bytes]) -> bytes:
        """The bytes kept under `key` (the book's cut of a typeface, say); made, and kept, if
        no intact entry holds them."""
        data = self.found(key)
        if data is None:
            data = make()
            self.keep(key, data)
        return data

    def found(self, key: str) -> bytes | None:
        """The bytes an intact entry holds under `key`, if one does."""
        path = self.folder / f"{key}{SUFFIX}"
        with contextlib.suppress(OSError):
            head, _, rest = path.read_bytes().partition(b"\n")
            digest, _, data = rest.partition(b"\n")
            if (head + b"\n" == KEPT_FORMAT
                    and hashlib.sha256(key.encode() + data).hexdigest().encode() == digest):
                os.utime(path)
                return data
        return None

    def keep(self, key: str, data: bytes) -> None:
        entry = KEPT_FORMAT + hashlib.sha256(key.encode() + data).hexdigest().encode() + b"\n"
        self.store(key, entry + data)

    def store(self, key: str, entry: bytes) -> None:
        """Write an entry whole, under a temporary name renamed into place. A cache that cannot
        be written (a full disk, a read-only folder) only means the next build makes it again."""
        with contextlib.suppress(OSError):
            self.folder.mkdir(parents=True, exist_ok=True)
            part = self.folder / f".{key}.{os.getpid()}.part"
            try:
                part.write_bytes(entry)
                os.replace(part, self.folder / f"{key}{SUFFIX}")
            finally:
                part.unlink(missing_ok=True)

    def make_room(self) -> None:
        """Remove the least recently used entries until the folder is within its limit: once a
        build has stored what it made (a look at every entry after each of a long book's 212
        stores took 0.4 s of the build's process, on a core its workers needed)."""
        entries = []
        for path in self.folder.glob(f"*{SUFFIX}"):
            with contextlib.suppress(OSError):
                status = path.stat()
                entries.append((status.st_mtime_ns, path.name, status.st_size, path))
        total = sum(size for _, _, size, _ in entries)
        for _, _, size, path in sorted(entries):
            if total <= self.limit:
                break
            with contextlib.suppress(OSError):
                path.unlink()
            total -= size


def encoded(key: str, layout: UnitLayout) -> bytes:
    notes = layout.notes
    facts = {"key": key, "inside_margin": layout.inside_margin,
             "warnings": list(layout.warnings),
             "notes": [notes.notes, notes.on_call_page, notes.continued, notes.tallest,
                       [[item.what, item.note, item.spot] for item in notes.misplaced]],
             "pages": [[page.kind, page.blank, None if page.start is None else [
                 page.start.chapter, page.start.element, page.start.node, page.start.offset]]
                 for page in layout.pages]}
    body = json.dumps(facts, ensure_ascii=True).encode("ascii") + b"\n" + layout.pdf
    return FORMAT + hashlib.sha256(body).hexdigest().encode("ascii") + b"\n" + body


def decoded(entry: bytes, key: str) -> UnitLayout | None:
    """The layout an intact entry for `key` holds; None for anything else."""
    head, _, rest = entry.partition(b"\n")
    digest, _, body = rest.partition(b"\n")
    if head + b"\n" != FORMAT or hashlib.sha256(body).hexdigest().encode("ascii") != digest:
        return None
    line, _, pdf = body.partition(b"\n")
    try:
        facts: dict[str, Any] = json.loads(line)
        if facts["key"] != key or not pdf.startswith(b"%PDF-"):
            return None
        pages = tuple(LaidPage(str(kind), bool(blank),
                               None if start is None else Spot(str(start[0]), *map(int, start[1:])))
                      for kind, blank, start in facts["pages"])
        count, on_call_page, continued, tallest, misplaced = facts["notes"]
        notes = NotesPlaced(int(count), int(on_call_page), int(continued), float(tallest),
                            tuple(Misplaced(str(what), note and str(note), spot and str(spot))
                                  for what, note, spot in misplaced))
        return UnitLayout(pdf, pages, float(facts["inside_margin"]),
                          tuple(str(warning) for warning in facts["warnings"]), notes)
    except (ValueError, KeyError, TypeError, IndexError):
        return None


@dataclass(frozen=True)
class Pending:
    """Bytes made before the build knows it will go on (the chapters' parsed Markdown): taken
    from the cache when it holds them, else kept in memory and written only by keep_all(),
    once the manuscript has passed every check that can refuse it, so that a refused build
    leaves build/ as it was."""

    cache: LayoutCache
    made: dict[str, bytes] = field(default_factory=dict)

    def kept(self, key: str, make: Callable[[], bytes]) -> bytes:
        data = self.cache.found(key)
        if data is None:
            data = self.made[key] = make()
        return data

    def keep_all(self) -> None:
        for key, data in self.made.items():
            self.cache.keep(key, data)
        self.made.clear()
