"""Pages converted before (builder/pagecache.py) and the navigation drawn once for the pages that
draw it alike (builder/navmemo.py): a build that uses them writes the site a build without them
writes, byte for byte, and a page whose Markdown changed, or whose conversion said something, is
converted again."""

from __future__ import annotations

import gzip
import json
import logging
import re
import shutil
from pathlib import Path

import pytest
from mkdocs.config import load_config
from mkdocs.structure.files import get_files
from mkdocs.structure.nav import get_navigation

from builder import pagecache
from tests import helpers
from tests.conftest import file_tree

PAGES = {
    "index.md": "---\ntitle: 首页\n---\n\n# 首页\n\n<p id=\"a1\">一段 <a href=\"other/#b2\">另一页</a></p>\n\n"
                "## 第一部分\n\n正文。\n\n### 小节\n\n[本页](#小节)\n",
    "other.md": "# 另一页\n\n<p id=\"b2\">文字</p>\n\n[回到首页](index.md#a1)\n",
    "broken.md": "# 坏链接\n\n[无此页](missing.md)\n",
}


def _site(root: Path, pages: dict[str, str]) -> tuple[object, object]:
    docs = root / "docs"
    shutil.rmtree(docs, ignore_errors=True)
    docs.mkdir(parents=True)
    for name, text in pages.items():
        (docs / name).write_text(text, encoding="utf-8")
    config_file = root / "mkdocs.yml"
    config_file.write_text("site_name: 测试\nmarkdown_extensions:\n  - attr_list\n  - toc:\n      permalink: false\n",
                           encoding="utf-8")
    config = load_config(str(config_file))
    files = get_files(config)
    get_navigation(files, config)
    return config, files


def _convert(config: object, files: object, store: pagecache.Store | None) -> dict[str, object]:
    pages = {}
    for file in files.documentation_pages():  # type: ignore[attr-defined]
        page = file.page
        page.read_source(config)
        if store is not None:
            pagecache.remember(page, store)
        page.render(config, files)
        pages[file.src_uri] = page
    return pages


def _what(page: object) -> tuple[object, ...]:
    links = {to.src_uri: dict(v) for to, v in (page.links_to_anchors or {}).items()}  # type: ignore[attr-defined]
    return (page.content, str(page.toc), [t.active for t in page.toc], page.title,  # type: ignore[attr-defined]
            sorted(page.present_anchor_ids), links)  # type: ignore[attr-defined]


def test_a_page_converted_before_is_taken_as_it_was(tmp_path: Path) -> None:
    config, files = _site(tmp_path, PAGES)
    plain = {src: _what(page) for src, page in _convert(config, files, None).items()}

    path = tmp_path / "cache" / "pages.json.gz"
    key = pagecache.settings_key(config, files)
    first = pagecache.Store(path, key)
    assert {src: _what(page) for src, page in _convert(config, files, first).items()} == plain
    assert (first.converted, first.reused) == (3, 0)
    first.save()
    kept = json.loads(gzip.decompress(path.read_bytes()))
    assert sorted(kept["pages"]) == ["index.md", "other.md"]  # the page that warned is not kept

    config, files = _site(tmp_path, PAGES)
    second = pagecache.Store(path, pagecache.settings_key(config, files))
    taken = _convert(config, files, second)
    assert (second.converted, second.reused) == (1, 2)
    assert {src: _what(page) for src, page in taken.items()} == plain
    assert plain["index.md"][1].count("第一部分") == 1 and plain["index.md"][3] == "首页"
    assert plain["other.md"][5] == {"index.md": {"a1": "index.md#a1"}}


def test_what_was_kept_is_what_is_given(tmp_path: Path) -> None:
    """The kept HTML is really what a later build gives (not converted anew)."""
    config, files = _site(tmp_path, PAGES)
    path = tmp_path / "pages.json.gz"
    store = pagecache.Store(path, pagecache.settings_key(config, files))
    _convert(config, files, store)
    store.now["other.md"]["content"] = "<p>kept</p>"
    store.save()
    config, files = _site(tmp_path, PAGES)
    pages = _convert(config, files, pagecache.Store(path, pagecache.settings_key(config, files)))
    assert pages["other.md"].content == "<p>kept</p>"  # type: ignore[attr-defined]


def test_a_changed_page_is_converted_again_and_a_warning_comes_again(tmp_path: Path,
                                                                       caplog: pytest.LogCaptureFixture) -> None:
    config, files = _site(tmp_path, PAGES)
    path = tmp_path / "pages.json.gz"
    store = pagecache.Store(path, pagecache.settings_key(config, files))
    _convert(config, files, store)
    store.save()

    changed = {**PAGES, "other.md": PAGES["other.md"].replace("文字", "新的文字")}
    config, files = _site(tmp_path, changed)
    store = pagecache.Store(path, pagecache.settings_key(config, files))
    with caplog.at_level(logging.WARNING, logger="mkdocs"):
        pages = _convert(config, files, store)
    assert "新的文字" in pages["other.md"].content  # type: ignore[attr-defined]
    assert (store.converted, store.reused) == (2, 1)
    assert any("missing.md" in r.getMessage() for r in caplog.records)


@pytest.mark.parametrize("change", ["a page added", "another extension setting", "no cache file", "a broken file"])
def test_other_settings_convert_every_page(tmp_path: Path, change: str) -> None:
    config, files = _site(tmp_path, PAGES)
    path = tmp_path / "pages.json.gz"
    store = pagecache.Store(path, pagecache.settings_key(config, files))
    _convert(config, files, store)
    store.save()
    pages = dict(PAGES)
    if change == "a page added":  # a link may now lead somewhere
        pages["missing.md"] = "# 现在有了\n"
    config, files = _site(tmp_path, pages)
    if change == "another extension setting":
        config["mdx_configs"]["toc"] = {"permalink": True}
    if change == "no cache file":
        path.unlink()
    if change == "a broken file":
        path.write_bytes(b"\x1f\x8b not gzip")
    store = pagecache.Store(path, pagecache.settings_key(config, files))
    _convert(config, files, store)
    assert store.reused == 0


@pytest.mark.slow  # three builds of a plan
def test_a_build_with_pages_converted_before_is_the_site_a_build_without_writes(tmp_path: Path) -> None:
    """One plan built, one English sentence edited, built again into another folder (so the plan's
    builds run, taking the pages that did not change from the first build): the site equals a
    fresh build's, and one built with PLANSITE_CACHE=0 (no kept pages, the navigation drawn for
    every page)."""
    root = helpers.copy_project(tmp_path / "project")
    for seed in root.glob("seeds/*.txt"):
        if seed.stem != "dongying":
            seed.unlink()
            shutil.rmtree(root / "content" / seed.stem, ignore_errors=True)
    assert helpers.plansite("build", "-o", "first", cwd=root).returncode == 0
    kept = root / "generated" / "cache" / "pages"
    assert sorted(p.relative_to(kept).as_posix() for p in kept.rglob("*.gz")) == [
        "dongying/online.json.gz", "en/dongying/online.json.gz", "en/online.json.gz", "online.json.gz"]
    pages = json.loads(gzip.decompress((kept / "en/dongying/online.json.gz").read_bytes()))["pages"]
    assert len(pages) > 100

    translation = root / "content" / "dongying" / "translation.en.yaml"
    text, count = re.subn(r"(?m)^(\s+en: )", r"\1(edited) ", translation.read_text(encoding="utf-8"), count=1)
    assert count == 1
    translation.write_text(text, encoding="utf-8")
    for args, env in ((["-o", "second"], None), (["--fresh", "-o", "fresh"], None),
                      (["-o", "uncached"], {"PLANSITE_CACHE": "0"})):
        result = helpers.plansite("build", *args, cwd=root, env=env)
        assert result.returncode == 0, result.stderr
    second = file_tree(root / "second")
    assert any(b"(edited)" in data for data in second.values())
    assert second == file_tree(root / "fresh")
    assert second == file_tree(root / "uncached")
