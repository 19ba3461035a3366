"""Reading metadata.yaml's `accessibility:` block: whether to claim conformance, who certifies
the claim, and an exemption to declare; every problem at its key's line.

A claim needs what it names, which only metadata can give and nothing may invent: a certifier
(the publisher, unless the block names another) and the print edition's ISBN, which the EPUB's
page list is taken from (EPUB Accessibility 1.1 asks for its `pageBreakSource`).
"""

from __future__ import annotations

import re
from typing import Any, Protocol

from publish.source.metadata import EXEMPTIONS, Accessibility, Identifier

KEYS = ("claim", "certifier", "certifier-credential", "certifier-report", "exemption")
WEB_ADDRESS = re.compile(r"^https?://\S+$")


class FieldReader(Protocol):
    """What the block is read through (metadata_reader.FieldReader)."""

    data: dict[str, Any]

    def entries(self, field: str) -> list[tuple[object, dict[str | None, int]]]: ...
    def problem(self, field: str, message: str, line: int | None = None) -> None: ...


def read_accessibility(fields: FieldReader, publisher: str | None,
                       identifiers: tuple[Identifier, ...]) -> Accessibility:
    if fields.data.get("accessibility") is None:
        return Accessibility()
    (block, lines), = fields.entries("accessibility")
    if not isinstance(block, dict):
        fields.problem("accessibility", "must be a block of fields: " + ", ".join(KEYS))
        return Accessibility()
    for key in block:
        if key not in KEYS:
            fields.problem("accessibility", f"unknown field {key!r} (known: "
                           + ", ".join(KEYS) + ")", lines.get(str(key)))
    texts: dict[str, str | None] = {}
    for key in KEYS[1:]:
        value = block.get(key)
        if value is not None and (not isinstance(value, str) or not value.strip()):
            fields.problem("accessibility", f"{key} must be non-empty text", lines.get(key))
            value = None
        texts[key] = " ".join(value.split()) if isinstance(value, str) else None
    claim = block.get("claim", False)
    if not isinstance(claim, bool):
        fields.problem("accessibility", f"claim is yes or no, not {claim!r}", lines.get("claim"))
        claim = False
    exemption = texts["exemption"]
    if exemption is not None and exemption not in EXEMPTIONS:
        fields.problem("accessibility", f"exemption {exemption!r} is none of the European "
                       "Accessibility Act's: " + ", ".join(EXEMPTIONS), lines.get("exemption"))
        exemption = None
    report = texts["certifier-report"]
    if report is not None and not WEB_ADDRESS.match(report):
        fields.problem("accessibility", f"certifier-report {report!r} is not a web address "
                       "(https://...) where the certifier's report is published",
                       lines.get("certifier-report"))
    certifier = texts["certifier"] or publisher
    if claim and certifier is None:
        fields.problem("accessibility", "a conformance claim names who certifies it: set "
                       "publisher, or certifier in this block", lines.get("claim"))
    print_isbns = [found for found in identifiers
                   if found.edition == "print" and found.scheme == "isbn"]
    if claim and not print_isbns:
        fields.problem("accessibility", "a conformance claim names the print edition the "
                       "EPUB's page numbers come from: add its ISBN to identifier, with "
                       "edition: print", lines.get("claim"))
    return Accessibility(claim=claim, certifier=certifier, credential=texts[
        "certifier-credential"], report=report, exemption=exemption)
