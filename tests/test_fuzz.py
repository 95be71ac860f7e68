"""The parser never breaks: mutated plans end in a valid tree or a ParseError, quickly.

Property tests start from the real texts (seeds/, tests/corpus/, tests/cases/*/input.txt) and
mutate them — lines deleted, duplicated, swapped, split, joined; marker numbers changed
(一、→三、, （二）→（二十）, 3．→7．, 十十、); brackets cut; invisible, right-to-left, control and
astral characters, NUL and lone surrogates inserted; the bytes re-encoded (GBK, GB18030, UTF-16,
BOM, CRLF, CR), flipped and truncated mid-character. Each case runs through
``decode_plan_bytes`` → ``parse_plan`` → ``extract_plan`` and must end in either

* a plan whose units give back the text (whitespace aside), whose sentences give back each unit,
  and whose unit and target ids are unique; or
* a :class:`ParseError` at line ≥ 1 and column ≥ 1 inside the input, which renders as text;

never another exception, never a hang (each case has a deadline). Hypothesis is derandomised and
keeps no database, so every run checks the same cases (the counts are in ``EXAMPLES``).

Below the properties: exact-message regressions for each crash the fuzzing found, and the
size and time guards (a 50 MB file is refused in seconds; a 1 MB line, deep bracket nesting and
other pathological inputs parse in bounded time).
"""

from __future__ import annotations

import re
import time
import tracemalloc
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from builder.errors import ParseError
from builder.extract import extract_plan
from builder.model import Plan
from builder.parse import parse_plan
from builder.parse.decode import MAX_PLAN_BYTES, decode_plan_bytes, read_plan_file
from tests.conftest import ALL_PLANS, CASES, run_plansite

SEED_PATHS = [*ALL_PLANS, *sorted(CASES.glob("*/input.txt"))]
SEEDS = [decode_plan_bytes(path.read_bytes(), path.name).split("\n") for path in SEED_PATHS]
#: Per seed, the index of the line after part 一's: a prefix that long is already a plan.
FIRST_PART = [next(i for i, line in enumerate(lines) if line.lstrip().startswith("一、")) + 1 for lines in SEEDS]

#: Examples per property: 5,800 cases in all.
EXAMPLES = {"text": 1500, "bytes": 1500, "tokens": 1500, "any_str": 700, "whole": 600}


def _fuzz_settings(examples: int) -> settings:
    return settings(
        max_examples=examples,
        deadline=timedelta(seconds=5),  # a hang guard, far above the slowest case (~0.3 s)
        derandomize=True,
        database=None,
        print_blob=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


# -- the check every case must pass -------------------------------------------------------------------

def _no_space(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _rebuilt(plan: Plan) -> str:
    return "".join(u.marker + u.text + (u.responsibility.text if u.responsibility and not u.responsibility.inline
                                        else "") for u in plan.walk())


def check_bytes(data: bytes, name: str = "fuzz.txt") -> Plan | ParseError:
    """Decode, parse and extract ``data``; assert the outcome is a valid tree or a clean ParseError."""
    try:
        text = decode_plan_bytes(data, name)
    except ParseError as error:
        _check_error(error, name, None)
        return error
    return check_text(text, name)


def check_text(text: str, name: str = "fuzz.txt") -> Plan | ParseError:
    try:
        plan = extract_plan(parse_plan(text, name, "fuzz"))
    except ParseError as error:
        _check_error(error, name, text)
        return error
    ids = [u.id for u in plan.walk()]
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    targets = [t.id for _, t in plan.targets()]
    assert len(targets) == len(set(targets))
    assert _no_space(_rebuilt(plan)) == _no_space(text)
    lines = [u.line for u in plan.walk()]
    assert lines == sorted(lines)
    for unit in plan.walk():
        assert "".join(unit.sentences) == unit.text.replace("\n", ""), unit.id
        for target in unit.targets:
            assert target.quote in unit.sentences[target.sentence - 1]
    _event("a tree" + (" with targets" if targets else ""))
    return plan


def _event(label: str) -> None:
    """Tally outcomes in Hypothesis' statistics (pytest --hypothesis-show-statistics)."""
    try:
        event(label)
    except Exception:  # outside a Hypothesis test
        pass


def _check_error(error: ParseError, name: str, text: str | None) -> None:
    assert error.file == name
    assert error.line >= 1 and error.col >= 1, (error.line, error.col)
    _event("ParseError: " + re.sub(r"「[^」]*」", "「…」", error.message.split(", found")[0])[:70])
    shown = str(error)
    shown.encode("utf-8")  # printable: no lone surrogates reach the terminal
    assert shown.startswith(f"{name}:{error.line}:{error.col}: error: expected ")
    if text is not None:
        lines = text.split("\n")
        assert error.line <= len(lines)
        if error.source_line is not None:
            assert error.source_line == lines[error.line - 1]
            assert error.col <= len(error.source_line) + 1


# -- mutations -------------------------------------------------------------------------------------------

_CN = "一二三四五六七八九十百零〇"
_MARKER = re.compile(rf"^(\s*[（(]?)([{_CN}]+|[0-9０-９]+)")
#: Markers to write at the start of a line: real ones, out-of-sequence ones, malformed ones.
MARKERS = ["一、", "二、", "三、", "十一、", "（一）", "（二）", "（二十）", "(三)", "1．", "3．", "7．", "12.", "2、",
           "（1）", "(2)", "①", "③", "⑳", "十十、", "（百）", "（二十〇）", "〇、", "零、", "１．", "1.5", "（国发〔2021〕23号）"]
#: Characters that break naive text handling.
NASTY = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u200e", "\u200f", "\u202a", "\u202e", "\u2066", "\u2069",
         "\x00", "\x01", "\x07", "\x08", "\x0b", "\x0c", "\x1b", "\x1c", "\x7f", "\x85", "\u2028", "\u2029", "\r",
         "\t", "\u3000", "\xa0", "😀", "𠀀", "\U0010ffff", "\ufffd", "\ue000", "\u0301", "\\ud800", "\\x00",
         "\ud800", "\udfff", "\udc80"]
#: Genre words for the token-built plans and for insertions.
TOKENS = ["某市碳达峰实施方案", "通知", "国发〔2021〕23号", "各区人民政府：", "2021年10月24日", "\n", "\n", "\n", "。", "；",
          "，", "、", "：", "（", "）", "(", ")", "“", "”", "《", "》", "【", "】", "责任单位：", "牵头单位：", "牵头",
          "市发展改革委", "市工业和信息化局", "各县区政府", "等按职责分工负责", "以下任务均需", "负责落实，不再列出",
          "列首位的为牵头单位", "到2025年", "2030年前", "“十四五”期间", "比2020年下降", "达到", "提高至", "13%",
          "300万千瓦", "左右", "以上", "以下", "分别", "建成", "基本形成", "推进", "一", "十", "百", "1", "9", "５",
          "．", ".", "甲", "乙", " ", "\u3000", *MARKERS, *NASTY]


#: Any code point, lone surrogates included.
_ANY_CHAR = st.characters(codec=None, exclude_categories=())


def _index(draw, items: list) -> int:
    return draw(st.integers(0, len(items) - 1))


def _delete(draw, lines):
    del lines[_index(draw, lines)]


def _duplicate(draw, lines):
    i = _index(draw, lines)
    lines.insert(draw(st.integers(0, len(lines))), lines[i])


def _swap(draw, lines):
    i, j = _index(draw, lines), _index(draw, lines)
    lines[i], lines[j] = lines[j], lines[i]


def _renumber(draw, lines):
    """一、→三、, （二）→（二十）, 3．→7．; or a marker where there was none."""
    i = _index(draw, lines)
    match = _MARKER.match(lines[i])
    if match is None:
        lines[i] = draw(st.sampled_from(MARKERS)) + lines[i].lstrip()
        return
    number = draw(st.one_of(st.text(alphabet=_CN, min_size=1, max_size=5),
                            st.integers(0, 1200).map(str),
                            st.integers(0, 99).map(lambda n: str(n).translate({48 + d: 0xFF10 + d for d in range(10)}))))
    lines[i] = match.group(1) + number + lines[i][match.end():]


def _cut_bracket(draw, lines):
    i = _index(draw, lines)
    at = [k for k, c in enumerate(lines[i]) if c in "（）()《》“”【】〔〕"]
    if at:
        k = draw(st.sampled_from(at))
        lines[i] = lines[i][:k] + lines[i][k + 1:]


def _insert(draw, lines):
    i = _index(draw, lines)
    k = draw(st.integers(0, len(lines[i])))
    what = draw(st.one_of(st.sampled_from(NASTY), st.sampled_from(TOKENS), _ANY_CHAR))
    lines[i] = lines[i][:k] + what + lines[i][k:]


def _split(draw, lines):
    i = _index(draw, lines)
    k = draw(st.integers(0, len(lines[i])))
    lines[i:i + 1] = [lines[i][:k], lines[i][k:]]


def _join(draw, lines):
    i = _index(draw, lines)
    if i + 1 < len(lines):
        lines[i:i + 2] = [lines[i] + lines[i + 1]]


def _clip(draw, lines):
    i = _index(draw, lines)
    k = draw(st.integers(0, len(lines[i])))
    lines[i] = lines[i][:k] if draw(st.booleans()) else lines[i][k:]


MUTATIONS = [_delete, _duplicate, _swap, _renumber, _renumber, _cut_bracket, _insert, _insert, _split, _join, _clip]


@st.composite
def mutated_plans(draw) -> str:
    """A real plan with 1–8 mutations. Mostly a prefix of it, to keep cases small: every prefix
    that reaches part 一 is a plan, and shorter ones test the preamble."""
    index = draw(st.integers(0, len(SEEDS) - 1))
    seed, first = SEEDS[index], FIRST_PART[index]
    keep = draw(st.one_of(st.integers(1, len(seed)), st.integers(first, min(first + 40, len(seed))),
                          st.integers(first, min(first + 150, len(seed)))))
    lines = list(seed[:keep])
    for _ in range(draw(st.integers(1, 8))):
        if not lines:
            lines = [""]
        draw(st.sampled_from(MUTATIONS))(draw, lines)
    return "\n".join(lines)


def _encode(text: str, how: str) -> bytes:
    if how == "gbk":
        return text.encode("gbk", errors="replace")
    if how == "gb18030":
        return text.encode("gb18030", errors="replace")  # lone surrogates become ?
    if how == "gb18030-crlf":
        return text.replace("\n", "\r\n").encode("gb18030", errors="replace")
    if how == "utf-8-bom":
        return b"\xef\xbb\xbf" + text.encode("utf-8", errors="surrogatepass")
    if how == "utf-8-crlf":
        return text.replace("\n", "\r\n").encode("utf-8", errors="surrogatepass")
    if how == "utf-8-cr":
        return text.replace("\n", "\r").encode("utf-8", errors="surrogatepass")
    if how == "utf-16":
        return text.encode("utf-16", errors="surrogatepass")
    if how == "utf-16-be-bom":
        return b"\xfe\xff" + text.encode("utf-16-be", errors="surrogatepass")
    if how == "utf-16-no-bom":
        return text.encode("utf-16-le", errors="surrogatepass")
    return text.encode("utf-8", errors="surrogatepass")


ENCODINGS = ["utf-8", "utf-8-bom", "utf-8-crlf", "utf-8-cr", "gbk", "gb18030", "gb18030-crlf", "utf-16",
             "utf-16-be-bom", "utf-16-no-bom"]


@st.composite
def mutated_bytes(draw) -> bytes:
    """A mutated plan, re-encoded, maybe with bytes flipped and cut (mid-character, often)."""
    data = bytearray(_encode(draw(mutated_plans()), draw(st.sampled_from(ENCODINGS))))
    for _ in range(draw(st.integers(0, 3))):
        if data:
            data[_index(draw, data)] = draw(st.integers(0, 255))
    if data and draw(st.booleans()):
        data = data[: draw(st.integers(0, len(data)))]
    return bytes(data)


# -- the properties --------------------------------------------------------------------------------------

@_fuzz_settings(EXAMPLES["text"])
@given(mutated_plans())
def test_mutated_text_parses_or_fails_cleanly(text: str) -> None:
    check_bytes(text.encode("utf-8", errors="surrogatepass"))


@_fuzz_settings(EXAMPLES["whole"])
@given(st.integers(0, len(SEEDS) - 1), st.data())
def test_mutated_whole_plans_parse_or_fail_cleanly(index: int, data: st.DataObject) -> None:
    lines = list(SEEDS[index])
    for _ in range(data.draw(st.integers(1, 4))):
        if not lines:
            lines = [""]
        data.draw(st.sampled_from(MUTATIONS))(data.draw, lines)
    check_bytes("\n".join(lines).encode("utf-8", errors="surrogatepass"))


@_fuzz_settings(EXAMPLES["bytes"])
@given(mutated_bytes())
def test_reencoded_and_truncated_bytes_decode_or_fail_cleanly(data: bytes) -> None:
    check_bytes(data)


@_fuzz_settings(EXAMPLES["tokens"])
@given(st.lists(st.sampled_from(TOKENS), max_size=120))
def test_plans_made_of_genre_words_parse_or_fail_cleanly(tokens: list[str]) -> None:
    check_text("某市碳达峰实施方案\n一、总体要求\n" + "".join(tokens))


@_fuzz_settings(EXAMPLES["any_str"])
@given(st.text(alphabet=_ANY_CHAR, max_size=300))
def test_any_text_parses_or_fails_cleanly(text: str) -> None:
    """``parse_plan`` takes any ``str``, lone surrogates and all (decoding never makes them)."""
    check_text(text)
    check_text("某市碳达峰实施方案\n一、总体要求\n（一）" + text)


def test_every_seed_is_a_valid_tree() -> None:
    for path, lines in zip(SEED_PATHS, SEEDS):
        assert isinstance(check_text("\n".join(lines), path.name), Plan), path


# -- regressions: each crash the fuzzing found, as the exact message the user now sees ----------------------

REGRESSIONS = {
    # cn2an raised ValueError for a malformed numeral in a marker
    "malformed-part-numeral": (
        "某市碳达峰方案\n一、总体要求\n十十、保障\n".encode(),
        "malformed-part-numeral.txt:3:1: error: expected a part number in Chinese numerals such as 「三、」 or "
        "「十二、」, found 「十十、」\n    十十、保障\n    ^\n",
    ),
    # cn2an raised KeyError for 二十〇
    "malformed-section-numeral": (
        "某市碳达峰方案\n一、总体要求\n  （二十〇）甲。\n".encode(),
        "malformed-section-numeral.txt:3:3: error: expected a section number in Chinese numerals such as 「（三）」 "
        "or 「（十二）」, found 「（二十〇）」\n      （二十〇）甲。\n      ^\n",
    ),
    # items directly under a part, then section （一）: both got the id 1.1
    "items-then-section": (
        "某市碳达峰方案\n一、总体要求\n1．甲。\n2．乙。\n（一）丙。\n".encode(),
        "items-then-section.txt:5:1: error: expected item 「3．」, found section 「（一）」 (part 「一、」 holds items "
        "directly, and sections cannot follow them)\n    （一）丙。\n    ^\n",
    ),
    # sub-items directly under a section, then item 1．: both got the id 1.1.1
    "subitems-then-item": (
        "某市碳达峰方案\n一、总体要求\n（一）甲。\n（1）乙。\n1．丙。\n".encode(),
        "subitems-then-item.txt:5:1: error: expected sub-item 「（2）」, found item 「1．」 (section 「（一）」 holds "
        "sub-items directly, and items cannot follow them)\n    1．丙。\n    ^\n",
    ),
    # two names deriving one agency id raised ValidationError, with no line, and looked identical
    "agency-ids-clash": (
        "某市碳达峰方案\n一、总体要求\n1．甲。（责任单位：某某测试局）\n2．乙。（责任单位：某某\u200b测试局）\n".encode(),
        "agency-ids-clash.txt:4:11: error: expected agency names that derive distinct ids, found 「某某<U+200B>测试局」, "
        "which derives 'mou3-mou3-ce4-shi4-ju2' as 「某某测试局」 (line 3) does: give one of them an id in the agency "
        "registry\n    2．乙。（责任单位：某某<U+200B>测试局）\n     " + "\u3000" * 9 + "^\n",
    ),
    # terminal control characters were printed raw
    "control-characters-shown": (
        "某市碳达峰方案\n一、总体要求\n三、保障\x1b[2J\u202e\n".encode(),
        "control-characters-shown.txt:3:1: error: expected part 「二、」, found 「三、」 (part number out of sequence)\n"
        "    三、保障<U+001B>[2J<U+202E>\n    ^\n",
    ),
    # UTF-16 errors were placed by counting 0x0A bytes and decoding the prefix as UTF-8
    "utf16-cut-mid-character": (
        "某市方案\n一、总体要求\r\n甲".encode("utf-16") + b"\x00",
        "utf16-cut-mid-character.txt:3:2: error: expected UTF-16, found byte 0x00 that it does not decode\n",
    ),
    # a very long line was printed whole; now the part around the column
    "long-line-clipped": (
        ("某市碳达峰方案\n一、总体要求\n1．" + "甲" * 300 + "（责任单位：市发展改革委\n").encode(),
        "long-line-clipped.txt:3:303: error: expected 「）」 closing the responsibility list opened here, found the "
        "end of the paragraph\n    …" + "甲" * 88 + "（责任单位：市发展改革委\n     " + "\u3000" * 88 + "^\n",
    ),
}


@pytest.mark.parametrize("name", sorted(REGRESSIONS))
def test_regression_message(tmp_path: Path, name: str) -> None:
    data, expected = REGRESSIONS[name]
    (tmp_path / f"{name}.txt").write_bytes(data)
    result = run_plansite("parse", f"{name}.txt", cwd=tmp_path)
    assert result.stderr == expected
    assert result.returncode == 2
    assert result.stdout == ""


# -- size and time guards --------------------------------------------------------------------------------------

def test_fifty_megabytes_are_refused_in_seconds(tmp_path: Path) -> None:
    chunk = (SEED_PATHS[0]).read_bytes()
    size = 50 * 1024 * 1024
    with open(tmp_path / "big.txt", "wb") as stream:
        for _ in range(size // len(chunk)):
            stream.write(chunk)
        stream.write(chunk[: size % len(chunk)])
    started = time.monotonic()
    result = run_plansite("parse", "big.txt", cwd=tmp_path)
    elapsed = time.monotonic() - started
    assert result.stderr == "big.txt:1:1: error: expected a plan of at most 20 MB, found 50.0 MB\n"
    assert result.returncode == 2
    assert result.stdout == ""
    assert elapsed < 20, elapsed  # a guard against hangs, not a benchmark


def test_a_file_over_the_limit_is_refused_without_being_read(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    with open(path, "wb") as stream:
        stream.truncate(50 * 1024 * 1024)  # sparse: 50 MB of NUL
    tracemalloc.start()
    try:
        with pytest.raises(ParseError) as caught:
            read_plan_file(path, "big.txt")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert str(caught.value) == "big.txt:1:1: error: expected a plan of at most 20 MB, found 50.0 MB"
    assert peak < MAX_PLAN_BYTES + 2 * 1024 * 1024


def test_just_over_the_limit_is_told_in_bytes() -> None:
    with pytest.raises(ParseError) as caught:
        decode_plan_bytes(b"a" * (MAX_PLAN_BYTES + 1), "big.txt")
    assert str(caught.value) == "big.txt:1:1: error: expected a plan of at most 20 MB, found 20,971,521 bytes"


_HEAD = "某市碳达峰实施方案\n一、总体要求\n"
#: One line of about 1 MB (UTF-8) with no sentence end: years, quantities, titles, brackets,
#: responsibility openers — everything the parser and the extractor look at, over and over.
_RUN_ON = "1．" + "到2025年，非化石能源消费比重提高至13%左右、达到300万千瓦《关于2030年前的意见》（责任单位：市发展改革委）“十四五”期间2025年" * 6_000

PATHOLOGICAL = {
    "run-on-line": _HEAD + _RUN_ON,
    "deep-nesting": _HEAD + "（一）" + "（[《“【" * 70_000 + "】”》]）" * 70_000,
    "unclosed-nesting": _HEAD + "（" * 340_000,
    "nested-responsibility-openers": _HEAD + "（责任单位" * 70_000 + "）" * 69_999,
    # each opener was matched by its own scan to the end: 75 s at 360 KB before the fix
    "closed-responsibility-openers": _HEAD + "（责任单位" * 60_000 + "）" * 60_000 + "。",
    "many-sentences": _HEAD + "到2025年达到5吨、提高至13%。" * 30_000,
    # a 1 MB "news lead" before the title: searched for quotes, it cost its length times the plan's
    "long-lead": "推进碳达峰工作的各项任务要落实到位，" * 18_500 + "\n" + _HEAD
                 + "".join(f"第{i}项工作要持续推进落实到位。\n" for i in range(30_000)),
}


@pytest.mark.parametrize("name", sorted(PATHOLOGICAL))
def test_pathological_input_parses_in_bounded_time(name: str) -> None:
    text = PATHOLOGICAL[name]
    assert len(text.encode()) > 900_000
    started = time.monotonic()
    outcome = check_text(text, f"{name}.txt")
    elapsed = time.monotonic() - started
    assert elapsed < 20, elapsed  # a guard against hangs: each takes well under a second
    if name == "nested-responsibility-openers":  # the first opener is the one left open
        assert isinstance(outcome, ParseError) and (outcome.line, outcome.col) == (3, 1)
    else:
        assert isinstance(outcome, Plan), outcome


def test_megabyte_line_through_the_command_line(tmp_path: Path) -> None:
    (tmp_path / "long.txt").write_text(PATHOLOGICAL["run-on-line"], encoding="utf-8")
    started = time.monotonic()
    result = run_plansite("parse", "long.txt", cwd=tmp_path)
    elapsed = time.monotonic() - started
    assert result.returncode == 0, result.stderr
    assert elapsed < 20, elapsed
    assert "title: 某市碳达峰实施方案" in result.stdout
