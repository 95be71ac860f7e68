"""Hostile text: a plan whose text holds HTML, scripts, Markdown and Jinja syntax and odd Unicode
builds, shows every character as text, and runs nothing — in the browser, search included."""

from __future__ import annotations

import functools
import http.server
import json
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import _QuietHandler, run_plansite, search

SCRIPT = "<script>window.__pwned = 1</script>"
IMG = '<img src=x onerror="window.__pwned = 2">'
MARKDOWN = "*强调* _斜体_ | 表格 | # 标题 [链接](javascript:window.__pwned=3) `代码` </p></div> **粗体** [^1] {: .cls}"
JINJA = "{{ 7*7 }} {% if true %}真{% endif %} {# 注释 #} {%- raw %}"
UNICODE = "零\u200b宽\u200d字\u200e符\u200f与\u202e反向\u202c，表情🌏🔥，组合é，全角ＡＢＣ"
LONG = "很长的句子" * 2000 + "。"

#: The sentences of task 2.1.1 after its heading, as the plan writes them.
SENTENCES = {
    "2.1.1.s2": f"推进{SCRIPT}光伏发电{IMG}建设。",
    "2.1.1.s3": f"到2025年，{MARKDOWN}达到10%。",
    "2.1.1.s4": f"{JINJA}。",
    "2.1.1.s5": f"{UNICODE}。",
    "2.1.1.s6": LONG,
}
PLAN = (
    "某市碳达峰<b>实施</b>方案\n"
    f"为做好碳达峰工作，制定本方案{SCRIPT}。\n"
    "一、总体要求\n"
    "坚持{{ config }}的原则。\n"
    "二、重点任务\n"
    "（一）能源绿色低碳转型行动<i>。\n"
    "1．大力发展新能源。" + "".join(SENTENCES.values())
    + "（责任单位：市<b>发展</b>改革委、市{{ x }}局，市`代码`局）\n"
)


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    (folder / "hostile.txt").write_text(PLAN, encoding="utf-8")
    out = folder / "site"
    result = run_plansite("build", str(folder / "hostile.txt"), "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr
    return out


@pytest.fixture(scope="module")
def hostile_server(hostile_site: Path) -> Iterator[str]:
    handler = functools.partial(_QuietHandler, directory=str(hostile_site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_port}/"
    httpd.shutdown()


@pytest.fixture()
def watched(browser):
    """A page that records dialogs and failed attempts to run anything."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    events: list[str] = []
    page.on("dialog", lambda dialog: (events.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    page.on("pageerror", lambda error: events.append(f"error: {error}"))
    yield page, events
    context.close()


def _pwned(page) -> object:
    return page.evaluate("() => window.__pwned === undefined ? null : window.__pwned")


def test_the_data_keep_every_character(hostile_site: Path) -> None:
    rows = {r["id"]: r for r in json.loads((hostile_site / "data/hostile/citations.json").read_text(encoding="utf-8"))}
    for sentence_id, text in SENTENCES.items():
        assert rows[sentence_id]["text_zh"] == text


@pytest.mark.browser
@pytest.mark.parametrize("path", ["hostile/2/1/1/", "hostile/text/", "en/hostile/2/1/1/", "hostile/",
                                  "hostile/agencies/"])
def test_every_character_shows_as_text_and_nothing_runs(watched, hostile_server: str, path: str) -> None:
    page, events = watched
    page.goto(hostile_server + path)
    page.wait_for_timeout(300)
    assert _pwned(page) is None
    assert events == []
    assert page.locator("main img[src='x']").count() == 0
    assert page.evaluate("() => Array.from(document.scripts).filter(s => s.text.includes('__pwned')).length") == 0
    if "2/1/1" in path or "text" in path:
        for sentence_id, text in SENTENCES.items():
            shown = page.locator(f'[id="{sentence_id}"] .ps-zh, [id="{sentence_id}"]').first.evaluate(
                "el => Array.from(el.childNodes).filter(n => !(n.matches && n.matches('.ps-sn, .ps-cite, .ps-en')))"
                ".map(n => n.textContent).join('')")
            assert shown == text, sentence_id


@pytest.mark.browser
def test_search_results_show_the_text_and_run_nothing(watched, hostile_server: str) -> None:
    page, events = watched
    page.goto(hostile_server + "hostile/")
    search(page, "光伏")
    page.wait_for_timeout(500)
    assert _pwned(page) is None
    assert events == []
    assert page.locator(".md-search-result img[src='x'], .md-search-result script").count() == 0
