"""The plan as plain data: the YAML in ``content/<plan>/plan.yaml`` and ``data/<plan>/plan.json``.

:func:`plan_to_data` and :func:`plan_from_data` are inverses: ``plan_from_data(plan_to_data(p))``
equals ``p``. Keys come out in a fixed order and empty fields are left out, so the same plan
always serialises to the same bytes. The data is valid against ``schemas/plan.schema.json``.
"""

from __future__ import annotations

import json
import re
from importlib import resources
from typing import Any

import yaml

from builder.model import AgencyRef, Deadline, Plan, Responsibility, Target, Unit

FORMAT_VERSION = 1


def plan_to_data(plan: Plan) -> dict[str, Any]:
    return {
        "format": FORMAT_VERSION,
        "plan": plan.id,
        "source": plan.source,
        "title": plan.title,
        "units": [_unit_to_data(u) for u in plan.units],
    }


def _agency(ref: AgencyRef) -> dict[str, Any]:
    data: dict[str, Any] = {"id": ref.id, "name": ref.name, "role": ref.role}
    if ref.generic:
        data["generic"] = True
    return data


def _unit_to_data(unit: Unit) -> dict[str, Any]:
    data: dict[str, Any] = {"id": unit.id, "kind": unit.kind, "line": unit.line}
    if unit.number is not None:
        data["number"] = unit.number
    if unit.marker:
        data["marker"] = unit.marker
    if unit.heading is not None:
        data["heading"] = unit.heading
    data["text"] = unit.text
    data["sentences"] = list(unit.sentences)
    if unit.meta:
        data["meta"] = dict(unit.meta)
    if unit.quotes:
        data["quotes"] = list(unit.quotes)
    if unit.responsibility is not None:
        data["responsibility"] = _responsibility_to_data(unit.responsibility)
    if unit.measures:
        data["measures"] = [_responsibility_to_data(m) for m in unit.measures]
    if unit.inherited:
        data["inherited"] = [_agency(a) for a in unit.inherited]
        data["inherited_from"] = unit.inherited_from
    if unit.targets:
        data["targets"] = [_target_to_data(t) for t in unit.targets]
    if unit.children:
        data["children"] = [_unit_to_data(c) for c in unit.children]
    return data


def _responsibility_to_data(resp: Responsibility) -> dict[str, Any]:
    """A list's fields; those at their defaults (lead by order, no deadline, not inline) left out."""
    rdata: dict[str, Any] = {"text": resp.text, "agencies": [_agency(a) for a in resp.agencies]}
    if resp.standing:
        rdata["standing"] = [_agency(a) for a in resp.standing]
        rdata["standing_text"] = resp.standing_text
    if resp.lead_basis != "order":
        rdata["lead_basis"] = resp.lead_basis
    if resp.deadline is not None:
        rdata["deadline"] = {"text": resp.deadline.text, "date": resp.deadline.date}
    if resp.inline:
        rdata["inline"] = True
    if resp.sentence is not None:
        rdata["sentence"] = resp.sentence
    return rdata


def _responsibility_from(row: dict[str, Any]) -> Responsibility:
    deadline = row.get("deadline")
    return Responsibility(
        text=row["text"], agencies=[_agency_from(a) for a in row["agencies"]],
        standing=[_agency_from(a) for a in row.get("standing", [])], standing_text=row.get("standing_text"),
        lead_basis=row.get("lead_basis", "order"),
        deadline=Deadline(text=deadline["text"], date=deadline.get("date")) if deadline else None,
        inline=bool(row.get("inline", False)), sentence=row.get("sentence"),
    )


def _target_to_data(target: Target) -> dict[str, Any]:
    return {
        "id": target.id, "sentence": target.sentence, "year": target.year, "period": target.period,
        "metric_zh": target.metric_zh, "metric_en": target.metric_en,
        "value": _number(target.value), "unit": target.unit,
        "value_si": _number(target.value_si), "unit_si": target.unit_si,
        "cmp": target.cmp, "baseline_year": target.baseline_year, "kind": target.kind,
        "quote": target.quote,
    }


def _number(value: float | None) -> float | int | None:
    """Whole numbers as integers, so ``2500`` never prints as ``2500.0``."""
    if value is None:
        return None
    return int(value) if float(value).is_integer() else round(float(value), 6)


def plan_from_data(data: dict[str, Any]) -> Plan:
    return Plan(id=data["plan"], source=data["source"], title=data["title"],
                units=[_unit_from_data(u) for u in data["units"]])


def _agency_from(row: dict[str, Any]) -> AgencyRef:
    return AgencyRef(id=row["id"], name=row["name"], role=row["role"], generic=row.get("generic", False))


def _target_from(row: dict[str, Any]) -> Target:
    """A target as extraction made it: its values are numbers of the model's type (``float``),
    whether the YAML wrote ``13`` or ``13.0``."""
    return Target(**{**row, "value": _float(row.get("value")), "value_si": _float(row.get("value_si"))})


def _float(value: Any) -> float | None:
    return None if value is None else float(value)


def _unit_from_data(data: dict[str, Any]) -> Unit:
    resp = data.get("responsibility")
    return Unit(
        id=data["id"], kind=data["kind"], line=data["line"], text=data["text"],
        sentences=list(data["sentences"]), number=data.get("number"), marker=data.get("marker", ""),
        heading=data.get("heading"),
        responsibility=_responsibility_from(resp) if resp else None,
        measures=[_responsibility_from(m) for m in data.get("measures", [])],
        inherited=[_agency_from(a) for a in data.get("inherited", [])],
        inherited_from=data.get("inherited_from"),
        targets=[_target_from(t) for t in data.get("targets", [])],
        quotes=list(data.get("quotes", [])), meta=dict(data.get("meta", {})),
        children=[_unit_from_data(c) for c in data.get("children", [])],
    )


class _NoAliases:
    def ignore_aliases(self, data: Any) -> bool:
        return True


class _PureDumper(_NoAliases, yaml.SafeDumper):
    """Block YAML, no anchors or aliases, keys in the order given, multi-line text as ``|`` blocks."""


class _Dumper(_NoAliases, getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    """The same, emitted by libyaml where PyYAML was built with it: four times faster, and the same
    bytes, except for what :func:`_libyaml_differs` finds (libyaml escapes the characters beyond
    the Basic Multilingual Plane, such as the rarer CJK ideographs of Extension B), which
    :func:`dump_yaml` leaves to the pure-Python one."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    if any(c in value for c in "\x85\u2028\u2029"):
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style='"')  # YAML line breaks
    if "\n" in value and not value.endswith((" ", "\n")) and "\n " not in value:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


for _dumper in (_PureDumper, _Dumper):
    _dumper.add_representer(str, _represent_str)


_ASTRAL = re.compile("[\U00010000-\U0010FFFF]")


def _libyaml_differs(data: Any) -> bool:
    """Whether libyaml would write ``data`` otherwise than PyYAML: a character beyond the Basic
    Multilingual Plane, or an empty key (``'': x`` against ``? ''``)."""
    if isinstance(data, str):
        return _ASTRAL.search(data) is not None
    if isinstance(data, dict):
        return any(k == "" or _libyaml_differs(k) or _libyaml_differs(v) for k, v in data.items())
    if isinstance(data, (list, tuple)):
        return any(_libyaml_differs(v) for v in data)
    return False


def dump_yaml(data: Any, header: str | None = None, dumper: type | None = None) -> str:
    """Block YAML (see :class:`_PureDumper`), with a ``# header`` line where given."""
    if dumper is None:
        dumper = _PureDumper if _libyaml_differs(data) else _Dumper
    text = yaml.dump(data, Dumper=dumper, allow_unicode=True, sort_keys=False, width=1_000_000,
                     default_flow_style=False)
    return (f"# {header}\n" if header else "") + text


def plan_yaml_text(plan: Plan) -> str:
    """``content/<plan>/plan.yaml`` as ``plansite build`` and ``plansite parse --write`` write it."""
    header = (f"Generated by `plansite parse` from {plan.source}: do not edit by hand "
              "(edit the seed and run `make content`).")
    return dump_yaml(plan_to_data(plan), header)


def dump_json(data: Any) -> str:
    """JSON as the exports are published: UTF-8 (not ASCII-escaped), indented, newline at the end."""
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def load_schema(name: str) -> dict[str, Any]:
    """A JSON Schema shipped with the package (``builder/schemas/<name>.schema.json``)."""
    text = resources.files("builder").joinpath("schemas", f"{name}.schema.json").read_text("utf-8")
    return json.loads(text)
