"""Time per 100k characters of one long document, at 100k, 300k and 1.4M characters (issue 14).

    OMP_NUM_THREADS=1 python bench/bench_long.py ../shared/corpus
    python bench/bench_long.py ../shared/corpus --sizes 100000 300000 --kinds repeated --no-model
    python bench/bench_long.py ../shared/corpus --write /tmp/long      # also keep the texts as files

Two kinds of text, each built to each size and processed as one document by the pipeline (model
on unless --no-model), in this process, after a warm-up:

* ``reports``: the work reports ``CORPUS/govreport_*.txt`` joined (in name order, again from the
  first when they run out) and cut at a line end at or below the size: ordinary long prose;
* ``repeated``: 重庆市委书记袁家军出席会议并讲话。 twenty times a line, as many lines as fit: one name,
  title and organisation tens of thousands of times.

Prints CPU seconds (this process; what the other users of a shared machine do not change) and
wall seconds per 100k characters, and per kind the ratio of the largest size's CPU time per 100k
characters to the smallest's. Bar: every ratio <= 1.3 (linear time in the length).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(var, "1")

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

REPEATED_SENTENCE = "重庆市委书记袁家军出席会议并讲话。"
SIZES = (100_000, 300_000, 1_400_000)
BAR = 1.3


def reports_text(corpus: Path, size: int) -> str:
    """The work reports joined and cut at a line end, at most ``size`` characters."""
    files = sorted(corpus.glob("govreport_*.txt"))
    if not files:
        raise SystemExit(f"no govreport_*.txt in {corpus}")
    lines = [line for f in files for line in f.read_text(encoding="utf-8").splitlines(keepends=True)]
    out, total = [], 0
    while True:
        for line in lines:
            if total + len(line) > size:
                return "".join(out)
            out.append(line)
            total += len(line)


def repeated_text(size: int) -> str:
    line = REPEATED_SENTENCE * 20 + "\n"
    return line * (size // len(line))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", type=Path, help="folder with govreport_*.txt (../shared/corpus)")
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--kinds", nargs="+", choices=("reports", "repeated"), default=["reports", "repeated"])
    parser.add_argument("--no-model", action="store_true", help="rules and gazetteers only")
    parser.add_argument("--write", type=Path, help="also write each text to DIR/KIND_SIZE.txt")
    args = parser.parse_args()

    from pipeline.read import document_from_bytes
    from pipeline.records import Record
    from pipeline.runner import Options, Pipeline

    pipeline = Pipeline(Options(use_model=not args.no_model, max_seconds=0))
    pipeline.process_bytes("warm-up.txt", reports_text(args.corpus, 5_000).encode("utf-8"))
    print(f"{'kind':9s} {'chars':>9s} {'CPU s':>7s} {'wall s':>7s} {'CPU s/100k':>10s} {'wall s/100k':>11s}")
    failed = False
    for kind in args.kinds:
        per_100k = []
        for size in sorted(args.sizes):
            text = reports_text(args.corpus, size) if kind == "reports" else repeated_text(size)
            data = text.encode("utf-8")
            if args.write:
                args.write.mkdir(parents=True, exist_ok=True)
                (args.write / f"{kind}_{size}.txt").write_bytes(data)
            doc = document_from_bytes(data, f"{kind}_{size}.txt", None, max_bytes=len(data) + 1)
            cpu, wall = time.process_time(), time.perf_counter()
            record = pipeline.process(doc)
            cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
            assert isinstance(record, Record)
            per_100k.append(cpu / len(text) * 1e5)
            print(f"{kind:9s} {len(text):9,d} {cpu:7.1f} {wall:7.1f} {per_100k[-1]:10.2f} "
                  f"{wall / len(text) * 1e5:11.2f}", flush=True)
        ratio = per_100k[-1] / per_100k[0]
        failed |= ratio > BAR
        print(f"{kind:9s} largest/smallest CPU time per 100k characters: {ratio:.2f}x "
              f"({'within' if ratio <= BAR else 'ABOVE'} the bar of {BAR}x)")
    print(f"load average at the end: {os.getloadavg()[0]:.1f}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
