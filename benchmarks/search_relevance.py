#!/usr/bin/env python3
"""How well the site's search finds what readers mean: recall@3 and the median rank over the queries
of ``benchmarks/search_queries.yaml``, each typed into the search box of a built site in headless
Chromium, as a reader types it.

    .venv/bin/python benchmarks/search_relevance.py site/                 # after make site
    .venv/bin/python benchmarks/search_relevance.py --file offline-site/  # a --offline build, from file://
    .venv/bin/python benchmarks/search_relevance.py site/ --json out.json --show 5

Each query names the page it is typed on (a plan, the portal, the glossary, in either language) and
the results that must be among the first three: a page (any result on it counts) or one sentence's
anchor (``dongying/3/1/1/#3.1.1.s2``: that sentence must be a result shown, not only its page).
A result is one entry of the list (a page with the sections shown under it); its links are those a
reader sees, not those folded away under "more on this page". The rank of a query is that of the
first result holding an expected link (none: not found). The table lists each query's rank and
the first results; the summary gives recall@3 (the share of queries ranked 1 to 3), the median rank
(a query not found counts as rank 1000) and the figures per kind of query. Uses Debian's Chromium
(/usr/bin/chromium) and no network (the site is served on loopback, or opened from ``file://``).
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import http.server
import json
import shutil
import statistics
import sys
import threading
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

import yaml

QUERIES = Path(__file__).resolve().parent / "search_queries.yaml"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
NOT_FOUND = 1000

READY = ("() => { const m = document.querySelector('.md-search-result__meta');"
         " return m && m.textContent.trim() !== '' && !/初始化|Initializing/.test(m.textContent); }")
#: the results as shown: per entry of the list, the links a reader sees (not those folded away)
SHOWN = """() => [...document.querySelectorAll('.md-search-result__list > li')].map(li =>
    [...li.querySelectorAll('a.md-search-result__link')]
      .filter(a => !a.closest('details'))
      .map(a => a.href))"""
META = "() => document.querySelector('.md-search-result__meta').textContent.trim()"
STATE = ("() => document.querySelector('.md-search-result__meta').textContent + '|' +"
         " document.querySelector('.md-search-result__list').innerHTML.length")


@dataclass
class Query:
    query: str
    lang: str
    page: str
    expect: list[str]
    kind: str
    why: str = ""


@dataclass
class Outcome:
    query: Query
    rank: int
    shown: list[list[str]] = field(default_factory=list)


def load(path: Path = QUERIES) -> list[Query]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [Query(q["query"], q.get("lang", "zh"), q.get("page", "") or "", list(q["expect"]), q.get("kind", ""),
                  q.get("why", "")) for q in data["queries"]]


def site_path(url: str, base: str) -> str:
    """A result's link as a path from the site's root, with its anchor (``dongying/3/1/1/#3.1.1.s2``);
    ``index.html`` (offline links) dropped, the highlight parameter too."""
    parts = urlsplit(url)
    path = unquote(parts.path)
    root = unquote(urlsplit(base).path)
    path = path[len(root):] if path.startswith(root) else path.lstrip("/")
    if path.endswith("index.html"):
        path = path[: -len("index.html")]
    return path + ("#" + unquote(parts.fragment) if parts.fragment else "")


def rank(shown: list[list[str]], expect: list[str]) -> int:
    """1 + the index of the first result holding a link that is expected, else NOT_FOUND."""
    for i, links in enumerate(shown):
        for link in links:
            page, _, anchor = link.partition("#")
            for wanted in expect:
                w_page, hashed, w_anchor = wanted.partition("#")
                if page == w_page and (not hashed or anchor == w_anchor):
                    return i + 1
    return NOT_FOUND


def ask(page, query: str, *, settle_polls: int = 3, interval: int = 120) -> list[list[str]]:
    """Type ``query`` into the open page's search box (keys, as a reader does; what it held before
    is selected and typed over) and return what the list shows once it has stopped changing."""
    box = page.locator("input.md-search__input")
    box.click()
    page.wait_for_function(READY, timeout=30_000)
    if box.input_value():
        box.press("Control+a")
        box.press("Backspace")
    page.wait_for_function(f"() => ({META})() !== '' && !document.querySelector('.md-search-result__list > li')",
                           timeout=30_000)
    placeholder = page.evaluate(META)
    box.press_sequentially(query, delay=20)
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.wait_for_function(f"p => ({META})() !== p", arg=placeholder, timeout=3_000)
    except PlaywrightTimeout:
        # the box may not yet have shown its empty state when the last query found nothing too:
        # then "no result" was the placeholder read, and is also this query's answer
        pass
    last, same = None, 0
    for _ in range(200):
        page.wait_for_timeout(interval)
        state = page.evaluate(STATE)
        same = same + 1 if state == last else 0
        last = state
        if same >= settle_polls:
            break
    return page.evaluate(SHOWN)


@contextlib.contextmanager
def served(folder: Path) -> Iterator[str]:
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_port}/"
    finally:
        httpd.shutdown()


def run(browser, base: str, queries: list[Query], *, file: bool = False) -> list[Outcome]:
    """Every query typed on its page, as a reader there types one query after another (the page is
    opened again where the next query is typed on another)."""
    outcomes = []
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page, opened = None, None
    try:
        for q in queries:
            if q.page != opened:
                if page is not None:
                    page.close()
                page = context.new_page()
                page.goto(base + q.page + ("index.html" if file else ""))
                opened = q.page
            shown = [[site_path(link, base) for link in links] for links in ask(page, q.query)]
            outcomes.append(Outcome(q, rank(shown, q.expect), shown))
    finally:
        context.close()
    return outcomes


def summary(outcomes: list[Outcome]) -> dict[str, object]:
    def figures(group: list[Outcome]) -> dict[str, float | int]:
        ranks = [o.rank for o in group]
        return {"queries": len(ranks), "recall@3": round(sum(r <= 3 for r in ranks) / len(ranks), 3),
                "median_rank": statistics.median(ranks), "found": sum(r < NOT_FOUND for r in ranks)}

    kinds: dict[str, list[Outcome]] = defaultdict(list)
    for o in outcomes:
        kinds[o.query.kind].append(o)
    return {"all": figures(outcomes), "kinds": {k: figures(v) for k, v in sorted(kinds.items())}}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("site", type=Path, help="a built site (plansite build -o SITE)")
    parser.add_argument("--file", action="store_true", help="open the site from file:// (an --offline build)")
    parser.add_argument("--queries", type=Path, default=QUERIES, help="the queries (default: %(default)s)")
    parser.add_argument("--json", type=Path, help="also write the outcomes and figures as JSON here")
    parser.add_argument("--show", type=int, default=3, help="results listed per query (default: %(default)s)")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    queries = load(args.queries)
    with contextlib.ExitStack() as stack:
        base = args.site.resolve().as_uri() + "/" if args.file else stack.enter_context(served(args.site))
        playwright = stack.enter_context(sync_playwright())
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        stack.callback(browser.close)
        outcomes = run(browser, base, queries, file=args.file)
    for o in outcomes:
        mark = "·" if o.rank <= 3 else ("✗" if o.rank == NOT_FOUND else "~")
        where = "–" if o.rank == NOT_FOUND else str(o.rank)
        print(f"{mark} {where:>2}  [{o.query.kind}] {o.query.query!r} on /{o.query.page}")
        for i, links in enumerate(o.shown[: args.show]):
            print(f"        {i + 1}. {' | '.join(links[:3])}")
    figures = summary(outcomes)
    print()
    print(f"{'kind':<16}{'queries':>8}{'recall@3':>10}{'median':>8}{'found':>7}")
    for kind, f in [*figures["kinds"].items(), ("all", figures["all"])]:  # type: ignore[union-attr]
        print(f"{kind:<16}{f['queries']:>8}{f['recall@3']:>10.3f}{f['median_rank']:>8}{f['found']:>7}")
    if args.json:
        args.json.write_text(json.dumps({"figures": figures, "outcomes": [
            {"query": o.query.query, "lang": o.query.lang, "page": o.query.page, "kind": o.query.kind,
             "expect": o.query.expect, "rank": o.rank, "shown": o.shown[:5]} for o in outcomes]},
            ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
