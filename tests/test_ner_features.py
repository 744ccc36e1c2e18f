"""The NER model's input features (char + left/right bigram ids) and their registration."""

from __future__ import annotations

import subprocess
import sys

import numpy
import spacy
from spacy.attrs import ORTH

from pipeline.recognise.model import MODEL_DIR
from pipeline.recognise.ner_features import ARCHITECTURE, bigram_columns, char_bigram_features
from tests.conftest import ROOT


def orth_of(text: str) -> numpy.ndarray:
    nlp = spacy.blank("zh")
    return nlp.make_doc(text).to_array([ORTH]).astype(numpy.uint64)


def test_a_bigram_has_one_id_on_both_sides() -> None:
    """The right bigram of 市 (市长) is the left bigram of 长 (市长): one pair, one id."""
    left, right = bigram_columns(orth_of("重庆市长"))
    assert list(left[1:]) == list(right[:-1])


def test_the_bigrams_tell_a_character_apart_by_its_neighbours() -> None:
    """长 in 市长 and in 长江: same character, different bigrams."""
    a = orth_of("市长")
    b = orth_of("长江")
    left_a, right_a = bigram_columns(a)
    left_b, right_b = bigram_columns(b)
    assert a[1] == b[0]
    assert left_a[1] != left_b[0] and right_a[1] != right_b[0]


def test_edges_and_order() -> None:
    orth = orth_of("李强")
    left, right = bigram_columns(orth)
    rev_left, rev_right = bigram_columns(orth[::-1].copy())
    assert left[0] != right[0]  # (edge, 李) is not (李, 强)
    assert right[0] != rev_right[0]  # (李, 强) is not (强, 李)
    assert len(bigram_columns(numpy.zeros(0, dtype=numpy.uint64))[0]) == 0


def test_feature_columns_are_the_attrs_plus_two_bigrams() -> None:
    nlp = spacy.blank("zh")
    docs = [nlp.make_doc("国务院总理李强"), nlp.make_doc("")]
    features, _ = char_bigram_features(["ORTH", "SHAPE"])(docs, is_train=False)
    assert features[0].shape == (7, 4)
    assert features[1].shape == (0, 4)
    assert list(features[0][:, 0]) == list(docs[0].to_array([ORTH]))


def test_shipped_model_uses_the_bigram_layer_and_loads_in_a_bare_interpreter() -> None:
    """`spacy.load` alone (no pipeline import) finds the layer through the package's entry point."""
    assert ARCHITECTURE in (MODEL_DIR / "config.cfg").read_text(encoding="utf-8")
    code = ("import spacy, sys; nlp = spacy.load(sys.argv[1]); "
            "assert 'pipeline.recognise.ner_features' in sys.modules; "
            "print([(e.text, e.label_) for e in nlp('国务院总理李强主持会议。').ents])")
    out = subprocess.run([sys.executable, "-c", code, str(MODEL_DIR)], cwd="/", capture_output=True, text=True)
    assert out.returncode == 0, out.stderr[-2000:]
    assert "李强" in out.stdout
