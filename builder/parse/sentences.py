"""Sentences and brackets in Chinese official text.

A sentence ends after 。；！？ (full-width or ASCII ``;!?``) that stands outside every quotation
mark and bracket; closing quotes and brackets never start a sentence. Guarantees of
:func:`split_sentences`: the pieces are non-empty and ``"".join(pieces) == text``.
"""

from __future__ import annotations

OPENERS = "（(《〈【[“‘「『"
CLOSERS = "）)》〉】]”’」』"
_PAIR = dict(zip(OPENERS, CLOSERS))
_CLOSER_SET = set(CLOSERS)
ENDERS = set("。；！？;!?")


def split_sentences(text: str) -> list[str]:
    """Split ``text`` into sentences (see the module docstring).

    >>> split_sentences("甲。乙“丙。丁”；戊")
    ['甲。', '乙“丙。丁”；', '戊']
    """
    pieces: list[str] = []
    stack: list[str] = []
    start = 0
    for i, char in enumerate(text):
        if char in _PAIR:
            stack.append(_PAIR[char])
        elif char in _CLOSER_SET:
            if stack and stack[-1] == char:
                stack.pop()
            elif char in stack:  # a missing closer inside: recover at the outer one
                while stack and stack.pop() != char:
                    pass
        elif char in ENDERS and not stack:
            pieces.append(text[start:i + 1])
            start = i + 1
    if start < len(text):
        tail = text[start:]
        if pieces and not tail.strip():
            pieces[-1] += tail
        else:
            pieces.append(tail)
    return pieces


def matching_bracket(text: str, open_at: int) -> int | None:
    """Index of the bracket closing the one at ``open_at`` (nesting counted), or ``None``."""
    opener = text[open_at]
    closer = _PAIR[opener]
    depth = 0
    for i in range(open_at, len(text)):
        char = text[i]
        if char == opener:
            depth += 1
        elif char == closer:
            depth -= 1
            if depth == 0:
                return i
    return None


def split_top_level(text: str, separators: str) -> list[str]:
    """Split ``text`` at ``separators`` that stand outside brackets and quotes; keep empty pieces out."""
    parts: list[str] = []
    depth = 0
    current: list[str] = []
    for char in text:
        if char in _PAIR:
            depth += 1
        elif char in _CLOSER_SET and depth:
            depth -= 1
        if char in separators and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return [p for p in parts if p.strip()]
