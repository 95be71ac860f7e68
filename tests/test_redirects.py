"""Permanent links across versions: matching old clauses to new ones, the id map, the redirect pages,
and, end to end, every address of an old site still leading to its clause after a task is inserted."""

from __future__ import annotations

import functools
import http.server
import re
import shutil
import threading
from pathlib import Path

import pytest
import yaml

from builder.errors import RenderError, ValidationError
from builder.extract import extract_plan
from builder.model import Plan
from builder.parse import parse_plan
from builder.project import Project
from builder.render import urls
from builder.render.redirects import redirect_pages
from builder.render.site import make_environment
from builder.versions import IdMap, compare, fingerprint, merge, resolve
from tests.conftest import CASES, ROOT, run_plansite
from tests.helpers import BUILDING, ENERGY, INDUSTRY, NEW_TASK, make_plan, make_project, plan_text

def with_items(section: tuple[str, list[str]], items: list[str]) -> tuple[str, list[str]]:
    return section[0], items


BASE = [ENERGY, INDUSTRY, BUILDING]

#: What redirect_pages renders with: the project's templates and interface strings.
TEMPLATES = (make_environment(ROOT / "templates"), Project(ROOT).strings())


def step(old: list[tuple[str, list[str]]], new: list[tuple[str, list[str]]], existing: IdMap | None = None) -> IdMap:
    id_map, _ = merge(existing or IdMap(), make_plan(old), make_plan(new))
    return id_map


def test_the_small_plan_has_the_shape_the_tests_assume() -> None:
    plan = make_plan(BASE)
    ids = [u.id for u in plan.walk()]
    assert ids == ["title", "preface", "1", "1.p1", "2", "2.1", "2.1.1", "2.1.2", "2.1.3", "2.2", "2.2.1",
                   "2.2.2", "2.3", "2.3.1", "3", "3.1"]
    assert [t.id for _, t in plan.targets()] == ["2.1.1.t1", "2.1.2.t1"]


# ---------------------------------------------------------------------------------------------
# Matching: a table of edits and the map each one gives

EDITS = {
    "nothing changed": (BASE, {}),
    "a task inserted in the middle of a section: later tasks shift": (
        [with_items(ENERGY, [ENERGY[1][0], NEW_TASK, *ENERGY[1][1:]]), INDUSTRY, BUILDING],
        {"2.1.2": "2.1.3", "2.1.3": "2.1.4"}),
    "a task inserted first: its target follows": (
        [with_items(ENERGY, [NEW_TASK, *ENERGY[1]]), INDUSTRY, BUILDING],
        {"2.1.1": "2.1.2", "2.1.2": "2.1.3", "2.1.3": "2.1.4"}),
    "a task deleted: it goes to its section, later tasks shift back": (
        [with_items(ENERGY, [ENERGY[1][0], ENERGY[1][2]]), INDUSTRY, BUILDING],
        {"2.1.2": "2.1", "2.1.2.t1": "2.1", "2.1.3": "2.1.2"}),
    "a sentence edited slightly: same ids": (
        [with_items(ENERGY, [ENERGY[1][0].replace("大力发展新能源", "大力发展可再生能源"), *ENERGY[1][1:]]),
         INDUSTRY, BUILDING], {}),
    "two tasks swapped": (
        [ENERGY, with_items(INDUSTRY, INDUSTRY[1][::-1]), BUILDING], {"2.2.1": "2.2.2", "2.2.2": "2.2.1"}),
    "a section inserted: it and every task under the later ones shift": (
        [BUILDING, ENERGY, INDUSTRY],
        {"2.1": "2.2", "2.1.1": "2.2.1", "2.1.2": "2.2.2", "2.1.3": "2.2.3",
         "2.2": "2.3", "2.2.1": "2.3.1", "2.2.2": "2.3.2", "2.3": "2.1", "2.3.1": "2.1.1"}),
    "a section deleted: its tasks go to the part": (
        [ENERGY, BUILDING],
        {"2.2": "2", "2.2.1": "2", "2.2.2": "2", "2.3": "2.2", "2.3.1": "2.2.1"}),
    "a sentence inserted in a task: the later sentences shift": (
        [with_items(ENERGY, [ENERGY[1][0].replace("新能源。", "新能源。坚持集中式与分布式并举。"), *ENERGY[1][1:]]),
         INDUSTRY, BUILDING],
        {"2.1.1.s2": "2.1.1.s3"}),
}


@pytest.mark.parametrize("name", list(EDITS))
def test_an_edit_gives_its_map(name: str) -> None:
    new, expected = EDITS[name]
    assert step(BASE, new).moved == expected


def test_a_task_inserted_into_the_dongying_plan() -> None:
    """The real plan: a task inserted after 三（一）2 shifts 3, 4 and 5 of that section, nothing else."""
    project = Project(ROOT)
    old = project.parse(ROOT / "seeds/dongying.txt")
    text = (ROOT / "seeds/dongying.txt").read_text(encoding="utf-8")
    start, end = text.index("（一）能源绿色低碳转型行动"), text.index("（二）工业领域碳达峰行动")
    section = re.sub(r"(?m)^([3-9])．", lambda m: f"{int(m.group(1)) + 1}．", text[start:end])
    section = section.replace("\n4．推动油气资源", "\n3．推进新型储能规模化发展。到2025年，新型储能装机规模达到50万千瓦。"
                                                "（责任单位：市发展改革委）\n\n4．推动油气资源")
    new = extract_plan(parse_plan(text[:start] + section + text[end:], "dongying.txt", "dongying",
                                  project.registry("dongying")), project.metric_names())
    id_map, report = merge(IdMap(), old, new)
    assert id_map.moved == {"3.1.3": "3.1.4", "3.1.4": "3.1.5", "3.1.5": "3.1.6"}
    assert report.new == ["3.1.3"] and report.removed == {}
    assert resolve(id_map.moved, "3.1.3.t1") == "3.1.4.t1"  # “十四五”期间…降低25%以上 follows its task
    assert [t.quote for t in new.find("3.1.4").targets] == [t.quote for t in old.find("3.1.3").targets]


def test_changes_say_what_moved_what_went_and_what_is_new() -> None:
    changes = compare(make_plan(BASE), make_plan([ENERGY, BUILDING]))
    assert changes.moved == {"2.3": "2.2", "2.3.1": "2.2.1"}
    assert changes.removed == {"2.2": "2", "2.2.1": "2", "2.2.2": "2"}
    assert changes.new == []
    changes = compare(make_plan(BASE), make_plan([with_items(ENERGY, [NEW_TASK, *ENERGY[1]]), INDUSTRY, BUILDING]))
    assert changes.new == ["2.1.1"]
    assert changes.children["2.1.1.t1"] == "2.1.2.t1" and changes.children["2.1.1.s2"] == "2.1.2.s2"


def test_a_rewritten_task_is_a_new_one_and_the_old_goes_to_its_section() -> None:
    new = [with_items(ENERGY, [ENERGY[1][0], ENERGY[1][1], "全面推进海洋牧场与渔光互补项目。（责任单位：市海洋发展局）"]),
           INDUSTRY, BUILDING]
    changes = compare(make_plan(BASE), make_plan(new))
    assert changes.removed == {"2.1.3": "2.1"} and changes.new == ["2.1.3"]
    # the address stays a live page (of the new task): nothing to redirect, but the map records it
    assert step(BASE, new).moved == {"2.1.3": "2.1"}


def test_versions_chain_and_older_ids_keep_resolving() -> None:
    v2 = [with_items(ENERGY, [ENERGY[1][0], ENERGY[1][2]]), INDUSTRY, BUILDING]  # v1's 2.1.2 deleted
    v3 = [BUILDING, *v2[:2]]  # a section moved first
    first = step(BASE, v2)
    assert first.moved["2.1.3"] == "2.1.2"
    second = step(v2, v3, first)
    # 2.1.3 → 2.1.2 (v2) → 2.2.2 (v3): one entry, straight to the newest id
    assert second.moved["2.1.3"] == "2.2.2"
    assert second.moved["2.1.2.t1"] == "2.2"  # v1's removed task: its section, wherever that went
    # every v1 id that v2 did not reuse lands where comparing v1 with v3 directly puts it
    direct = compare(make_plan(BASE), make_plan(v3))
    v2_ids = {u.id for u in make_plan(v2).walk()}
    for old_id, new_id in direct.clauses.items():
        if old_id not in v2_ids:
            assert resolve(second.moved, old_id) == new_id, old_id
    # a reused id takes v2's meaning: v2's 2.1.2 (v1's 2.1.3) is v3's 2.2.2
    assert second.moved["2.1.2"] == "2.2.2"
    # the chain is idempotent: the same step again changes nothing
    assert step(v3, v3, second).moved == second.moved


def test_sentences_follow_through_a_chain_unless_they_moved() -> None:
    v2 = [with_items(ENERGY, [NEW_TASK, *ENERGY[1]]), INDUSTRY, BUILDING]
    grown = ENERGY[1][0].replace("新能源。", "新能源。坚持集中式与分布式并举。")
    v3 = [with_items(ENERGY, [NEW_TASK, grown, *ENERGY[1][1:]]), INDUSTRY, BUILDING]
    id_map = step(v2, v3, step(BASE, v2))
    assert resolve(id_map.moved, "2.1.1.s1") == "2.1.2.s1"
    assert resolve(id_map.moved, "2.1.1.s2") == "2.1.2.s3"  # v1's sentence 2, now the third
    assert resolve(id_map.moved, "2.1.2.s2") == "2.1.2.s3"  # v2's sentence 2, likewise
    assert id_map.moved["2.1.1.s2"] == "2.1.2.s3"


def test_a_reused_id_takes_the_newest_meaning() -> None:
    v2 = [with_items(ENERGY, [NEW_TASK, *ENERGY[1]]), INDUSTRY, BUILDING]  # v1's 2.1.1 is v2's 2.1.2
    v3 = [ENERGY, INDUSTRY, BUILDING]  # the new task goes again: v2's 2.1.1 is gone
    id_map, report = merge(step(BASE, v2), make_plan(v2), make_plan(v3))
    assert id_map.moved["2.1.1"] == "2.1"  # v2's meaning (the removed task), not v1's (now 2.1.1 again)
    assert "2.1.1" in report.replaced


@pytest.mark.parametrize(("ident", "expected"), [
    ("3.1.3", "3.1.4"), ("3.1.3.s2", "3.1.4.s2"), ("3.1.3.t1", "3.1.4.t1"), ("3.1.3.s5", "3.1.9.s1"),
    ("3.1.7", "3.1"), ("3.1.7.s1", "3.1"), ("3.1.7.t2", "3.1"), ("9", None), ("9.s1", None),
    ("3.1.1", "3.1.1"), ("3.1.1.s1", "3.1.1.s1"), ("2.p1", "3.p1"), ("2.p1.s2", "3.p1.s2"),
])
def test_resolve_rules(ident: str, expected: str | None) -> None:
    moved = {"3.1.3": "3.1.4", "3.1.3.s5": "3.1.9.s1", "3.1.7": "3.1", "9": None, "2.p1": "3.p1"}
    assert resolve(moved, ident) == expected


def test_written_map_is_sorted_and_reads_back() -> None:
    id_map = IdMap(moved={"2.1.10": "2.1.11", "2.1.9": "2.1.10", "3": None, "2.1": "2.2"}, version="0123456789abcdef")
    text = id_map.to_yaml("city")
    assert text.index('"2.1"') < text.index('"2.1.9"') < text.index('"2.1.10"') < text.index('"3"')
    data = yaml.safe_load(text)
    assert data["plan"] == "city" and IdMap.from_data(data, "ids.yaml") == id_map
    assert yaml.safe_load(IdMap().to_yaml("city"))["moved"] == {}


def test_a_malformed_map_is_reported_with_its_path() -> None:
    with pytest.raises(ValidationError) as error:
        IdMap.from_data({"moved": {3: "4", "2.1.1": 2.2, "x": "2.1"}}, "content/city/ids.yaml")
    text = str(error.value)
    assert "content/city/ids.yaml: moved: 3 is not of type 'string'" in text
    assert "moved.2.1.1" in text and "'x' does not match" in text


# ---------------------------------------------------------------------------------------------
# Redirect pages


def live_paths(plan: Plan) -> list[str]:
    """The Markdown pages the site renders for a plan's clauses and targets (enough for these tests)."""
    pages = [urls.unit_page(plan.id, u.id) for u in plan.walk() if u.kind in ("part", "section", "item")]
    pages += [urls.target_page(plan.id, t.id) for _, t in plan.targets()]
    return [f"{lang}/{page}index.md" for lang in urls.LANGS for page in pages]


def test_redirect_pages_only_where_the_old_address_is_gone() -> None:
    v2 = [with_items(ENERGY, [NEW_TASK, *ENERGY[1]]), INDUSTRY, BUILDING]
    plan = make_plan(v2)
    id_map = step(BASE, v2)
    files = redirect_pages(plan, id_map, live_paths(plan), *TEMPLATES)
    # 2.1.1, 2.1.2 and 2.1.3 are live pages again (reused), and so is 2.1.2/t1/ (v1's 2.1.1.t1, now
    # 2.1.2.t1); only 2.1.1/t1/ is gone: the new task 2.1.1 has no target.
    assert sorted(files) == ["en/city/2/1/1/t1/index.html", "zh/city/2/1/1/t1/index.html"]
    page = files["zh/city/2/1/1/t1/index.html"]
    assert 'location.replace' in page and '"../../2/t1/"' in page
    assert '<meta http-equiv="refresh" content="0; url=../../2/t1/">' in page
    # said in both languages, the page's own first
    assert "<h1>目标已移动</h1>" in page and "此地址原指目标 2.1.1.t1，现在是" in page
    assert '<p class="ps-redirect" lang="en">A newer version of the plan renumbered' in page
    assert "<h1>Target moved</h1>" in files["en/city/2/1/1/t1/index.html"]


def test_a_removed_section_redirects_to_its_part_and_keeps_no_stale_anchor() -> None:
    plan = make_plan([ENERGY, BUILDING])
    files = redirect_pages(plan, step(BASE, [ENERGY, BUILDING]), live_paths(plan), *TEMPLATES)
    # 2.2 and 2.2.1 are live again (the next section moved up); 2.2.2, 2.3 and 2.3.1 are gone
    assert sorted(p for p in files if p.startswith("zh/")) == ["zh/city/2/2/2/index.html", "zh/city/2/3/1/index.html",
                                                               "zh/city/2/3/index.html"]
    removed = files["zh/city/2/2/2/index.html"]
    assert '"../../"' in removed and "已不在本方案的现行版本中" in removed and "not in the current version" in removed
    assert '"2.2.2.s1"' not in removed  # its sentences land on the part page, without an anchor
    moved = files["zh/city/2/3/1/index.html"]
    assert '"2.3.1.s1": "../../2/1/#2.2.1.s1"' in moved and '"2.3.1": "../../2/1/#2.2.1"' in moved


def test_offline_redirects_name_the_html_file() -> None:
    plan = make_plan([ENERGY, BUILDING])
    files = redirect_pages(plan, step(BASE, [ENERGY, BUILDING]), live_paths(plan), *TEMPLATES, directory_urls=False)
    page = files["en/city/2/3/1/index.html"]
    assert '"2.3.1.s1": "../../2/1/index.html#2.2.1.s1"' in page and 'url=../../2/1/index.html"' in page


def test_a_map_pointing_to_a_missing_id_fails_the_build() -> None:
    plan = make_plan(BASE)
    expected = r"moved\.2\.1\.9: expected an id of the plan's current text, found '2\.1\.7'"
    with pytest.raises(RenderError, match=expected):
        redirect_pages(plan, IdMap(moved={"2.1.9": "2.1.7"}), live_paths(plan), *TEMPLATES)


# ---------------------------------------------------------------------------------------------
# The command line and `plansite check`, in a copy of the project


def test_plansite_ids_records_writes_and_is_idempotent(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", plan_text(BASE), "city")
    first = run_plansite("ids", "seeds/city.txt", cwd=root)
    assert first.returncode == 0, first.stderr
    assert "no previous version" in first.stderr
    assert yaml.safe_load((root / "content/city/ids.yaml").read_text(encoding="utf-8"))["moved"] == {}
    v1_yaml = (root / "content/city/plan.yaml").read_text(encoding="utf-8")

    (root / "seeds/city.txt").write_text(plan_text([ENERGY, BUILDING]), encoding="utf-8")
    dry = run_plansite("ids", "seeds/city.txt", "--dry-run", cwd=root)
    assert dry.returncode == 0 and yaml.safe_load(dry.stdout)["moved"]["2.3"] == "2.2"
    assert (root / "content/city/plan.yaml").read_text(encoding="utf-8") == v1_yaml  # nothing written
    second = run_plansite("ids", "seeds/city.txt", cwd=root)
    assert second.returncode == 0, second.stderr
    assert "moved: 2 (2.3 → 2.2, 2.3.1 → 2.2.1)" in second.stderr
    assert "removed: 3 (2.2 → 2, 2.2.1 → 2, 2.2.2 → 2)" in second.stderr
    written = (root / "content/city/ids.yaml").read_text(encoding="utf-8")
    assert '  "2.3.1": "2.2.1"\n' in written
    assert run_plansite("ids", "seeds/city.txt", cwd=root).returncode == 0
    assert (root / "content/city/ids.yaml").read_text(encoding="utf-8") == written
    assert run_plansite("check", cwd=root).returncode == 0

    # plan.yaml regenerated before `plansite ids` ran: refused, unless told which version came before
    (root / "seeds/city.txt").write_text(plan_text([BUILDING, ENERGY]), encoding="utf-8")
    v2_yaml = root / "v2.yaml"
    shutil.copy(root / "content/city/plan.yaml", v2_yaml)
    assert run_plansite("parse", "seeds/city.txt", "--write", cwd=root).returncode == 0
    refused = run_plansite("ids", "seeds/city.txt", cwd=root)
    assert refused.returncode == 2 and "expected the map of the version in" in refused.stderr
    assert "Traceback" not in refused.stderr
    told = run_plansite("ids", "seeds/city.txt", "--old", str(v2_yaml), cwd=root)
    assert told.returncode == 0, told.stderr
    moved = yaml.safe_load((root / "content/city/ids.yaml").read_text(encoding="utf-8"))["moved"]
    assert moved["2.3.1"] == "2.1.1" and moved["2.1.1"] == "2.2.1"  # v1's 2.3.1 → v2's 2.2.1 → v3's 2.1.1


def test_check_reports_a_bad_map(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", plan_text(BASE), "city")
    assert run_plansite("ids", "seeds/city.txt", cwd=root).returncode == 0
    (root / "content/city/ids.yaml").write_text('moved:\n  3: "4"\n', encoding="utf-8")
    result = run_plansite("check", cwd=root)
    assert result.returncode == 2 and "content/city/ids.yaml: moved: 3 is not of type 'string'" in result.stderr
    (root / "content/city/ids.yaml").write_text('plan: town\nmoved:\n  "2.1.9": "2.1.7"\n', encoding="utf-8")
    result = run_plansite("check", cwd=root)
    assert result.returncode == 2
    assert "content/city/ids.yaml: plan: expected 'city' (the folder's name), found 'town'" in result.stderr
    assert ("content/city/ids.yaml: moved.2.1.9: expected an id of content/city/plan.yaml, "
            "found '2.1.7'") in result.stderr


# ---------------------------------------------------------------------------------------------
# End to end: build, insert a task, record the ids, rebuild, follow every old address

_PAGE = re.compile(r"^(?:en/)?runon/(?P<id>[0-9]+(?:/[0-9]+)*)/(?:t(?P<t>[0-9]+)/)?$")
_SENTENCE = re.compile(r'class="ps-s" id="([^"]+)"')


def insert_first_task(text: str) -> str:
    """Runon numbering: items count on across sections, so every later number shifts by one."""
    text = text.replace("4．推动建材", "5．推动建材").replace("3．推动钢铁", "4．推动钢铁")
    text = text.replace("2．严格控制", "3．严格控制").replace("1．大力发展", "2．大力发展")
    return text.replace("（一）能源绿色低碳转型行动。推进能源转型。\n",
                        "（一）能源绿色低碳转型行动。推进能源转型。\n\n1．" + NEW_TASK + "\n", 1)


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's signature
        pass


def site_pages(site: Path) -> list[str]:
    """Every page of a built site as a folder URL relative to its root (``en/runon/2/1/``)."""
    folders = [p.parent.relative_to(site).as_posix() for p in site.rglob("index.html")]
    return sorted("" if f == "." else f + "/" for f in folders if not f.startswith(("assets", "search")))


def is_redirect(site: Path, page: str) -> bool:
    file = site / page / "index.html"
    return file.is_file() and 'http-equiv="refresh"' in file.read_text(encoding="utf-8")


@pytest.mark.browser
def test_every_old_address_leads_to_its_clause_after_a_task_is_inserted(tmp_path: Path, browser) -> None:
    root = make_project(tmp_path / "p", (CASES / "runon-numbering/input.txt").read_text(encoding="utf-8"))
    project = Project(root)
    seed = root / "seeds/runon.txt"
    for args in (("ids", "seeds/runon.txt"), ("build", "-o", "site1")):
        result = run_plansite(*args, cwd=root)
        assert result.returncode == 0, result.stderr
    old_plan = project.parse(seed)
    old_site = root / "site1"
    old_pages = site_pages(old_site)
    old_anchors = [(page, sid) for page in old_pages if _PAGE.match(page) and not _PAGE.match(page).group("t")
                   for sid in _SENTENCE.findall((old_site / page / "index.html").read_text(encoding="utf-8"))]
    assert len(old_pages) > 40 and len(old_anchors) > 20

    seed.write_text(insert_first_task(seed.read_text(encoding="utf-8")), encoding="utf-8")
    recorded = run_plansite("ids", "seeds/runon.txt", cwd=root)
    assert recorded.returncode == 0, recorded.stderr
    assert "moved: 4 (2.1.1 → 2.1.2, 2.1.2 → 2.1.3, 2.2.3 → 2.2.4, 2.2.4 → 2.2.5)" in recorded.stderr
    id_map = project.id_map("runon")
    assert id_map is not None and id_map.version == fingerprint(project.parse(seed))
    for args in (("build", "-o", "site2"), ("build", "--offline", "-o", "site3")):
        result = run_plansite(*args, cwd=root)
        assert result.returncode == 0 and "WARNING" not in result.stderr, result.stderr
    new_plan = project.parse(seed)
    new_site = root / "site2"
    # the clause that holds each text now (an inserted task leaves every other text as it was)
    by_text = {u.text: u for u in new_plan.walk()}
    old_units = {u.id: u for u in old_plan.walk()}
    new_of = {old_id: by_text[u.text] for old_id, u in old_units.items()}
    new_targets = {t.quote: t.id for _, t in new_plan.targets()}
    redirected = {p for p in site_pages(new_site) if is_redirect(new_site, p)}
    assert redirected == {"runon/2/2/3/", "en/runon/2/2/3/", "runon/2/1/1/t1/", "en/runon/2/1/1/t1/"}

    handler = functools.partial(_Quiet, directory=str(new_site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_port}/"
    context = browser.new_context()
    context.route(re.compile(r".*/(assets|search)/.*"), lambda route: route.abort())  # the theme is not under test
    page = context.new_page()
    page.set_default_timeout(10_000)
    followed = 0
    try:
        for old in old_pages:
            match = _PAGE.match(old)
            lang = "en/" if old.startswith("en/") else ""
            page.goto(base + old, wait_until="domcontentloaded")
            if not match or old not in redirected:
                # a live page of the new version: the address stays (a reused id shows its new clause)
                page.wait_for_load_state("domcontentloaded")
                assert page.url == base + old and (new_site / old / "index.html").is_file()
                assert page.locator('meta[http-equiv="refresh"]').count() == 0
                if match and not match.group("t"):
                    old_id = match.group("id").replace("/", ".")
                    assert page.locator("article.ps-unit").get_attribute("id") == old_id
                    assert resolve(id_map.moved, old_id) == new_of[old_id].id  # the map knows where it went
                continue
            old_id = match.group("id").replace("/", ".")
            if match.group("t"):
                target = next(t for t in old_units[old_id].targets if t.id == f"{old_id}.t{match.group('t')}")
                expected = lang + urls.unit_url("runon", new_targets[target.quote])
                page.wait_for_url(base + expected)
                assert target.quote[:8] in page.locator("article").first.inner_text()
            else:
                unit = new_of[old_id]
                page.wait_for_url(base + lang + urls.unit_url("runon", unit.id))
                assert page.locator("article.ps-unit").get_attribute("id") == unit.id
                body = page.locator("article.ps-unit").inner_text()
                assert all(s in body for s in old_units[old_id].sentences)  # the same Chinese text
            followed += 1
        for old, sid in old_anchors:
            lang = "en/" if old.startswith("en/") else ""
            clause, n = sid.rsplit(".s", 1)
            sentence = old_units[clause].sentences[int(n) - 1]
            page.goto(base + old + "#" + sid, wait_until="domcontentloaded")
            if old not in redirected:
                page.wait_for_load_state("domcontentloaded")
                assert page.url == base + old + "#" + sid
                continue
            unit = new_of[clause]
            new_sid = unit.sentence_id(unit.sentences.index(sentence) + 1)
            page.wait_for_url(base + lang + urls.unit_url("runon", new_sid))
            assert sentence in page.locator(f'[id="{new_sid}"]').inner_text()  # the anchor is kept
            followed += 1
        # the offline bundle's site: plain files, file:// URLs, index.html in every link
        offline = (root / "site3/runon/2/2/3/index.html").as_uri()
        page.goto(offline + "#2.2.3.s1")
        page.wait_for_url((root / "site3/runon/2/2/4/index.html").as_uri() + "#2.2.4.s1")
        assert "推动钢铁行业" in page.locator('[id="2.2.4.s1"]').inner_text()
    finally:
        context.close()
        httpd.shutdown()
    assert followed == 6  # 2 clause pages, 2 target pages, 2 sentence anchors (zh and en each)
