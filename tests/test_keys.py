"""The hand-made answer keys (tests/targets/*.key.yaml) are well formed against the plans they key.

Every quote is a substring of its sentence (targets, doubtful phrases) or of its clause's line in the
plan text (responsibility lists); every id exists in the parsed plan; every field has its type. The
rules are in tests/targets/CONVENTION.md.
"""

from __future__ import annotations

import datetime
from functools import cache
from pathlib import Path

import pytest
import yaml

from builder.errors import ParseError
from builder.project import Project
from tests.conftest import CORPUS, REFUSED_CORPUS, ROOT
from tests.targets.score import SOURCES, keyed_plans

KEYS = ROOT / "tests" / "targets"
TARGET_FIELDS = {"sentence", "year", "period", "kind", "metric", "value", "unit", "cmp", "baseline_year", "quote"}
RESPONSIBILITY_FIELDS = {"clause", "sentence", "quote", "lead", "shared", "deadline", "deadline_date"}


@cache
def _plan(name: str):
    return Project(ROOT).parse(SOURCES[name], extract=False)


@cache
def _key(name: str) -> dict:
    return yaml.safe_load((KEYS / f"{name}.key.yaml").read_text(encoding="utf-8"))


def _sentences(name: str) -> dict[str, str]:
    return {f"{u.id}.s{i}": s for u in _plan(name).walk() for i, s in enumerate(u.sentences, 1)}


def _lines(name: str) -> list[str]:
    return SOURCES[name].read_text(encoding="utf-8").split("\n")


@pytest.mark.parametrize("plan", keyed_plans())
def test_key_targets_quote_their_sentences(plan: str) -> None:
    key = _key(plan)
    assert set(key) <= {"targets", "doubtful", "responsibilities"}
    sentences = _sentences(plan)
    for t in key["targets"]:
        assert set(t) == TARGET_FIELDS, t
        assert t["sentence"] in sentences, t
        assert t["quote"] in sentences[t["sentence"]], t
        assert isinstance(t["year"], int) and 2020 <= t["year"] <= 2060, t
        assert t["period"] in (None, "十四五", "十五五", "十六五"), t
        assert isinstance(t["metric"], str) and t["metric"], t
        assert t["baseline_year"] is None or isinstance(t["baseline_year"], int), t
        if t["kind"] == "numeric":
            assert isinstance(t["value"], (int, float)) and not isinstance(t["value"], bool), t
            assert t["unit"] is None or isinstance(t["unit"], str), t
            assert t["cmp"] in ("=", "≥", "≤", "≈"), t
        else:
            assert t["kind"] == "qualitative", t
            assert t["value"] is None and t["unit"] is None and t["cmp"] is None, t
    for d in key.get("doubtful") or []:
        assert set(d) == {"sentence", "quote", "why"}, d
        assert d["sentence"] in sentences and d["quote"] in sentences[d["sentence"]], d
        assert isinstance(d["why"], str) and d["why"], d


@pytest.mark.parametrize("plan", keyed_plans())
def test_key_responsibilities_quote_their_clauses(plan: str) -> None:
    key = _key(plan)
    assert "responsibilities" in key, "every key says which responsibility lists its plan has ([] for none)"
    units = {u.id: u for u in _plan(plan).walk()}
    sentences = _sentences(plan)
    lines = _lines(plan)
    for r in key["responsibilities"]:
        assert set(r) == RESPONSIBILITY_FIELDS, r
        assert r["clause"] in units, r
        line = lines[units[r["clause"]].line - 1]
        assert r["quote"] in line, r
        if r["sentence"] is not None:
            assert r["sentence"] in sentences and r["sentence"].startswith(r["clause"] + ".s"), r
        for name in (*r["lead"], *r["shared"]):
            assert isinstance(name, str) and name in r["quote"], r
        assert r["lead"] or r["shared"], r
        assert r["deadline"] is None or (isinstance(r["deadline"], str) and r["deadline"] in line), r
        if r["deadline_date"] is None:
            assert r["deadline"] is None, r
        else:
            datetime.date.fromisoformat(str(r["deadline_date"]))


def test_corpus_texts_parse_or_are_listed_as_refused() -> None:
    """A corpus text the parser refuses is listed, with the reason, in conftest.REFUSED_CORPUS."""
    for path in sorted(CORPUS.glob("*.txt")):
        try:
            Project(ROOT).parse(path, extract=False)
        except ParseError as error:
            assert path.stem in REFUSED_CORPUS, f"{path.name}: {error}"
            assert REFUSED_CORPUS[path.stem] in str(error)
        else:
            assert path.stem not in REFUSED_CORPUS, f"{path.name} parses now: take it off REFUSED_CORPUS"


def test_corpus_texts_are_clean() -> None:
    """One paragraph a line, no blank lines, no radical code points, no space beside a digit or Latin letter."""
    import re

    for path in sorted(CORPUS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        assert text.endswith("\n") and "\n\n" not in text and "\r" not in text, path.name
        assert not re.search(r"[\u2e80-\u2fdf]", text), path.name
        assert not re.search(r"[\u4e00-\u9fff] [0-9A-Za-z]|[0-9A-Za-z%] [\u4e00-\u9fff]", text), path.name
        assert all(line == line.strip() for line in text.split("\n")), path.name
