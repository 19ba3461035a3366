"""A Word file (DOCX) for the import's tests, its OOXML parts written with zipfile: python-docx
writes no footnotes, and the parts are few. The prose is written for these tests (CC0).

It holds what `publish import` must carry: a Title, headings by Word's styles, a footnote and
an endnote, italic and bold, a bulleted and a numbered list, a table with a header row, a
picture with alt text, a block quotation in Word's Quote style, a paragraph in a style no
map knows, a hyphen typed for a dash, Word's invisible characters (a soft hyphen, a
zero-width space, a run of no-break spaces, a bookmark in the quotation), and what is not the
text: a page header and a reviewer's comment.

    python tests/imports/word_file.py DIR    writes DIR/country-printer.docx
"""

from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

from PIL import Image, ImageDraw

NAME = "country-printer.docx"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
TITLE = "Notes on a Country Printer"
CREATOR = "Owen Ferrier"
ALT = "A hand press with its platen raised"
HEADER = "Country printer, second draft"  # a page header, which the book does not keep
COMMENT = "Check the year of the daybook."  # a reviewer's comment, not the text
DELETED = "on a hired cart"  # struck out by change tracking: not the text
# Each paragraph of the body in order: (style or "", runs); a run is (text, "i", "b" or "";
# "del" or "ins", change tracking's deletion or insertion) or a note ("footnote" or
# "endnote", its text). The tests count the words of this list.
SHY, ZWSP, NBSP = "\u00ad", "\u200b", "\u00a0"
FOOTNOTE = "The shop's daybook for 1902 lists forty-one customers by name."
ENDNOTE = "The press itself went to the county museum when the shop closed."
Body = tuple[tuple[str, tuple[tuple[str, str], ...]], ...]
BODY: Body = (
    ("Title", ((TITLE, ""),)),
    ("Heading1", (("The shop", ""),)),
    ("", (("The printer kept his shop in a ", ""), ("narrow", "i"), (" house behind the market, "
          "and he printed whatever the town asked of him.", ""), ("footnote", FOOTNOTE))),
    ("", (("His ledgers show ", ""), ("three", "b"), (" kinds of work: bills for the auctions, "
          f"tickets for the dances, and the parish maga{SHY}zine every month.", ""))),
    ("Quote", (("A printer who waits for fine work will wait a long time for his dinner.", ""),)),
    ("", (("He set each job by hand, and he kept his type in this order:", ""),)),
    ("ListBullet", (("the capitals in the upper case", ""),)),
    ("ListBullet", (("the small letters in the lower case", ""),)),
    ("ListBullet", (("the spaces and rules in a drawer of their own", ""),)),
    ("Heading1", (("The customers", ""),)),
    ("", (("Most customers paid in coin - some paid in eggs, and one in firewood.", ""),
          ("endnote", ENDNOTE))),
    ("FancyBody", (("The auctioneer was the best of them, for he paid before the job was "
                    "done.", ""),)),
    ("ListNumber", (("Set the type.", ""),)),
    ("ListNumber", (("Pull a proof and correct it.", ""),)),
    ("", (("The press came to the town ", ""), (DELETED + " ", "del"),
          ("in the spring", ""), (" of 1879", "ins"), (".", ""))),
    ("", ((f"A proof cost the customer nothing,{NBSP}{NBSP} and a second proof cost a penny "
           f"for the paper{ZWSP}.", ""),)),
)
TABLE = (("Work", "Copies", "Price"), ("Auction bill", "200", "4s"),
         ("Dance ticket", "500", "6s"))
PICTURE_AFTER = 4  # the picture's paragraph comes after the body's fifth paragraph
TABLE_AFTER = 11  # and the table after the auctioneer


def run(text: str, style: str) -> str:
    if style == "del":
        return ('<w:del w:id="90" w:author="An editor"><w:r><w:delText xml:space="preserve">'
                f"{escape(text)}</w:delText></w:r></w:del>")
    if style == "ins":
        return f'<w:ins w:id="91" w:author="An editor">{run(text, "")}</w:ins>'
    marks = {"i": "<w:i/>", "b": "<w:b/>"}.get(style, "")
    properties = f"<w:rPr>{marks}</w:rPr>" if marks else ""
    return f'<w:r>{properties}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def paragraph(style: str, runs: tuple[tuple[str, str], ...], notes: list[str]) -> str:
    numbering = {"ListBullet": (1,), "ListNumber": (2,)}.get(style)
    properties = (f'<w:pStyle w:val="{style}"/>' if style else "") + (
        f'<w:numPr><w:ilvl w:val="0"/><w:numId w:val="{numbering[0]}"/></w:numPr>'
        if numbering else "")
    parts = []
    for text, kind in runs:
        if text in ("footnote", "endnote"):
            kind = text
            notes.append(kind)
            number = notes.count(kind)
            parts.append(f'<w:r><w:rPr><w:rStyle w:val="{kind.title()}Reference"/></w:rPr>'
                         f'<w:{kind}Reference w:id="{number}"/></w:r>')
            if kind == "footnote":  # the reviewer's comment hangs on the footnote's call
                parts.append('<w:r><w:commentReference w:id="0"/></w:r>')
        else:
            parts.append(run(text, kind))
    bookmark = ('<w:bookmarkStart w:id="0" w:name="_Ref482"/><w:bookmarkEnd w:id="0"/>'
                if style == "Quote" else "")

    return f"<w:p><w:pPr>{properties}</w:pPr>{bookmark}{''.join(parts)}</w:p>"


def table() -> str:
    header = "<w:trPr><w:tblHeader/></w:trPr>"
    rows = "".join(f"<w:tr>{header if number == 0 else ''}" + "".join(
        f"<w:tc><w:p>{run(cell, 'b' if number == 0 else '')}</w:p></w:tc>" for cell in row)
        + "</w:tr>" for number, row in enumerate(TABLE))
    return f'<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/></w:tblPr>{rows}</w:tbl>'


def picture() -> str:
    return (
        '<w:p><w:r><w:drawing><wp:inline xmlns:wp="http://schemas.openxmlformats.org/'
        'drawingml/2006/wordprocessingDrawing"><wp:extent cx="2743200" cy="1714500"/>'
        f'<wp:docPr id="1" name="Picture 1" descr="{ALT}"/>'
        '<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
        '<a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">'
        '<pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture">'
        '<pic:nvPicPr><pic:cNvPr id="1" name="press.png"/><pic:cNvPicPr/></pic:nvPicPr>'
        f'<pic:blipFill><a:blip r:embed="rIdPicture" xmlns:r="{R}"/></pic:blipFill>'
        '<pic:spPr/></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>')


def document(paragraphs: Body) -> tuple[str, list[str]]:
    notes: list[str] = []
    body = []
    for index, (style, runs) in enumerate(paragraphs):
        body.append(paragraph(style, runs, notes))
        if index == PICTURE_AFTER:
            body.append(picture())
        if index == TABLE_AFTER:
            body.append(table())
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            f'<w:document xmlns:w="{W}" xmlns:r="{R}"><w:body>{"".join(body)}'
            "<w:sectPr/></w:body></w:document>"), notes


def notes_part(kind: str, text: str) -> str:
    """footnotes.xml or endnotes.xml: Word's two separator notes, then the one note."""
    separators = "".join(f'<w:{kind} w:type="{type_}" w:id="{number}"><w:p><w:r>'
                         f"<w:{'separator' if number < 0 else 'continuationSeparator'}/>"
                         f"</w:r></w:p></w:{kind}>"
                         for type_, number in (("separator", -1),
                                               ("continuationSeparator", 0)))
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:{kind}s xmlns:w="{W}">'
            f'{separators}<w:{kind} w:id="1"><w:p><w:pPr><w:pStyle w:val="{kind.title()}Text"/>'
            f'</w:pPr><w:r><w:rPr><w:rStyle w:val="{kind.title()}Reference"/></w:rPr>'
            f"<w:{kind}Ref/></w:r>{run(' ' + text, '')}</w:p></w:{kind}></w:{kind}s>")


STYLES = (("paragraph", "Title", "Title"), ("paragraph", "Heading1", "heading 1"),
          ("paragraph", "Heading2", "heading 2"),
          ("paragraph", "Quote", "Quote"), ("paragraph", "ListBullet", "List Bullet"),
          ("paragraph", "ListNumber", "List Number"), ("paragraph", "FancyBody", "Fancy Body"),
          ("paragraph", "FootnoteText", "footnote text"),
          ("paragraph", "EndnoteText", "endnote text"),
          ("character", "FootnoteReference", "footnote reference"),
          ("character", "EndnoteReference", "endnote reference"),
          ("table", "TableGrid", "Table Grid"))


def styles() -> str:
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:styles xmlns:w="{W}">'
            + "".join(f'<w:style w:type="{kind}" w:styleId="{ident}"><w:name w:val="{name}"/>'
                      "</w:style>" for kind, ident, name in STYLES) + "</w:styles>")


def numbering() -> str:
    levels = {1: ("bullet", "•"), 2: ("decimal", "%1.")}
    abstract = "".join(
        f'<w:abstractNum w:abstractNumId="{number}"><w:lvl w:ilvl="0"><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/></w:lvl></w:abstractNum>'
        for number, (fmt, text) in levels.items())
    nums = "".join(f'<w:num w:numId="{number}"><w:abstractNumId w:val="{number}"/></w:num>'
                   for number in levels)
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            f'<w:numbering xmlns:w="{W}">{abstract}{nums}</w:numbering>')


def core() -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><cp:coreProperties xmlns:cp='
        '"http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{TITLE}</dc:title><dc:creator>{CREATOR}</dc:creator>"
        "<dc:subject>Printing history</dc:subject>"
        "<dc:description>A country printer's shop, its work and its customers.</dc:description>"
        "<dc:language>en-GB</dc:language>"
        '<dcterms:created xsi:type="dcterms:W3CDTF">2024-03-02T09:00:00Z</dcterms:created>'
        "</cp:coreProperties>")


def press() -> bytes:
    picture = Image.new("RGB", (300, 190), (245, 242, 235))
    draw = ImageDraw.Draw(picture)
    draw.rectangle((60, 120, 240, 170), outline=(40, 40, 40), width=3)
    draw.rectangle((90, 30, 210, 60), fill=(80, 80, 80))
    draw.line((150, 60, 150, 120), fill=(40, 40, 40), width=4)
    buffer = io.BytesIO()
    picture.save(buffer, "PNG")
    return buffer.getvalue()


def parts(paragraphs: Body) -> dict[str, str | bytes]:
    body, _ = document(paragraphs)
    content_types = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.'
        'openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType='
        '"application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
        'ContentType="application/xml"/><Default Extension="png" ContentType="image/png"/>'
        + "".join(f'<Override PartName="/word/{part}.xml" ContentType="application/vnd.'
                  f'openxmlformats-officedocument.wordprocessingml.{kind}+xml"/>'
                  for part, kind in (("document", "document.main"), ("styles", "styles"),
                                     ("numbering", "numbering"), ("footnotes", "footnotes"),
                                     ("endnotes", "endnotes")))
        + '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-'
        'package.core-properties+xml"/></Types>')
    office = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    document_rels = "".join(
        f'<Relationship Id="rId{kind}" Type="{office}/{kind}" Target="{kind}.xml"/>'
        for kind in ("styles", "numbering", "footnotes", "endnotes"))
    return {
        "[Content_Types].xml": content_types,
        "_rels/.rels": f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns='
                       f'"{PACKAGE_RELS}"><Relationship Id="rId1" Type="{office}/officeDocument"'
                       ' Target="word/document.xml"/><Relationship Id="rId2" Type="http://'
                       'schemas.openxmlformats.org/package/2006/relationships/metadata/'
                       'core-properties" Target="docProps/core.xml"/></Relationships>',
        "word/document.xml": body,
        "word/_rels/document.xml.rels": f'<?xml version="1.0" encoding="UTF-8"?><Relationships'
                                        f' xmlns="{PACKAGE_RELS}">{document_rels}<Relationship'
                                        f' Id="rIdPicture" Type="{office}/image" '
                                        'Target="media/image1.png"/></Relationships>',
        "word/styles.xml": styles(),
        "word/numbering.xml": numbering(),
        "word/footnotes.xml": notes_part("footnote", FOOTNOTE),
        "word/endnotes.xml": notes_part("endnote", ENDNOTE),
        "word/media/image1.png": press(),
        "word/header1.xml": f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                            f'<w:hdr xmlns:w="{W}"><w:p>{run(HEADER, "")}</w:p></w:hdr>',
        "word/comments.xml": f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                             f'<w:comments xmlns:w="{W}"><w:comment w:id="0" w:author="Editor">'
                             f"<w:p>{run(COMMENT, '')}</w:p></w:comment></w:comments>",
        "docProps/core.xml": core(),
    }


def write_word_file(directory: Path, paragraphs: Body = BODY, name: str = NAME) -> Path:
    """The DOCX in `directory` (its parts stored, not compressed, with fixed timestamps), of
    these paragraphs; its path."""
    path = directory / name
    directory.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w") as archive:
        for part, data in parts(paragraphs).items():
            archive.writestr(zipfile.ZipInfo(part, (2024, 3, 2, 9, 0, 0)), data)
    return path


if __name__ == "__main__":
    print(write_word_file(Path(sys.argv[1])))
