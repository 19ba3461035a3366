"""Each typography rule, table-driven: what the manuscript has, what every edition carries."""

from __future__ import annotations

import lxml.html
import pytest
from lxml import etree

from publish.book.typography import apply_typography, typographic
from publish.source.metadata import language_direction

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
    ("kill 'em all", "kill ’em all"),
    ("the '90s", "the ’90s"),
    ("'T is so much joy", "’T is so much joy"),  # the older spelling, with its space
    ("and 'T was", "and ’T was"),
    ("'T' is a letter", "‘T’ is a letter"),  # a quoted letter is no elision
    # an opening quote after any space: an em space that indents a line of verse
    ('\u2003"There is no frigate', '\u2003“There is no frigate'),
    ("\u2003'Hope'", "\u2003‘Hope’"),
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
    # speech broken off inside a quotation inside another: both close after the dash
    ("\"He said 'I--'\" and", f"“He said ‘I{NBSP}–’” and"),
    ("\"'Come--'\"", f"“‘Come{NBSP}–’”"),
    # a dash before a quotation that opens
    ("and -- 'Tom' said", f"and{NBSP}– ‘Tom’ said"),
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


def test_speech_broken_off_after_an_inline_element_closes() -> None:
    """The dash that opens a text after <em> hangs on the emphasised word, and the quotes after
    it close (Carroll: '*How doth the little*--'")."""
    assert typeset_html("<p>\"say '<em>How doth the little</em>--'\" and she</p>") == (
        f"<div><p>“say ‘<em>How doth the little</em>{NBSP}–’” and she</p></div>")


def test_each_block_starts_afresh() -> None:
    assert typeset_html("<p>end'</p><p>'start</p>") == "<div><p>end’</p><p>‘start</p></div>"


def test_code_is_left_as_written() -> None:
    assert typeset_html("<p>'x' <code>'y' -- z...</code></p><pre>\"a\"</pre>") == (
        "<div><p>‘x’ <code>'y' -- z...</code></p><pre>\"a\"</pre></div>")


def test_alt_text_is_typeset_too() -> None:
    assert typeset_html('<p><img src="a.png" alt="the \'map\'"/></p>') == (
        '<div><p><img src="a.png" alt="the ‘map’"/></p></div>')


# Direction, the last step: each block in another direction than the one it stands in gets
# its own dir. A row: the blocks as parsed, the book's direction, then every block of the
# result with its dir ("tag:dir"), or its tag alone when it has none.
DIRECTIONS = [
    # a block in the other direction, by its first strong letter
    ("<p>An English paragraph in a Hebrew book.</p>", "rtl", "p:ltr"),
    ("<p>שָׁלוֹם, a Hebrew word opening an English line</p>", "ltr", "p:rtl"),
    ("<p>في البدء خلق الله السماوات والأرض.</p>", "ltr", "p:rtl"),
    ("<p>An English paragraph in an English book.</p>", "ltr", "p"),
    ("<p>פסקה עברית בספר עברי.</p>", "rtl", "p"),
    # past figures, punctuation, note calls and code
    ("<p>1 בְּרֵאשִׁית בָּרָא</p>", "ltr", "p:rtl"),
    ("<p>“(2:3)” – Genesis</p>", "rtl", "p:ltr"),
    ('<p><sup><a class="footnote-ref" href="#fn:1">1</a></sup> שלום</p>', "ltr", "p:rtl"),
    ("<p><code>print(x)</code> שלום</p>", "ltr", "p:rtl"),
    # no letter at all: the direction it stands in
    ("<p>1909–1984, 2:3.</p>", "rtl", "p"),
    # the author's dir wins, and is kept as written; then the block's lang
    ('<p dir="rtl">English words read right to left</p>', "ltr", "p:rtl"),
    ('<p dir="ltr">English in an English book</p>', "ltr", "p:ltr"),
    ('<p lang="en">שָׁלוֹם is English here</p>', "rtl", "p:ltr"),
    ('<p lang="ar-Latn">Kalīla wa-Dimna</p>', "rtl", "p:ltr"),
    ('<p lang="yi">שלום</p>', "ltr", "p:rtl"),
    ('<p lang="und">שלום</p>', "ltr", "p:rtl"),  # the tag says no direction: the text does
    # a phrase marked with its own lang or dir is passed over, unless it is all the block holds
    ('<p><em lang="en">Genesis</em> הוא שם הספר</p>', "rtl", "p"),
    ('<p><em lang="en" dir="ltr">An English note, all in one phrase.</em></p>', "rtl", "p:ltr"),
    # headings, list items, quotations, verse, table cells, captions, terms and descriptions
    ("<h2>An English heading</h2>", "rtl", "h2:ltr"),
    ("<ul><li>English</li><li>עברית</li></ul>", "ltr", "ul li li:rtl"),
    ("<blockquote><p>שלום</p><p>English</p></blockquote>", "ltr", "blockquote:rtl p p:ltr"),
    ('<p class="poem"><span class="line">שלום</span><br/></p>', "ltr", "p:rtl"),
    ("<table><tr><th>Word</th><td>מילה</td></tr></table>", "ltr", "table tr th td:rtl"),
    ("<table><caption>טבלה</caption><tr><td>1</td></tr></table>", "ltr",
     "table caption:rtl tr td"),
    ("<figure><figcaption>תמונה</figcaption></figure>", "ltr", "figure figcaption:rtl"),
    ("<dl><dt>שָׁלוֹם</dt><dd>peace</dd></dl>", "ltr", "dl dt:rtl dd"),
    # a list, a table or a division takes another direction from its author alone
    ("<ul><li>שלום</li></ul>", "ltr", "ul li:rtl"),
    ('<ul lang="he"><li>שלום</li><li>English</li></ul>', "ltr", "ul:rtl li li:ltr"),
    ('<div lang="ar"><p>سلام</p></div>', "ltr", "div:rtl p"),
    # a note as a whole, from its first block; a block in it that differs from the note
    ('<div class="footnote"><ol><li id="fn:1"><p>An English note.</p><p>שלום</p></li></ol>'
     "</div>", "rtl", "div ol li:ltr p p:rtl"),
    ('<div class="footnote"><ol><li id="fn:1"><p>שָׁלוֹם, “peace”: the word.</p></li></ol></div>',
     "ltr", "div ol li:rtl p"),
    ('<div class="footnote"><ol><li id="fn:1"><p dir="ltr">שָׁלוֹם, “peace”.</p></li></ol></div>',
     "ltr", "div ol li p:ltr"),
]
BLOCK_TAGS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd",
              "blockquote", "table", "tr", "th", "td", "caption", "figure", "figcaption", "div"}


@pytest.mark.parametrize(("written", "book", "blocks"), DIRECTIONS)
def test_direction(written: str, book: str, blocks: str) -> None:
    root = lxml.html.fragment_fromstring(written, create_parent="div")
    apply_typography(root, "en-GB", book)
    assert " ".join(element.tag + (f":{element.get('dir')}" if element.get("dir") else "")
                    for element in root.iterdescendants()
                    if element.tag in BLOCK_TAGS) == blocks


@pytest.mark.parametrize(("lang", "direction"), [
    ("he", "rtl"), ("ar-EG", "rtl"), ("fa", "rtl"), ("ur-Aran", "rtl"), ("yi", "rtl"),
    ("syr", "rtl"), ("dv", "rtl"), ("AR-latn", "ltr"), ("he-Latn", "ltr"), ("en-GB", "ltr"),
    ("grc", "ltr"), ("zh-Hant", "ltr"), ("az", None), ("az-Arab", "rtl"), ("ku-Latn", "ltr"),
    ("und", None), ("zxx", None), ("qaa", None), ("he-Zyyy", None), ("en-x-hebr", "ltr"),
    ("", None)])
def test_a_language_tag_says_a_direction(lang: str, direction: str | None) -> None:
    assert language_direction(lang) == direction
