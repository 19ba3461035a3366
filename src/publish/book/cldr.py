"""Where Unicode CLDR's data is: Debian's unicode-cldr-core (scripts/setup installs it), read
for each language's quotation marks (quotation_marks.py) and ASCII conventions
(ascii_conventions.py)."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from publish.errors import PublishError

CLDR = Path("/usr/share/unicode/cldr/common")
READER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


def not_installed(what: str, path: Path) -> PublishError:
    return PublishError(f"Unicode CLDR's {what} is not installed ({path} is missing): run "
                        "`bash scripts/setup`, or install Debian's unicode-cldr-core")
