"""The errors plansite reports to a person, never as a traceback.

Every error the tool means to show derives from :class:`PlansiteError`; the command line prints
``str(error)`` and exits with status 2. A :class:`ParseError` points at the *original* text:
file, 1-based line and column (in characters), the source line and a caret under the column.
"""

from __future__ import annotations

from dataclasses import dataclass


class PlansiteError(Exception):
    """Base of every error plansite reports on purpose (exit status 2)."""


@dataclass
class ParseError(PlansiteError):
    """The input is not a plan the parser can read.

    ``message`` says what was expected and what was found; ``source_line`` is the line as it
    stands in the input (``None`` for an error about the whole file, such as its encoding).
    """

    file: str
    line: int
    col: int
    message: str
    source_line: str | None = None

    def __str__(self) -> str:
        head = f"{self.file}:{self.line}:{self.col}: error: {self.message}"
        if self.source_line is None:
            return head
        shown = self.source_line.rstrip("\r\n")
        # East Asian wide characters take two terminal columns: pad the caret to match.
        pad = "".join("\u3000" if _is_wide(c) else ("\t" if c == "\t" else " ")
                      for c in shown[: self.col - 1])
        return f"{head}\n    {shown}\n    {pad}^"


def _is_wide(char: str) -> bool:
    import unicodedata

    return unicodedata.east_asian_width(char) in ("W", "F")


class ValidationError(PlansiteError):
    """Curated or generated content breaks its schema; carries every problem found."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))

    def __str__(self) -> str:
        count = len(self.problems)
        noun = "problem" if count == 1 else "problems"
        return "\n".join(self.problems) + f"\n{count} {noun} found"


class RenderError(PlansiteError):
    """Pages or exports could not be produced (for example, two pages claim one path)."""


class BuildError(PlansiteError):
    """The MkDocs build failed; the previous site is left untouched."""
