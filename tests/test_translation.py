"""Translations keyed on what they translate (builder/translation.py) and exchanged as gettext PO
files (builder/po.py, `plansite translate`).

A translation entry holds the Chinese it translates; the site shows it only beside that exact
sentence. After `plansite ids` the entries follow their sentences to their new ids; a reworded
sentence's English is stale (not shown, listed by `plansite check`, fuzzy in the PO file).
The end-to-end test translates every sentence of a plan mechanically (``EN[<the Chinese>]``), so
that any English shown beside the wrong Chinese is seen, then makes a second version (a task
inserted, one deleted, a sentence reworded) and reads every English page and the exports.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import polib
import pytest
import yaml
from bs4 import BeautifulSoup

from builder.errors import ValidationError
from builder.po import export, read
from builder.translation import Entry, Translation, follow, parse, sentences, status, to_yaml
from builder.versions import compare
from tests.conftest import run_plansite
from tests.helpers import BUILDING, ENERGY, INDUSTRY, NEW_TASK, make_plan, make_project, plan_text

V1 = [ENERGY, INDUSTRY, BUILDING]
REWORDED = ("推动建材行业碳达峰。加快推进绿色建材产品认证。", "推动建材行业碳达峰。全面推进绿色建材产品认证。")


def mechanical(plan) -> Translation:
    """Every sentence's 'English' names its Chinese: EN[…]."""
    return Translation({sid: Entry(sid, zh, f"EN[{zh}]") for sid, zh in sentences(plan)})


def v2_sections() -> list[tuple[str, list[str]]]:
    energy = (ENERGY[0], [NEW_TASK, *ENERGY[1]])  # a task inserted first: 2.1.1 is new, 2.1.1 → 2.1.2, …
    industry = (INDUSTRY[0], [INDUSTRY[1][0],
                              INDUSTRY[1][1].replace(*REWORDED)])  # a sentence reworded
    return [energy, industry, (BUILDING[0], [])]  # the building section's only task deleted


# -- the file ----------------------------------------------------------------------------------------

def test_the_older_form_is_refused_with_its_line_and_what_to_run() -> None:
    text = "sentences:\n  title.s1: Work plan\n"
    with pytest.raises(ValidationError) as caught:
        parse(text, "content/city/translation.en.yaml")
    (problem,) = caught.value.problems
    assert problem.startswith("content/city/translation.en.yaml:2:13: error: expected {zh: the Chinese sentence")
    assert "plansite translate sync" in problem


@pytest.mark.parametrize("text, expected", [
    ("sentences:\n  a.s1:\n    zh: 甲。\n", "3:5: error: expected `en` in the entry of `a.s1`, found none"),
    ("sentences:\n  a.s1: {zh: 甲。, en: A., note: x}\n", "2:26: error: expected `zh` or `en`, found `note`"),
    ("sentences:\n  a.s1: {zh: [甲], en: A.}\n", "2:14: error: expected text for `zh` of `a.s1`, found a list"),
    ("sentence: {}\n", "1:1: error: expected `sentences` or `obsolete`, found `sentence`"),
    ("sentences: [1]\n", "1:12: error: expected a mapping of sentence ids, found a list"),
    ("sentences:\n  a.s1: {zh: 甲。, en: A.}\n  a.s1: {zh: 甲。, en: B.}\n", "3:3: error: expected each sentence once"),
    ("sentences: {a: [}\n", "1:17: error: expected YAML"),
])
def test_a_malformed_file_is_reported_at_its_line_and_column(text: str, expected: str) -> None:
    with pytest.raises(ValidationError) as caught:
        parse(text, "t.yaml")
    assert any(p.startswith(f"t.yaml:{expected}") for p in caught.value.problems), caught.value.problems


def test_english_is_shown_only_beside_the_chinese_it_translates() -> None:
    plan = make_plan(V1)
    translation = mechanical(plan)
    first = next(sid for sid, zh in sentences(plan) if zh == "大力发展新能源。")
    translation.entries[first] = Entry(first, "另一句话。", "Another sentence.")
    shown = translation.current(plan)
    assert first not in shown and len(shown) == len(translation.entries) - 1
    state = status(plan, translation)
    assert state.stale == ((first, "另一句话。", "大力发展新能源。"),) and not state.missing and not state.orphaned
    assert parse(to_yaml(translation, plan), "t") == translation  # written and read back, unchanged


# -- following a new version ----------------------------------------------------------------------------

def test_translations_follow_their_sentences_and_a_reworded_one_is_stale() -> None:
    old, new = make_plan(V1), make_plan(v2_sections())
    followed = follow(mechanical(old), new, compare(old, new).where)
    texts = dict(sentences(new))
    entries = followed.translation.entries
    # every entry that is shown translates its sentence's present text
    assert [sid for sid, e in entries.items() if e.zh == texts[sid] and e.en != f"EN[{texts[sid]}]"] == []
    # the inserted task's sentences have no English; the old 2.1.1 (大力发展新能源) moved to 2.1.2
    assert entries["2.1.2.s1"].en == "EN[大力发展新能源。]" and ("2.1.1.s1", "2.1.2.s1") in followed.moved
    assert "2.1.1.s1" not in entries or entries["2.1.1.s1"].zh != texts["2.1.1.s1"]
    # the reworded sentence keeps its English, stale, so a translator sees what it translated
    reworded = next(sid for sid, zh in texts.items() if zh == "全面推进绿色建材产品认证。")
    assert followed.stale == (reworded,) and entries[reworded].zh == "加快推进绿色建材产品认证。"
    assert reworded not in followed.translation.current(new)
    # the deleted task's English is kept, not shown
    assert [e.zh for e in followed.translation.obsolete.values()] == ["推广绿色低碳建材和绿色建造方式。"]
    assert followed.obsolete == ("2.3.1.s1",)


def test_a_sentence_moved_to_another_clause_takes_its_english_along() -> None:
    old = make_plan(V1)
    swapped = make_plan([ENERGY, (INDUSTRY[0], [INDUSTRY[1][1], INDUSTRY[1][0]]), BUILDING])  # two tasks swap
    followed = follow(mechanical(old), swapped, compare(old, swapped).where)
    shown = followed.translation.current(swapped)
    assert {sid: en for sid, en in shown.items()} == {sid: f"EN[{zh}]" for sid, zh in sentences(swapped)}


# -- PO files ---------------------------------------------------------------------------------------------

def test_the_po_file_names_each_sentence_and_marks_stale_english_fuzzy(tmp_path: Path) -> None:
    old, new = make_plan(V1), make_plan(v2_sections())
    translation = follow(mechanical(old), new, compare(old, new).where).translation
    po = polib.pofile(export(new, translation, "seeds/city.txt"))
    assert [e.msgctxt for e in po if not e.obsolete] == [sid for sid, _ in sentences(new)]
    by_id = {e.msgctxt: e for e in po if not e.obsolete}
    fuzzy = [e for e in po if "fuzzy" in e.flags]
    assert [(e.msgid, e.previous_msgid, e.msgstr) for e in fuzzy] == [
        ("全面推进绿色建材产品认证。", "加快推进绿色建材产品认证。", "EN[加快推进绿色建材产品认证。]")]
    assert by_id["2.1.1.s1"].msgstr == "" and by_id["2.1.2.s1"].msgstr == "EN[大力发展新能源。]"
    assert by_id["2.1.2.s1"].occurrences[0][0] == "seeds/city.txt" and by_id["2.1.2.s1"].comment == "city/2/1/2/#2.1.2.s1"
    assert [e.msgid for e in po.obsolete_entries()] == ["推广绿色低碳建材和绿色建造方式。"]
    assert po.metadata["X-Plansite-Plan"] == "city" and po.metadata["Language"] == "en"


def test_import_takes_reviewed_entries_and_refuses_those_whose_chinese_changed(tmp_path: Path) -> None:
    old, new = make_plan(V1), make_plan(v2_sections())
    translation = follow(mechanical(old), new, compare(old, new).where).translation
    po = polib.pofile(export(new, translation, "seeds/city.txt"))
    for entry in po:
        if entry.msgctxt == "2.1.1.s1":
            entry.msgstr = "Speed up building a new power system."
        elif "fuzzy" in entry.flags:
            entry.msgstr = "Promote green building materials certification in full."
            entry.flags.remove("fuzzy")
        elif entry.msgctxt == "2.1.2.s1":
            entry.msgid = "大力发展新能源！"  # a source that is not the text's
            entry.msgstr = "Wrong."
        elif entry.msgctxt == "2.1.3.s1":
            entry.msgstr = "Still to review."
            entry.flags.append("fuzzy")
    path = tmp_path / "city.en.po"
    po.save(str(path))
    result = read(path, "city.en.po", new, translation)
    assert set(result.taken) == {"2.1.1.s1", next(s for s, z in sentences(new) if z == "全面推进绿色建材产品认证。")}
    assert len(result.refused) == 2
    assert re.match(r"city\.en\.po:\d+:1: warning: the source of 2\.1\.2\.s1 no longer matches the text: "
                    r"expected 「大力发展新能源。」, found 「大力发展新能源！」", result.refused[0])
    assert "2.1.3.s1 is marked fuzzy" in result.refused[1]
    shown = result.translation.current(new)
    assert shown["2.1.1.s1"] == "Speed up building a new power system."
    assert shown["2.1.2.s1"] == "EN[大力发展新能源。]"  # the refused entry changed nothing
    assert status(new, result.translation).stale == ()


def test_import_refuses_a_file_of_another_plan_or_not_po(tmp_path: Path) -> None:
    plan = make_plan(V1)
    other = tmp_path / "other.po"
    other.write_text(export(make_plan(V1, "town"), Translation(), "seeds/town.txt"), encoding="utf-8")
    with pytest.raises(Exception) as caught:
        read(other, "other.po", plan, Translation())
    assert str(caught.value).startswith("other.po:1:1: error: expected a PO file of plan 'city', found one of 'town'")
    broken = tmp_path / "broken.po"
    broken.write_text('msgid "a"\nmsgstr "b"\nmsgid\n', encoding="utf-8")
    with pytest.raises(Exception) as caught:
        read(broken, "broken.po", plan, Translation())
    assert str(caught.value).startswith("broken.po:") and "expected a gettext PO file" in str(caught.value)


# -- end to end: the command line and the built site -------------------------------------------------------

def _english_pairs(html: str) -> list[tuple[str, str | None, str | None]]:
    """(sentence id, the Chinese, the English shown or None) for every sentence of an English page:
    a sentence is shown in English with its Chinese beside it (``ps-s--other``, or ``ps-zh`` in the
    full text), or, untranslated, in Chinese alone."""
    soup = BeautifulSoup(html, "html.parser")
    pairs = []
    for shown in soup.select("span.ps-s[id]"):
        sid = shown["id"]
        for extra in shown.select("a.ps-sn, button"):
            extra.decompose()
        zh_node = shown.find(class_="ps-zh") or shown.find("span", attrs={"lang": "zh-CN"}, recursive=False)
        en_node = shown.find(class_="ps-en")
        other = soup.find("span", class_="ps-s--other", attrs={"data-for": sid})
        if en_node is not None:
            pairs.append((sid, zh_node.get_text(), en_node.get_text().strip()))
        elif zh_node is not None:
            pairs.append((sid, zh_node.get_text(), None))
        else:  # English alone (the preface on the plan's home): its Chinese is its id's
            pairs.append((sid, other.get_text() if other is not None else None, shown.get_text().strip()))
    return pairs


def test_after_plansite_ids_no_page_shows_english_that_belongs_to_another_sentence(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", plan_text(V1), "city")
    seed = root / "seeds" / "city.txt"
    assert run_plansite("ids", "seeds/city.txt", cwd=root).returncode == 0
    v1 = make_plan(V1)
    (root / "content/city/translation.en.yaml").write_text(to_yaml(mechanical(v1), v1), encoding="utf-8")
    assert run_plansite("check", "--strict", cwd=root).returncode == 0

    seed.write_text(plan_text(v2_sections()), encoding="utf-8")
    renumbered = run_plansite("ids", "seeds/city.txt", cwd=root)
    assert renumbered.returncode == 0, renumbered.stderr
    assert "translations moved with their sentences:" in renumbered.stderr
    assert "translations to review (their Chinese changed; not shown until reviewed): 2.2.2.s2" in renumbered.stderr
    checked = run_plansite("check", cwd=root)
    assert checked.returncode == 0, checked.stderr
    assert "translation.en.yaml: warning: 2.1.1.s1 has no English" in checked.stderr
    assert "warning: 2.2.2.s2 is stale (to review): its English translates 「加快推进绿色建材产品认证。」" in checked.stderr
    assert run_plansite("check", "--strict", cwd=root).returncode == 2

    built = run_plansite("build", "-o", "site", cwd=root)
    assert built.returncode == 0, built.stderr
    # an address that showed another clause in version 1 says so, and where that clause is now
    for lang, said in (("", "本地址对应另一条款，该条款现为"), ("en/", "this address showed another clause, which is now")):
        notice = BeautifulSoup((root / f"site/{lang}city/2/1/1/index.html").read_text(encoding="utf-8"),
                               "html.parser").select_one(".ps-notice--reused")
        assert said in notice.get_text() and notice.a["href"] == "../2/"
        assert "大力发展新能源" in notice.a.get_text() or "EN[大力发展新能源。]" in notice.a.get_text()
        fourth = (root / f"site/{lang}city/2/1/4/index.html").read_text(encoding="utf-8")
        assert "ps-notice--reused" not in fourth  # a new address: nothing to say
    v2 = make_plan(v2_sections())
    texts = dict(sentences(v2))
    seen = {}
    for page in sorted((root / "site/en/city").rglob("index.html")):
        for sid, zh, en in _english_pairs(page.read_text(encoding="utf-8")):
            zh = texts[sid] if zh is None else zh
            assert zh == texts[sid], (page, sid)
            assert en is None or en == f"EN[{zh}]", (page, sid, en)  # never another sentence's English
            seen[sid] = en
    assert seen.keys() == texts.keys() - {"title.s1"}  # the title is the pages' heading
    home = BeautifulSoup((root / "site/en/city/index.html").read_text(encoding="utf-8"), "html.parser")
    assert home.select_one("article h1").get_text() == f"EN[{texts['title.s1']}]"
    untranslated = sorted(sid for sid, en in seen.items() if en is None)
    assert untranslated == ["2.1.1.s1", "2.1.1.s2", "2.2.2.s2"]
    rows = json.loads((root / "site/data/city/citations.json").read_text(encoding="utf-8"))
    sentences_exported = [r for r in rows if r["kind"] == "sentence"]
    assert {r["id"] for r in sentences_exported} == texts.keys() - {"title.s1", "preface.s1"}  # the clauses' sentences
    assert [r["id"] for r in sentences_exported if r["text_en"] not in (None, f"EN[{r['text_zh']}]")] == []
    assert sorted(r["id"] for r in sentences_exported if r["text_en"] is None) == untranslated

    # the translator's round trip: export, translate, import; then the site shows it all
    exported = run_plansite("translate", "export", "seeds/city.txt", "-o", "city.en.po", cwd=root)
    assert exported.returncode == 0, exported.stderr
    assert "2 untranslated" in exported.stderr and "1 fuzzy" in exported.stderr
    po = polib.pofile(str(root / "city.en.po"))
    for entry in po:
        if not entry.obsolete and (not entry.msgstr or "fuzzy" in entry.flags):
            entry.msgstr = f"EN[{entry.msgid}]"
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
    po.save()
    imported = run_plansite("translate", "import", "city.en.po", "seeds/city.txt", cwd=root)
    assert imported.returncode == 0, imported.stderr
    assert "3 entries imported" in imported.stderr
    assert run_plansite("check", "--strict", cwd=root).returncode == 0
    data = yaml.safe_load((root / "content/city/translation.en.yaml").read_text(encoding="utf-8"))
    assert list(data["sentences"]) == list(texts)  # in reading order
    assert [e["zh"] for e in data["obsolete"].values()] == ["推广绿色低碳建材和绿色建造方式。"]


def test_sync_keys_an_older_file_on_the_text_it_was_made_for(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", plan_text(V1), "city")
    assert run_plansite("ids", "seeds/city.txt", cwd=root).returncode == 0
    v1 = make_plan(V1)
    older = {"sentences": {sid: f"EN[{zh}]" for sid, zh in sentences(v1)} | {"9.s1": "Gone."}}
    path = root / "content/city/translation.en.yaml"
    path.write_text(yaml.safe_dump(older, allow_unicode=True), encoding="utf-8")
    refused = run_plansite("build", "-o", "site", cwd=root)
    assert refused.returncode == 2 and "plansite translate sync" in refused.stderr
    assert not (root / "site").exists()
    synced = run_plansite("translate", "sync", "seeds/city.txt", cwd=root)
    assert synced.returncode == 0, synced.stderr
    assert "ids that name no sentence, kept under obsolete: 9.s1" in synced.stderr
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert all(e["en"] == f"EN[{e['zh']}]" for e in data["sentences"].values())
    assert run_plansite("check", "--strict", cwd=root).returncode == 0
