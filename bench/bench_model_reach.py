"""Officials found, and CPU time, with the NER model reading the sentences the rules leave open (as
shipped) against every sentence: the measurement behind which sentences the model reads.

    python bench/bench_model_reach.py /work/shared/raw/xwlb_items.jsonl 800

Takes N items at random (seed 15) from the JSONL (date, idx, title, text), processes each as
"title, blank line, text" once per mode, each mode in its own process, and prints the officials
of each and the names only one of them finds.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import textwrap
import time

RUN = textwrap.dedent("""
    import json, sys, time
    from pipeline.options import Options
    from pipeline.recognise import model_adapter
    from pipeline.recognise.model import sentence_spans
    from pipeline.runner import Pipeline
    if sys.argv[2] == "every":
        model_adapter.open_sentences = lambda text, rule: model_adapter._pieces(text, sentence_spans(text))
    items = json.load(open(sys.argv[1], encoding="utf-8"))
    pipeline = Pipeline(Options())
    started = time.process_time()
    out = {}
    for name, text in items:
        record = pipeline.process_bytes(name, text.encode("utf-8"))
        out[name] = sorted(o.name for o in record.officials)
    json.dump({"cpu": time.process_time() - started, "officials": out}, sys.stdout, ensure_ascii=False)
""")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("items", help="JSONL with date, idx, title, text (xwlb_items.jsonl)")
    parser.add_argument("n", type=int, help="how many items, at random (seed 15)")
    args = parser.parse_args()
    lines = open(args.items, encoding="utf-8").read().splitlines()
    chosen = [json.loads(lines[i]) for i in random.Random(15).sample(range(len(lines)), args.n)]
    items = [(f"xwlb_{it['date']}_{it['idx']:02d}.txt", f"{it['title']}\n\n{it['text']}") for it in chosen]
    with open("/tmp/bench_model_reach.json", "w", encoding="utf-8") as f:
        json.dump(items, f, ensure_ascii=False)
    runs = {}
    for mode in ("open", "every"):
        started = time.perf_counter()
        done = subprocess.run([sys.executable, "-c", RUN, "/tmp/bench_model_reach.json", mode],
                              check=True, capture_output=True, text=True)
        runs[mode] = json.loads(done.stdout)
        print(f"{mode:6s} officials {sum(map(len, runs[mode]['officials'].values())):6d}  "
              f"CPU {runs[mode]['cpu']:.1f} s  wall {time.perf_counter() - started:.1f} s")
    for name in runs["open"]["officials"]:
        a, b = set(runs["open"]["officials"][name]), set(runs["every"]["officials"][name])
        if a != b:
            print(f"{name}: only open {sorted(a - b)}, only every {sorted(b - a)}")


if __name__ == "__main__":
    main()
