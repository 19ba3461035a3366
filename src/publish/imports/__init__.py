"""`publish import`: an archive's files (a saved web page, a Word file, an EPUB, a long
Markdown file) become a manuscript, every change the conversion makes logged in IMPORT.md."""
