"""A YAML error said as an author can act on it (M-003): the line to mend and what to do there,
not the parser's words ("expected <block end>, but found '<block mapping start>'"), which
stay only where no plain reading of them is known.

The parser names two places: where the broken construct began (its context: an unclosed [ or
quotation mark) and where it noticed (its problem: usually the faulty line itself). A construct
that never closes is mended where it opens; anything else where the parser stopped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

# A field whose value holds a colon and a space, which YAML reads as a second field.
UNQUOTED_COLON = re.compile(r"^\s*(?:-\s+)?([^\s:\"'#][^:#]*?):\s+[^\"'\s].*?:(?:\s|$)")
# Constructs that never close, with what to do where they open.
BRACKETS = ": close it, or put the whole value in quotes if the bracket is part of the text"
OPENED = {"while parsing a flow sequence": "this [ is never closed with ]" + BRACKETS,
          "while parsing a flow mapping": "this { is never closed with }" + BRACKETS,
          "while scanning a quoted scalar": "this quotation mark is never closed: close it "
                                            "(inside a value in \"...\", write a quotation mark "
                                            "as \\\"; or quote the value with '...')"}


@dataclass(frozen=True)
class YamlProblem:
    line: int | None  # in the text the parser read
    message: str  # what is wrong and what to do


def yaml_problem(error: yaml.YAMLError, text: str) -> YamlProblem:
    """Where to mend a YAML error, and how."""
    context = str(getattr(error, "context", None) or "")
    context_mark = getattr(error, "context_mark", None)
    problem = str(getattr(error, "problem", None) or "")
    problem_mark = getattr(error, "problem_mark", None)
    opened = next((said for start, said in OPENED.items() if context.startswith(start)), None)
    if opened and context_mark is not None:
        return YamlProblem(context_mark.line + 1, opened)
    line = problem_mark.line + 1 if problem_mark is not None else None
    written = text.split("\n")[line - 1] if line is not None else ""
    colon = UNQUOTED_COLON.match(written)
    if problem.startswith("mapping values are not allowed") and colon:
        return YamlProblem(line, f"the value of {colon[1].strip()} holds a colon and a space, "
                           f"which YAML reads as another field: put the value in quotes "
                           f"({colon[1].strip()}: \"...\")")
    if problem.startswith("mapping values are not allowed") or (
            problem.startswith("expected <block end>")):
        return YamlProblem(line, "this line is not indented as the lines before it: a field "
                           "starts at the margin, an entry of a list or of a field under it "
                           "with the same spaces as the others")
    if "'\\t'" in problem:
        return YamlProblem(line, "a tab in the indentation: YAML indents with spaces only")
    if "cannot start any token" in problem:
        return YamlProblem(line, "a value begins with a character YAML keeps for itself (@, `, "
                           "%): put the value in quotes")
    return YamlProblem(line, f"{problem or 'not valid YAML'}: check this line's indentation, "
                       "and put in quotes a value holding a colon, a # or a quotation mark")
