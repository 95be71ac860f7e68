"""Shared fixtures: the project's paths, the CLI, and one site build per test session."""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
CORPUS = Path(__file__).resolve().parent / "corpus"
CASES = Path(__file__).resolve().parent / "cases"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
#: Corpus texts that the parser refuses as they stand (faithful copies of their PDFs), with the words of
#: the error: they are kept for the importer and the extractors, and left out of the plans below.
REFUSED_CORPUS = {
    # a news report of the plan: paragraphs of prose, no parts 「一、」
    "baotou-city": "found no line opening part 「一、」",
    # the PDF itself numbers the second safeguard section 「（-）」, not 「（二）」
    "sanming-green-finance-city": "expected section 「（二）」, found 「（三）」",
}
CORPUS_PLANS = [p for p in sorted(CORPUS.glob("*.txt")) if p.stem not in REFUSED_CORPUS]
ALL_PLANS = [SEEDS / "dongying.txt", *CORPUS_PLANS]


#: Fixtures that build a site or start the browser: a test that uses one (itself or through another
#: fixture) is ``slow``, left out of the quick run (``make test-fast``: ``pytest -m "not slow"``).
SLOW_FIXTURES = {"site", "server", "browser"}
#: Modules whose tests build whole sites themselves (in test projects, with the command line).
SLOW_MODULES = {"test_cache", "test_hostile", "test_offline", "test_reproducible", "test_scale", "test_serve"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        module = item.module.__name__.rsplit(".", 1)[-1] if getattr(item, "module", None) else ""
        if SLOW_FIXTURES & set(getattr(item, "fixturenames", ())) or module in SLOW_MODULES:
            item.add_marker(pytest.mark.slow)


def run_plansite(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """Run the real command line, as a user would."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([sys.executable, "-m", "builder.cli", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=600)


def file_tree(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (its bytes), by relative path: two sites compared byte for byte."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site for the plans in seeds/, built once per session with `plansite build`."""
    out = tmp_path_factory.mktemp("site") / "site"
    result = run_plansite("build", "--fresh", "-o", str(out))  # every plan really built (test_cache tests reuse)
    assert result.returncode == 0, result.stderr
    site_build_log.append(result.stderr)
    return out


site_build_log: list[str] = []


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - signature from the base class
        pass


@contextlib.contextmanager
def serve(folder: Path) -> Iterator[str]:
    """``folder`` served on loopback for as long as the block runs; yields its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_port}/"
    finally:
        httpd.shutdown()


@pytest.fixture(scope="session")
def server(site: Path) -> Iterator[str]:
    """The built site served on loopback; yields its base URL."""
    with serve(site) as base:
        yield base


@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium driven by Playwright (never a downloaded browser)."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is not installed: run `make test`, which installs Debian's chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"],
        )
        yield browser
        browser.close()


def wait_for_search(page):
    """Open the search box and wait until the search worker says it is ready (no more 初始化 /
    Initializing: from file://, the worker starts at the first focus). Returns the box."""
    box = page.locator("input.md-search__input")
    box.click()
    page.wait_for_function("() => { const m = document.querySelector('.md-search-result__meta');"
                           " return m && m.textContent.trim() !== '' && !/初始化|Initializing/.test(m.textContent); }",
                           timeout=30_000)
    return box


def search(page, query: str):
    """Search as a reader does: open the box, wait until it says it is ready (no more 初始化 /
    Initializing), type the query (no zero-width spaces), and return the result items once there."""
    box = wait_for_search(page)
    box.type(query, delay=30)
    results = page.locator(".md-search-result__list > li")
    results.first.wait_for(state="attached", timeout=30_000)
    return results


@pytest.fixture()
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()
