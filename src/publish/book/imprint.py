"""What the title and copyright pages say, decided once so every edition says the same."""

from __future__ import annotations

from dataclasses import dataclass

from publish.source.metadata import Identifier, Metadata

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
# What each edition's own identifier identifies, as a copyright page names the format.
EDITION_NAMES = {"print": "paperback", "epub": "EPUB", "digital": "PDF"}
# Schemes a copyright page names before the number; any other is printed as its URN or URI.
SCHEME_LABELS = {"isbn": "ISBN", "doi": "DOI", "lccn": "LCCN", "oclc": "OCLC"}


@dataclass(frozen=True)
class ImprintLine:
    label: str  # what the line is, for editions that label it (the text header)
    value: str  # the bare fact, printed after its label
    text: str  # the sentence a copyright page prints


def human_date(date: str, lang: str) -> str:
    """A W3CDTF date as a reader writes it: 15 September 2025 (en-GB), September 15, 2025."""
    parts = date.split("-")
    if len(parts) == 1:
        return parts[0]
    month = MONTHS[int(parts[1]) - 1]
    if len(parts) == 2:
        return f"{month} {parts[0]}"
    day = str(int(parts[2]))
    return f"{month} {day}, {parts[0]}" if lang == "en-US" else f"{day} {month} {parts[0]}"


def imprint(metadata: Metadata) -> tuple[ImprintLine, ...]:
    """The copyright page, line by line, in the order it is printed."""
    lines = []
    if metadata.source:
        lines.append(ImprintLine("Source", metadata.source,
                                 f"First published in {metadata.source}."))
    if metadata.republished:
        when = human_date(metadata.republished, metadata.lang)
        by = f" by {metadata.publisher}" if metadata.publisher else ""
        value = f"{when}{by}" if metadata.publisher else when
        lines.append(ImprintLine("Republished", value, f"Republished{by} on {when}."))
    if metadata.source_url:
        lines.append(ImprintLine("Archived at", metadata.source_url, metadata.source_url))
    if metadata.rights:
        lines.append(ImprintLine("Rights", metadata.rights, metadata.rights))
    # The editions' own (their ISBNs) first, as publishers print them, then the book's. Only
    # the identifiers the metadata lists: a print identifier derived for the EPUB's page list
    # (Metadata.print_identifier) names no product anyone can order, so it is not printed.
    own = [identifier for identifier in metadata.identifiers if identifier.edition is not None]
    lines += [identifier_line(identifier) for identifier in own]
    lines += [identifier_line(identifier) for identifier in metadata.identifiers
              if identifier.edition is None]
    return tuple(lines)


def identifier_line(identifier: Identifier) -> ImprintLine:
    """An identifier as publishers print it: "ISBN 978-… (paperback)", or a URN alone."""
    scheme = SCHEME_LABELS.get(identifier.scheme)
    value = identifier.value if scheme else identifier.urn
    text = f"{scheme} {value}" if scheme else value
    label = scheme or "Identifier"
    if identifier.edition is not None:
        edition = EDITION_NAMES.get(identifier.edition, identifier.edition)
        text += f" ({edition})"
        label += f" ({edition})"
    return ImprintLine(label, value, text)


def byline(metadata: Metadata) -> str:
    """The creators as the title page names them."""
    return metadata.authors


def title_page(metadata: Metadata) -> tuple[tuple[str, str], ...]:
    """The title page, line by line: (what the line is, its text). What each line is (title,
    subtitle, byline, publisher) is also its class in every edition's stylesheet."""
    lines = [("title", metadata.title)]
    if metadata.subtitle:
        lines.append(("subtitle", metadata.subtitle))
    lines.append(("byline", byline(metadata)))
    if metadata.publisher:
        lines.append(("publisher", metadata.publisher))
    return tuple(lines)
