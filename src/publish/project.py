"""Where a project's parts live, and the rule that nothing is read from outside it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from publish.errors import PublishError


@dataclass(frozen=True)
class Project:
    """A publishing project: a directory holding manuscript/, styles/ and build/."""

    root: Path

    @classmethod
    def at(cls, directory: Path) -> Project:
        root = directory.resolve()
        if not (root / "manuscript").is_dir():
            raise PublishError(
                "no manuscript/ directory here (run `publish new DIR` to start a project, "
                "or pass --project DIR)",
                directory,
            )
        return cls(root)

    @property
    def manuscript(self) -> Path:
        return self.root / "manuscript"

    @property
    def chapters(self) -> Path:
        return self.manuscript / "chapters"

    @property
    def metadata_file(self) -> Path:
        return self.manuscript / "metadata.yaml"

    @property
    def styles(self) -> Path:
        return self.root / "styles"

    @property
    def build(self) -> Path:
        return self.root / "build"

    def relative(self, path: Path) -> Path:
        """The path as an author knows it: relative to the project root when inside it."""
        try:
            return path.relative_to(self.root)
        except ValueError:
            return path

    def contains(self, path: Path) -> bool:
        """Whether the path, symlinks resolved, lies inside the project."""
        return path.resolve().is_relative_to(self.root)

    def inside(self, path: Path, *, cited_in: Path, line: int | None = None) -> Path:
        """The resolved path, or an error when it (or a symlink on the way) leaves the project."""
        resolved = path.resolve()
        if not resolved.is_relative_to(self.root):
            raise PublishError(
                f"L-002 {path.name!r} points outside the project; builds read only files inside it",
                self.relative(cited_in),
                line,
            )
        return resolved
