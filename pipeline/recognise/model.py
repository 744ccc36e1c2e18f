"""The NER model as one recognizer: pressfacts' own spaCy pipeline (PER, LOC, ORG, TITLE).

The model ships at ``pipeline/models/ner`` (a spaCy directory: ``spacy.load`` opens it with no
network) and is trained by ``extract train-ner`` (``pipeline/training/ner.py``, never imported
here). Long texts are cut at sentence ends into chunks of at most ``max_chunk`` characters; every
offset is mapped back, so ``text[m.start:m.end] == m.text`` for every mention.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Iterable, Sequence

import spacy
from spacy.language import Language
from thinc.api import NumpyOps
from threadpoolctl import threadpool_limits

from pipeline.document import Mention
from pipeline.recognise import ner_encoder, ner_features  # noqa: F401  register the model's layers
from pipeline.resources import NER_MODEL_DIR

MODEL_DIR = NER_MODEL_DIR
LABELS = ("PER", "LOC", "ORG", "TITLE")
_SENT_END = re.compile(r"[。！？!?；;\n]+")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of ``text`` (ending after its run of sentence-final marks)."""
    sents: list[tuple[int, int]] = []
    start = 0
    for m in _SENT_END.finditer(text):
        sents.append((start, m.end()))
        start = m.end()
    if start < len(text):
        sents.append((start, len(text)))
    return sents


def chunk_text(text: str, max_chunk: int = 500) -> list[tuple[int, int]]:
    """(start, end) pieces of ``text`` that cover it: sentences joined up to ``max_chunk`` chars,
    a longer sentence cut hard (at a comma if there is one in its second half)."""
    sents = sentence_spans(text)
    out: list[tuple[int, int]] = []
    cur: list[int] | None = None
    for s, e in sents:
        while e - s > max_chunk:
            if cur:
                out.append((cur[0], cur[1]))
                cur = None
            cut = s + max_chunk
            comma = max(text.rfind("，", s + max_chunk // 2, cut), text.rfind(",", s + max_chunk // 2, cut))
            if comma > s:
                cut = comma + 1
            out.append((s, cut))
            s = cut
        if cur is None:
            cur = [s, e]
        elif e - cur[0] <= max_chunk:
            cur[1] = e
        else:
            out.append((cur[0], cur[1]))
            cur = [s, e]
    if cur:
        out.append((cur[0], cur[1]))
    return [(s, e) for s, e in out if text[s:e].strip()]


class ModelRecognizer:
    """Finds PER, LOC, ORG and TITLE with the shipped spaCy model (loaded once per instance)."""

    name = "ner_model"
    labels = LABELS

    # 32 chunks per nlp.pipe batch: 5% faster than 64 and 20% faster than 128 on one core,
    # measured with bench/bench_ner.py.
    def __init__(self, model_path: Path | str | None = None, *, max_chunk: int = 500,
                 batch_size: int = 32) -> None:
        self.model_path = Path(model_path) if model_path is not None else MODEL_DIR
        self.max_chunk = max_chunk
        self.batch_size = batch_size
        self._nlp: Language | None = None
        self.label_scores: dict[str, float] = {}

    @property
    def nlp(self) -> Language:
        if self._nlp is None:
            self._nlp = loaded_model(self.model_path.resolve())
            self.label_scores = label_precision(self._nlp.meta)
        return self._nlp

    def recognise(self, text: str) -> list[Mention]:
        """Mentions of the model's labels in ``text``, offsets into ``text`` itself."""
        return self.recognise_many([text])[0]

    def recognise_many(self, texts: Iterable[str]) -> list[list[Mention]]:
        """:meth:`recognise` for a batch of texts, all chunks through one ``nlp.pipe``."""
        texts = list(texts)
        pieces: list[tuple[int, int, int]] = []  # (text index, start, end)
        for i, text in enumerate(texts):
            pieces.extend((i, s, e) for s, e in chunk_text(text, self.max_chunk))
        out: list[list[Mention]] = [[] for _ in texts]
        docs = self.nlp.pipe((texts[i][s:e] for i, s, e in pieces), batch_size=self.batch_size)
        for (i, off, _), doc in zip(pieces, docs):
            text = texts[i]
            for ent in doc.ents:
                if ent.label_ not in LABELS:
                    continue
                start, end = off + ent.start_char, off + ent.end_char
                # trim whitespace the tokenizer may have glued on
                while start < end and text[start].isspace():
                    start += 1
                while end > start and text[end - 1].isspace():
                    end -= 1
                if start < end:
                    out[i].append(Mention.at(text, start, end, ent.label_, self.name,
                                             score=self.label_scores.get(ent.label_, 0.8)))
        return out


@cache
def loaded_model(model_path: Path) -> Language:
    """The model at ``model_path``, loaded once per process: every recognizer built in a process
    shares it, and a worker forked from a server that loaded it (``pipeline.forkserver_warm``)
    starts with it in memory."""
    nlp = spacy.load(model_path)
    use_numpy_blas(nlp)
    return nlp


def use_numpy_blas(nlp: Language) -> None:
    """Run the model's matrix products through numpy's BLAS (OpenBLAS, one thread) instead of
    thinc's default, the blis library.

    Almost all of the model's time is matrix products of a few hundred rows (the pieces of one
    document) by the encoder's 240 x 160 weights. On the machines we measured, OpenBLAS picks kernels
    for the CPU it runs on and does these in a third of blis's time (``bench/bench_ner.py``); the
    entities are the same. One thread: a worker is one core's worth of work (``--workers`` is how
    pressfacts uses more), and OpenBLAS's own threads on matrices this small cost four times the
    CPU time for no gain. The limit is on BLAS only, for the whole process.
    """
    threadpool_limits(limits=1, user_api="blas")
    ops = NumpyOps(use_blis=False)
    for _, component in nlp.pipeline:
        model = getattr(component, "model", None)
        if model is not None:
            for node in model.walk():
                node.ops = ops


def label_precision(meta: dict) -> dict[str, float]:
    """Score of a mention: the transition-based NER gives no per-entity probability, so we use
    the model's precision for that label, pooled over its held-out dev splits (``meta.json``)."""
    tp: dict[str, int] = {}
    fp: dict[str, int] = {}
    for scores in (meta.get("dev_scores") or {}).values():
        for label in LABELS:
            s = scores.get(label)
            if s:
                tp[label] = tp.get(label, 0) + s["tp"]
                fp[label] = fp.get(label, 0) + s["fp"]
    return {lab: round(tp[lab] / (tp[lab] + fp[lab]), 3) for lab in tp if tp[lab] + fp[lab]}


def recognise(text: str, recognizer: ModelRecognizer | None = None) -> Sequence[Mention]:
    """Convenience: run a (shared) :class:`ModelRecognizer` on one text."""
    return (recognizer or _default()).recognise(text)


_DEFAULT: ModelRecognizer | None = None


def _default() -> ModelRecognizer:
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = ModelRecognizer()
    return _DEFAULT
