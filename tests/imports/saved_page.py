"""A saved web page shaped like the seed's source (a magazine's article with the site around
it), as a browser's "Web Page, complete" saves it: the HTML and its `_files` folder.

The prose is written for these tests (CC0). The page holds what `publish import` must sort:
header navigation, a share bar, a donation appeal, related articles, a cookie notice and a
footer round the article; a byline and a date; notes as superscript anchors to a list; a
paragraph cut at a page break; hyphens typed for dashes; a link to nowhere; a picture saved
beside the page and one left at its web address. ARCHIVE_PAGE is a second, smaller page whose
furniture carries no names, as the seed's did.

    python tests/imports/saved_page.py DIR    writes DIR/Harbour Press strike.html and its folder
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from PIL import Image, ImageDraw

NAME = "Harbour Press strike"

# The article's own text as the page has it, block by block, its caption and notes too (the
# tests count its words in the editions).
ARTICLE = (
    "The strike at the Harbour Press",
    "In the spring of 1911 the compositors of the Harbour Press laid down their sticks and "
    "walked out into the rain. They asked for a shorter week, for a fair price on the piece, "
    "and for the right to speak for one another.",
    "The owners answered with a notice on the gate. The notice said the shop would close "
    "before it would bargain, and for nine days it did.",
    "The composing room, about 1910.",
    "The compositors had read their history. They knew the printers of other towns had won "
    "the same demands a generation before - and they said so in a leaflet they set and "
    "printed themselves.",
    "Nobody in the town had seen a press stand still for so long. The bakers sent bread, the "
    "carters lent a wagon for the meetings, and the schoolmaster read the leaflet aloud to "
    "anyone who would listen, which was nearly everyone.",
    "The settlement, when it came, gave the men a week of fifty hours and a committee to "
    "hear complaints -it did not give them the closed shop they had hoped for.",
    "Looking back, the old hands said the strike had taught them more than any apprenticeship. "
    "A line of type is nothing alone - a page is made by many hands.",
    "A quiet revival",
    "The Press still stands by the harbour wall, and a few of its cases of type survive in "
    "the town museum, where children set their names in wood letters on Saturday mornings.",
)
# What the page splits, damages or marks up: the test reads it back repaired.
NOTES = (
    "The town council's minutes for April 1911 record the closure in a single line.",
    "The leaflet survives in two copies, one of them in the town museum.",
)


def page_html(files: str) -> str:
    """The page, its pictures in the folder named `files` (spaces written as %20, as browsers
    write them)."""
    folder = files.replace(" ", "%20")
    return f"""<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<title>The strike at the Harbour Press | Harbour Review</title>
<meta name="description"
  content="How the compositors of a small harbour town stopped the presses for nine days in 1911.">
<meta name="author" content="Martha Quill">
<meta property="og:title" content="The strike at the Harbour Press">
<meta property="og:type" content="article">
<meta property="og:site_name" content="Harbour Review">
<meta property="article:published_time" content="2025-09-15T08:30:00+00:00">
<link rel="canonical" href="https://harbour-review.example/features/harbour-press-strike">
<link rel="stylesheet" href="./{folder}/site.css">
<script src="./{folder}/analytics.js"></script>
<style>body {{ font-family: sans-serif; }}</style>
</head>
<body class="article-page">
<div id="cookie-notice" class="cookie-banner">
  <p>We use cookies to improve your experience on our site. By continuing to browse you agree
  to our use of cookies.</p>
  <button>Accept all cookies</button> <a href="/privacy">Privacy policy</a>
</div>
<header class="site-header">
  <a class="logo" href="/">Harbour Review</a>
  <nav class="main-nav">
    <ul>
      <li><a href="/">Home</a></li>
      <li><a href="/news">News</a></li>
      <li><a href="/features">Features</a></li>
      <li><a href="/archive">Archive</a></li>
      <li><a href="/subscribe">Subscribe</a></li>
    </ul>
  </nav>
</header>
<main>
<article class="post">
  <p class="section-label">- Features -</p>
  <h1 class="entry-title">The strike at the Harbour Press</h1>
  <p class="byline">By <a href="/authors/martha-quill" rel="author">Martha Quill</a>
  <time datetime="2025-09-15">15 September 2025</time></p>
  <div class="share-bar">
    <span>Share this article:</span>
    <a href="https://social.example/share?u=x">Share on Social</a>
    <a href="https://mail.example/?u=x">Email a friend</a>
    <a href="javascript:window.print()">Print</a>
  </div>
  <div class="entry-content">
    <p>In the spring of 1911 the compositors of the Harbour Press laid down their sticks and
    walked out into the rain. They asked for a shorter week, for a fair price on the piece, and
    for the right to speak for one another.</p>
    <p>The owners answered with a notice on the gate.<sup id="ref1"><a href="#note1">1</a></sup>
    The notice said the shop would close before it would bargain, and for nine days it did.</p>
    <figure>
      <img src="./{folder}/composing-room.png"
        alt="Compositors at their cases in a long room lit by tall windows">
      <figcaption>The composing room, about 1910.</figcaption>
    </figure>
    <p>The compositors had read their <a href="#">history</a>. They knew the printers of other
    towns had won the same demands a generation before - and they said so in a leaflet they
    set and printed themselves.<sup id="ref2"><a href="#note2">2</a></sup></p>
    <p>Nobody in the town had seen a press stand still for so long. The bakers sent bread, the
    carters lent a wagon for the meetings, and the schoolmaster read the leaflet aloud to</p>
    <p>anyone who would listen, which was nearly everyone.</p>
    <p><img src="https://cdn.harbour-review.example/images/gate-notice.jpg"
      alt="The notice on the gate"></p>
    <p>The settlement, when it came, gave the men a week of fifty hours and a committee to
    hear complaints -it did not give them the closed shop they had hoped for.</p>
    <p>Looking back, the old hands said the strike had taught them more than any apprenticeship.
    A line of type is nothing alone - a page is made by many hands.</p>
    <h2>A quiet revival</h2>
    <p>The Press still stands by the harbour wall, and a few of its cases of type survive in
    the town museum, where children set their names in wood letters on Saturday mornings.</p>
    <div class="donate-box">
      <p><em>If you like this article or have found it useful, please consider donating to
      Harbour Review.</em> We are funded by our readers alone.</p>
      <p><a href="#">Donate</a></p>
    </div>
    <div class="footnotes">
      <h3>Notes</h3>
      <ol>
        <li id="note1"><a href="#ref1">[1]</a> {NOTES[0]}</li>
        <li id="note2"><a href="#ref2">[2]</a> {NOTES[1]}</li>
      </ol>
    </div>
  </div>
</article>
<aside class="related-articles">
  <h2>Related articles</h2>
  <ul>
    <li><a href="/features/lighthouse-keepers">The last of the lighthouse keepers</a></li>
    <li><a href="/features/rope-walk">Memories of the rope walk</a></li>
    <li><a href="/features/tide-mills">When the tide turned the mills</a></li>
  </ul>
</aside>
</main>
<footer class="site-footer">
  <p>Copyright © Harbour Review - a magazine of coastal history - All rights reserved</p>
  <p><a href="/contact">Contact us</a> · <a href="/about">About the Review</a></p>
</footer>
<script>window.dataLayer = [];</script>
</body>
</html>
"""


# A page of a site that names nothing (no classes on its furniture), as the seed's source was:
# its labels, date and appeal are lines of the page; one quotation is opened and never closed,
# damage the import cannot mend and lint reports (D-003).
ARCHIVE_PAGE = """<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8"><title>The lockout - Quay Bulletin</title></head>
<body>
<div id="top"><a href="/">Quay Bulletin</a> <a href="/r1">Features</a> <a href="/r2">Archive</a>
</div>
<div id="contenu">
<p>From the archive</p>
<h1>The lockout on the quay</h1>
<p>- Features -</p>
<p>Publication date: Monday 15 September 2025</p>
<div class="texte">
<p><strong>The lockout of 1912 was a turning point. Below is a statement and
<a href="#">an article</a> about it.</strong></p>
<h2>An inevitable confrontation</h2>
<p>After the defeat of the first strike, the quay became the centre of the struggle. This trial
of strength -prepared for by two years of small disputes - took place in the autumn. The owners
closed every shed on the quay.<sup>1</sup></p>
<p>The dockers met in the chapel and voted to hold out. They elected a committee of nine and
asked the other ports for help, and the help came by the</p>
<p>cartload, week after week, until the owners gave way.</p>
<p>The owners called the lockout 'a lesson for the whole town, and printed their account of it
at their own expense, so that every house on the quay would have a copy.</p>
<p><sup>1</sup> The minutes of the owners' association survive in the county archive.</p>
</div>
<p>Source: Quay Bulletin, Volume Two, 1913</p>
<p>PS:</p>
<p><em>If you like this article or have found it useful, please consider donating to Quay
Bulletin.</em> <a href="#">Donate</a></p>
</div>
<div id="pied">Copyright © Quay Bulletin - online magazine - All rights reserved</div>
</body></html>
"""


def composing_room() -> bytes:
    """A small drawing of type cases, as the page's saved picture."""
    picture = Image.new("RGB", (320, 200), (236, 228, 212))
    draw = ImageDraw.Draw(picture)
    for column in range(6):
        for row in range(4):
            left, top = 20 + column * 48, 20 + row * 42
            draw.rectangle((left, top, left + 40, top + 34), outline=(90, 60, 30), width=2)
    buffer = io.BytesIO()
    picture.save(buffer, "PNG")
    return buffer.getvalue()


def write_saved_page(directory: Path) -> Path:
    """The page and its folder in `directory`; the HTML file's path."""
    files = f"{NAME}_files"
    (directory / files).mkdir(parents=True)
    (directory / files / "composing-room.png").write_bytes(composing_room())
    (directory / files / "site.css").write_text("body { margin: 0; }\n", "utf-8")
    (directory / files / "analytics.js").write_text("var tracked = true;\n", "utf-8")
    page = directory / f"{NAME}.html"
    page.write_text(page_html(files), "utf-8")
    return page


if __name__ == "__main__":
    print(write_saved_page(Path(sys.argv[1])))
