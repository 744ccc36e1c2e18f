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
    # Only the tokenizer runs here (no parser/NER memory per character), so long texts are safe;
    # the size guard is read.py's --max-bytes.
    nlp.max_length = 10**9
    for word in word_list(USER_DICT):
        jieba.add_word(word)
    return nlp


# Chunks end after a line break or sentence-final mark, where jieba splits anyway, so chunking
# never changes a token. It matters for speed: spaCy's get_words_and_spaces re-slices the rest
# of the text for every word, quadratic in a long line (45 s for one line of a million chars).
_CHUNK_CHARS = 2000
_CHUNK_ENDS = "\n。！？；"


def _chunks(text: str) -> list[str]:
    out, start, n = [], 0, len(text)
    while start < n:
        end = min(start + _CHUNK_CHARS, n)
        if end < n:
            cut = max(text.rfind(ch, start, end) for ch in _CHUNK_ENDS)
            # no boundary in reach: cut at a space, else anywhere (a rare, pathological line)
            end = cut + 1 if cut >= start else (text.rfind(" ", start, end) + 1 or end)
            if end <= start:
                end = min(start + _CHUNK_CHARS, n)
        out.append(text[start:end])
        start = end
    return out


def segment(text: str) -> Doc:
    """jieba tokens of the whole text; ``token.idx`` is an offset into ``text``."""
    nlp = segmenter()
    if len(text) <= _CHUNK_CHARS:
        return nlp.make_doc(text)
    docs = [nlp.make_doc(chunk) for chunk in _chunks(text)]
    doc = Doc.from_docs(docs, ensure_whitespace=False)
    assert doc.text == text  # offsets are the shared coordinates: never let them drift
    return doc


def user_dictionary_path() -> str:
    return str(resource_path(USER_DICT))
