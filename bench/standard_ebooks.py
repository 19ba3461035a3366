"""A Standard Ebooks repository made into a publish project, as an author would write it:
`manuscript/metadata.yaml` in pandoc's field names, and one Markdown file per top-level
division in `manuscript/chapters/` (its role in its front matter), the pictures it shows in
`manuscript/images/`. A very long book may be cut to a run of its divisions.

The repository is read by se_repository.py and its XHTML written as Markdown by se_markdown.py;
written for the sweep over real books (bench/sweep.py) with lxml alone, no code of Standard
Ebooks' own tools.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from lxml import etree
from se_markdown import Context, Conversion, block, escape, notes_markdown, protect_lines, words_of
from se_repository import (
    FRONT_ROLES,
    HEADLESS_ROLES,
    ROLES,
    Repository,
    children,
    find_repository,
    own_heading,
    read_package,
    read_text,
    toc_titles,
    types,
)

__all__ = ["Conversion", "Repository", "convert", "find_repository"]


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40] or "part"


def taken(root: etree._Element, take: tuple[str, str], name: str, report: Conversion
          ) -> list[etree._Element]:
    """The divisions from id `take[0]` to id `take[1]`, siblings at any depth (a run of chapters
    inside a part, say): each becomes a top-level division, as in a book of that part alone."""
    first = next(root.iterfind(f".//*[@id='{take[0]}']"), None)
    if first is None:
        raise ValueError(f"{name}: take={take[0]}: no division has that id")
    parent = first.getparent()
    assert parent is not None
    siblings = children(parent)
    ids = [s.get("id") for s in siblings]
    if take[1] not in ids:
        raise ValueError(f"{name}: take={take[0]}..{take[1]}: {take[1]} is not a sibling of "
                         f"{take[0]} (they are {', '.join(str(i) for i in ids)})")
    start, end = siblings.index(first), ids.index(take[1])
    chosen = siblings[start:end + 1]
    whole = sum(len(" ".join(d.itertext()).split()) for d in children(root))
    part = sum(len(" ".join(d.itertext()).split()) for d in chosen)
    report.left_out.append(f"{take[0]}..{take[1]}: {part:,} of {whole:,} words of the text")
    for division in chosen:  # each file's name goes with it for its note links
        if division.get("data-file") is None:
            division.set("data-file", next((d.get("data-file") for d in division.iterancestors()
                                            if d.get("data-file")), ""))
    return chosen


def convert(repo: Repository, name: str, target: Path, take: tuple[str, str] | None = None
            ) -> Conversion:
    """Write the publish project for the repository into `target` (its manuscript/ replaced);
    `take` = (first, last) ids of top-level divisions keeps that contiguous part alone."""
    report = Conversion(name)
    package = read_package(repo, name)
    root, notes, _files = read_text(repo, package)
    titles = toc_titles(repo)
    divisions = children(root)
    if take:
        divisions = taken(root, take, name, report)
    manuscript = target / "manuscript"
    if manuscript.exists():
        for path in sorted(manuscript.rglob("*"), reverse=True):
            path.unlink() if path.is_file() else path.rmdir()
    chapters = manuscript / "chapters"
    chapters.mkdir(parents=True)
    width = max(2, len(str(len(divisions))))
    number = 0
    roles = [next((ROLES[k] for k in sorted(types(d)) if k in ROLES), None) for d in divisions]
    # publish prints the front matter (its roles) before the text: a division of Standard
    # Ebooks' front matter with no such role (Machiavelli's essay, typed bibliography; the
    # Looking-Glass's chess problem, before its epigraph) is front matter to an author too.
    last_front = max((i for i, role in enumerate(roles) if role in FRONT_ROLES), default=-1)
    for index in range(max(last_front, 0)):
        division = divisions[index]
        if division.get("data-matter") == "frontmatter" and roles[index] not in FRONT_ROLES:
            report.left_out.append(f"{division.get('id')}: role introduction (Standard Ebooks: "
                                   f"{' '.join(sorted(types(division))) or 'none'})")
            roles[index] = "introduction"
    for division, role in zip(divisions, roles, strict=True):
        file = division.get("data-file", "")
        ctx = Context(package.lang, notes, file, manuscript / "images", repo, report)
        heading = own_heading(division)
        parts = block(division, ctx, package.lang, False, 1)
        if not parts:  # a frontispiece whose picture the snapshot lacks, say
            report.left_out.append(f"{division.get('id')}: nothing left to print")
            continue
        if heading is None and role not in HEADLESS_ROLES:
            # A division Standard Ebooks leaves untitled in the text (its title is in the
            # contents): an author gives it its heading. An epigraph or a dedication stays
            # headless, as the guide's manuscripts write them.
            ident = division.get("id", "")
            title = titles.get(f"{file}#{ident}") or titles.get(file) or (
                role or "Untitled").title()
            parts.insert(0, f"# {protect_lines(escape(title))}")
        body = "\n\n".join(parts)
        footnotes = notes_markdown(ctx, package.lang)
        front = f"---\nrole: {role}\n---\n\n" if role else ""
        text = front + body + ("\n\n" + footnotes if footnotes else "") + "\n"
        report.words += words_of(body) + words_of(footnotes)
        number += 1
        stem = division.get("id") or slug(body[:40])
        (chapters / f"{number:0{width}d}-{slug(stem)}.md").write_text(text, "utf-8")
        report.chapters += 1
    metadata = dict(package.metadata)
    (manuscript / "metadata.yaml").write_text(
        "# Converted from the Standard Ebooks repository by bench/standard_ebooks.py.\n"
        + yaml.safe_dump(metadata, allow_unicode=True, sort_keys=False, width=100), "utf-8")
    return report
