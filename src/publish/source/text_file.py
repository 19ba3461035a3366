"""Reading an author's text file strictly: UTF-8, no NUL bytes, errors with a line number."""

from __future__ import annotations

from pathlib import Path

from publish.errors import PublishError

MAX_FILE_BYTES = 16 * 1024 * 1024  # far beyond any book's chapter; stops runaway inputs early


def read_text(path: Path, shown_as: Path) -> str:
    """The file's text with LF line endings, or an error naming the offending line."""
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise PublishError(
            f"file is {size // (1024 * 1024)} MB; the limit is {MAX_FILE_BYTES // (1024 * 1024)} "
            "MB (split it into chapters)", shown_as)
    data = path.read_bytes()
    nul = data.find(b"\x00")
    if nul >= 0:
        raise PublishError("contains a NUL byte (is this a binary file?)", shown_as,
                           data.count(b"\n", 0, nul) + 1)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise PublishError(
            f"not valid UTF-8 (byte 0x{data[error.start]:02x}); save the file as UTF-8",
            shown_as, line) from None
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
