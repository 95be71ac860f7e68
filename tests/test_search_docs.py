"""The search index's documents (builder/search_docs.py): a clause's page and its sentences, index
pages, agencies, the glossary's terms, the parts of long words, and text kept as escaped HTML."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from builder import search_docs, settings, workers
from builder.extract.terms import Term
from builder.project import Project
from builder.render.site import plan_views

from .conftest import ROOT

SEP = "\u200b"


@pytest.fixture(autouse=True, scope="module")
def search_dictionary() -> None:
    """jieba with the glossary's words, as every build's search plugin cuts text with."""
    project = Project(ROOT)
    settings.write_jieba_dictionary(project)
    workers.use_jieba_dictionary(str(settings.jieba_dictionary(project)))


def material_index(docs: list[dict]) -> dict:
    """An index as Material's search plugin writes it."""
    return {"config": {"lang": ["en"], "separator": "[\\s\\u200b]+", "pipeline": ["stemmer"],
                       "fields": {"title": {"boost": 1000.0}, "text": {"boost": 1.0}, "tags": {"boost": 1000000.0}}},
            "docs": docs}


KNOWN = {
    "title": "东营市碳达峰工作方案",
    "pages": {
        "3/1/1/": {"kind": "clause", "keys": ["3.1.1", "三.一.1"], "agencies": "（市发展改革委牵头）",
                   "sentences": [["3.1.1.s1", "大力发展新能源。", None, []],
                                 ["3.1.1.s2", "推进整县制屋顶分布式光伏试点<script>x</script>。", None, []]]},
        "agencies/": {"kind": "index", "keys": [], "sentences": []},
        "agencies/drc/": {"kind": "agency", "keys": ["市发展改革委", "发展改革委"], "other": "DRC & Co"},
        "3/1/1/t1/": {"kind": "target", "keys": ["3.1.1.t1"], "text": "2030 · 2500万千瓦"},
    },
}


def reshaped(tmp_path: Path, docs: list[dict], known: dict = KNOWN, lang: str = "zh") -> dict:
    path = tmp_path / "search_index.json"
    path.write_text(json.dumps(material_index(docs), ensure_ascii=True), encoding="utf-8")
    search_docs.reshape(path, known, lang)
    return json.loads(path.read_text(encoding="utf-8"))


MATERIAL_DOCS = [
    {"location": "3/1/1/", "title": f"1．{SEP}大力发展{SEP}新能源", "text": "1．大力发展新能源 大力发展新能源。…"},
    {"location": "3/1/1/#heading", "title": "x", "text": "a section of the page, written whole above"},
    {"location": "agencies/", "title": f"责任单位{SEP} · {SEP}东营市{SEP}碳达峰工作方案", "text": "市发展改革委2024020…"},
    {"location": "agencies/drc/", "title": "市发展改革委", "text": "牵头 20 参与 24 大力发展新能源"},
    {"location": "3/1/1/t1/", "title": "3.1.1.t1 · 可再生能源", "text": "目标值 2500万千瓦"},
    {"location": "downloads/", "title": "下载", "text": "CSV"},
]


def test_a_clause_page_holds_its_sentences_then_each_sentence_has_a_document(tmp_path: Path) -> None:
    docs = {d["location"]: d for d in reshaped(tmp_path, MATERIAL_DOCS)["docs"]}
    page = docs["3/1/1/"]
    assert page["title"] == f"1．{SEP}大力发展{SEP}新能源"
    blocks = re.findall(r"<p>(.*?)</p>", page["text"])
    assert [b.replace(SEP, "") for b in blocks] == ["大力发展新能源。", "推进整县制屋顶分布式光伏试点&lt;script&gt;x&lt;/script&gt;。",
                                                     "（市发展改革委牵头）"]  # the heading is not repeated
    assert page["keys"] == f"3.1.1{SEP}三.一.1"
    assert "3/1/1/#heading" not in docs
    sentence = docs["3/1/1/#3.1.1.s2"]
    assert sentence["title"] == "3.1.1.s2" and sentence["keys"] == "3.1.1.s2"
    assert "<script>" not in sentence["text"] and "&lt;script&gt;" in sentence["text"]
    order = [d["location"] for d in reshaped(tmp_path, MATERIAL_DOCS)["docs"]]
    assert order[:3] == ["3/1/1/", "3/1/1/#3.1.1.s1", "3/1/1/#3.1.1.s2"]  # a page before its sections


def test_index_pages_keep_their_title_only_and_rank_low(tmp_path: Path) -> None:
    docs = {d["location"]: d for d in reshaped(tmp_path, MATERIAL_DOCS)["docs"]}
    assert docs["agencies/"]["text"] == "" and docs["agencies/"]["boost"] == search_docs.INDEX_BOOST
    assert docs["agencies/"]["title"] == "责任单位"  # the plan's title, on every page, is dropped
    assert docs["agencies/drc/"] == {"location": "agencies/drc/", "title": "市发展改革委", "text": '<p lang="en">DRC &amp; Co</p>',
                                     "keys": f"市发展改革委{SEP}发展改革委", "parts": f"发展改革委{SEP}展改革委{SEP}改革委{SEP}革委"}
    assert docs["3/1/1/t1/"]["boost"] == search_docs.TARGET_BOOST and docs["3/1/1/t1/"]["keys"] == "3.1.1.t1"
    assert docs["3/1/1/t1/"]["text"] == f"<p>2030 · 2500{SEP}万千瓦</p>"  # not its table of facts
    assert docs["downloads/"]["text"] == "CSV"  # a page the table does not know is kept as Material wrote it
    about = {**KNOWN, "pages": {**KNOWN["pages"], "downloads/": {"kind": "about"}}}
    docs = {d["location"]: d for d in reshaped(tmp_path, [*MATERIAL_DOCS, {"location": "downloads/#fields",
                                                                        "title": "字段", "text": "责任单位"}], about)["docs"]}
    assert docs["downloads/"]["boost"] == docs["downloads/#fields"]["boost"] == search_docs.ABOUT_BOOST
    assert docs["downloads/#fields"]["text"] == "责任单位"


def test_long_words_are_found_through_their_ends(tmp_path: Path) -> None:
    docs = {d["location"]: d for d in reshaped(tmp_path, MATERIAL_DOCS)["docs"]}
    parts = set(docs["3/1/1/#3.1.1.s2"]["parts"].split(SEP))
    assert {"分布式光伏", "光伏", "屋顶分布式光伏"} <= parts  # 整县制屋顶分布式光伏 is one word of the index
    assert "整县制屋顶分布式光伏" not in parts and not any(len(p) < 2 for p in parts)
    assert search_docs._parts("海上风电") == ("上风电", "风电")


def test_the_configuration_gains_the_hidden_fields_and_loses_the_stemmer(tmp_path: Path) -> None:
    config = reshaped(tmp_path, MATERIAL_DOCS)["config"]
    assert config["pipeline"] == []
    assert config["fields"]["keys"] == {"boost": 1000.0} and config["fields"]["parts"] == {"boost": 0.5}
    separator = re.compile(config["separator"])
    assert separator.split("（PUE）不高于1.3，3.1.1 13%") == ["", "PUE", "不高于1.3", "3.1.1", "13%"]
    assert not separator.search("+-*~^:")  # lunr's query syntax is never cut
    assert not separator.search("&lt;&#x27;")  # nor an escaped character


def test_reshaping_twice_gives_the_same_file(tmp_path: Path) -> None:
    path = tmp_path / "search_index.json"
    path.write_text(json.dumps(material_index(MATERIAL_DOCS)), encoding="utf-8")
    search_docs.reshape(path, KNOWN, "zh")
    once = path.read_bytes()
    search_docs.reshape(path, KNOWN, "zh")
    assert path.read_bytes() == once


def test_an_english_sentence_holds_its_chinese_twin(tmp_path: Path) -> None:
    known = {"title": "Dongying", "pages": {"3/1/1/": {"kind": "clause", "keys": ["3.1.1"], "agencies": "DRC",
                                                      "sentences": [["3.1.1.s1", "Develop new energy & more.", "大力发展新能源。",
                                                                     []]]}}}
    docs = {d["location"]: d for d in reshaped(tmp_path, [{"location": "3/1/1/", "title": "3.1.1 Develop", "text": ""}],
                                                known, "en")["docs"]}
    assert docs["3/1/1/#3.1.1.s1"]["text"] == f'<p>Develop new energy &amp; more. <span lang="zh-CN">大力发展{SEP}新能源{SEP}。</span></p>'


@pytest.mark.parametrize("label, key", [("三（一）1", "三.一.1"), ("三（一）", "三.一"), ("三", "三"), ("（二）", "二")])
def test_a_plans_own_number_is_kept_without_brackets(label: str, key: str) -> None:
    assert search_docs.plan_number(label) == key


def test_glossary_terms_get_documents_with_their_pinyin() -> None:
    assert search_docs.toneless("lǜ sè Dī tàn") == "lv se di tan"
    green = Term(id="green", zh="绿色", pinyin="lǜ sè", en="green", definition_en="", definition_zh="")
    assert search_docs.root_pages([green], "zh")["pages"]["glossary/"]["terms"][0][3] == ["lvse", "lv", "se", "luse", "lu"]
    term = Term(id="carbon-neutrality", zh="碳中和", pinyin="tàn zhōng hé", en="carbon neutrality",
                definition_en="Net zero.", definition_zh="净零。", aliases=("碳 中和",))
    known = search_docs.root_pages([term], "zh")
    [entry] = known["pages"]["glossary/"]["terms"]
    assert entry[0] == "carbon-neutrality" and entry[1] == "碳中和 · carbon neutrality"
    assert entry[2] == "tàn zhōng hé · 净零。"
    assert entry[3] == ["tanzhonghe", "tan", "zhong", "he", "zhonghe", "碳中和"]  # zhonghe: tan zhonghe finds it
    docs = search_docs.documents([{"location": "glossary/", "title": "术语表", "text": "…"},
                                  {"location": "glossary/#letter-t", "title": "T", "text": "碳中和 …"}], known, "zh")
    assert [d["location"] for d in docs] == ["glossary/", "glossary/#carbon-neutrality"]
    assert docs[1]["keys"] == f"tanzhonghe{SEP}tan{SEP}zhong{SEP}he{SEP}zhonghe{SEP}碳中和"
    assert search_docs.root_pages([term], "en")["pages"]["glossary/"]["terms"][0][2] == "tàn zhōng hé · Net zero."


def test_a_plans_sentence_is_found_by_the_pinyin_of_the_glossary_term_it_mentions() -> None:
    """The plan's own search finds a clause by a term's pinyin (tanpuhui), as the portal finds
    the glossary's entry: the sentence that first mentions the term in its clause (the mention
    the page links) carries the term's pinyin, and so does its clause's page."""
    project = Project(ROOT)
    view = plan_views(project.load_inputs([ROOT / "seeds" / "dongying.txt"]), project.glossary(),
                      strings=project.strings())[0]
    pages = search_docs.plan_pages(view, "zh", project.glossary().terms)["pages"]
    keyed = {sid: keys for entry in pages.values() for sid, _, _, keys in entry.get("sentences", []) if keys}
    assert "tanpuhui" in keyed["3.9.3.s1"] and {"tan", "pu", "hui"} <= set(keyed["3.9.3.s1"])
    assert not search_docs.plan_pages(view, "zh")["pages"]["3/9/3/"]["sentences"][0][3]  # no glossary: no pinyin
    known = {"title": "t", "pages": {"3/9/3/": pages["3/9/3/"]}}
    docs = {d["location"]: d for d in search_docs.documents([{"location": "3/9/3/", "title": "碳普惠", "text": ""}],
                                                                known, "zh")}
    assert "tanpuhui" in docs["3/9/3/"]["pinyin"].split(SEP) and "tanpuhui" in docs["3/9/3/#3.9.3.s1"]["pinyin"].split(SEP)
    assert "tanpuhui" not in docs["3/9/3/"].get("keys", "") + docs["3/9/3/#3.9.3.s1"]["keys"]
