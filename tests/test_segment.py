"""segment.py: jieba through spaCy, offsets into the text, chunking that changes no token."""

from __future__ import annotations

import pytest

from pipeline.segment import _CHUNK_CHARS, segment, segmenter
from tests.conftest import CORPUS


def tokens(doc):
    return [(t.idx, t.text) for t in doc]


@pytest.mark.parametrize(
    "text",
    [
        "重庆市委副书记、市长胡衡华，四川省委副书记、省长黄强分别通报有关情况。",
        "推动成渝地区双城经济圈建设",  # user dictionary keeps the term whole
        "第一行\n\n第二行  有两个空格 \n",
    ],
)
def test_offsets_point_into_the_text(text: str) -> None:
    doc = segment(text)
    assert doc.text == text
    for t in doc:
        assert text[t.idx:t.idx + len(t.text)] == t.text


def test_user_dictionary_keeps_terms_whole() -> None:
    assert "成渝地区双城经济圈" in [t.text for t in segment("推动成渝地区双城经济圈建设")]


@pytest.mark.parametrize(
    "text",
    [
        "两省市联合出台100多个政策文件，" * 400,  # one long line: chunks end after ，
        ("会议指出，要加快建设。 " * 300) + "end",  # spaces at chunk edges
        (CORPUS / "govreport_2026_四川省.txt").read_text(encoding="utf-8"),
    ],
    ids=["long-line", "spaces", "work-report"],
)
def test_chunked_segmentation_gives_the_same_tokens_as_whole(text: str) -> None:
    assert tokens(segment(text)) == tokens(segmenter().make_doc(text))


def test_a_run_with_no_boundary_is_cut_but_stays_grounded() -> None:
    text = "字" * (_CHUNK_CHARS * 3 + 7)
    doc = segment(text)
    assert doc.text == text
    assert sum(len(t.text) for t in doc) == len(text)
