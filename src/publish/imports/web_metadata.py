"""What a saved web page says about its article, as metadata.yaml's fields: the title, the
author, the date, the description, the language, the site (the publisher), its copyright
line (the rights) and the page's own address.

Each field is taken from the first of the places pages put it (Open Graph and article
properties, the plain meta names, the page's own elements), and the log says which.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import datetime

from lxml import etree

from publish.imports.html_text import text_of
from publish.imports.imported import Change, ChangeKind

Where = Callable[[etree._Element], str]
Found = tuple[str, etree._Element]  # a value and the element it was read from

DATE = re.compile(r"^\s*(\d{4}(?:-\d{2}(?:-\d{2})?)?)")
LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$")
BYLINE = re.compile(r"^\s*by\s+", re.IGNORECASE)
DATED_LINE = re.compile(r"^(?:publication date|published|posted|date)\s*:?\s*(?:on\s+)?(.+)$",
                        re.IGNORECASE)
DATE_FORMS = ("%A %d %B %Y", "%A, %d %B %Y", "%d %B %Y", "%A, %B %d, %Y", "%B %d, %Y",
              "%d %b %Y", "%b %d, %Y")
COPYRIGHT = re.compile(r"^(?:©|Copyright\b)")
# The site's name after the article's in a <title>: "The strike | Harbour Review".
SITE_SUFFIX = re.compile(r"\s+[|·–—-]\s+[^|·–—-]+$")


def page_metadata(page: etree._Element, where: Where
                  ) -> tuple[dict[str, object], tuple[Change, ...]]:
    """metadata.yaml's fields from the page, and a log line for each saying where it was."""
    fields: dict[str, object] = {}
    changes = []
    for name, found in (("title", title(page)), ("creator", author(page)),
                        ("date", date(page)), ("description", description(page)),
                        ("lang", language(page)), ("publisher", first(page, meta("og:site_name"))),
                        ("rights", rights(page)), ("source-url", address(page))):
        if found is None:
            continue
        value, element = found
        fields[name] = [{"text": value, "role": "author"}] if name == "creator" else value
        changes.append(Change(ChangeKind.GUESSED, where(element),
                              f"metadata.yaml's {name}, from {described(element)}", value))
    return fields, tuple(changes)


def meta(name: str) -> str:
    """The XPath of a meta element by its property or name."""
    return f"//meta[@property='{name}' or @name='{name}'][normalize-space(@content)]"


def first(page: etree._Element, *paths: str) -> Found | None:
    """The first non-empty value the paths find: a meta's content, a link's href, a time's
    datetime, or an element's text."""
    for path in paths:
        for element in elements(page, path):
            value = " ".join((element.get("content") or element.get("href")
                              or element.get("datetime") or text_of(element)).split())
            if value:
                return value, element
    return None


def elements(page: etree._Element, path: str) -> list[etree._Element]:
    found = page.xpath(path)
    return [element for element in found if isinstance(element, etree._Element)] if (
        isinstance(found, list)) else []


def title(page: etree._Element) -> Found | None:
    found = first(page, meta("og:title"), meta("twitter:title"), "//h1", "//title")
    if found is not None and found[1].tag == "title":
        return SITE_SUFFIX.sub("", found[0]), found[1]
    return found


def author(page: etree._Element) -> Found | None:
    """The author's name: a meta's (an address is a profile page, not a name), else the
    byline's link or the byline less its "By"."""
    for path in (meta("author"), meta("article:author"), meta("dc.creator"),
                 "//*[@rel='author']", "//*[contains(@class, 'byline')]//*[@rel='author']"):
        found = first(page, path)
        if found is not None and not found[0].startswith(("http:", "https:", "/")):
            return found
    byline = first(page, "//*[contains(@class, 'byline') or contains(@class, 'author')]")
    if byline is not None and BYLINE.match(byline[0]):
        return BYLINE.sub("", byline[0]), byline[1]
    return None


def date(page: etree._Element) -> Found | None:
    for path in (meta("article:published_time"), meta("date"), meta("dc.date"),
                 meta("DC.date.issued"), "//time[@datetime]"):
        found = first(page, path)
        match = DATE.match(found[0]) if found is not None else None
        if found is not None and match:
            return match[1], found[1]
    return dated_line(page)


def dated_line(page: etree._Element) -> Found | None:
    """A line of the page that gives its date in words, as a page with no date in its markup
    may: "Publication date: Monday 15 September 2025" (English month names only)."""
    for element in elements(page, "//body//*[text()]"):
        line = DATED_LINE.match(" ".join((element.text or "").split()))
        if line is None:
            continue
        for form in DATE_FORMS:
            try:
                return datetime.strptime(line[1].rstrip("."), form).date().isoformat(), element
            except ValueError:
                continue
    return None


def description(page: etree._Element) -> Found | None:
    return first(page, meta("description"), meta("og:description"))


def language(page: etree._Element) -> Found | None:
    """The page's language as a BCP 47 tag (Open Graph writes en_GB)."""
    root = page.getroottree().getroot()
    candidates: Iterator[Found] = (found for found in (
        (root.get("lang", ""), root),
        (root.get("{http://www.w3.org/XML/1998/namespace}lang", ""), root),
        first(page, "//meta[@http-equiv='content-language'][@content]"),
        first(page, meta("og:locale"))) if found is not None)
    for value, element in candidates:
        tag = value.strip().replace("_", "-")
        if LANGUAGE.match(tag):
            return tag, element
    return None


def rights(page: etree._Element) -> Found | None:
    """The page's copyright line: its meta's, else the first line of its own that says
    "Copyright" or "©" (a footer's, which the article leaves out)."""
    found = first(page, meta("copyright"), meta("dcterms.rights"), meta("dc.rights"))
    if found is not None:
        return found
    for element in elements(page, "//body//*[contains(text(), '©') or "
                            "contains(text(), 'Copyright')]"):
        line = " ".join((element.text or "").split())
        if COPYRIGHT.match(line):
            return line, element
    return None


def address(page: etree._Element) -> Found | None:
    return first(page, "//link[@rel='canonical'][@href]", meta("og:url"))


def described(element: etree._Element) -> str:
    """How the log names the place a value was read from, as code (IMPORT.md is Markdown):
    `<meta property="og:title">`."""
    for attribute in ("property", "name", "rel", "http-equiv"):
        if element.get(attribute):
            return f'`<{element.tag} {attribute}="{element.get(attribute)}">`'
    return f"the page's `<{element.tag}>`"
