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


# --- after the rules: the model reads only where they leave a post or a list open -------------

@pytest.fixture(scope="module")
def rules():
    from pipeline.recognise import RULE_RECOGNIZERS, build_recognizers

    return build_recognizers(RULE_RECOGNIZERS)


def rule_mentions(rules, text: str):
    from pipeline.segment import segment

    doc = document_from_bytes(text.encode(), "t.txt")
    tokens = segment(doc.text)
    return [m for r in rules for m in r.recognise(doc, tokens)]


@pytest.mark.parametrize(
    ("sentence", "read"),
    [
        # closed: every post has its holder where the rules expect it
        ("贵州省委书记徐麟主持会议并讲话。", False),
        ("重庆市委副书记、市长胡衡华出席会议。", False),
        ("习近平总书记强调，要坚持人民至上。", False),
        ("会见新加坡总统哈莉玛、总理李显龙。", False),
        # open: a list of officials goes on with a post the rules do not know
        ("分别会见新加坡总统哈莉玛、总理李显龙、副总理王瑞杰、国会领袖英兰妮，并共同主持会议。", True),
        # open: a post with no holder the rules found
        ("市长表示，将加快推进项目建设。", True),
        # no post at all
        ("今年以来，全市经济运行稳中向好。", False),
    ],
)
def test_after_the_rules_only_open_sentences_are_read(rules, sentence: str, read: bool) -> None:
    from pipeline.recognise.model_adapter import open_sentences

    spans = open_sentences(sentence, rule_mentions(rules, sentence))
    assert bool(spans) is read
    for s, e in spans:
        assert sentence[s:e].strip()


def test_the_runner_hands_the_model_the_rules_mentions() -> None:
    """Through the Pipeline, the model's mentions come only from open sentences."""
    from pipeline.runner import Options, Pipeline

    closed = "贵州省委书记徐麟主持会议并讲话。"
    opened = "分别会见新加坡总统哈莉玛、总理李显龙、副总理王瑞杰、国会领袖英兰妮，并共同主持会议。"
    text = closed + "\n" + opened
    pipeline = Pipeline(Options())
    model = next(r for r in pipeline.recognizers if r.name == "ner_model")
    seen: list[list] = []
    original = model.recognise

    def spy(doc, tokens, rule_mentions=None):
        seen.append(list(rule_mentions or []))
        found = original(doc, tokens, rule_mentions)
        assert all(m.start >= len(closed) for m in found), "the closed sentence was read"
        return found

    model.recognise = spy
    pipeline.process(document_from_bytes(text.encode(), "t.txt"))
    assert seen and any(m.recognizer == "titles" for m in seen[0])
