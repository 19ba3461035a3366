"""The third stage: the print layout, with WeasyPrint.

typeset_book() lays the print document (html) out a unit at a time (units): the preliminary
pages with the front matter, and each division of the text, which opens on a recto and so
depends on nothing before it. The units are laid out at once on worker processes (workers,
unit_layout), kept between builds (cache), and assembled into one PDF (assemble, font_union),
the text's folios laid over its pages once the page count is known (folios). Besides the PDF,
the Typeset holds the page map (printed), which says where each printed page begins in the
Book's text, so the EPUB and the text edition carry the printed book's page numbers
(page_breaks). engine holds what every WeasyPrint render of this project shares: fonts,
profile and images from memory (fetcher), fixed timestamps, the PDFs' identifiers and metadata
(xmp).

This package's __init__ imports nothing, so the types in printed.py can be used without
loading WeasyPrint.
"""
