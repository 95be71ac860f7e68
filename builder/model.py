"""The document model: a plan as a tree of citable units, plus what was extracted from it.

Plain dataclasses, no behaviour beyond walking the tree. The parser builds them, the YAML in
``content/<plan>/plan.yaml`` serialises them (:mod:`builder.serialize`), and the renderer reads
them. Ids follow the public contract (DESIGN.md): parts ``3``, sections ``3.1``, items ``3.1.2``,
unnumbered paragraphs ``2.p1``, sentences ``3.1.2.s3``, targets ``3.10.1.t2``, and the
special units ``title``, ``notice``, ``lead`` and ``preface``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

#: Unit kinds in the order of the numbering rank table (STYLE.md): 一、 > （一） > 1． > （1） > ①.
NUMBERED_KINDS = ("part", "section", "item", "subitem", "point")


@dataclass
class AgencyRef:
    """One agency as named in a responsibility list."""

    id: str
    name: str
    role: str  # "lead" | "shared"
    generic: bool = False


@dataclass
class Deadline:
    """When a task is to be done, as its responsibility list says (``完成时限：2022年6月底前``).

    ``text`` is the deadline as written, without its label (``2022年6月底前``, ``2023年底``,
    ``“十四五”期间``). ``date`` is the last day of the period it names, as an ISO date
    (``2022-06-30``; ``2022年上半年`` → ``2022-06-30``; ``2023年底`` → ``2023-12-31``; ``“十四五”期间``
    → ``2025-12-31``), or ``None`` where it names none (``长期坚持``).
    """

    text: str
    date: str | None


#: How the leads of a list are known: the text says 牵头 (``stated``); the plan's rule says the
#: first named leads (``rule``: ``排在第一为牵头单位，下同``); or only the genre's habit of naming
#: the lead first (``order``).
LEAD_BASES = ("stated", "rule", "order")


@dataclass
class Responsibility:
    """A responsibility list such as ``（责任单位：A、B，C。以下任务均需…负责落实，不再列出）``.

    ``text`` is the list exactly as written (brackets included, or its own line(s) for a list
    written as ``责任单位：A、B`` / ``完成时限：…`` under the task), so the unit stays lossless.
    ``agencies`` are in written order; the lead(s) first. ``standing`` holds the agencies a
    standing sentence applies to every later task (empty when the list has none).
    ``lead_basis`` says how the leads are known (:data:`LEAD_BASES`); ``deadline`` is the
    deadline written with the list, if any. ``inline`` lists stand inside the unit's text,
    closing one measure (``……建立××制度（责任部门：A牵头，B配合；完成时限：2023年底）。``):
    ``sentence`` is then the 1-based number of the sentence they close, and ``text`` a
    substring of that sentence.
    """

    text: str
    agencies: list[AgencyRef]
    standing: list[AgencyRef] = field(default_factory=list)
    standing_text: str | None = None
    lead_basis: str = "order"
    deadline: Deadline | None = None
    inline: bool = False
    sentence: int | None = None

    @property
    def stated_leads(self) -> list[AgencyRef]:
        """The leads the text names as such (牵头, or the plan's first-named rule); ``[]`` where
        the first agency leads only by the order of the list."""
        return [] if self.lead_basis == "order" else [a for a in self.agencies if a.role == "lead"]


@dataclass
class Target:
    """A dated target found in a unit's text (see :mod:`builder.extract.targets`)."""

    id: str
    sentence: int  # 1-based sentence number within the unit
    year: int
    period: str | None
    metric_zh: str
    metric_en: str | None
    value: float | None
    unit: str | None
    value_si: float | None
    unit_si: str | None
    cmp: str | None
    baseline_year: int | None
    kind: str  # "numeric" | "qualitative"
    quote: str  # the words of the sentence the target was read from


@dataclass
class Unit:
    """A citable unit of the plan.

    Guarantees: ``marker + text + (responsibility.text or "")`` is the unit's own line(s) as
    written, whitespace at the ends aside; ``"".join(sentences) == text``; ``heading`` is the
    phrase before the first 。 of a numbered unit (``None`` for other kinds).
    """

    id: str
    kind: str
    line: int
    text: str
    sentences: list[str]
    number: int | None = None
    marker: str = ""
    heading: str | None = None
    responsibility: Responsibility | None = None
    #: Agencies that share this unit through a standing rule of an earlier list.
    inherited: list[AgencyRef] = field(default_factory=list)
    #: The id of the unit whose list holds that standing rule.
    inherited_from: str | None = None
    targets: list[Target] = field(default_factory=list)
    #: For the news lead: the ids of the clauses it quotes.
    quotes: list[str] = field(default_factory=list)
    #: Responsibility lists inside the text, each closing one measure (``Responsibility.inline``).
    #: ``responsibility`` then lists all their agencies for the clause, unless it has its own list.
    measures: list[Responsibility] = field(default_factory=list)
    #: For the covering notice: its parts (title, number, addressees, text, issuer, date, note).
    meta: dict[str, str] = field(default_factory=dict)
    children: list[Unit] = field(default_factory=list)

    def walk(self) -> Iterator[Unit]:
        """This unit, then its descendants, in reading order."""
        yield self
        for child in self.children:
            yield from child.walk()

    def sentence_id(self, index: int) -> str:
        """The id of sentence ``index`` (1-based)."""
        return f"{self.id}.s{index}"

    def deadlines(self) -> list[tuple[Deadline, Responsibility]]:
        """Every deadline written in this unit, with the list that states it (its agencies, and
        for a measure inside the text, the ``sentence`` it closes), in reading order."""
        lists = [*self.measures, *([self.responsibility] if self.responsibility and not self.responsibility.inline else [])]
        return [(r.deadline, r) for r in lists if r.deadline is not None]

    @property
    def is_task(self) -> bool:
        """A task is an item, or any unit with its own responsibility list."""
        return self.kind == "item" or self.responsibility is not None


@dataclass
class Plan:
    """A whole plan: its id, where it came from, and its units in reading order."""

    id: str
    source: str
    title: str
    units: list[Unit]

    def walk(self) -> Iterator[Unit]:
        """Every unit of the plan in reading order (pre-order)."""
        for unit in self.units:
            yield from unit.walk()

    def find(self, unit_id: str) -> Unit | None:
        """The unit with this id, or ``None``."""
        for unit in self.walk():
            if unit.id == unit_id:
                return unit
        return None

    @property
    def parts(self) -> list[Unit]:
        return [u for u in self.units if u.kind == "part"]

    def targets(self) -> Iterator[tuple[Unit, Target]]:
        """Every target with the unit it belongs to, in reading order."""
        for unit in self.walk():
            for target in unit.targets:
                yield unit, target
