"""What a Word file says about itself (docProps/core.xml, the Dublin Core its File > Properties
dialog writes), as metadata.yaml's fields: title, creator, date, subject, description and
language. mammoth reads only the document's body, so this part is read here."""

from __future__ import annotations

import re
import zipfile

from lxml import etree

from publish.imports.imported import Change, ChangeKind

CORE = "docProps/core.xml"
NAMESPACES = {
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "dc": "http://purl.org/dc/elements/1.1/",
    "dcterms": "http://purl.org/dc/terms/",
}
# metadata.yaml's field, and the core property it is read from.
FIELDS = (("title", "dc:title"), ("creator", "dc:creator"), ("date", "dcterms:created"),
          ("description", "dc:description"), ("subject", "dc:subject"),
          ("subject", "cp:keywords"), ("lang", "dc:language"))
DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})")
LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")
KEYWORDS = re.compile(r"\s*[,;]\s*")


def core_properties(archive: zipfile.ZipFile, name: str
                    ) -> tuple[dict[str, object], tuple[Change, ...]]:
    """metadata.yaml's fields from the file's core properties, each logged with its source
    (`name` is the Word file's, for the log)."""
    if CORE not in archive.namelist():
        return {}, ()
    try:
        root = etree.fromstring(archive.read(CORE), etree.XMLParser(resolve_entities=False))
    except etree.XMLSyntaxError:
        return {}, (Change(ChangeKind.FINDING, f"{name}: {CORE}", "the file's properties "
                           "could not be read (damaged XML): no metadata taken from them"),)
    fields: dict[str, object] = {}
    changes = []
    for field, property_ in FIELDS:
        found = root.find(property_, NAMESPACES)
        value = " ".join((found.text or "").split()) if found is not None else ""
        made = field_value(field, value)
        if made is None:
            continue
        if field == "subject":
            made = [*list_of(fields.get("subject")), *list_of(made)]
        fields[field] = made
        changes.append(Change(ChangeKind.GUESSED, f"{name}: {CORE}",
                              f"metadata.yaml's {field}, from the file's {property_}", value))
    return fields, tuple(changes)


def field_value(field: str, value: str) -> object | None:
    """The value as metadata.yaml writes the field, or None where there is none fit."""
    if not value:
        return None
    if field == "creator":
        return [{"text": value, "role": "author"}]
    if field == "date":
        found = DATE.match(value)
        return found[1] if found else None
    if field == "subject":
        return [word for word in KEYWORDS.split(value) if word]
    if field == "lang":
        return value if LANGUAGE.match(value) else None
    return value


def list_of(value: object) -> list[object]:
    return list(value) if isinstance(value, list) else []
