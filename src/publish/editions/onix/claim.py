"""The EPUB's conformance claim added to a built ONIX record, once the EPUB is certified.

The record is rendered with the other editions, before the EPUB is certified (certify.py);
where the evidence holds and the EPUB states its claim, the EPUB's product in the record states
it too, in ONIX's codes (the crosswalk, accessibility.py), after its other accessibility
features, so that the record never says more, or less, than the EPUB it describes.
"""

from __future__ import annotations

from collections.abc import Sequence

from lxml import etree

from publish.editions.onix import NAMESPACE
from publish.editions.onix.accessibility import CONTENT, onix_codes
from publish.editions.onix.product import form_feature

REFLOWABLE_EPUB = "E101"  # list 175: the EPUB's ProductFormDetail, which the others lack


def with_claim(onix: bytes, claim: Sequence[tuple[str, str]]) -> bytes:
    """The record with the claim's (property, value) pairs in the EPUB's product."""
    root = etree.fromstring(onix, etree.XMLParser(remove_blank_text=True))
    named = {"o": NAMESPACE}
    for detail in root.iterfind("o:Product/o:DescriptiveDetail", named):
        forms = [form.text for form in detail.iterfind("o:ProductFormDetail", named)]
        features = detail.findall("o:ProductFormFeature", named)
        if REFLOWABLE_EPUB not in forms or not features:
            continue
        for code in reversed([code for code in onix_codes(claim) if code.list != CONTENT]):
            added = form_feature(code)
            for element in added.iter():
                element.tag = etree.QName(NAMESPACE, element.tag).text
            features[-1].addnext(added)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                pretty_print=True))
