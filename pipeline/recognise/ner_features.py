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
from spacy.attrs import IDX, ORTH, SPACY, intify_attr
from spacy.tokens import Doc
from spacy.util import registry
from thinc.api import HashEmbed, Maxout, Model, chain, concatenate, list2ragged, ragged2list, with_array
from thinc.types import Floats2d, Ints2d

ARCHITECTURE = "pressfacts.CharBigramEmbed.v1"
LEXICON_ARCHITECTURE = "pressfacts.CharLexiconEmbed.v1"

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
# and the ids must mean the same in training and at run time. A tag not listed here maps to 0.
LEXICON_TAGS = ("n", "nr", "nrt", "nrfg", "ns", "nt", "nz", "ng", "v", "vn", "vg", "i", "l", "m",
                "mq", "zg", "a", "ad", "an", "z", "d", "t", "j", "b", "g", "r", "s", "c", "x", "f",
                "o", "q", "p", "y", "e", "u")
_TAG_ID = {tag: i + 1 for i, tag in enumerate(LEXICON_TAGS)}
LEXICON_MAX_LEN = 10


def _lexicon_tables() -> tuple[dict, dict]:
    """(prefixes, word tags): jieba's frequency table, which holds every prefix of every word it
    knows (so a failed look-up ends the scan), and its bundled dictionary's word -> tag table.
    Only the tag table decides what matches, so the words our user dictionary adds to jieba change
    the scan's length, never its result: training and the pipeline see the same features."""
    from pipeline.segment import dictionary_frequency, pos_tagger

    dictionary_frequency("")  # jieba's tables loaded
    import jieba

    return jieba.dt.FREQ, pos_tagger().word_tag_tab


def lexicon_columns(text: str, middle: bool = False) -> tuple[numpy.ndarray, ...]:
    """(starts, ends) per character of ``text``: the id of the longest dictionary word of two
    characters or more that starts (ends) at that character, 0 where none does; with ``middle``,
    a third column: the longest such word the character is strictly inside.

    The ids combine the word's length (capped at 7) with its jieba tag (ns place, nt organisation,
    nr person, …): SoftLexicon-style features (Ma et al. 2020) over all dictionary words, not
    one segmentation, so a name jieba would cut differently still shows up.
    """
    prefixes, tags = _lexicon_tables()
    n = len(text)
    starts = [0] * n
    ends = [0] * n
    end_lengths = [0] * n
    middles = [0] * n if middle else None
    middle_lengths = [0] * n if middle else None
    for k in range(n - 1):
        i = k + 1
        frag = text[k:k + 2]
        while frag in prefixes:
            tag = tags.get(frag)
            if tag is not None:
                length = i - k + 1
                code = _TAG_ID.get(tag, 0) * 8 + min(length, 7)
                starts[k] = code
                if length > end_lengths[i]:
                    end_lengths[i] = length
                    ends[i] = code
                if middle:
                    for j in range(k + 1, i):
                        if length > middle_lengths[j]:
                            middle_lengths[j] = length
                            middles[j] = code
            i += 1
            if i >= n or i - k >= LEXICON_MAX_LEN:
                break
            frag = text[k:i + 1]
    columns = [starts, ends] + ([middles] if middle else [])
    return tuple(numpy.asarray(c, dtype=numpy.uint64) for c in columns)


def char_bigram_features(columns: Sequence[int | str], lexicon: int = 0) -> Model[List[Doc], List[Ints2d]]:
    """Like spaCy's FeatureExtractor, plus two columns: left and right bigram ids (and
    ``lexicon`` more, 2 or 3: the columns of :func:`lexicon_columns`)."""
    if lexicon not in (0, 2, 3):
        raise ValueError(f"lexicon columns: 0, 2 or 3, not {lexicon}")
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
            extra.extend(col[:, None] for col in _token_lexicon_columns(doc, model.attrs["lexicon"] == 3))
        full = numpy.concatenate([attrs, *extra], axis=1)
        features.append(model.ops.asarray2i(full, dtype="uint64"))
    return features, lambda d_features: []


def _token_lexicon_columns(doc, middle: bool) -> list[numpy.ndarray]:
    """:func:`lexicon_columns` of the characters the tokens of ``doc`` (a Doc or Span) start at."""
    whole = doc.doc if hasattr(doc, "doc") and doc.doc is not doc else doc
    idx = whole.to_array([IDX]).reshape(-1)
    if whole is not doc:
        idx = idx[doc.start:doc.end]
    return [column[idx] for column in lexicon_columns(doc_text(whole), middle)]


def doc_text(doc: Doc) -> str:
    """``doc.text``, rebuilt from the ORTH and SPACY columns: ``Doc.text`` makes a Token object
    per character, which cost the model a tenth of its speed."""
    strings = doc.vocab.strings
    return "".join([strings[orth] + " " if space else strings[orth]
                    for orth, space in doc.to_array([ORTH, SPACY]).tolist()])


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


@registry.architectures(LEXICON_ARCHITECTURE)
def char_lexicon_embed(width: int, attrs: List[str], rows: List[int], bigram_rows: int,
                       lexicon_width: int, lexicon_rows: int, include_static_vectors: bool = False,
                       lexicon_middle: bool = False) -> Model[List[Doc], List[Floats2d]]:
    """:data:`ARCHITECTURE` plus the dictionary words starting and ending at each character
    (and with ``lexicon_middle``, the word it is inside: :func:`lexicon_columns`), embedded at
    ``lexicon_width`` with ``lexicon_rows`` rows each."""
    attr_ids = [intify_attr(a) for a in attrs]
    if ORTH not in attr_ids:
        raise ValueError(f"{LEXICON_ARCHITECTURE}: attrs must include ORTH (the bigrams are built from it)")
    if len(rows) != len(attr_ids):
        raise ValueError(f"{LEXICON_ARCHITECTURE}: {len(rows)} rows for {len(attr_ids)} attrs")
    n_lexicon = 3 if lexicon_middle else 2
    widths = [width] * (len(rows) + 2) + [lexicon_width] * n_lexicon
    all_rows = list(rows) + [bigram_rows, bigram_rows] + [lexicon_rows] * n_lexicon
    embeddings = [HashEmbed(w, n, column=i, seed=8 + i, dropout=0.0)
                  for i, (w, n) in enumerate(zip(widths, all_rows))]
    features = chain(char_bigram_features(attr_ids, lexicon=n_lexicon), list2ragged(),
                     with_array(concatenate(*embeddings)))
    concat_size = sum(widths) + width * int(include_static_vectors)
    max_out = with_array(Maxout(width, concat_size, nP=3, dropout=0.0, normalize=True))
    if include_static_vectors:
        from spacy.ml.staticvectors import StaticVectors

        return chain(concatenate(features, StaticVectors(width, dropout=0.0)), max_out, ragged2list())
    return chain(features, max_out, ragged2list())
