"""What the record's `extraction` (provenance) costs: the same documents with and without it.

    python bench/bench_provenance.py /work/shared/raw/xwlb_items.jsonl --items 300 --repeat 5 [--no-model]

One process, one Pipeline. Each repeat processes the same N texts twice, alternating which goes
first: as shipped (every record validated and serialised with its `extraction`, plus the
once-a-run cost of the model's identity, its weights hashed afresh), and with a record model
that has no `extraction` field at all. Prints the CPU seconds of each and their ratio (median over
repeats). Bar (issue 18): no measurable time, i.e. a ratio within the noise between repeats.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pydantic import create_model  # noqa: E402

from pipeline import options as options_module, records  # noqa: E402
from pipeline.batch import build_pipeline, outcome_of  # noqa: E402
from pipeline.options import Options, provenance, utc_now  # noqa: E402


def without_extraction() -> type:
    """Record with every field but `extraction` (same validators, same serialisation)."""
    fields = {name: (info.annotation, info) for name, info in records.Record.model_fields.items()
              if name != "extraction"}
    return create_model("RecordWithoutExtraction", __base__=records._Model, **fields)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("items", type=Path, help="JSONL of {title, text} items (e.g. shared/raw/xwlb_items.jsonl)")
    ap.add_argument("--items", dest="n", type=int, default=300)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--no-model", action="store_true")
    args = ap.parse_args()
    texts = []
    with args.items.open(encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            texts.append(f"{row.get('title', '')}\n\n{row.get('text', '')}".encode("utf-8"))
            if len(texts) == args.n:
                break
    opts = Options(use_model=not args.no_model, max_seconds=0)
    pipeline = build_pipeline(opts)
    shipped, bare = records.Record, without_extraction()

    def one_run(with_provenance: bool) -> float:
        records.Record = shipped if with_provenance else bare
        started = time.process_time()
        if with_provenance:
            options_module._weights_sha256.cache_clear()  # a run pays for hashing the weights once
            extraction = provenance(opts, utc_now())
        else:
            extraction = None
        lines = 0
        for i, data in enumerate(texts):
            lines += len(outcome_of(pipeline, f"{i}.txt", data, extraction).line or "")
        return time.process_time() - started

    try:
        one_run(True)  # warm every cache once
        ratios, with_s, without_s = [], [], []
        for r in range(args.repeat):
            order = (True, False) if r % 2 == 0 else (False, True)
            times = {flag: one_run(flag) for flag in order}
            with_s.append(times[True])
            without_s.append(times[False])
            ratios.append(times[True] / times[False])
    finally:
        records.Record = shipped
    chars = sum(len(t.decode("utf-8")) for t in texts)
    print(f"{len(texts)} documents, {chars:,} characters, model {'off' if args.no_model else 'on'}, "
          f"{args.repeat} alternating repeats (CPU seconds)")
    print(f"with extraction:    median {statistics.median(with_s):.3f} s  ({', '.join(f'{t:.3f}' for t in with_s)})")
    print(f"without extraction: median {statistics.median(without_s):.3f} s  ({', '.join(f'{t:.3f}' for t in without_s)})")
    spread = (max(without_s) - min(without_s)) / statistics.median(without_s)
    print(f"ratio with/without: median {statistics.median(ratios):.4f} (range {min(ratios):.4f}-{max(ratios):.4f}); "
          f"repeat-to-repeat spread of the run without: {spread:.1%}")


if __name__ == "__main__":
    main()
