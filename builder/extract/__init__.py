"""Extraction: what the parser's tree means — dated targets, and (in ``agencies``) who is responsible.

:func:`extract_plan` fills ``Unit.targets`` for every unit, numbering targets ``<clause>.t<k>`` in
reading order, with English metric names where the metrics table knows them.
"""

from __future__ import annotations

from builder.model import Plan, Target


def extract_plan(plan: Plan) -> Plan:
    """Attach the targets of every unit (in place) and return the plan."""
    from builder.extract.targets import extract_targets, metric_en

    for unit in plan.walk():
        if unit.kind in ("title", "notice", "lead", "preface"):
            continue  # no targets of their own: the lead quotes clauses, the rest set none
        facts = extract_targets(list(unit.sentences))
        unit.targets = [
            Target(
                id=f"{unit.id}.t{k}", sentence=fact.sentence + 1, year=fact.year, period=fact.period,
                metric_zh=fact.metric_zh, metric_en=metric_en(fact.metric_zh), value=fact.value,
                unit=fact.unit, value_si=fact.value_si, unit_si=fact.unit_si, cmp=fact.cmp,
                baseline_year=fact.baseline_year, kind=fact.kind,
                quote=unit.sentences[fact.sentence][fact.start:fact.end],
            )
            for k, fact in enumerate(facts, start=1)
        ]
    return plan
