"""What the title and copyright pages say, decided once so every edition says the same, in the
book's language (phrases.py)."""

from __future__ import annotations

from dataclasses import dataclass

from publish.book.phrases import Phrases, phrases_of
from publish.source.identifiers import isbn_as_printed
from publish.source.metadata import Identifier, Metadata

# Schemes a copyright page names before the number; any other is printed as its URN or URI.
SCHEME_LABELS = {"isbn": "ISBN", "doi": "DOI", "lccn": "LCCN", "oclc": "OCLC"}
# Contributors a title page names, by their MARC relator code, with the phrase it names them by.
CREDITS = {"edt": "edited-by", "trl": "translated-by", "ill": "illustrated-by",
           "aui": "introduced-by", "aft": "afterword-by", "com": "compiled-by"}


@dataclass(frozen=True)
class ImprintLine:
    label: str  # what the line is, for editions that label it (the text header's "Source")
    value: str  # the bare fact, printed after its label
    text: str  # the sentence a copyright page prints


def imprint(metadata: Metadata) -> tuple[ImprintLine, ...]:
    """The copyright page, line by line, in the order it is printed: where the text was first
    published, this edition's date and publisher, its rights and its identifiers."""
    say = phrases_of(metadata)
    lines = []
    if metadata.source:
        lines.append(ImprintLine(say.say("label-source"), metadata.source,
                                 say.say("first-published", source=metadata.source)))
    publisher = metadata.publisher
    if metadata.republished:
        when = say.date(metadata.republished)
        value = (say.say("header-republished-by", date=when, publisher=publisher) if publisher
                 else when)
        text = (say.dated("republished-by", metadata.republished, publisher=publisher)
                if publisher else say.dated("republished", metadata.republished))
        lines.append(ImprintLine(say.say("label-republished"), value, text))
    elif publisher or metadata.date:
        date = metadata.date
        if publisher and date:
            value = say.say("header-published-by-on", publisher=publisher, date=say.date(date))
            text = say.dated("published-by-on", date, publisher=publisher)
        elif date:
            value, text = say.date(date), say.dated("published", date)
        else:
            value, text = str(publisher), say.say("published-by", publisher=str(publisher))
        lines.append(ImprintLine(say.say("label-published"), value, text))
    if metadata.source_url:
        lines.append(ImprintLine(say.say("label-archived"), metadata.source_url,
                                 metadata.source_url))
    if metadata.rights:
        lines.append(ImprintLine(say.say("label-rights"), metadata.rights, metadata.rights))
    # The editions' own (their ISBNs) first, as publishers print them, then the book's. Only
    # the identifiers the metadata lists: a print identifier derived for the EPUB's page list
    # (Metadata.print_identifier) names no product anyone can order, so it is not printed.
    own = [identifier for identifier in metadata.identifiers if identifier.edition is not None]
    book = [identifier for identifier in metadata.identifiers if identifier.edition is None]
    lines += [identifier_line(identifier, say) for identifier in own + book
              if printed(identifier)]
    return tuple(lines)


def printed(identifier: Identifier) -> bool:
    """Whether a page prints it: a UUID tells a reader nothing, and stays in the files' data."""
    return identifier.scheme != "uuid"


def identifier_line(identifier: Identifier, say: Phrases) -> ImprintLine:
    """An identifier as publishers print it: "ISBN 978-… (paperback)", hyphenated by the ISBN
    agency's ranges, or a URN alone; an edition's own is named by the edition, in the book's
    language."""
    scheme = SCHEME_LABELS.get(identifier.scheme)
    value = (isbn_as_printed(identifier.value) if identifier.scheme == "isbn"
             else identifier.value if scheme else identifier.urn)
    text = f"{scheme} {value}" if scheme else value
    label = scheme or say.say("label-identifier")
    if identifier.edition is not None:
        edition = say.say(f"edition-{identifier.edition}")
        text = say.say("identifier-of-edition", identifier=text, edition=edition)
        label = say.say("identifier-of-edition", identifier=label, edition=edition)
    return ImprintLine(label, value, text)


def byline(metadata: Metadata) -> str:
    """The creators as the title page names them."""
    return phrases_of(metadata).names([creator.name for creator in metadata.creators])


def credits(metadata: Metadata) -> tuple[str, ...]:
    """The contributors a title page names, by role: "Translated by Margaret Hunt"."""
    say = phrases_of(metadata)
    roles = list(dict.fromkeys(person.role for person in metadata.contributors
                               if person.role in CREDITS))
    return tuple(say.say(CREDITS[role], names=say.names(
        [person.name for person in metadata.contributors if person.role == role]))
        for role in roles)


def title_page(metadata: Metadata) -> tuple[tuple[str, str], ...]:
    """The title page, line by line: (what the line is, its text). What each line is (title,
    subtitle, byline, credit, publisher) is also its class in every edition's stylesheet."""
    lines = [("title", metadata.title)]
    if metadata.subtitle:
        lines.append(("subtitle", metadata.subtitle))
    lines.append(("byline", byline(metadata)))
    lines += [("credit", credit) for credit in credits(metadata)]
    if metadata.publisher:
        lines.append(("publisher", metadata.publisher))
    return tuple(lines)
