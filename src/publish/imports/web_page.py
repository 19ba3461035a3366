"""A saved web page as a manuscript: its slot, which the web page's reader fills."""

from __future__ import annotations

from pathlib import Path

from publish.errors import PublishError
from publish.imports.imported import Imported


def read_web_page(path: Path) -> Imported:
    raise PublishError("importing a saved web page is not yet supported", path)
