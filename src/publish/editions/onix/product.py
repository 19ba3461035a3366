"""One edition as an ONIX 3.1 <Product>: its identifiers, form, accessibility, titles,
contributors, language, extent, subjects, description, publisher and dates, the other editions
it relates to, and its prices. Every value comes from the metadata, the print layout or the
EPUB's own accessibility claims; a field the metadata leaves out is left out here too."""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from publish.editions.onix.accessibility import ACCESSIBILITY, CONTENT, Code
from publish.editions.onix.codes import (
    FORMS,
    ROLES,
    language_code,
    product_identifiers,
)
from publish.layout.printed import PrintLayout
from publish.settings import Trim
from publish.source.metadata import Identifier, Metadata
from publish.source.price import EditionPrice

POINTS_PER_INCH = 72
MM_PER_INCH = 25.4
ALTERNATIVE_FORMAT = "06"  # list 51: the same content in another format
BASED_ON_PRINT = "13"  # list 51: an e-publication based on (the page numbers of) this print one
ELECTRONIC_VERSION = "27"  # list 51: the inverse of 13, from the print product


@dataclass(frozen=True)
class Edition:
    """What one product is made from: the edition's name and identifier, the other products,
    and, for the EPUB, its accessibility codes."""

    name: str  # print, epub or digital
    identifier: Identifier
    others: tuple[tuple[str, Identifier], ...]
    accessibility: tuple[Code, ...] = ()


def sub(parent: etree._Element, tag: str, text: str | None = None) -> etree._Element:
    element = etree.SubElement(parent, tag)
    if text is not None:
        element.text = text
    return element


def identifiers(parent: etree._Element, tag: str, identifier: Identifier) -> None:
    for kind, value, name in product_identifiers(identifier):
        found = sub(parent, tag)
        sub(found, "ProductIDType", kind)
        if name is not None:
            sub(found, "IDTypeName", name)
        sub(found, "IDValue", value)


def product(edition: Edition, metadata: Metadata, layout: PrintLayout, trim: Trim,
            published: str | None, prices: tuple[EditionPrice, ...]) -> etree._Element:
    """The <Product> of one edition; `published` is its publishing date as ONIX writes it."""
    element = etree.Element("Product")
    sub(element, "RecordReference", edition.identifier.urn)
    sub(element, "NotificationType", "03")  # a complete record, confirmed on publication
    identifiers(element, "ProductIdentifier", edition.identifier)
    descriptive_detail(sub(element, "DescriptiveDetail"), edition, metadata, layout, trim)
    if metadata.description:
        text = sub(sub(element, "CollateralDetail"), "TextContent")
        sub(text, "TextType", "03")  # description
        sub(text, "ContentAudience", "00")  # unrestricted
        sub(text, "Text", metadata.description)
    publishing_detail(sub(element, "PublishingDetail"), metadata, published)
    related_material(sub(element, "RelatedMaterial"), edition)
    if prices:
        product_supply(sub(element, "ProductSupply"), metadata, published, prices)
    return element


def form_feature(code: Code) -> etree._Element:
    """A ProductFormFeature of accessibility (list 196) or a hazard (list 143)."""
    feature = etree.Element("ProductFormFeature")
    sub(feature, "ProductFormFeatureType", "09" if code.list == ACCESSIBILITY else "12")
    sub(feature, "ProductFormFeatureValue", code.value)
    if code.description:
        sub(feature, "ProductFormFeatureDescription", code.description)
    return feature


def descriptive_detail(detail: etree._Element, edition: Edition, metadata: Metadata,
                       layout: PrintLayout, trim: Trim) -> None:
    form, details = FORMS[edition.name]
    sub(detail, "ProductComposition", "00")  # a single-component retail product
    sub(detail, "ProductForm", form)
    for detail_code in details:
        sub(detail, "ProductFormDetail", detail_code)
    for code in edition.accessibility:
        if code.list != CONTENT:
            detail.append(form_feature(code))
    for content in edition.accessibility:
        if content.list == CONTENT:
            sub(detail, "ProductContentType", content.value)
    if edition.name == "print":
        measures(detail, trim)
    title = sub(detail, "TitleDetail")
    sub(title, "TitleType", "01")  # the distinctive title
    element = sub(title, "TitleElement")
    sub(element, "TitleElementLevel", "01")  # the product itself
    sub(element, "TitleText", metadata.title)
    if metadata.subtitle:
        sub(element, "Subtitle", metadata.subtitle)
    people = [person for person in metadata.creators + metadata.contributors
              if person.role != "pbl"]  # the publisher is named in PublishingDetail
    for number, person in enumerate(people, start=1):
        contributor = sub(detail, "Contributor")
        sub(contributor, "SequenceNumber", str(number))
        sub(contributor, "ContributorRole", ROLES[person.role])
        sub(contributor, "PersonName", person.name)
        if person.file_as != person.name:
            sub(contributor, "PersonNameInverted", person.file_as)
    language = sub(detail, "Language")
    sub(language, "LanguageRole", "01")  # language of the text
    sub(language, "LanguageCode", language_code(metadata.lang))
    extents(detail, edition.name, layout)
    if metadata.subjects:
        subject = sub(detail, "Subject")
        sub(subject, "SubjectSchemeIdentifier", "20")  # keywords
        sub(subject, "SubjectHeadingText", "; ".join(metadata.subjects))


def measures(detail: etree._Element, trim: Trim) -> None:
    """The printed book's height and width, its trim in the unit the trim is named in."""
    inches = trim.name.endswith(" in")
    for kind, points in (("01", trim.height), ("02", trim.width)):
        size = points / POINTS_PER_INCH * (1 if inches else MM_PER_INCH)
        measure = sub(detail, "Measure")
        sub(measure, "MeasureType", kind)
        sub(measure, "Measurement", f"{size:.2f}".rstrip("0").rstrip("."))
        sub(measure, "MeasureUnitCode", "in" if inches else "mm")


def extents(detail: etree._Element, edition: str, layout: PrintLayout) -> None:
    """The printed book's pages: the last arabic folio (00, main content) and every page of
    the interior (06, production count); the EPUB gives its print counterpart's pages with
    content, the blank versos left out (08)."""
    if edition == "print":
        arabic = [int(page.label) for page in layout.pages if page.label.isdigit()]
        counts = ([("00", max(arabic))] if arabic else []) + [("06", layout.page_count)]
    elif edition == "epub":
        counts = [("08", sum(not page.blank for page in layout.pages))]
    else:
        return
    for kind, pages in counts:
        extent = sub(detail, "Extent")
        sub(extent, "ExtentType", kind)
        sub(extent, "ExtentValue", str(pages))
        sub(extent, "ExtentUnit", "03")  # pages


def publishing_detail(detail: etree._Element, metadata: Metadata, published: str | None) -> None:
    if metadata.publisher:
        publisher = sub(detail, "Publisher")
        sub(publisher, "PublishingRole", "01")  # the publisher
        sub(publisher, "PublisherName", metadata.publisher)
    if published is not None:
        out = published <= metadata.modified.strftime("%Y%m%d")
        sub(detail, "PublishingStatus", "04" if out else "02")  # active, else forthcoming
        date = sub(detail, "PublishingDate")
        sub(date, "PublishingDateRole", "01")  # publication date
        sub(date, "Date", published).set("dateformat", date_format(published))


def date_format(date: str) -> str:
    """List 55's name for the date's precision: YYYYMMDD, YYYYMM or YYYY."""
    return {8: "00", 6: "01", 4: "05"}[len(date)]


def related_material(material: etree._Element, edition: Edition) -> None:
    """Each other edition, as an alternative format; the EPUB's page numbers come from the
    print edition (13), which names the EPUB as its electronic version (27)."""
    for name, identifier in edition.others:
        related = sub(material, "RelatedProduct")
        sub(related, "ProductRelationCode", ALTERNATIVE_FORMAT)
        if (edition.name, name) == ("epub", "print"):
            sub(related, "ProductRelationCode", BASED_ON_PRINT)
        if (edition.name, name) == ("print", "epub"):
            sub(related, "ProductRelationCode", ELECTRONIC_VERSION)
        identifiers(related, "ProductIdentifier", identifier)


def product_supply(supply: etree._Element, metadata: Metadata, published: str | None,
                   prices: tuple[EditionPrice, ...]) -> None:
    """The prices, from the publisher; available once the publishing date has come."""
    detail = sub(supply, "SupplyDetail")
    supplier = sub(detail, "Supplier")
    sub(supplier, "SupplierRole", "01")  # the publisher, to retailers
    sub(supplier, "SupplierName", metadata.publisher or "")
    out = published is not None and published <= metadata.modified.strftime("%Y%m%d")
    sub(detail, "ProductAvailability", "20" if out else "10")  # available, not yet available
    if not out and published is not None:
        date = sub(detail, "SupplyDate")
        sub(date, "SupplyDateRole", "08")  # expected availability
        sub(date, "Date", published).set("dateformat", date_format(published))
    for given in prices:
        price = sub(detail, "Price")
        sub(price, "PriceType", "02" if given.tax_included else "01")  # RRP with or without tax
        sub(price, "PriceAmount", str(given.price.amount))
        sub(price, "CurrencyCode", given.price.currency)
        territory = sub(price, "Territory")
        if given.territories == ("WORLD",):
            sub(territory, "RegionsIncluded", "WORLD")
        else:
            sub(territory, "CountriesIncluded", " ".join(given.territories))
