"""Throughput of the shipped NER model against jieba's POS tagger, same text, same run, one core.

    OMP_NUM_THREADS=1 python bench/bench_ner.py ../shared/raw/xwlb_items.jsonl --items 300

Prints characters per second of the model (through ModelRecognizer, i.e. with chunking and
Mention building, and bare ``nlp.pipe``), of ``jieba.posseg.cut``, their ratios, and the model's
load time; and the model with thinc's default matrix products (blis) beside the numpy/OpenBLAS ones
pressfacts uses (``model.use_numpy_blas``), with whether their entities are the same. The bar is >= 30,000 chars/s for the model on one core (measured as chars per
CPU-second, so that a busy shared machine does not distort it; wall-clock rates are printed too).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import time
from pathlib import Path

for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(var, "1")

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def load_texts(path: Path, items: int) -> list[str]:
    texts = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                texts.append(json.loads(line)["text"])
                if len(texts) >= items:
                    break
    return texts


def rate(fn, texts: list[str], repeat: int) -> tuple[float, float]:
    """(chars per wall second, chars per CPU second) of ``fn(texts)``, best of ``repeat`` runs.

    CPU time (``time.process_time``) is what one core gives when the machine is shared; wall
    time is what a user waits on an idle machine. With one thread both agree when idle."""
    n = sum(len(t) for t in texts)
    wall = cpu = float("inf")
    for _ in range(repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        fn(texts)
        wall = min(wall, time.perf_counter() - t0)
        cpu = min(cpu, time.process_time() - c0)
    return n / wall, n / cpu


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("items_jsonl", type=Path, help="e.g. ../shared/raw/xwlb_items.jsonl")
    ap.add_argument("--items", type=int, default=300, help="first N items (default 300)")
    ap.add_argument("--model", type=Path, default=None, help="model dir (default: shipped model)")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()

    import spacy

    from pipeline.recognise.model import MODEL_DIR, ModelRecognizer, use_numpy_blas

    model_dir = args.model or MODEL_DIR
    texts = load_texts(args.items_jsonl, args.items)
    n = sum(len(t) for t in texts)
    print(f"text: first {len(texts)} items of {args.items_jsonl}, {n:,} chars; threads=1")

    t0 = time.perf_counter()
    nlp = spacy.load(model_dir)
    use_numpy_blas(nlp)
    load_s = time.perf_counter() - t0
    print(f"model load: {load_s:.2f} s ({model_dir})")

    rec = ModelRecognizer(model_dir)
    rec._nlp = nlp
    rec.label_scores = {}
    rec.recognise_many(texts[:5])  # warm up
    blis_rec = ModelRecognizer(model_dir)
    blis_rec._nlp = spacy.load(model_dir)  # thinc's default ops: blis
    blis_rec.label_scores = {}
    blis_rec.recognise_many(texts[:5])

    import jieba
    import jieba.posseg as pseg

    jieba.setLogLevel(logging.WARNING)
    t0 = time.perf_counter()
    jieba.initialize()
    list(pseg.cut("预热一下词性标注器。"))
    print(f"jieba load: {time.perf_counter() - t0:.2f} s")

    from pipeline.recognise.model import chunk_text

    chunks = [t[s:e] for t in texts for s, e in chunk_text(t)]

    model = rate(lambda ts: rec.recognise_many(ts), texts, args.repeat)
    blis_model = rate(lambda ts: blis_rec.recognise_many(ts), texts, args.repeat)
    same = rec.recognise_many(texts) == blis_rec.recognise_many(texts)
    pipe = rate(lambda ts: [d for d in nlp.pipe(chunks, batch_size=rec.batch_size)], texts, args.repeat)
    posseg = rate(lambda ts: [list(pseg.cut(t)) for t in ts], texts, args.repeat)
    print(f"{'':32s} {'chars/s wall':>14s} {'chars/CPU-s':>14s}")
    for name, (w, c) in (("ModelRecognizer.recognise_many", model), ("  the same on blis", blis_model),
                         ("nlp.pipe (chunks, bare)", pipe), ("jieba.posseg.cut", posseg)):
        print(f"{name:32s} {w:14,.0f} {c:14,.0f}")
    print(f"ratio model / jieba.posseg: {model[1] / posseg[1]:.2f}x by CPU time, "
          f"{model[0] / posseg[0]:.2f}x by wall time")
    print(f"numpy BLAS / blis: {model[1] / blis_model[1]:.2f}x by CPU time; same entities: {same}")
    print(f"bar >= 30,000 chars/s on one core (CPU time): {'PASS' if model[1] >= 30000 else 'FAIL'}")

if __name__ == "__main__":
    main()
