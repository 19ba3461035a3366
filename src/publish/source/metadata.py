"""The book's metadata: loaded from manuscript/metadata.yaml, validated all at once.

Field names follow pandoc's (title, subtitle, creator/author, contributor, publisher, lang,
date, rights, identifier, description, subject), so the same file serves pandoc too. Fields
pandoc lacks are named in its style: republished, source, source-url, modified.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from publish.errors import PublishError
from publish.settings import Trim, parse_trim
from publish.source.identifiers import (
    InvalidIdentifier,
    checked_value,
    inferred_scheme,
    scheme_name,
)
from publish.source.text_file import read_text

# MARC relator codes for the roles a book's title page names; pandoc accepts either form.
RELATORS = {
    "author": "aut",
    "editor": "edt",
    "translator": "trl",
    "illustrator": "ill",
    "contributor": "ctb",
    "introduction": "aui",
    "foreword": "aui",
    "afterword": "aft",
    "compiler": "com",
    "narrator": "nrt",
    "publisher": "pbl",
}
KNOWN_FIELDS = {
    "title", "subtitle", "creator", "author", "contributor", "publisher", "lang", "date",
    "republished", "modified", "source", "source-url", "rights", "identifier", "description",
    "subject", "cover-image", "trim",
}
# BCP 47, the shapes books use: language, optional script, optional region, optional variants.
BCP47 = re.compile(r"^[a-z]{2,3}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?(-[0-9A-Za-z]{5,8})*$")
W3CDTF = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
# The editions an identifier may name as its own (`edition:`), each a product with its own
# ISBN: the printed book, the EPUB, the screen PDF (the pdf-digital edition).
IDENTIFIED_EDITIONS = ("print", "epub", "digital")


@dataclass(frozen=True)
class Creator:
    name: str
    role: str  # a MARC relator code, e.g. "aut"
    file_as: str


@dataclass(frozen=True)
class Identifier:
    scheme: str  # "uuid", "isbn", "doi", "uri", ...
    value: str
    edition: str | None = None  # one of IDENTIFIED_EDITIONS for its own (ISBN); None: the book

    @property
    def urn(self) -> str:
        """The identifier as a URN or URI, the form EPUB's dc:identifier wants."""
        if re.match(r"^[a-z][a-z0-9+.-]*:", self.value):
            return self.value
        if self.scheme == "isbn":
            return "urn:isbn:" + self.value.replace("-", "").replace(" ", "")
        if self.scheme == "uuid":
            return "urn:uuid:" + self.value
        return self.value


@dataclass(frozen=True)
class Metadata:
    title: str
    subtitle: str | None
    creators: tuple[Creator, ...]
    contributors: tuple[Creator, ...]
    publisher: str | None
    lang: str
    date: str | None  # first publication, W3CDTF (YYYY, YYYY-MM or YYYY-MM-DD)
    republished: str | None
    modified: dt.datetime  # UTC; the build's timestamp, fixed so builds are reproducible
    source: str | None
    source_url: str | None
    rights: str | None
    identifiers: tuple[Identifier, ...]
    description: str | None
    subjects: tuple[str, ...]
    cover_image: str | None
    trim: Trim | None  # the book's print trim; `publish build --trim` overrides it

    @property
    def identifier(self) -> Identifier:
        """The book's primary identifier: the first one listed for the book as a whole."""
        return next((found for found in self.identifiers if found.edition is None),
                    self.identifiers[0])

    def edition_identifier(self, edition: str) -> Identifier:
        """One edition's own identifier (its ISBN, say), or the book's when it has none."""
        return next((found for found in self.identifiers if found.edition == edition),
                    self.identifier)

    @property
    def print_identifier(self) -> Identifier:
        """The printed book's identifier: its own, or one derived from the book's, so that the
        EPUB can name its page source without naming itself (EPUB Accessibility 1.1)."""
        explicit = self.edition_identifier("print")
        if explicit.edition == "print":
            return explicit
        derived = uuid.uuid5(uuid.NAMESPACE_URL, f"{self.identifier.urn}#print")
        return Identifier("uuid", str(derived), "print")

    @property
    def authors(self) -> str:
        """The creators' names as a title page sets them."""
        names = [creator.name for creator in self.creators]
        if len(names) <= 2:
            return " and ".join(names)
        return ", ".join(names[:-1]) + " and " + names[-1]


def load_metadata(path: Path, shown_as: Path) -> Metadata:
    """Read and validate the metadata file, reporting every problem together."""
    if not path.is_file():
        raise PublishError("metadata file is missing (create it with title, creator and lang)",
                           shown_as)
    text = read_text(path, shown_as)
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(error, "problem", None) or "not valid YAML"
        raise PublishError(f"invalid YAML: {problem}", shown_as, line) from None
    if not isinstance(data, dict) or root is None:
        raise PublishError("metadata must be a YAML mapping of fields (title: ..., lang: ...)",
                           shown_as, 1)
    lines = {key.value: key.start_mark.line + 1 for key, _ in root.value}
    nodes = {key.value: node for key, node in root.value}
    return _Validator(data, lines, shown_as, nodes).metadata()


class _Validator:
    """Turns the loaded YAML into Metadata, collecting problems instead of stopping at one."""

    def __init__(self, data: dict[str, Any], lines: dict[str, int], path: Path,
                 nodes: dict[str, yaml.Node] | None = None) -> None:
        self.data = data
        self.lines = lines
        self.path = path
        self.nodes = nodes or {}
        self.problems: list[PublishError] = []

    def problem(self, field: str, message: str, line: int | None = None) -> None:
        self.problems.append(PublishError(f"{field}: {message}", self.path,
                                          line or self.lines.get(field)))

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
                        if isinstance(entry.get(key.value), (int, float)):
                            entry[key.value] = child.value
            elif isinstance(item, yaml.ScalarNode) and isinstance(entry, (int, float)):
                entry = item.value
            found.append((entry, lines))
        return found

    def text(self, field: str, *, required: bool = False) -> str | None:
        value = self.data.get(field)
        if value is None:
            if required:
                self.problems.append(
                    PublishError(f"{field}: missing (a required field)", self.path)
                )
            return None
        if isinstance(value, (dt.date, int, float)) and not isinstance(value, bool):
            value = str(value.isoformat() if isinstance(value, dt.date) else value)
        if not isinstance(value, str) or not value.strip():
            self.problem(field, "must be non-empty text")
            return None
        return " ".join(value.split())

    def date(self, field: str) -> str | None:
        value = self.text(field)
        if value is not None and not W3CDTF.match(value):
            self.problem(field, f"{value!r} is not a date as YYYY, YYYY-MM or YYYY-MM-DD")
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

    def identifiers(self) -> tuple[Identifier, ...]:
        value = self.data.get("identifier")
        if value is None:
            self.problems.append(PublishError(
                "identifier: missing (a stable identifier such as an ISBN or urn:uuid:...; "
                "never generated at build time, so rebuilds keep it)", self.path))
            return ()
        found: list[Identifier] = []
        lines: list[int | None] = []
        for entry, where in self.entries("identifier"):
            identifier = self.identifier(entry, where)
            if identifier is not None:
                found.append(identifier)
                lines.append(where.get("text", where.get(None)))
        self.check_identifiers(found, lines)
        return tuple(found)

    def identifier(self, entry: object, where: dict[str | None, int]) -> Identifier | None:
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
            self.problem("identifier", "each entry needs text: VALUE (and optionally scheme: "
                         "ISBN, UUID, DOI, URI... and edition: " + ", ".join(IDENTIFIED_EDITIONS)
                         + ")", line)
            return None
        scheme = scheme_name(written)
        if scheme is None:
            self.problem("identifier", f"scheme {written!r} of {text!r} is not one pandoc knows "
                         "(ISBN-13, ISBN-10, UUID, DOI, URI, URN, LCCN, OCLC, ...)",
                         where.get("scheme", line))
            return None
        if edition is not None and edition not in IDENTIFIED_EDITIONS:
            self.problem("identifier", f"edition {edition!r} of {text!r} is not one with an "
                         "identifier of its own (" + ", ".join(IDENTIFIED_EDITIONS)
                         + "; leave it out for the book's)", where.get("edition", line))
            return None
        try:
            value = checked_value(scheme, text, written)
        except InvalidIdentifier as error:
            self.problem("identifier", str(error), where.get("text", line))
            return None
        return Identifier(scheme, value, edition)

    def check_identifiers(self, found: list[Identifier], lines: list[int | None]) -> None:
        """One identifier per edition, none twice, and one for the book as a whole: each
        edition's falls back on the book's, and the print one is derived from it."""
        editions: set[str] = set()
        values: set[str] = set()
        for identifier, line in zip(found, lines, strict=True):
            if identifier.edition in editions:
                self.problem("identifier", f"a second identifier for the {identifier.edition} "
                             f"edition ({identifier.value}); each edition has one", line)
            if identifier.urn in values:
                self.problem("identifier", f"{identifier.value} is listed twice; each edition "
                             "(and the book) has an identifier of its own", line)
            editions |= {identifier.edition} if identifier.edition else set()
            values.add(identifier.urn)
        if found and all(identifier.edition is not None for identifier in found):
            self.problem("identifier", "no identifier for the book as a whole, only for its "
                         "editions: add one without edition: (e.g. urn:uuid:...), which stays "
                         "the same whatever the format")

    def trim(self) -> Trim | None:
        """The book's trim, by the names and sizes `publish build --trim` takes."""
        value = self.text("trim")
        if value is None:
            return None
        try:
            return parse_trim(value)
        except PublishError as error:
            self.problem("trim", error.message)
            return None

    def subjects(self) -> tuple[str, ...]:
        value = self.data.get("subject")
        if value is None:
            return ()
        entries = value if isinstance(value, list) else [value]
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
            if field not in KNOWN_FIELDS:
                self.problem(str(field), "unknown field (known: " + ", ".join(sorted(KNOWN_FIELDS))
                             + ")")
        title = self.text("title", required=True)
        lang = self.text("lang", required=True)
        if lang is not None and not BCP47.match(lang):
            self.problem("lang", f"{lang!r} is not a BCP 47 language tag such as en-GB or fr")
        creators = self.people("creator", "aut") + self.people("author", "aut")
        if not creators:
            self.problems.append(PublishError(
                "creator: missing (at least one creator, e.g. `- text: NAME` with `role: author`)",
                self.path))
        date = self.date("date")
        republished = self.date("republished")
        metadata = Metadata(
            title=title or "",
            subtitle=self.text("subtitle"),
            creators=creators,
            contributors=self.people("contributor", "ctb"),
            publisher=self.text("publisher"),
            lang=lang or "",
            date=date,
            republished=republished,
            modified=self.modified([date, republished]),
            source=self.text("source"),
            source_url=self.text("source-url"),
            rights=self.text("rights"),
            identifiers=self.identifiers(),
            description=self.text("description"),
            subjects=self.subjects(),
            cover_image=self.text("cover-image"),
            trim=self.trim(),
        )
        if self.problems:
            raise PublishError.collect(self.problems)
        return metadata
