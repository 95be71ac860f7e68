"""The public contract, checked on a built site (the project's own copy of the checks in DESIGN.md):
each export validates against its JSON Schema and every ``url`` / ``url_en`` leads to a page
and, where it has a ``#fragment``, to an element with that id."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jsonschema

from builder.serialize import load_schema

ID_ATTR = re.compile(r'\bid\s*=\s*["\']([^"\']+)["\']')


class SiteIndex:
    """Pages of a built site and the element ids each holds (read once)."""

    def __init__(self, site: Path):
        self.site = site
        self._ids: dict[Path, set[str]] = {}

    def page(self, url: str) -> Path | None:
        path = url.split("#", 1)[0]
        candidate = self.site / path
        for option in ((candidate / "index.html",) if path.endswith("/") or not path else (candidate, candidate / "index.html")):
            if option.is_file():
                return option
        return None

    def resolves(self, url: str) -> bool:
        page = self.page(url)
        if page is None:
            return False
        fragment = url.partition("#")[2]
        if not fragment:
            return True
        if page not in self._ids:
            self._ids[page] = set(ID_ATTR.findall(page.read_text(encoding="utf-8")))
        return fragment in self._ids[page]


def problems_in(site: Path, plan: str) -> list[str]:
    index = SiteIndex(site)
    problems: list[str] = []
    for name in ("citations", "targets", "agencies", "deadlines"):
        rows: Any = json.loads((site / "data" / plan / f"{name}.json").read_text(encoding="utf-8"))
        for error in jsonschema.Draft202012Validator(load_schema(name)).iter_errors(rows):
            problems.append(f"{name}.json: {list(error.absolute_path)}: {error.message}")
        for row in rows:
            for key in ("url", "url_en"):
                if not index.resolves(row[key]):
                    problems.append(f"{name}.json: {row.get('id', row.get('clause'))}: {key} {row[key]} does not resolve")
    changes: Any = json.loads((site / "data" / plan / "changes.json").read_text(encoding="utf-8"))
    for error in jsonschema.Draft202012Validator(load_schema("changes")).iter_errors(changes):
        problems.append(f"changes.json: {list(error.absolute_path)}: {error.message}")
    for where, url in _urls(changes, "changes.json"):
        if not index.resolves(url):
            problems.append(f"{where}: {url} does not resolve")
    return problems


def _urls(data: Any, where: str) -> list[tuple[str, str]]:
    """Every ``url`` and ``url_en`` in a nested export, with where it is."""
    if isinstance(data, dict):
        found = [(f"{where}.{key}", value) for key, value in data.items() if key in ("url", "url_en")]
        return found + [f for key, value in data.items() for f in _urls(value, f"{where}.{key}")]
    if isinstance(data, list):
        return [f for n, value in enumerate(data) for f in _urls(value, f"{where}[{n}]")]
    return []
