"""The one exception type for problems an author can fix."""

from __future__ import annotations

from pathlib import Path


class PublishError(Exception):
    """A problem in the project that its author can fix.

    Rendered as one line, ``path:line: message``, so editors and terminals can jump to it.
    Several problems found together (all of a metadata file's, say) travel as one error whose
    ``problems`` hold each line.
    """

    def __init__(self, message: str, path: Path | None = None, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line
        self.problems: tuple[PublishError, ...] = (self,)

    @classmethod
    def collect(cls, problems: list[PublishError]) -> PublishError:
        """One error carrying several problems, each reported on its own line."""
        error = cls(problems[0].message, problems[0].path, problems[0].line)
        error.problems = tuple(problems)
        return error

    def lines(self) -> list[str]:
        return [problem.one_line() for problem in self.problems]

    def one_line(self) -> str:
        where = ""
        if self.path is not None:
            where = f"{self.path}:{self.line}: " if self.line is not None else f"{self.path}: "
        return f"{where}{self.message}"

    def __str__(self) -> str:
        return "\n".join(self.lines())
