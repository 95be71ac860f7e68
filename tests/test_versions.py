"""Published versions of a plan (content/<plan>/versions.yaml, `plansite version`): recorded with
their labels and dates, each version's text and English kept, never recorded twice."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from builder.errors import ValidationError
from builder.versions import Version, Versions, fingerprint
from tests.conftest import run_plansite
from tests.contract import problems_in
from tests.helpers import BUILDING, ENERGY, INDUSTRY, NEW_TASK, make_plan, make_project, plan_text

V1 = [ENERGY, INDUSTRY, BUILDING]
V2 = [(ENERGY[0], [NEW_TASK, *ENERGY[1]]), INDUSTRY, BUILDING]


def version(vid: str, date: str, sections=V1) -> Version:
    return Version(vid, f"{vid}年版", None, date, "final", fingerprint(make_plan(sections)))


def test_versions_are_added_in_order_and_never_twice() -> None:
    versions = Versions().add(version("2023", "2023-05-10"))
    assert versions.of_text(fingerprint(make_plan(V1))).id == "2023"
    with pytest.raises(ValidationError) as caught:
        versions.add(version("2023", "2024-01-01", V2), "v.yaml")
    assert caught.value.problems == ["v.yaml: error: expected a new version id, found '2023', which is already recorded"]
    with pytest.raises(ValidationError) as caught:
        versions.add(version("2024", "2024-01-01"), "v.yaml")  # the same text again
    assert "found the text of version '2023'" in caught.value.problems[0]
    with pytest.raises(ValidationError) as caught:
        versions.add(version("2022", "2022-01-01", V2), "v.yaml")
    assert "expected a date on or after the last version's (2023-05-10), found 2022-01-01" in caught.value.problems[0]
    later = versions.add(version("2024", "2024-01-01", V2))
    assert [v.id for v in later.versions] == ["2023", "2024"]
    assert Versions.from_data(yaml.safe_load(later.to_yaml()), "v.yaml") == later  # written and read back


@pytest.mark.parametrize("entry, expected", [
    ({"id": "Draft", "label_zh": "征求意见稿", "date": "2022-01-01", "kind": "draft", "fingerprint": "0" * 16},
     "versions.0.id: 'Draft' does not match"),
    ({"id": "draft", "label_zh": "征求意见稿", "date": "2022-01-01", "kind": "proposal", "fingerprint": "0" * 16},
     "versions.0.kind: 'proposal' is not one of"),
    ({"id": "draft", "label_zh": "征求意见稿", "kind": "draft", "fingerprint": "0" * 16},
     "versions.0: 'date' is a required property"),
    ({"id": "current", "label_zh": "现行版", "date": "2022-01-01", "kind": "final", "fingerprint": "0" * 16},
     "versions.0.id: expected another id than 'current'"),
])
def test_a_malformed_file_is_refused_with_its_path(entry: dict, expected: str) -> None:
    with pytest.raises(ValidationError) as caught:
        Versions.from_data({"versions": [entry]}, "content/city/versions.yaml")
    assert any(p.startswith("content/city/versions.yaml: " + expected) for p in caught.value.problems), \
        caught.value.problems


def test_plansite_version_keeps_the_text_and_its_english(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", plan_text(V1), "city")
    assert run_plansite("ids", "seeds/city.txt", cwd=root).returncode == 0
    recorded = run_plansite("version", "seeds/city.txt", "--id", "2023", "--label", "2023年版", "--label-en",
                            "2023 edition", "--date", "2023-05-10", cwd=root)
    assert recorded.returncode == 0, recorded.stderr
    kept = root / "content/city/versions/2023/plan.yaml"
    assert kept.read_text(encoding="utf-8") == (root / "content/city/plan.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load((root / "content/city/versions.yaml").read_text(encoding="utf-8"))
    assert data["versions"][0]["label_zh"] == "2023年版" and data["versions"][0]["kind"] == "final"
    assert run_plansite("check", cwd=root).returncode == 0
    # an edited text must be recorded by `plansite ids` first
    (root / "seeds/city.txt").write_text(plan_text(V2), encoding="utf-8")
    refused = run_plansite("version", "seeds/city.txt", "--id", "2024", "--label", "2024年版", "--date", "2024-01-01",
                           cwd=root)
    assert refused.returncode == 2 and "run `plansite ids seeds/city.txt` first" in refused.stderr
    assert "Traceback" not in refused.stderr
    assert run_plansite("ids", "seeds/city.txt", cwd=root).returncode == 0
    second = run_plansite("version", "seeds/city.txt", "--id", "2024", "--label", "2024年版", "--date", "2024-01-01",
                          cwd=root)
    assert second.returncode == 0, second.stderr
    assert [v["id"] for v in yaml.safe_load((root / "content/city/versions.yaml").read_text(encoding="utf-8"))
            ["versions"]] == ["2023", "2024"]
    assert (root / "content/city/versions/2023/plan.yaml").read_text(encoding="utf-8") != \
        (root / "content/city/versions/2024/plan.yaml").read_text(encoding="utf-8")


def _sentence_text(site: Path, url: str) -> str:
    """The Chinese text of the sentence ``url`` names, as its page shows it."""
    import re

    page, _, anchor = url.partition("#")
    html = (site / page / "index.html").read_text(encoding="utf-8")
    found = re.search(rf'<span class="ps-s" id="{re.escape(anchor)}">.*?</a>(.*?)<button', html, re.S)
    assert found, url
    return re.sub(r"<[^>]+>", "", found.group(1)).strip()


def test_every_address_of_a_version_keeps_showing_that_version(tmp_path: Path) -> None:
    import json

    root = make_project(tmp_path / "p", plan_text(V1), "city")
    assert run_plansite("ids", "seeds/city.txt", cwd=root).returncode == 0
    assert run_plansite("version", "seeds/city.txt", "--id", "2023", "--label", "2023年版", "--label-en",
                        "2023 edition", "--date", "2023-05-10", cwd=root).returncode == 0
    first = run_plansite("build", "-o", "site", cwd=root)
    assert first.returncode == 0, first.stderr
    rows = json.loads((root / "site/data/city/citations.json").read_text(encoding="utf-8"))
    v1 = {r["id"]: r for r in rows if r["kind"] == "sentence"}
    assert all(r["url_version"] == r["url"].replace("city/", "city/v/2023/", 1) for r in v1.values())
    assert v1["2.1.1.s1"]["cite_zh"] == "《某市碳达峰实施方案》（2023年版）二（一）1 第1句"

    sections = [(ENERGY[0], [NEW_TASK, *ENERGY[1]]), (INDUSTRY[0], [INDUSTRY[1][0]]), BUILDING]  # one inserted, one deleted
    (root / "seeds/city.txt").write_text(plan_text(sections), encoding="utf-8")
    assert run_plansite("ids", "seeds/city.txt", cwd=root).returncode == 0
    assert run_plansite("version", "seeds/city.txt", "--id", "2024", "--label", "2024年版", "--date", "2024-03-01",
                        cwd=root).returncode == 0
    second = run_plansite("build", "-o", "site", cwd=root)
    assert second.returncode == 0, second.stderr
    site = root / "site"
    for row in v1.values():  # every version-qualified address of version 1 still shows version 1's sentence
        assert _sentence_text(site, row["url_version"]) == row["text_zh"], row["id"]
    # the plain address shows the current text, and says that it showed another clause before
    assert _sentence_text(site, "city/2/1/1/#2.1.1.s1") == "加快建设新型电力系统。"
    assert "ps-notice--reused" in (site / "city/2/1/1/index.html").read_text(encoding="utf-8")
    now = {r["id"]: r for r in json.loads((site / "data/city/citations.json").read_text(encoding="utf-8"))}
    assert now["2.1.1.s1"]["url_version"] == "city/v/2024/2/1/1/#2.1.1.s1"
    assert now["2.1.1.s1"]["cite_zh"] == "《某市碳达峰实施方案》（2024年版）二（一）1 第1句"
    version_page = (site / "city/v/2023/2/1/1/index.html").read_text(encoding="utf-8")
    assert "您正在阅读本方案的2023年版（2023-05-10）" in version_page
    assert "You are reading the 2023 edition (2023-05-10)" in (site / "en/city/v/2023/2/1/1/index.html").read_text(
        encoding="utf-8")
    # the reused address links the clause it showed, on its page in the version that had it
    reused = (site / "city/2/1/1/index.html").read_text(encoding="utf-8")
    assert 'class="ps-notice__version" href="../../../v/2023/2/1/1/"' in reused
    assert "该条款在2023年版中的文字" in reused
    # what changed: one page per version, both languages, and changes.json, every address live
    changes = json.loads((site / "data/city/changes.json").read_text(encoding="utf-8"))
    assert [v["id"] for v in changes["versions"]] == ["2023", "2024"] and changes["current"] == "2024"
    [step] = changes["steps"]
    assert (step["from"], step["to"], step["counts"]) == ("2023", "2024", {"added": 1, "removed": 1, "moved": 0,
                                                                          "reworded": 0})
    assert [(c["kind"], (c["old"] or {}).get("url"), (c["new"] or {}).get("url")) for c in step["changes"]] == [
        ("added", None, "city/v/2024/2/1/1/"), ("removed", "city/v/2023/2/2/2/", None)]
    assert problems_in(site, "city") == []
    for lang in ("", "en/"):
        page = (site / f"{lang}city/changes/2024/index.html").read_text(encoding="utf-8")
        assert page.count('class="ps-change ps-change--') == 2, lang
    history = (site / "city/2/1/2/index.html").read_text(encoding="utf-8")  # 2.1.1 of 2023, renumbered
    assert '<a href="../../../v/2023/2/1/1/">2023年版</a>' in history and "本版本仅编号变化" in history


def test_a_version_unchanged_since_the_last_build_is_reused(tmp_path: Path) -> None:
    """An edit to the current text rebuilds the plan, not its published versions, whose inputs (the
    kept text and English, the label) are those of the last build."""
    root = make_project(tmp_path / "p", plan_text(V1), "city")
    assert run_plansite("ids", "seeds/city.txt", cwd=root).returncode == 0
    assert run_plansite("version", "seeds/city.txt", "--id", "2023", "--label", "2023年版", "--date", "2023-05-10",
                        cwd=root).returncode == 0
    first = run_plansite("build", "-o", "site", cwd=root)
    assert first.returncode == 0 and "reused" not in first.stderr, first.stderr
    kept = (root / "site/city/v/2023/2/1/1/index.html").read_bytes()
    (root / "seeds/city.txt").write_text(plan_text(V2), encoding="utf-8")
    assert run_plansite("ids", "seeds/city.txt", cwd=root).returncode == 0
    second = run_plansite("build", "-o", "site", cwd=root)
    assert second.returncode == 0, second.stderr
    assert re.search(r"2 plan builds (and the English site-wide pages )?unchanged, reused", second.stderr)  # the version's
    assert (root / "site/city/v/2023/2/1/1/index.html").read_bytes() == kept
    assert "加快建设新型电力系统" in (root / "site/city/2/1/1/index.html").read_text(encoding="utf-8")
    # a new label is a new input: the version is built again
    versions = root / "content/city/versions.yaml"
    versions.write_text(versions.read_text(encoding="utf-8").replace("2023年版", "2023年修订版"), encoding="utf-8")
    third = run_plansite("build", "-o", "site", cwd=root)
    assert third.returncode == 0 and "plan build" not in third.stderr, third.stderr  # no plan build reused
    assert "2023年修订版" in (root / "site/city/v/2023/2/1/1/index.html").read_text(encoding="utf-8")
