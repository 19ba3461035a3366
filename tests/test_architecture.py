"""The package's shape, as docs/how-it-works.md describes it: stages that only look back.

Read from the source with ast, not by importing: each module's imports of this package.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "publish"
# Each stage may import the stages before it, never one after it.
STAGES = ("source", "book", "layout", "cover", "editions", "checks", "imports")
MAX_LINES = 400


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def imports(name: str) -> set[str]:
    """The modules of this package that a module imports, at its top or inside a function."""
    found = set()
    for node in ast.walk(ast.parse(MODULES[name].read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            candidates = [f"{node.module}.{alias.name}" for alias in node.names] + [node.module]
            found.add(next(candidate for candidate in candidates if candidate in MODULES
                           or candidate == node.module))
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {module for module in found if module in MODULES and module != name}


def stage(name: str) -> str | None:
    """The stage folder a module belongs to, or None for the modules around the pipeline."""
    parts = name.split(".")
    return parts[1] if len(parts) > 2 or (len(parts) == 2 and parts[1] in STAGES) else None


def edition(name: str) -> str | None:
    """The edition a module of editions/ belongs to (a subpackage is one), or None."""
    parts = name.split(".")
    return parts[2] if len(parts) > 2 and parts[1] == "editions" else None


def test_the_modules_are_where_the_readme_says() -> None:
    assert {stage(name) for name in MODULES} == {None, *STAGES}


@pytest.mark.parametrize("name", [name for name in MODULES if stage(name) is not None])
def test_a_stage_imports_only_the_stages_before_it(name: str) -> None:
    own = STAGES.index(str(stage(name)))
    later = {module for module in imports(name)
             if stage(module) is not None and STAGES.index(str(stage(module))) > own}
    assert not later, f"{name} imports from a later stage: {sorted(later)}"


# The one edition that reads another: the ONIX record carries the EPUB's accessibility claims,
# made by the function the EPUB's own package takes them from, so the two cannot differ.
READS_ANOTHER = {"publish.editions.onix": {"publish.editions.epub"}}


@pytest.mark.parametrize("name", [name for name in MODULES if edition(name) is not None])
def test_no_edition_imports_another(name: str) -> None:
    others = {module for module in imports(name)
              if edition(module) is not None and edition(module) != edition(name)
              } - READS_ANOTHER.get(name, set())
    assert not others, f"{name} imports another edition: {sorted(others)}"


def test_the_import_graph_has_no_cycle() -> None:
    graph = {name: imports(name) for name in MODULES}
    done: set[str] = set()

    def visit(name: str, path: tuple[str, ...]) -> None:
        assert name not in path, " -> ".join((*path[path.index(name):], name))
        if name in done:
            return
        for imported in graph[name]:
            visit(imported, (*path, name))
        done.add(name)

    for name in graph:
        visit(name, ())


@pytest.mark.parametrize("name", list(MODULES))
def test_modules_stay_small(name: str) -> None:
    assert len(MODULES[name].read_text("utf-8").splitlines()) <= MAX_LINES
