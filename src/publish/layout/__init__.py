"""The third stage: the print layout, done once per build with WeasyPrint.

typeset_book() lays the print document (html) out and returns a Typeset: the interior PDF and
its page map (printed), which says where each printed page begins in the Book's text, so the
EPUB and the text edition carry the printed book's page numbers (page_breaks). engine holds
what every WeasyPrint render of this project shares: fonts, profile and images from memory
(fetcher), fixed timestamps, the PDFs' identifiers and metadata (xmp).

This package's __init__ imports nothing, so the types in printed.py can be used without
loading WeasyPrint.
"""
