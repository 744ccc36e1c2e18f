"""The shipped NER model: loads offline, finds officials' names and titles, exact offsets,
evaluation on a tiny committed fixture, and a few-step training smoke test (never the real model).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import spacy

from pipeline.recognise.model import MODEL_DIR, ModelRecognizer, chunk_text

FIXTURE = Path(__file__).parent / "fixtures" / "ner_tiny.spans.jsonl"


@pytest.fixture(scope="module")
def recognizer() -> ModelRecognizer:
    return ModelRecognizer()


def test_model_dir_is_in_the_package() -> None:
    assert MODEL_DIR == Path(__file__).resolve().parent.parent / "pipeline" / "models" / "ner"
    assert (MODEL_DIR / "meta.json").exists() and (MODEL_DIR / "config.cfg").exists()


def test_shipped_model_loads_offline() -> None:
    nlp = spacy.load(MODEL_DIR)
    assert nlp.lang == "zh"
    assert set(nlp.get_pipe("ner").labels) >= {"PER", "LOC", "ORG", "TITLE"}
    meta = nlp.meta
    assert meta["label_map"]["position"] == "TITLE"
    assert "dev_scores" in meta and "training_command" in meta
    doc = nlp("国务院总理李强主持召开国务院常务会议。")
    assert [t.text for t in doc][:3] == ["国", "务", "院"]  # one token per character


# Real-style press sentences; names are not in any project dictionary.
PERSON_CASES = [
    ("国务院副总理何立峰出席会议并讲话。", "何立峰"),
    ("贵州省委书记徐麟主持召开省委常委会会议。", "徐麟"),
    ("中共中央政治局常委、国务院总理李强在北京人民大会堂会见了来访的客人。", "李强"),
    ("浙江省省长刘捷在杭州调研数字经济发展情况。", "刘捷"),
    ("国家发展改革委主任郑栅洁介绍了有关情况。", "郑栅洁"),
    ("四川省委副书记、成都市委书记曹立军出席开幕式。", "曹立军"),
    ("外交部发言人毛宁在例行记者会上回答了记者提问。", "毛宁"),
    ("湖北省人民政府副省长赵海山带队赴武汉检查防汛工作。", "赵海山"),
    ("全国政协副主席、民革中央主席郑建邦出席座谈会。", "郑建邦"),
    ("河南省委书记楼阳生在郑州会见了企业家代表。", "楼阳生"),
    ("中央军委副主席张又侠出席开幕式。", "张又侠"),
    ("财政部部长蓝佛安就财政政策答记者问。", "蓝佛安"),
]


@pytest.mark.parametrize("text,name", PERSON_CASES)
def test_finds_person(recognizer: ModelRecognizer, text: str, name: str) -> None:
    mentions = recognizer.recognise(text)
    assert name in [m.text for m in mentions if m.label == "PER"], mentions
    for m in mentions:
        assert text[m.start:m.end] == m.text
        assert m.recognizer == "ner_model"
        assert m.label in {"PER", "LOC", "ORG", "TITLE"}
        assert 0.0 < m.score <= 1.0


TITLE_CASES = [
    ("国务院副总理何立峰出席会议并讲话。", "副总理"),
    ("湖北省人民政府副省长赵海山带队赴武汉检查防汛工作。", "副省长"),
    ("市长王明出席会议。", "市长"),
    ("外交部发言人毛宁在例行记者会上回答了记者提问。", "发言人"),  # missed by the char-only model
    ("财政部部长蓝佛安就财政政策答记者问。", "部长"),  # missed by the char-only model
    # the previous model read 贵州省委 as ORG and left 书记 out
    ("贵州省委书记徐麟主持召开省委常委会会议。", "书记"),
]


@pytest.mark.parametrize("text,title", TITLE_CASES)
def test_finds_title(recognizer: ModelRecognizer, text: str, title: str) -> None:
    titles = [m.text for m in recognizer.recognise(text) if m.label == "TITLE"]
    assert any(title in t for t in titles), titles


def test_offsets_exact_on_long_and_messy_text(recognizer: ModelRecognizer) -> None:
    para = "国务院副总理何立峰出席会议并讲话。 \n河南省委书记楼阳生在郑州会见了企业家代表，"
    text = ("  " + para) * 60 + "结尾没有句号"
    assert len(text) > 2000
    mentions = recognizer.recognise(text)
    assert mentions
    for m in mentions:
        assert text[m.start:m.end] == m.text
        assert m.text == m.text.strip()
    assert sum(m.text == "楼阳生" for m in mentions) >= 45


def test_recognise_many_matches_recognise(recognizer: ModelRecognizer) -> None:
    texts = [t for t, _ in PERSON_CASES[:4]] + ["", "   "]
    many = recognizer.recognise_many(texts)
    assert len(many) == len(texts)
    for text, ms in zip(texts, many):
        assert [(m.start, m.end, m.label) for m in ms] == \
            [(m.start, m.end, m.label) for m in recognizer.recognise(text)]


@pytest.mark.parametrize("text", ["", "。", "a" * 1300, "第一句。第二句！" * 200, "，" * 1100])
def test_chunks_cover_text(text: str) -> None:
    chunks = chunk_text(text, 500)
    assert all(0 < e - s <= 500 for s, e in chunks)
    assert all(a[1] <= b[0] for a, b in zip(chunks, chunks[1:]))
    covered = {i for s, e in chunks for i in range(s, e)}
    assert all(i in covered for i, c in enumerate(text) if not c.isspace())


def test_evaluate_on_tiny_fixture() -> None:
    from pipeline.training.ner import evaluate

    scores = evaluate(MODEL_DIR, FIXTURE)
    assert scores["docs"] == sum(1 for _ in FIXTURE.open(encoding="utf-8"))
    assert set(scores) >= {"PER", "LOC", "ORG", "TITLE", "micro"}
    for label in ("PER", "LOC", "ORG", "TITLE", "micro"):
        s = scores[label]
        assert 0.0 <= s["p"] <= 1.0 and 0.0 <= s["r"] <= 1.0 and 0.0 <= s["f"] <= 1.0
    assert scores["micro"]["f"] > 0.6  # these sentences are held out of training
    assert scores["PER"]["f"] > 0.7


def test_label_map_and_missing_annotation() -> None:
    from pipeline.training.ner import LABEL_MAP, blank_nlp, make_doc

    assert LABEL_MAP["position"] == "TITLE" and LABEL_MAP["address"] == "LOC"
    assert LABEL_MAP["book"] == "-" and LABEL_MAP["EDU"] == "-" and LABEL_MAP["PER.NOM"] == "-"
    nlp = blank_nlp()
    row = {"id": "x", "text": "国务院总理李鹏会见客人", "spans": [[0, 3, "ORG"], [5, 7, "PER"]]}
    doc = make_doc(nlp, row, has_title=False, lexicon={"总理"})
    iob = [t.ent_iob_ for t in doc]
    # 总理 is a title the corpus (MSRA-like) does not annotate: missing, not O
    assert iob[3:5] == ["", ""]
    assert [(e.text, e.label_) for e in doc.ents] == [("国务院", "ORG"), ("李鹏", "PER")]
    assert iob[7:] == ["O"] * 4
    doc = make_doc(nlp, row, has_title=True, lexicon={"总理"})
    assert [t.ent_iob_ for t in doc][3:5] == ["O", "O"]


def test_training_smoke(tmp_path: Path) -> None:
    """A few steps on the tiny fixture: the command works end to end (fast; not the real model)."""
    from pipeline.training.ner import CorpusSpec, train

    data = tmp_path / "data"
    data.mkdir()
    (data / "tiny.spans.jsonl").write_text(FIXTURE.read_text(encoding="utf-8"), encoding="utf-8")
    spec = CorpusSpec("tiny", "tiny.spans.jsonl", dev="tiny.spans.jsonl", has_title=True)
    out = tmp_path / "model"
    meta = train(data, out, max_steps=3, eval_frequency=2, work_dir=tmp_path / "work", corpora=[spec],
                 overrides={"components.tok2vec.model.encode.width": 32,
                            "components.tok2vec.model.embed.width": 32,
                            "components.ner.model.tok2vec.width": 32,
                            "components.tok2vec.model.embed.rows": [500],
                            "components.tok2vec.model.embed.bigram_rows": 500,
                            "components.tok2vec.model.embed.lexicon_rows": 100})
    nlp = spacy.load(out)
    assert "ner" in nlp.pipe_names
    assert json.loads((out / "meta.json").read_text(encoding="utf-8"))["label_map"]["name"] == "PER"
    assert "tiny" in meta["dev_scores"]
    assert not (out / "model-best").exists()


def test_numpy_blas_gives_blis_entities(recognizer: ModelRecognizer) -> None:
    """The shipped recognizer multiplies matrices with numpy's BLAS on one thread (a third of
    blis's time); the entities must be exactly those of thinc's default ops."""
    from threadpoolctl import threadpool_info

    nlp = recognizer.nlp
    assert all(not node.ops.use_blis for _, pipe in nlp.pipeline for node in pipe.model.walk())
    blas = [pool for pool in threadpool_info() if pool["user_api"] == "blas"]
    # numpy's own BLAS (a wheel keeps it under numpy.libs; scipy's, loaded by other tests, is not the model's)
    numpy_blas = [pool for pool in blas if "numpy" in pool["filepath"]] or blas
    assert numpy_blas and all(pool["num_threads"] == 1 for pool in numpy_blas)
    on_blis = ModelRecognizer()
    on_blis._nlp = spacy.load(MODEL_DIR)  # not through .nlp: thinc's default ops
    on_blis.label_scores = recognizer.label_scores
    assert any(node.ops.use_blis for node in on_blis._nlp.get_pipe("tok2vec").model.walk())
    texts = [t for t, _ in PERSON_CASES + TITLE_CASES]
    texts.append("".join(texts) * 3)  # a batch of many rows
    assert recognizer.recognise_many(texts) == on_blis.recognise_many(texts)
