"""What the title and copyright pages say, decided once so every edition says the same."""

from __future__ import annotations

from dataclasses import dataclass

from publish.metadata import Metadata

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")


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
    for identifier in metadata.identifiers:
        lines.append(ImprintLine("Identifier", identifier.urn, identifier.urn))
    return tuple(lines)


def byline(metadata: Metadata) -> str:
    """The creators as the title page names them."""
    return metadata.authors
