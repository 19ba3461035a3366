"""The book's metadata: manuscript/metadata.yaml and the YAML blocks that open chapter files,
merged and validated all at once.

Field names follow pandoc's (title, subtitle, creator/author, contributor, publisher, lang,
dir, date, rights, identifier, description, subject, cover-image), so the same files serve
pandoc too, and a pandoc user's manuscript (one Markdown file opening with a YAML block) reads
as it is. Fields pandoc lacks are named in its style: republished, source, source-url,
modified, trim, price, prices, accessibility, print-cover. A field may be set in one
place only; set in two, it is an error at the second place, unless both say the same.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from dataclasses import dataclass
from pathlib import Path

from publish.settings import Trim
from publish.source.price import EditionPrice, Price

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
    "title", "subtitle", "creator", "author", "contributor", "publisher", "lang", "dir", "date",
    "republished", "modified", "source", "source-url", "rights", "identifier", "description",
    "subject", "cover-image", "trim", "phrases", "toc-title", "quotation-marks", "price",
    "prices", "accessibility", "print-cover",
}
# Fields of a chapter file's opening block that belong to the chapter, not the book.
CHAPTER_FIELDS = ("role", "running-head", "lint-allow")
# pandoc's settings for its own LaTeX and HTML templates, which a pandoc user's YAML block may
# hold: they say how pandoc lays a document out, not what the book is, so they are let be.
PANDOC_TEMPLATE_FIELDS = {
    "toc", "toc-depth", "numbersections", "documentclass", "classoption",
    "geometry", "papersize", "fontsize", "mainfont", "sansfont", "monofont", "mathfont",
    "linestretch", "header-includes", "include-before", "include-after", "colorlinks",
    "linkcolor", "urlcolor", "css", "margin-left", "margin-right", "margin-top",
    "margin-bottom", "keywords", "lof", "lot", "pagestyle", "indent", "secnumdepth",
}
# Scripts written right to left (ISO 15924), and languages whose usual script is one of them.
RTL_SCRIPTS = {"Arab", "Aran", "Hebr", "Syrc", "Syre", "Syrj", "Syrn", "Thaa", "Nkoo", "Adlm",
               "Rohg", "Samr", "Mand", "Mend", "Yezi"}
RTL_LANGUAGES = {"ar", "he", "fa", "ur", "yi", "ps", "sd", "ug", "ckb", "dv", "syr", "arc",
                 "iw", "ji"}
# Tags that do not say a direction without a script subtag: languages written in scripts of
# both directions (Azerbaijani, Kurdish, Punjabi, Kashmiri, Ladino), and the codes for no one
# language (undetermined, several, none, uncoded, and the private-use qaa-qtz); so do the
# script codes for no one script.
EITHER_DIRECTION = {"az", "ku", "pa", "ks", "lad", "und", "mul", "zxx", "mis"}
NO_SCRIPT = {"Zyyy", "Zinh", "Zxxx", "Zzzz", "Zmth", "Zsym", "Zsye"}
# BCP 47, the shapes books use: language, optional script, optional region, optional variants.
BCP47 = re.compile(r"^[a-z]{2,3}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?(-[0-9A-Za-z]{5,8})*$")
W3CDTF = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
# The editions an identifier may name as its own (`edition:`), each a product with its own
# ISBN: the printed book, the EPUB, the screen PDF (the pdf-digital edition).
IDENTIFIED_EDITIONS = ("print", "epub", "digital")


def language_direction(lang: str) -> str | None:
    """rtl or ltr, as a BCP 47 tag's script is written, else its language (he, ar-EG and
    ar-Arab are rtl, en and ar-Latn ltr); None where the tag does not say (above), or is none."""
    parts = lang.replace("_", "-").split("-")
    language = parts[0].lower()
    script = ""
    for part in parts[1:]:
        if part.lower() == "x":  # private-use subtags follow: none of them is a script
            break
        if len(part) == 4 and part.isalpha():
            script = part.title()
            break
    if script:
        return None if script in NO_SCRIPT else "rtl" if script in RTL_SCRIPTS else "ltr"
    private = len(language) == 3 and "qaa" <= language <= "qtz"
    if not language.isalpha() or language in EITHER_DIRECTION or private:
        return None
    return "rtl" if language in RTL_LANGUAGES else "ltr"


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


# The exemptions from the European Accessibility Act an e-book may declare (EPUB Accessibility
# 1.1's a11y:exemption values for the EAA): a micro-enterprise's, a disproportionate burden,
# a fundamental alteration of the work.
EXEMPTIONS = ("eaa-microenterprise", "eaa-disproportionate-burden", "eaa-fundamental-alteration")


@dataclass(frozen=True)
class Accessibility:
    """What metadata.yaml's `accessibility:` asks of the EPUB: a conformance claim (made only
    where the evidence holds, certify.py), who certifies it, and an exemption to declare."""

    claim: bool = False
    certifier: str | None = None  # who vouches for the claim: the publisher unless named
    credential: str | None = None  # the certifier's credential, where it has one
    report: str | None = None  # the address of the certifier's published report
    exemption: str | None = None  # one of EXEMPTIONS


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
    dir: str = "ltr"  # the book's direction: "rtl" for Hebrew, Arabic...; from lang unless set
    # The words the build adds, as the book wants them (book/phrases.py): (key, text) pairs.
    phrases: tuple[tuple[str, str], ...] = ()
    # The publisher's quotation marks for the book's language ("»«›‹"), or "" for CLDR's.
    quotation_marks: str = ""
    price: Price | None = None  # the suggested retail price, for the barcode's add-on
    accessibility: Accessibility = Accessibility()
    prices: tuple[EditionPrice, ...] = ()  # the editions' prices for the trade (ONIX)
    # Where each field was set, (field, file, line), and ("", metadata.yaml, None) for a field
    # no file sets: an edition that finds a field wanting (ONIX) reports it at its line.
    places: tuple[tuple[str, Path, int | None], ...] = ()
    # The publisher's whole print wrap (back, spine, front), a PDF or an image, printed as it
    # is instead of the wrap the build draws (cover/artwork.py, cover/publisher_wrap.py).
    print_cover: str | None = None

    def place(self, field: str) -> tuple[Path | None, int | None]:
        """The file and line where the field is set, else metadata.yaml's, for a finding."""
        found = {name: (path, line) for name, path, line in self.places}
        return found.get(field, found.get("", (None, None)))

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


@dataclass(frozen=True)
class MetadataSource:
    """A YAML text holding metadata: manuscript/metadata.yaml, or a block opening a chapter."""

    shown_as: Path  # as the author knows it, for messages
    text: str
    first_line: int = 1  # the line of the file where the text begins
