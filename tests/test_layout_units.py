"""The print layout by units (layout/units.py): each division of the text laid out apart, in
worker processes, kept in a cache, and assembled into the pages one whole-book layout makes."""

from __future__ import annotations

import hashlib
import io
import re
import shutil
import socket
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import Executor, Future
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pdfplumber
import pikepdf
import pytest
from conftest import RecordingKeep
from lxml import etree
from weasyprint.layout import page as weasyprint_pages

from publish.book import parse
from publish.book.make import make_book
from publish.book.model import Book
from publish.book.parse import Parser
from publish.kept import made
from publish.layout.cache import FORMAT, LayoutCache, encoded
from publish.layout.engine import pdf_bytes
from publish.layout.folios import only_folios, without_folios
from publish.layout.margin_boxes import resolve_unless_hidden, skip_hidden_margin_boxes
from publish.layout.printed import LaidPage, Spot, UnitLayout
from publish.layout.typeset import document_layout, typeset_book
from publish.layout.workers import Layouts, local_pool
from publish.project import Project
from publish.settings import Settings
from publish.source.manuscript import read_manuscript
from publish.source.styles import Styles

ROOT = Path(__file__).resolve().parent.parent
BOOKS = ROOT / "tests" / "manuscripts"
PDF = "build/the-coup-in-chile.pdf"
EDITIONS = ("the-coup-in-chile.epub", "the-coup-in-chile.pdf", "the-coup-in-chile-cover.pdf",
            "the-coup-in-chile.txt")
DASK = str(Path(sys.executable).with_name("dask"))  # the cluster extra's command
LAID_OUT = re.compile(r"laid out (.+?)( \(cached\))? \[\d+/\d+\]")


def publish(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "publish", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=600, check=False)


def units_reported(result: subprocess.CompletedProcess[str]) -> dict[str, bool]:
    """Each unit the build reported, and whether it came from the cache."""
    return {match[1]: bool(match[2]) for match in LAID_OUT.finditer(result.stderr)}


def digests(project: Path) -> dict[str, str]:
    return {name: hashlib.sha256((project / "build" / name).read_bytes()).hexdigest()
            for name in EDITIONS}


def page_texts(pdf: bytes) -> list[str]:
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return [page.extract_text() or "" for page in document.pages]


@pytest.fixture(scope="module")
def cold(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """This book built once with two workers and an empty cache."""
    project = tmp_path_factory.mktemp("units") / "chile"
    shutil.copytree(ROOT / "manuscript", project / "manuscript")
    result = publish("build", "--jobs", "2", cwd=project)
    assert result.returncode == 0, result.stderr
    return project


@pytest.mark.parametrize("book", ["chile", "sampler", "long_book"])
def test_units_set_every_page_as_the_whole_book_layout_does(
        book: str, request: pytest.FixtureRequest, settings: Settings) -> None:
    """Same words on every page, running heads and folios included, and the contents' page
    numbers: the units' layout against one WeasyPrint layout of the whole document."""
    loaded: tuple[Book, Styles] = request.getfixturevalue(book)
    book_, styles = loaded
    units = page_texts(typeset_book(book_, styles, settings).pdf)
    whole = page_texts(pdf_bytes(document_layout(book_, styles, settings), book_,
                                 book_.metadata.print_identifier, settings.pdf_variant))
    assert len(units) in (len(whole), len(whole) + 1)  # the whole layout is not made even
    assert units[:len(whole)] == whole
    assert len(units) % 2 == 0


def test_the_folio_documents_lay_out_only_the_boxes_that_show_a_folio() -> None:
    """The divisions draw every margin box but the folios; the folio documents only those."""
    sheet = """@page :left { @top-left { content: string(title); }
                            @bottom-left { content: counter(page); } }
               @page :right { @top-right { content: "p. " counter(page, lower-roman); }
                             @bottom-center { content: string(title) " " counter(page); } }
               @page :left { @top-right { content: string(section); } }
               @page { @bottom-right-corner { content: counters(pages, "."); } }"""
    emptied = re.findall(r"@([a-z-]+) \{ content: none !important; \}", only_folios([sheet]))
    assert emptied == ["top-left"]
    assert [line.split("{")[1].strip(" @") for line in without_folios([sheet]).splitlines()] == [
        "bottom-left", "top-right", "bottom-center", "bottom-right-corner"]


def test_skipping_the_margin_boxes_a_page_hides_changes_no_page(
        sampler: tuple[Book, Styles], settings: Settings) -> None:
    """WeasyPrint resolves every margin box's sizes before it zeroes the hidden ones'
    (margin_boxes.py): the book laid out with that step skipped and without is the same file,
    with a publisher's margin boxes sized in percentages beside hidden ones."""
    book, styles = sampler
    styles = replace(styles, print=styles.print + """
        @page :left { @top-left { content: none; width: 30%; margin-right: 5%; }
                      @top-right { content: "verso"; width: 40%; padding: 2% 1%; } }
        @page :right { @bottom-left { content: counter(page); width: 20%; }
                       @bottom-center { content: none; width: 50%; border: 1pt solid; } }""")
    assert weasyprint_pages.resolve_percentages is resolve_unless_hidden  # as engine.py set it
    skipped = typeset_book(book, styles, settings).pdf
    skip_hidden_margin_boxes(False)
    try:
        assert typeset_book(book, styles, settings).pdf == skipped
    finally:
        skip_hidden_margin_boxes()


def test_a_folio_showing_the_page_count_shows_the_books(tmp_path: Path) -> None:
    """counter(pages) is the whole book's page count, on the front unit's pages and the text's,
    though each unit is laid out alone (WeasyPrint's counts the unit's own)."""
    shutil.copytree(ROOT / "manuscript", tmp_path / "manuscript")
    (tmp_path / "styles").mkdir()
    (tmp_path / "styles" / "print.css").write_text(
        '@page text:right { @bottom-right { content: counter(page) " of " counter(pages); } }\n'
        "@page front:right { @bottom-right { content: counter(page, lower-roman) "
        '" in all " counters(pages, ".", upper-roman); } }\n')
    result = publish("build", "pdf", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    texts = page_texts((tmp_path / PDF).read_bytes())
    text = [found[1] for page in texts if (found := re.search(r"\d+ of (\w+)$", page))]
    front = [found[1] for page in texts if (found := re.search(r"[ivx]+ in all (\w+)$", page))]
    assert len(text) >= 4 and len(front) >= 2
    assert set(text) == {str(len(texts))}
    assert set(front) == {"XX"} and len(texts) == 20


def test_each_face_is_embedded_once(cold: Path) -> None:
    with pikepdf.open(cold / PDF) as pdf:
        fonts: dict[str, set[tuple[int, int]]] = {}
        for page in pdf.pages:
            for _, font in page.Resources.Font.items():
                fonts.setdefault(str(font.BaseFont), set()).add(font.objgen)
        profiles = {space[1].objgen for page in pdf.pages
                    for _, space in page.Resources.get("/ColorSpace", {}).items()
                    if isinstance(space, pikepdf.Array) and space[0] == "/ICCBased"}
    assert fonts and all(len(objects) == 1 for objects in fonts.values()), fonts
    assert len(profiles) == 1


def test_one_and_two_workers_give_the_same_bytes(cold: Path, tmp_path: Path) -> None:
    shutil.copytree(cold / "manuscript", tmp_path / "manuscript")
    result = publish("build", "--jobs", "1", "--no-cache", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert digests(tmp_path) == digests(cold)
    assert not (tmp_path / "build" / ".layout-cache").exists()


def test_a_second_build_lays_nothing_out(cold: Path) -> None:
    before = digests(cold)
    result = publish("build", cwd=cold)
    assert result.returncode == 0, result.stderr
    reported = units_reported(result)
    assert len(reported) == 7 and all(reported.values()), result.stderr  # 5 + front + folios
    assert digests(cold) == before


def test_an_epub_alone_takes_its_page_numbers_from_the_cache(cold: Path) -> None:
    result = publish("build", "epub", cwd=cold)
    assert result.returncode == 0, result.stderr
    assert units_reported(result) and all(units_reported(result).values())


def test_an_edit_to_one_chapter_lays_out_that_chapter_again(cold: Path, tmp_path: Path
                                                              ) -> None:
    project = tmp_path / "edited"
    shutil.copytree(cold, project)
    chapter = next((project / "manuscript" / "chapters").glob("03-*.md"))
    chapter.write_text(chapter.read_text("utf-8").replace(" coup ", " putsch ", 1), "utf-8")
    result = publish("build", cwd=project)
    assert result.returncode == 0, result.stderr
    again = {name for name, cached in units_reported(result).items() if not cached}
    assert again == {"the-bourgeoisie-chooses-the-path-of-a-military"}, result.stderr
    assert "putsch" in "".join(page_texts((project / PDF).read_bytes()))


def test_a_glyph_new_to_a_chapter_but_not_to_the_book_keeps_the_faces_unions(
        cold: Path, tmp_path: Path) -> None:
    """A character new to one chapter but drawn in another changes that division's subset of
    the body face, not the union of the subsets (font_union.union_key): the union kept is
    used, and the PDF is the one a build without a cache makes. (The last chapter's: the
    first's subset is the union's base, whose tables the union keeps, so an edit there makes
    the union again.)"""
    project = tmp_path / "glyph"
    shutil.copytree(cold, project)
    chapters = sorted((project / "manuscript" / "chapters").glob("*.md"))
    texts = {chapter: chapter.read_text("utf-8") for chapter in chapters}
    chapter, character = next(
        (chapter, character) for chapter in reversed(chapters) for character in "0123456789"
        if character not in texts[chapter]
        and any(character in text for other, text in texts.items() if other != chapter))
    heading, _, rest = texts[chapter].partition("\n\n")
    chapter.write_text(f"{heading}\n\nIn {character} words. {rest}", "utf-8")
    cache = project / "build" / ".layout-cache"
    before = set(cache.glob("*.layout"))
    result = publish("build", cwd=project)
    assert result.returncode == 0, result.stderr
    assert sum(not cached for cached in units_reported(result).values()) == 1, result.stderr
    # Made again: the division's layout, its chapter file's typeset Markdown and lint findings,
    # the chapter's lines in the text edition; and the union, found under what it is made from,
    # kept under the subsets' new digests too (a union made again would be kept under both
    # keys: one more entry).
    assert len(set(cache.glob("*.layout")) - before) == 5
    fresh = tmp_path / "fresh"
    shutil.copytree(project / "manuscript", fresh / "manuscript")
    assert publish("build", "pdf", "--no-cache", cwd=fresh).returncode == 0
    assert (fresh / PDF).read_bytes() == (project / PDF).read_bytes()


@dataclass(frozen=True)
class StandInJob:
    """What Layouts.lay_out reads of a job."""

    name: str
    key: str
    markup: str = ""


class RecordingExecutor(Executor):
    """Lays nothing out: records what is sent, and gives `layout` back at once."""

    def __init__(self, events: list[tuple[str, str]], layout: UnitLayout) -> None:
        self.events, self.layout = events, layout

    def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> Future[Any]:
        self.events.append(("sent", args[0].name))
        future: Future[Any] = Future()
        future.set_result(self.layout)
        return future


def test_what_the_cache_lacks_is_sent_before_the_rest_is_read(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A worker starts on an edited chapter while the build reads the other chapters' kept
    layouts; one found damaged on reading is sent then."""
    cache = LayoutCache(tmp_path)
    layout = UnitLayout(b"%PDF-1.7 stand-in", (), 36.0)
    for key in ("kept-1", "damaged", "kept-2"):
        cache.put(key, layout)
    (tmp_path / "damaged.layout").write_bytes(b"not a layout\n")
    events: list[tuple[str, str]] = []
    reading = LayoutCache.get

    def get(self: LayoutCache, key: str) -> UnitLayout | None:
        events.append(("read", key))
        return reading(self, key)

    monkeypatch.setattr(LayoutCache, "get", get)
    jobs: Any = [StandInJob(key, key) for key in ("kept-1", "new", "damaged", "kept-2")]
    laid = Layouts(RecordingExecutor(events, layout)).lay_out(jobs, cache)
    assert events == [("sent", "new"), ("read", "kept-1"), ("read", "damaged"),
                      ("sent", "damaged"), ("read", "kept-2")]
    assert laid == [layout] * 4
    assert cache.get("damaged") == layout  # laid out again, and kept


def test_damaged_cache_entries_are_never_used(cold: Path, tmp_path: Path) -> None:
    project = tmp_path / "damaged"
    shutil.copytree(cold, project)
    everything = sorted((project / "build" / ".layout-cache").glob("*.layout"))
    entries = [entry for entry in everything if entry.read_bytes().startswith(FORMAT)]
    # Each chapter file's typeset Markdown, lint findings and lines in the text edition (the
    # files are the book's six divisions), the body face's cuts and their
    # static faces (regular and bold) for the layout and their unions in the assembled PDF
    # (roman and italic, each under two keys), the EPUB's regular and italic faces, its cover
    # image, the print cover, and the hyphenation patterns of English and Spanish.
    kept = [entry for entry in everything if entry not in entries]
    chapters = len(list((project / "manuscript" / "chapters").glob("*.md")))
    assert len(entries) == 7 and len(kept) == 3 * chapters + 16
    for entry in kept:
        entry.write_bytes(entry.read_bytes()[:-100])
    truncated, flipped, foreign, swapped = entries[:4]
    truncated.write_bytes(truncated.read_bytes()[:-500])
    data = bytearray(flipped.read_bytes())
    data[len(data) // 2] ^= 0x20
    flipped.write_bytes(bytes(data))
    foreign.write_bytes(b"not a layout at all\n" * 50)
    swapped.write_bytes(entries[4].read_bytes())  # a sound entry, under another key
    result = publish("build", cwd=project)
    assert result.returncode == 0, result.stderr
    assert sum(not cached for cached in units_reported(result).values()) == 4, result.stderr
    assert digests(project) == digests(cold)


def test_the_cache_keeps_to_its_limit_dropping_the_least_recently_used(tmp_path: Path) -> None:
    layout = UnitLayout(b"%PDF-1.4\n" + b"x" * 1000,
                        (LaidPage("text", False, Spot("c", 0, 0, 0)),), 63.0, ("a warning",))
    size = len(encoded("k0", layout))
    cache = LayoutCache(tmp_path, limit=3 * size)
    for number in range(3):
        cache.put(f"k{number}", layout)
    assert cache.get("k0") == layout  # used: now the most recent
    cache.put("k3", layout)
    assert len(list(tmp_path.glob("*.layout"))) == 4  # over the limit until room is made
    cache.make_room()
    assert cache.get("k1") is None
    assert cache.get("k0") == layout and cache.get("k3") == layout
    assert len(list(tmp_path.glob("*.layout"))) == 3


def test_progress_names_each_unit(cold: Path, tmp_path: Path) -> None:
    shutil.copytree(cold / "manuscript", tmp_path / "manuscript")
    result = publish("build", "txt", "--page-markers", "--no-cache", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert {"front matter", "an-inevitable-confrontation", "folios 1-12"} <= set(
        units_reported(result)), result.stderr


@pytest.fixture(scope="module")
def local_cluster() -> Iterator[str]:
    """A Dask scheduler and two workers, each its own process, on this machine's loopback."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    address = f"tcp://127.0.0.1:{port}"
    commands = [[DASK, "scheduler", "--host", "127.0.0.1", "--port", str(port),
                 "--no-dashboard"]] + [
        [DASK, "worker", address, "--nworkers", "1", "--nthreads", "1", "--no-dashboard",
         "--host", "127.0.0.1"] for _ in range(2)]
    processes = [subprocess.Popen(commands[0], stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL)]
    try:
        from distributed import Client

        processes += [subprocess.Popen(command, stdout=subprocess.DEVNULL,
                                       stderr=subprocess.DEVNULL) for command in commands[1:]]
        with Client(address, timeout="30s") as client:
            client.wait_for_workers(2, timeout=60)
        yield address
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=30)


def test_a_dask_cluster_lays_the_book_out_to_the_same_bytes(
        cold: Path, tmp_path: Path, local_cluster: str) -> None:
    from distributed import Client

    shutil.copytree(cold / "manuscript", tmp_path / "manuscript")
    result = publish("build", "--no-cache", "--scheduler", local_cluster, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert digests(tmp_path) == digests(cold)
    with Client(local_cluster, timeout="30s") as client:
        ran = client.run_on_scheduler(lambda dask_scheduler: sorted(dask_scheduler.task_prefixes))
    assert "laid_out" in ran  # the units, on the cluster's workers


def test_no_scheduler_is_one_line_and_exit_1(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "manuscript", tmp_path / "manuscript")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = publish("build", "pdf", "--scheduler", f"tcp://127.0.0.1:{port}", cwd=tmp_path)
    assert result.returncode == 1
    assert "no Dask scheduler answers at tcp://127.0.0.1:" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "build" / "the-coup-in-chile.pdf").exists()


def test_a_chapter_parsed_once_is_read_back_the_same(keep: RecordingKeep) -> None:
    text = next((ROOT / "manuscript" / "chapters").glob("03-*.md")).read_text("utf-8")
    first, again = (etree.tostring(Parser("en-GB", keep).parse(text), encoding="unicode")
                    for _ in range(2))
    assert first == again == etree.tostring(Parser("en-GB").parse(text), encoding="unicode")
    assert len(keep.made) == 1
    assert "’" in first  # kept as typeset: the text's apostrophes curled


def test_chapters_parsed_ahead_by_the_workers_make_the_same_book(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A cold build of a long book has the workers parse its chapters while this process
    lints them (parse_ahead): only what the cache lacks, in batches, in the book's order; the
    Book is the one parsed here. A few chapters' worth is parsed here, nothing sent."""
    monkeypatch.setattr(parse, "AHEAD_BATCH", 3_000)  # a chapter or two at a time
    manuscript = read_manuscript(Project.at(ROOT))
    lang, texts = manuscript.metadata.lang, [source.text for source in manuscript.chapters]
    held = parse.parse_key(lang, texts[0])
    sent: list[list[str]] = []
    with local_pool(2) as layouts:
        def start(function: Any, *arguments: Any) -> Any:
            sent.append(list(arguments[1]))
            return layouts.start(function, *arguments)
        keep = parse.parse_ahead(lang, texts, made, lambda key: key == held, start)
        assert 1 < len(sent) < len(texts) - 1
        assert [text for batch in sent for text in batch] == texts[1:]
        assert make_book(manuscript, keep) == make_book(manuscript)
    sent.clear()
    monkeypatch.setattr(parse, "AHEAD_BATCH", sum(map(len, texts)))
    assert parse.parse_ahead(lang, texts, made, lambda key: False, start) is made
    assert not sent
