"""The shared regex helpers: a word list as one longest-first alternation, and a pattern tried only
near its anchors giving exactly what finditer gives."""

from __future__ import annotations

import re

import pytest

from pipeline.patterns import alternation, finditer_near
from pipeline.recognise.dates import PATTERNS

# Real sentences (corpus/xwlb_20250721_04.txt, raw news), with dates close together and apart.
SENTENCES = [
    "巡视组受理信访时间截止到2025年9月23日。",
    "2024年3月5日至11日，十四届全国人大二次会议在北京召开，3月12日起施行。",
    "今年1至5月，全国规模以上工业增加值同比增长6.2%，5月份增长5.6%。",
    "据新华社北京6月27日电 国务院总理李强27日在天津会见世界经济论坛总裁。",
    "",
]


@pytest.mark.parametrize("text", SENTENCES)
@pytest.mark.parametrize(("kind", "anchor", "reach"), [("ymd", "年", 4), ("md", "月", 2), ("d", "日", 2)])
def test_finditer_near_gives_what_finditer_gives(text: str, kind: str, anchor: str, reach: int) -> None:
    pattern = dict(PATTERNS)[kind]
    assert [m.span() for m in finditer_near(pattern, text, re.compile(anchor), reach)] == \
        [m.span() for m in pattern.finditer(text) if m.end() > m.start()]


def test_alternation_matches_the_longest_word_first() -> None:
    pattern = re.compile(alternation(["书记", "省委书记", "省委", "书记"]))
    assert pattern.match("省委书记袁家军").group() == "省委书记"
    assert re.compile(alternation(["a.b", "a"])).match("axb").group() == "a"  # words are escaped
