"""The built EPUB read in a real reading engine, at phone size: what each screen showed.

EPUBCheck and Ace read the markup; only a reading engine shows what a reader sees: a contents
page that also lists the landmarks, a title set flush left on a centred page, a picture
wider than the screen. This module runs `reader/read.mjs` with Node: foliate-js (npm, MIT; the
engine of the Foliate e-reader) in Debian's headless Chromium, driven by puppeteer-core,
pages through the book from the first screen to the last, opens a note from its call and
comes back by its back-link, and photographs four screens. The report it returns is plain
JSON (read.mjs says what it holds); the functions below name what is wrong in it, for
`publish proof --epub` and the tests alike. Nothing here writes a file.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from publish.errors import PublishError

READER = Path(__file__).resolve().parent / "reader"  # read.mjs, the page it drives
# Where `npm ci` (scripts/setup --ace) puts the engine: the repository this package lives in.
NODE_MODULES = Path(__file__).resolve().parents[3] / "node_modules"
PHONE = (390, 844)  # CSS pixels: a phone held upright
SCREENSHOTS = ("titlepage", "contents", "chapter", "note")
INSTALL = ("run `bash scripts/setup --ace` in publish's repository: it installs Node, "
           "Debian's chromium and, with npm ci, foliate-js and puppeteer-core (elsewhere, set "
           "PUBLISH_NODE_MODULES to the node_modules folder that holds them)")
# A screen of numbers alone: page numbers (arabic or roman) with nothing to read.
NUMBERS_ONLY = re.compile(r"[\divxlcdm\s.,;:()\[\]–-]*", re.IGNORECASE)
CENTRED = 0.02  # a centred line's middle lies this share of the column's width from its middle

Screen = dict[str, Any]


@dataclass(frozen=True)
class Reading:
    report: dict[str, Any]  # as read.mjs prints it
    screenshots: dict[str, bytes]  # PNG by the screen's name (SCREENSHOTS), those it found


@dataclass(frozen=True)
class Engine:
    node: str
    modules: Path
    chromium: str


def find_engine() -> Engine:
    """Node, the npm packages and Chromium, or an error saying how to install what is missing.
    PUBLISH_NODE_MODULES and PUPPETEER_EXECUTABLE_PATH, when set, say where they are."""
    modules = Path(os.environ.get("PUBLISH_NODE_MODULES") or NODE_MODULES)
    chromium = (os.environ.get("PUPPETEER_EXECUTABLE_PATH") or shutil.which("chromium")
                or shutil.which("chromium-browser"))
    node = shutil.which("node")
    missing = [name for name, found in (
        ("node", node), ("chromium", chromium),
        ("foliate-js", (modules / "foliate-js" / "view.js").is_file()),
        ("puppeteer-core", (modules / "puppeteer-core" / "package.json").is_file())) if not found]
    if missing or node is None or chromium is None:
        raise PublishError(f"the reading engine is missing ({', '.join(missing)} in "
                           f"{modules}): {INSTALL}")
    return Engine(node, modules, chromium)


def read_epub(epub: Path, *, size: tuple[int, int] = PHONE, screenshots: bool = True,
              timeout: float = 180) -> Reading:
    """Page through `epub` in the reading engine at `size`; with `screenshots`, photograph the
    title page, the contents, the first chapter's opening and an opened note."""
    return read_epubs([epub], size=size, screenshots=screenshots, timeout=timeout)[0]


def read_epubs(epubs: list[Path], *, size: tuple[int, int] = PHONE, screenshots: bool = True,
               timeout: float = 180) -> list[Reading]:
    """read_epub for several books in one run of the browser; `timeout` is each book's."""
    engine = find_engine()
    with tempfile.TemporaryDirectory(prefix="publish-reading-") as shots:
        command = [engine.node, str(READER / "read.mjs"), *(str(epub.resolve()) for epub in epubs),
                   "--modules", str(engine.modules), "--chromium", engine.chromium,
                   "--width", str(size[0]), "--height", str(size[1]),
                   "--timeout", str(timeout)]
        if screenshots:
            command += ["--screenshots", shots]
        names = ", ".join(epub.name for epub in epubs)
        try:
            done = subprocess.run(command, capture_output=True, text=True, check=False,
                                  timeout=timeout * len(epubs) + 30)
        except subprocess.TimeoutExpired:
            raise PublishError(f"the reading engine did not finish reading {names}") from None
        if done.returncode != 0:
            raise PublishError(f"the reading engine could not read {names}: "
                               f"{done.stderr.strip()[-2000:]}")
        reports: list[dict[str, Any]] = json.loads(done.stdout)
        return [Reading(report, {name: Path(path).read_bytes()
                                 for name, path in report["screenshots"].items()})
                for report in reports]


def empty_screens(report: dict[str, Any]) -> list[Screen]:
    """Screens with nothing to read or see, or page numbers alone."""
    return [screen for screen in report["screens"]
            if not screen["pictures"] and NUMBERS_ONLY.fullmatch(screen["text"])]


def overflowing(report: dict[str, Any]) -> list[tuple[Screen, dict[str, Any]]]:
    """Pictures and tables (each piece on a screen) that leave their column or the screen."""
    return [(screen, picture) for screen in report["screens"]
            for picture in screen["pictures"] if not picture["fits"]]


def contents_screens(report: dict[str, Any]) -> list[Screen]:
    return [screen for screen in report["screens"] if "toc" in screen["types"]]


def beside_the_contents(report: dict[str, Any]) -> list[str]:
    """What the contents' screens show besides the table of contents: other navigation
    lists (landmarks, the page list) a reading system should keep hidden."""
    return [f"{'/'.join(nav['types'])}: {nav['text'][:60]}"
            for screen in contents_screens(report) for nav in screen["navs"]
            if "toc" not in nav["types"]]


def title_page_blocks(report: dict[str, Any]) -> list[dict[str, Any]]:
    return [block for screen in report["screens"] for block in screen["titlePage"] or ()]


def off_centre(report: dict[str, Any]) -> list[str]:
    """The title page's blocks not centred: not so styled, or with a line off the middle."""
    return [f"{block['element']}.{block['class']} ({block['textAlign']}): {block['text'][:40]}"
            for block in title_page_blocks(report)
            if block["textAlign"] != "center"
            or any(abs(offset) > CENTRED for offset in block["offsets"])]


def rubies(report: dict[str, Any]) -> list[dict[str, Any]]:
    return [ruby for screen in report["screens"] for ruby in screen["rubies"]]


def text_sizes(report: dict[str, Any]) -> dict[str, dict[float, int]]:
    """How many characters of each kind of text (body, quotation, verse, apparatus, display)
    the screens show at each size, in CSS pixels."""
    sizes: dict[str, dict[float, int]] = {}
    for screen in report["screens"]:
        for size in screen["sizes"]:
            of_kind = sizes.setdefault(size["kind"], {})
            of_kind[size["size"]] = of_kind.get(size["size"], 0) + size["characters"]
    return sizes


def relative_sizes(report: dict[str, Any], kind: str) -> list[float]:
    """The sizes at which a kind of text is set, each a share of the body text's size (the
    size most of the body's characters are set in)."""
    sizes = text_sizes(report)
    body = max(sizes["body"].items(), key=lambda item: item[1])[0]
    return sorted(size / body for size in sizes.get(kind, {}))


def findings(report: dict[str, Any]) -> list[str]:
    """What a reader would find wrong, one line each; none when all is well."""
    found = [f"screen {screen['page']} of {screen['section']} shows "
             f"{'page numbers only' if screen['text'] else 'nothing'}"
             for screen in empty_screens(report)]
    found += [f"<{picture['element']}> {picture['name']!r} leaves the column on screen "
              f"{screen['page']} of {screen['section']}" for screen, picture in overflowing(report)]
    found += [f"the contents page also shows {shown}" for shown in beside_the_contents(report)]
    found += [f"the title page is not centred: {block}" for block in off_centre(report)]
    found += [f"ruby {ruby['base']} ({ruby['annotation']}) is not set above its base"
              for ruby in rubies(report) if not ruby["above"]]
    note = report["note"]
    if note and not note["opened"]:
        found.append(f"note {note['note']} did not open from its call {note['call']}")
    elif note and not note["returned"]:
        found.append(f"note {note['note']}'s back-link did not return to its call")
    return found
