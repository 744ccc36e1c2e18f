"""Batch throughput, scaling, memory and model load, each beside jieba's POS tagger in the same run.

    python bench/bench_batch.py /work/shared/raw/xwlb_items.jsonl 2000 --no-model
    python bench/bench_batch.py /work/shared/raw/xwlb_items.jsonl 2000            # with the NER model
    python bench/bench_batch.py /work/shared/raw/xwlb_items.jsonl 19563 --no-model --incremental
    python bench/bench_batch.py /work/shared/raw/xwlb_items.jsonl 1000 --rounds 5  # then medians of alternated rounds

Writes the first N items (title, blank line, text: the shape of corpus/*.txt) as files in a temp
folder, then times whole processes, start-up included:

* jieba.posseg over the same texts (the baseline every figure is a ratio to);
* ``extract FILES --workers 1`` and ``--workers 2`` (documents/s, characters/s);
* peak resident memory of the largest process of each run (a worker; sampled with psutil);
* model load: building the Pipeline and running its first text, beside loading jieba.posseg;
* CPU seconds and the load average beside every wall-clock figure, and the speed-up of two plain
  CPU loops side by side: on a shared machine that, not the pool, caps the 2-worker figure.

``--incremental`` instead runs ``--workers 2`` over all N files into a fresh output, samples the
main process's memory along the way (flat: the same at a quarter and at the end), then runs
again with nothing changed and reports the second run's time as a fraction of the first (no
jieba run: these bars compare pressfacts runs with each other).

Each extract run's summary line says when its first document was done: the start-up (imports,
dictionaries, the model), paid once per run however many workers it has. The scaling of two
workers is given whole and "after start-up" (the documents alone): on a short batch the start-up,
the same wall-clock time for one worker and for two, caps the whole figure.

Bars: issue 5, 1 worker >= 0.5x jieba posseg chars/s (goal 1x); peak memory per worker <= 600 MB;
model load <= 3 s; unchanged re-run < 10% of the first run. Issue 14: 1 worker >= 0.75x;
2 workers >= 1.7x 1 worker.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import textwrap
import time
from dataclasses import dataclass, field
from pathlib import Path

try:
    import psutil
except ImportError:  # memory is then left unmeasured, and said so
    psutil = None

EXTRACT = "from pipeline.cli import main; main()"

JIEBA_POSSEG = textwrap.dedent("""
    import sys, time
    started, cpu_started = time.perf_counter(), time.process_time()
    import jieba, jieba.posseg
    jieba.setLogLevel(60)
    jieba.initialize()
    list(jieba.posseg.cut("新华社北京6月27日电"))
    print(time.perf_counter() - started, time.process_time() - cpu_started, file=sys.stderr)
    for path in open(sys.argv[1], encoding="utf-8").read().splitlines():
        for word in jieba.posseg.cut(open(path, encoding="utf-8").read()):
            pass
""")

MODEL_LOAD = textwrap.dedent("""
    import sys, time
    from pipeline.runner import Options, Pipeline
    from pipeline.batch import WARM_UP_TEXT
    started, cpu_started = time.perf_counter(), time.process_time()
    pipeline = Pipeline(Options(use_model=sys.argv[1] == "model"))
    pipeline.process_bytes("warm-up", WARM_UP_TEXT.encode("utf-8"))
    print(time.perf_counter() - started, time.process_time() - cpu_started)
""")


SPIN = textwrap.dedent("""
    import sys
    x = 0
    for i in range(int(sys.argv[1])):
        x += i * i
""")


def machine_scaling(loops: int = 20_000_000) -> float:
    """Wall-clock speed-up of two plain CPU loops run side by side over the same two run one after
    the other: the most two workers could gain on this machine at this moment (others' load included)."""
    def wall(parallel: bool) -> float:
        started = time.perf_counter()
        if parallel:
            procs = [subprocess.Popen([sys.executable, "-c", SPIN, str(loops)]) for _ in range(2)]
            for proc in procs:
                proc.wait()
        else:
            for _ in range(2):
                subprocess.run([sys.executable, "-c", SPIN, str(loops)], check=True)
        return time.perf_counter() - started

    return wall(parallel=False) / wall(parallel=True)


@dataclass
class Run:
    seconds: float
    peak_largest_mb: float | None = None  # the largest process of the run (a worker, when there are any)
    main_mb_samples: list[tuple[float, float]] = field(default_factory=list)  # (elapsed s, main RSS MB)
    largest_child_mb_samples: list[float] = field(default_factory=list)  # at the same moments
    stderr: str = ""
    cpu_seconds: float = 0.0  # user + system, the process and every descendant it waited for
    load: float = 0.0  # the machine's 1-minute load average at the end: others' work slows wall clocks


def cpu_of_children() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(cmd: list[str], cwd: Path | None = None) -> Run:
    """Run a command to its end, sampling the memory of it and its descendants."""
    cpu_before = cpu_of_children()
    started = time.perf_counter()
    # every record carries the run's start time (extraction.extracted_at); pinned, so that the runs'
    # outputs can be compared byte for byte
    env = {**os.environ, "SOURCE_DATE_EPOCH": os.environ.get("SOURCE_DATE_EPOCH", "1700000000")}
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    peak: dict[int, float] = {}
    cpu: dict[int, float] = {}  # last seen CPU seconds of each process of the tree
    samples: list[tuple[float, float]] = []
    child_samples: list[float] = []
    watched = psutil.Process(proc.pid) if psutil else None
    while proc.poll() is None:
        if watched is not None:
            try:
                main_mb = watched.memory_info().rss / 2**20
                samples.append((time.perf_counter() - started, main_mb))
                peak[proc.pid] = max(peak.get(proc.pid, 0.0), main_mb)
                cpu[proc.pid] = sum(watched.cpu_times()[:2])
                largest_child = 0.0
                for child in watched.children(recursive=True):
                    child_mb = child.memory_info().rss / 2**20
                    largest_child = max(largest_child, child_mb)
                    peak[child.pid] = max(peak.get(child.pid, 0.0), child_mb)
                    cpu[child.pid] = sum(child.cpu_times()[:2])
                child_samples.append(largest_child)
            except psutil.Error:
                pass
        time.sleep(0.1)
    seconds = time.perf_counter() - started
    stderr = proc.stderr.read() if proc.stderr else ""
    if proc.returncode not in (0, 1):  # 1: some inputs failed, which a benchmark may include
        raise SystemExit(f"{' '.join(cmd[:4])} … exited {proc.returncode}:\n{stderr[-2000:]}")
    # Pool workers are reaped by the forkserver, not by the run, so rusage alone misses them.
    cpu_seconds = max(cpu_of_children() - cpu_before, sum(cpu.values()))
    return Run(seconds, max(peak.values()) if peak else None, samples, child_samples, stderr, cpu_seconds,
               os.getloadavg()[0])


def write_items(items: Path, n: int, folder: Path) -> tuple[list[Path], int]:
    paths, chars = [], 0
    with items.open(encoding="utf-8") as fh:
        for line in fh:
            if len(paths) == n:
                break
            item = json.loads(line)
            text = f"{item.get('title', '').strip()}\n\n{item['text']}\n"
            path = folder / f"xwlb_{item['date']}_{item['idx']:05d}.txt"
            path.write_text(text, encoding="utf-8")
            paths.append(path)
            chars += len(text)
    return paths, chars


def extract_cmd(file_list: Path, out: Path, workers: int, use_model: bool, force: bool) -> list[str]:
    files = file_list.read_text(encoding="utf-8").splitlines()
    # not --quiet: the summary line on stderr says when the first document was done (see after_start_up)
    return [sys.executable, "-c", EXTRACT, *files, "-o", str(out), "--workers", str(workers),
            "--model" if use_model else "--no-model", *(["--force"] if force else [])]


SUMMARY_TIMING = re.compile(r"\(([\d.]+) s, the first document done after ([\d.]+) s\)\s*$")


def after_start_up(run: Run) -> float:
    """Seconds of the run after its first document was done, from extract's summary line: the
    documents alone, without the start-up (imports, dictionaries, model) that a run pays once
    however many workers it has, and that weighs on a short batch."""
    timing = SUMMARY_TIMING.search(run.stderr)
    if timing is None:
        raise SystemExit(f"no timing in extract's summary line: {run.stderr[-500:]}")
    return float(timing[1]) - float(timing[2])


def alternate_rounds(rounds: int, file_list: Path, folder: Path, chars: int, use_model: bool) -> dict[str, object]:
    """Rounds of jieba, 1 worker and 2 workers back to back: each ratio is taken within its round,
    so a drift in the machine's speed (other load, clock changes) moves numerator and denominator
    together; the medians over the rounds are the figures to quote."""
    import statistics

    rows = []
    for k in range(1, rounds + 1):
        jieba = timed([sys.executable, "-c", JIEBA_POSSEG, str(file_list)])
        one = timed(extract_cmd(file_list, folder / "r1" / "records.jsonl", 1, use_model, force=True))
        two = timed(extract_cmd(file_list, folder / "r2" / "records.jsonl", 2, use_model, force=True))
        row = {"one_over_jieba": jieba.seconds / one.seconds, "one_over_jieba_cpu": jieba.cpu_seconds / one.cpu_seconds,
               "two_over_one": one.seconds / two.seconds,
               "two_over_one_after_start_up": after_start_up(one) / after_start_up(two),
               "load": max(jieba.load, one.load, two.load)}
        rows.append(row)
        print(f"round {k}: 1 worker / jieba {row['one_over_jieba']:.2f}x (CPU {row['one_over_jieba_cpu']:.2f}x),"
              f" 2 workers / 1 worker {row['two_over_one']:.2f}x"
              f" ({row['two_over_one_after_start_up']:.2f}x after start-up), load {row['load']:.1f}")
    keys = ("one_over_jieba", "one_over_jieba_cpu", "two_over_one", "two_over_one_after_start_up")
    medians = {key: statistics.median(r[key] for r in rows) for key in keys}
    print(f"median of {rounds} rounds: 1 worker / jieba {medians['one_over_jieba']:.2f}x"
          f" (CPU {medians['one_over_jieba_cpu']:.2f}x), 2 workers / 1 worker {medians['two_over_one']:.2f}x"
          f" ({medians['two_over_one_after_start_up']:.2f}x after start-up)")
    return {"rounds": rows, "medians": medians}


def mb(value: float | None) -> str:
    return "n/a (pip install psutil)" if value is None else f"{value:,.0f} MB"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("items", type=Path, help="JSONL with date, idx, title, text (xwlb_items.jsonl)")
    parser.add_argument("n", type=int, help="how many items, from the first")
    parser.add_argument("--model", action=argparse.BooleanOptionalAction, default=True,
                        help="run with the NER model (default) or rules only")
    parser.add_argument("--incremental", action="store_true",
                        help="instead: a full run over N files with 2 workers, then an unchanged re-run")
    parser.add_argument("--rounds", type=int, default=1,
                        help="then K more rounds of jieba, 1 worker, 2 workers, one after the other, and the"
                             " median of each ratio (a machine whose speed drifts moves the single figures)")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench_batch.") as tmp:
        folder = Path(tmp)
        (folder / "in").mkdir()
        paths, chars = write_items(args.items, args.n, folder / "in")
        file_list = folder / "files.txt"
        file_list.write_text("\n".join(str(p) for p in paths), encoding="utf-8")
        n = len(paths)
        print(f"{n} documents, {chars:,} characters; model {'on' if args.model else 'off'}")

        figures: dict[str, object] = {"documents": n, "characters": chars, "model": args.model}
        if not args.incremental:  # the incremental bars are ratios of pressfacts runs to each other
            jieba = timed([sys.executable, "-c", JIEBA_POSSEG, str(file_list)])
            jieba_load, jieba_load_cpu = map(float, jieba.stderr.strip().splitlines()[-1].split())
            jieba_cps = chars / jieba.seconds
            print(f"jieba.posseg (whole process)  {jieba.seconds:8.1f} s  {n / jieba.seconds:8.1f} docs/s"
                  f"  {jieba_cps:10,.0f} chars/s  load {jieba_load:.2f} s ({jieba_load_cpu:.2f} s CPU)"
                  f"  cpu {jieba.cpu_seconds:.1f} s,"
                  f" load {jieba.load:.1f}")
            figures["jieba_posseg"] = {"seconds": jieba.seconds, "chars_per_s": jieba_cps, "load_s": jieba_load,
                                       "load_cpu_s": jieba_load_cpu,
                                       "cpu_s": jieba.cpu_seconds, "load": jieba.load}

        if args.incremental:
            out = folder / "out" / "records.jsonl"
            first = timed(extract_cmd(file_list, out, 2, args.model, force=False))
            first_output = out.read_bytes()
            second = timed(extract_cmd(file_list, out, 2, args.model, force=False))
            unchanged = out.read_bytes() == first_output
            del first_output
            samples = [mb for _, mb in first.main_mb_samples]
            quarter = samples[len(samples) // 4] if samples else None
            last = samples[-1] if samples else None
            workers = first.largest_child_mb_samples
            worker_quarter = workers[len(workers) // 4] if workers else None
            worker_last = workers[-2] if len(workers) > 1 else None  # the last sample may catch the exit
            print(f"first run, 2 workers          {first.seconds:8.1f} s  {n / first.seconds:8.1f} docs/s"
                  f"  {chars / first.seconds:10,.0f} chars/s")
            print(f"  main process memory: {mb(quarter)} at a quarter of the run, {mb(last)} at its end"
                  f" (flat if equal); largest worker {mb(worker_quarter)} then {mb(worker_last)};"
                  f" peak of any process {mb(first.peak_largest_mb)}")
            print(f"unchanged re-run              {second.seconds:8.1f} s  = {second.seconds / first.seconds:.1%}"
                  f" of the first run (bar < 10%); output byte-identical: {unchanged}")
            figures["incremental"] = {"first_s": first.seconds, "second_s": second.seconds,
                                      "second_over_first": second.seconds / first.seconds,
                                      "main_mb_at_quarter": quarter, "main_mb_at_end": last,
                                      "worker_mb_at_quarter": worker_quarter, "worker_mb_at_end": worker_last,
                                      "rerun_output_identical": unchanged,
                                      "peak_largest_mb": first.peak_largest_mb}
        else:
            started = time.perf_counter()
            load_s, load_cpu_s = map(float, subprocess.run(
                [sys.executable, "-c", MODEL_LOAD, "model" if args.model else "rules"],
                capture_output=True, text=True, check=True).stdout.split())
            load_process_s = time.perf_counter() - started
            print(f"model load (build + first text) {load_s:6.2f} s ({load_cpu_s:.2f} s CPU)"
                  f"  = {load_s / jieba_load:.1f}x jieba load (CPU: {load_cpu_s / jieba_load_cpu:.1f}x)"
                  f"  (bar <= 3 s); whole process with imports {load_process_s:.1f} s")
            runs = {}
            for workers in (1, 2):
                out = folder / f"out{workers}" / "records.jsonl"
                run = runs[workers] = timed(extract_cmd(file_list, out, workers, args.model, force=True))
                print(f"extract --workers {workers}            {run.seconds:8.1f} s  {n / run.seconds:8.1f} docs/s"
                      f"  {chars / run.seconds:10,.0f} chars/s  = {chars / run.seconds / jieba_cps:.2f}x jieba"
                      f"  peak {mb(run.peak_largest_mb)} per worker (bar <= 600 MB)"
                      f"  cpu {run.cpu_seconds:.1f} s, load {run.load:.1f}")
            same = (folder / "out1" / "records.jsonl").read_bytes() == (folder / "out2" / "records.jsonl").read_bytes()
            scaling = runs[1].seconds / runs[2].seconds
            documents_scaling = after_start_up(runs[1]) / after_start_up(runs[2])
            ceiling = machine_scaling()
            print(f"2 workers / 1 worker: {scaling:.2f}x (bar >= 1.7x); after start-up {documents_scaling:.2f}x"
                  f" (start-up: {runs[1].seconds - after_start_up(runs[1]):.1f} s of the 1-worker run,"
                  f" {runs[2].seconds - after_start_up(runs[2]):.1f} s of the 2-worker run); outputs identical: {same};"
                  f" this machine now: two plain CPU loops side by side {ceiling:.2f}x (the ceiling)")
            print(f"1 worker / jieba posseg: {chars / runs[1].seconds / jieba_cps:.2f}x (bar >= 0.5x, goal 1x);"
                  f" by CPU time: {jieba.cpu_seconds / runs[1].cpu_seconds:.2f}x")
            print(f"CPU time, 2 workers / 1 worker: {runs[2].cpu_seconds / runs[1].cpu_seconds:.2f}x (the cost of"
                  f" parallelism; wall-clock scaling needs two idle cores, see the load figures)")
            figures.update({
                "model_load_s": load_s, "model_load_cpu_s": load_cpu_s,
                "model_load_over_jieba_load": load_s / jieba_load,
                "workers": {str(w): {"seconds": r.seconds, "docs_per_s": n / r.seconds, "chars_per_s": chars / r.seconds,
                                     "over_jieba": chars / r.seconds / jieba_cps, "peak_mb": r.peak_largest_mb,
                                     "cpu_s": r.cpu_seconds, "load": r.load}
                            for w, r in runs.items()},
                "two_over_one": scaling, "two_over_one_after_start_up": documents_scaling,
                "machine_two_loop_scaling": ceiling, "identical": same})
        if args.rounds > 1 and not args.incremental:
            figures["rounds"] = alternate_rounds(args.rounds, file_list, folder, chars, args.model)
        if args.json:
            args.json.write_text(json.dumps(figures, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
