"""The NER model's input features: each character with its neighbours as bigrams.

A Chinese NER model that reads one character at a time sees "长" the same in 市长 and 长江;
the bigrams on either side (市长 | 长江) tell them apart. Character + bigram embeddings are the
standard input of Chinese character NER (Zhang & Yang 2018, Lattice LSTM, report them as the
strongest non-lexicon baseline), and spaCy's ``MultiHashEmbed`` only embeds token attributes, so
this module adds ``pressfacts.CharBigramEmbed.v1``: spaCy's ``MultiHashEmbed`` with two more
hash-embedded columns, the bigram ending at each character and the one starting at it.

The bigram ids are computed from the ORTH column with vectorised integer arithmetic (no strings,
no Python loop per character), so they cost about as much as one more attribute column.

The architecture is registered in spaCy's registry on import and, for a bare
``spacy.load("pipeline/models/ner")``, through the ``spacy_architectures`` entry point declared
in ``pyproject.toml``.
"""

from __future__ import annotations

from typing import Callable, List, Sequence, Tuple

import numpy
from spacy.attrs import ORTH, intify_attr
from spacy.tokens import Doc
from spacy.util import registry
from thinc.api import HashEmbed, Maxout, Model, chain, concatenate, list2ragged, ragged2list, with_array
from thinc.types import Floats2d, Ints2d

ARCHITECTURE = "pressfacts.CharBigramEmbed.v1"

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


def char_bigram_features(columns: Sequence[int | str]) -> Model[List[Doc], List[Ints2d]]:
    """Like spaCy's FeatureExtractor, plus two columns: left and right bigram ids."""
    cols = [intify_attr(c) for c in columns]
    return Model("char_bigram_features", _features_forward,
                 attrs={"columns": cols, "orth_index": cols.index(ORTH)})


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
        full = numpy.concatenate([attrs, left[:, None], right[:, None]], axis=1)
        features.append(model.ops.asarray2i(full, dtype="uint64"))
    return features, lambda d_features: []


@registry.architectures(ARCHITECTURE)
def char_bigram_embed(width: int, attrs: List[str], rows: List[int], bigram_rows: int,
                      include_static_vectors: bool = False) -> Model[List[Doc], List[Floats2d]]:
    """Hash embeddings of ``attrs`` (which must include ORTH) and of the left and
    right character bigrams (``bigram_rows`` rows each), concatenated (with static vectors if
    asked) and mixed by one Maxout layer, as in spaCy's MultiHashEmbed.v2."""
    attr_ids = [intify_attr(a) for a in attrs]
    if ORTH not in attr_ids:
        raise ValueError(f"{ARCHITECTURE}: attrs must include ORTH (the bigrams are built from it)")
    if len(rows) != len(attr_ids):
        raise ValueError(f"{ARCHITECTURE}: {len(rows)} rows for {len(attr_ids)} attrs")
    all_rows = list(rows) + [bigram_rows, bigram_rows]
    embeddings = [HashEmbed(width, n, column=i, seed=8 + i, dropout=0.0) for i, n in enumerate(all_rows)]
    features = chain(char_bigram_features(attr_ids), list2ragged(), with_array(concatenate(*embeddings)))
    concat_size = width * (len(embeddings) + int(include_static_vectors))
    max_out = with_array(Maxout(width, concat_size, nP=3, dropout=0.0, normalize=True))
    if include_static_vectors:
        from spacy.ml.staticvectors import StaticVectors

        return chain(concatenate(features, StaticVectors(width, dropout=0.0)), max_out, ragged2list())
    return chain(features, max_out, ragged2list())
