"""The plain-text editions: UTF-8 (utf8) and its ASCII transliteration (ascii), both written
by document from the Book, with blocks and tables set in a 72-column monospace measure."""
