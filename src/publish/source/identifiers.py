"""Identifier schemes: pandoc's scheme names made one, and each value checked for its scheme.

metadata.yaml names a scheme the way pandoc's EPUB writer takes it (ISBN-13, ISBN-10, DOI,
URN, ...) or in lower case; either way it becomes one of a few names: isbn, uuid, doi, uri, or
pandoc's other ones in lower case. A value is checked as far as its scheme allows without a
registry: an ISBN's length, prefix and check digit (ISO 2108), a UUID's form, a DOI's "10."
prefix. An ISBN keeps the hyphens its author gave it. The printed book's ISBN is also printed
over its barcode, hyphenated where the International ISBN Agency's range tables put the hyphens
(isbnlib carries them); one those tables do not place must bring its hyphens from its author.
"""

from __future__ import annotations

import re
import uuid

import isbnlib  # type: ignore[import-untyped]  # ships no type information

# pandoc's identifier schemes (its EPUB writer's list), and the URN and UUID forms EPUB uses.
SCHEMES = {
    "isbn": "isbn", "isbn-10": "isbn", "isbn-13": "isbn", "uuid": "uuid", "doi": "doi",
    "uri": "uri", "urn": "uri", "url": "uri", "isbn-a": "isbn-a", "gtin-13": "gtin-13",
    "gtin-14": "gtin-14", "upc": "upc", "ismn-10": "ismn-10", "ismn-13": "ismn-13",
    "lccn": "lccn", "oclc": "oclc", "olcc": "olcc", "jp": "jp",
    "legal deposit number": "legal deposit number",
}
ISBN_PREFIX = re.compile(r"^(?:urn:isbn:|isbn(?:-1[03])?:?\s*)", re.IGNORECASE)
ISBN_SHAPE = re.compile(r"^[0-9]+(?:[- ][0-9]+)*(?:[- ]?[0-9X])?$")
UUID_PREFIX = re.compile(r"^urn:uuid:", re.IGNORECASE)
DOI = re.compile(r"^(?:doi:|https?://(?:dx\.)?doi\.org/)?10\.[0-9]{4,9}/\S+$", re.IGNORECASE)


class InvalidIdentifier(ValueError):
    """A value that cannot be what its scheme says; the message says why, for the author."""


def scheme_name(written: str) -> str | None:
    """The scheme as this program names it, or None when pandoc knows no such scheme."""
    return SCHEMES.get(" ".join(written.split()).lower())


def inferred_scheme(value: str) -> str:
    """The scheme a bare identifier's URN says it is in (urn:isbn:, urn:uuid:), else uri."""
    lowered = value.lower()
    if lowered.startswith("urn:isbn:"):
        return "isbn"
    if lowered.startswith("urn:uuid:"):
        return "uuid"
    return "uri"


def checked_value(scheme: str, value: str, written_scheme: str = "",
                  edition: str | None = None) -> str:
    """The value as the book keeps it, once it has passed its scheme's checks (for the print
    edition's ISBN, that it can be printed over the barcode).

    An ISBN loses any "urn:isbn:" or "ISBN" before it and keeps its hyphens (spaces become
    hyphens); other values are kept as written.
    """
    if scheme == "isbn":
        number = checked_isbn(value, written_scheme.lower())
        if edition == "print" and printed_isbn(number) is None:
            raise InvalidIdentifier(
                f"ISBN {value!r} is in no range the ISBN agency's tables know, so where the "
                "hyphens go in the line printed over its barcode is unknown: write it with the "
                "hyphens its agency gave it (five parts, as 978-0-306-40615-7)")
        return number
    if scheme == "uuid":
        try:
            uuid.UUID(UUID_PREFIX.sub("", value))
        except ValueError:
            raise InvalidIdentifier(f"{value!r} is not a UUID (32 hexadecimal digits, "
                                    "as urn:uuid:xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)") from None
    elif scheme == "doi" and not DOI.match(value):
        raise InvalidIdentifier(f"{value!r} is not a DOI (10.NNNN/suffix)")
    return value


def checked_isbn(value: str, written_scheme: str = "") -> str:
    """An ISBN-13 or ISBN-10, its length, its prefix and its check digit verified."""
    number = ISBN_PREFIX.sub("", value.strip()).upper()
    if not ISBN_SHAPE.match(number):
        raise InvalidIdentifier(f"ISBN {value!r} may hold only digits and hyphens "
                                "(and a final X in an ISBN-10)")
    digits = re.sub(r"[- ]", "", number)
    if len(digits) not in (10, 13):
        raise InvalidIdentifier(f"ISBN {value!r} has {len(digits)} digits; an ISBN has 13 "
                                "(or 10, before 2007)")
    if written_scheme in ("isbn-10", "isbn-13") and written_scheme != f"isbn-{len(digits)}":
        raise InvalidIdentifier(f"ISBN {value!r} has {len(digits)} digits, but its scheme "
                                f"says {written_scheme.upper()}")
    if len(digits) == 13 and not digits.startswith(("978", "979")):
        raise InvalidIdentifier(f"ISBN {value!r} does not begin with 978 or 979")
    if "X" in digits[:-1] or (len(digits) == 13 and digits.endswith("X")):
        raise InvalidIdentifier(f"ISBN {value!r} may have an X only as an ISBN-10's check digit")
    expected = check_digit(digits[:-1])
    if digits[-1] != expected:
        raise InvalidIdentifier(f"ISBN {value!r} has the check digit {digits[-1]}, but its "
                                f"other digits make it {expected}: a digit is wrong")
    parts = len(re.split(r"[- ]", number))
    if parts > 1 and parts != (5 if len(digits) == 13 else 4):
        raise InvalidIdentifier(
            f"ISBN {value!r} has {parts} parts; a hyphenated ISBN-{len(digits)} has "
            + ("5: prefix, group, publisher, title and check digit" if len(digits) == 13
               else "4: group, publisher, title and check digit"))
    return number.replace(" ", "-")


def check_digit(body: str) -> str:
    """The check digit for an ISBN's other 12 digits (weights 1 and 3, modulo 10) or 9 digits
    (weights 10 down to 2, modulo 11, where 10 is written X)."""
    if len(body) == 12:
        total = sum(int(digit) * (3 if index % 2 else 1) for index, digit in enumerate(body))
        return str(-total % 10)
    total = sum(int(digit) * (10 - index) for index, digit in enumerate(body))
    remainder = -total % 11
    return "X" if remainder == 10 else str(remainder)


def isbn_digits(value: str) -> str:
    """An ISBN without its hyphens or prefix: the form urn:isbn: takes."""
    return re.sub(r"[- ]", "", ISBN_PREFIX.sub("", value.strip())).upper()


def printed_isbn(value: str) -> str | None:
    """An ISBN as the line over its barcode prints it: as ISBN-13 (the barcode's number), with
    the hyphens where the agency's ranges put them, else where its author put them (all five
    parts); None when neither says."""
    digits = isbn_digits(value)
    thirteen = digits if len(digits) == 13 else str(isbnlib.to_isbn13(digits))
    written = ISBN_PREFIX.sub("", value.strip())
    return agency_hyphenated(thirteen) or (
        written if len(digits) == 13 and len(written.split("-")) == 5 else None)


def isbn_as_printed(value: str) -> str:
    """An ISBN as a copyright page prints it, in the length its author gave: hyphenated where
    the agency's ranges put the hyphens, else as written."""
    return agency_hyphenated(isbn_digits(value)) or ISBN_PREFIX.sub("", value.strip())


def agency_hyphenated(digits: str) -> str | None:
    """An ISBN's digits with the hyphens where the ISBN agency's ranges put them (isbnlib);
    None where they do not say: isbnlib marks a range the agency has not assigned with an
    empty part (979-8--00000001-4)."""
    parts = str(isbnlib.mask(digits) or "").split("-")
    return "-".join(parts) if len(parts) == (5 if len(digits) == 13 else 4) and all(
        parts) else None
