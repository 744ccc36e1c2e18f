"""Train and compare the deciders of cooperation items (``pipeline.extract.coop_tasks``).

    python -m pipeline.training.coop_tasks train GOLD_DIR [GOLD_DIR ...] [--output FILE]
    python -m pipeline.training.coop_tasks compare GOLD_DIR [GOLD_DIR ...]
    python -m pipeline.training.coop_tasks weights

``train`` runs the pipeline over every ``*.txt`` with a ``*.gold.json`` beside it, labels each
candidate the extractor finds (a task when it matches a gold item as ``score.py`` matches: overlap
at least half of both spans), fits the logistic regression on the named features and writes the
weights, the threshold that maximises F1 on the training set, and what it was trained on. Never
train on the set you check generalisation on (dev2).

``compare`` scores the model and the rules table on the candidates of the given sets: precision
over kept candidates, recall over all gold items (so the figures are those of ``score.py`` for
the items field). ``weights`` prints the model's weights, largest first.

Training code: the run-time pipeline never imports this module.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from pipeline.extract import coop_tasks
from pipeline.extract.cooperation import all_candidates
from pipeline.read import read_document
from pipeline.resources import resource_path
from pipeline.runner import Pipeline


def _gold_spans(text: str, gold: dict) -> list[tuple[int, int]]:
    out = []
    for item in gold.get("cooperation_items", []):
        at = text.find(item["text"])
        if at >= 0:
            out.append((at, at + len(item["text"])))
    return out


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _matches(g: tuple[int, int], q: tuple[int, int]) -> bool:
    o = _overlap(g, q)
    return o >= 0.5 * (g[1] - g[0]) and o >= 0.5 * (q[1] - q[0])


def candidates(gold_dirs: list[Path]) -> list[tuple[str, list[tuple[coop_tasks.Candidate, tuple[int, int]]], list[tuple[int, int]]]]:
    """Per document: its name, its candidates with spans, and its gold spans."""
    pipeline = Pipeline()
    docs = []
    for d in gold_dirs:
        for txt in sorted(d.glob("*.txt")):
            gold_file = txt.with_name(txt.name[:-4] + ".gold.json")
            if not gold_file.exists():
                continue
            doc = read_document(txt)
            with all_candidates() as found:
                pipeline.process(doc)
            gold = json.loads(gold_file.read_text(encoding="utf-8"))
            docs.append((txt.name, [(c, (s, e)) for c, s, e, _ in found], _gold_spans(doc.text, gold)))
    return docs


def labelled(docs) -> list[tuple[list[str], int]]:
    rows = []
    for _, cands, gold in docs:
        used: set[int] = set()
        labels = [0] * len(cands)
        for g in gold:
            for j, (_, span) in enumerate(cands):
                if j not in used and _matches(g, span):
                    used.add(j)
                    labels[j] = 1
                    break
        rows += [(coop_tasks.features(c), y) for (c, _), y in zip(cands, labels)]
    return rows


def score(docs, keep) -> tuple[float, float, float, int, int, int]:
    """(P, R, F1, tp, kept, gold) of the candidates ``keep`` keeps, matched as score.py does."""
    tp = kept = n_gold = 0
    for _, cands, gold in docs:
        spans = [span for c, span in cands if keep(c)]
        kept += len(spans)
        n_gold += len(gold)
        used: set[int] = set()
        for g in gold:
            for j, q in enumerate(spans):
                if j not in used and _matches(g, q):
                    used.add(j)
                    tp += 1
                    break
    p = tp / kept if kept else 0.0
    r = tp / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0), tp, kept, n_gold


def _model_keeps(m: dict):
    return lambda c: coop_tasks.model_score(coop_tasks.features(c), m["weights"]) >= m["threshold"]


def best_threshold(rows, weights) -> float:
    scored = sorted(((coop_tasks.model_score(f, weights), y) for f, y in rows), reverse=True)
    positives = sum(y for _, y in rows)
    best, best_t, tp = -1.0, 0.5, 0
    for k, (p, y) in enumerate(scored, start=1):
        tp += y
        f1 = 2 * tp / (k + positives) if positives else 0.0
        if f1 > best:
            best, best_t = f1, p
    return round(max(0.05, best_t - 1e-6), 4)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m pipeline.training.coop_tasks", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="command", required=True)
    t = sub.add_parser("train", help="fit the model on gold sets and write its weights")
    t.add_argument("gold", nargs="+", type=Path)
    t.add_argument("--output", type=Path, default=resource_path(coop_tasks.MODEL_FILE))
    t.add_argument("--l2", type=float, default=1.0)
    t.add_argument("--ship", choices=("model", "rules"), default=None,
                   help="which decider the pipeline uses (default: keep the current file's choice)")
    c = sub.add_parser("compare", help="score the model and the rules on gold sets")
    c.add_argument("gold", nargs="+", type=Path)
    c.add_argument("--model", type=Path, default=None, help="a weights file (default: the shipped one)")
    sub.add_parser("weights", help="print the model's weights")
    args = ap.parse_args(argv)

    if args.command == "weights":
        m = coop_tasks.model()
        print(f"threshold {m['threshold']}  ship {m.get('ship')}  trained on {m.get('trained_on')}")
        for name, w in sorted(m["weights"].items(), key=lambda kv: -abs(kv[1])):
            print(f"{w:+8.3f}  {name}")
        return 0
    docs = candidates(args.gold)
    if args.command == "train":
        rows = labelled(docs)
        weights = coop_tasks.train(rows, l2=args.l2)
        threshold = best_threshold(rows, weights)
        old = json.loads(args.output.read_text(encoding="utf-8")) if args.output.exists() else {}
        out = {
            "about": "logistic regression over the named features of pipeline.extract.coop_tasks; "
                     "retrain with: python -m pipeline.training.coop_tasks train GOLD_DIR ...",
            "ship": args.ship or old.get("ship", "model"),
            "trained_on": [str(d) for d in args.gold], "candidates": len(rows),
            "positives": sum(y for _, y in rows), "l2": args.l2, "threshold": threshold,
            "weights": dict(sorted(weights.items())),
        }
        args.output.write_text(json.dumps(out, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        coop_tasks.model.cache_clear()
        print(f"{len(rows)} candidates, {out['positives']} tasks; threshold {threshold}; wrote {args.output}")
        print("train  model P %.3f R %.3f F1 %.3f (tp %d kept %d gold %d)" % score(docs, _model_keeps(out)))
        return 0
    m = json.loads(args.model.read_text(encoding="utf-8")) if args.model else coop_tasks.model()
    print("model  P %.3f R %.3f F1 %.3f (tp %d kept %d gold %d)" % score(docs, _model_keeps(m)))
    print("rules  P %.3f R %.3f F1 %.3f (tp %d kept %d gold %d)" % score(docs, lambda c: coop_tasks.decide(c, "rules")[0]))
    print("all    P %.3f R %.3f F1 %.3f (tp %d kept %d gold %d)" % score(docs, lambda c: True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
