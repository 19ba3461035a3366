"""Parity of metadata: what each edition says of the book (title, creators, language, its own
identifier, dates, rights) against what the manuscript's metadata says.

Each edition names its own identifier: the EPUB's package its `edition: epub` one, the print
PDF's XMP the print one (explicit or derived), the screen PDF's its `edition: digital` one, each
falling back on the book's; the text edition's header names the book's and every edition's
own. Identifiers compare in their canonical form (urn:isbn: and hyphens aside).
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pikepdf

from publish.book.imprint import printed
from publish.book.model import Book
from publish.checks.read_back import OPF, TextMarks, epub_package
from publish.checks.report import Finding
from publish.checks.words import words
from publish.source.identifiers import isbn_digits
from publish.source.metadata import Identifier


@dataclass(frozen=True)
class Field:
    name: str
    expected: str
    found: str | None  # None: the edition does not say


def same(expected: str, found: str) -> bool:
    return " ".join(words(expected)) == " ".join(words(found))


def canonical_identifier(text: str, isbn: bool = False) -> str:
    """An identifier as compared: an ISBN (or any value, when `isbn`) as urn:isbn: and its
    digits, whatever its form (urn:isbn:979..., ISBN 979-8-...), anything else as written,
    without spaces and in lower case."""
    text = "".join(text.split()).lower()
    if isbn or text.startswith(("urn:isbn:", "isbn")):
        return "urn:isbn:" + isbn_digits(text).lower()
    return text


def agrees(field: Field) -> bool:
    if field.found is None:
        return True  # reported as missing, not as different
    if field.name.endswith("identifier"):
        expected = canonical_identifier(field.expected)
        return expected == canonical_identifier(field.found, expected.startswith("urn:isbn:"))
    if field.name == "creator":  # each name, in order, however an edition joins them
        found = " ".join(words(field.found))
        position = 0
        for name in field.expected.split(", "):
            position = found.find(" ".join(words(name)), position)
            if position < 0:
                return False
        return True
    return same(field.expected, field.found) or field.expected in field.found


def expected_metadata(book: Book, identifier: Identifier | None = None) -> dict[str, str]:
    """What an edition must say: the manuscript's title, creators, language, modification
    date, publication date and rights, and the edition's own identifier (the book's when
    none is given)."""
    metadata = book.metadata
    values = {"title": metadata.title,
              "creator": ", ".join(creator.name for creator in metadata.creators),
              "language": metadata.lang,
              "identifier": (identifier or metadata.identifier).urn,
              "modified": metadata.modified.astimezone(dt.UTC).strftime("%Y-%m-%d")}
    if metadata.republished or metadata.date:
        values["date"] = str(metadata.republished or metadata.date)
    if metadata.rights:
        values["rights"] = metadata.rights
    return values


def epub_metadata(path: Path, expected: dict[str, str]) -> list[Field]:
    with zipfile.ZipFile(path) as archive:
        _, package = epub_package(archive)

    def texts(xpath: str) -> list[str]:
        found = package.xpath(xpath, namespaces=OPF)
        return [str(item).strip() for item in found] if isinstance(found, list) else []

    def first(xpath: str) -> str | None:
        return next(iter(texts(xpath)), None)

    unique = package.get("unique-identifier")
    found = {
        "title": first("//dc:title/text()"),
        "creator": ", ".join(texts("//dc:creator/text()")) or None,
        "language": first("//dc:language/text()"),
        "identifier": first(f"//dc:identifier[@id='{unique}']/text()"),
        "date": first("//dc:date/text()"),
        "rights": first("//dc:rights/text()"),
        "modified": (first("//opf:meta[@property='dcterms:modified']/text()") or "")[:10] or None,
    }
    return [Field(name, value, found.get(name)) for name, value in expected.items()]


def pdf_metadata(path: Path, expected: dict[str, str]) -> tuple[list[Field], list[Field]]:
    """What the PDF's Info dictionary and its XMP packet say, field by field."""
    with pikepdf.open(path) as pdf:
        info = {str(key): str(value) for key, value in pdf.docinfo.items()}
        with pdf.open_metadata() as xmp:
            packet = {key: xmp.get(key) for key in (
                "dc:title", "dc:creator", "dc:language", "dc:identifier", "dc:date",
                "dc:rights", "xmp:ModifyDate")}

    def pdf_date(value: str | None) -> str | None:
        digits = re.sub(r"^D:", "", value or "")
        return f"{digits[:4]}-{digits[4:6]}-{digits[6:8]}" if len(digits) >= 8 else None

    info_found = {"title": info.get("/Title"), "creator": info.get("/Author"),
                  "modified": pdf_date(info.get("/ModDate"))}
    xmp_found = {"title": xmp_value(packet["dc:title"]),
                 "creator": xmp_value(packet["dc:creator"]),
                 "language": xmp_value(packet["dc:language"]),
                 "identifier": xmp_value(packet["dc:identifier"]),
                 "date": xmp_value(packet["dc:date"]),
                 "rights": xmp_value(packet["dc:rights"]),
                 "modified": (xmp_value(packet["xmp:ModifyDate"]) or "")[:10] or None}
    return ([Field(name, expected[name], info_found[name]) for name in info_found],
            [Field(name, value, xmp_found.get(name)) for name, value in expected.items()])


def xmp_value(value: object) -> str | None:
    """An XMP property as text: a list (Seq, Bag) joined, a language alternative's default."""
    if value is None or value == "":
        return None
    if isinstance(value, (list, set, tuple)):
        return ", ".join(sorted(map(str, value)) if isinstance(value, set) else map(str, value))
    return str(value)


def txt_metadata(path: Path, book: Book, expected: dict[str, str], marks: TextMarks
                 ) -> list[Field]:
    """The title and "by" lines and the labelled lines of the text edition's header, read by
    the labels of the book's language: the book's identifier (unless a UUID, which it does
    not print), and each edition's own under its label ("ISBN (paperback)")."""
    lines = path.read_text("utf-8").split("\n")
    header = lines[:lines.index(marks.contents)] if marks.contents in lines else lines
    labelled: dict[str, str] = {}
    for line in unwrapped(header):
        if (found_line := marks.header_line.fullmatch(line)) and not line.startswith(" "):
            labelled.setdefault(found_line[1], found_line[2])
    metadata = book.metadata
    title_lines = []
    for line in header:
        if not line:
            break
        title_lines.append(line)
    # The title block's last paragraph: the "by" line, then the contributors' lines.
    block = "\n".join(header).split("\n\n\n")[0].split("\n\n")
    match = marks.byline.fullmatch(block[-1].split("\n")[0]) if len(block) > 1 else None
    by = match[1] if match else None
    found = {"title": " ".join(title_lines) or None, "creator": by,
             "language": labelled.get(marks.label("language")),
             "identifier": labelled.get(marks.identifier_label(metadata.identifier)),
             "rights": labelled.get(marks.label("rights")),
             "date": labelled.get(marks.label("republished" if metadata.republished
                                              else "date"))}
    wanted = dict(expected)
    if "date" in wanted:  # the header prints dates as a reader writes them
        wanted["date"] = marks.date(wanted["date"])
    if not printed(metadata.identifier):
        del wanted["identifier"]
    for identifier in metadata.identifiers:
        if identifier.edition is not None:
            name = f"{identifier.edition} identifier"
            wanted[name] = identifier.urn
            found[name] = labelled.get(marks.identifier_label(identifier))
    return [Field(name, value, found[name]) for name, value in wanted.items() if name in found]


def unwrapped(lines: Iterable[str]) -> list[str]:
    """Header lines with their indented continuations joined back on."""
    joined: list[str] = []
    for line in lines:
        if line.startswith(" ") and joined:
            joined[-1] += " " + line.strip()
        else:
            joined.append(line)
    return joined


def metadata_finding(edition: str, fields: list[Field]) -> list[Finding]:
    """One finding for the fields that differ, one for those missing: both errors, since
    every field asked for is one the manuscript has."""
    differ = [field for field in fields if not agrees(field)]
    missing = [field.name for field in fields if field.found is None]
    said = [field.name for field in fields if field.found is not None]
    findings = [Finding(
        "E-006", not differ,
        "; ".join(f"{field.name} is {field.found!r}, the manuscript says {field.expected!r}"
                  for field in differ) or f"same {', '.join(said)}", edition=edition)]
    if missing:
        findings.append(Finding("E-007", False, f"does not say its {', '.join(missing)}",
                                edition=edition))
    return findings
