"""Responsibility lists: who leads a task and who shares it, and by when.

Forms met in the genre:

===============================================================  ==================================
written                                                          read as
===============================================================  ==================================
``（责任单位：A、B，C）`` closing a paragraph                        A leads (by order); B, C share
``（责任单位：A、B。以下任务均需C、D负责落实，不再列出）``           A leads, B shares; C, D share
                                                                 every later task (standing rule)
``（A、B、C等按职责分工负责）``                                     A leads (by order); B, C share
``（A牵头，B、C按职责分工负责）`` / ``（A牵头，B等配合）``             A leads (stated); B, C share
``（A、B；C、D。列首位的为牵头单位，下同）``                         A and C lead (the plan's rule)
``责任单位：A、B、C`` on a line of its own, then                    A leads (by order, or by the
``完成时限：2022年6月底前`` on the next                               plan's rule); deadline 2022-06-30
``……制度（责任部门：A、B牵头，C配合；完成时限：2023年底）。``        inside the text: closes the
                                                                 measure before it; A, B lead
===============================================================  ==================================

A rule the plan states once (``排在第一为牵头单位，下同``, ``列首位的为牵头单位``) makes the first
agency of that list and of every later one the lead (``lead_basis == "rule"``). Agency names keep
nested brackets (``市委党校（行政学院）``); local governments (``各地级以上市政府牵头``) are agencies
like any other, marked generic.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from builder.model import AgencyRef, Deadline, Responsibility
from builder.parse.sentences import split_top_level

#: ``name -> (agency id, generic?)``, supplied by the agency registry.
Resolver = Callable[[str], tuple[str, bool]]

_LABEL = re.compile(r"^(?:主要)?(?:责任单位|责任部门|牵头单位|牵头部门|责任主体|责任分工)\s*[：:]\s*")
#: A deadline's label (``完成时限：``); the words after it are the deadline.
DEADLINE_LABEL = re.compile(r"^(?:完成时限|完成期限|完成时间|时间节点|时限要求|完成时间节点|时限)\s*[：:]\s*")
#: A deadline written without a label inside a list (``2021年底前完成``).
_BARE_DEADLINE = re.compile(r"^(?P<when>(?:19|20)\d\d\s*年[^，。；]{0,10}?(?:底前|末前|前|底|末|内|半年|季度|月))(?:完成|前完成|实现)?$")
#: The plan's rule that the first agency named leads.
LEAD_RULE = re.compile(r"(?:排在第一|排名第一|排第一|列首位|列第一|排在首位|排在前面|第一个?)(?:位|的)?(?:单位|部门)?"
                       r"(?:为|是)(?:牵头|主要牵头)(?:单位|部门)")
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


def parse_responsibility(text: str, resolve: Resolver, first_leads: bool = False) -> Responsibility:
    """Read a responsibility list written as ``text``: in brackets (``（责任单位：A、B）``), or as
    its own line(s) (``责任单位：A、B\n完成时限：2022年6月底前``).

    ``first_leads``: the plan has stated before that the first agency named leads. A list that
    states that rule itself applies it too. Guarantees: ``text`` is kept as given; every agency
    named once, in written order, leads before the rest; the deadline (labelled ``完成时限：`` or
    written as a date, ``2021年底前完成``) is read with :func:`parse_deadline`.
    """
    inner = "\n".join(_unbracket(part) for part in text.strip().split("\n"))
    names: list[str] = []
    standing: list[AgencyRef] = []
    standing_text: str | None = None
    deadline: Deadline | None = None
    for statement in split_top_level(inner, "。\n"):
        statement = _LABEL.sub("", statement.strip())
        match = _STANDING.match(statement)
        if match and names:
            standing_text = statement
            standing = [AgencyRef(id=agency_id, name=name, role="shared", generic=generic)
                        for name in _names(match.group("names")) for agency_id, generic in [resolve(name)]]
            continue
        for piece in split_top_level(statement, "；;"):
            piece = _LABEL.sub("", piece.strip())
            rule = _strip_lead_rule(piece)
            if rule is not None:
                first_leads, piece = True, rule
            kept = []
            for part in split_top_level(piece, "，,"):  # 省发展改革委牵头，2021年底前完成
                dated = _BARE_DEADLINE.match(part.strip())
                if dated and len(split_top_level(piece, "，,")) > 1:
                    deadline = deadline or parse_deadline(dated.group("when"))
                else:
                    kept.append(part)
            piece = "，".join(kept) if len(kept) != len(split_top_level(piece, "，,")) else piece
            when = DEADLINE_LABEL.match(piece)
            bare = _BARE_DEADLINE.match(piece)
            if when or bare:
                written = piece[when.end():].strip() if when else bare.group("when")
                deadline = deadline or parse_deadline(written)
            elif piece and not _names_done(names, statement):
                names.append(piece)
    agencies, basis = _parse_names(names, resolve, first_leads)
    return Responsibility(text=text, agencies=agencies, standing=standing, standing_text=standing_text,
                          lead_basis=basis, deadline=deadline)


def _unbracket(written: str) -> str:
    """A list's words without the brackets that enclose them all."""
    written = written.strip()
    if written[:1] in "（(" and trailing_group(written) == 0:
        return written[1:-1]
    return written


def list_line(text: str) -> bool:
    """Whether a line of the plan is a responsibility list or a deadline standing on its own
    (``责任单位：A、B、C``, ``完成时限：2022年6月底前``), bracketed or not."""
    inner = _unbracket(text)
    return bool(_LABEL.match(inner) or DEADLINE_LABEL.match(inner)) and len(inner) < 400


def inline_lists(text: str) -> list[tuple[int, str]]:
    """The responsibility lists written inside ``text``, each closing the measure before it, as
    ``(start, words)``: a top-level bracket group, not opening the text, followed by ``。``, ``；``
    or the end (``……建立××制度（责任部门：A、B牵头，C配合；完成时限：2023年底）。``). Its words must
    name agencies as a list does: a label (``责任单位：``), or 牵头 / 按职责分工负责 / 配合 after
    names of bodies. One pass over the text (brackets matched with a stack)."""
    found: list[tuple[int, str]] = []
    for start, close in _top_level_groups(text):
        after = text[close + 1:close + 2]
        if start == 0 or (after and after not in "。；;"):
            continue
        inner = text[start + 1:close]
        if _LABEL.match(inner.strip()) or (looks_like_responsibility(inner) and _names_agencies(inner)):
            found.append((start, text[start:close + 1]))
    return found


def _top_level_groups(text: str) -> list[tuple[int, int]]:
    """``(open, close)`` positions of the bracket groups of ``text`` that no other group holds."""
    groups: list[tuple[int, int]] = []
    opened: list[int] = []
    for i, char in enumerate(text):
        if char in "（(":
            opened.append(i)
        elif char in "）)" and opened:
            start = opened.pop()
            if not opened:
                groups.append((start, i))
    return groups


_AGENCY_WORD = re.compile(r"(?:委|厅|局|部|办|署|院|会|政府|中心|公司|集团|银行|法院|检察院|党校|组织部|宣传部|单位|部门)"
                          r"(?:等)?(?:[、，,；;]|牵头|配合|按|负责|$)")


def _names_agencies(inner: str) -> bool:
    """Whether bracketed words without a label name bodies (``省发展改革委牵头，省能源局等配合``)
    rather than say something else that ends in 负责 (``（由企业自主负责）``)."""
    return _AGENCY_WORD.search(inner) is not None


def merge_measures(measures: list[Responsibility]) -> Responsibility:
    """The clause's list made from the lists inside its text: every agency once, in order of first
    mention, lead where any measure has it lead; ``inline``, its text their words joined."""
    agencies: list[AgencyRef] = []
    index: dict[str, int] = {}
    for measure in measures:
        for ref in measure.agencies:
            if ref.id not in index:
                index[ref.id] = len(agencies)
                agencies.append(AgencyRef(id=ref.id, name=ref.name, role=ref.role, generic=ref.generic))
            elif ref.role == "lead":
                agencies[index[ref.id]].role = "lead"
    agencies.sort(key=lambda a: a.role != "lead")  # leads first, as in every list
    bases = {m.lead_basis for m in measures}
    basis = next(b for b in ("stated", "rule", "order") if b in bases)
    return Responsibility(text="".join(m.text for m in measures), agencies=agencies, lead_basis=basis, inline=True)


def _names_done(names: list[str], statement: str) -> bool:
    """Names are read from the first statement that has any (a later one is a note)."""
    return bool(names) and not any(n in statement for n in names)


def _strip_lead_rule(piece: str) -> str | None:
    """``piece`` without the plan's first-leads rule (``A、B（排在第一为牵头单位，下同）`` → ``A、B``;
    a piece that is only the rule → ``""``), or ``None`` where it states no such rule."""
    if not LEAD_RULE.search(piece):
        return None
    group = re.search(r"[（(][^（()）]*[）)]\s*$", piece)
    if group and LEAD_RULE.search(group.group(0)):
        return piece[:group.start()].strip()
    return ""


_DAYS = {1: 31, 2: 28, 3: 31, 4: 30, 5: 31, 6: 30, 7: 31, 8: 31, 9: 30, 10: 31, 11: 30, 12: 31}
_CN_DIGIT = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_PERIOD_END = {"十四五": 2025, "十五五": 2030, "十六五": 2035, "十三五": 2020}


def parse_deadline(written: str) -> Deadline:
    """A deadline as written, with the last day of the period it names (the first date in it):

    =========================  ============
    written                    date
    =========================  ============
    2022年6月底前               2022-06-30
    2022年6月30日前             2022-06-30
    2022年上半年 / 2022年年中    2022-06-30
    2023年第三季度              2023-09-30
    2023年底 / 2023年 / 2023年内 2023-12-31
    “十四五”期间                 2025-12-31
    长期坚持                    None
    =========================  ============
    """
    text = written.strip()
    text = re.sub(r"[（(]?\s*$", "", text) if text.endswith(("（", "(")) else text
    return Deadline(text=text, date=_deadline_date(text))


def _deadline_date(text: str) -> str | None:
    digits = text.translate({c: c - 0xFEE0 for c in range(0xFF10, 0xFF1A)})
    day = re.search(r"((?:19|20)\d\d)\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日", digits)
    if day:
        return f"{int(day.group(1)):04d}-{int(day.group(2)):02d}-{int(day.group(3)):02d}"
    month = re.search(r"((?:19|20)\d\d)\s*年\s*(\d{1,2})\s*月", digits)
    if month and 1 <= int(month.group(2)) <= 12:
        year, number = int(month.group(1)), int(month.group(2))
        last = 29 if number == 2 and year % 4 == 0 and (year % 100 or year % 400 == 0) else _DAYS[number]
        return f"{year:04d}-{number:02d}-{last:02d}"
    year_match = re.search(r"((?:19|20)\d\d)\s*年?\s*(上半年|年中|下半年|第?([一二三四1-4])季度)?", digits)
    if year_match:
        year = int(year_match.group(1))
        part = year_match.group(2) or ""
        if part in ("上半年", "年中"):
            return f"{year:04d}-06-30"
        if year_match.group(3):
            quarter = _CN_DIGIT[year_match.group(3)]
            return f"{year:04d}-{quarter * 3:02d}-{_DAYS[quarter * 3]:02d}"
        return f"{year:04d}-12-31"
    period = re.search(r"十[三四五六]五", text)
    if period:
        return f"{_PERIOD_END[period.group(0)]:04d}-12-31"
    return None


def _parse_names(pieces: list[str], resolve: Resolver, first_leads: bool) -> tuple[list[AgencyRef], str]:
    """The agencies of a list's names statement(s), and how the leads are known.

    ``A、B牵头，C、D配合`` → A, B lead (stated). Otherwise the first of each ``；`` group leads,
    by the plan's rule where ``first_leads``, else by order alone."""
    statement = "；".join(p.strip() for p in pieces if p.strip())
    lead_match = _LEAD_WORD.match(statement)
    if lead_match and "牵头" not in lead_match.group("rest"):
        leads = _names(lead_match.group("lead"))
        rest = _names(_DUTY_TAIL.sub("", lead_match.group("rest").strip()))
        refs = [_ref(n, "lead", resolve) for n in leads]
        return refs + [_ref(n, "shared", resolve) for n in rest if n not in leads], "stated"
    refs: list[AgencyRef] = []
    seen: set[str] = set()
    for group in split_top_level(statement, "；;"):
        for position, name in enumerate(_names(_DUTY_TAIL.sub("", group.strip()))):
            if name in seen:
                continue
            seen.add(name)
            refs.append(_ref(name, "lead" if position == 0 else "shared", resolve))
    return refs, "rule" if first_leads else "order"


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
