"""The model as a recognizer: it reads the sentences that state a post, offsets into the whole text."""

from __future__ import annotations

import pytest

from pipeline.read import document_from_bytes
from pipeline.recognise.model_adapter import ModelMentionRecognizer, sentences_with_posts

TEXT = ("今年以来，全市经济运行稳中向好。\n"
        "贵州省委书记徐麟主持会议并讲话。\n"
        "会议听取了有关情况汇报。\n"
        "中共中央政治局常委、中央办公厅主任蔡奇陪同考察。")


@pytest.mark.parametrize(
    ("sentence", "read"),
    [("贵州省委书记徐麟主持会议并讲话。", True), ("中共中央政治局常委、中央办公厅主任蔡奇陪同考察。", True),
     ("今年以来，全市经济运行稳中向好。", False), ("会议听取了有关情况汇报。", False)],
)
def test_only_sentences_with_a_post_are_read(sentence: str, read: bool) -> None:
    start = TEXT.index(sentence)
    covered = any(s <= start and start + len(sentence) <= e for s, e in sentences_with_posts(TEXT))
    assert covered is read


@pytest.fixture(scope="module")
def recognizer() -> ModelMentionRecognizer:
    return ModelMentionRecognizer()


def test_mentions_are_grounded_in_the_whole_text(recognizer) -> None:
    doc = document_from_bytes(TEXT.encode(), "t.txt")
    found = recognizer.recognise(doc, None)
    assert found, "the model found nothing in sentences naming two officials"
    for m in found:
        assert TEXT[m.start:m.end] == m.text
        assert m.recognizer == "ner_model"
    assert all(not (0 <= m.start < TEXT.index("贵州")) for m in found)  # the first sentence was not read
