"""What the import tests read back: the command's runs, the words of each built edition (read
with zipfile and lxml, pdfminer and plain text, not with publish's own readers), and the
rows of IMPORT.md."""

from __future__ import annotations

import re
import subprocess
import sys
import unicodedata
import zipfile
from collections import Counter
from pathlib import Path

from lxml import etree
from pdfminer.high_level import extract_text

# A hyphen at a line's end in print: the word's break (WeasyPrint sets U+2010) or its own.
LINE_END_HYPHEN = re.compile("[\u2010\u00ad-]\n")
ROW = re.compile(r"^\| ([A-Z]\d+) \|")
CELL = re.compile(r"(?<!\\)\|")


def publish(*arguments: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "publish", *arguments], cwd=cwd,
                          capture_output=True, text=True, timeout=900, check=False)


def words(text: str) -> list[str]:
    """A text's words as a reader compares them: letters and figures, case folded; quotes,
    dashes, stops, apostrophes and the marks of emphasis apart."""
    return re.findall(r"[^\W_]+", unicodedata.normalize("NFKC", text).casefold())


def edition_words(build: Path) -> dict[str, Counter[str]]:
    """Each edition's words: the EPUB's documents, the print PDF's text layer, the text."""
    epub = next(build.glob("*.epub"))
    with zipfile.ZipFile(epub) as archive:
        documents = [name for name in archive.namelist() if name.endswith(".xhtml")]
        epub_text = " ".join(" ".join(etree.fromstring(archive.read(name)).itertext())
                             for name in documents)
    pdf = next(path for path in build.glob("*.pdf") if not path.stem.endswith("-cover"))
    printed = extract_text(str(pdf))
    # A word broken at a line's end reads whole, and a compound's halves apart: either counts.
    joined, parted = (Counter(words(LINE_END_HYPHEN.sub(glue, printed))) for glue in ("", " "))
    return {"epub": Counter(words(epub_text)), "pdf": joined | parted,
            "txt": Counter(words(next(build.glob("*.txt")).read_text("utf-8")))}


def rows(log: str, section: str) -> list[list[str]]:
    """The rows of one section of IMPORT.md ("Dropped", "Repaired"...): number, location,
    what, text."""
    found = re.search(rf"^## \d+\. {section}\n(.*?)(?=^## )", log, re.MULTILINE | re.DOTALL)
    assert found is not None, f"IMPORT.md has no {section} section"
    return [[cell.strip().replace("\\|", "|") for cell in CELL.split(line)[1:-1]]
            for line in found[1].splitlines() if ROW.match(line)]


def manuscript_text(project: Path) -> str:
    return "\n".join(path.read_text("utf-8") for path in
                     sorted((project / "manuscript" / "chapters").glob("*.md")))
