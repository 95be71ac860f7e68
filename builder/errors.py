"""The errors plansite reports to a person, never as a traceback.

Every error the tool means to show derives from :class:`PlansiteError`; the command line prints
``str(error)`` and exits with status 2. A :class:`ParseError` points at the *original* text:
file, 1-based line and column (in characters), the source line and a caret under the column.
Characters that would be invisible or would control the terminal (NUL, ESC, zero-width and
right-to-left marks) are shown as ``<U+XXXX>``, so a message always reads as what it says.
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
        head = visible(f"{self.file}:{self.line}:{self.col}: error: {self.message}")
        if self.source_line is None:
            return head
        line = self.source_line.rstrip("\r\n")
        start, end = 0, len(line)
        if len(line) > _SHOWN:  # a very long line: the part around the column
            start = max(0, min(self.col - 1 - _SHOWN // 2, len(line) - _SHOWN))
            end = start + _SHOWN
        before, after = ("…" if start > 0 else ""), ("…" if end < len(line) else "")
        # East Asian wide characters take two terminal columns: pad the caret to match; characters
        # shown as <U+XXXX> take as many columns as their escape.
        pad = " " * len(before) + "".join(_pad(c) for c in line[start: self.col - 1])
        return f"{head}\n    {before}{visible(line[start:end])}{after}\n    {pad}^"


#: The most characters of a source line a message shows.
_SHOWN = 100


#: Unicode categories shown as ``<U+XXXX>`` in messages: control and format characters
#: (NUL, ESC, zero-width spaces, right-to-left marks), surrogates, and line/paragraph separators.
#: Printed raw they would be invisible, garble the terminal, or turn the line round.
_ESCAPED = frozenset(("Cc", "Cf", "Cs", "Zl", "Zp"))


def visible(text: str) -> str:
    """``text`` with invisible and terminal-controlling characters (tabs aside) as ``<U+XXXX>``."""
    return "".join(_escape(c) if _hidden(c) else c for c in text)


def _hidden(char: str) -> bool:
    import unicodedata

    return char != "\t" and unicodedata.category(char) in _ESCAPED


def _escape(char: str) -> str:
    return f"<U+{ord(char):04X}>"


def _pad(char: str) -> str:
    if char == "\t":
        return "\t"
    if _hidden(char):
        return " " * len(_escape(char))
    return "\u3000" if _is_wide(char) else " "


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
