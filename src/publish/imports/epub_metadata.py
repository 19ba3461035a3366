"""An EPUB package's metadata (Dublin Core and its EPUB 3 refinements, or EPUB 2's opf:
attributes) in metadata.yaml's field names."""

from __future__ import annotations

import re
from collections import defaultdict

import lxml.html
from ebooklib import epub

from publish.imports.html_text import text_of
from publish.source.metadata import RELATORS

OPF = "http://www.idpf.org/2007/opf"
ROLE_NAMES = {code: name for name, code in reversed(RELATORS.items())}
SCHEMES = {"urn:isbn:": "ISBN", "urn:uuid:": "uuid", "urn:doi:": "DOI"}
ISBN = re.compile(r"^(97[89])?[\d-]{9,16}[\dXx]$")


def metadata_of(book: epub.EpubBook) -> dict[str, object]:
    """The fields the package gives, each only when it gives it."""
    refined = refinements(book)

    def values(name: str) -> list[tuple[str, dict[str, str]]]:
        return [(" ".join(str(value).split()), attributes or {})
                for value, attributes in book.get_metadata("DC", name) if value]

    found: dict[str, object] = {}
    titles = values("title")
    main = [text for text, attributes in titles
            if refined[attributes.get("id", "")].get("title-type", "main") == "main"]
    subtitles = [text for text, attributes in titles
                 if refined[attributes.get("id", "")].get("title-type") == "subtitle"]
    if main or titles:
        found["title"] = (main or [titles[0][0]])[0]
    if subtitles:
        found["subtitle"] = subtitles[0]
    for field in ("creator", "contributor"):
        people = [person(text, attributes, refined, "aut" if field == "creator" else "ctb")
                  for text, attributes in values(field)]
        if people:
            found[field] = people
    for field in ("language", "date", "publisher", "rights", "source"):
        given = values(field)
        if given:
            found["lang" if field == "language" else field] = given[0][0]
    description = values("description")
    if description:  # stores often write it as HTML
        found["description"] = " ".join(text_of(lxml.html.fromstring(
            f"<div>{description[0][0]}</div>")).split())
    subjects = [text for text, _ in values("subject")]
    if subjects:
        found["subject"] = subjects
    identifiers = [identifier(text, attributes, refined)
                   for text, attributes in values("identifier")]
    if identifiers:
        found["identifier"] = identifiers
    return found


def refinements(book: epub.EpubBook) -> defaultdict[str, dict[str, str]]:
    """EPUB 3's `<meta refines="#id" property="...">`: the properties of each element."""
    refined: defaultdict[str, dict[str, str]] = defaultdict(dict)
    for value, attributes in book.metadata.get(OPF, {}).get("meta", []):
        target = (attributes or {}).get("refines", "")
        if target.startswith("#") and value:
            refined[target[1:]].setdefault(attributes["property"], str(value).strip())
    return refined


def person(name: str, attributes: dict[str, str], refined: dict[str, dict[str, str]],
           default_role: str) -> dict[str, str]:
    own = refined.get(attributes.get("id", ""), {})
    code = (own.get("role") or attributes.get(f"{{{OPF}}}role") or default_role).lower()
    entry = {"text": name, "role": ROLE_NAMES.get(code, code)}
    file_as = own.get("file-as") or attributes.get(f"{{{OPF}}}file-as")
    if file_as and file_as != name:
        entry["file-as"] = file_as
    return entry


def identifier(text: str, attributes: dict[str, str], refined: dict[str, dict[str, str]]
               ) -> dict[str, str]:
    scheme = (refined.get(attributes.get("id", ""), {}).get("identifier-type")
              or attributes.get(f"{{{OPF}}}scheme") or "")
    for prefix, name in SCHEMES.items():
        if text.lower().startswith(prefix):
            scheme = scheme or name
            if name == "ISBN":
                text = text[len(prefix):]
    if not scheme and ISBN.match(text):
        scheme = "ISBN"
    return {"scheme": scheme, "text": text} if scheme else {"text": text}
