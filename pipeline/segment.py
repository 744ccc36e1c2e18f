"""Stage 2, segment: jieba words through spaCy's own Chinese tokenizer.

The tokenizer keeps character offsets (``token.idx``), so later stages never rebuild strings
from tokens. Our user dictionary (official titles, bodies, policy terms) is loaded into jieba
once per process so that titles such as 省委书记 stay one token.
"""

from __future__ import annotations

import array
import hashlib
import io
import logging
import marshal
import os
import re
import sys
import tempfile
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import spacy
from spacy.language import Language
from spacy.attrs import IDX, LENGTH
from spacy.tokens import Doc
from spacy.util import get_words_and_spaces

from pipeline.resources import resource_path, word_list

if TYPE_CHECKING:
    from jieba.posseg import POSTokenizer

USER_DICT = "jieba_userdict.txt"


def _import_jieba():
    """jieba, imported without pkg_resources. jieba's ``_compat`` imports setuptools' deprecated
    pkg_resources (0.11 s of every start-up) only to open its own data files, and opens them as
    plain files beside its module when that import fails: we make it fail, for jieba alone."""
    if "jieba" in sys.modules or "pkg_resources" in sys.modules:
        import jieba

        return jieba
    sys.modules["pkg_resources"] = None  # an import of it now raises ImportError
    try:
        import jieba
    finally:
        del sys.modules["pkg_resources"]
    return jieba


@cache
def segmenter() -> Language:
    """A blank Chinese pipeline whose tokenizer is jieba (with our user dictionary)."""
    jieba = _import_jieba()

    jieba.setLogLevel(logging.WARNING)
    _load_jieba_dictionary(jieba)  # before spaCy's tokenizer asks jieba for its first words
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    # Only the tokenizer runs here (no parser/NER memory per character), so long texts are safe;
    # the size guard is read.py's --max-bytes.
    nlp.max_length = 10**9
    # No stage reads a token's lexical attributes (shape, like_num, norm …): only its offsets and
    # text. Without their getters a word new to the vocabulary costs a third less to add (each
    # getter is a Python call per new word: about 2% of a news item's time).
    nlp.vocab.lex_attr_getters = {}
    for word in word_list(USER_DICT):
        jieba.add_word(word)
    _remember_blocks(jieba.dt)
    return nlp


BLOCKS_KEPT = 4096


def _remember_blocks(tokenizer) -> None:
    """jieba cuts a block (a run of word characters between punctuation) along the best route
    through its DAG of dictionary words, two passes in Python over the block. The segmenter cuts
    the whole text, then the POS tagger (the same jieba tokenizer underneath) cuts the official
    sentences again: the last ``BLOCKS_KEPT`` blocks' DAGs and routes are kept, keyed by the block
    and the dictionary's total count (which a word added to the dictionary changes), so the
    tagger's pass reuses them. The words are the same; about 5% of segmenting and tagging."""
    if getattr(tokenizer.get_DAG, "pressfacts_remembered", False):
        return
    get_dag, calc = tokenizer.get_DAG, tokenizer.calc

    @lru_cache(maxsize=BLOCKS_KEPT)
    def dag_and_route(block: str, total: int) -> tuple[dict, dict]:
        dag = get_dag(block)
        route: dict = {}
        calc(block, dag, route)
        return dag, route

    def remembered_dag(block: str) -> dict:
        return dag_and_route(block, tokenizer.total)[0]

    def remembered_calc(block: str, dag: dict, route: dict) -> None:
        known_dag, known_route = dag_and_route(block, tokenizer.total)
        if dag is known_dag:  # the DAG handed out above: its route is known
            route.update(known_route)
        else:
            calc(block, dag, route)

    remembered_dag.pressfacts_remembered = True
    tokenizer.get_DAG, tokenizer.calc = remembered_dag, remembered_calc
    tokenizer.pressfacts_dag_and_route = dag_and_route  # read by pos_cut


# Chunks end where jieba splits anyway: after a character outside jieba's word class (punctuation,
# a line break) that is followed by a non-space character (spaCy attaches a following space to the
# token before it). So chunking changes no token except in a pathological run of thousands of word
# characters. It matters for speed: spaCy's get_words_and_spaces re-slices the rest of the text for
# every word, quadratic in a long line (45 s for one line of a million characters).
_CHUNK_CHARS = 2000
_WORD_CHAR = re.compile(r"[\u4E00-\u9FD5a-zA-Z0-9+#&._%\-]")  # jieba's re_han_default class


def _chunk_end(text: str, start: int, limit: int) -> int:
    for i in range(limit, start, -1):
        if not text[i].isspace() and not _WORD_CHAR.match(text[i - 1]) and not text[i - 1].isspace() \
                or text[i - 1] == "\n" and not text[i].isspace():
            return i
    return limit  # no safe boundary within reach: cut anyway


def _chunks(text: str) -> list[str]:
    out, start, n = [], 0, len(text)
    while start < n:
        end = n if n - start <= _CHUNK_CHARS else _chunk_end(text, start, start + _CHUNK_CHARS)
        out.append(text[start:end])
        start = end
    return out


def segment(text: str) -> Doc:
    """jieba tokens of the whole text; ``token.idx`` is an offset into ``text``."""
    nlp = segmenter()
    if len(text) <= _CHUNK_CHARS:
        return nlp.make_doc(text)
    words: list[str] = []
    spaces: list[bool] = []
    jieba_cut = nlp.tokenizer.jieba_seg.cut
    for chunk in _chunks(text):
        # what the tokenizer does per chunk (spaCy's ChineseTokenizer.__call__), without building a
        # Doc per chunk that is then read back token by token (Doc.from_docs would cost more still)
        chunk_words, chunk_spaces = get_words_and_spaces([w for w in jieba_cut(chunk, cut_all=False) if w], chunk)
        words += chunk_words
        spaces += chunk_spaces
    doc = Doc(nlp.vocab, words=words, spaces=spaces)
    assert doc.text == text  # offsets are the shared coordinates: never let them drift
    return doc


def cut_words(text: str) -> list[str]:
    """jieba's words of a short text (a clause), as the segmenter cuts them, without a Doc."""
    return [w for w in segmenter().tokenizer.jieba_seg.cut(text, cut_all=False) if w]


def token_offsets(doc: Doc) -> tuple[list[int], list[int]]:
    """(starts, ends) character offsets of every token, computed once per Doc and kept on it.

    Several recognizers and extractors need word boundaries; iterating a Doc builds a Python
    Token object per word (about a tenth of the pipeline's time when each asked on its own)."""
    cached = doc.user_data.get(_OFFSETS_KEY)
    if cached is None:
        arr = doc.to_array([IDX, LENGTH])
        starts = arr[:, 0].tolist() if len(arr) else []
        ends = (arr[:, 0] + arr[:, 1]).tolist() if len(arr) else []
        cached = doc.user_data[_OFFSETS_KEY] = (starts, ends)
    return cached


_OFFSETS_KEY = "pressfacts.token_offsets"


@cache
def pos_tagger() -> POSTokenizer:
    """jieba's POS tagger over the segmenter's dictionary (our user dictionary loaded first).

    Every stage that tags words calls this rather than importing ``jieba.posseg``: importing it
    parses jieba's 350,000-line dictionary in Python for the word -> tag table, 0.45 s and a third
    of a worker's start-up. We keep that table in a cache file beside jieba's own (see
    :func:`_jieba_cache`) and import the module with an empty dictionary stream in place of
    the file, then hand it the cached table: the same tagger, built in a third of the time.
    """
    segmenter()  # our user dictionary first
    import jieba

    if "jieba.posseg" in sys.modules or jieba.dt.dictionary is not None:  # not jieba's own dict
        import jieba.posseg

        return _remember_unknown_runs(jieba.posseg.dt)
    cache_file = _jieba_cache(jieba, "posseg")
    table = _read_word_tags(cache_file)
    if table is None:
        import jieba.posseg

        _write_word_tags(cache_file, jieba.posseg.dt.word_tag_tab)
        return _remember_unknown_runs(jieba.posseg.dt)
    jieba.dt.get_dict_file = lambda: io.BytesIO(b"")  # read by POSTokenizer() at import
    try:
        import jieba.posseg
    finally:
        del jieba.dt.get_dict_file
    jieba.posseg.dt.word_tag_tab = table
    return _remember_unknown_runs(jieba.posseg.dt)


def pos_cut(text: str) -> list[tuple[str, str]]:
    """(word, flag) of jieba's POS tagger, ``pos_tagger().cut(text, HMM=True)``, word for word.

    jieba.posseg's cut is three generators deep and builds a ``pair`` object per word; this is its
    loop (``POSTokenizer.__cut_internal`` and ``__cut_DAG``, the same branches in the same order,
    its regexes) over the route the segmenter already found for each block, giving plain tuples:
    a third of tagging's time. Runs the dictionary does not join go to the tagger's own
    ``__cut_detail`` (its HMM). ``tests/test_pos_viterbi.py`` compares it with jieba's cut."""
    tagger = pos_tagger()  # first: it imports jieba.posseg without parsing jieba's dictionary again
    import jieba.posseg as posseg

    tagger.makesure_userdict_loaded()
    tokenizer = tagger.tokenizer
    dag_and_route = getattr(tokenizer, "pressfacts_dag_and_route", None)
    if dag_and_route is None:  # not the segmenter's tokenizer: jieba's own cut
        return [(p.word, p.flag) for p in tagger.cut(text, HMM=True)]
    tags, freq, detail = tagger.word_tag_tab, tokenizer.FREQ, tagger._POSTokenizer__cut_detail
    han, skip, num, eng = posseg.re_han_internal, posseg.re_skip_internal, posseg.re_num, posseg.re_eng
    out: list[tuple[str, str]] = []
    add = out.append

    def flush(buf: str) -> None:
        if len(buf) == 1:
            add((buf, tags.get(buf, "x")))
        elif not freq.get(buf):
            out.extend((p.word, p.flag) for p in detail(buf))
        else:
            out.extend((c, tags.get(c, "x")) for c in buf)

    for blk in han.split(text):
        if han.match(blk):
            route = dag_and_route(blk, tokenizer.total)[1]
            x, n, buf = 0, len(blk), ""
            while x < n:
                y = route[x][1] + 1
                if y - x == 1:
                    buf += blk[x]
                else:
                    if buf:
                        flush(buf)
                        buf = ""
                    word = blk[x:y]
                    add((word, tags.get(word, "x")))
                x = y
            if buf:
                flush(buf)
        else:
            for piece in skip.split(blk):
                if skip.match(piece):
                    add((piece, "x"))
                else:
                    for c in piece:
                        # jieba asks re_eng of the whole piece here, not of the character
                        add((c, "m" if num.match(c) else "eng" if eng.match(piece) else "x"))
    return out


UNKNOWN_RUNS_KEPT = 8192


def _remember_unknown_runs(tagger: POSTokenizer) -> POSTokenizer:
    """The tagger's words and tags for a run of characters its dictionary does not join (a name,
    a new term: 乌沙科夫, 岚图) come from its character HMM, a Viterbi pass in Python over every
    POS state, the dearest step of tagging. They depend on the run alone, and the same runs recur
    from one release to the next (half of them in 1,000 news items), so the last
    ``UNKNOWN_RUNS_KEPT`` are remembered: the same words and tags, once per run and process."""
    detail = tagger._POSTokenizer__cut_detail  # jieba.posseg.POSTokenizer.__cut_detail, bound
    if getattr(detail, "pressfacts_remembered", False):
        return tagger

    @lru_cache(maxsize=UNKNOWN_RUNS_KEPT)
    def remembered(run: str) -> tuple:
        return tuple(detail(run))

    remembered.pressfacts_remembered = True
    tagger._POSTokenizer__cut_detail = remembered
    import jieba.posseg

    if not getattr(jieba.posseg.viterbi, "pressfacts_exact", False):
        jieba.posseg.viterbi = _PosViterbi(jieba.posseg.viterbi)  # read by POSTokenizer.__cut
    return tagger


class _PosViterbi:
    """jieba's POS HMM (``jieba.posseg.viterbi``) computed with numpy: the same result, in a tenth
    of the time. With ``pos_cut`` this is where we replace parts of jieba;
    ``tests/test_pos_viterbi.py`` compares both with jieba's own on real sentences.

    jieba's pass is a Python generator per state and character: for each state the current
    character allows (and some live state goes on to), the best of (probability so far +
    transition + emission, previous state) over every live previous state, at 1 µs a pair and up
    to 250 x 160 pairs a character. Here a character is one matrix sum and one argmax over the
    transitions from the live states to its allowed ones. The arithmetic is the same IEEE sum in the same
    order, ((previous + transition) + emission), so every probability is bit for bit jieba's; and
    jieba's max over (probability, state) tuples picks the greatest state among equal
    probabilities, which an argmax over the states in tuple order, read from the end, reproduces
    (a missing transition is -inf in the matrix, as jieba's ``trans_p[y0].get(y, MIN_INF)``).
    Any other tables than jieba's own (and the case where no live state has a successor, which
    jieba answers with an error) go to jieba's function itself. The last ``RUNS_KEPT`` answers
    are kept: the same runs (月, 日, 例) recur."""

    pressfacts_exact = True
    RUNS_KEPT = 4096
    CHARACTERS_KEPT = 20000
    MIN_FLOAT = -3.14e100  # jieba's emission for a character a state never emits

    def __init__(self, original) -> None:
        self.original = original
        self.tables = None
        self.remembered = lru_cache(maxsize=self.RUNS_KEPT)(self._viterbi)

    def __call__(self, obs, states, start_p, trans_p, emit_p):
        import jieba.posseg as posseg

        if (states is not posseg.char_state_tab_P or start_p is not posseg.start_P
                or trans_p is not posseg.trans_P or emit_p is not posseg.emit_P or not obs):
            return self.original(obs, states, start_p, trans_p, emit_p)
        prob, route = self.remembered(obs)
        return prob, list(route)

    def _build(self) -> None:
        import numpy as np
        import jieba.posseg as posseg

        # index order is descending tuple order: among equal maxima numpy's argmax takes the first
        # index, which is then jieba's choice, the greatest state
        names = sorted(posseg.trans_P, reverse=True)
        index = {s: i for i, s in enumerate(names)}
        trans = np.full((len(names), len(names)), float("-inf"))
        for a, row in posseg.trans_P.items():
            for b, p in row.items():
                trans[index[a], index[b]] = p
        self.np, self.names, self.index, self.trans = np, names, index, trans
        self.has_out = np.array([bool(posseg.trans_P[s]) for s in names])
        self.start = np.array([posseg.start_P[s] for s in names])
        self.aranges = [np.arange(n) for n in range(len(names) + 1)]
        self.columns: dict[str, tuple] = {}
        self.tables = posseg

    def _emit(self, ch: str):
        """The emission of ``ch`` by every state."""
        emit_p = self.tables.emit_P
        return self.np.array([emit_p[s].get(ch, self.MIN_FLOAT) for s in self.names])

    def _states(self, ch: str) -> tuple:
        """The states jieba allows for ``ch`` (all of them for a character its table lacks) in index
        order, their emissions of it, and whether each of them has a successor."""
        found = self.columns.get(ch)
        if found is None:
            states = self.tables.char_state_tab_P.get(ch)
            if states is None:
                found = (self.aranges[len(self.names)], self._emit(ch), bool(self.has_out.all()))
            else:
                states = sorted(states, key=self.index.__getitem__)
                emit_p = self.tables.emit_P
                found = (self.np.array([self.index[s] for s in states]),
                         self.np.array([emit_p[s].get(ch, self.MIN_FLOAT) for s in states]),
                         all(self.tables.trans_P[s] for s in states))
            if len(self.columns) >= self.CHARACTERS_KEPT:
                self.columns.clear()
            self.columns[ch] = found
        return found

    def _viterbi(self, obs: str) -> tuple[float, tuple]:
        if self.tables is None:
            self._build()
        np, trans, has_out, aranges, no_way = self.np, self.trans, self.has_out, self.aranges, float("-inf")
        alive, emit, all_out = self._states(obs[0])
        probs = self.start[alive] + emit
        alives, backs = [alive], [alive]
        for ch in obs[1:]:
            if all_out:
                prev, prev_probs = alive, probs
            else:
                keep = has_out[alive]
                prev, prev_probs = alive[keep], probs[keep]
                if not len(prev):
                    import jieba.posseg as posseg

                    prob, route = self.original(obs, posseg.char_state_tab_P, posseg.start_P, posseg.trans_P,
                                                posseg.emit_P)
                    return prob, tuple(route)
            alive, emit, all_out = self._states(ch)
            step = trans[prev[:, None], alive]
            reached = step.max(axis=0) != no_way  # the allowed states some live state goes on to
            if not reached.all():
                if reached.any():
                    alive, emit, step = alive[reached], emit[reached], step[:, reached]
                else:  # none: jieba takes every state a live state goes on to (else every state)
                    rows = trans[prev]
                    goes_on = rows.max(axis=0) != no_way
                    alive = np.flatnonzero(goes_on) if goes_on.any() else aranges[len(self.names)]
                    emit, step = self._emit(ch)[alive], rows[:, alive]
                    all_out = bool(has_out[alive].all())
            scores = (prev_probs[:, None] + step) + emit
            best = scores.argmax(axis=0)  # the first of equal maxima: the greatest state
            probs = scores[best, aranges[len(alive)]]
            alives.append(alive)
            backs.append(prev[best])
        k = probs.argmax()
        state = alive[k]
        route = [None] * len(obs)
        for i in range(len(obs) - 1, 0, -1):
            route[i] = self.names[state]
            state = backs[i][np.searchsorted(alives[i], state)]
        route[0] = self.names[state]
        return float(probs[k]), tuple(route)


def _jieba_cache(jieba_module, kind: str) -> Path:
    """Where a table built from jieba's bundled dictionary is cached: the temp folder, as jieba
    caches its own, named by ``kind``, jieba's version and the dictionary file's size and mtime,
    so an upgrade of jieba never reads a stale table."""
    dict_file = Path(jieba_module.__file__).with_name("dict.txt")
    stat = dict_file.stat()
    key = hashlib.sha1(f"{jieba_module.__version__}|{dict_file}|{stat.st_size}|{stat.st_mtime_ns}".encode())
    return Path(tempfile.gettempdir()) / f"pressfacts.{kind}.{key.hexdigest()[:16]}.cache"


# Both tables are stored as joined strings (and packed integers), not as dicts: marshal then
# reads two or three objects rather than a million, and zip rebuilds the dict in a quarter of
# the time jieba's own marshal cache takes.

def _read_word_tags(path: Path) -> dict[str, str] | None:
    try:
        words, tags = marshal.loads(path.read_bytes())
        table = dict(zip(words.split("\n"), tags.split("\n")))
    except (OSError, EOFError, ValueError, TypeError, AttributeError):
        return None  # no cache yet, or a torn one: rebuild it
    return table if len(table) > 1000 else None


def _write_word_tags(path: Path, table: dict[str, str]) -> None:
    _write_cache(path, marshal.dumps(("\n".join(table), "\n".join(table.values()))))


def _read_frequencies(path: Path) -> tuple[dict[str, int], int] | None:
    try:
        words, packed, total = marshal.loads(path.read_bytes())
        counts = array.array("q")
        counts.frombytes(packed)
        words = words.split("\n")
        if len(words) != len(counts) or not isinstance(total, int):
            return None
        table = dict(zip(words, counts))
    except (OSError, EOFError, ValueError, TypeError, AttributeError):
        return None
    return (table, total) if len(table) > 1000 else None


def _write_frequencies(path: Path, table: dict[str, int], total: int) -> None:
    _write_cache(path, marshal.dumps(("\n".join(table), array.array("q", table.values()).tobytes(), total)))


def _write_cache(path: Path, blob: bytes) -> None:
    try:
        with tempfile.NamedTemporaryFile(dir=path.parent, prefix=path.name, delete=False) as f:
            f.write(blob)
        os.replace(f.name, path)
    except OSError as e:  # a read-only temp folder only costs the next process its load time
        logging.getLogger(__name__).debug("cannot cache a jieba table in %s: %s", path, e)


def _load_jieba_dictionary(jieba_module) -> None:
    """jieba's word frequencies, from our cache when we have one (0.16 s instead of the 0.65 s
    jieba's own cache takes: the largest part of a worker's start-up)."""
    dt = jieba_module.dt
    if dt.initialized or dt.dictionary is not None:  # loaded already, or not jieba's own dictionary
        return
    cache_file = _jieba_cache(jieba_module, "jieba-dict")
    cached = _read_frequencies(cache_file)
    if cached is None:
        dt.initialize()
        _write_frequencies(cache_file, dt.FREQ, dt.total)
        return
    with dt.lock:
        dt.FREQ, dt.total = cached
        dt.initialized = True


def dictionary_tag(word: str) -> str | None:
    """jieba's dictionary POS tag of ``word`` (n, v, nr, …), or None for a word it does not list.

    A dictionary look-up, not the HMM tagger: unknown words get no guessed tag.
    """
    return pos_tagger().word_tag_tab.get(word)


def dictionary_frequency(word: str) -> int:
    """jieba's dictionary count of ``word`` (our user dictionary included); 0 for a word it does
    not list, and for the prefixes jieba keeps with a count of 0."""
    segmenter()  # jieba's dictionary and ours loaded
    import jieba

    return jieba.dt.FREQ.get(word) or 0


def dictionary_tables() -> tuple[dict[str, int], dict[str, str]]:
    """jieba's two tables themselves, for a caller that looks up every character of a text (the
    NER model's lexicon features): the frequency table, which also holds every prefix of every
    word with a count of 0, and the bundled dictionary's word -> tag table."""
    tags = pos_tagger().word_tag_tab  # loads the segmenter, and so jieba's dictionary, first
    import jieba

    return jieba.dt.FREQ, tags


def user_dictionary_path() -> str:
    return str(resource_path(USER_DICT))
