"""Extraction: what the parser's tree means — dated targets, and (in ``agencies``) who is responsible.

:func:`extract_plan` fills ``Unit.targets`` for every unit, numbering targets ``<clause>.t<k>`` in
reading order, with English metric names where the metric table knows them.
"""

from __future__ import annotations

from builder import ids
from builder.extract.targets import MetricNames, extract_targets
from builder.model import Plan, Target

#: Units that set no targets of their own: the lead quotes clauses, the rest frame the plan.
_NO_TARGETS = ids.SPECIAL


def extract_plan(plan: Plan, metrics: MetricNames | None = None) -> Plan:
    """Attach the targets of every unit (in place) and return the plan."""
    metrics = metrics or MetricNames()
    for unit in plan.walk():
        if unit.kind in _NO_TARGETS:
            continue
        facts = extract_targets(list(unit.sentences))
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
