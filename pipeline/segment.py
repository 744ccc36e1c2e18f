"""Stage 2, segment: jieba words through spaCy's own Chinese tokenizer.

The tokenizer keeps character offsets (``token.idx``), so later stages never rebuild strings
from tokens. Our user dictionary (official titles, bodies, policy terms) is loaded into jieba
once per process so that titles such as 省委书记 stay one token.
"""

from __future__ import annotations

import logging
from functools import cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from pipeline.resources import resource_path, word_list

USER_DICT = "jieba_userdict.txt"


@cache
def segmenter() -> Language:
    """A blank Chinese pipeline whose tokenizer is jieba (with our user dictionary)."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    for word in word_list(USER_DICT):
        jieba.add_word(word)
    return nlp


def segment(text: str) -> Doc:
    return segmenter()(text)


def user_dictionary_path() -> str:
    return str(resource_path(USER_DICT))
