"""Validate curated and generated content against the shipped JSON Schemas.

:func:`check_content` reads every ``content/<plan>/plan.yaml`` (and the curated registry and
glossary), collects every problem with its file and YAML path, and returns them all; the caller
reports them together and stops once (like MkDocs' configuration validation).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jsonschema

from builder.errors import ValidationError
from builder.project import Project, display_path, load_yaml
from builder.translation import FILE as TRANSLATION_FILE, load as load_translation, status
from builder.render.metrics import registry_problems
from builder.serialize import load_schema

CURATED = {
    "agencies.yaml": "registry",
    "glossary.yaml": "glossary-content",
    "metrics.yaml": "metrics-content",
    "ids.yaml": "ids",
    "source.yaml": "source",  # written by `plansite import`
    "meta.yaml": "meta",
    "alignment.yaml": "alignment-content",  # the actions aligned (builder/render/alignment.py)
    "versions.yaml": "versions-content",  # a plan's published versions (builder/versions.py)
}


def yaml_path(parts: list[Any]) -> str:
    """``["units", 3, "children", 0, "id"]`` → ``units[3].children[0].id``."""
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top)"


def validate(data: Any, schema_name: str, file: Path) -> list[str]:
    validator = jsonschema.Draft202012Validator(load_schema(schema_name))
    problems = []
    for error in sorted(validator.iter_errors(data), key=lambda e: [str(p) for p in e.absolute_path]):
        problems.append(f"{display_path(file)}: {yaml_path(list(error.absolute_path))}: {error.message}")
    return problems


#: curated files whose problems are reported at their line and column (``file:line:col: error: …``)
POSITIONED = {"glossary.yaml"}


def validate_positioned(data: Any, schema_name: str, file: Path) -> list[str]:
    """The schema's problems in ``file``, each at the line and column of the YAML node it concerns
    (a missing property: at the mapping that lacks it)."""
    import yaml

    from builder.project import _position

    errors = list(jsonschema.Draft202012Validator(load_schema(schema_name)).iter_errors(data))
    if not errors:
        return []
    node = yaml.compose(file.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    placed = sorted((_position(node, list(e.absolute_path)), yaml_path(list(e.absolute_path)), e.message)
                    for e in errors)
    return [f"{display_path(file)}:{line}:{col}: error: at {where}, {message}"
            for (line, col), where, message in placed]


def _plain(data: Any) -> Any:
    """YAML's dates (``date_issued: 2021-10-24``) as the ISO text the schemas describe."""
    import datetime

    if isinstance(data, dict):
        return {k: _plain(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_plain(v) for v in data]
    return data.isoformat() if isinstance(data, datetime.date) else data


def check_content(project: Project) -> tuple[list[str], int]:
    """Every problem in ``content/``, and the number of files checked."""
    problems: list[str] = []
    checked = 0
    for name, schema in CURATED.items():
        for file in [project.content / name, *sorted(project.content.glob(f"*/{name}"))]:
            if file.is_file():
                checked += 1
                check = validate_positioned if name in POSITIONED else validate
                problems += check(_plain(load_yaml(file)), schema, file)
    for file in sorted(project.content.glob("*/plan.yaml")):
        checked += 1
        data = load_yaml(file)
        problems += validate(data, "plan", file)
        if isinstance(data, dict) and data.get("plan") not in (None, file.parent.name):
            problems.append(f"{display_path(file)}: plan: expected '{file.parent.name}' (the folder's name), "
                            f"found '{data.get('plan')}'")
    for file in sorted(project.content.glob("*/ids.yaml")):
        problems += _id_map_problems(file)
    registry = project.content / "metrics.yaml"
    if registry.is_file():  # what the schema cannot say: ids and forms used twice
        problems += registry_problems(load_yaml(registry), display_path(registry), schema=False)
    problems += _alignment_problems(project)
    for file in sorted(project.content.glob(f"*/{TRANSLATION_FILE}")):
        checked += 1
        problems += _translation_problems(project, file)
    return problems, checked


def translation_report(project: Project) -> list[str]:
    """For each plan with a translation: its sentences without English, and the English that is
    stale (its sentence's Chinese changed: not shown until reviewed) or names no sentence. These
    are work for a translator, not errors (the site shows such sentences as untranslated);
    ``plansite check --strict`` counts them as problems."""
    lines = []
    for file in sorted(project.content.glob(f"*/{TRANSLATION_FILE}")):
        plan = _published_plan(file.parent / "plan.yaml")
        try:
            translation = load_translation(file, display_path(file))
        except ValidationError:
            continue  # reported by check_content
        if plan is None or translation is None:
            continue
        state = status(plan, translation)
        shown = display_path(file)
        for sid in state.missing:
            lines.append(f"{shown}: warning: {sid} has no English")
        for sid, was, now in state.stale:
            lines.append(f"{shown}: warning: {sid} is stale (to review): its English translates 「{was}」, "
                         f"the text now says 「{now}」")
        for sid in state.orphaned:
            lines.append(f"{shown}: warning: {sid} names no sentence of the text")
    return lines


def _published_plan(path: Path) -> Any:
    from builder.serialize import plan_from_data

    data = load_yaml(path)
    try:
        return plan_from_data(data) if isinstance(data, dict) else None
    except (KeyError, TypeError, ValueError):
        return None  # the plan.yaml's own problems are reported by its schema


def _translation_problems(project: Project, file: Path) -> list[str]:
    try:
        load_translation(file, display_path(file))
    except ValidationError as error:
        return list(error.problems)
    return []


def _alignment_problems(project: Project) -> list[str]:
    """``content/alignment.yaml``'s pairs name plans of ``content/`` and clauses of their ``plan.yaml``."""
    from builder.render.alignment import curation_problems, stale_pairs
    from builder.summaries import read_curation

    try:
        curation = read_curation(project)
    except ValidationError:
        return []  # reported with the schema's problems
    if curation is None:
        return []
    clauses, headings = _outlines(project)
    return curation_problems(curation, clauses, strict_plans=True, stale=stale_pairs(curation, headings))


def _outlines(project: Project) -> tuple[dict[str, dict[str, str]], dict[str, dict[str, str | None]]]:
    """Each plan's parts, sections and items (id → kind, id → heading), from its ``plan.yaml``."""
    from builder.serialize import plan_from_data

    clauses: dict[str, dict[str, str]] = {}
    headings: dict[str, dict[str, str | None]] = {}
    for file in sorted(project.content.glob("*/plan.yaml")):
        data = load_yaml(file)
        if isinstance(data, dict) and not validate(data, "plan", file):
            plan = plan_from_data(data)
            units = [u for u in plan.walk() if u.kind in ("part", "section", "item")]
            clauses[plan.id] = {u.id: u.kind for u in units}
            headings[plan.id] = {u.id: u.heading for u in units}
    return clauses, headings


def alignment_report(project: Project) -> list[str]:
    """The curated pairs of ``content/alignment.yaml`` that are stale: the clause they were curated
    for has another heading now, or is gone (:func:`builder.render.alignment.stale_pairs`). Like
    stale English, work for a curator (the automatic match stands in meanwhile), not an error;
    ``plansite check --strict`` counts them as problems."""
    from builder.render.alignment import stale_pairs
    from builder.summaries import read_curation

    try:
        curation = read_curation(project)
    except ValidationError:
        return []
    if curation is None:
        return []
    return list(stale_pairs(curation, _outlines(project)[1]).values())


def _id_map_problems(file: Path) -> list[str]:
    """An id map whose schema holds: its plan is its folder's, and it points into the plan.yaml beside it."""
    from builder import ids
    from builder.versions import schema_problems
    from builder.serialize import plan_from_data

    data = load_yaml(file)
    if schema_problems(data):
        return []  # reported with the schema's
    problems = []
    if data.get("plan") not in (None, file.parent.name):
        problems.append(f"{display_path(file)}: plan: expected '{file.parent.name}' (the folder's name), "
                        f"found '{data.get('plan')}'")
    plan_file = file.parent / "plan.yaml"
    plan_data = load_yaml(plan_file)
    if not isinstance(plan_data, dict) or validate(plan_data, "plan", plan_file):
        return problems
    plan = plan_from_data(plan_data)
    known = {t.id for _, t in plan.targets()}
    for unit in plan.walk():
        known.add(unit.id)
        known.update(unit.sentence_id(n) for n in range(1, len(unit.sentences) + 1))
    moved = data.get("moved") or {}
    for key in sorted(moved, key=ids.sort_key):
        if moved[key] is not None and moved[key] not in known:
            problems.append(f"{display_path(file)}: moved.{key}: expected an id of {display_path(plan_file)}, "
                            f"found '{moved[key]}'")
    return problems
