"""Each typography rule, table-driven: what the manuscript has, what every edition carries."""

from __future__ import annotations

import lxml.html
import pytest
from lxml import etree

from publish.book.typography import apply_typography, typographic

NBSP = "\u00a0"

RULES = [
    # quotation marks: direction from the real neighbours
    ("'national' ruling classes", "‘national’ ruling classes"),
    ('he said "no"', "he said “no”"),
    ("'a \"nested\" quote'", "‘a “nested” quote’"),
    # apostrophes, including the leading ones naive rules turn into opening quotes
    ("the workers' movement", "the workers’ movement"),
    ("Allende's actions", "Allende’s actions"),
    ("'tis the season", "’tis the season"),
    ("the class of '73", "the class of ’73"),
    ("('twas)", "(’twas)"),
    # dashes: British house style, spaced en dash bound to the word before it
    ("strength - prepared", f"strength{NBSP}– prepared"),
    ("strength -- prepared", f"strength{NBSP}– prepared"),
    ("pages 10--20", "pages 10–20"),
    ("an interruption---no", "an interruption—no"),
    ("rank-and-file", "rank-and-file"),
    # two hyphens without spaces: the house dash too, hung on the word where speech breaks off
    ("the words--all of them", f"the words{NBSP}– all of them"),
    ('"I think--" she began', f"“I think{NBSP}–” she began"),
    ('"Stop!--"', f"“Stop!{NBSP}–”"),
    ("(1909--1984)", "(1909–1984)"),
    # ellipses, and the spaces that must not break
    ("and so...", "and so…"),
    ("and so . . . on", "and so … on"),
    ("on 11 September 1973", f"on 11{NBSP}September 1973"),
    ("Mr Allende", f"Mr{NBSP}Allende"),
    # characters already typeset are left as written
    ("‘already’ – done", f"‘already’{NBSP}– done"),
]


@pytest.mark.parametrize(("written", "typeset"), RULES)
def test_rule(written: str, typeset: str) -> None:
    assert typographic(written, "en-GB") == typeset


def test_american_house_style_uses_closed_em_dashes() -> None:
    assert typographic("strength - prepared", "en-US") == "strength—prepared"
    assert typographic('"I think--" she began', "en-US") == "“I think—” she began"
    assert typographic("pages 10--20", "en-US") == "pages 10–20"


def typeset_html(html: str) -> str:
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    apply_typography(root, "en-GB")
    return etree.tostring(root, encoding="unicode")


def test_quotes_take_direction_across_inline_elements() -> None:
    assert typeset_html('<p>"<em>values</em>" and <span lang="es">Unidad</span>\'s</p>') == (
        "<div><p>“<em>values</em>” and <span lang=\"es\">Unidad</span>’s</p></div>")


def test_each_block_starts_afresh() -> None:
    assert typeset_html("<p>end'</p><p>'start</p>") == "<div><p>end’</p><p>‘start</p></div>"


def test_code_is_left_as_written() -> None:
    assert typeset_html("<p>'x' <code>'y' -- z...</code></p><pre>\"a\"</pre>") == (
        "<div><p>‘x’ <code>'y' -- z...</code></p><pre>\"a\"</pre></div>")


def test_alt_text_is_typeset_too() -> None:
    assert typeset_html('<p><img src="a.png" alt="the \'map\'"/></p>') == (
        '<div><p><img src="a.png" alt="the ‘map’"/></p></div>')
