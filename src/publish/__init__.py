"""publish: one canonical Markdown manuscript, rendered as EPUB 3, print PDF and plain text."""

__version__ = "0.1.0"
