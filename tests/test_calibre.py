"""The EPUB through calibre: its AZW3 conversion (the Kindle file KDP and most readers' tools make
from an EPUB) and its Check Book (the checks of calibre's e-book editor).

Opt-in: Debian's calibre is 350 MB installed (104 packages with Qt 6 and its WebEngine), too
heavy for every CI run, so these tests run only with PUBLISH_CALIBRE=1, which
`bash scripts/test-calibre` sets after installing calibre; then a missing calibre fails them.

The AZW3 is converted back to an EPUB by calibre (its own reading of the Kindle file) and read
in the reading engine at phone size (publish/checks/reading_engine.py), which measures the size of
every character on every screen: quotations and verse must stay within 0.9 of the body's
size. calibre rounds each size to its own scale of sizes, so a quotation set a little smaller
can come out at three quarters of the body. Check Book must find no error in the EPUB's own
markup; its style notes (stylelint's rules on the order and repetition of selectors, which are
CSS errors to calibre but not faults of the book) are set aside, CSS that does not parse is not.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from test_reading_engine import epubs_built

from publish.checks.reading_engine import Reading, read_epubs, relative_sizes

ROOT = Path(__file__).resolve().parent.parent
CHECK = ROOT / "tests" / "calibre_check.py"
# Quotations and a poem in prose; stanzas as block quotations and as .poem paragraphs.
BOOKS = ("sampler", "verse")
READABLE = 0.9  # the smallest size of quotations and verse, as a share of the body's
# calibre's editor runs its CSS checks in Qt WebEngine, which needs these as root, headless.
CALIBRE_ENVIRONMENT = {"QTWEBENGINE_CHROMIUM_FLAGS": "--no-sandbox",
                       "QT_QPA_PLATFORM": "offscreen"}

pytestmark = [
    pytest.mark.calibre,
    pytest.mark.skipif(os.environ.get("PUBLISH_CALIBRE") != "1", reason=(
        "opt-in (Debian's calibre is 350 MB): bash scripts/test-calibre")),
]


def calibre(program: str, *arguments: str) -> str:
    found = shutil.which(program)
    assert found, f"{program} is missing: bash scripts/test-calibre installs Debian's calibre"
    done = subprocess.run([found, *arguments], capture_output=True, text=True, timeout=600,
                          check=False, env={**os.environ, **CALIBRE_ENVIRONMENT})
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


@pytest.fixture(scope="module")
def epubs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Each book of BOOKS copied and its EPUB built, in one run of the command line."""
    projects = epubs_built(BOOKS, tmp_path_factory)
    return {name: next((project / "build").glob("*.epub")) for name, project in projects.items()}


@pytest.fixture(scope="module")
def through_kindle(epubs: dict[str, Path]) -> dict[str, Reading]:
    """Each EPUB made into an AZW3 by calibre, back into an EPUB by calibre, and read."""
    back = {}
    for name, epub in epubs.items():
        azw3 = epub.with_suffix(".azw3")
        calibre("ebook-convert", str(epub), str(azw3))
        back[name] = epub.with_name(f"{epub.stem}-from-azw3.epub")
        calibre("ebook-convert", str(azw3), str(back[name]))
    return dict(zip(BOOKS, read_epubs([back[name] for name in BOOKS], screenshots=False),
                    strict=True))


@pytest.mark.parametrize("book", BOOKS)
@pytest.mark.parametrize("kind", ["quotation", "verse"])
def test_the_azw3_keeps_quotations_and_verse_readable(
        through_kindle: dict[str, Reading], book: str, kind: str) -> None:
    sizes = relative_sizes(through_kindle[book].report, kind)
    assert sizes, f"no {kind} on any screen"
    assert min(sizes) >= READABLE, sizes


def check_book(epub: Path) -> list[dict[str, Any]]:
    findings: list[dict[str, Any]] = json.loads(calibre("calibre-debug", str(CHECK), str(epub)))
    return findings


def is_style_note(finding: dict[str, Any]) -> bool:
    return finding["check"] == "CSSError" and finding["rule"] not in (None, "CssSyntaxError")


@pytest.mark.parametrize("book", BOOKS)
def test_calibre_check_book_finds_no_error(epubs: dict[str, Path], book: str) -> None:
    findings = check_book(epubs[book])
    assert any(is_style_note(finding) for finding in findings)  # the checks did run
    assert [finding for finding in findings if finding["level"] in ("error", "critical")
            and not is_style_note(finding)] == []
