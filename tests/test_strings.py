"""Every word a reader sees in the interface comes from one table, ``templates/strings.yaml``: the
theme's partials and script, and the Python that names ids, hold none of their own."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from tests.conftest import ROOT

HAN = re.compile(r"[\u3400-\u9fff]")
COMMENTS = re.compile(r"/\*.*?\*/|\{#.*?#\}|<!--.*?-->|^\s*//.*?$", re.S | re.M)


def test_every_string_has_both_languages() -> None:
    table = yaml.safe_load((ROOT / "templates/strings.yaml").read_text(encoding="utf-8"))
    assert len(table) > 100
    for key, value in table.items():
        assert isinstance(value, dict) and set(value) == {"zh", "en"}, key
        assert all(isinstance(text, str) for text in value.values()), key


def test_the_theme_and_its_script_hold_no_words_of_their_own() -> None:
    files = [*(ROOT / "templates/theme").glob("*.html"), *(ROOT / "templates/theme/partials").glob("*.html"),
             ROOT / "templates/theme/assets/javascripts/plansite.js"]
    assert len(files) >= 6
    for file in files:
        code = COMMENTS.sub("", file.read_text(encoding="utf-8"))
        assert not HAN.search(code), f"{file.relative_to(ROOT)}: {HAN.search(code).group()}"
        for words in ("Copied", "English", "authoritative version"):
            assert words not in code, f"{file.relative_to(ROOT)}: {words}"


def test_labels_of_ids_hold_no_words_of_their_own() -> None:
    code = (ROOT / "builder/render/labels.py").read_text(encoding="utf-8")
    body = code.split('"""', 2)[2]  # after the docstring's table of examples
    assert not HAN.search(body)
    assert not re.search(r'"(Part|Section|Clause|Preface|sentence|paragraph|target)\b', body)


def test_no_template_chooses_a_language() -> None:
    """Every choice between Chinese and English is made by the page's ``L``
    (:mod:`builder.render.language`); a template only asks it."""
    templates = sorted((ROOT / "templates").glob("*.j2"))
    assert len(templates) >= 12
    for file in templates:
        code = COMMENTS.sub("", file.read_text(encoding="utf-8"))
        found = re.search(r"\blang\s*[!=]=|==\s*['\"](zh|en)['\"]|_zh if |_en if |_en or |_en else", code)
        assert not found, f"{file.relative_to(ROOT)}: {found.group()}"
