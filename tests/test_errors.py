"""Bad input: one test per case, asserting the exact message, exit status 2, and nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import run_plansite

CASES = {
    "empty": (b"", "empty.txt:1:1: error: expected a plan's text, found an empty file\n"),
    "blank-lines-only": (b"\n  \n\t\n", "blank-lines-only.txt:1:1: error: expected a plan's text, found an empty file\n"),
    "undecodable": (
        "某市方案\n一、总体要求\n".encode() + b"\xff\xfe\xfa\n",
        "undecodable.txt:3:1: error: expected UTF-8, GBK or GB18030 text, found byte 0xFF that none of them decodes\n",
    ),
    "not-a-plan": (
        b"hello world\nthis is not a plan\n",
        "not-a-plan.txt:1:1: error: expected a carbon-peaking plan with parts numbered 「一、」「二、」…, "
        "found no line opening part 「一、」\n    hello world\n    ^\n",
    ),
    "no-title": (
        "一、总体要求\n坚持。\n".encode(),
        "no-title.txt:1:1: error: expected the plan's title (a line such as 「某市碳达峰实施方案」) before part "
        "「一、」, found 「一、总体要求」\n    一、总体要求\n    ^\n",
    ),
    "section-repeated": (
        "某市碳达峰方案\n一、总体要求\n（一）甲。\n（一）乙。\n".encode(),
        "section-repeated.txt:4:1: error: expected section 「（二）」, found 「（一）」 (section number repeated)\n"
        "    （一）乙。\n    ^\n",
    ),
    "section-skipped": (
        "某市碳达峰方案\n一、总体要求\n（一）甲。\n（三）乙。\n".encode(),
        "section-skipped.txt:4:1: error: expected section 「（二）」, found 「（三）」 (section number out of sequence)\n"
        "    （三）乙。\n    ^\n",
    ),
    "section-starts-wrong": (
        "某市碳达峰方案\n一、总体要求\n  （二）乙。\n".encode(),
        "section-starts-wrong.txt:3:3: error: expected section 「（一）」, found 「（二）」 (section number out of sequence)\n"
        "      （二）乙。\n      ^\n",
    ),
    "part-skipped": (
        "某市碳达峰方案\n一、总体要求\n三、保障\n".encode(),
        "part-skipped.txt:3:1: error: expected part 「二、」, found 「三、」 (part number out of sequence)\n"
        "    三、保障\n    ^\n",
    ),
    "item-out-of-sequence": (
        "某市碳达峰方案\n一、任务\n（一）甲。\n1．A。\n3．B。\n".encode(),
        "item-out-of-sequence.txt:5:1: error: expected item 「2．」, found 「3．」 (item number out of sequence)\n"
        "    3．B。\n    ^\n",
    ),
    "unclosed-responsibility": (
        "某市碳达峰方案\n一、总体要求\n1．推广岸电。鼓励使用岸电。（责任单位：市交通运输局、市发展改革委\n".encode(),
        "unclosed-responsibility.txt:3:15: error: expected 「）」 closing the responsibility list opened here, "
        "found the end of the paragraph\n    1．推广岸电。鼓励使用岸电。（责任单位：市交通运输局、市发展改革委\n"
        "     \u3000\u3000\u3000\u3000\u3000\u3000\u3000\u3000\u3000\u3000\u3000\u3000\u3000^\n",
    ),
    "empty-heading": (
        "某市碳达峰方案\n一、\n".encode(),
        "empty-heading.txt:2:3: error: expected a heading after 「一、」, found end of line\n    一、\n    \u3000\u3000^\n",
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_parse_error_message(tmp_path: Path, name: str) -> None:
    data, expected = CASES[name]
    (tmp_path / f"{name}.txt").write_bytes(data)
    result = run_plansite("parse", f"{name}.txt", cwd=tmp_path)  # named as a user types it
    assert result.stderr == expected
    assert result.returncode == 2
    assert result.stdout == ""


def test_missing_file(tmp_path: Path) -> None:
    result = run_plansite("parse", "nowhere.txt", cwd=tmp_path)
    assert result.stderr == "nowhere.txt:1:1: error: expected a readable plan file, found no such file or directory\n"
    assert result.returncode == 2


def test_bad_plan_leaves_previous_site_untouched(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "marker.html").write_text("previous site", encoding="utf-8")
    (tmp_path / "bad.txt").write_bytes("某市碳达峰方案\n一、总体要求\n三、保障\n".encode())
    result = run_plansite("build", "bad.txt", "-o", str(out), cwd=tmp_path)
    assert result.returncode == 2
    assert "bad.txt:3:1: error: expected part 「二、」" in result.stderr
    assert "Traceback" not in result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["marker.html"]
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".out")] == []


def test_parse_write_writes_nothing_on_error(tmp_path: Path) -> None:
    (tmp_path / "bad.txt").write_bytes(b"")
    result = run_plansite("parse", "bad.txt", "--write", cwd=tmp_path)
    assert result.returncode == 2
    assert not (tmp_path / "content").exists()


TINY = "某市碳达峰实施方案\n一、总体要求\n坚持稳中求进。\n"
PLAN_KINDS = "['notice', 'lead', 'title', 'preface', 'part', 'section', 'item', 'subitem', 'point', 'paragraph']"


def tiny_plan_yaml(tmp_path: Path) -> str:
    """The plan.yaml `plansite parse` writes for a tiny plan."""
    (tmp_path / "tiny.txt").write_text(TINY, encoding="utf-8")
    result = run_plansite("parse", "tiny.txt", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_plan_yaml_that_breaks_the_schema_is_refused_at_its_line(tmp_path: Path) -> None:
    text = tiny_plan_yaml(tmp_path).replace("kind: title\n", "kind: titel\n", 1)
    (tmp_path / "tiny.yaml").write_text(text, encoding="utf-8")
    line = text.splitlines().index("  kind: titel") + 1
    result = run_plansite("build", "tiny.yaml", "-o", "out", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.splitlines()[1:] == [
        f"tiny.yaml:{line}:9: error: expected a plan.yaml as `plansite parse --write` writes it (schema: "
        f"data/plan.schema.json); at units.0.kind, 'titel' is not one of {PLAN_KINDS}",
        "      kind: titel", "            ^"]
    assert not (tmp_path / "out").exists()


def test_plan_yaml_that_is_not_yaml_is_refused(tmp_path: Path) -> None:
    (tmp_path / "tiny.yaml").write_text("format: 1\nplan: tiny\nunits: [\n", encoding="utf-8")
    result = run_plansite("parse", "tiny.yaml", cwd=tmp_path)
    assert result.stderr == ("tiny.yaml:4:1: error: expected YAML, found expected the node content, "
                             "but found '<stream end>'\n")
    assert result.returncode == 2


def test_plan_yaml_reads_back_as_the_plan_it_was_written_from(tmp_path: Path) -> None:
    (tmp_path / "tiny.yaml").write_text(tiny_plan_yaml(tmp_path), encoding="utf-8")
    again = run_plansite("parse", "tiny.yaml", cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert again.stdout == tiny_plan_yaml(tmp_path)
