"""The NER model's input features: each character, its neighbours as bigrams, and the
dictionary words around it.

A Chinese NER model that reads one character at a time sees "长" the same in 市长 and 长江;
the bigrams on either side (市长 | 长江) tell them apart. Character + bigram embeddings are the
standard input of Chinese character NER (Zhang & Yang 2018, Lattice LSTM, report them as the
strongest non-lexicon baseline). Lexicon features add what a dictionary knows: the longest word
starting and the longest ending at each character, with its jieba tag (ns place, nt organisation,
nr person), as in SoftLexicon (Ma et al. 2020). spaCy's ``MultiHashEmbed`` only embeds token
attributes, so this module adds ``pressfacts.CharLexiconEmbed.v1``: ``MultiHashEmbed`` with four
more hash-embedded columns, the two bigrams and the two dictionary words.

The bigram ids are computed from the ORTH column with vectorised integer arithmetic; the
dictionary scan is one pass of look-ups in jieba's tables (over a million characters a second),
about 2% of the model's time.

The architecture is registered in spaCy's registry on import and, for a bare
``spacy.load("pipeline/models/ner")``, through the ``spacy_architectures`` entry point declared
in ``pyproject.toml``.
"""

from __future__ import annotations

from typing import Callable, List, Sequence, Tuple

import numpy
from spacy.attrs import IDX, ORTH, SPACY, intify_attr
from spacy.tokens import Doc
from spacy.util import registry
from thinc.api import HashEmbed, Maxout, Model, chain, concatenate, list2ragged, ragged2list, with_array
from thinc.types import Floats2d, Ints2d

ARCHITECTURE = "pressfacts.CharLexiconEmbed.v1"

# Mixing constants (64-bit odd multipliers): bigram id = prev * A + cur * B, wrapping mod 2**64.
# HashEmbed hashes ids again (MurmurHash with its own seed), so any injective-enough mix serves.
_MIX_PREV = numpy.uint64(0x9E3779B97F4A7C15)
_MIX_CUR = numpy.uint64(0xC2B2AE3D27D4EB4F)
_EDGE = numpy.uint64(0x165667B19E3779F9)  # stands for "no character" before the first/after the last


def bigram_columns(orth: numpy.ndarray) -> tuple[numpy.ndarray, numpy.ndarray]:
    """(left, right) bigram ids for a 1-d uint64 ORTH array: left[i] = (c[i-1], c[i]),
    right[i] = (c[i], c[i+1]); the text edges pair with a fixed sentinel."""
    orth = orth.astype(numpy.uint64, copy=False)
    prev = numpy.empty_like(orth)
    nxt = numpy.empty_like(orth)
    if len(orth):
        prev[0] = _EDGE
        prev[1:] = orth[:-1]
        nxt[-1] = _EDGE
        nxt[:-1] = orth[1:]
    with numpy.errstate(over="ignore"):
        left = prev * _MIX_PREV + orth * _MIX_CUR
        right = orth * _MIX_PREV + nxt * _MIX_CUR
    return left, right


# jieba's dictionary tags, in a fixed order: a lexicon feature id is tag index * 8 + word length,
# and the ids must mean the same in training and at run time. A tag not listed here has index 0.
LEXICON_TAGS = ("n", "nr", "nrt", "nrfg", "ns", "nt", "nz", "ng", "v", "vn", "vg", "i", "l", "m",
                "mq", "zg", "a", "ad", "an", "z", "d", "t", "j", "b", "g", "r", "s", "c", "x", "f",
                "o", "q", "p", "y", "e", "u")
_TAG_BASE = {tag: (i + 1) * 8 for i, tag in enumerate(LEXICON_TAGS)}  # + the word's length
LEXICON_MAX_LEN = 10


def lexicon_columns(text: str) -> tuple[numpy.ndarray, numpy.ndarray]:
    """(starts, ends) per character of ``text``: the id of the longest dictionary word of two
    characters or more that starts (ends) at that character, 0 where none does.

    The ids combine the word's length (capped at 7) with its jieba tag (ns place, nt organisation,
    nr person, …): SoftLexicon-style features (Ma et al. 2020) over all dictionary words, not
    one segmentation, so a name jieba would cut differently still shows up. The scan reads
    jieba's tables (:func:`pipeline.segment.dictionary_tables`): a failed prefix look-up ends it,
    and only the tag table decides what matches, so the words our user dictionary adds to jieba
    change the scan's length, never its result: training and the pipeline see the same features.
    """
    from pipeline.segment import dictionary_tables

    prefixes, tags = dictionary_tables()
    tag_base = _TAG_BASE
    n = len(text)
    starts = [0] * n
    ends = [0] * n
    for k in range(n - 1):
        i = k + 1
        frag = text[k:k + 2]
        while frag in prefixes:
            tag = tags.get(frag)
            if tag is not None:
                length = i - k + 1
                code = tag_base.get(tag, 0) + (length if length < 7 else 7)
                starts[k] = code  # longer words come later: the last one is the longest
                if not ends[i]:  # k only grows: the first word to end at i is the longest
                    ends[i] = code
            i += 1
            if i >= n or i - k >= LEXICON_MAX_LEN:
                break
            frag = text[k:i + 1]
    return numpy.asarray(starts, dtype=numpy.uint64), numpy.asarray(ends, dtype=numpy.uint64)


def char_bigram_features(columns: Sequence[int | str], lexicon: bool = False) -> Model[List[Doc], List[Ints2d]]:
    """Like spaCy's FeatureExtractor, plus two columns: left and right bigram ids (and with
    ``lexicon``, two more: :func:`lexicon_columns`)."""
    cols = [intify_attr(c) for c in columns]
    return Model("char_bigram_features", _features_forward,
                 attrs={"columns": cols, "orth_index": cols.index(ORTH), "lexicon": lexicon})


def _features_forward(model: Model, docs: List[Doc], is_train: bool) -> Tuple[List[Ints2d], Callable]:
    columns = model.attrs["columns"]
    orth_index = model.attrs["orth_index"]
    features: List[Ints2d] = []
    for doc in docs:
        attrs = doc.to_array(columns) if hasattr(doc, "to_array") else \
            doc.doc.to_array(columns)[doc.start:doc.end]
        if attrs.ndim == 1:
            attrs = attrs.reshape((attrs.shape[0], 1))
        attrs = attrs.astype(numpy.uint64, copy=False)
        left, right = bigram_columns(attrs[:, orth_index])
        extra = [left[:, None], right[:, None]]
        if model.attrs["lexicon"]:
            extra.extend(col[:, None] for col in _token_lexicon_columns(doc))
        full = numpy.concatenate([attrs, *extra], axis=1)
        features.append(model.ops.asarray2i(full, dtype="uint64"))
    return features, lambda d_features: []


def _token_lexicon_columns(doc) -> list[numpy.ndarray]:
    """:func:`lexicon_columns` of the characters the tokens of ``doc`` (a Doc or Span) start at."""
    whole = doc.doc if hasattr(doc, "doc") and doc.doc is not doc else doc
    idx = whole.to_array([IDX]).reshape(-1)
    if whole is not doc:
        idx = idx[doc.start:doc.end]
    return [column[idx] for column in lexicon_columns(doc_text(whole))]


def doc_text(doc: Doc) -> str:
    """``doc.text``, rebuilt from the ORTH and SPACY columns: ``Doc.text`` makes a Token object
    per character, which cost the model a tenth of its speed."""
    strings = doc.vocab.strings
    return "".join([strings[orth] + " " if space else strings[orth]
                    for orth, space in doc.to_array([ORTH, SPACY]).tolist()])


@registry.architectures(ARCHITECTURE)
def char_lexicon_embed(width: int, attrs: List[str], rows: List[int], bigram_rows: int,
                       lexicon_width: int, lexicon_rows: int,
                       include_static_vectors: bool = False) -> Model[List[Doc], List[Floats2d]]:
    """Hash embeddings of ``attrs`` (which must include ORTH), of the left and right character
    bigrams (``bigram_rows`` rows each) and of the dictionary words starting and ending at each
    character (:func:`lexicon_columns`; ``lexicon_rows`` rows each, ``lexicon_width`` wide),
    concatenated (with static vectors if asked) and mixed by one Maxout layer, as in spaCy's
    MultiHashEmbed.v2."""
    attr_ids = [intify_attr(a) for a in attrs]
    if ORTH not in attr_ids:
        raise ValueError(f"{ARCHITECTURE}: attrs must include ORTH (the bigrams are built from it)")
    if len(rows) != len(attr_ids):
        raise ValueError(f"{ARCHITECTURE}: {len(rows)} rows for {len(attr_ids)} attrs")
    widths = [width] * (len(rows) + 2) + [lexicon_width, lexicon_width]
    all_rows = list(rows) + [bigram_rows, bigram_rows, lexicon_rows, lexicon_rows]
    embeddings = [HashEmbed(w, n, column=i, seed=8 + i, dropout=0.0)
                  for i, (w, n) in enumerate(zip(widths, all_rows))]
    features = chain(char_bigram_features(attr_ids, lexicon=True), list2ragged(),
                     with_array(concatenate(*embeddings)))
    concat_size = sum(widths) + width * int(include_static_vectors)
    max_out = with_array(Maxout(width, concat_size, nP=3, dropout=0.0, normalize=True))
    if include_static_vectors:
        from spacy.ml.staticvectors import StaticVectors

        return chain(concatenate(features, StaticVectors(width, dropout=0.0)), max_out, ragged2list())
    return chain(features, max_out, ragged2list())
