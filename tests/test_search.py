"""Chinese search: the words jieba keeps whole, and Material's search worker as the site ships it."""

from __future__ import annotations

import json
import re
from pathlib import Path

import material

from builder import search_worker
from builder.settings import jieba_words

THEME_WORKERS = sorted((Path(material.__file__).parent / "templates" / "assets" / "javascripts" / "workers")
                       .glob("search.*.min.js"))


def test_glossary_forms_made_of_other_forms_are_left_to_their_parts() -> None:
    forms = {"碳达峰", "碳中和", "碳达峰碳中和", "碳中和债", "光储直柔", "装配式建筑", "双碳", "碳"}
    assert jieba_words(forms) == ["光储直柔", "双碳", "碳中和", "碳中和债", "碳达峰", "装配式建筑"]


def test_a_form_that_only_repeats_another_is_composed() -> None:
    assert jieba_words({"双碳", "双碳双碳"}) == ["双碳"]
    assert jieba_words({"光伏"}) == ["光伏"]  # a word alone is never made of itself


def test_the_pinned_materials_worker_is_the_one_fixed() -> None:
    """Fails after an upgrade of Material that rewrote its segmentation step: look at search_worker.py again."""
    assert len(THEME_WORKERS) == 1
    source = THEME_WORKERS[0].read_text(encoding="utf-8")
    fixed = search_worker.fix(source)
    assert fixed is not None
    script = search_worker.SCRIPT.read_text(encoding="utf-8")
    assert fixed.startswith(script)
    assert "sc=Han" in source and "sc=Han" not in fixed[len(script):]  # Material's own cut of the query is gone
    assert len(source) - len(fixed[len(script):]) < 120  # that step only


STEP = 'e=e.replace(new RegExp("\\\\p{sc=Han}+","gu"),s=>[...fe(s,this.index.invertedIndex)].join("* ")),'


def test_fix_takes_out_the_segmentation_step_only() -> None:
    script = search_worker.SCRIPT.read_text(encoding="utf-8")
    assert search_worker.fix(f"search(e){{if({STEP}e=ce(e),!e)return}}") == script + "search(e){if(e=ce(e),!e)return}"
    assert search_worker.fix("no such step here") is None
    assert search_worker.fix(STEP + STEP) is None  # ambiguous: left alone


def test_the_site_ships_the_fixed_worker(site: Path) -> None:
    shipped = sorted((site / "assets" / "javascripts" / "workers").glob("search.*.min.js"))
    assert [p.name for p in shipped] == [p.name for p in THEME_WORKERS]
    assert shipped[0].read_text(encoding="utf-8") == search_worker.fix(THEME_WORKERS[0].read_text(encoding="utf-8"))


def test_the_index_keeps_policy_terms_whole_and_compounds_in_parts(site: Path) -> None:
    index = json.loads((site / "dongying" / "search" / "search_index.json").read_text(encoding="utf-8"))
    words = {word for doc in index["docs"] for word in re.split(index["config"]["separator"], doc["text"])}
    assert {"碳中和", "碳达峰", "装配式建筑", "碳普惠"} <= words
    assert "碳达峰碳中和" not in words  # indexed as 碳达峰 and 碳中和, so that a search for either finds it
    assert not {"中和", "装配式"} & words
