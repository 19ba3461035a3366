"""Reading an author's text file strictly: UTF-8, no NUL bytes or other control characters,
errors with a line number."""

from __future__ import annotations

import re
from pathlib import Path

from publish.errors import PublishError

# C0 and C1 control characters other than tab and line feed: XML cannot hold most of them (so
# no EPUB can), and none is text a reader sees.
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
MAX_FILE_BYTES = 16 * 1024 * 1024  # far beyond any book's chapter; stops runaway inputs early


def read_text(path: Path, shown_as: Path) -> str:
    """The file's text with LF line endings, or an error naming the offending line."""
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
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    control = CONTROL.search(text)
    if control:
        raise PublishError(f"X-001 control character U+{ord(control[0]):04X} in the text (no "
                           "edition can carry it): remove it", shown_as,
                           text.count("\n", 0, control.start()) + 1)
    return text
