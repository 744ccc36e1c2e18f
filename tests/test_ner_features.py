"""The NER model's input features (char + left/right bigram ids, dictionary words) and their registration."""

from __future__ import annotations

import subprocess
import sys

import numpy
import pytest
import spacy
from spacy.attrs import ORTH

from pipeline.recognise.model import MODEL_DIR
from pipeline.recognise.ner_encoder import ARCHITECTURE as ENCODER_ARCHITECTURE
from pipeline.recognise.ner_features import (ARCHITECTURE, LEXICON_MAX_LEN, LEXICON_TAGS, bigram_columns,
                                              char_bigram_features, doc_text, lexicon_columns)
from pipeline.segment import pos_tagger, segmenter
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


LEXICON_SENTENCES = [
    "重庆市委副书记、市长胡衡华在中国人民银行成都分行考察",
    "国务院总理李强主持召开国务院常务会议",
    "川渝两地共建西部科学城，推动成渝地区双城经济圈建设",
    "日本前首相鸠山由纪夫访问南京大屠杀遇难同胞纪念馆",
    "2023年GDP增长5.2%，530多亿元",
    "",
    "京",
]


def brute_force_lexicon(text: str) -> tuple[list[int], list[int]]:
    """The definition, by trying every substring: the longest tagged dictionary word of 2+ chars
    starting / ending at each character."""
    tags = pos_tagger().word_tag_tab
    tag_id = {t: i + 1 for i, t in enumerate(LEXICON_TAGS)}
    starts, ends = [0] * len(text), [0] * len(text)
    for k in range(len(text)):
        for length in range(2, LEXICON_MAX_LEN + 1):
            tag = tags.get(text[k:k + length]) if k + length <= len(text) else None
            if tag is not None:
                starts[k] = tag_id.get(tag, 0) * 8 + min(length, 7)
        for length in range(2, LEXICON_MAX_LEN + 1):
            tag = tags.get(text[k - length + 1:k + 1]) if k - length + 1 >= 0 else None
            if tag is not None:
                ends[k] = tag_id.get(tag, 0) * 8 + min(length, 7)
    return starts, ends


def test_lexicon_columns_are_the_longest_dictionary_words_at_each_character() -> None:
    segmenter()  # our user dictionary in jieba: it must not change the features
    for text in LEXICON_SENTENCES:
        starts, ends = lexicon_columns(text)
        assert (list(starts), list(ends)) == brute_force_lexicon(text), text


def test_lexicon_columns_name_the_word_kind() -> None:
    """中国人民银行 is an organisation (nt) of six characters; 重庆 a place (ns); 胡衡华 is no word."""
    text = "重庆市委副书记、市长胡衡华在中国人民银行考察"
    starts, ends = lexicon_columns(text)
    nt, ns = LEXICON_TAGS.index("nt") + 1, LEXICON_TAGS.index("ns") + 1
    bank = text.index("中国人民银行")
    assert starts[bank] == nt * 8 + 6 and ends[bank + 5] == nt * 8 + 6
    assert ends[1] == ns * 8 + 2  # 重庆
    assert list(starts[text.index("胡"):text.index("在")]) == [0, 0, 0]


@pytest.mark.parametrize("text", ["国务院 总理\n\n李强  主持 ", " 开头空格", "", "a b\tc\u3000d", *LEXICON_SENTENCES])
def test_doc_text_is_the_text_as_read(text: str) -> None:
    assert doc_text(spacy.blank("zh").make_doc(text)) == text


def test_lexicon_feature_columns_follow_the_tokens_past_spaces() -> None:
    """With ``lexicon``, two more columns, taken at each token's character offset (spaces are
    not tokens of their own in the char tokenizer, so token i is not character i)."""
    nlp = spacy.blank("zh")
    doc = nlp.make_doc("国务院 总理李强")
    features, _ = char_bigram_features(["ORTH"], lexicon=True)([doc], is_train=False)
    starts, ends = lexicon_columns(doc.text)
    assert features[0].shape == (len(doc), 5)
    assert list(features[0][:, 3]) == [starts[t.idx] for t in doc]
    assert list(features[0][:, 4]) == [ends[t.idx] for t in doc]
    assert features[0][0, 3] != 0  # 国务院 starts there


def test_shipped_model_uses_our_layers_and_loads_in_a_bare_interpreter() -> None:
    """`spacy.load` alone (no pipeline import) finds the embedding layer and the encoder through
    the package's entry points."""
    config = (MODEL_DIR / "config.cfg").read_text(encoding="utf-8")
    assert ARCHITECTURE in config and ENCODER_ARCHITECTURE in config
    code = ("import spacy, sys; nlp = spacy.load(sys.argv[1]); "
            "assert {'pipeline.recognise.ner_features', 'pipeline.recognise.ner_encoder'} <= set(sys.modules); "
            "print([(e.text, e.label_) for e in nlp('国务院总理李强会见联合国教科文组织世界遗产委员会主席。').ents])")
    out = subprocess.run([sys.executable, "-c", code, str(MODEL_DIR)], cwd="/", capture_output=True, text=True)
    assert out.returncode == 0, out.stderr[-2000:]
    assert "('李强', 'PER')" in out.stdout
    # Fifteen characters read as one organisation: spaCy's five-layer CNN, which saw five
    # characters either side, stopped at 联合国教科文组织.
    assert "('联合国教科文组织世界遗产委员会', 'ORG')" in out.stdout
