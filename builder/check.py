"""Validate curated and generated content against the shipped JSON Schemas.

:func:`check_content` reads every ``content/<plan>/plan.yaml`` (and the curated registry and
glossary), collects every problem with its file and YAML path, and returns them all; the caller
reports them together and stops once (like MkDocs' configuration validation).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jsonschema

from builder.project import Project, display_path, load_yaml
from builder.serialize import load_schema

CURATED = {
    "agencies.yaml": "registry",
    "glossary.yaml": "glossary-content",
    "metrics.yaml": "metrics",
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


def check_content(project: Project) -> tuple[list[str], int]:
    """Every problem in ``content/``, and the number of files checked."""
    problems: list[str] = []
    checked = 0
    for name, schema in CURATED.items():
        for file in [project.content / name, *sorted(project.content.glob(f"*/{name}"))]:
            if file.is_file():
                checked += 1
                problems += validate(load_yaml(file), schema, file)
    for file in sorted(project.content.glob("*/plan.yaml")):
        checked += 1
        data = load_yaml(file)
        problems += validate(data, "plan", file)
        if isinstance(data, dict) and data.get("plan") not in (None, file.parent.name):
            problems.append(f"{display_path(file)}: plan: expected '{file.parent.name}' (the folder's name), "
                            f"found '{data.get('plan')}'")
    return problems, checked
