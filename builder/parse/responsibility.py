"""Responsibility lists: who leads a task and who shares it.

Forms met in the genre (each inside full-width or ASCII brackets at the end of a paragraph):

===========================================================  ==================================
written                                                      read as
===========================================================  ==================================
``（责任单位：A、B，C）``                                      A leads; B, C share
``（责任单位：A、B。以下任务均需C、D负责落实，不再列出）``       A leads, B shares; C, D share
                                                             every later task (standing rule)
``（A、B、C等按职责分工负责）``                                 A leads; B, C share
``（A牵头，B、C按职责分工负责）``                               A leads; B, C share
``（A、B；C、D。列首位的为牵头单位，下同）``                     A and C lead (first of each group)
===========================================================  ==================================

Agency names keep nested brackets (``市委党校（行政学院）``).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from builder.model import AgencyRef, Responsibility
from builder.parse.sentences import split_top_level

#: ``name -> (agency id, generic?)``, supplied by the agency registry.
Resolver = Callable[[str], tuple[str, bool]]

_LABEL = re.compile(r"^(?:主要)?(?:责任单位|责任部门|牵头单位|牵头部门|责任主体)\s*[：:]\s*")
_DUTY_TAIL = re.compile(r"(?:等)?(?:按(?:照)?职责分工|分工|按职责)?(?:负责|落实|配合)(?:落实)?$")
_LEAD_WORD = re.compile(r"^(?P<lead>.+?)牵头[，,、]?(?P<rest>.*)$")
_STANDING = re.compile(
    r"""^以下(?:各项)?(?:任务|工作|各项任务)?(?:均|都)?(?:需|由)?   # 以下任务均需
        (?P<names>.+?)                                          # the agencies
        (?:负责落实|负责|落实)                                     # 负责落实
        (?:[，,]\s*不再(?:一一)?列出)?$""",
    re.VERBOSE,
)
_NAME_SEPARATORS = "、，,"


def looks_like_responsibility(inner: str) -> bool:
    """Whether the text inside a closing bracket group is a responsibility list."""
    inner = inner.strip()
    if _LABEL.match(inner):
        return True
    first = split_top_level(inner, "。")[0] if inner else ""
    return bool(first) and ("牵头" in first or bool(_DUTY_TAIL.search(first)))


def trailing_group(text: str) -> int | None:
    """Start index of a bracket group that closes ``text`` (trailing whitespace aside), else ``None``."""
    stripped = text.rstrip()
    if not stripped or stripped[-1] not in "）)":
        return None
    depth = 0
    for i in range(len(stripped) - 1, -1, -1):
        char = stripped[i]
        if char in "）)":
            depth += 1
        elif char in "（(":
            depth -= 1
            if depth == 0:
                return i
    return None


def parse_responsibility(text: str, resolve: Resolver) -> Responsibility:
    """Read a responsibility list written as ``text`` (brackets included)."""
    inner = _LABEL.sub("", text[1:-1].strip())
    statements = split_top_level(inner, "。")
    agencies = _parse_names(statements[0] if statements else "", resolve)
    standing: list[AgencyRef] = []
    standing_text: str | None = None
    for statement in statements[1:]:
        match = _STANDING.match(statement.strip())
        if match:
            standing_text = statement.strip()
            standing = [
                AgencyRef(id=agency_id, name=name, role="shared", generic=generic)
                for name in _names(match.group("names"))
                for agency_id, generic in [resolve(name)]
            ]
    return Responsibility(text=text, agencies=agencies, standing=standing, standing_text=standing_text)


def _parse_names(statement: str, resolve: Resolver) -> list[AgencyRef]:
    statement = statement.strip()
    lead_match = _LEAD_WORD.match(statement)
    groups: list[tuple[list[str], bool]]  # (names, first-is-lead)
    if lead_match and "牵头" not in lead_match.group("rest"):
        leads = _names(lead_match.group("lead"))
        rest = _names(_DUTY_TAIL.sub("", lead_match.group("rest").strip()))
        refs = [_ref(n, "lead", resolve) for n in leads]
        return refs + [_ref(n, "shared", resolve) for n in rest if n not in leads]
    statement = _DUTY_TAIL.sub("", statement)
    groups = [(_names(group), True) for group in split_top_level(statement, "；;")]
    refs: list[AgencyRef] = []
    seen: set[str] = set()
    for names, _ in groups:
        for position, name in enumerate(names):
            if name in seen:
                continue
            seen.add(name)
            refs.append(_ref(name, "lead" if position == 0 else "shared", resolve))
    return refs


def _names(statement: str) -> list[str]:
    names = []
    for piece in split_top_level(statement, _NAME_SEPARATORS):
        name = piece.strip()
        if name.endswith("等") and len(name) > 2:
            name = name[:-1]
        if name:
            names.append(name)
    return names


def _ref(name: str, role: str, resolve: Resolver) -> AgencyRef:
    agency_id, generic = resolve(name)
    return AgencyRef(id=agency_id, name=name, role=role, generic=generic)
