"""The conformance claim written into a built EPUB's package, once the evidence holds.

The claim is the last thing said of the EPUB, after EPUBCheck and Ace have read it (certify.py),
so it is added to the built bytes rather than rendered with them: the package document gains
its claim, its certifier and the certifier's credential and report (EPUB Accessibility 1.1,
§ Conformance reporting), every other entry of the zip is copied as it was, in its order, with
its date, so the same EPUB and claim give the same bytes.
"""

from __future__ import annotations

import io
import zipfile
from xml.sax.saxutils import escape, quoteattr

from lxml import etree

from publish.source.metadata import Accessibility

# The claim EPUB Accessibility 1.1 defines for WCAG 2.2 at Level AA, in exactly these words:
# the stores and the Display Guide read it as text.
CONFORMANCE = "EPUB Accessibility 1.1 - WCAG 2.2 Level AA"
METADATA_END = b"</metadata>"
CONTAINER = {"c": "urn:oasis:names:tc:opendocument:xmlns:container"}


def claim_metadata(accessibility: Accessibility) -> list[tuple[str, str]]:
    """The claim's properties and their values, as the package states them."""
    stated = [("dcterms:conformsTo", CONFORMANCE), ("a11y:certifiedBy",
                                                    accessibility.certifier or "")]
    if accessibility.credential:
        stated.append(("a11y:certifierCredential", accessibility.credential))
    if accessibility.report:
        stated.append(("a11y:certifierReport", accessibility.report))
    return stated


def with_claim(epub: bytes, accessibility: Accessibility) -> bytes:
    """The EPUB with the claim stated in its package document."""
    lines = []
    for prop, value in claim_metadata(accessibility):
        if prop == "a11y:certifierReport":  # a link to a resource, not a value (§ 2.4.3)
            lines.append(f'<link rel="{prop}" refines="#certifier" href={quoteattr(value)}/>')
        elif prop == "a11y:certifierCredential":
            lines.append(f'<meta property="{prop}" refines="#certifier">{escape(value)}</meta>')
        else:
            name = "certifier" if prop == "a11y:certifiedBy" else "conformance"
            lines.append(f'<meta property="{prop}" id="{name}">{escape(value)}</meta>')
    stated = "".join(f"  {line}\n  " for line in lines).encode("utf-8")
    source = zipfile.ZipFile(io.BytesIO(epub))
    package_path = package_name(source)
    output = io.BytesIO()
    with source, zipfile.ZipFile(output, "w") as claimed:
        for entry in source.infolist():
            data = source.read(entry)
            if entry.filename == package_path:
                data = data.replace(METADATA_END, stated + METADATA_END, 1)
            claimed.writestr(entry, data, compress_type=entry.compress_type,
                             compresslevel=9 if entry.compress_type else None)
    return output.getvalue()


def package_name(archive: zipfile.ZipFile) -> str:
    """The package document's path, as META-INF/container.xml gives it."""
    container = etree.fromstring(archive.read("META-INF/container.xml"))
    rootfile = container.find(".//c:rootfile", CONTAINER)
    return str(rootfile.get("full-path")) if rootfile is not None else ""
