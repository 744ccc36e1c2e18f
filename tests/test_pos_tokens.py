"""titles.pos_tokens: jieba POS tags for the sentences that can name an official, and only those."""

from __future__ import annotations

import jieba.posseg
import pytest

from pipeline.recognise.titles import pos_tokens
from pipeline.segment import segmenter

TEXT = ("今年以来，全市经济运行稳中向好。\n"
        "贵州省委书记徐麟主持会议。\n"
        "王毅、李干杰出席开幕式。\n"
        "粮食产量再创新高。")


@pytest.mark.parametrize(
    ("sentence", "tagged"),
    [("贵州省委书记徐麟主持会议。", True),  # a post
     ("王毅、李干杰出席开幕式。", True),  # an official act with no post
     ("今年以来，全市经济运行稳中向好。", False), ("粮食产量再创新高。", False)],
)
def test_which_sentences_are_tagged(sentence: str, tagged: bool) -> None:
    start = TEXT.index(sentence)
    inside = [t for t in pos_tokens(TEXT) if start <= t[0] < start + len(sentence)]
    assert bool(inside) is tagged


def test_tags_are_those_of_the_whole_text() -> None:
    segmenter()  # our user dictionary, as pos_tokens has it
    whole, pos = {}, 0
    for pair in jieba.posseg.cut(TEXT, HMM=True):
        whole[pos] = (pos + len(pair.word), pair.flag)
        pos += len(pair.word)
    for start, end, flag in pos_tokens(TEXT):
        assert whole[start] == (end, flag)
        assert TEXT[start:end]
