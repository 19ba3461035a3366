"""The ONIX record: the sampler, given a translator, an editor, a screen PDF's ISBN and the
guide's prices, is built with the command line with its print PDF, then judged by onixcheck
against EDItEUR's ONIX 3.1 XSD and RelaxNG schemas, and read back with lxml: a product per
identified edition with its form, the contributors' roles, the editions naming each other,
the print pages the PDF has, the prices; the accessibility crosswalk both ways for every code
it holds, each code looked up in the schema's own code lists; a book without an edition's
identifier stopped at the identifier's line; and a rebuild byte for byte the same.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from functools import cache
from pathlib import Path

import onixcheck  # type: ignore[import-untyped]
import pypdf
import pytest
from lxml import etree
from onixcheck.models import OnixFile  # type: ignore[import-untyped]

from publish.editions.onix.accessibility import (
    CODED,
    CONFORMS,
    CREDENTIAL,
    DESCRIBED,
    NOT_CARRIED,
    Code,
    epub_pairs,
    onix_codes,
)
from publish.editions.onix.codes import LANGUAGES, ROLES

ROOT = Path(__file__).resolve().parent.parent
SAMPLER = ROOT / "tests" / "manuscripts" / "sampler" / "manuscript"
SLUG = "a-sampler-of-book-markup"
NS = {"o": "http://ns.editeur.org/onix/3.1/reference"}
CODE_LISTS = (Path(onixcheck.__file__).parent / "schema" / "xsd3.1"
              / "ONIX_BookProduct_CodeLists.xsd")
PEOPLE = """contributor:
  - text: Elena Marsh
    role: translator
    file-as: Marsh, Elena
  - text: Tomas Reyes
    role: editor
price: USD 24.95
"""
DIGITAL_ISBN = """  - scheme: ISBN-13
    text: 978-0-00-000003-3
    edition: digital
description:"""


def readme_prices() -> str:
    guide = (ROOT / "docs" / "metadata.md").read_text("utf-8")
    example = re.search(r"## Prices\n.*?```yaml\n(.*?)```", guide, re.DOTALL)
    assert example is not None
    return example[1]


def run_publish(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "publish", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=900, check=False)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("onix")
    shutil.copytree(SAMPLER, root / "manuscript")
    metadata = root / "manuscript" / "metadata.yaml"
    text = metadata.read_text("utf-8").replace("description:", DIGITAL_ISBN, 1)
    metadata.write_text(text + PEOPLE + readme_prices(), "utf-8")
    result = run_publish("build", "onix", "pdf", cwd=root)
    assert result.returncode == 0, result.stderr
    return root


@pytest.fixture(scope="module")
def record(project: Path) -> etree._Element:
    return etree.parse(str(project / "build" / f"{SLUG}.onix.xml")).getroot()


def products(record: etree._Element) -> dict[str, etree._Element]:
    """Each product by its ISBN-13."""
    return {str(product.findtext("o:ProductIdentifier[o:ProductIDType='15']/o:IDValue",
                                 namespaces=NS)): product
            for product in record.iterfind("o:Product", NS)}


PRINT, EPUB, DIGITAL = "9798000000014", "9780000000026", "9780000000033"


@cache
def code_list(number: str) -> set[str]:
    tree = etree.parse(str(CODE_LISTS))
    xs = {"xs": "http://www.w3.org/2001/XMLSchema"}
    return {str(value) for value in tree.xpath(
        f"//xs:simpleType[@name='List{number}']//xs:enumeration/@value", namespaces=xs)}


def test_valid_by_the_xsd_and_the_relax_ng_schemas(project: Path) -> None:
    path = project / "build" / f"{SLUG}.onix.xml"
    assert OnixFile(str(path)).meta.onix_version == "3.1"
    assert [str(message) for message in onixcheck.validate(str(path), ("xsd", "rng"))] == []


def test_a_product_per_identified_edition_in_its_form(record: etree._Element) -> None:
    found = products(record)
    assert set(found) == {PRINT, EPUB, DIGITAL}
    forms = {isbn: (product.findtext(".//o:ProductForm", namespaces=NS),
                    [detail.text for detail in product.iterfind(".//o:ProductFormDetail", NS)])
             for isbn, product in found.items()}
    assert forms == {PRINT: ("BC", []), EPUB: ("ED", ["E101", "E200"]),
                     DIGITAL: ("ED", ["E107"])}
    for isbn, product in found.items():  # the same number as a GTIN-13
        assert product.findtext("o:ProductIdentifier[o:ProductIDType='03']/o:IDValue",
                                namespaces=NS) == isbn


def test_contributors_with_their_roles(record: etree._Element) -> None:
    for product in record.iterfind("o:Product", NS):
        people = [(person.findtext("o:SequenceNumber", namespaces=NS),
                   person.findtext("o:ContributorRole", namespaces=NS),
                   person.findtext("o:PersonName", namespaces=NS),
                   person.findtext("o:PersonNameInverted", namespaces=NS))
                  for person in product.iterfind(".//o:Contributor", NS)]
        assert people == [("1", "A01", "Margaret Ellery Vance", "Vance, Margaret Ellery"),
                          ("2", "B06", "Elena Marsh", "Marsh, Elena"),
                          ("3", "B01", "Tomas Reyes", None)]


def test_each_edition_names_the_others(record: etree._Element) -> None:
    found = products(record)
    relations = {isbn: {str(related.findtext(
        "o:ProductIdentifier[o:ProductIDType='15']/o:IDValue", namespaces=NS)): sorted(
            str(code.text) for code in related.iterfind("o:ProductRelationCode", NS))
        for related in product.iterfind(".//o:RelatedProduct", NS)}
        for isbn, product in found.items()}
    assert relations == {
        PRINT: {EPUB: ["06", "27"], DIGITAL: ["06"]},
        EPUB: {PRINT: ["06", "13"], DIGITAL: ["06"]},
        DIGITAL: {PRINT: ["06"], EPUB: ["06"]}}


def test_the_print_extent_is_the_built_pdfs(project: Path, record: etree._Element) -> None:
    pages = len(pypdf.PdfReader(project / "build" / f"{SLUG}.pdf").pages)
    paperback = products(record)[PRINT]
    assert paperback.findtext(".//o:Extent[o:ExtentType='06']/o:ExtentValue",
                              namespaces=NS) == str(pages)
    content = int(str(products(record)[EPUB].findtext(
        ".//o:Extent[o:ExtentType='08']/o:ExtentValue", namespaces=NS)))
    assert 0 < content <= pages


def test_prices_with_their_territories(record: etree._Element) -> None:
    prices = {isbn: sorted((price.findtext("o:PriceType", namespaces=NS),
                            price.findtext("o:PriceAmount", namespaces=NS),
                            price.findtext("o:CurrencyCode", namespaces=NS),
                            price.findtext(".//o:CountriesIncluded", namespaces=NS))
                           for price in product.iterfind(".//o:Price", NS))
              for isbn, product in products(record).items()}
    # The guide's prices, and the barcode's as the print edition's US price before tax.
    assert prices == {PRINT: [("01", "24.95", "USD", "US"), ("02", "22.00", "EUR", "FR BE LU")],
                      EPUB: [("02", "7.99", "GBP", "GB")], DIGITAL: []}


def test_the_epubs_accessibility_is_carried(record: etree._Element) -> None:
    """The EPUB's product says in ONIX what its package says (read back the crosswalk's way)."""
    epub = products(record)[EPUB]
    codes = [Code("196" if feature.findtext("o:ProductFormFeatureType", namespaces=NS) == "09"
                  else "143", str(feature.findtext("o:ProductFormFeatureValue", namespaces=NS)),
                  feature.findtext("o:ProductFormFeatureDescription", namespaces=NS))
             for feature in epub.iterfind(".//o:ProductFormFeature", NS)]
    codes += [Code("81", str(content.text))
              for content in epub.iterfind(".//o:ProductContentType", NS)]
    pairs = dict(epub_pairs(codes))
    assert pairs["schema:accessibilitySummary"]
    features = {value for prop, value in epub_pairs(codes)
                if prop == "schema:accessibilityFeature"}
    assert {"tableOfContents", "pageBreakMarkers", "pageNavigation"} <= features
    assert ("schema:accessibilityHazard", "none") in epub_pairs(codes)


# The claims only a validated EPUB makes (conformance, its certifier, an exemption).
CLAIMS = [(CONFORMS, f"EPUB Accessibility 1.1 - WCAG {version} Level {level}")
          for version in ("2.0", "2.1", "2.2") for level in ("A", "AA", "AAA")] + [
    ("a11y:certifiedBy", "Tollgate Accessibility Lab"),
    (CREDENTIAL, "DAISY Ace certified"), (CREDENTIAL, "https://example.org/credential"),
    ("a11y:certifierReport", "https://example.org/report"),
    ("schema:accessibilitySummary", "Structured, with described images.")]


@pytest.mark.parametrize("pair", [*CODED, *CLAIMS], ids=str)
def test_the_crosswalk_from_epub_and_back(pair: tuple[str, str]) -> None:
    assert list(epub_pairs(onix_codes([pair]))) == [pair]


@pytest.mark.parametrize("code", sorted({Code(*code) for code in CODED.values()}
                                        | {Code("196", code, "text") for code in DESCRIBED.values()}
                                        | {Code("196", "88", "a name")}), ids=str)
def test_the_crosswalk_from_onix_and_back(code: Code) -> None:
    assert list(onix_codes(epub_pairs([code]))) == [code]
    assert code.value in code_list(code.list)


def test_a_claim_the_crosswalk_does_not_know_is_an_error() -> None:
    assert onix_codes(sorted(NOT_CARRIED)) == ()
    with pytest.raises(ValueError, match="no ONIX code"):
        onix_codes([("schema:accessibilityFeature", "somethingNew")])


def test_the_codes_are_in_onixs_code_lists() -> None:
    assert set(ROLES.values()) <= code_list("17")
    assert set(LANGUAGES.values()) <= code_list("74")
    for _, (number, value) in CODED.items():
        assert value in code_list(number)
    assert {"04", "80", "81", "82", "84", "85", "86", "89"} <= code_list("196")


def test_a_rebuild_is_the_same(project: Path, tmp_path: Path) -> None:
    first = (project / "build" / f"{SLUG}.onix.xml").read_bytes()
    copy = tmp_path / "again"
    shutil.copytree(project / "manuscript", copy / "manuscript")
    assert run_publish("build", "onix", cwd=copy).returncode == 0
    assert (copy / "build" / f"{SLUG}.onix.xml").read_bytes() == first


@pytest.mark.parametrize(("change", "field", "message"), [
    (lambda text: text.replace("    edition: print\n", "").replace("    edition: epub\n", ""),
     "identifier:", "M-001 identifier: the ONIX record lists each edition"),
    (lambda text: text + "prices:\n  - edition: epub\n    price: EUR 5.00\n"
     "    territory: FR\n    tax: maybe\n", "    tax: maybe", "tax 'maybe'"),
    (lambda text: text + "prices:\n  - edition: digital\n    price: EUR 5.00\n"
     "    territory: FR\n    tax: included\n", "  - edition: digital", "no identifier"),
], ids=["no edition's identifier", "tax unsaid", "price of an unidentified edition"])
def test_a_missing_field_is_a_finding_at_its_line(tmp_path: Path, change: object, field: str,
                                                  message: str) -> None:
    shutil.copytree(SAMPLER, tmp_path / "manuscript")
    metadata = tmp_path / "manuscript" / "metadata.yaml"
    assert callable(change)
    metadata.write_text(change(metadata.read_text("utf-8")), "utf-8")
    lines = metadata.read_text("utf-8").splitlines()
    line = next(number for number, text in enumerate(lines, start=1) if text.startswith(field))
    result = run_publish("build", "onix", cwd=tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert f"metadata.yaml:{line}: " in result.stderr and message in result.stderr, (
        result.stderr)
