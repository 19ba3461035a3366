"""The book's suggested retail price (metadata `price: USD 24.95`), and the five digits it
takes in the EAN-5 add-on printed beside the ISBN's barcode.

The add-on's first digit says the currency and the other four the price in cents: 52495 is
US$24.95 (Lightning Source's "Cover barcode price extension"; the Book Industry Study Group's
convention). 59999 stands for a price of US$99.99 or more, which four digits cannot hold, and
90000 for no suggested price: what a book without a `price` gets. Only US dollars are taken,
since the digits other currencies once had are not agreed on (sources give 3 and 4 to the
Australian and New Zealand dollars, and the other way round); a price in another currency is
reported rather than guessed at.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from publish.errors import PublishError

ADDON_CURRENCY = {"USD": "5"}  # the add-on's first digit for each currency it can carry
NO_PRICE = "90000"  # the add-on of a book with no suggested retail price
HIGHEST = Decimal("99.99")  # the add-on's four price digits hold up to 99.98; this and above: 9999
WRITTEN = re.compile(r"^([A-Za-z]{3})\s*(\d+(?:\.\d{2})?)$")


@dataclass(frozen=True)
class Price:
    currency: str  # ISO 4217, upper case
    amount: Decimal

    @property
    def addon(self) -> str:
        """The five digits of the EAN-5 add-on for this price."""
        cents = 9999 if self.amount >= HIGHEST else int(self.amount * 100)
        return f"{ADDON_CURRENCY[self.currency]}{cents:04d}"


def written_price(value: str) -> Price:
    """A price as metadata.yaml writes it: a currency code, then the amount (EUR 12.00)."""
    written = WRITTEN.match(value.strip())
    if written is None:
        raise PublishError(f"{value!r} is not a price: write the currency's code, then the "
                           "amount, as USD 24.95")
    price = Price(written[1].upper(), Decimal(written[2]))
    if price.amount <= 0:
        raise PublishError(f"{value!r}: a price is more than nothing; leave it out for none")
    return price


def parse_price(value: str) -> Price:
    """The barcode's price (`price: USD 24.95`): US dollars, the add-on's one currency."""
    price = written_price(value)
    currency = price.currency
    if currency not in ADDON_CURRENCY:
        raise PublishError(f"{value!r}: the barcode's add-on carries a price in US dollars "
                           "only (USD 24.95); leave price out for none (the add-on then "
                           f"reads {NO_PRICE})")
    return price


def addon_digits(price: Price | None) -> str:
    """The add-on's five digits: the price's, or 90000 for a book without one."""
    return price.addon if price is not None else NO_PRICE


@dataclass(frozen=True)
class EditionPrice:
    """One of an edition's prices for the trade (metadata `prices:`, the ONIX record's)."""

    edition: str  # one of metadata.IDENTIFIED_EDITIONS
    price: Price
    territories: tuple[str, ...]  # ISO 3166-1 country codes, or ("WORLD",)
    tax_included: bool  # whether the amount includes sales tax or VAT: ONIX says which


def barcode_price(price: Price) -> EditionPrice:
    """The barcode's price as the print edition's: BISG's add-on carries the US suggested
    retail price, which in the US is quoted before sales tax."""
    return EditionPrice("print", price, ("US",), tax_included=False)
