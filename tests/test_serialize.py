"""YAML exports: libyaml writes them (fast), byte for byte as the pure-Python emitter would."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from builder import serialize
from builder.project import Project
from tests.conftest import CORPUS_PLANS, ROOT, SEEDS

PLANS = sorted(SEEDS.glob("*.txt")) + CORPUS_PLANS

#: strings whose YAML needs quoting, escaping or a block style
AWKWARD = ["", " lead", "trail ", "a\nb", "a\n b", "a\nb\n", "x: y", "- z", "#c", "yes", "no", "null", "1.0",
           "0x1f", "中文：冒号", "tab\there", "\u2028x", "\x85", "'q'", '"dq"', "a\r\nb", "\ufeffbom", "\x07bell",
           "   ", "\n", "a  \nb", "~", "@at", "`bt", "%p", "!bang", "&amp", "*star", "{b}", "[s]", "a,b", "?q",
           "｜全角", "\t", "2030-01-01", "1e3", ".inf", "0o17", "+1", "<<", "x" * 2000, "中" * 3000 + "\nb"]


def test_libyaml_is_used() -> None:
    """Without libyaml the exports are still right, only slower: this says which one runs."""
    assert yaml.__with_libyaml__, "PyYAML was installed without libyaml: YAML exports take four times as long"
    assert issubclass(serialize._Dumper, yaml.CSafeDumper)


@pytest.mark.parametrize("seed", PLANS, ids=lambda p: p.stem)
def test_plan_yaml_is_the_pure_emitters(seed: Path) -> None:
    data = serialize.plan_to_data(Project(ROOT).parse(seed))
    assert not serialize._libyaml_differs(data)  # so the fast path is the one measured here
    fast = serialize.dump_yaml(data, "header", serialize._Dumper)
    assert fast == serialize.dump_yaml(data, "header", serialize._PureDumper)


@pytest.mark.parametrize("value", AWKWARD, ids=repr)
def test_awkward_strings_are_written_alike(value: str) -> None:
    for data in ({"k": value}, [value], {"m": {"x" + value: [value, 1, None, True]}}):
        assert serialize.dump_yaml(data) == serialize.dump_yaml(data, None, serialize._PureDumper)
        assert yaml.safe_load(serialize.dump_yaml(data)) == data


@pytest.mark.parametrize("data", [{"text": "𠀀𪚥 are Extension B ideographs"}, ["emoji 🌏"], {"": "empty key"},
                                  {"m": [{"deep": "𫖯"}]}], ids=repr)
def test_what_libyaml_writes_otherwise_goes_to_the_pure_emitter(data: object) -> None:
    """libyaml escapes characters beyond the BMP (a name with 𫖯 would read "\\U0002B5AF") and
    writes an empty key another way: those documents take the pure-Python emitter."""
    assert serialize._libyaml_differs(data)
    assert serialize.dump_yaml(data) == serialize.dump_yaml(data, None, serialize._PureDumper)
    assert "\\U" not in serialize.dump_yaml(data)
    assert yaml.safe_load(serialize.dump_yaml(data)) == data
