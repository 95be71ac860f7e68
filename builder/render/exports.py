"""Data exports of one plan (``data/<plan>/``), exactly as the public contract defines them.

JSON is UTF-8 (never ASCII-escaped); the CSV starts with a byte-order mark so that Excel reads
its Chinese text, and lists (agencies) are joined with ``;``. Rows come in reading order.

Every CSV cell goes through :func:`csv_cell`, the one place a plan's text reaches a spreadsheet: a
text cell that a spreadsheet would run as a formula is neutralised (OWASP, "CSV injection").
A clause's sentences are joined by :func:`join_sentences`, as a reader of each language expects.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from typing import Any

from builder import ids
from builder.agencies import AgencyRegistry
from builder.model import Plan
from builder.render import urls
from builder.render.history import changes_rows
from builder.render.views import PlanView
from builder.serialize import dump_json, dump_yaml, plan_to_data

DEADLINE_FIELDS = ("clause", "sentence", "text", "date", "agencies", "lead", "url", "url_en")
TARGET_FIELDS = ("id", "clause", "year", "period", "metric_zh", "metric_en", "value", "unit", "value_si",
                 "unit_si", "cmp", "baseline_year", "kind", "agencies", "text_zh", "url", "url_en")


def export_files(plan: Plan, view: PlanView, registry: AgencyRegistry,
                 source: Mapping[str, Any] | None = None) -> dict[str, str]:
    """A plan's data files; ``source.json`` (the document its text was imported from, as
    ``source.yaml`` records it) where there is one."""
    data = plan_to_data(plan)
    base = f"data/{plan.id}/"
    targets = target_rows(view)
    files = {base + "source.json": dump_json(dict(source))} if source else {}
    return files | {
        base + "plan.yaml": dump_yaml(data, f"{plan.title} — plansite plan data; schema: ../plan.schema.json"),
        base + "plan.json": dump_json(data),
        base + "citations.json": dump_json(citation_rows(view)),
        base + "targets.json": dump_json(targets),
        base + "targets.csv": targets_csv(targets),
        base + "agencies.json": dump_json(agency_rows(view)),
        base + "deadlines.json": dump_json(deadline_rows(view)),
        base + "deadlines.csv": rows_csv(deadline_rows(view), DEADLINE_FIELDS),
        base + "changes.json": dump_json(changes_rows(plan.id, view.history)),
    }


def citation_rows(view: PlanView) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for clause in view.ordered():
        english = [s.en for s in clause.sentences]
        rows.append({
            "id": clause.id,
            "kind": clause.kind,
            "url": clause.url,
            "url_en": urls.in_lang(clause.url, "en"),
            "text_zh": join_sentences([s.zh for s in clause.sentences], "zh") or clause.label_zh,
            "text_en": join_sentences(english, "en") if english and all(english) else None,
            "cite_zh": clause.cite_zh,
            "cite_en": clause.cite_en,
            "cite_full_zh": clause.full_zh,
            "cite_full_en": clause.full_en,
            "deadlines": [{"text": d.text, "date": d.date, "sentence": d.sentence} for d in clause.deadlines],
        })
        if clause.kind in ids.SPECIAL:
            continue  # their sentences have no public ids
        for s in clause.sentences:
            rows.append({"id": s.id, "kind": "sentence", "url": s.url, "url_en": s.url_en, "text_zh": s.zh,
                         "text_en": s.en, "cite_zh": s.cite_zh, "cite_en": s.cite_en,
                         "cite_full_zh": s.full_zh, "cite_full_en": s.full_en})
        for t in clause.targets:
            rows.append({"id": t.id, "kind": "target", "url": t.url, "url_en": urls.in_lang(t.url, "en"),
                         "text_zh": t.quote, "text_en": None, "cite_zh": t.cite_zh, "cite_en": t.cite_en,
                         "cite_full_zh": t.full_zh, "cite_full_en": t.full_en})
    for row in rows:  # where the text is a published version: the address whose meaning never changes
        versioned = view.versioned(row["url"])
        if versioned is not None:
            row["url_version"], row["url_version_en"] = versioned, urls.in_lang(versioned, "en")
    return rows


def target_rows(view: PlanView) -> list[dict[str, Any]]:
    return [{
        "id": t.id, "clause": t.clause, "year": t.year, "period": t.period,
        "metric_zh": t.metric_zh, "metric_en": t.metric_en, "value": _num(t.value), "unit": t.unit,
        "value_si": _num(t.value_si), "unit_si": t.unit_si, "cmp": t.cmp, "baseline_year": t.baseline_year,
        "kind": t.kind, "agencies": [a.id for a in t.agencies], "text_zh": t.text_zh,
        "url": t.url, "url_en": urls.in_lang(t.url, "en"),
    } for t in view.targets]


def _num(value: float | None) -> float | int | None:
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


def targets_csv(rows: list[dict[str, Any]]) -> str:
    return rows_csv(rows, TARGET_FIELDS)


def rows_csv(rows: list[dict[str, Any]], fields: tuple[str, ...]) -> str:
    """Rows as CSV for a spreadsheet: UTF-8 with a byte-order mark, CRLF, lists joined with ``;``,
    every cell through :func:`csv_cell`."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({key: csv_cell(";".join(value) if isinstance(value, list) else value, symbol=key == "cmp")
                         for key, value in row.items()})
    return "\ufeff" + out.getvalue()


def deadline_rows(view: PlanView) -> list[dict[str, Any]]:
    """Every deadline of the plan in reading order: the clause (and, for a note inside its text,
    the sentence of the measure it closes), the deadline as written and as the last day of the
    period it names, the agencies responsible (leads first) and the address of what is due."""
    return [{
        "clause": d.clause, "sentence": d.sentence, "text": d.text, "date": d.date,
        "agencies": [a.id for a in d.agencies], "lead": [a.id for a in d.leads],
        "url": d.url, "url_en": urls.in_lang(d.url, "en"),
    } for d in view.deadlines]


#: What makes a spreadsheet (Excel, LibreOffice, Google Sheets) read a cell as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: object, symbol: bool = False) -> object:
    """One cell of a CSV export. ``None`` is an empty cell; numbers stay numbers. A text that
    starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return would run as a formula when
    the file is opened in a spreadsheet: as OWASP recommends, it is prefixed with a single quote
    (``'=SUM(A1)``), which the spreadsheet shows as text; the rest of the text is unchanged.
    ``symbol``: a value of a closed set that plansite writes itself (the comparator ``=``, ``≥``,
    ``≤``, ``≈``), never text from a plan; a lone ``=`` computes nothing and is kept as it is."""
    if value is None:
        return ""
    if symbol:
        if value not in ("=", "≥", "≤", "≈"):
            raise ValueError(f"expected a comparator (=, ≥, ≤, ≈), found {value!r}")
        return value
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def join_sentences(sentences: list[str | None], lang: str) -> str:
    """A clause's sentences as one text: run together in Chinese (each ends in its own 。；),
    one space between them in English. Missing sentences are left out."""
    return ("" if lang == "zh" else " ").join(s.strip() if lang == "en" else s for s in sentences if s)


def agency_rows(view: PlanView) -> list[dict[str, Any]]:
    return [{
        "id": a.id, "name_zh": a.name_zh, "name_en": a.name_en, "url": a.url, "url_en": urls.in_lang(a.url, "en"),
        "lead": [c.id for c in a.lead],
        "shared": [c.id for c in a.shared] + [c.id for c in a.standing],
        "generic": a.generic,
        "deadlines": [{"clause": d.clause, "sentence": d.sentence, "date": d.date, "text": d.text,
                       "role": next(x.role for x in d.agencies if x.id == a.id)} for d in a.deadlines],
    } for a in sorted(view.agencies, key=lambda a: a.id)]
