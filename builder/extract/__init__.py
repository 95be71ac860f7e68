"""Extraction: what the parser's tree means — dated targets, and (in ``agencies``) who is responsible.

:func:`extract_plan` fills ``Unit.targets`` for every unit, numbering targets ``<clause>.t<k>`` in
reading order, with English metric names where the metric table knows them.
"""

from __future__ import annotations

from builder import ids
from builder.extract.targets import MetricNames, extract_targets
from builder.model import Plan, Target, Unit

#: Units that set no targets of their own: the lead quotes clauses, the rest frame the plan.
_NO_TARGETS = ids.SPECIAL


def _without_notes(unit: Unit) -> list[str]:
    """The unit's sentences with each responsibility note inside them (``（责任部门：…；完成时限：2023年底）``)
    blanked out, at the same length (a target's quote is cut from the sentence as written): a
    note's date is the measure's deadline (:attr:`Responsibility.deadline`), never a target's year,
    and a note ends the phrase before it."""
    sentences = list(unit.sentences)
    for note in unit.measures:
        if not note.sentence or not 0 < note.sentence <= len(sentences):
            continue
        text = sentences[note.sentence - 1]
        at = text.find(note.text)
        if at >= 0 and note.text:
            sentences[note.sentence - 1] = text[:at] + "；" + "\u3000" * (len(note.text) - 1) + text[at + len(note.text):]
    return sentences


def extract_plan(plan: Plan, metrics: MetricNames | None = None) -> Plan:
    """Attach the targets of every unit (in place) and return the plan."""
    metrics = metrics or MetricNames()
    for unit in plan.walk():
        if unit.kind in _NO_TARGETS:
            continue
        facts = extract_targets(_without_notes(unit))
        unit.targets = [
            Target(
                id=f"{unit.id}.t{k}", sentence=fact.sentence + 1, year=fact.year, period=fact.period,
                metric_zh=fact.metric_zh, metric_en=metrics.english(fact.metric_zh), value=fact.value,
                unit=fact.unit, value_si=fact.value_si, unit_si=fact.unit_si, cmp=fact.cmp,
                baseline_year=fact.baseline_year, kind=fact.kind,
                quote=unit.sentences[fact.sentence][fact.start:fact.end],
            )
            for k, fact in enumerate(facts, start=1)
        ]
    return plan
