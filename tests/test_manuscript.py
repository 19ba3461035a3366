"""Faithfulness: the manuscript keeps every word of the archived text, in order.

The seed is the web extraction in ../shared/seed/. Its body (standfirst to the closing section)
and the manuscript's chapters are reduced to bare words (markup, quotation marks and dashes
removed, since repairing those is the recorded editorial work) and compared as sequences: the
only difference allowed is the one heading the editor added, listed in manuscript/EDITING.md.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT.parent / "shared" / "seed" / "000_b259be250d880f71.txt"
ADDED_BY_THE_EDITOR = [["introductory", "note"]]


def words(text: str) -> list[str]:
    text = re.sub(r"\{:[^}]*\}|</?span[^>]*>|\[\^[^\]]+\]|<!--.*?-->", "", text,
                  flags=re.DOTALL)  # attributes, notes, comments (a lint allowance)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)  # links keep their words
    return re.findall(r"[^\W_]+(?:['’][^\W_]+)*", text.replace("’", "'").lower())


def seed_body() -> str:
    assert SEED.is_file(), f"the archived text is missing: {SEED} (shared/ sits beside the clone)"
    lines = SEED.read_text("utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("**The coup in Chile"))
    end = next(i for i, line in enumerate(lines) if line.startswith("Source: International"))
    return "\n".join(lines[start:end])


def manuscript_body() -> str:
    texts = []
    for path in sorted((ROOT / "manuscript" / "chapters").glob("*.md")):
        text = path.read_text("utf-8")
        text = re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.DOTALL)  # front matter
        text = re.sub(r"^\[\^[^\]]+\]:.*$", "", text, flags=re.MULTILINE)  # editor's notes
        texts.append(text)
    return "\n".join(texts)


def test_every_word_of_the_archived_text_is_kept_in_order() -> None:
    source, manuscript = words(seed_body()), words(manuscript_body())
    matcher = difflib.SequenceMatcher(a=source, b=manuscript, autojunk=False)
    changes = [(tag, source[i1:i2], manuscript[j1:j2])
               for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal"]
    assert changes == [("insert", [], added) for added in ADDED_BY_THE_EDITOR]


def test_the_editorial_record_lists_each_repair() -> None:
    record = (ROOT / "manuscript" / "EDITING.md").read_text("utf-8")
    for repaired in ("-prepared", "democracy- bodies", "Unidad Popular’", "(#)", "Donate"):
        assert repaired in record, repaired
