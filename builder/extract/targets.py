"""Dated targets: what a plan commits to by a year, read from its sentences.

A target lives in a sentence with a *time anchor* (``到2025年``, ``2030年前``, ``到2025年、2030年``,
``“十四五”期间``), in the part of the sentence the anchor governs: from the phrase holding the anchor
to the sentence's end, a later anchor taking over where it stands. That part is read phrase by phrase
(phrases end at ``，`` and ``；`` outside brackets and quotes):

* a quantity the phrase sets as a goal is a **numeric** target, one per value
  (``分别达到300万吨、1000万吨级规模`` under two years gives two targets, paired in order);
* a phrase that states a result without a number (``建成生活垃圾分类处理系统``,
  ``城镇新建建筑全面执行绿色建筑标准``) is a **qualitative** target;
* everything else is left alone: purposes and means (``为实现碳达峰奠定坚实基础``, ``推动…``),
  thresholds and scopes (``30万千瓦以下抽凝机组``, ``年运输量150万吨以上的物流园区``), project
  sizes (``100万吨/年…工程``, ``千万千瓦级…基地``), counts of what exists (``7大产业18个产业链条``),
  years inside document titles (``《2030年前碳达峰行动方案》``) and baselines (``比2020年``).

Comparators come from the wording: 左右 → ≈; 以上, 不低于, 超过, 超 → ≥; 以下, 以内, 不高于, 不超过,
降至, 控制在 → ≤; plain 达到, 提高至, 完成 → =. A decrease keeps its verb in the metric
(``单位地区生产总值能耗下降``) and its baseline year. Units are kept as written and normalised
(``value_si``, ``unit_si``: 万千瓦 → GW, 万吨 → Mt, 万平方米 → million m²; % stays %).
Chinese numerals are read with cn2an; full-width digits as digits.

The module is pure: sentences in, :class:`Fact` records out; nothing here reads a file.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal


__all__ = ["Fact", "extract_targets", "MetricNames", "normalise_unit", "PERIOD_YEAR"]

#: Five-year-plan periods and the year each ends in.
PERIOD_YEAR = {"十四五": 2025, "十五五": 2030, "十六五": 2035, "十三五": 2020}


@dataclass(frozen=True)
class Fact:
    """One target read from a sentence. ``start:end`` is the phrase it was read from (0-based,
    within the sentence ``sentence`` of the list given to :func:`extract_targets`)."""

    sentence: int
    start: int
    end: int
    year: int
    period: str | None
    metric_zh: str
    value: float | None
    unit: str | None
    value_si: float | None
    unit_si: str | None
    cmp: str | None
    baseline_year: int | None
    kind: str  # "numeric" | "qualitative"


# -- reading the text ------------------------------------------------------------------------------

_FULLWIDTH = {code: code - 0xFEE0 for code in range(0xFF10, 0xFF1A)}  # ０-９
_FULLWIDTH.update({code: code - 0xFEE0 for code in range(0xFF21, 0xFF3B)})  # Ａ-Ｚ
_FULLWIDTH.update({code: code - 0xFEE0 for code in range(0xFF41, 0xFF5B)})  # ａ-ｚ
_FULLWIDTH.update({0xFF05: ord("%"), 0xFF0F: ord("/"), 0xFF5E: ord("~"), 0x2014: ord("—")})


def _normalise(text: str) -> str:
    """Full-width digits, letters, ％ and ／ as ASCII; ``．`` between digits as a point.
    The result has the same length as ``text``, so positions carry over."""
    out = text.translate(_FULLWIDTH)
    return re.sub(r"(?<=\d)．(?=\d)", ".", out)


_OPEN_CLOSE = {"《": "》", "〈": "〉"}


def _title_spans(text: str) -> list[tuple[int, int]]:
    """Spans of document titles (``《…》``): years there are names, not anchors."""
    spans, stack = [], []
    for i, char in enumerate(text):
        if char in _OPEN_CLOSE:
            stack.append(i)
        elif char in _OPEN_CLOSE.values() and stack:
            start = stack.pop()
            if not stack:
                spans.append((start, i + 1))
    return spans


def _inside(spans: list[tuple[int, int]], pos: int) -> bool:
    return any(a <= pos < b for a, b in spans)


# -- time anchors ----------------------------------------------------------------------------------

_YEAR = r"(?:19|20)\d\d"
_YEAR_LIST = re.compile(
    rf"(?P<pre>到|至|截至|截止到|截止|力争到|力争|争取到|争取|确保到|确保|预计到|在|于)?"
    rf"(?P<years>{_YEAR}\s*年?(?:\s*(?:、|和|及|与|至|到|—|-)\s*{_YEAR})*)\s*年"
    rf"(?P<post>底前|年底|底|末|前|以前|之前|内|期间)?"
)
_PERIOD_NAME = r"[“\"「]?十[三四五六]五[”\"」]?"
_PERIOD = re.compile(
    rf"(?P<names>{_PERIOD_NAME}(?:\s*(?:、|和|及|与|至|到)\s*{_PERIOD_NAME})*)"
    r"(?P<post>期间|时期|末期|末|内|中后期|以来|规划|开局)?"
)
_NOT_ANCHOR_BEFORE = re.compile(r"(?:比|较|相比|相较|与|同|从|自|对比|基于|以)$")
_NOT_ANCHOR_AFTER = re.compile(r"^(?:以来|起|开始|比|相比|基础上|的|水平|数据|版|度)")
# A bare "2025年" (no 到/前/底) is an anchor only where it opens a phrase: "2025年，全市…".
_PHRASE_OPENERS = "，；：。（(“ \t"


@dataclass(frozen=True)
class _Anchor:
    start: int
    end: int
    years: tuple[int, ...]
    periods: tuple[str | None, ...]  # the five-year-plan period of each year, where it was named so

    def period(self, year: int) -> str | None:
        return self.periods[self.years.index(year)]


#: A start date (``2022年起``, ``自2023年1月1日起``, ``2020年以来``): it ends the reach of an anchor
#: before it, and gives no targets of its own (an anchor with no years).
_START_DATE = re.compile(rf"(?:从|自)?{_YEAR}\s*年(?:\s*\d{{1,2}}\s*月(?:\s*\d{{1,2}}\s*日)?)?(?:起|开始|以来)")
#: The words that close a phrase naming a goal (``…实现碳中和的总体要求``), not setting one.
_GOAL_NAME_END = re.compile(r"的(?:总体|战略|重大|既定|目标)?(?:要求|目标|部署|决策部署|愿景|承诺)$")


def _names_a_goal(before: str, after: str) -> bool:
    """Whether a year stands inside a noun phrase that names a goal: words before it in its
    phrase, and the phrase ending in ``…的总体要求`` / ``…的目标``."""
    phrase_before = re.split(r"[，；。：:,;]", before)[-1]
    phrase_after = re.split(r"[，；。：:,;]", after)[0]
    return bool(phrase_before.strip()) and _GOAL_NAME_END.search(phrase_after) is not None


def _anchors(text: str, titles: list[tuple[int, int]]) -> list[_Anchor]:
    """The time anchors of a sentence in order; start dates (``2022年起``) as anchors with no years."""
    found: list[_Anchor] = []
    for match in _YEAR_LIST.finditer(text):
        start = match.start("years")
        if _inside(titles, start):
            continue
        before, after = text[:start], text[match.end():]
        if match.group("pre") is None and _NOT_ANCHOR_BEFORE.search(before):
            continue
        if match.group("post") is None and _NOT_ANCHOR_AFTER.match(after):
            continue
        if match.group("post") == "前" and re.match(r"^(?:碳达峰|达峰|碳排放达峰)(?:目标|行动|的)", after):
            continue  # "2030年前碳达峰目标" names a goal; "2030年前实现碳达峰" sets one
        if re.match(r"^\s*\d{1,2}\s*月", after):
            continue  # a calendar date (2021年10月24日), not a deadline
        if _names_a_goal(before, after):
            continue  # 按照…2030年前达到峰值、…2060年前实现碳中和的总体要求: a goal named, not set
        opens_phrase = not before.rstrip() or before.rstrip()[-1] in _PHRASE_OPENERS
        if match.group("pre") in (None, "在", "于") and match.group("post") is None and not opens_phrase:
            continue
        years = tuple(int(y) for y in re.findall(_YEAR, match.group("years")))
        found.append(_Anchor(match.start(), match.end(), years, (None,) * len(years)))
    for match in _START_DATE.finditer(text):  # 2022年起: a date that governs what follows, but sets no deadline
        if not _inside(titles, match.start()):
            found.append(_Anchor(match.start(), match.end(), (), ()))
    for match in _PERIOD.finditer(text):
        post = match.group("post")
        if _inside(titles, match.start()) or post in (None, "以来", "规划", "开局"):
            continue
        names = re.findall(r"十[三四五六]五", match.group("names"))
        found.append(_Anchor(match.start(), match.end(), tuple(PERIOD_YEAR[n] for n in names), tuple(names)))
    found.sort(key=lambda a: a.start)
    merged: list[_Anchor] = []
    for anchor in found:  # "到2025年（“十四五”末）": one anchor
        if merged and anchor.start - merged[-1].end <= 2 and anchor.years == merged[-1].years:
            previous = merged[-1]
            periods = tuple(a or b for a, b in zip(previous.periods, anchor.periods))
            merged[-1] = _Anchor(previous.start, anchor.end, previous.years, periods)
        else:
            merged.append(anchor)
    return merged


# -- phrases ---------------------------------------------------------------------------------------

_OPEN = "（(“‘「『【《〈["
_CLOSE = "）)”’」』】》〉]"


def _phrases(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """``(a, b)`` spans of the phrases of ``text[start:end]``, split at ，；, outside brackets."""
    spans: list[tuple[int, int]] = []
    depth, a = 0, start
    for i in range(start, end):
        char = text[i]
        if char in _OPEN:
            depth += 1
        elif char in _CLOSE and depth:
            depth -= 1
        elif char in "，；;,：:。！？" and depth == 0:
            if i > a:
                spans.append((a, i))
            a = i + 1
    if end > a:
        spans.append((a, end))
    return spans


# -- quantities ------------------------------------------------------------------------------------

_CN_NUM = "零〇一二两三四五六七八九十百千万亿"
_COUNT_WORDS = "家个座辆台套艘处项所条名人户根批只栋幢类种部"
#: Units that may stand before ``/`` in a compound unit (``吨/万平方米``, ``公里/万人``).
_PER_NUMERATOR = (r"(?:克|千克|公斤|吨)(?:标准煤|标煤|二氧化碳当量|二氧化碳|CO2)?|千瓦时|度|千瓦|兆瓦"
                  r"|平方米|平方公里|立方米|公顷|亩|公里|千米|米|元|个|家|座|辆|台|套|处|根|人|户|所|项")
#: Units that may stand after ``/``: what a quantity is counted per (a time, an amount, a population).
_PER_DENOMINATOR = r"千瓦时|度|吨|元|平方米|平方公里|立方米|公顷|亩|公里|千米|人|户|辆|标箱|年|日|天|小时"
_UNIT = (
    r"个百分点|百分点|%|‰|倍"
    rf"|(?:万|亿|千|百)?(?:{_PER_NUMERATOR})/(?:万|亿|千|百)?(?:{_PER_DENOMINATOR})"
    r"|(?:万|亿|千|百)?(?:千瓦时|千瓦|度电|兆瓦|吉瓦)"
    r"|(?:万|亿|千|百)?吨(?:标准煤|标煤|二氧化碳当量|二氧化碳|CO2)?"
    r"|(?:万|亿)?(?:平方米|平方公里|立方米|公顷|亩|公里|千米|米)"
    r"|(?:万|亿)?(?:元|美元)"
    rf"|万?(?:{'|'.join(_COUNT_WORDS)})"
    r"|天|小时"
    r"|[EPTG]FLOPS(?:/W)?|[kMGT]Wh?(?![A-Za-z])|A级"
)
_NUMBER = rf"(?:\d+(?:\.\d+)?|[{_CN_NUM}]+(?:点[{_CN_NUM}]+)?)"
_QUANTITY = re.compile(
    r"(?P<double>翻(?P<times>[一两二三四1-4])番|翻番)"
    rf"|(?P<pct>百分之(?P<pctnum>{_NUMBER}))"
    rf"|(?P<num>{_NUMBER})(?:\s*(?:—|-|~|至|到)\s*(?P<num2>\d+(?:\.\d+)?))?\s*(?P<unit>{_UNIT})"
    r"|(?P<bare>(?<![\d.])\d+\.\d+)(?![\d.%])"  # a dimensionless value (PUE 1.5): a goal only right after its verb
)


def _read_number(written: str) -> float | None:
    if re.fullmatch(r"\d+(?:\.\d+)?", written):
        return float(written)
    import cn2an  # 0.15 s to load: only where a number is written in Chinese numerals

    try:
        return float(cn2an.cn2an(written, "smart"))
    except (ValueError, KeyError, IndexError, TypeError):
        return None


@dataclass(frozen=True)
class _Quantity:
    start: int
    end: int
    value: float
    unit: str
    ranged: bool
    spelled: bool = False  # written in Chinese numerals (三个): a goal only right after its verb
    doubling: bool = False  # 翻一番, 翻两番: the value is the multiple of the baseline (2, 4), unit ×


def _quantities(text: str, start: int, end: int) -> list[_Quantity]:
    found: list[_Quantity] = []
    for match in _QUANTITY.finditer(text, start, end):
        if match.group("double"):
            times = _read_number(match.group("times") or "一")
            if times is not None:
                found.append(_Quantity(match.start(), match.end(), float(2 ** int(times)), "×", False, doubling=True))
            continue
        if match.group("bare"):
            found.append(_Quantity(match.start(), match.end(), float(match.group("bare")), "", False))
            continue
        if match.group("pct"):
            value = _read_number(match.group("pctnum"))
            unit, ranged = "%", False
        else:
            written = match.group("num")
            unit = match.group("unit")
            if not re.match(r"\d", written):
                # Chinese numerals: only where a count or measure clearly follows (两个高于 is a
                # slogan, 一批 means "a number of")
                if written == "一" or unit == "大":
                    continue
                if written in ("十", "百", "千", "万", "亿"):
                    if not (written == "万" and unit in _COUNT_WORDS):
                        continue
                    written, unit = "1", "万" + unit  # 万种绿色低碳产品: one 万 of kinds
            if re.match(_YEAR + r"$", written) and unit.startswith(("年",)):
                continue
            value = _read_number(written)
            ranged = match.group("num2") is not None
        if value is None:
            continue
        spelled = not match.group("pct") and not re.match(r"\d", match.group("num"))
        found.append(_Quantity(match.start(), match.end(), value, unit, ranged, spelled))
    return found


# -- what makes a number a goal ----------------------------------------------------------------------

_GOAL_VERB = re.compile(
    r"(?:达到|达至|达|提至|升至|提高到|提高至|提升到|提升至|增加到|增加至|增长到|增长至|增至|扩大到|扩大至|降至|降到"
    r"|降低到|降低至|下降到|下降至|减少到|减少至|控制到|控制在|稳定在|保持在|维持在|不低于|不少于|不高于"
    r"|不超过|低于|高于|超过|突破|超|提高|提升|增长|增加|下降|降低|减少|削减|压减|减排|新增|累计|完成"
    r"|建成|新建|创建|培育|打造|建设|推广|开发|改造|淘汰|实现|形成|具备|发展|认定|争创|制修订|制定|修订|出台"
    r"|占|为|在)"
)
# Words right before a number that make it a scope or threshold, not a goal.
_SCOPE_BEFORE = re.compile(r"(?:年运输量|年产|年综合能耗|年能耗|年耗|年用|年排放|单机容量|单机|单台|围绕|涉及|共有|现有|已有)$")
_THRESHOLD_AFTER = re.compile(r"^(?:及以上|以上|及以下|以下|以内|左右)?(?:的|规模以上|级(?!规模))")
_CEILING_NOUN_AFTER = re.compile(r"^(?:及以下|以下)\S")
_DECREASE = re.compile(r"(下降|降低|减少|削减|压减|减排)(?:了)?$")


def _cmp(before: str, after: str) -> str:
    if re.match(r"^\s*左右", after):
        return "≈"
    if re.match(r"^\s*(?:及以上|以上|多)", after):
        return "≥"
    if re.match(r"^\s*(?:及以下|以下|以内)", after):
        return "≤"
    tail = before[-6:]
    if re.search(r"(?:不高于|不超过|不大于|不多于|控制在|控制到|降至|降到|降低到|降低至|下降到|下降至|减少到|减少至"
                 r"|压减到|压减至|压降至|压降到|(?<!不)低于|(?<!不)少于|小于)$", tail):
        return "≤"
    if re.search(r"(?:不低于|不少于|不小于|超过|超出|超|突破|至少|(?<!不)高于|大于|多于)$", tail):
        return "≥"
    return "="


# -- results without a number --------------------------------------------------------------------------

_RESULT = re.compile(
    r"(?<!加快)(?<!加速)(?<!加紧)(?:建成|形成|建立|实现|完成)|全面执行|执行率|全面推行|全覆盖"
    r"|取得.{0,6}(?:进展|成效|突破|成果)|达到.{0,16}水平|达到峰值|达峰|削峰|成为|创建|突破"
    r"|(?:大于|高于|低于|快于|优于|好于).{0,8}(?:幅度|水平|速度|平均)|不增加|不再增加|零增长|只减不增"
    r"|有所(?:下降|减少|降低|提高|提升)|翻一番|翻番|倍增|(?:全部|全面|均|基本)(?:使用|采用)|(?<=\S)(?:使用|采用)"
    r"|得到.{0,4}(?:控制|管控|推行|推广|遏制|提升|提高|加强|落实|改善|巩固)"
    r"|更加(?:有力|完善|健全|巩固|稳固|坚实|显著|明显|合理|高效|突出|优化|成熟|牢固|凸显)|稳中有降|广泛应用"
    r"|(?<=\S\S)(?:增强|提升|提高|下降|降低|改善|优化|减少)$"
    r"|(?:进一步|明显|大幅|显著|稳步|持续|逐步|有效|全面)(?:提高|提升|下降|降低|增强|减少|削减|改善|优化|加强|完善|健全)"
    r"|(?:基本|初步|全面)(?:形成|建立|建成|实现|完成|淘汰|替代|退出|消除|普及|覆盖|健全|完善|具备)|全覆盖"
    r"|替代退出|基本退出|全部(?:完成|实现|淘汰|退出|实施|达到|建成)|力争实现|确保实现|率先实现"
)
_MEANS_START = re.compile(
    r"^(?:为|以|按照|依托|围绕|结合|坚持|推进|推动|加快(?!建立|形成)|积极|大力|加强|强化|支持|鼓励|引导|开展"
    r"|发挥|打造|探索|着力|聚焦|深化|深入|持续推进|统筹|健全|完善|落实|严格|组织|研究|制定|编制|实施|推广|提供"
    r"|在.*(?:前提|基础|条件)(?:下|上)|全力|狠抓|培育|引领|助力|服务|促进|优化(?!.*(?:实现|形成|完成)))"
)
_PURPOSE = re.compile(r"(?:奠定|提供|打下|做出|作出|贡献|筑牢|夯实)")


# -- metric names --------------------------------------------------------------------------------------

_SCOPE_PREFIX = re.compile(
    r"^(?:(?:全市|全省|全区|全国|全县|本市|我市|我省|各地|各县区|市域|区域内|全域)(?=\S)"
    r"|(?:并且|并|力争|努力|确保|争取|预计|分别|累计|年均|平均|共计|总计|合计|均)+)"
)
_TRAILING = re.compile(r"(?:分别|累计|均|力争|确保|争取|要|将|应|普遍|原则上)+$")


def _clean_metric(text: str) -> str:
    text = text.strip(" \t，；、：“”\"")
    for _ in range(3):
        text = _SCOPE_PREFIX.sub("", text).strip(" ，、")
    text = _TRAILING.sub("", text).strip(" ，、")
    if text.count("“") < text.count("”"):
        text = "“" + text  # the opening quote was cut off with the phrase's first word
    return text


# -- the extractor -------------------------------------------------------------------------------------

#: Sentences longer than this are not read for targets: no plan's sentence comes near (the longest
#: in the corpus has 359 characters), and reading one takes time that grows with its square.
MAX_SENTENCE = 5_000


def extract_targets(sentences: list[str]) -> list[Fact]:
    """Every dated target in a unit's sentences, in reading order (see the module docstring).

    ``sentences`` are one paragraph's (a task's text is one paragraph): an anchor governs the rest
    of its sentence and then every later sentence of the paragraph (``到2025年，…初步建立。…能耗
    完成省下达指标；…比重达到12%左右；``) until the next anchor takes over. Nothing carries from
    one unit to another. In a sentence that only an earlier sentence's anchor governs, a phrase
    gives a target only where it states a result plainly (see :func:`_plain_result`).
    """
    facts: list[Fact] = []
    carried: _Anchor | None = None
    for index, raw in enumerate(sentences):
        if len(raw) > MAX_SENTENCE:
            continue  # not a sentence but run-on text: reading it would take quadratic time
        previous = next((f.metric_zh for f in reversed(facts) if f.kind == "numeric"), "")
        found, carried = _sentence_targets(index, raw, previous, carried)
        facts.extend(found)
    return facts


def _sentence_targets(index: int, raw: str, previous_metric: str,
                      carried: _Anchor | None = None) -> tuple[list[Fact], _Anchor | None]:
    """The targets of one sentence, and the anchor in force at its end (to carry to the next).

    ``carried`` is the anchor in force at the sentence's start: it governs the words before the
    sentence's own first anchor. Its positions belong to an earlier sentence and are not used."""
    text = _normalise(raw)
    titles = _title_spans(text)
    anchors = _anchors(text, titles)
    scopes: list[tuple[_Anchor, int, int]] = []  # (anchor, first governed position, stop)
    if carried is not None:  # _carried() gives it no position here: it governs from the start
        scopes.append((_carried(carried), 0, anchors[0].start if anchors else len(text)))
    all_phrases = _phrases(text, 0, len(text))
    for n, anchor in enumerate(anchors):
        stop = anchors[n + 1].start if n + 1 < len(anchors) else len(text)
        # the governed part opens with the phrase holding the anchor
        first = next((a for a, b in all_phrases if a <= anchor.start < b), anchor.start)
        scopes.append((anchor, first, stop))
    facts: list[Fact] = []
    for anchor, first, stop in scopes:
        if stop <= first or not anchor.years:
            continue
        spans = [(max(a, first), min(b, stop)) for a, b in all_phrases if b > first and a < stop]
        last = next((f.metric_zh for f in reversed(facts) if f.kind == "numeric"), previous_metric)
        facts.extend(_scope_targets(index, text, anchor, spans, last, plain_only=anchor.start < 0))
    return facts, (anchors[-1] if anchors else carried)


def _carried(anchor: _Anchor) -> _Anchor:
    """An anchor of an earlier sentence as it governs a later one: no position in this sentence."""
    return _Anchor(-1, -1, anchor.years, anchor.periods)


def _scope_targets(index: int, text: str, anchor: _Anchor, spans: list[tuple[int, int]],
                   subject: str, plain_only: bool = False) -> list[Fact]:
    """``subject``: the metric of the last numeric target before, for a phrase that names none.
    ``plain_only``: the anchor stands in an earlier sentence, so only phrases that state a result
    plainly give targets (:func:`_plain_result`); instructions there are the next measure."""
    facts: list[Fact] = []
    before_last = 0
    for a, b in spans:
        follows_target = len(facts) > before_last  # the phrase before this one gave a target
        before_last = len(facts)
        own_start = anchor.end if a <= anchor.start < b else a
        body = text[own_start:b]
        phrase = text[a:b]
        if not body.strip():
            continue
        if plain_only and not _plain_result(body):
            continue
        goals = _goal_quantities(text, own_start, b)
        baseline = _baseline(text[a:b])
        if goals:
            years = list(anchor.years)
            if len(years) > 1 and len(goals) == len(years):
                pairs = list(zip(years, goals))
            elif len(years) > 1 and len(goals) == 1 and "分别" in phrase:
                pairs = [(year, goals[0]) for year in years]  # 分别新增…4000万千瓦: the same in each period
            else:
                pairs = [(years[-1], q) for q in goals]
            for year, (quantity, metric, cmp) in pairs:
                metric = metric or subject
                if not metric:
                    continue
                subject = metric
                value_si, unit_si = normalise_unit(quantity.value, quantity.unit)
                facts.append(Fact(index, a, b, year, anchor.period(year), metric, quantity.value,
                                  quantity.unit or None, value_si, unit_si, cmp, baseline, "numeric"))
            continue
        words = text[a:anchor.start] + text[anchor.end:b] if a <= anchor.start < b else phrase
        if _is_result(words, follows_target):
            metric = _clean_metric(words)
            if metric:
                for year in anchor.years[-1:]:
                    facts.append(Fact(index, a, b, year, anchor.period(year), metric, None, None, None, None,
                                      None, None, "qualitative"))
    return facts


#: A phrase that opens with an instruction (``建立…``, ``推动…``, ``持续提升…``, ``确保…``).
_INSTRUCTION = re.compile(
    r"^(?:力争|确保|争取|努力|要|并|同时|此外|其中)?"
    r"(?:进一步|持续|不断|逐步|稳步|有序|全面|深入|着力|积极|大力|加快|加大|加速|加紧|严格|严控|切实|扎实|坚决"
    r"|建立|建设|构建|形成|推行|推广|推进|推动|提升|提高|降低|减少|发展|培育|创建|实施|开展|组织|改造|淘汰"
    r"|完善|健全|优化|强化|加强|鼓励|支持|引导|探索|落实|制定|编制|出台|开发|打造|提供|实行|确保|保障"
    r"|合理|有效|科学|依法|统筹|协同|聚焦|围绕|依托|结合|按照|根据|对|将|把|以|在|为|由|通过)"
)
#: A phrase that opens with a result reached: ``实现…``, ``全面实现…``, ``建成3-5个…``.
_RESULT_OPENING = re.compile(r"^(?:力争|争取|努力|确保)?(?:全面|基本|率先|全部|如期)?(?:实现|建成|完成)")


def _plain_result(body: str) -> bool:
    """Whether a phrase states a result plainly enough to take an anchor from an earlier sentence:
    it opens with its subject (``森林蓄积量达到7.1亿立方米``) or with ``实现``/``建成``/``完成``, not
    with an instruction (``建立…``, ``推动…``), and it is no rule ``原则上`` to be kept."""
    words = _normalise(body).strip(" \t“\"")
    if "原则上" in words:
        return False
    return bool(_RESULT_OPENING.match(words)) or not _INSTRUCTION.match(words)


def _baseline(phrase: str) -> int | None:
    match = re.search(rf"(?:比|较|相比|相较于?|与|在)\s*({_YEAR})\s*年(?:的)?(?:基础上|水平)?", phrase)
    if match and match.group(0).startswith("在") and "基础" not in match.group(0):
        match = None
    return int(match.group(1)) if match else None


def _is_result(body: str, follows_target: bool) -> bool:
    """Whether a phrase states a result. A phrase that names nothing the result is said of
    (``并力争有所减少``) continues the phrase before it: a result only after a target."""
    stripped = _clean_metric(body)
    if not stripped or _MEANS_START.match(stripped) or _PURPOSE.search(stripped):
        return False
    for result in _RESULT.finditer(stripped):
        if stripped[result.end():result.end() + 1] == "的":
            continue  # attributive (逐步提高的新型电力系统), not what the phrase states
        if follows_target or len(stripped) - len(result.group(0)) >= 2:
            return True
    return False


_MODIFIERS_AFTER = re.compile(r"^(?:及以上|及以下|以上|以下|以内|左右|多)")
_CONNECTIVE = re.compile(r"^(?:和|及|与|以及|、|或|，|；|。|等|\s|$)")
_VERB_ADVERBS = r"(?:力争|累计|分别|约|共|均|总计|合计|达|近|超)*"
_METRIC_NOUN = re.compile(r"(?:率|比例|比重|占比|范围|强度|总量)$")
_CAPACITY_AFTER = re.compile(r"^(?:及以上|以上|左右)?的[^，；。]{0,14}(?:能力|规模|产能|容量)")


def _goal_quantities(text: str, start: int, end: int) -> list[tuple[_Quantity, str, str]]:
    """The quantities of ``text[start:end]`` that are goals, each with its metric and comparator.

    A number is a goal when a goal verb governs it (``达到2500万千瓦``, ``新增绿色建筑1200万平方米``,
    ``完成4家…创建``) or it follows a metric noun (``应用范围95%以上``), and it does not modify a noun
    (``30万千瓦以下抽凝机组``, ``150万吨以上的物流园区``, ``500米服务半径``, ``100万吨/年…工程``).
    Numbers listed together (``7%、2%以下``, ``10个…和5个…``) share their verb, and a trailing
    以上/以下 applies to the whole list.
    """
    out: list[tuple[_Quantity, str, str]] = []
    runs: list[list[int]] = []  # indexes into out of numbers listed together
    last_verb: re.Match[str] | None = None
    for q in _quantities(text, start, end):
        # what governs a number is read after the goal before it (达到45%、资源化利用率85%以上)
        seg_start = out[-1][0].end if out else start
        before_all = text[seg_start:q.start]
        after = text[q.end:end]
        if _SCOPE_BEFORE.search(before_all.rstrip()):
            continue
        if q.doubling:  # 产值比2020年翻一番: the phrase's subject doubles
            metric = _clean_metric(_strip_baseline(re.sub(r"(?:实现|力争|确保|要)+$", "", before_all)))
            if metric:
                out.append((q, metric, _cmp(before_all, after)))
                runs.append([len(out) - 1])
            continue
        share = _share_of_entities(before_all, q, after)
        if share is not None:  # 40%以上县城建成污水收集系统: the share of county towns that do so
            out.append((q, share, _cmp(before_all, after)))
            runs.append([len(out) - 1])
            continue
        verb = _last_goal_verb(before_all)
        directly = verb is not None and re.fullmatch(_VERB_ADVERBS, before_all[verb.end():]) is not None
        implicit = _METRIC_NOUN.search(before_all) is not None
        gap = text[out[-1][0].end:q.start] if out else None
        listed = gap is not None and re.fullmatch(r"\s*(?:、|和|及|与|以及|或)\s*", gap) is not None
        coordinated = (gap is not None and not listed and re.search(r"(?:和|及|以及)$", gap) is not None
                       and not re.search(r"[，；]", gap))
        rest = _MODIFIERS_AFTER.sub("", after)
        if q.spelled and q.unit in _COUNT_WORDS and not directly:
            continue  # 两个高于, 四个高: slogans, not counts
        if not q.unit and not (directly and _CONNECTIVE.match(after)):
            continue  # a number without a unit is a value only right after its verb (不超过1.5)
        if _CAPACITY_AFTER.match(after) and (verb is not None or listed or coordinated):
            pass  # 形成全市392吨/日的医废处置能力: a capacity to reach
        elif re.match(r"^(?:的|级(?!规模))", rest) or re.match(r"^(?:及以下|以下)[^，；。、和及\s]", after):
            continue  # a threshold or scale that qualifies a noun
        elif q.unit.endswith("/年") and rest.strip():
            continue  # 100万吨/年…工程: the size of a project
        elif not _CONNECTIVE.match(rest) and not (directly or listed or coordinated):
            continue  # 500米服务半径: the number describes the noun after it
        if listed:
            metric, cmp = out[-1][1], _cmp(before_all, after)
            runs[-1].append(len(out))
        elif coordinated and last_verb is not None:
            metric, cmp = _metric_for(text, seg_start, q, last_verb, after, object_first=True), _cmp(before_all, after)
            runs.append([len(out)])
        elif verb is not None or implicit:
            if verb is None or (implicit and not directly and _METRIC_NOUN.search(before_all[verb.end():])):
                metric = _clean_metric(_strip_baseline(before_all))
            else:
                metric = _metric_for(text, seg_start, q, verb, after)
                last_verb = verb
            cmp = _cmp(before_all, after)
            runs.append([len(out)])
        else:
            continue
        if q.ranged and cmp == "=":
            cmp = "≥"  # 建成3-5个…: at least the lower end
        out.append((q, metric, cmp))
    for run in runs:  # 下降25%和20%以上, 分别在7%、2%以下: the last word covers the list
        final = out[run[-1]][2]
        for i in run[:-1]:
            if out[i][2] == "=" and final in ("≥", "≤"):
                out[i] = (out[i][0], out[i][1], final)
    return out


_SHARE_LEAD = re.compile(r"^(?:全市|全省|全区|全县|全国|本市|我市|我省|力争|确保|争取|其中|[\s“])*$")
_SHARE_ENTITY = re.compile(r"^(?:及以上|以上|左右)?(?:的)?(?P<rest>[^\d%，；。、]{2,})$")


def _share_of_entities(before: str, q: _Quantity, after: str) -> str | None:
    """The metric of a percentage that opens its phrase and counts the entities that reach a
    result (``40%以上县城建成污水收集系统`` → ``县城建成污水收集系统``), else ``None``."""
    if q.unit != "%" or not _SHARE_LEAD.match(before):
        return None
    entity = _SHARE_ENTITY.match(after)
    if entity is None:
        return None
    rest = entity.group("rest")
    result = _RESULT.search(rest)
    if result is None or result.start() < 2 or _GOAL_VERB.match(rest):
        return None  # the result must be said of something named first
    return _clean_metric(rest)


def _strip_baseline(text: str) -> str:
    return re.sub(rf"(?:比|较|相比|相较于?|与|在)\s*{_YEAR}\s*年(?:的)?(?:基础上|相比)?", "", text)


def _last_goal_verb(before: str) -> re.Match[str] | None:
    """The goal verb nearest before a number, if the words between are an object, not a new clause."""
    last = None
    for match in _GOAL_VERB.finditer(before):
        last = match
    if last is None:
        return None
    between = before[last.end():]
    if len(between) > 24:
        return None
    if last.group(0) in ("为", "在", "占", "发展", "实现", "形成", "建设", "打造", "推广", "改造") and between.strip():
        # weak verbs govern a number only when it follows them directly (发展…为 is prose)
        if len(between.strip()) > 12:
            return None
    return last


_BARE = re.compile(r"^(?:进一步|力争|分别|累计|年均|并|要|将)*(?:" + _GOAL_VERB.pattern[3:-1] + r")?$")
_OBJECT_END = re.compile(r"[，；。、]|和(?=\d)|及(?=\d)")


def _metric_for(text: str, start: int, q: _Quantity, verb: re.Match[str], after: str,
                object_first: bool = False) -> str:
    """The metric a goal number is given for, named with the plan's own words; ``""`` where the
    phrase names none (``到2030年达到700万千瓦``: the caller takes the previous target's)."""
    verb_word = verb.group(0)
    tail = _OBJECT_END.split(_MODIFIERS_AFTER.sub("", after), maxsplit=1)[0]
    if object_first:  # 建设10个…实验室和5个绿色技术创新中心: the verb, then what is counted
        return _bare_to_empty(_clean_metric(verb_word + tail))
    capacity = _CAPACITY_AFTER.match(after)
    if capacity:  # 形成全市392吨/日的医废处置能力: the capacity is the metric
        return _clean_metric(capacity.group(0).split("的", 1)[1])
    before = text[start:q.start]
    subject = _strip_baseline(before[:verb.start()])
    subject = re.sub(r"(?:力争|确保|争取|分别|累计|年均|平均|共)+$", "", subject)
    subject = re.sub(r"^其中", "", subject.strip())
    between = before[verb.end():]
    if between.strip():
        # verb + object + number (新增绿色建筑1200万平方米): the verb and object name the metric
        metric = _clean_metric(subject + verb_word + between)
    elif subject.strip():
        metric = _clean_metric(subject)
        if _DECREASE.search(verb_word):
            metric += verb_word
    else:
        # verb + number + object (完成4家生态工业园区创建)
        metric = _clean_metric(verb_word + tail)
    return _bare_to_empty(metric)


def _bare_to_empty(metric: str) -> str:
    return "" if _BARE.match(metric) or len(metric) < 2 else metric


# -- units ---------------------------------------------------------------------------------------------

_PREFIX = {"万": Decimal(10_000), "亿": Decimal(100_000_000), "千": Decimal(1_000), "百": Decimal(100)}
#: base unit → (SI-style unit, factor from one base unit)
_BASE: dict[str, tuple[str, Decimal]] = {
    "千瓦": ("GW", Decimal("1e-6")), "兆瓦": ("GW", Decimal("1e-3")), "吉瓦": ("GW", Decimal(1)),
    "千瓦时": ("TWh", Decimal("1e-9")), "度": ("TWh", Decimal("1e-9")), "度电": ("TWh", Decimal("1e-9")),
    "吨": ("Mt", Decimal("1e-6")), "吨标准煤": ("Mtce", Decimal("1e-6")), "吨标煤": ("Mtce", Decimal("1e-6")),
    "吨二氧化碳": ("MtCO2", Decimal("1e-6")), "吨CO2": ("MtCO2", Decimal("1e-6")),
    "吨二氧化碳当量": ("MtCO2e", Decimal("1e-6")),
    "平方米": ("million m²", Decimal("1e-6")), "平方公里": ("km²", Decimal(1)),
    "立方米": ("million m³", Decimal("1e-6")), "公顷": ("ha", Decimal(1)), "亩": ("ha", Decimal(1) / Decimal(15)),
    "公里": ("km", Decimal(1)), "千米": ("km", Decimal(1)), "米": ("m", Decimal(1)),
    "元": ("billion CNY", Decimal("1e-9")), "美元": ("billion USD", Decimal("1e-9")),
    "kW": ("GW", Decimal("1e-6")), "MW": ("GW", Decimal("1e-3")), "GW": ("GW", Decimal(1)), "TW": ("GW", Decimal(1000)),
    "kWh": ("TWh", Decimal("1e-9")), "MWh": ("TWh", Decimal("1e-6")), "GWh": ("TWh", Decimal("1e-3")),
    "TWh": ("TWh", Decimal(1)),
}
_PER = {"年": "/yr", "日": "/d", "天": "/d", "小时": "/h"}
_DURATION = {"天": "days", "小时": "hours"}
_SAME = {"%": "%", "‰": "‰", "个百分点": "pp", "百分点": "pp", "倍": "×", "×": "×", "A级": "A grade",
         **{f"{p}FLOPS{w}": f"{p}FLOPS{w}" for p in "EPTG" for w in ("", "/W")}}
#: The numerator of a compound unit (``吨/万平方米``): its symbol, unscaled (a rate keeps its size).
_RATE_NUMERATOR: dict[str, str] = {
    "克": "g", "千克": "kg", "公斤": "kg", "吨": "t",
    "克标准煤": "gce", "克标煤": "gce", "千克标准煤": "kgce", "千克标煤": "kgce", "公斤标准煤": "kgce",
    "吨标准煤": "tce", "吨标煤": "tce", "克二氧化碳": "gCO2", "克CO2": "gCO2", "千克二氧化碳": "kgCO2",
    "公斤二氧化碳": "kgCO2", "吨二氧化碳": "tCO2", "吨CO2": "tCO2", "吨二氧化碳当量": "tCO2e",
    "千瓦时": "kWh", "度": "kWh", "千瓦": "kW", "兆瓦": "MW",
    "平方米": "m²", "平方公里": "km²", "立方米": "m³", "公顷": "ha", "亩": "mu", "公里": "km", "千米": "km",
    "米": "m", "元": "CNY",
}
#: The denominator of a compound unit: ``(singular, plural)`` symbol (``per person``, ``per 10⁴ people``).
_RATE_DENOMINATOR: dict[str, tuple[str, str]] = {
    "千瓦时": ("kWh", "kWh"), "度": ("kWh", "kWh"), "吨": ("t", "t"), "元": ("CNY", "CNY"),
    "平方米": ("m²", "m²"), "平方公里": ("km²", "km²"), "立方米": ("m³", "m³"), "公顷": ("ha", "ha"),
    "亩": ("mu", "mu"), "公里": ("km", "km"), "千米": ("km", "km"), "人": ("person", "people"),
    "户": ("household", "households"), "辆": ("vehicle", "vehicles"), "标箱": ("TEU", "TEU"),
}
_POWER = {"万": "10⁴", "亿": "10⁸", "千": "10³", "百": "10²"}


def normalise_unit(value: float, unit: str) -> tuple[float | None, str | None]:
    """``(value_si, unit_si)`` for a value in a unit as written; ``(None, None)`` for a unit not known.

    ======================  ==========================
    as written              normalised
    ======================  ==========================
    2500 万千瓦              25 GW
    300 万吨                 3 Mt
    1200 万平方米            12 million m²
    2.9 万吨/日              0.029 Mt/d
    13 %                    13 %
    295 克标准煤/千瓦时       295 gce/kWh
    250 吨/万平方米           250 t per 10⁴ m²
    2 公里/万人              2 km per 10⁴ people
    0.45 吨标准煤/万元        0.45 tce per 10⁴ CNY
    4 家                     4 count
    ======================  ==========================

    An amount (万千瓦, 万吨) or an amount per time (万吨/日) is scaled to one unit; a rate per
    an amount (吨/万平方米) keeps its value and names both parts, the denominator's 万 as 10⁴.
    """
    if not unit:
        return value, None  # a dimensionless value (PUE 1.5)
    if unit in _SAME:
        return value, _SAME[unit]
    if unit in _DURATION:
        return value, _DURATION[unit]
    amount = Decimal(str(value))
    base, per = unit, ""
    if "/" in base:
        base, _, tail = base.partition("/")
        if tail not in _PER:
            return _rate(amount, base, tail)
        per = _PER[tail]
    factor = Decimal(1)
    if base[:1] in _PREFIX and base[1:] and (base[1:] in _BASE or base[1:] in _COUNT_WORDS):
        factor, base = _PREFIX[base[:1]], base[1:]
    if base in _COUNT_WORDS:
        return _tidy(amount * factor), "count" + per
    if base not in _BASE:
        return None, None
    si_unit, scale = _BASE[base]
    return _tidy(amount * factor * scale), si_unit + per


def _rate(amount: Decimal, numerator: str, denominator: str) -> tuple[float | None, str | None]:
    """A rate per an amount (``吨/万平方米``, ``个/万人``): see :func:`normalise_unit`."""
    factor = Decimal(1)
    if numerator[:1] in _PREFIX and (numerator[1:] in _RATE_NUMERATOR or numerator[1:] in _COUNT_WORDS):
        factor, numerator = _PREFIX[numerator[:1]], numerator[1:]
    power = ""
    if denominator[:1] in _POWER and denominator[1:] in _RATE_DENOMINATOR:
        power, denominator = _POWER[denominator[:1]], denominator[1:]
    if denominator not in _RATE_DENOMINATOR:
        return None, None
    if numerator in _COUNT_WORDS:
        top = "count"
    elif numerator in _RATE_NUMERATOR:
        top = _RATE_NUMERATOR[numerator]
    else:
        return None, None
    singular, plural = _RATE_DENOMINATOR[denominator]
    si_unit = f"{top} per {power} {plural}" if power else f"{top}/{singular}"
    return _tidy(amount * factor), si_unit


def _tidy(amount: Decimal) -> float:
    return float(round(amount, 9).normalize())


# -- English metric names ------------------------------------------------------------------------------

class MetricNames:
    """English names of metrics, from a curated table (``content/metrics.yaml``) and the glossary.

    Lookup: the metric as written; then without a leading scope word (全市…); a decrease
    (``…下降``) is named ``reduction in <metric>`` when the metric itself is known.
    """

    def __init__(self, names: Mapping[str, str] | None = None):
        self.names = dict(names or {})

    def english(self, metric_zh: str) -> str | None:
        for candidate in (metric_zh, _clean_metric(metric_zh)):
            if candidate in self.names:
                return self.names[candidate]
        decrease = re.match(r"^(?P<base>.+?)(?P<verb>下降|降低|减少|削减)$", metric_zh)
        if decrease:
            base = self.english(decrease.group("base"))
            if base:
                return f"reduction in {base}"
        return None
