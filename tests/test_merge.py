"""merge.py: the written policy, case by case."""

from __future__ import annotations

import pytest

from pipeline.document import Mention
from pipeline.recognise.merge import merge

TEXT = "国家发展改革委秘书长伍浩出席。" + "会" * 200 + "重庆市委书记袁家军"


def m(start: int, end: int, label: str, recognizer: str, score: float = 1.0) -> Mention:
    return Mention.at(TEXT, start, end, label, recognizer, score=score)


@pytest.mark.parametrize(
    ("mentions", "kept"),
    [
        # rule 1: same label, overlapping: higher priority wins, then the longer span
        ([m(0, 10, "TITLE", "titles"), m(7, 10, "TITLE", "ner_model")], [(0, 10, "titles")]),
        ([m(7, 10, "TITLE", "titles"), m(0, 10, "TITLE", "ner_model")], [(7, 10, "titles")]),
        ([m(0, 7, "ORG", "ner_model"), m(0, 10, "ORG", "ner_model")], [(0, 10, "ner_model")]),
        # rule 2: a model mention over a rule mention of another label goes
        ([m(7, 10, "TITLE", "titles"), m(8, 12, "PER", "ner_model")], [(7, 10, "titles")]),
        # ... but two rule mentions of different labels both stay (extractors decide)
        ([m(0, 10, "TITLE", "titles"), m(0, 2, "DIVISION", "places")], [(0, 10, "titles"), (0, 2, "places")]),
        # no overlap: everything stays, in text order
        ([m(10, 12, "PER", "ner_model"), m(0, 10, "TITLE", "titles")], [(0, 10, "titles"), (10, 12, "ner_model")]),
        # far apart (different buckets of the overlap index), and one span crossing a bucket edge
        ([m(215, 221, "TITLE", "titles"), m(60, 70, "X", "a"), m(62, 66, "X", "a")], [(60, 70, "a"), (215, 221, "titles")]),
    ],
)
def test_merge_policy(mentions, kept) -> None:
    got = [(x.start, x.end, x.recognizer) for x in merge(mentions)]
    assert got == kept


def test_merge_is_order_independent() -> None:
    ms = [m(0, 10, "TITLE", "titles"), m(7, 10, "TITLE", "ner_model"), m(10, 12, "PER", "persons")]
    assert merge(ms).items == merge(list(reversed(ms))).items
