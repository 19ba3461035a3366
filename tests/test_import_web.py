"""`publish import` of a saved web page (tests/imports/saved_page.py: a magazine's article with
the site round it, damaged as the seed's source was), built, and read back: every word of the
page is in every edition or in IMPORT.md's Dropped rows; the site's furniture is in the log,
not the book; the seed's kinds of damage are mended and logged; the page's metadata is the
book's; a file that is no page, or a page with no article, is refused in one line."""

from __future__ import annotations

import base64
import io
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from imports.editions import edition_words, manuscript_text, publish, rows, words
from imports.saved_page import ARCHIVE_PAGE, ARTICLE, NOTES, composing_room, write_saved_page
from lxml import html
from PIL import Image

from publish.imports.repairs import repair


@dataclass(frozen=True)
class Imported:
    page: Path
    project: Path
    log: str  # IMPORT.md
    text: str  # the chapters' Markdown


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> Imported:
    """The saved page imported with the command, then built."""
    page = write_saved_page(tmp_path_factory.mktemp("saved"))
    project = tmp_path_factory.mktemp("web") / "book"
    made = publish("import", str(page), "--to", str(project), cwd=page.parent)
    assert made.returncode == 0, made.stderr
    built = publish("build", cwd=project)
    assert built.returncode == 0, built.stderr
    return Imported(page, project, (project / "manuscript" / "IMPORT.md").read_text("utf-8"),
                    manuscript_text(project))


def page_words(page: Path) -> Counter[str]:
    """The words a reader of the page sees: its body's text, scripts and styles aside."""
    body = html.parse(str(page)).getroot().find("body")
    assert body is not None
    for unseen in body.iter("script", "style", "noscript"):
        unseen.drop_tree()
    return Counter(words(" ".join(body.itertext())))


def test_every_word_of_the_page_is_in_every_edition_or_logged_as_dropped(
        imported: Imported) -> None:
    dropped = Counter(words(" ".join(row[3] for row in rows(imported.log, "Dropped"))))
    kept = page_words(imported.page) - dropped
    # The article's own words, its caption and its notes, are among those kept.
    assert not Counter(words(" ".join((*ARTICLE, *NOTES)))) - kept
    for edition, found in edition_words(imported.project / "build").items():
        missing = kept - found
        assert not missing, f"{edition} lacks {sorted(missing)}"


CHROME = {
    "a cookie notice": "We use cookies to improve your experience",
    "the page's header": "Home · News · Features · Archive · Subscribe",
    "a share bar": "Share this article: Share on Social Email a friend",
    "a donation appeal": "please consider donating to Harbour Review",
    "related articles": "The last of the lighthouse keepers",
    "the footer": "a magazine of coastal history - All rights reserved",
    "the byline": "By Martha Quill",
}


@pytest.mark.parametrize("kind", list(CHROME))
def test_the_sites_furniture_is_logged_with_its_text_and_not_in_the_book(
        imported: Imported, kind: str) -> None:
    logged = [row for row in rows(imported.log, "Dropped") if row[2] == kind]
    assert len(logged) == 1 and CHROME[kind] in logged[0][3]
    assert re.match(r"Harbour Press strike\.html, line \d+$", logged[0][1])
    assert CHROME[kind].replace(" · ", " ") not in " ".join(imported.text.split())


def test_a_paragraph_cut_at_a_page_break_is_joined_and_logged(imported: Imported) -> None:
    assert "read the leaflet aloud to anyone who would listen" in " ".join(
        imported.text.split())
    joined = rows(imported.log, "Joined")
    assert [row[3] for row in joined] == ["…the leaflet aloud to | anyone who would listen,…"]


def test_hyphens_for_dashes_are_the_books_dashes_and_logged(imported: Imported) -> None:
    text = " ".join(imported.text.split())
    for written in ("before -- and they", "complaints -- it did", "alone -- a page"):
        assert written in text
    assert not re.search(r"\w -\w|\w- \w|\w - \w", text)
    repaired = [row for row in rows(imported.log, "Repaired") if "hyphen" in row[2]]
    assert [row[3] for row in repaired] == ["a generation before - and they said",
                                            "to hear complaints -it did not",
                                            "is nothing alone - a page is"]
    # The build sets them as British English does: a spaced en dash.
    printed = next((imported.project / "build").glob("*.txt")).read_text("utf-8")
    assert "alone – a page" in " ".join(printed.split())


def test_a_placeholder_link_keeps_its_words_and_is_logged(imported: Imported) -> None:
    assert "had read their history." in imported.text and "](#)" not in imported.text
    assert any(row[3] == "history" and "placeholder" in row[2]
               for row in rows(imported.log, "Repaired"))


def test_the_saved_picture_is_carried_and_the_one_at_a_web_address_is_not(
        imported: Imported) -> None:
    images = imported.project / "manuscript" / "images"
    assert [path.name for path in images.iterdir()] == ["composing-room.png"]
    assert (images / "composing-room.png").read_bytes() == composing_room()
    assert ("![Compositors at their cases in a long room lit by tall windows]"
            "(../images/composing-room.png \"The composing room, about 1910.\")"
            in imported.text)
    assert "http" not in imported.text
    [remote] = rows(imported.log, "Not carried")
    assert "https://cdn.harbour-review.example/images/gate-notice.jpg" in remote[2]


def test_the_notes_are_markdown_notes(imported: Imported) -> None:
    assert "on the gate.[^1] The notice" in imported.text
    assert "printed themselves.[^2]" in imported.text
    assert f"[^1]: {NOTES[0]}" in imported.text and f"[^2]: {NOTES[1]}" in imported.text


def test_lint_finds_none_of_the_seeds_damage_left(imported: Imported) -> None:
    linted = publish("lint", cwd=imported.project)
    assert linted.returncode == 0, linted.stdout + linted.stderr
    for code in ("D-001", "D-002", "D-006", "D-010"):
        assert code not in linted.stdout
    assert "None: lint finds nothing to mend." in imported.log


def test_the_pages_metadata_is_the_books(imported: Imported) -> None:
    metadata = yaml.safe_load((imported.project / "manuscript" / "metadata.yaml").read_text())
    assert metadata["title"] == "The strike at the Harbour Press"
    assert metadata["creator"] == [{"text": "Martha Quill", "role": "author"}]
    assert metadata["date"] == "2025-09-15"
    assert metadata["description"].startswith("How the compositors of a small harbour town")
    assert metadata["lang"] == "en-GB"
    assert metadata["publisher"] == "Harbour Review"
    assert metadata["rights"].startswith("Copyright © Harbour Review")  # the footer's line
    assert metadata["source-url"] == "https://harbour-review.example/features/harbour-press-strike"
    guessed = {row[2].split(",")[0] for row in rows(imported.log, "Guessed")}
    assert {f"metadata.yaml's {field}" for field in metadata if field != "identifier"} <= guessed


@pytest.fixture(scope="module")
def archived(tmp_path_factory: pytest.TempPathFactory) -> Imported:
    """The page whose furniture carries no names, imported (not built)."""
    page = tmp_path_factory.mktemp("archive") / "lockout.html"
    page.write_text(ARCHIVE_PAGE, "utf-8")
    project = page.parent / "book"
    made = publish("import", str(page), "--to", str(project), cwd=page.parent)
    assert made.returncode == 0, made.stderr
    return Imported(page, project, (project / "manuscript" / "IMPORT.md").read_text("utf-8"),
                    manuscript_text(project))


def test_the_seeds_damage_is_mended_and_logged_or_reported(archived: Imported) -> None:
    """The seed's kinds of damage on a page that names nothing: its furniture's lines dropped
    and logged, the cut paragraph joined, the dashes and the dead link mended; the quotation
    left open, which no rule can close for the author, reported by lint in IMPORT.md."""
    dropped = {row[3]: row[2] for row in rows(archived.log, "Dropped")}
    for line in ("From the archive", "- Features -", "Publication date: Monday 15 September "
                 "2025", "Source: Quay Bulletin, Volume Two, 1913", "PS:"):
        assert dropped[line].startswith("a line of the web page's")
        assert line not in archived.text
    assert any("please consider donating" in text for text in dropped)
    text = " ".join(archived.text.split())
    assert "help came by the cartload, week after week" in text
    assert "strength -- prepared for by two years of small disputes -- took place" in text
    assert "a statement and an article about it" in text
    assert "[^1]: The minutes of the owners' association" in archived.text
    metadata = yaml.safe_load((archived.project / "manuscript" / "metadata.yaml").read_text())
    assert metadata["date"] == "2025-09-15"  # from its "Publication date:" line
    lint = archived.log.split("Lint findings", 1)[1]
    assert "D-003" in lint and "quotation" in lint
    for code in ("D-001", "D-002", "D-006", "D-010"):
        assert code not in lint


def test_a_page_is_read_in_the_encoding_it_declares(tmp_path: Path) -> None:
    page = tmp_path / "cafe.html"
    page.write_bytes(
        '<!DOCTYPE html><html lang="fr"><head><meta charset="windows-1252"></head><body>'
        "<article><h1>Le café du port</h1><p>Les typographes s’y retrouvaient chaque soir "
        "après le travail, pour parler de la grève et de tout le reste.</p><p>Le patron, "
        "dit-on, leur faisait crédit jusqu’à la fin du mois.</p></article></body></html>"
        .encode("cp1252"))
    made = publish("import", str(page), "--to", str(tmp_path / "book"), cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    text = manuscript_text(tmp_path / "book")
    assert text.startswith("# Le café du port\n") and "après le travail" in text


def test_a_documentation_pages_headings_are_kept_without_their_permalinks(
        tmp_path: Path) -> None:
    """readability drops a heading whose words are all a link to itself (mdBook's, rustdoc's
    `<h2><a href="#id">`); Sphinx follows a heading with a ¶ link. The headings are the
    article's structure: kept, their links to themselves logged and dropped. A code block's
    `language-` class names its language."""
    prose = ("The composing stick holds a line of type while the compositor sets it, letter "
             "by letter, from the case before him, justifying each line with spaces. ")
    page = tmp_path / "guide.html"
    page.write_text(
        '<!DOCTYPE html><html lang="en"><head><title>A Guide</title></head><body>'
        '<nav><a href="/">Home</a> <a href="/next">Next chapter</a></nav><main>'
        '<h1 id="setting"><a class="header" href="#setting">Setting type</a></h1>'
        f"<p>{prose * 3}</p>"
        '<h2 id="the-stick"><a class="header" href="#the-stick">The stick</a></h2>'
        f'<p>{prose * 2}</p><pre><code class="language-rust">let line = stick.justify();'
        "</code></pre>"
        '<section id="spacing"><h2>Spacing<a class="headerlink" href="#spacing">¶</a></h2>'
        f"<p>{prose * 2}</p></section></main></body></html>", encoding="utf-8")
    made = publish("import", str(page), "--to", str(tmp_path / "book"), cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    headings = [line for line in manuscript_text(tmp_path / "book").splitlines()
                if line.startswith("#")]
    assert headings == ["# Setting type {#setting}", "## The stick {#the-stick}",
                        "## Spacing {#spacing}"]
    assert "```rust\nlet line = stick.justify();\n```" in manuscript_text(tmp_path / "book")
    log = (tmp_path / "book" / "manuscript" / "IMPORT.md").read_text("utf-8")
    assert log.count("a heading's link to itself") == 2 and "a heading's permalink sign" in log


def picture(mode: str, size: tuple[int, int], form: str) -> bytes:
    made = io.BytesIO()
    Image.new(mode, size, "red").save(made, form)
    return made.getvalue()


def test_pictures_loaded_late_written_in_or_in_other_formats_are_carried(
        tmp_path: Path) -> None:
    (tmp_path / "page_files").mkdir()
    (tmp_path / "page_files" / "late.png").write_bytes(picture("RGB", (40, 30), "PNG"))
    (tmp_path / "page_files" / "modern.webp").write_bytes(picture("RGB", (20, 20), "WEBP"))
    inline = base64.b64encode(picture("RGB", (10, 10), "PNG")).decode()
    words_enough = "A paragraph with words enough to look like the article it is, and more."
    page = tmp_path / "page.html"
    page.write_text(
        f"<!DOCTYPE html><html><body><article><p>{words_enough}</p>"
        '<p><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" '
        'data-src="./page_files/late.png" alt="Late"></p>'
        f'<p><img src="data:image/png;base64,{inline}" alt="Inline"></p>'
        f'<p><img src="page_files/modern.webp" alt="Modern"></p><p>{words_enough}</p>'
        "</article></body></html>", "utf-8")
    made = publish("import", str(page), "--to", str(tmp_path / "book"), cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    text = manuscript_text(tmp_path / "book")
    for alt, name in (("Late", "late.png"), ("Inline", "picture-2.png"),
                      ("Modern", "modern.png")):
        assert f"![{alt}](../images/{name})" in text
        with Image.open(tmp_path / "book" / "manuscript" / "images" / name) as carried:
            assert carried.format == "PNG"
    log = (tmp_path / "book" / "manuscript" / "IMPORT.md").read_text("utf-8")
    assert [row[3] for row in rows(log, "Repaired")] == ["./page_files/late.png", "modern.png"]


MEANT = {
    "verse, a line a paragraph": "<p>The stick is full, the line is tight</p>"
                                 "<p>the quoins are turned to hold</p>",
    "a suspended hyphen": "<p>The pre- and post-war editions of the town's paper.</p>",
    "a hyphen in a word or a range": "<p>A well-known press, 1909-1911, and a re-issue.</p>",
    "code": "<p>Type <code>a - b</code> to subtract.</p><pre>x -y</pre>",
    "a stop before a lower-case paragraph": "<p>The long first paragraph of the piece, a line "
                                            "of print at least, which ends as it should.</p>"
                                            "<p>then a paragraph in lower case.</p>",
}


@pytest.mark.parametrize("case", list(MEANT))
def test_the_repairs_leave_what_is_meant(case: str) -> None:
    root = html.fragment_fromstring(f"<div>{MEANT[case]}</div>")
    assert not repair(root, lambda element: "page.html", "en-GB")
    assert html.tostring(root, encoding="unicode") == f"<div>{MEANT[case]}</div>"


NOT_PAGES = {
    "binary.html": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64),
    "plain.html": b"Just a few words, and no markup at all.\n",
    "empty.html": b"<!DOCTYPE html><html><head><title>Nothing</title></head><body></body></html>",
    "menu.html": b"<!DOCTYPE html><html><body><nav class='menu'><ul><li><a href='/'>Home</a>"
                 b"</li><li><a href='/news'>News</a></li></ul></nav></body></html>",
}


@pytest.mark.parametrize("name", list(NOT_PAGES))
def test_a_file_that_is_no_article_is_refused_in_one_line(tmp_path: Path, name: str) -> None:
    source = tmp_path / name
    source.write_bytes(NOT_PAGES[name])
    result = publish("import", str(source), "--to", str(tmp_path / "book"), cwd=tmp_path)
    assert result.returncode == 1
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert name in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "book").exists()
