"""ebooklib's EPUB writer, made reproducible and written to memory.

ebooklib 0.20 stamps every zip entry with the current time, leaves xml:lang off <package>, and
writes a visible landmarks list: three things this subclass changes. The hidden lists (the
landmarks, the page list) carry a class as well as `hidden`: engines that render the nav as a
page (MuPDF, calibre) honour no `hidden` of their own, and the stylesheet hides the class.
It writes to any file-like object, so render() can return bytes without touching the disk.
If a later ebooklib moves these methods (upstream master has them in ebooklib/writer.py),
re-check this class: the test that renders twice and compares bytes will notice.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from typing import Any

from ebooklib import epub
from lxml import etree

from publish.book.xml import EPUB_NS, XHTML_NS, XML_LANG
from publish.editions.epub.ncx import add_page_list, document_order
from publish.errors import PublishError

# Characters XML 1.0 forbids; lxml refuses them and ebooklib would drop the value silently.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
NCX = {"ncx": "http://www.daisy.org/z3986/2005/ncx/"}
HIDDEN_NAV = "hidden-nav"  # epub.css: display: none
# EPUB 2 guide types (ebooklib writes them to the OPF <guide>) -> EPUB 3 landmark types.
LANDMARK_TYPES = {"title-page": "titlepage", "text": "bodymatter",
                  "acknowledgements": "acknowledgments"}


def nesting(point: etree._Element) -> int:
    """How many navPoints deep a navPoint sits (1 for a top-level one)."""
    level = 0
    node: etree._Element | None = point
    while node is not None and node.tag == f"{{{NCX['ncx']}}}navPoint":
        level += 1
        node = node.getparent()
    return level


class _FixedTimeZip(zipfile.ZipFile):
    """A zip whose entries all carry one timestamp, Unix permissions, and a fixed layout."""

    date_time: tuple[int, int, int, int, int, int] = (1980, 1, 1, 0, 0, 0)

    def writestr(self, zinfo_or_arcname: str | zipfile.ZipInfo, data: Any,
                 compress_type: int | None = None, compresslevel: int | None = None) -> None:
        if isinstance(zinfo_or_arcname, str):
            info = zipfile.ZipInfo(zinfo_or_arcname, self.date_time)
            info.create_system = 3  # Unix, wherever the build runs
            info.external_attr = 0o644 << 16
            info.compress_type = (zipfile.ZIP_STORED if zinfo_or_arcname == "mimetype"
                                  else zipfile.ZIP_DEFLATED)
            zinfo_or_arcname = info
        super().writestr(zinfo_or_arcname, data, compress_type, compresslevel)


class MemoryEpubWriter(epub.EpubWriter):  # type: ignore[misc]  # ebooklib has no type hints
    """Writes the book into a BytesIO with the modification time as every entry's date."""

    def __init__(self, book: epub.EpubBook, modified: dt.datetime,
                 options: dict[str, Any] | None = None) -> None:
        self.buffer = io.BytesIO()
        modified = modified.astimezone(dt.UTC)
        defaults = {
            "mtime": modified,  # ebooklib prints it with a Z suffix: it must already be UTC
            "epub3_pages": False,  # 0.20 turns every element with epub:type and an id into a page
            "raise_exceptions": True,
            # EPUB 2 reading systems (Adobe RMSDK among them) order the NCX by playOrder.
            "play_order": {"enabled": True, "start_from": 1},
            "compresslevel": 9,
        }
        super().__init__(self.buffer, book, {**defaults, **(options or {})})
        # Zip dates cannot precede 1980; the metadata's date may.
        self.date_time = max((1980, 1, 1, 0, 0, 0), modified.timetuple()[:6])

    def write(self) -> None:
        with _FixedTimeZip(self.buffer, "w", zipfile.ZIP_DEFLATED,
                           compresslevel=self.options["compresslevel"]) as self.out:
            self.out.date_time = self.date_time
            self.out.writestr("mimetype", "application/epub+zip")  # first and stored (OCF)
            self._write_container()
            self._write_opf()
            self._write_items()

    def epub_bytes(self) -> bytes:
        self.process()
        self.write()
        return self.buffer.getvalue()

    def _write_opf_metadata(self, root: etree._Element) -> None:
        """ebooklib logs and skips a metadata value lxml refuses (a control character, say):
        refuse it here instead, so no EPUB goes out with an empty title or identifier."""
        for names in self.book.metadata.values():
            for name, entries in names.items():
                for value, _ in entries:
                    if value and NOT_XML.search(value):
                        raise PublishError(f"metadata: the {name} holds a control character, "
                                           "which an EPUB package cannot carry")
        super()._write_opf_metadata(root)

    def _write_opf_file(self, root: etree._Element) -> None:
        """The package's language, which reading systems and Ace look for on <package>."""
        root.set(XML_LANG, self.book.language)
        super()._write_opf_file(root)

    def _get_ncx(self) -> bytes:
        """ebooklib's NCX with dtb:depth set to how deep the contents really nest (it says 0),
        and the print edition's page list, as the nav has it, for EPUB 2 reading systems."""
        root = etree.fromstring(super()._get_ncx())
        depth = max((nesting(point) for point in root.iterfind(".//ncx:navPoint", NCX)),
                    default=1)
        for meta in root.iterfind("ncx:head/ncx:meta[@name='dtb:depth']", NCX):
            meta.set("content", str(depth))
        pages = self.options.get("page_list") or []
        if pages:
            add_page_list(root, pages, self.options.get("page_list_title", "Pages"),
                          document_order(self.spine_documents()))
        result: bytes = etree.tostring(root, encoding="utf-8", xml_declaration=True)
        return result

    def spine_documents(self) -> list[tuple[str, bytes]]:
        """(file name, content) of each spine document in reading order."""
        found = []
        for entry in self.book.spine:
            item = self.book.get_item_with_id(entry[0]) if isinstance(entry, tuple) else entry
            if item is not None:
                content = b"" if isinstance(item, epub.EpubNav) else item.get_content()
                found.append((item.file_name, content))
        return found

    def _get_nav(self, item: epub.EpubNav) -> bytes:
        """ebooklib's nav with the landmarks hidden and typed as EPUB 3 wants them, and the
        print edition's page list (options["page_list"]: (href, label) pairs), also hidden."""
        root = etree.fromstring(super()._get_nav(item))
        for nav in root.iter(f"{{{XHTML_NS}}}nav"):
            if nav.get(f"{{{EPUB_NS}}}type") != "landmarks":
                continue
            hide(nav)
            for link in nav.iter(f"{{{XHTML_NS}}}a"):
                kind = link.get(f"{{{EPUB_NS}}}type", "")
                kind = kind.removeprefix("other.")  # a type EPUB 2's guide lacks
                link.set(f"{{{EPUB_NS}}}type", LANDMARK_TYPES.get(kind, kind))
        pages = self.options.get("page_list") or []
        body = root.find(f"{{{XHTML_NS}}}body")
        if pages and body is not None:
            body.append(page_list_nav(pages, self.options.get("page_list_title", "Pages")))
        result: bytes = etree.tostring(root, encoding="utf-8", xml_declaration=True)
        return result


def page_list_nav(pages: list[tuple[str, str]], title: str) -> etree._Element:
    """<nav epub:type="page-list">: one flat list, a link to each page's marker."""
    nav = etree.Element(f"{{{XHTML_NS}}}nav", {f"{{{EPUB_NS}}}type": "page-list",
                                              "role": "doc-pagelist"})
    hide(nav)
    etree.SubElement(nav, f"{{{XHTML_NS}}}h2").text = title
    entries = etree.SubElement(nav, f"{{{XHTML_NS}}}ol")
    for href, label in pages:
        link = etree.SubElement(etree.SubElement(entries, f"{{{XHTML_NS}}}li"),
                                f"{{{XHTML_NS}}}a", href=href)
        link.text = label
    return nav


def hide(nav: etree._Element) -> None:
    """A list reading systems read but do not show, in engines that know `hidden` and in
    those that only follow the stylesheet."""
    nav.set("hidden", "hidden")
    nav.set("class", HIDDEN_NAV)
