"""What a page's headings carry that the Markdown does not: the links a documentation page
sets in or beside each heading to itself (permalinks), and the id of the section it opens."""

from __future__ import annotations

import re

from lxml import etree

from publish.imports.html_text import HEADINGS, local

# What a documentation page's permalink shows beside a heading (Sphinx's ¶, a link symbol).
PERMALINK_SIGN = re.compile(r"[¶§#🔗\s]+")


def self_link(link: etree._Element, href: str) -> bool:
    """Whether a link inside a heading leads to that heading or its section: a permalink."""
    if not href.startswith("#") or not any(True for _ in link.iterancestors(*HEADINGS)):
        return False
    return any(up.get("id") == href[1:] for up in link.iterancestors())


def section_id(heading: etree._Element) -> str | None:
    """The id of the section a heading opens (Sphinx's `<section id="x"><h2>`), which the
    page's links lead to: the heading's, in the Markdown."""
    parent = heading.getparent()
    if parent is None or local(parent) not in ("section", "div", "article"):
        return None
    first = next((child for child in parent if isinstance(child.tag, str)), None)
    return parent.get("id") if first is heading else None
