"""Citations in the forms reports use (issue 20).

Fast tests: the strings :class:`builder.render.labels.Labeller` makes, full and short, in both
languages, with and without the plan's metadata. Browser tests (slow: they use the session's
site, or build one with an address): what the cite buttons copy (the full form with the published
address and the reader's date, the short form), from a server and from a folder (file://), the
addresses on paper, and the skip link.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path

import pytest
import yaml

from builder.render.labels import Labeller, Source, written_date
from tests.conftest import ROOT
from tests.helpers import copy_project, make_plan, plansite

STRINGS = yaml.safe_load((ROOT / "templates/strings.yaml").read_text(encoding="utf-8"))
SOURCE = Source("国务院", "State Council", "国发〔2021〕23号", "2021-10-24")


def labeller(source: Source | None = SOURCE, version: tuple[str, str | None] | None = None) -> Labeller:
    plan = make_plan([("能源绿色低碳转型行动", ["大力发展新能源。推进光伏发电。"])])
    return Labeller(plan, "City Carbon Peaking Plan", STRINGS, version, source)


# -- the strings (fast) ------------------------------------------------------------------------------

def test_the_full_chinese_reference_names_issuer_title_number_date_and_unit() -> None:
    assert labeller().reference("2.1.1.s2", "zh") == \
        "国务院《某市碳达峰实施方案》（国发〔2021〕23号，2021年10月24日印发）二（一）1 第2句"


def test_the_full_english_reference_gives_both_numberings_and_says_it_is_a_translation() -> None:
    assert labeller().reference("2.1.1.s2", "en") == (
        "State Council, City Carbon Peaking Plan (国发〔2021〕23号, issued 24 October 2021), "
        "二（一）1 (clause 2.1.1), sentence 2. Unofficial English translation of 《某市碳达峰实施方案》; "
        "the Chinese text is authoritative.")


def test_a_field_the_metadata_lacks_is_left_out_with_its_punctuation() -> None:
    bare = labeller(Source())
    assert bare.reference("2.1.1", "zh") == "《某市碳达峰实施方案》二（一）1"
    assert bare.reference("2.1.1", "en") == ("City Carbon Peaking Plan, 二（一）1 (clause 2.1.1). Unofficial English "
                                             "translation of 《某市碳达峰实施方案》; the Chinese text is authoritative.")
    issuer_only = labeller(Source("某市人民政府", None))
    assert issuer_only.reference("2.1", "zh") == "某市人民政府《某市碳达峰实施方案》二（一）"
    assert issuer_only.reference("2.1", "en").startswith("某市人民政府, City Carbon Peaking Plan, 二（一） (section 2.1). ")
    dated = labeller(Source("某市人民政府", None, None, "2022-07-08"))
    assert dated.reference("2", "zh") == "某市人民政府《某市碳达峰实施方案》（2022年7月8日印发）二"
    assert dated.reference("2", "en").startswith("某市人民政府, City Carbon Peaking Plan (issued 8 July 2022), 二 (part 2). ")


def test_the_short_forms_name_title_and_unit_and_english_gives_both_numberings() -> None:
    plain = labeller()
    assert plain.citation("2.1.1.s2", "zh") == "《某市碳达峰实施方案》二（一）1 第2句"
    assert plain.citation("2.1.1.s2", "en") == "City Carbon Peaking Plan, 二（一）1 (clause 2.1.1), sentence 2"
    assert plain.citation("preface", "en") == "City Carbon Peaking Plan, preface"
    assert plain.citation("2.1.1.t1", "zh") == "《某市碳达峰实施方案》二（一）1 目标1"


def test_a_published_version_is_named_in_both_forms() -> None:
    versioned = labeller(version=("2023年版", "2023 edition"))
    assert versioned.citation("2.1.1", "zh") == "《某市碳达峰实施方案》（2023年版）二（一）1"
    assert versioned.reference("2.1.1", "zh") == \
        "国务院《某市碳达峰实施方案》（2023年版，国发〔2021〕23号，2021年10月24日印发）二（一）1"
    assert versioned.reference("2.1.1", "en").startswith(
        "State Council, City Carbon Peaking Plan (2023 edition, 国发〔2021〕23号, issued 24 October 2021), ")


@pytest.mark.parametrize(("iso", "zh", "en"), [
    ("2021-10-24", "2021年10月24日", "24 October 2021"),
    ("2022-01-05", "2022年1月5日", "5 January 2022"),
    ("2022-12-31", "2022年12月31日", "31 December 2022"),
])
def test_dates_are_written_as_each_language_writes_them(iso: str, zh: str, en: str) -> None:
    assert written_date(iso, "zh", STRINGS) == zh
    assert written_date(iso, "en", STRINGS) == en
