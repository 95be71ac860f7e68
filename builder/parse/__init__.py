"""Parse a plan's text into a :class:`~builder.model.Plan` (the document tree).

After :func:`parse_plan` returns:

* every non-blank line of the input belongs to exactly one unit, in order, and for each unit
  ``marker + text + responsibility.text`` is its line(s) as written (whitespace at the ends and
  between lines aside; a list ``inline`` in the text counts once, in the text) — joining them in
  reading order gives back the input (losslessness). A line that is only a responsibility list or
  a deadline (``责任单位：A、B``, ``完成时限：2022年6月底前``) belongs to the unit before it;
* numbered units carry ids from the document's own numbering (see :mod:`builder.parse.outline`),
  unnumbered paragraphs ``<parent>.p<k>``, and the special units ``notice``, ``lead``,
  ``title``, ``preface``;
* numbering is in sequence: each level restarts at 1 under a new parent or runs on from the
  previous parent's last number; the numbered children of one unit are all of one kind (a part
  holding items directly cannot then open section （一）, whose id would be the first item's);
  every id is unique; anything else is a :class:`~builder.errors.ParseError`;
* responsibility lists are read (:mod:`builder.parse.responsibility`): closing a paragraph, on
  lines of their own under it, or inside it closing one measure (``Unit.measures``, whose agencies
  the unit's ``responsibility`` then lists); a plan's rule that the first named leads
  (``排在第一为牵头单位，下同``) holds from where it is stated; a standing rule is applied, as
  shared responsibility, to every later task.
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass

from builder import ids
from builder.agencies import AgencyRegistry
from builder.errors import ParseError
from builder.model import Plan, Responsibility, Unit
from builder.parse.outline import NOUN, RANK, MalformedNumbering, Numbering, format_marker, read_numbering
from builder.parse.responsibility import (LEAD_RULE, inline_lists, list_line,
                                          looks_like_responsibility, merge_measures, parse_responsibility,
                                          trailing_group)
from builder.parse.sentences import split_sentences

__all__ = ["parse_plan", "Line"]

_TITLE_WORDS = re.compile(r"方案|规划|计划|意见|纲要|措施|路线图|行动")
_DATE = re.compile(r"^\d{4}\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?$")
_NOTICE_TITLE = re.compile(r"^[^。]{0,80}(?:通知|决定|函|印发)$")
_RESPONSIBILITY_OPEN = re.compile(r"[（(]\s*(?:主要)?(?:责任单位|责任部门|牵头单位)")
_MAX_LINE = 1_000_000


@dataclass(frozen=True)
class Line:
    """A non-blank input line: 1-based number, leading-space width, and its stripped text."""

    number: int
    indent: int
    text: str
    raw: str


def parse_plan(text: str, source: str, plan_id: str, registry: AgencyRegistry | None = None) -> Plan:
    """Parse a plan's full text; ``source`` names the file in error messages."""
    return _Parser(text, source, registry or AgencyRegistry()).parse(plan_id)


class _Parser:
    def __init__(self, text: str, source: str, registry: AgencyRegistry):
        self.source = source
        self.registry = registry
        #: Whether the plan has stated (so far) that the first agency of a list leads.
        self.first_leads = False
        self.lines = [
            Line(n, len(raw) - len(raw.lstrip()), raw.strip(), raw)
            for n, raw in enumerate(text.split("\n"), start=1)
            if raw.strip()
        ]

    # -- errors -----------------------------------------------------------------------------
    def fail(self, line: Line | None, message: str, col: int | None = None) -> ParseError:
        """The one place parse errors are made (line/column in the original text)."""
        if line is None:
            return ParseError(self.source, 1, 1, message)
        return ParseError(self.source, line.number, col if col is not None else line.indent + 1,
                          message, line.raw)

    # -- the whole document -----------------------------------------------------------------
    def parse(self, plan_id: str) -> Plan:
        if not self.lines:
            raise self.fail(None, "expected a plan's text, found an empty file")
        for line in self.lines:
            if len(line.text) > _MAX_LINE:
                raise self.fail(line, f"expected a paragraph of at most {_MAX_LINE:,} characters, "
                                      f"found one of {len(line.text):,}")
        first_part = self._first_part_index()
        units = self._preamble(self.lines[:first_part])
        title = next(u.text for u in units if u.kind == "title")
        units.extend(self._body(self.lines[first_part:]))
        plan = Plan(id=plan_id, source=self.source, title=title, units=units)
        _apply_standing_rules(plan)
        _record_lead_quotes(plan)
        self._check_agency_ids(plan)
        return plan

    def _numbering(self, line: Line) -> Numbering | None:
        """The numbering that opens ``line``; a malformed Chinese numeral is a parse error."""
        try:
            return read_numbering(line.text)
        except MalformedNumbering as error:
            example = format_marker(error.kind, 12)
            raise self.fail(line, f"expected a {NOUN[error.kind]} number in Chinese numerals such as "
                                  f"「{format_marker(error.kind, 3)}」 or 「{example}」, found 「{error.marker}」") from None

    def _first_part_index(self) -> int:
        for index, line in enumerate(self.lines):
            try:
                numbering = read_numbering(line.text)
            except MalformedNumbering:
                continue  # not part 一; reported if it turns out to stand in the body
            if numbering and numbering.kind == "part" and numbering.number == 1:
                return index
        raise self.fail(self.lines[0], "expected a carbon-peaking plan with parts numbered "
                                       "「一、」「二、」…, found no line opening part 「一、」", col=1)

    # -- before part 一: notice or lead, title, preface ---------------------------------------
    def _preamble(self, lines: list[Line]) -> list[Unit]:
        title_index = self._title_index(lines)
        before, title, after = lines[:title_index], lines[title_index], lines[title_index + 1:]
        units: list[Unit] = []
        if before:
            if _NOTICE_TITLE.search(before[0].text):
                units.append(self._notice(before))
            else:
                units.append(_block("lead", before))
        units.append(Unit(id="title", kind="title", line=title.number, text=title.text,
                          sentences=[title.text]))
        if after:
            units.append(_block("preface", after))
        return units

    def _title_index(self, lines: list[Line]) -> int:
        """The plan's own title: the last short, unpunctuated line before part 一 that names a plan."""
        candidates = [
            i for i, line in enumerate(lines)
            if len(line.text) <= 80 and line.text[-1] not in "。；：:，,！？!?" and not _DATE.match(line.text)
            and not (line.text[0] in "（(" and line.text[-1] in "）)")
        ]
        named = [i for i in candidates if _TITLE_WORDS.search(lines[i].text)]
        if named:
            return named[-1]
        if candidates:
            return candidates[-1]
        where = lines[0] if lines else self.lines[0]
        raise self.fail(where, "expected the plan's title (a line such as 「某市碳达峰实施方案」) "
                               f"before part 「一、」, found 「{_clip(where.text)}」", col=1)

    def _notice(self, lines: list[Line]) -> Unit:
        unit = _block("notice", lines)
        meta: dict[str, str] = {"title": lines[0].text}
        for line in lines[1:]:
            text = line.text
            if "号" in text and text[0] in "（(〔[" and "number" not in meta:
                meta["number"] = text.strip("（）()")
            elif text.endswith(("：", ":")) and "addressees" not in meta:
                meta["addressees"] = text.rstrip("：:")
            elif _DATE.match(text):
                meta["date"] = text
            elif text[0] in "（(" and text[-1] in "）)":
                meta["note"] = text.strip("（）()")
            elif text[-1] in "。！":
                meta["text"] = (meta.get("text", "") + "\n" + text).strip()
            else:
                meta["issuer"] = text
        unit.meta = meta
        return unit

    # -- parts and below -----------------------------------------------------------------------
    def _body(self, lines: list[Line]) -> list[Unit]:
        roots: list[Unit] = []
        stack: list[Unit] = []
        last_number: dict[str, int] = {}
        paragraph_count: dict[str, int] = {}
        last_numbered: dict[int, Unit] = {}  # id() of a parent (0 for the roots) -> its last numbered child
        last_unit: Unit | None = None
        for line in lines:
            if LEAD_RULE.search(line.text):
                self.first_leads = True
            numbering = self._numbering(line)
            if numbering is None and last_unit is not None and list_line(line.text):
                self._attach_list_line(last_unit, line)
                continue
            if numbering is None:
                if not stack:  # cannot happen: the body starts at part 一
                    raise self.fail(line, "expected part 「一、」")
                parent = stack[-1]
                k = paragraph_count.get(parent.id, 0) + 1
                paragraph_count[parent.id] = k
                unit = self._unit(line, f"{parent.id}.p{k}", "paragraph", None, "")
                parent.children.append(unit)
                last_unit = unit
                continue
            while stack and RANK[stack[-1].kind] >= RANK[numbering.kind]:
                stack.pop()
            parent = stack[-1] if stack else None
            before = last_numbered.get(id(parent) if parent else 0)
            if parent is not None and before is not None and before.kind != numbering.kind:
                self._fail_mixed(line, numbering, parent, before)
            self._check_sequence(line, numbering.kind, numbering.number,
                                 before.number if before is not None else None,
                                 last_number.get(numbering.kind), parent)
            last_number[numbering.kind] = numbering.number
            unit_id = f"{parent.id}.{numbering.number}" if parent else str(numbering.number)
            unit = self._unit(line, unit_id, numbering.kind, numbering.number, numbering.marker)
            (parent.children if parent else roots).append(unit)
            last_numbered[id(parent) if parent else 0] = unit
            stack.append(unit)
            last_unit = unit
        return roots

    def _attach_list_line(self, unit: Unit, line: Line) -> None:
        """A line that is a responsibility list or a deadline (``责任单位：A、B``, ``完成时限：…``)
        under ``unit``: it becomes the unit's own list, or extends the own list it has (a bracket
        closing the paragraph, or the line before). A deadline alone under a paragraph whose lists
        stand inside it keeps their agencies."""
        current = unit.responsibility
        own = current if current is not None and not current.inline else None
        written = line.text if own is None else own.text + "\n" + line.text
        read = parse_responsibility(written, self.registry.resolve, self.first_leads)
        if not read.agencies and current is not None:
            read.agencies, read.lead_basis = current.agencies, current.lead_basis
        unit.responsibility = read

    def _fail_mixed(self, line: Line, numbering: Numbering, parent: Unit, before: Unit) -> None:
        """A unit's numbered children are of one kind: their ids would clash otherwise."""
        noun, held = NOUN[numbering.kind], NOUN[before.kind]
        raise self.fail(line, f"expected {held} 「{format_marker(before.kind, (before.number or 0) + 1)}」, "
                              f"found {noun} 「{numbering.marker}」 ({NOUN[parent.kind]} 「{parent.marker}」 "
                              f"holds {held}s directly, and {noun}s cannot follow them)")

    def _check_sequence(self, line: Line, kind: str, number: int, previous_sibling: int | None,
                        previous_anywhere: int | None, parent: Unit | None) -> None:
        found = format_marker(kind, number)
        noun = NOUN[kind]
        if previous_sibling is not None:
            expected = previous_sibling + 1
            if number == expected:
                return
            what = "repeated" if number == previous_sibling else "out of sequence"
            raise self.fail(line, f"expected {noun} 「{format_marker(kind, expected)}」, found "
                                  f"「{found}」 ({noun} number {what})")
        if number == 1 or (parent is not None and previous_anywhere is not None
                           and number == previous_anywhere + 1):
            return
        options = f"「{format_marker(kind, 1)}」"
        if parent is not None and previous_anywhere is not None:
            options += f" or 「{format_marker(kind, previous_anywhere + 1)}」"
        raise self.fail(line, f"expected {noun} {options}, found 「{found}」 ({noun} number out of sequence)")

    def _unit(self, line: Line, unit_id: str, kind: str, number: int | None, marker: str) -> Unit:
        rest = line.text[len(marker):]
        body, responsibility = self._split_responsibility(line, rest, len(marker))
        body_stripped = body.rstrip()
        if kind != "paragraph" and not body_stripped.strip():
            raise self.fail(line, f"expected a heading after 「{marker}」, found "
                                  + ("a responsibility list" if responsibility else "end of line"),
                            col=line.indent + len(marker) + 1)
        sentences = split_sentences(body_stripped) if body_stripped else []
        measures: list[Responsibility] = []
        ends = list(itertools.accumulate(len(s) for s in sentences))
        for start, written in inline_lists(body_stripped):
            measure = parse_responsibility(written, self.registry.resolve, self.first_leads)
            if measure.agencies:
                measure.inline = True
                measure.sentence = bisect.bisect_right(ends, start) + 1
                measures.append(measure)
        if responsibility is None and measures:
            responsibility = merge_measures(measures)
        heading = None
        if kind != "paragraph" and sentences:
            first = sentences[0]
            heading = first[:-1] if first.endswith("。") else first.strip()
        return Unit(id=unit_id, kind=kind, line=line.number, text=body_stripped, sentences=sentences,
                    number=number, marker=marker, heading=heading, responsibility=responsibility,
                    measures=measures)

    def _split_responsibility(self, line: Line, text: str, offset: int) -> tuple[str, Responsibility | None]:
        start = trailing_group(text)
        if start is not None and looks_like_responsibility(text[start + 1:text.rstrip().__len__() - 1]):
            written = text[start:].rstrip()
            return text[:start], parse_responsibility(written, self.registry.resolve, self.first_leads)
        opened = list(_RESPONSIBILITY_OPEN.finditer(text))
        unclosed = _unclosed_openers(text) if opened else set()
        for match in opened:
            if match.start() in unclosed:
                raise self.fail(line, "expected 「）」 closing the responsibility list opened here, "
                                      "found the end of the paragraph",
                                col=line.indent + offset + match.start() + 1)
        return text, None

    def _check_agency_ids(self, plan: Plan) -> None:
        """Agencies the registry lacks get ids derived from their names: two names must not derive
        one id, nor the id of a registry entry. Reported where the second name is first written."""
        first_name: dict[str, tuple[str, int]] = {}  # derived id -> (name, line number)
        for unit in plan.walk():
            if unit.responsibility is None:
                continue
            for ref in unit.responsibility.agencies + unit.responsibility.standing:
                if self.registry.lookup(ref.name) is not None:
                    continue
                entry = self.registry.by_id(ref.id)
                if entry is not None:
                    raise self._agency_error(unit, ref.name, f"which derives '{ref.id}', the id of 「{entry.zh}」 "
                                                             f"in the agency registry: give 「{ref.name}」 an id there")
                name, number = first_name.setdefault(ref.id, (ref.name, unit.line))
                if name != ref.name:
                    raise self._agency_error(unit, ref.name, f"which derives '{ref.id}' as 「{name}」 (line {number}) "
                                                             "does: give one of them an id in the agency registry")

    def _agency_error(self, unit: Unit, name: str, why: str) -> ParseError:
        line = next(l for l in self.lines if l.number == unit.line)
        written = unit.responsibility.text if unit.responsibility else ""
        at = len(line.raw.rstrip()) - len(written)
        found = written.find(name)
        col = at + (found if found >= 0 else 0) + 1
        return self.fail(line, f"expected agency names that derive distinct ids, found 「{name}」, {why}", col=col)


def _block(kind: str, lines: list[Line]) -> Unit:
    """A special unit made of whole paragraphs (lead, preface, notice); sentences never span paragraphs."""
    sentences = [s for line in lines for s in split_sentences(line.text)]
    return Unit(id=kind, kind=kind, line=lines[0].number, text="\n".join(l.text for l in lines),
                sentences=sentences)


def _unclosed_openers(text: str) -> set[int]:
    """Positions of the 「（」 and 「(」 in ``text`` that no bracket closes (each pair counted on its
    own, nesting included, as :func:`~builder.parse.sentences.matching_bracket` does), in one pass."""
    open_at: dict[str, list[int]] = {"（": [], "(": []}
    closes = {"）": "（", ")": "("}
    for i, char in enumerate(text):
        if char in open_at:
            open_at[char].append(i)
        elif char in closes and open_at[closes[char]]:
            open_at[closes[char]].pop()
    return {i for positions in open_at.values() for i in positions}


def _clip(text: str, width: int = 24) -> str:
    return text if len(text) <= width else text[:width] + "…"


def _apply_standing_rules(plan: Plan) -> None:
    """Give every task after a standing rule the rule's agencies as shared responsibility."""
    rule: Responsibility | None = None
    rule_unit = ""
    for unit in plan.walk():
        if rule is not None and unit.is_task:
            own = {a.id for a in unit.responsibility.agencies} if unit.responsibility else set()
            unit.inherited = [a for a in rule.standing if a.id not in own]
            unit.inherited_from = rule_unit
        if unit.responsibility is not None and unit.responsibility.standing:
            rule, rule_unit = unit.responsibility, unit.id


#: A news lead runs to a paragraph or two (Dongying's: 600 characters). Text before the title that
#: is longer than this is not searched for quotes: the search takes time that grows with its length
#: times the plan's.
_MAX_LEAD = 20_000


def _record_lead_quotes(plan: Plan, min_chars: int = 12) -> None:
    """Note which clauses the news lead quotes: those with a sentence found verbatim in it."""
    lead = plan.find("lead")
    if lead is None or len(lead.text) > _MAX_LEAD:
        return
    haystack = lead.text.replace("\n", "")
    for unit in plan.walk():
        if unit.kind in ids.SPECIAL:
            continue
        if any(len(s) >= min_chars and s.rstrip("。；") in haystack for s in unit.sentences[1:] or unit.sentences):
            lead.quotes.append(unit.id)
