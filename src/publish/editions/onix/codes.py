"""The ONIX codes the record's fields are written in, from what the metadata says: contributor
roles from MARC relators (list 17), languages from BCP 47 tags (list 74, ISO 639-2/B),
product identifiers from identifier schemes (list 5), and each edition's product form (lists
150 and 175). Every code here is one the ONIX 3.1 schema's code lists hold (tests/test_onix.py
looks each one up there)."""

from __future__ import annotations

from collections.abc import Iterable

from publish.source.identifiers import check_digit, isbn_digits
from publish.source.metadata import Creator, Identifier

# MARC relator -> ONIX contributor role. MARC's aui is the author of an introduction or a
# foreword alike (the metadata's `introduction` and `foreword` both give it); ONIX's A24,
# "introduction by", is the nearer of its two.
ROLES = {
    "aut": "A01",  # by (author)
    "ill": "A12",  # illustrated by
    "pht": "A13",  # photographs by
    "aft": "A19",  # afterword by
    "aui": "A24",  # introduction by
    "edt": "B01",  # edited by
    "trl": "B06",  # translated by
    "com": "C01",  # compiled by
    "nrt": "E07",  # read by
    "ctb": "Z99",  # other: MARC's contributor says no more than that
}
# ISO 639-1 (BCP 47's two-letter languages) -> ISO 639-2/B, the code ONIX takes. A tag whose
# language is already three letters is a 639-2 code (BCP 47 uses the two-letter code wherever
# there is one, so the bibliographic and terminological forms never differ for it) and is kept.
LANGUAGE_PAIRS = """
aa:aar ab:abk ae:ave af:afr ak:aka am:amh an:arg ar:ara as:asm av:ava ay:aym az:aze ba:bak
be:bel bg:bul bi:bis bm:bam bn:ben bo:tib br:bre bs:bos ca:cat ce:che ch:cha co:cos cr:cre
cs:cze cu:chu cv:chv cy:wel da:dan de:ger dv:div dz:dzo ee:ewe el:gre en:eng eo:epo es:spa
et:est eu:baq fa:per ff:ful fi:fin fj:fij fo:fao fr:fre fy:fry ga:gle gd:gla gl:glg gn:grn
gu:guj gv:glv ha:hau he:heb hi:hin ho:hmo hr:hrv ht:hat hu:hun hy:arm hz:her ia:ina id:ind
ie:ile ig:ibo ii:iii ik:ipk io:ido is:ice it:ita iu:iku ja:jpn jv:jav ka:geo kg:kon ki:kik
kj:kua kk:kaz kl:kal km:khm kn:kan ko:kor kr:kau ks:kas ku:kur kv:kom kw:cor ky:kir la:lat
lb:ltz lg:lug li:lim ln:lin lo:lao lt:lit lu:lub lv:lav mg:mlg mh:mah mi:mao mk:mac ml:mal
mn:mon mr:mar ms:may mt:mlt my:bur na:nau nb:nob nd:nde ne:nep ng:ndo nl:dut nn:nno no:nor
nr:nbl nv:nav ny:nya oc:oci oj:oji om:orm or:ori os:oss pa:pan pi:pli pl:pol ps:pus pt:por
qu:que rm:roh rn:run ro:rum ru:rus rw:kin sa:san sc:srd sd:snd se:sme sg:sag si:sin sk:slo
sl:slv sm:smo sn:sna so:som sq:alb sr:srp ss:ssw st:sot su:sun sv:swe sw:swa ta:tam te:tel
tg:tgk th:tha ti:tir tk:tuk tl:tgl tn:tsn to:ton tr:tur ts:tso tt:tat tw:twi ty:tah ug:uig
uk:ukr ur:urd uz:uzb ve:ven vi:vie vo:vol wa:wln wo:wol xh:xho yi:yid yo:yor za:zha zh:chi
zu:zul iw:heb ji:yid in:ind
"""
LANGUAGES = dict(pair.split(":") for pair in LANGUAGE_PAIRS.split())

# Each edition with its own identifier as a product: ProductForm, then ProductFormDetails.
FORMS = {
    "print": ("BC", ()),  # paperback / softback
    "epub": ("ED", ("E101", "E200")),  # digital download: EPUB, reflowable
    "digital": ("ED", ("E107",)),  # digital download: PDF
}
ISBN_13, GTIN_13, DOI, URN, PROPRIETARY = "15", "03", "06", "22", "01"


def unknown_roles(people: Iterable[Creator]) -> list[Creator]:
    """The people whose MARC role has no ONIX role here: a role is never guessed. The
    publisher (pbl) is named as the publisher, not as a contributor."""
    return [person for person in people if person.role not in ROLES and person.role != "pbl"]


def language_code(lang: str) -> str:
    """The ISO 639-2/B code of a BCP 47 tag's language (en-GB -> eng, fr -> fre)."""
    language = lang.split("-")[0].lower()
    return LANGUAGES.get(language, language)


def product_identifiers(identifier: Identifier) -> tuple[tuple[str, str, str | None], ...]:
    """(ProductIDType, IDValue, IDTypeName) for an edition's identifier: an ISBN as ISBN-13 and
    as GTIN-13, the trade's two readings of the same number."""
    if identifier.scheme == "isbn":
        digits = isbn_digits(identifier.value)
        if len(digits) == 10:
            body = "978" + digits[:9]
            digits = body + check_digit(body)
        return ((ISBN_13, digits, None), (GTIN_13, digits, None))
    if identifier.scheme == "doi":
        return ((DOI, identifier.value.split("doi.org/")[-1].removeprefix("doi:"), None),)
    if identifier.urn.startswith("urn:"):
        return ((URN, identifier.urn, None),)
    return ((PROPRIETARY, identifier.value, identifier.scheme.upper()),)
