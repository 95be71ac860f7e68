"""End to end, in Chromium: a plan published as version 1 with its English, then version 2 (a task
inserted, one deleted, a sentence reworded). Every version-qualified address of version 1 still
shows version 1; every plain old address lands where the README says; the reused address says
so; no sentence shows an English that belongs to another Chinese sentence; the changes page lists
exactly the three changes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import polib
import pytest
import yaml

from builder.versions import resolve
from tests.conftest import run_plansite, serve
from tests.helpers import BUILDING, ENERGY, INDUSTRY, NEW_TASK, make_project, plan_text

V1 = [ENERGY, INDUSTRY, BUILDING]
REWORDED = ENERGY[1][1].replace("50%以下", "45%以下")
V2 = [(ENERGY[0], [NEW_TASK, ENERGY[1][0], REWORDED, ENERGY[1][2]]), (INDUSTRY[0], [INDUSTRY[1][0]]), BUILDING]

#: a sentence's own text as the page shows it: without its number and its cite button
SENTENCE_TEXT = """el => { const c = el.cloneNode(true); c.querySelectorAll('.ps-sn, button').forEach(x => x.remove());
                         return c.textContent.trim(); }"""
#: every sentence row of a page: its id, the text of its own column and of the other language's
ROWS = """() => [...document.querySelectorAll('.ps-row')].map(row => {
  const own = row.querySelector('.ps-s'), other = row.querySelector('.ps-s--other');
  const text = el => { if (!el) return null; const c = el.cloneNode(true);
    c.querySelectorAll('.ps-sn, button').forEach(x => x.remove()); return c.textContent.trim(); };
  return [own.id, text(own), text(other)]; })"""


def _ok(root: Path, *args: str) -> None:
    result = run_plansite(*args, cwd=root)
    assert result.returncode == 0, result.stderr


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The site after version 2, with what version 1's site said (its citations, its English)."""
    root = make_project(tmp_path_factory.mktemp("versions") / "p", plan_text(V1), "city")
    _ok(root, "ids", "seeds/city.txt")
    # a translator translates every sentence, in a PO file, as the README says
    _ok(root, "translate", "export", "seeds/city.txt", "-o", "city.en.po")
    po = polib.pofile(str(root / "city.en.po"))
    english = {}
    for n, entry in enumerate(po, start=1):
        entry.msgstr = english[entry.msgid] = f"English sentence {n} ({entry.msgctxt})."
    po.save(str(root / "city.en.po"))
    _ok(root, "translate", "import", "city.en.po", "seeds/city.txt")
    _ok(root, "version", "seeds/city.txt", "--id", "2023", "--label", "2023年版", "--label-en", "2023 edition",
        "--date", "2023-05-10")
    _ok(root, "build", "-o", "site")
    v1 = [r for r in json.loads((root / "site/data/city/citations.json").read_text(encoding="utf-8"))
          if r["kind"] == "sentence"]
    assert all(r["text_en"] == english[r["text_zh"]] for r in v1)  # version 1 is translated in full
    (root / "seeds/city.txt").write_text(plan_text(V2), encoding="utf-8")
    _ok(root, "ids", "seeds/city.txt")
    _ok(root, "version", "seeds/city.txt", "--id", "2024", "--label", "2024年版", "--label-en", "2024 edition",
        "--date", "2024-03-01")
    _ok(root, "build", "-o", "site")
    moved = yaml.safe_load((root / "content/city/ids.yaml").read_text(encoding="utf-8"))["moved"]
    v2 = {r["id"]: r for r in json.loads((root / "site/data/city/citations.json").read_text(encoding="utf-8"))}
    return {"site": root / "site", "v1": v1, "english": english, "moved": moved, "v2": v2}


@pytest.fixture(scope="module")
def base(published: dict[str, Any]):
    with serve(published["site"]) as url:
        yield url


def test_every_version_1_address_shows_version_1(browser, base: str, published: dict[str, Any]) -> None:
    page = browser.new_page()
    for row in published["v1"]:
        for lang, url, text in (("zh", row["url_version"], row["text_zh"]), ("en", row["url_version_en"], row["text_en"])):
            page.goto(base + url)
            sentence = page.locator(f'[id="{row["id"]}"]')
            assert sentence.evaluate(SENTENCE_TEXT) == text, (lang, url)
    page.close()


def test_every_plain_old_address_lands_where_the_readme_says(browser, base: str, published: dict[str, Any]) -> None:
    """A renumbered sentence's old address leads to it at its new address (the same words); one
    whose id is a live page again stays, with the notice; a removed one leads to its clause's parent."""
    page = browser.new_page()
    v2, moved = published["v2"], published["moved"]
    reused = 0
    for row in published["v1"]:
        clause = row["id"].rsplit(".s", 1)[0]
        page.goto(base + row["url"])
        page.wait_for_load_state()
        if clause in v2 and clause in moved:  # the address is a page again, showing another clause
            assert page.url == base + row["url"]
            assert page.locator(".ps-notice--reused").count() == 1, row["url"]
            reused += 1
            continue
        now = resolve(moved, row["id"])
        assert now is not None
        page.wait_for_url(base + v2[now]["url"], timeout=10_000)
        if v2[now]["kind"] == "sentence" and v2[now]["text_zh"] == row["text_zh"]:
            assert page.locator(f'[id="{now}"]').evaluate(SENTENCE_TEXT) == row["text_zh"]
        else:  # reworded, or gone with its clause: the landing names it
            assert now == "2.1.3.s2" or ".s" not in now, (row["id"], now)
    assert reused == 6  # the sentences of 2.1.1, 2.1.2 and 2.1.3: the inserted task took the first number
    page.close()


def test_the_reused_address_names_the_clause_it_showed_and_its_old_page(browser, base: str) -> None:
    page = browser.new_page()
    page.goto(base + "city/2/1/1/")
    notice = page.locator(".ps-notice--reused")
    assert "大力发展新能源" in notice.inner_text()
    notice.locator("a.ps-notice__version").click()
    page.wait_for_url(base + "city/v/2023/2/1/1/")
    assert page.locator('[id="2.1.1.s1"]').evaluate(SENTENCE_TEXT) == "大力发展新能源。"
    assert "2023年版" in page.locator(".ps-version-notice").inner_text()
    page.close()


def test_no_sentence_shows_english_that_belongs_to_another(browser, base: str, published: dict[str, Any]) -> None:
    english = published["english"]
    page = browser.new_page()
    pages = sorted({r["url"].split("#")[0] for r in published["v2"].values() if r["kind"] == "sentence"})
    pages += sorted({r["url_version"].split("#")[0] for r in published["v1"]})
    shown = 0
    for url in pages:
        for lang in ("", "en/"):
            page.goto(base + lang + url)
            for sid, own, other in page.evaluate(ROWS):
                if other is None:
                    continue  # no English: the sentence is shown in Chinese alone
                zh, en = (own, other) if lang == "" else (other, own)
                assert english.get(zh) == en, (lang + url, sid, zh, en)
                shown += 1
    assert shown > 50
    # the inserted task and the reworded sentence have no English yet: shown in Chinese only
    v2 = published["v2"]
    assert v2["2.1.1.s1"]["text_en"] is None and v2["2.1.3.s2"]["text_en"] is None
    assert v2["2.1.3.s1"]["text_en"] == english["严格控制煤炭消费。"]
    page.close()


@pytest.mark.parametrize("lang", ["", "en/"])
def test_the_changes_page_lists_exactly_the_three_changes(browser, base: str, lang: str) -> None:
    page = browser.new_page()
    page.goto(base + lang + "city/changes/")
    page.locator(f'a[href="2024/"]').first.click()
    page.wait_for_url(base + lang + "city/changes/2024/")
    changes = page.locator("section.ps-change")
    kinds = sorted(c.get_attribute("id") for c in changes.all())
    assert kinds == ["added-2.1.1", "removed-2.2.2", "reworded-2.1.3"]
    reworded = page.locator('[id="reworded-2.1.3"]')
    assert reworded.locator("del").inner_text() == "50%" and reworded.locator("ins").inner_text() == "45%"
    # each change links the clause in its version; the history of the clause links back here
    reworded.locator("h3 a").last.click()
    page.wait_for_url(base + lang + "city/v/2024/2/1/3/")
    page.goto(base + lang + "city/2/1/3/")
    page.locator(".ps-history a", has_text="2023").first.click()
    page.wait_for_url(base + lang + "city/v/2023/2/1/2/")
    page.close()
