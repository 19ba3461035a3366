"""Reading the metadata: the YAML of every source merged, then each field checked for its kind
(text, date, people, identifiers, trim...), every problem collected at its file and line rather
than the first one stopping the rest."""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import yaml

from publish.errors import PublishError
from publish.settings import parse_trim
from publish.source.accessibility_reader import read_accessibility
from publish.source.identifier_reader import read_identifiers
from publish.source.metadata import (
    BCP47,
    CHAPTER_FIELDS,
    KNOWN_FIELDS,
    PANDOC_TEMPLATE_FIELDS,
    RELATORS,
    W3CDTF,
    Creator,
    Metadata,
    MetadataSource,
    language_direction,
)
from publish.source.price import parse_price
from publish.source.prices_reader import read_prices
from publish.source.yaml_errors import yaml_problem

Parsed = TypeVar("Parsed")


def load_metadata(sources: Sequence[MetadataSource], missing_file: Path) -> Metadata:
    """Merge and validate the metadata of every source, reporting every problem together.

    `missing_file` is where a field that no source sets is reported (metadata.yaml).
    """
    data: dict[str, Any] = {}
    nodes: dict[str, yaml.Node] = {}
    where: dict[str, tuple[Path, int]] = {}
    problems: list[PublishError] = []
    for source in sources:
        fields, keys = parsed(source)
        for key, (node, value) in fields.items():
            if key in CHAPTER_FIELDS:
                continue  # the chapter's own (front_matter.py)
            line = keys[key]
            if key in where and data[key] != value:
                first, first_line = where[key]
                problems.append(PublishError(
                    f"M-001 {key}: also set at {first}:{first_line}, differently; set it in one "
                    "place", source.shown_as, line))
            elif key not in where:
                data[key], nodes[key], where[key] = value, node, (source.shown_as, line)
    return FieldReader(data, where, nodes, missing_file, problems).metadata()


class DatesAsText(yaml.SafeLoader):
    """YAML's safe loader with dates left as the text they are: YAML would turn 2025-02-30
    into a Python date and fail without a line; FieldReader.date() reports it at its field."""


DatesAsText.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers
            if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}


def parsed(source: MetadataSource) -> tuple[dict[str, tuple[yaml.Node, Any]], dict[str, int]]:
    """The source's fields, each with its YAML node and value, and the line of each key."""
    # Blank lines before the text make YAML's line numbers the file's.
    text = "\n" * (source.first_line - 1) + source.text
    try:
        root = yaml.compose(text, Loader=DatesAsText)
        data = yaml.load(text, Loader=DatesAsText)  # a SafeLoader: builds no objects
    except yaml.YAMLError as error:
        found = yaml_problem(error, text)
        raise PublishError(f"M-003 invalid YAML: {found.message}", source.shown_as,
                           found.line) from None
    if data is None:
        return {}, {}
    if not isinstance(data, dict) or not isinstance(root, yaml.MappingNode):
        raise PublishError("M-003 metadata must be a YAML mapping of fields (title: ..., "
                           "lang: ...)",
                           source.shown_as, source.first_line)
    fields = {str(key.value): (node, data.get(key.value)) for key, node in root.value}
    keys = {str(key.value): key.start_mark.line + 1 for key, _ in root.value}
    return fields, keys


class FieldReader:
    """Turns the loaded YAML into Metadata, collecting problems instead of stopping at one."""

    def __init__(self, data: dict[str, Any], where: dict[str, tuple[Path, int]],
                 nodes: dict[str, yaml.Node], missing_file: Path,
                 problems: list[PublishError]) -> None:
        self.data = data
        self.where = where  # each field's file and line
        self.nodes = nodes
        self.missing_file = missing_file  # where a field no file sets is reported
        self.problems = problems

    def problem(self, field: str, message: str, line: int | None = None) -> None:
        path, field_line = self.where.get(field, (self.missing_file, None))
        self.problems.append(PublishError(f"M-001 {field}: {message}", path,
                                          line or field_line))

    def missing(self, field: str, message: str) -> None:
        self.problems.append(PublishError(f"M-001 {field}: missing ({message})",
                                          self.missing_file))

    def entries(self, field: str) -> list[tuple[object, dict[str | None, int]]]:
        """A list field's entries, each with the line of each of its keys (None: the entry's
        own line), so a problem in one entry names that entry's line.

        A value YAML read as a number (an ISBN written without hyphens) comes back as it was
        written: YAML would drop its leading zero, or read it as octal.
        """
        value = self.data.get(field)
        values = value if isinstance(value, list) else [value]
        node = self.nodes.get(field)
        items = node.value if isinstance(node, yaml.SequenceNode) else [node]
        found: list[tuple[object, dict[str | None, int]]] = []
        for index, entry in enumerate(values):
            item = items[index] if index < len(items) else None
            lines: dict[str | None, int] = {}
            if isinstance(item, yaml.Node):
                lines[None] = item.start_mark.line + 1
            if isinstance(item, yaml.MappingNode) and isinstance(entry, dict):
                entry = dict(entry)
                for key, child in item.value:
                    if isinstance(key, yaml.ScalarNode) and isinstance(child, yaml.ScalarNode):
                        lines[key.value] = key.start_mark.line + 1
                        if is_number(entry.get(key.value)):
                            entry[key.value] = child.value
            elif isinstance(item, yaml.ScalarNode) and is_number(entry):
                entry = item.value
            found.append((entry, lines))
        return found

    def text(self, field: str, *, required: bool = False) -> str | None:
        value = self.data.get(field)
        if value is None:
            if required:
                self.missing(field, "a required field")
            return None
        if isinstance(value, (dt.date, int, float)) and not isinstance(value, bool):
            value = str(value.isoformat() if isinstance(value, dt.date) else value)
        if not isinstance(value, str) or not value.strip():
            self.problem(field, "must be non-empty text")
            return None
        return " ".join(value.split())

    def date(self, field: str) -> str | None:
        value = self.text(field)
        if value is not None and not (W3CDTF.match(value) and is_calendar_date(value)):
            self.problem(field, f"{value!r} is not a date as YYYY, YYYY-MM or YYYY-MM-DD "
                         "(a month 01-12, a day that month has)")
            return None
        return value

    def people(self, field: str, default_role: str) -> tuple[Creator, ...]:
        value = self.data.get(field)
        if value is None:
            return ()
        entries = value if isinstance(value, list) else [value]
        people: list[Creator] = []
        for entry in entries:
            if isinstance(entry, str) and entry.strip():
                people.append(Creator(entry.strip(), default_role, entry.strip()))
                continue
            if not isinstance(entry, dict) or not isinstance(entry.get("text"), str):
                self.problem(field, "each entry needs text: NAME (and optionally role, file-as)")
                continue
            name = entry["text"].strip()
            role = str(entry.get("role", default_role)).strip().lower()
            role = RELATORS.get(role, role)
            if not re.fullmatch(r"[a-z]{3}", role):
                self.problem(field, f"role {entry.get('role')!r} is neither a known role "
                             "(author, editor, translator, ...) nor a MARC relator code")
                continue
            people.append(Creator(name, role, str(entry.get("file-as", name)).strip()))
        return tuple(people)

    def language(self) -> str | None:
        """The book's BCP 47 tag, its subtags in their usual case (tags are case-insensitive)."""
        lang = self.text("lang", required=True)
        if lang is None:
            return None
        parts = lang.replace("_", "-").split("-")
        cased = "-".join([parts[0].lower()] + [
            part.title() if len(part) == 4 and part.isalpha() else
            part.upper() if len(part) == 2 else part for part in parts[1:]])
        if not BCP47.match(cased):
            self.problem("lang", f"{lang!r} is not a BCP 47 language tag such as en-GB or fr")
            return None
        return cased

    def direction(self, lang: str | None) -> str:
        """rtl or ltr: as the metadata's dir says, else as the language is written."""
        value = self.text("dir")
        if value is not None:
            if value.lower() in ("rtl", "ltr"):
                return value.lower()
            self.problem("dir", f"{value!r} is not a direction (rtl or ltr)")
        return language_direction(lang or "") or "ltr"

    def phrases(self) -> tuple[tuple[str, str], ...]:
        """The words the build adds that the book sets itself; pandoc's toc-title too."""
        value = self.data.get("phrases") or {}
        if not isinstance(value, dict) or not all(
                isinstance(text, str) and text.strip() for text in value.values()):
            self.problem("phrases", "must map phrase names to text (contents: Table, ...)")
            value = {}
        found = {str(key): " ".join(str(text).split()) for key, text in value.items()}
        title = self.text("toc-title")
        if title is not None:
            found.setdefault("contents", title)
        return tuple(sorted(found.items()))

    def quotation_marks(self) -> str:
        """The publisher's quotation marks for the book's language, outer then inner, opening
        then closing ("»«›‹"), where the language's own (CLDR's) are not the house's."""
        marks = "".join((self.text("quotation-marks") or "").split())
        if marks and (len(marks) != 4 or any(mark.isalnum() for mark in marks)):
            self.problem("quotation-marks", f"{marks!r}: give four marks, the opening and "
                         "closing ones and those of a quotation inside a quotation, as »«›‹")
            return ""
        return marks

    def read_as(self, field: str, parse: Callable[[str], Parsed]) -> Parsed | None:
        """A field whose text `parse` reads (a trim, a price), its complaint at the field."""
        value = self.text(field)
        try:
            return None if value is None else parse(value)
        except PublishError as error:
            self.problem(field, error.message)
            return None

    def subjects(self) -> tuple[str, ...]:
        value = self.data.get("subject")
        entries = [] if value is None else value if isinstance(value, list) else [value]
        if not all(isinstance(entry, str) and entry.strip() for entry in entries):
            self.problem("subject", "must be text or a list of texts")
            return ()
        return tuple(entry.strip() for entry in entries)

    def modified(self, dates: list[str | None]) -> dt.datetime:
        """SOURCE_DATE_EPOCH, else the metadata's modified, else its latest date: never now()."""
        epoch = os.environ.get("SOURCE_DATE_EPOCH")
        if epoch is not None and epoch.isdigit():
            return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
        value = self.data.get("modified")
        if isinstance(value, dt.datetime):
            return (value if value.tzinfo else value.replace(tzinfo=dt.UTC)).astimezone(dt.UTC)
        if isinstance(value, (dt.date, str)):
            try:
                parsed = dt.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
            except ValueError:
                self.problem("modified", f"{value!r} is not an ISO 8601 date or date-time")
            else:
                return (parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)).astimezone(
                    dt.UTC)
        known = sorted(date.ljust(10, "-").replace("--", "-01")[:10]
                       for date in dates if date is not None)
        if known:
            year, month, day = (int(part) for part in known[-1].split("-"))
            return dt.datetime(year, month, day, tzinfo=dt.UTC)
        return dt.datetime(1970, 1, 1, tzinfo=dt.UTC)

    def metadata(self) -> Metadata:
        for field in self.data:
            if field not in KNOWN_FIELDS | PANDOC_TEMPLATE_FIELDS:
                self.problem(str(field), "unknown field (known: " + ", ".join(sorted(KNOWN_FIELDS))
                             + ")")
        title = self.text("title", required=True)
        lang = self.language()
        creators = self.people("creator", "aut") + self.people("author", "aut")
        if not creators:
            self.missing("creator", "at least one creator, e.g. `- text: NAME` with "
                         "`role: author`, or pandoc's `author: NAME`")
        date = self.date("date")
        republished = self.date("republished")
        publisher = self.text("publisher")
        identifiers = read_identifiers(self)
        price = self.read_as("price", parse_price)
        places = [(field, path, line) for field, (path, line) in self.where.items()]
        metadata = Metadata(
            title=title or "",
            subtitle=self.text("subtitle"),
            creators=creators,
            contributors=self.people("contributor", "ctb"),
            publisher=publisher,
            lang=lang or "",
            date=date,
            republished=republished,
            modified=self.modified([date, republished]),
            source=self.text("source"),
            source_url=self.text("source-url"),
            rights=self.text("rights"),
            identifiers=identifiers,
            description=self.text("description"),
            subjects=self.subjects(),
            cover_image=self.text("cover-image"),
            trim=self.read_as("trim", parse_trim),
            dir=self.direction(lang),
            phrases=self.phrases(),
            quotation_marks=self.quotation_marks(),
            price=price,
            print_cover=self.text("print-cover"),
            prices=read_prices(self, identifiers, price),
            accessibility=read_accessibility(self, publisher, identifiers),
            places=(*places, ("", self.missing_file, None)),
        )
        if self.problems:
            raise PublishError.collect(self.problems)
        return metadata


def is_number(value: object) -> bool:
    """Whether YAML read the value as a number (yes and no, which it reads as True and False,
    are not: Python counts a bool as an int)."""
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def is_calendar_date(value: str) -> bool:
    """Whether YYYY, YYYY-MM or YYYY-MM-DD names a real month and day (not 2025-02-30)."""
    year, month, day = [*value.split("-"), "01", "01"][:3]
    try:
        dt.date(int(year), int(month), int(day))
    except ValueError:
        return False
    return True
