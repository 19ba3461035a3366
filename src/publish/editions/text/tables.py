"""Tables in a monospace edition: aligned columns when they fit the measure, else a list of
rows, one "Header: value" line per cell."""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from publish.book.phrases import Phrases
from publish.editions.text.inline import QUOTE_INDENT, collapse, inline, wrap

COLUMN_GAP = "  "


@dataclass(frozen=True)
class Cell:
    text: str
    align: str  # left, right or center


def table_lines(element: etree._Element, width: int, say: Phrases) -> list[str]:
    """Aligned columns when the table fits the measure, else one entry per row."""
    rows: list[list[Cell]] = []
    header_rows = 0
    for row in element.iter("tr"):
        cells = [Cell(collapse(inline(cell, say).replace("\n", " ")).strip(),
                      cell_alignment(cell))
                 for cell in row if cell.tag in {"td", "th"}]
        parent = row.getparent()
        in_head = parent is not None and parent.tag == "thead"
        if header_rows == len(rows) and (in_head or all(cell.tag == "th" for cell in row)):
            header_rows += 1
        rows.append(cells)
    caption = element.find("caption")
    lines = ([*wrap(inline(caption, say).strip(), width=width), ""] if caption is not None
             else [])
    columns = max((len(row) for row in rows), default=0)
    widths = [max((len(row[index].text) for row in rows if index < len(row)), default=0)
              for index in range(columns)]
    if sum(widths) + len(COLUMN_GAP) * (columns - 1) <= width:
        return lines + aligned_rows(rows, header_rows, widths)
    return lines + row_entries(rows, header_rows, width)


def cell_alignment(cell: etree._Element) -> str:
    """How a cell's column is aligned, from Python-Markdown's style or an HTML align."""
    style = cell.get("style", "").replace(" ", "")
    for align in ("right", "center"):
        if f"text-align:{align}" in style or cell.get("align") == align:
            return align
    return "left"


def aligned_rows(rows: list[list[Cell]], header_rows: int, widths: list[int]) -> list[str]:
    """Columns padded to their widest cell; a rule of hyphens under the header rows."""
    def pad(cell: Cell, width: int) -> str:
        if cell.align == "right":
            return cell.text.rjust(width)
        return cell.text.center(width) if cell.align == "center" else cell.text.ljust(width)
    lines = []
    for index, row in enumerate(rows):
        if index == header_rows and header_rows:
            lines.append(COLUMN_GAP.join("-" * width for width in widths))
        lines.append(COLUMN_GAP.join(pad(cell, widths[column])
                                     for column, cell in enumerate(row)).rstrip())
    return lines


def row_entries(rows: list[list[Cell]], header_rows: int, width: int) -> list[str]:
    """A table too wide for the measure: its columns named once ("Member / Colony / ..."),
    then each row a group of "Header: value" lines."""
    headers = [cell.text for cell in rows[header_rows - 1]] if header_rows else []
    lines: list[str] = wrap(" / ".join(header for header in headers if header), width=width,
                            hanging=" " * QUOTE_INDENT)
    for row in rows[header_rows:]:
        if lines:
            lines.append("")
        for column, cell in enumerate(row):
            label = f"{headers[column]}: " if column < len(headers) and headers[column] else ""
            lines += wrap(label + cell.text, width=width, hanging=" " * QUOTE_INDENT)
    return lines
