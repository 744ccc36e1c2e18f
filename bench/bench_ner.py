"""Throughput of the shipped NER model against jieba's POS tagger, same text, same run, one core.

    OMP_NUM_THREADS=1 python bench/bench_ner.py ../shared/raw/xwlb_items.jsonl --items 300

Prints characters per second of the model (through ModelRecognizer, i.e. with chunking and
Mention building, and bare ``nlp.pipe``), of ``jieba.posseg.cut``, their ratios, and the model's
load time. The bar is >= 30,000 chars/s for the model on one core.
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


def rate(fn, texts: list[str], repeat: int) -> float:
    """Best chars/s of ``repeat`` runs of ``fn(texts)``."""
    n = sum(len(t) for t in texts)
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn(texts)
        best = min(best, time.perf_counter() - t0)
    return n / best


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("items_jsonl", type=Path, help="e.g. ../shared/raw/xwlb_items.jsonl")
    ap.add_argument("--items", type=int, default=300, help="first N items (default 300)")
    ap.add_argument("--model", type=Path, default=None, help="model dir (default: shipped model)")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()

    import spacy

    from pipeline.recognise.model import MODEL_DIR, ModelRecognizer

    model_dir = args.model or MODEL_DIR
    texts = load_texts(args.items_jsonl, args.items)
    n = sum(len(t) for t in texts)
    print(f"text: first {len(texts)} items of {args.items_jsonl}, {n:,} chars; threads=1")

    t0 = time.perf_counter()
    nlp = spacy.load(model_dir)
    load_s = time.perf_counter() - t0
    print(f"model load: {load_s:.2f} s ({model_dir})")

    rec = ModelRecognizer(model_dir)
    rec._nlp = nlp
    rec.label_scores = {}
    rec.recognise_many(texts[:5])  # warm up

    import jieba
    import jieba.posseg as pseg

    jieba.setLogLevel(logging.WARNING)
    t0 = time.perf_counter()
    jieba.initialize()
    list(pseg.cut("预热一下词性标注器。"))
    print(f"jieba load: {time.perf_counter() - t0:.2f} s")

    from pipeline.recognise.model import chunk_text

    chunks = [t[s:e] for t in texts for s, e in chunk_text(t)]

    model_cps = rate(lambda ts: rec.recognise_many(ts), texts, args.repeat)
    pipe_cps = rate(lambda ts: [d for d in nlp.pipe(chunks, batch_size=64)], texts, args.repeat)
    jieba_cps = rate(lambda ts: [list(pseg.cut(t)) for t in ts], texts, args.repeat)
    print(f"{'ModelRecognizer.recognise_many':32s} {model_cps:12,.0f} chars/s")
    print(f"{'nlp.pipe (chunks, bare)':32s} {pipe_cps:12,.0f} chars/s")
    print(f"{'jieba.posseg.cut':32s} {jieba_cps:12,.0f} chars/s")
    print(f"ratio model / jieba.posseg: {model_cps / jieba_cps:.2f}x "
          f"(bare pipe {pipe_cps / jieba_cps:.2f}x)")
    print(f"bar >= 30,000 chars/s: {'PASS' if model_cps >= 30000 else 'FAIL'}")


if __name__ == "__main__":
    main()
