"""The EPUB package's metadata: Dublin Core, creators with their roles, each edition's own
identifier, the print edition it takes its page numbers from, accessibility claims, and the
version Apple Books wants."""

from __future__ import annotations

import datetime as dt

from ebooklib import epub

from publish.source.metadata import Creator, Metadata

# Apple Books' vocabulary: EPUBCheck accepts a property in it once the package declares the
# prefix (it reserves no "ibooks:" of its own).
APPLE_PREFIX = ("ibooks",
                "http://vocabulary.itunes.apple.com/rdf/ibooks/vocabulary-extensions-1.0/")


def describe(package: epub.EpubBook, metadata: Metadata,
             accessibility: list[tuple[str, str]]) -> None:
    """The package metadata: Dublin Core, creators with roles, and what the EPUB declares of
    its accessibility (accessibility.py's declared)."""
    package.IDENTIFIER_ID = "pub-id"
    own = metadata.edition_identifier("epub")
    package.set_identifier(own.urn)
    others = [found for found in metadata.identifiers
              if found != own and found.edition in (None, "epub")]
    for number, identifier in enumerate(others, start=2):
        package.add_metadata("DC", "identifier", identifier.urn, {"id": f"identifier-{number}"})
    # The print edition the page-break markers come from (EPUB Accessibility 1.1). EPUBCheck
    # knows the property without a prefix and rejects it with "a11y:".
    package.add_metadata(None, "meta", metadata.print_identifier.urn,
                         {"property": "pageBreakSource"})
    package.title = metadata.title
    package.add_metadata("DC", "title", metadata.title, {"id": "title"})
    package.add_metadata(None, "meta", "main", {"refines": "#title", "property": "title-type"})
    if metadata.subtitle:
        package.add_metadata("DC", "title", metadata.subtitle, {"id": "subtitle"})
        package.add_metadata(None, "meta", "subtitle",
                             {"refines": "#subtitle", "property": "title-type"})
    package.set_language(metadata.lang)
    if metadata.dir == "rtl":  # the spine's page-progression-direction: it opens from the right
        package.set_direction("rtl")
    for number, creator in enumerate(metadata.creators, start=1):
        add_person(package, "creator", f"creator-{number}", creator)
    for number, contributor in enumerate(metadata.contributors, start=1):
        add_person(package, "contributor", f"contributor-{number}", contributor)
    optional = {"publisher": metadata.publisher, "date": metadata.republished or metadata.date,
                "rights": metadata.rights, "source": metadata.source,
                "description": metadata.description}
    for name, value in optional.items():
        if value:
            package.add_metadata("DC", name, value)
    if metadata.source_url:
        package.add_metadata("DC", "source", metadata.source_url)
    for subject in metadata.subjects:
        package.add_metadata("DC", "subject", subject)
    for prop, value in accessibility:
        package.add_metadata(None, "meta", value, {"property": prop})
    package.add_prefix(*APPLE_PREFIX)
    package.add_metadata(None, "meta", apple_version(metadata.modified),
                         {"property": "ibooks:version"})


def apple_version(modified: dt.datetime) -> str:
    """The book's version as Apple Books compares them (numbers and dots; an update must
    carry a higher one): the date of the text's last change, year.month.day, so that each
    revision the metadata (or SOURCE_DATE_EPOCH) dates later is a later version, and a
    rebuild of the same text is the same one."""
    day = modified.astimezone(dt.UTC)
    return f"{day.year}.{day.month}.{day.day}"


def add_person(package: epub.EpubBook, element: str, uid: str, person: Creator) -> None:
    """dc:creator or dc:contributor with its own id, its MARC role and its sort name."""
    package.add_metadata("DC", element, person.name, {"id": uid})
    package.add_metadata(None, "meta", person.role,
                         {"refines": "#" + uid, "property": "role", "scheme": "marc:relators"})
    package.add_metadata(None, "meta", person.file_as, {"refines": "#" + uid,
                                                        "property": "file-as"})
