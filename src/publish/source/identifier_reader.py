"""Reading the identifier field: each entry's value checked for its scheme (identifiers.py),
one identifier per edition and one for the book as a whole, every problem at its entry's line."""

from __future__ import annotations

from typing import Any, Protocol

from publish.source.identifiers import (
    InvalidIdentifier,
    checked_value,
    inferred_scheme,
    scheme_name,
)
from publish.source.metadata import IDENTIFIED_EDITIONS, Identifier


class FieldReader(Protocol):
    """What the identifier field is read through (metadata_reader.FieldReader)."""

    data: dict[str, Any]

    def entries(self, field: str) -> list[tuple[object, dict[str | None, int]]]: ...
    def problem(self, field: str, message: str, line: int | None = None) -> None: ...
    def missing(self, field: str, message: str) -> None: ...


def read_identifiers(fields: FieldReader) -> tuple[Identifier, ...]:
    value = fields.data.get("identifier")
    if value is None:
        fields.missing("identifier", "a stable identifier such as an ISBN or urn:uuid:...; "
                       "never generated at build time, so rebuilds keep it")
        return ()
    found: list[Identifier] = []
    lines: list[int | None] = []
    for entry, where in fields.entries("identifier"):
        identifier = entry_identifier(fields, entry, where)
        if identifier is not None:
            found.append(identifier)
            lines.append(where.get("text", where.get(None)))
    check_identifiers(fields, found, lines)
    return tuple(found)


def entry_identifier(fields: FieldReader, entry: object,
                     where: dict[str | None, int]) -> Identifier | None:
    """One entry: `text: VALUE` with an optional `scheme:` and `edition:`, or a bare value."""
    line = where.get(None)
    if isinstance(entry, str) and entry.strip():
        text, written, edition = entry.strip(), inferred_scheme(entry.strip()), None
    elif isinstance(entry, dict) and isinstance(entry.get("text"), str) and entry[
            "text"].strip():
        text = entry["text"].strip()
        written = " ".join(str(entry.get("scheme") or inferred_scheme(text)).split())
        edition = entry.get("edition")
        edition = edition.strip().lower() if isinstance(edition, str) else edition
    else:
        fields.problem("identifier", "each entry needs text: VALUE (and optionally scheme: "
                       "ISBN, UUID, DOI, URI... and edition: " + ", ".join(IDENTIFIED_EDITIONS)
                       + ")", line)
        return None
    scheme = scheme_name(written)
    if scheme is None:
        fields.problem("identifier", f"scheme {written!r} of {text!r} is not one pandoc knows "
                       "(ISBN-13, ISBN-10, UUID, DOI, URI, URN, LCCN, OCLC, ...)",
                       where.get("scheme", line))
        return None
    if edition is not None and edition not in IDENTIFIED_EDITIONS:
        fields.problem("identifier", f"edition {edition!r} of {text!r} is not one with an "
                       "identifier of its own (" + ", ".join(IDENTIFIED_EDITIONS)
                       + "; leave it out for the book's)", where.get("edition", line))
        return None
    try:
        value = checked_value(scheme, text, written, edition)
    except InvalidIdentifier as error:
        fields.problem("identifier", str(error), where.get("text", line))
        return None
    return Identifier(scheme, value, edition)


def check_identifiers(fields: FieldReader, found: list[Identifier],
                      lines: list[int | None]) -> None:
    """One identifier per edition, none twice, and one for the book as a whole: each
    edition's falls back on the book's, and the print one is derived from it."""
    editions: set[str] = set()
    values: set[str] = set()
    for identifier, line in zip(found, lines, strict=True):
        if identifier.edition in editions:
            fields.problem("identifier", f"a second identifier for the {identifier.edition} "
                           f"edition ({identifier.value}); each edition has one", line)
        if identifier.urn in values:
            fields.problem("identifier", f"{identifier.value} is listed twice; each edition "
                           "(and the book) has an identifier of its own", line)
        editions |= {identifier.edition} if identifier.edition else set()
        values.add(identifier.urn)
    if found and all(identifier.edition is not None for identifier in found):
        fields.problem("identifier", "no identifier for the book as a whole, only for its "
                       "editions: add one without edition: (e.g. urn:uuid:...), which stays "
                       "the same whatever the format")
