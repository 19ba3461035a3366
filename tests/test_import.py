"""`publish import`: the HTML-to-Markdown converter every reader shares, read back by the
build's own parser; the readers of EPUB and pandoc's Markdown, the project they write and
the command, each import built and its words counted in every edition."""

from __future__ import annotations

import re

import lxml.html
import pytest
from lxml import etree

from publish.book.parse import Parser
from publish.imports.html_markdown import markdown_from_html
from publish.imports.imported import ChangeKind


def words(text: str) -> list[str]:
    """The words of a text, as every edition spells them: quotes and dashes aside."""
    return re.findall(r"[^\W_]+(?:['’][^\W_]+)*", text)


def converted(html: str) -> tuple[str, etree._Element]:
    """The Markdown made of an HTML body, and that Markdown as the build parses it."""
    made = markdown_from_html(lxml.html.fromstring(html).find(".//body"), "page.html")
    return made.markdown, Parser("en").parse(made.markdown)


ESCAPED = [
    "1984. That year began on a Sunday.",
    "# is the sign for a number.",
    "- a hyphen that opens a line.",
    "> not a quotation.",
    "An *asterisk* pair, an_under_score and [brackets] with (parentheses).",
    "Braces {#like-an-id} and {: .class} stay words.",
    "A <b> and &amp; and \\ backslash.",
    "+ a plus.",
]


@pytest.mark.parametrize("paragraph", ESCAPED)
def test_text_that_looks_like_markdown_stays_text(paragraph: str) -> None:
    source = lxml.html.Element("p")
    source.text = paragraph
    _, parsed = converted(f"<html><body>{lxml.html.tostring(source, encoding=str)}</body></html>")
    assert [element.tag for element in parsed] == ["p"]
    assert "".join(parsed[0].itertext()) == paragraph


STRUCTURE = """<html lang="en"><body>
<h1 id="start">The Opening</h1>
<p>Plain, <em>emphasised</em>, <strong>strong</strong>, <code>code</code> and
<a href="https://example.org/a page">a link</a>; back to <a href="#start">the start</a>.</p>
<ol start="3"><li>third</li><li>fourth<ul><li>inside</li></ul></li></ol>
<blockquote><p>A quotation.</p><p>Its second paragraph.</p></blockquote>
<table><caption>Prices in 1900</caption><thead><tr><th>Item</th><th>Cost</th></tr></thead>
<tbody><tr><td>Bread</td><td>2d</td></tr><tr><td>Milk</td><td>1d</td></tr></tbody></table>
<figure><img src="images/cat.png" alt="A cat asleep"><figcaption>The cat, asleep</figcaption>
</figure>
<div class="poem"><p>The first line,<br>the second line;</p><p>a second stanza<br>ends.</p></div>
<dl><dt>Recto</dt><dd>A right-hand page.</dd></dl>
<pre>verbatim *text*</pre>
</body></html>"""


def test_the_structure_survives_the_round_trip_through_markdown() -> None:
    markdown, parsed = converted(STRUCTURE)
    html = etree.tostring(parsed, encoding=str)
    assert parsed.find("h1").get("id") == "start" and "{#start}" in markdown
    assert parsed.find("p/em").text == "emphasised" and parsed.find("p/strong") is not None
    assert parsed.find("p/code").text == "code"
    assert parsed.find("p/a").get("href") == "https://example.org/a%20page"
    assert parsed.find("ol").get("start") == "3" and parsed.find("ol/li/ul/li").text == "inside"
    assert len(parsed.findall("blockquote/p")) == 2
    assert [cell.text for cell in parsed.iterfind("table//td")] == ["Bread", "2d", "Milk", "1d"]
    assert "Table: Prices in 1900" in markdown
    image = parsed.find(".//img")
    assert (image.get("src"), image.get("alt"), image.get("title")) == (
        "images/cat.png", "A cat asleep", "The cat, asleep")
    stanzas = parsed.findall("p[@class='poem']")
    assert len(stanzas) == 2 and len(stanzas[0].findall("br")) == 1
    assert parsed.find("dl/dt").text == "Recto"
    assert "verbatim *text*" in html
    source = lxml.html.fromstring(STRUCTURE).find(".//body")
    # the same words (the caption's paragraph stands after the table until the book moves it
    # over it; the figure's caption is its picture's title until the book makes it one)
    made = [word for word in words(" ".join([*parsed.itertext(), image.get("title")]))
            if word != "Table"]
    assert sorted(words(" ".join(source.itertext()))) == sorted(made)


NOTES = """<html><body>
<p>Marked in EPUB's way.<a epub:type="noteref" href="#n1">1</a> By a numbered link.<sup>
<a href="#fn2" id="ref2">2</a></sup> By a bare superscript.<sup>3</sup></p>
<aside epub:type="footnote" id="n1"><p>The first note.</p></aside>
<h2>Notes</h2>
<ol><li id="fn2"><p>The second note. <a href="#ref2">↩</a></p></li></ol>
<p><sup>3</sup> The third note, of two paragraphs.</p>
</body></html>"""


def test_notes_in_three_markups_become_markdown_notes() -> None:
    markdown, parsed = converted(NOTES)
    made = markdown_from_html(lxml.html.fromstring(NOTES).find(".//body"), "page.html")
    assert parsed.find("p").xpath("string()") == (
        "Marked in EPUB’s way.1 By a numbered link.2 By a bare superscript.3")
    notes = [" ".join("".join(item.itertext()).split())
             for item in parsed.iterfind("div[@class='footnote']/ol/li")]
    assert notes == ["The first note.", "The second note.",
                     "The third note, of two paragraphs."]
    assert "Notes" not in markdown.replace("[^", "")
    kinds = [(change.kind, change.what.split(":")[0]) for change in made.changes]
    assert (ChangeKind.DROPPED, "the notes section's heading (its notes are now Markdown "
            "notes)") in kinds
    assert sum(kind == ChangeKind.GUESSED for kind, _ in kinds) == 2  # the marked one is sure


def test_a_placeholder_link_and_a_picture_not_carried_are_logged() -> None:
    html = ('<html><body><p>See <a href="#">this</a> and '
            '<img src="https://example.org/x.png" alt="a chart">.</p></body></html>')
    made = markdown_from_html(lxml.html.fromstring(html).find(".//body"), "page.html",
                              picture=lambda source: None)
    assert made.markdown == "See this and a chart.\n"
    assert [change.kind for change in made.changes] == [ChangeKind.REPAIRED, ChangeKind.FINDING]
    assert made.changes[1].where == "page.html, line 1" and made.changes[1].text == "a chart"
