"""What EPUB Accessibility 1.1 asks of the content that neither EPUBCheck nor Ace checks in
full, read from the EPUB's file: every image described or marked decorative, a page list that
reaches every page-break marker and nothing else, the print edition (its ISBN) named as the
page list's source, and every document in its language."""

from __future__ import annotations

import zipfile
from pathlib import Path

from lxml import etree

from publish.book.xml import EPUB_NS, XHTML_NS
from publish.checks.evidence import Verdict
from publish.checks.page_numbers import page_list
from publish.checks.read_back import OPF, epub_package
from publish.checks.stores import xhtml_documents
from publish.source.metadata import Identifier

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
DECORATIVE_ROLES = {"presentation", "none"}
SHOWN = 5  # failing places named in a verdict; the count says how many more


def content_verdicts(epub: Path, print_isbn: Identifier) -> tuple[Verdict, ...]:
    documents = list(xhtml_documents(epub))
    with zipfile.ZipFile(epub) as archive:
        _, package = epub_package(archive)
    return (images_described(documents), page_list_complete(epub, documents),
            page_source(package, print_isbn), languages(package, documents))


def images_described(documents: list[tuple[str, etree._Element]]) -> Verdict:
    """Every img has alt text, or an empty alt with a decorative role; every svg drawn in the
    text has a title or a label, or is hidden from assistive technology."""
    undescribed: list[str] = []
    images = 0
    for name, root in documents:
        for image in root.iter(f"{{{XHTML_NS}}}img"):
            images += 1
            alt = image.get("alt")
            decorative = alt == "" and image.get("role") in DECORATIVE_ROLES
            if not decorative and not (alt or "").strip():
                undescribed.append(f"{name}: img {image.get('src', '')}")
        for drawing in root.iter("{http://www.w3.org/2000/svg}svg"):
            images += 1
            titled = drawing.find("{http://www.w3.org/2000/svg}title") is not None
            if not (titled or drawing.get("aria-label") or drawing.get("aria-hidden") == "true"):
                undescribed.append(f"{name}: svg")
    return Verdict(f"Images described: {images - len(undescribed)} of {images}", "publish",
                   not undescribed, shown(undescribed))


def page_list_complete(epub: Path, documents: list[tuple[str, etree._Element]]) -> Verdict:
    """The page list names each page-break marker once, and names nothing else."""
    markers: list[str] = []
    for name, root in documents:
        for element in root.iter():
            kinds = str(element.get(f"{{{EPUB_NS}}}type", "")).split()
            if "pagebreak" in kinds or element.get("role") == "doc-pagebreak":
                markers.append(f"{name}#{element.get('id', '')}")
    targets = [target for _, target in page_list(epub)]
    unlisted = [f"marker not in the page list: {marker}" for marker in markers
                if marker not in set(targets)]
    astray = [f"page list entry to no marker: {target}" for target in targets
              if target not in set(markers)]
    found = unlisted + astray
    if not markers:
        found.append("no page-break markers: the EPUB carries no print page numbers")
    return Verdict(f"Page list: {len(targets)} entries for {len(markers)} page-break markers",
                   "publish", not found, shown(found))


def page_source(package: etree._Element, print_isbn: Identifier) -> Verdict:
    """pageBreakSource names the print edition by its ISBN."""
    named = [str(meta.text or "").strip() for meta in package.iterfind(".//opf:meta", OPF)
             if meta.get("property") == "pageBreakSource"]
    wanted = print_isbn.urn
    return Verdict(f"Page source: the print edition, {wanted}", "publish", named == [wanted],
                   () if named == [wanted] else (f"pageBreakSource is {named or 'missing'}",))


def languages(package: etree._Element, documents: list[tuple[str, etree._Element]]
              ) -> Verdict:
    """The package names the book's language, and every document its own (lang and
    xml:lang, the same)."""
    found: list[str] = []
    if not [language for language in package.iterfind(".//dc:language", OPF)
            if (language.text or "").strip()]:
        found.append("the package has no dc:language")
    for name, root in documents:
        lang, xml_lang = root.get("lang", ""), root.get(XML_LANG, "")
        if not lang.strip() or lang != xml_lang:
            found.append(f"{name}: lang {lang!r}, xml:lang {xml_lang!r}")
    return Verdict(f"Languages: each of {len(documents)} documents in its language", "publish",
                   not found, shown(found))


def shown(places: list[str]) -> tuple[str, ...]:
    more = len(places) - SHOWN
    return tuple(places[:SHOWN]) + ((f"and {more} more",) if more > 0 else ())
