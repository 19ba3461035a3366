"""Which reader reads a source: its format found from its content, never from its name alone;
and the whole import, from the sources to the new project."""

from __future__ import annotations

import re
import uuid
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path

from publish.errors import PublishError
from publish.imports.epub_book import read_epub
from publish.imports.imported import Imported
from publish.imports.pandoc_markdown import read_pandoc_markdown
from publish.imports.project import make_project, write_project
from publish.imports.web_page import read_web_page
from publish.imports.word import read_docx

Reader = Callable[[Path], Imported]

READERS: dict[str, Reader] = {
    "epub": read_epub,
    "docx": read_docx,
    "html": read_web_page,
    "markdown": read_pandoc_markdown,
}
# What a file's name says it is, for the message when its content says otherwise.
CLAIMED = {".epub": "an EPUB", ".docx": "a Word file (DOCX)", ".html": "an HTML page",
           ".htm": "an HTML page", ".xhtml": "an HTML page", ".md": "a Markdown file",
           ".markdown": "a Markdown file", ".txt": "a text file"}
HEAD = 8192  # bytes read to tell the format
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an encrypted Office file, or a .doc
HTML_OPENING = re.compile(r"^\ufeff?\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*"
                          r"<(!doctype\s+html|html|head|body)\b", re.IGNORECASE | re.DOTALL)


def import_sources(sources: Sequence[Path], destination: Path) -> list[Path]:
    """Read every source (all of them, before writing anything), make one project of them in
    their order, and write it to `destination`; the files written."""
    if destination.exists() and (not destination.is_dir() or any(destination.iterdir())):
        raise PublishError("is not empty: give --to a new folder (the import makes a whole "
                           "project)", destination)
    imported = [READERS[format_of(source)](source) for source in sources]
    return write_project(make_project(imported, uuid.uuid4()), destination)


def format_of(path: Path) -> str:
    """The source's format, from its first bytes: one line naming the file when it is not
    what its name says, or not a format the import reads."""
    if not path.is_file():
        raise PublishError("no such file", path)
    with path.open("rb") as opened:
        head = opened.read(HEAD)
    claimed = CLAIMED.get(path.suffix.lower())
    if head.startswith(ZIP_MAGIC):
        return zipped_format(path, claimed)
    if head.startswith(OLE_MAGIC):
        raise PublishError("an encrypted (password-protected) Office file, or an old Word .doc: "
                           "save it unencrypted as .docx, then import that", path)
    if path.suffix.lower() in (".epub", ".docx"):
        raise PublishError(f"not {claimed}: that is a zip archive, and this file is not one",
                           path)
    # A page's opening is ASCII whatever its encoding (a saved page may be windows-1252, as
    # its <meta charset> says, which its reader honours): read it before asking for UTF-8.
    if b"\x00" not in head and HTML_OPENING.match(head.decode("latin-1")):
        return "html"
    if b"\x00" in head:
        raise PublishError(f"{'not ' + claimed + ': ' if claimed else ''}a binary file, "
                           "and neither an EPUB, a Word file, HTML nor Markdown", path)
    if not decodes(head):
        raise PublishError("not UTF-8 text: save it as UTF-8, then import it", path)
    if HTML_OPENING.match(head.decode("utf-8", errors="replace")):
        return "html"  # one that opens with a byte-order mark
    if path.suffix.lower() in (".html", ".htm", ".xhtml"):
        raise PublishError("not an HTML page: it does not open with <!DOCTYPE html> or <html>",
                           path)
    return "markdown"


def zipped_format(path: Path, claimed: str | None) -> str:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            mimetype = archive.read("mimetype").strip() if "mimetype" in names else b""
    except (zipfile.BadZipFile, OSError, EOFError) as error:
        raise PublishError(f"a damaged zip archive ({error}): not readable as "
                           f"{claimed or 'an EPUB or a Word file'}", path) from None
    if mimetype == b"application/epub+zip":
        return "epub"
    if "word/document.xml" in names:
        return "docx"
    if "META-INF/container.xml" in names:
        raise PublishError("not an EPUB: it has no mimetype file saying application/epub+zip "
                           "(a damaged or hand-made archive)", path)
    raise PublishError(f"{'not ' + claimed + ': ' if claimed else ''}a zip archive holding "
                       "neither an EPUB (its mimetype file) nor a Word document "
                       "(word/document.xml)", path)


def decodes(head: bytes) -> bool:
    """Whether the file's first bytes are UTF-8 (a character the reading cut aside)."""
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        return len(head) == HEAD and error.start >= len(head) - 3
    return True
