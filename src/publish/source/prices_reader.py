"""Reading the prices field: each edition's prices for the trade, a currency and amount with
the countries it holds in and whether it includes tax, as the ONIX record carries them; every
problem at its entry's line, and nothing assumed that an entry leaves out."""

from __future__ import annotations

from babel import Locale

from publish.errors import PublishError
from publish.source.identifier_reader import FieldReader
from publish.source.metadata import IDENTIFIED_EDITIONS, Identifier
from publish.source.price import EditionPrice, Price, barcode_price, written_price

WORLD = "WORLD"  # ONIX's region for every country
# ISO 3166-1's two-letter country codes, as CLDR (babel) knows them.
COUNTRIES = frozenset(str(code) for code in Locale("en").territories
                      if len(str(code)) == 2 and str(code).isalpha())
TAX = {"included": True, "excluded": False}
EXAMPLE = "edition: epub, price: EUR 9.99, territory: FR BE, tax: included"


def read_prices(fields: FieldReader, identifiers: tuple[Identifier, ...],
                barcode: Price | None) -> tuple[EditionPrice, ...]:
    """The prices field's entries, and the barcode's price as the print edition's US one."""
    if fields.data.get("prices") is None:
        return (barcode_price(barcode),) if barcode is not None else ()
    identified = {identifier.edition for identifier in identifiers}
    found: list[EditionPrice] = []
    for entry, where in fields.entries("prices"):
        price = entry_price(fields, entry, where)
        if price is None:
            continue
        line = where.get("edition", where.get(None))
        if price.edition not in identified:
            fields.problem("prices", f"a price for the {price.edition} edition, which has no "
                           "identifier of its own (an identifier with edition: "
                           f"{price.edition}): the ONIX record has no product to price", line)
        elif barcode is not None and clashes(price, barcode):
            fields.problem("prices", f"the print edition's US price {price.price.amount} is "
                           f"not the barcode's (price: USD {barcode.amount}); give one", line)
        else:
            found.append(price)
    own = barcode is not None and any(
        price.edition == "print" and price.price.currency == "USD" and "US" in price.territories
        for price in found)
    return tuple(found) + ((barcode_price(barcode),) if barcode and not own else ())


def clashes(price: EditionPrice, barcode: Price) -> bool:
    return (price.edition == "print" and price.price.currency == barcode.currency
            and "US" in price.territories and price.price.amount != barcode.amount)


def entry_price(fields: FieldReader, entry: object,
                where: dict[str | None, int]) -> EditionPrice | None:
    """One entry: edition, price, territory and tax, each required."""
    line = where.get(None)
    if not isinstance(entry, dict) or any(
            not isinstance(entry.get(key), str) or not entry[key].strip()
            for key in ("edition", "price", "territory", "tax")):
        fields.problem("prices", f"each entry needs edition, price, territory and tax ({EXAMPLE})",
                       line)
        return None
    edition, tax = entry["edition"].strip().lower(), entry["tax"].strip().lower()
    territories = tuple(entry["territory"].upper().split())
    if edition not in IDENTIFIED_EDITIONS:
        fields.problem("prices", f"edition {edition!r} is not one of "
                       + ", ".join(IDENTIFIED_EDITIONS), where.get("edition", line))
        return None
    unknown = [code for code in territories if code not in COUNTRIES]
    if unknown and territories != (WORLD,):
        fields.problem("prices", f"territory {' '.join(unknown)}: give ISO 3166-1 country "
                       "codes (FR DE US ...), or WORLD alone", where.get("territory", line))
        return None
    if tax not in TAX:
        fields.problem("prices", f"tax {tax!r}: say whether the price includes sales tax or "
                       "VAT, tax: included or tax: excluded", where.get("tax", line))
        return None
    try:
        price = written_price(entry["price"])
    except PublishError as error:
        fields.problem("prices", error.message, where.get("price", line))
        return None
    return EditionPrice(edition, price, territories, TAX[tax])
