#!/usr/bin/env python3
"""How long a reader waits for search: from opening a page to the search box being ready (its
index fetched, parsed and indexed by the search worker), in headless Chromium, per page given.

    .venv/bin/python benchmarks/search_load.py site/ dongying/3/1/ en/dongying/ ""   # after make site

The site is served on loopback (no network). Each page is opened ``--runs`` times in a fresh
browser context (an empty cache); the table gives, in milliseconds, the median and the slowest
wait from opening the page, and from the page's load event (the index's share), with the size of
the index that page loads. Uses Debian's Chromium (/usr/bin/chromium).
"""

from __future__ import annotations

import argparse
import functools
import http.server
import shutil
import statistics
import threading
import time
from pathlib import Path

READY = ("() => { const m = document.querySelector('.md-search-result__meta');"
         " return m && m.textContent.trim() !== '' && !/初始化|Initializing/.test(m.textContent); }")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        pass


def index_of(site: Path, page: str) -> Path:
    """The search index a page loads: that of the build it belongs to (a plan's, or the root's)."""
    parts = [p for p in page.split("/") if p]
    for depth in (2, 1, 0):
        candidate = site.joinpath(*parts[:depth], "search", "search_index.json")
        if len(parts) >= depth and candidate.is_file():
            return candidate
    raise SystemExit(f"{page}: no search index above it in {site}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("pages", nargs="+", help="pages relative to the site root, e.g. dongying/3/1/")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    handler = functools.partial(_Quiet, directory=str(args.site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_port}/"
    rows = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=shutil.which("chromium") or "/usr/bin/chromium",
                                             args=["--no-sandbox", "--disable-gpu"])
        for page_path in args.pages:
            times, after_load = [], []
            for _ in range(args.runs):
                context = browser.new_context()
                page = context.new_page()
                started = time.perf_counter()
                page.goto(base + page_path)  # returns at the load event
                loaded = time.perf_counter()
                page.locator("input.md-search__input").click()
                page.wait_for_function(READY, timeout=60_000)
                done = time.perf_counter()
                times.append((done - started) * 1000)
                after_load.append((done - loaded) * 1000)
                context.close()
            size = index_of(args.site, page_path).stat().st_size
            rows.append((page_path or "/", f"{size / 1024:.0f}", f"{statistics.median(times):.0f}", f"{max(times):.0f}",
                         f"{statistics.median(after_load):.0f}", f"{max(after_load):.0f}"))
        browser.close()
    httpd.shutdown()
    header = ("page", "index kB", "open→ready median ms", "slowest", "load→ready median ms", "slowest")
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    for n, row in enumerate([header, *rows]):
        print("  ".join(c.ljust(widths[i]) if i == 0 else c.rjust(widths[i]) for i, c in enumerate(row)))
        if n == 0:
            print("  ".join("-" * w for w in widths))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
