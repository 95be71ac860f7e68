"""Accessibility of the built site, in headless Chromium against the site served on loopback.

* axe-core finds no serious or critical violation on any kind of page, in either language. axe-core
  is the copy bundled in the PyPI package axe-playwright-python (axe_playwright_python/axe.min.js),
  injected into the page by Playwright: nothing is fetched at test time.
* ``lang`` is right: the html element says zh or en, and on English pages every piece of Chinese
  text sits inside an element with lang="zh-CN" (a screen reader then reads it as Chinese).
* The keyboard reaches the search box, the language switch and a cite button from the top of a
  task page.

Problems that Material's theme causes are fixed in templates/theme/ (partials/search.html and
assets/stylesheets/a11y.css), never by switching an axe rule off. Problems that the project's own
page templates or builder cause are listed in the ``*_KNOWN`` tables below: each entry turns its
page's test into a strict xfail that names the problem and the fix. Once the fix is in, that test
passes, strict xfail reports XPASS as a failure, and the entry must be deleted.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.helpers import LANGUAGES, PAGE_KINDS, PAGES

pytestmark = pytest.mark.browser

TASK_PAGE = PAGE_KINDS["task"]

BLOCKING_IMPACTS = ("serious", "critical")

#: Serious/critical axe violations the project's own code causes: page -> (rule ids, what to fix).
AXE_KNOWN: dict[str, tuple[tuple[str, ...], str]] = {}

#: English pages with Chinese text outside any lang="zh-CN" element: page -> where and what to fix.
LANG_KNOWN: dict[str, str] = {}


class KnownProblem(AssertionError):
    """A page shows only the problems its *_KNOWN entry names (the expected failure of a strict xfail)."""


def _params(pages: list[str], known: dict) -> list:
    params = []
    for path in pages:
        if path in known:
            reason = known[path][1] if isinstance(known[path], tuple) else known[path]
            mark = pytest.mark.xfail(strict=True, raises=KnownProblem, reason=reason)
            params.append(pytest.param(path, marks=mark, id=path or "/"))
        else:
            params.append(pytest.param(path, id=path or "/"))
    return params


def _open(page, url: str) -> None:
    """Load a page and let its scripts finish (plansite.js shows the cite buttons, the theme loads search)."""
    page.goto(url, wait_until="networkidle")


# -- axe-core ---------------------------------------------------------------------------------------

def _describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']} — {len(v['nodes'])} element(s)")
        for node in v["nodes"][:5]:
            lines.append(f"    {', '.join(map(str, node['target']))}: {node['html'][:160]}")
    return "\n".join(lines)


@pytest.fixture(scope="module")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()  # reads the bundled axe.min.js from the installed package


@pytest.mark.parametrize("path", _params(PAGES, AXE_KNOWN))
def test_axe_finds_no_serious_or_critical_violation(page, server: str, axe, path: str) -> None:
    _open(page, server + path)
    results = axe.run(page, options={"resultTypes": ["violations"]})
    blocking = [v for v in results.response["violations"] if v["impact"] in BLOCKING_IMPACTS]
    known = set(AXE_KNOWN.get(path, ((), ""))[0])
    unexpected = [v for v in blocking if v["id"] not in known]
    assert not unexpected, f"/{path}:\n{_describe(unexpected)}"
    if blocking:
        raise KnownProblem(f"/{path}:\n{_describe(blocking)}")


# -- lang -------------------------------------------------------------------------------------------

class _HtmlLang(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.lang: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "html" and self.lang is None:
            self.lang = dict(attrs).get("lang")


@pytest.mark.parametrize("path", [pytest.param(p, id=p or "/") for p in PAGES])
def test_html_element_has_the_sites_language(site: Path, path: str) -> None:
    parser = _HtmlLang()
    parser.feed((site / path / "index.html").read_text(encoding="utf-8"))
    assert parser.lang == LANGUAGES["en/" if path.startswith("en/") else ""]


# Every text node (and every accessible-name attribute) holding a Han character, whose nearest
# element with a lang attribute is not Chinese.
_UNMARKED_CHINESE = r"""() => {
  const han = /\p{Script=Han}/u, out = [];
  const isZh = el => { const l = el && el.closest('[lang]'); return !!l && /^zh\b/i.test(l.getAttribute('lang')); };
  const walker = document.createTreeWalker(document.documentElement, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement;
    if (!el || !han.test(n.data) || el.closest('script, style, template')) continue;
    if (!isZh(el)) out.push(`${n.data.trim().slice(0, 50)}  in  ${el.outerHTML.slice(0, 120)}`);
  }
  for (const el of document.querySelectorAll('[aria-label], [title], [alt], [placeholder]')) {
    for (const name of ['aria-label', 'title', 'alt', 'placeholder']) {
      const value = el.getAttribute(name);
      if (value && han.test(value) && !isZh(el))
        out.push(`${name}="${value.slice(0, 50)}"  on  ${el.outerHTML.slice(0, 120)}`);
    }
  }
  return out;
}"""


@pytest.mark.parametrize("path", _params([p for p in PAGES if p.startswith("en/")], LANG_KNOWN))
def test_chinese_on_english_pages_is_marked_zh_cn(page, server: str, path: str) -> None:
    _open(page, server + path)
    assert page.evaluate("document.documentElement.lang") == "en"
    unmarked = page.evaluate(_UNMARKED_CHINESE)
    if unmarked and path in LANG_KNOWN:
        raise KnownProblem(f"/{path}: {len(unmarked)} piece(s) of Chinese outside lang=\"zh-CN\":\n"
                           + "\n".join(unmarked[:10]))
    assert not unmarked, f"/{path}: Chinese outside lang=\"zh-CN\":\n" + "\n".join(unmarked[:10])


# -- keyboard ---------------------------------------------------------------------------------------

MAX_TABS = 60
KEYBOARD_TARGETS = {
    "search box": "input.md-search__input",
    "language switch": "a.ps-lang-switch",
    "cite button": "button.ps-cite",
}


@pytest.mark.parametrize("prefix", [pytest.param(p, id=lang) for p, lang in LANGUAGES.items()])
def test_tab_reaches_search_language_switch_and_cite(page, server: str, prefix: str) -> None:
    _open(page, server + prefix + TASK_PAGE)
    reached: dict[str, int] = {}
    for presses in range(1, MAX_TABS + 1):
        page.keyboard.press("Tab")
        focused = page.locator(":focus")
        for name, selector in KEYBOARD_TARGETS.items():
            if name not in reached and page.evaluate("s => document.activeElement.matches(s)", selector):
                assert focused.is_visible(), f"{name} takes the focus but is not visible"
                reached[name] = presses
        if len(reached) == len(KEYBOARD_TARGETS):
            break
    missing = sorted(set(KEYBOARD_TARGETS) - set(reached))
    assert not missing, f"not reached in {MAX_TABS} presses of Tab: {missing} (reached: {reached})"

