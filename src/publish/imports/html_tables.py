"""An HTML table as a pipe table: one line per row, a cell's paragraphs joined, a spanning
cell set in the first of its columns, the header row's alignment kept; each such change
logged."""

from __future__ import annotations

from collections.abc import Callable

from lxml import etree

from publish.imports.html_text import local, pipe_row, text_of
from publish.imports.imported import ChangeKind

Log = Callable[[ChangeKind, etree._Element, str, str], None]


def pipe_table(element: etree._Element, cell_blocks: Callable[[etree._Element], list[str]],
               log: Log) -> str:
    """The table's rows as Markdown ("" for a table with none); `cell_blocks` converts a
    cell's content, `log` records a change."""
    rows = [row for row in element.iter() if local(row) == "tr"]
    if not rows:
        return ""
    grid: list[list[str]] = []
    group = rows[0].getparent()
    header_given = all(local(cell) == "th" for cell in cells_of(rows[0])) or (
        group is not None and local(group) == "thead")
    for row in rows:
        cells: list[str] = []
        for cell in cells_of(row):
            blocks = cell_blocks(cell)
            if len(blocks) > 1:
                log(ChangeKind.JOINED, cell, "a table cell's paragraphs, joined into one line "
                    "(a pipe table's cell holds one)", text_of(cell))
            cells.append(" ".join(" ".join(blocks).split()).replace("|", "\\|"))
            span = cell.get("colspan", "1")
            if span.isdigit() and int(span) > 1:
                log(ChangeKind.REPAIRED, cell, f"a cell spanning {span} columns, set in the "
                    "first of them", text_of(cell))
                cells += [""] * (int(span) - 1)
        grid.append(cells)
    width = max(len(row) for row in grid)
    grid = [row + [""] * (width - len(row)) for row in grid]
    if not header_given:
        log(ChangeKind.GUESSED, element, "a table's first row taken as its header",
            " | ".join(grid[0]))
    rules = [rule(cell) for cell in cells_of(rows[0])] + ["---"] * width
    return "\n".join([pipe_row(grid[0]), pipe_row(rules[:width]), *map(pipe_row, grid[1:])])


def cells_of(row: etree._Element) -> list[etree._Element]:
    return [cell for cell in row if local(cell) in ("td", "th")]

def rule(cell: etree._Element) -> str:
    """A pipe table's delimiter for a column, its alignment the header cell's."""
    style = (cell.get("style") or "").replace(" ", "").lower()
    align = (cell.get("align") or "").lower() or next(
        (side for side in ("right", "center", "left") if f"text-align:{side}" in style), "")
    return {"right": "---:", "center": ":---:", "left": ":---"}.get(align, "---")



