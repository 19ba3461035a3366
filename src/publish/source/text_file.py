"""Reading an author's text file strictly: UTF-8, no NUL bytes or other control characters,
errors with a line number."""

from __future__ import annotations

import re
from pathlib import Path

from publish.errors import PublishError

# C0 and C1 control characters other than tab and line feed: XML cannot hold most of them (so
# no EPUB can), and none is text a reader sees.
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# A file's problems of one kind listed before the rest are summed up: a file holding hundreds
# is not the text it should be, and one screen of them says so.
MAX_PROBLEMS = 20
MAX_FILE_BYTES = 16 * 1024 * 1024  # far beyond any book's chapter; stops runaway inputs early


def read_text(path: Path, shown_as: Path) -> str:
    """The file's text with LF line endings, or an error naming the offending lines."""
    text = decoded(path, shown_as)
    problems = control_characters(text, shown_as)
    if problems:
        raise PublishError.collect(problems)
    return text


def decoded(path: Path, shown_as: Path) -> str:
    """The file's text with LF line endings, or an error naming the line where it stops being
    text (what follows cannot be read)."""
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise PublishError(
            f"R-001 file is {size // (1024 * 1024)} MB; the limit is "
            f"{MAX_FILE_BYTES // (1024 * 1024)} MB (split it into chapters)", shown_as)
    data = path.read_bytes()
    nul = data.find(b"\x00")
    if nul >= 0:
        raise PublishError("X-003 contains a NUL byte (is this a binary file?)", shown_as,
                           data.count(b"\n", 0, nul) + 1)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise PublishError(
            f"X-003 not valid UTF-8 (byte 0x{data[error.start]:02x}); save the file as UTF-8",
            shown_as, line) from None
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def control_characters(text: str, shown_as: Path) -> list[PublishError]:
    """Each line holding a control character, at its first (the rest of the file can still be
    read, so the file's other problems are found in the same run)."""
    problems: dict[int, PublishError] = {}
    line, counted_to = 1, 0
    for found in CONTROL.finditer(text):
        line += text.count("\n", counted_to, found.start())
        counted_to = found.start()
        if line not in problems and len(problems) == MAX_PROBLEMS:
            problems[line] = PublishError("X-001 more control characters after this line (a "
                                          "file that is not text?): remove them", shown_as, line)
            break
        problems.setdefault(line, PublishError(
            f"X-001 control character U+{ord(found[0]):04X} in the text (no edition can carry "
            "it): remove it", shown_as, line))
    return list(problems.values())
