#!/usr/bin/env python3
"""How long a reader waits for search, in headless Chromium: from opening a page to the search box
being ready (its index fetched, parsed and indexed by the search worker), and from a query to its
answer (the result count shown), per page, beside the size of the index that page loads.

    .venv/bin/python benchmarks/search_load.py site/                      # after make site
    .venv/bin/python benchmarks/search_load.py site/ dongying/3/1/ en/dongying/ ""
    .venv/bin/python benchmarks/search_load.py --file offline-site/       # a --offline build, from file://

Without pages it measures the portal of each language, whose index holds every plan's documents
(the site-wide index, builder/search_index.py), and each plan's home, which loads that plan's own.
The site is served on loopback (no network), or opened from ``file://`` with ``--file`` (where the
index comes inlined in ``search/search_index.js``). Each page is opened ``--runs`` times in a fresh
browser context (an empty cache). The table gives the index (``site`` or ``plan``), its documents,
its size (kB as written, and gzip -6 as a web server would send it), and in milliseconds the median
and the slowest wait from opening the page until search is ready, from the load event until then
(the index's share), and from a query (``--query``, ``--query-en`` on English pages) until its
answer (the result count shown), with the number of results. Uses Debian's Chromium
(/usr/bin/chromium). Times depend on the machine and its load: compare rows of one run.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import re
import shutil
import statistics
import threading
import time
from pathlib import Path

READY = ("() => { const m = document.querySelector('.md-search-result__meta');"
         " return m && m.textContent.trim() !== '' && !/初始化|Initializing/.test(m.textContent); }")
#: one query, as one keystroke's worth of events (typing letter by letter would search each prefix)
ASK = ("q => { const box = document.querySelector('input.md-search__input'); box.value = q;"
       " box.dispatchEvent(new KeyboardEvent('keyup', {bubbles: true})); }")
#: the result count replaces the placeholder (typed nothing yet) once the worker has answered
META = "() => document.querySelector('.md-search-result__meta').textContent.trim()"
ANSWERED = "placeholder => document.querySelector('.md-search-result__meta').textContent.trim() !== placeholder"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        pass


def index_of(site: Path, page: str) -> Path:
    """The search index a page loads: that of the build it belongs to (a plan's, or the root's)."""
    parts = [p for p in page.split("/") if p and not p.endswith(".html")]
    for depth in (2, 1, 0):
        candidate = site.joinpath(*parts[:depth], "search", "search_index.json")
        if len(parts) >= depth and candidate.is_file():
            return candidate
    raise SystemExit(f"{page}: no search index above it in {site}")


def default_pages(site: Path) -> list[str]:
    """Each language's portal, then each plan's home in each language."""
    plans = sorted(p.parent.parent.name for p in site.glob("*/search/search_index.json")
                   if p.parent.parent.name != "en")
    return ["", "en/"] + [f"{prefix}{plan}/" for plan in plans for prefix in ("", "en/")]


def describe(index: Path, site: Path) -> tuple[str, str, str, str]:
    """The index's kind (``site`` for a language root's, ``plan``), documents, kB and gzip kB."""
    data = index.read_bytes()
    docs = len(json.loads(data)["docs"])
    root = index.parent.parent
    kind = "site" if root in (site, site / "en") else "plan"
    return kind, str(docs), f"{len(data) / 1024:.0f}", f"{len(gzip.compress(data, 6)) / 1024:.0f}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("pages", nargs="*", help="pages relative to the site root, e.g. dongying/3/1/ "
                                                 "(default: the portals and every plan's home)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--query", default="光伏", help="the query on Chinese pages (default 光伏)")
    parser.add_argument("--query-en", default="photovoltaic", help="the query on English pages")
    parser.add_argument("--file", action="store_true", help="open the pages from file:// (a --offline build)")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    site = args.site.resolve()
    pages = args.pages or default_pages(site)
    httpd = None
    if args.file:
        base = site.as_uri() + "/"
    else:
        handler = functools.partial(_Quiet, directory=str(site))
        httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{httpd.server_port}/"
    rows = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=shutil.which("chromium") or "/usr/bin/chromium",
                                             args=["--no-sandbox", "--disable-gpu"])
        for page_path in pages:
            target = page_path + "index.html" if args.file and (not page_path or page_path.endswith("/")) else page_path
            query = args.query_en if page_path.startswith("en/") else args.query
            times, after_load, answers = [], [], []
            for _ in range(args.runs):
                context = browser.new_context()
                page = context.new_page()
                started = time.perf_counter()
                page.goto(base + target)  # returns at the load event
                loaded = time.perf_counter()
                page.locator("input.md-search__input").click()
                page.wait_for_function(READY, timeout=120_000)
                ready = time.perf_counter()
                placeholder = page.evaluate(META)
                page.evaluate(ASK, query)
                page.wait_for_function(ANSWERED, arg=placeholder, timeout=120_000)
                answered = time.perf_counter()
                times.append((ready - started) * 1000)
                after_load.append((ready - loaded) * 1000)
                answers.append((answered - ready) * 1000)
                count = re.search(r"\d+", page.evaluate(META))  # "46 个符合条件的结果"; none: no number
                found = count.group() if count else "0"
                context.close()
            rows.append((page_path or "/", *describe(index_of(site, page_path), site), found,
                         *(f"{f(x):.0f}" for x in (times, after_load, answers) for f in (statistics.median, max))))
        browser.close()
    if httpd is not None:
        httpd.shutdown()
    header = ("page", "index", "docs", "kB", "gzip kB", "results", "open→ready ms", "slowest", "load→ready ms", "slowest",
              "query→answer ms", "slowest")
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    print(f"{'file://' if args.file else 'http (loopback)'}, {args.runs} runs a page, medians; "
          f"queries {args.query} / {args.query_en}")
    for n, row in enumerate([header, *rows]):
        print("  ".join(c.ljust(widths[i]) if i <= 1 else c.rjust(widths[i]) for i, c in enumerate(row)))
        if n == 0:
            print("  ".join("-" * w for w in widths))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
