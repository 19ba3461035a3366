"""A Word file (DOCX) as a manuscript: its slot, which the Word reader fills."""

from __future__ import annotations

from pathlib import Path

from publish.errors import PublishError
from publish.imports.imported import Imported


def read_docx(path: Path) -> Imported:
    raise PublishError("importing a Word file is not yet supported", path)
