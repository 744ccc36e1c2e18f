"""Batch runs: parallel output equals serial byte for byte, incremental re-runs, ordered streaming."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from concurrent.futures import Future
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline import batch
from pipeline.batch import BatchSettings, Manifest, Outcome, _in_order, _Slot, manifest_path_for, read_input
from pipeline.cli import main
from pipeline.errors import PressfactsError
from pipeline.read import SourceMetadata
from pipeline.runner import Failure, Options, Pipeline
from tests.conftest import CORPUS, ROOT

RELEASES = ["xwlb_20220927_04.txt", "xwlb_20221025_01.txt", "xwlb_20230524_09.txt", "xwlb_20231117_04.txt"]
RULES = Options(use_model=False)


@pytest.fixture(autouse=True)
def one_extraction_time(monkeypatch) -> None:
    """Records carry their run's start time (extraction.extracted_at): pinned here, so that runs
    made one after the other can be compared byte for byte (tests/test_provenance.py checks the
    time itself)."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764826833")


def run(args: list[str]):
    return CliRunner().invoke(main, [*args, "--no-model"], catch_exceptions=False)


def without_speed(summary: str) -> str:
    return re.sub(r"[\d,.]+ chars/s \([\d.]+ s, the first document done after [\d.]+ s\)", "N chars/s", summary)


@pytest.fixture()
def inputs(tmp_path: Path) -> list[str]:
    """Four real releases and two bad inputs, in a folder of their own."""
    folder = tmp_path / "in"
    folder.mkdir()
    for name in RELEASES:
        shutil.copy(CORPUS / name, folder / name)
    (folder / "empty.txt").write_bytes(b"")
    names = [RELEASES[0], "empty.txt", RELEASES[1], "missing.txt", RELEASES[2], RELEASES[3]]
    return [str(folder / name) for name in names]


def outputs(out: Path) -> tuple[bytes, bytes]:
    return out.read_bytes(), batch.errors_path_for(out).read_bytes()


def test_two_workers_write_exactly_what_one_worker_writes(tmp_path: Path, inputs: list[str]) -> None:
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    serial = run([*inputs, "-o", str(one), "--workers", "1"])
    parallel = run([*inputs, "-o", str(two), "--workers", "2"])
    assert serial.exit_code == parallel.exit_code == 1
    assert outputs(one) == outputs(two)
    assert [json.loads(line)["source_file"] for line in one.read_text(encoding="utf-8").splitlines()] == [
        inputs[0], inputs[2], inputs[4], inputs[5]]
    # The same failures, named in the same order on stderr.
    errors = [line for line in parallel.stderr.splitlines() if line.startswith("error: ")]
    assert errors == [line for line in serial.stderr.splitlines() if line.startswith("error: ")]
    assert errors == [f"error: {inputs[1]}: [E-READ-EMPTY] is empty or whitespace only (stage: read)",
                      f"error: {inputs[3]}: [E-READ-MISSING] does not exist (stage: read)"]


def test_summary_and_no_progress_bar_off_a_terminal(tmp_path: Path, inputs: list[str]) -> None:
    out = tmp_path / "out.jsonl"
    result = run([*inputs, "-o", str(out), "--workers", "1"])
    facts = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    counts = {kind: sum(len(r[kind]) for r in facts) for kind in batch.FACT_KINDS}
    assert without_speed(result.stderr.splitlines()[-1]) == (
        f"6 inputs: 4 records -> {out} (0 unchanged, carried over), 2 failed -> {tmp_path / 'out.errors.jsonl'}; "
        f"facts: officials {counts['officials']}, places {counts['places']}, numbers {counts['numbers']}, "
        f"commitments {counts['commitments']}, "
        f"cooperation_items {counts['cooperation_items']}; N chars/s")
    assert len(result.stderr.splitlines()) == 3  # two errors and the summary: no bar, no control codes
    quiet = run([*inputs, "-o", str(out), "--workers", "1", "--quiet"])
    assert [line for line in quiet.stderr.splitlines() if not line.startswith("error: ")] == []


def test_the_summary_tells_start_up_from_the_run(tmp_path: Path, inputs: list[str]) -> None:
    """The time until the first processed document was done (start-up plus that document) beside
    the run's time; not given when nothing was processed (every record carried over)."""
    out = tmp_path / "out.jsonl"
    readable = [path for path in inputs if not path.endswith(("empty.txt", "missing.txt"))]
    first = run([*readable, "-o", str(out), "--workers", "1"]).stderr.splitlines()[-1]
    timing = re.search(r"\(([\d.]+) s, the first document done after ([\d.]+) s\)$", first)
    assert timing is not None, first
    assert 0 <= float(timing[2]) <= float(timing[1])
    again = run([*readable, "-o", str(out), "--workers", "1"]).stderr.splitlines()[-1]
    assert "(4 unchanged, carried over)" in again and again.endswith(" chars/s")


def test_a_second_run_carries_every_unchanged_record_over(tmp_path: Path, inputs: list[str]) -> None:
    out = tmp_path / "out.jsonl"
    run([*inputs, "-o", str(out), "--workers", "1"])
    first = outputs(out)
    again = run([*inputs, "-o", str(out), "--workers", "1"])
    assert outputs(out) == first
    assert "6 inputs: 4 records" in again.stderr and "(4 unchanged, carried over), 2 failed" in again.stderr


@pytest.mark.parametrize(("change", "carried"), [
    ("nothing", 4),
    ("--force", 0),
    ("edit one release", 3),
    ("touch one release (same bytes)", 4),
    ("other --max-bytes", 0),
    ("a metadata row for one release", 3),
    ("tamper with one output line", 3),
    ("delete the output", 0),
    ("delete the manifest", 0),
    ("truncate the manifest", 0),
    ("another pipeline version", 0),
])
def test_what_a_rerun_carries_over(tmp_path: Path, inputs: list[str], monkeypatch, change: str,
                                   carried: int) -> None:
    out = tmp_path / "out.jsonl"
    run([*inputs, "-o", str(out), "--workers", "1"])
    args = [*inputs, "-o", str(out), "--workers", "1"]
    lines = out.read_text(encoding="utf-8").splitlines()
    if change == "--force":
        args.append("--force")
    elif change == "edit one release":
        Path(inputs[2]).write_text(Path(inputs[2]).read_text(encoding="utf-8") + "\n补充报道。", encoding="utf-8")
    elif change == "touch one release (same bytes)":
        Path(inputs[2]).touch()
    elif change == "other --max-bytes":
        args += ["--max-bytes", "1000000"]
    elif change == "a metadata row for one release":
        sidecar = tmp_path / "index.tsv"
        sidecar.write_text(f"file\tdate\n{Path(inputs[2]).name}\t20221026\n", encoding="utf-8")
        args += ["--metadata", str(sidecar)]
    elif change == "tamper with one output line":
        lines[1] = lines[1].replace('"schema_version":"1.1"', '"schema_version":"1.0"', 1)  # same length
        out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    elif change == "delete the output":
        out.unlink()
    elif change == "delete the manifest":
        manifest_path_for(out).unlink()
    elif change == "truncate the manifest":
        manifest_path_for(out).write_text('{"manifest": 1', encoding="utf-8")
    elif change == "another pipeline version":
        monkeypatch.setattr(batch, "__version__", "999.0")
    result = run(args)
    assert f"({carried} unchanged, carried over)" in result.stderr
    # Whatever was carried over or made again, the output is what a fresh run writes.
    fresh = tmp_path / "fresh.jsonl"
    run([*args, "-o", str(fresh), "--force"])
    assert out.read_bytes() == fresh.read_bytes()


def test_failed_inputs_are_tried_again_and_kept_out_of_the_manifest(tmp_path: Path, inputs: list[str]) -> None:
    out = tmp_path / "out.jsonl"
    run([*inputs, "-o", str(out), "--workers", "1"])
    listed = [json.loads(line)["source_file"] for line in manifest_path_for(out).read_text().splitlines()[1:]]
    assert listed == [inputs[0], inputs[2], inputs[4], inputs[5]]
    Path(inputs[1]).write_bytes((CORPUS / RELEASES[0]).read_bytes())  # the empty file now has text
    result = run([*inputs, "-o", str(out), "--workers", "1"])
    assert result.exit_code == 1  # missing.txt still fails
    assert "6 inputs: 5 records" in result.stderr and "(4 unchanged, carried over), 1 failed" in result.stderr


def test_a_run_killed_midway_leaves_the_previous_output_whole(tmp_path: Path, inputs: list[str],
                                                                monkeypatch) -> None:
    out = tmp_path / "out.jsonl"
    run([*inputs, "-o", str(out), "--workers", "1"])
    before = outputs(out), manifest_path_for(out).read_bytes()
    calls = []

    def dies_on_the_second(pipeline, source_file, data, extraction=None):
        calls.append(source_file)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return Outcome(source_file, failure=Failure(source_file, "test", "E-TEST", "not run"))

    monkeypatch.setattr(batch, "outcome_of", dies_on_the_second)
    with pytest.raises(KeyboardInterrupt):
        batch.run(inputs, RULES, str(out), BatchSettings(force=True))
    assert (outputs(out), manifest_path_for(out).read_bytes()) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in", "out.errors.jsonl", "out.jsonl",
                                                          "out.manifest.jsonl"]


def test_stdout_runs_write_no_manifest(tmp_path: Path, inputs: list[str], monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = run([inputs[0], "-o", "-", "--quiet"])
    assert json.loads(result.stdout)["source_file"] == inputs[0]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in"]


@pytest.mark.parametrize(("name", "code"), [
    ("missing.txt", "E-READ-MISSING"),
    ("folder", "E-READ-DIRECTORY"),
    ("big.txt", "E-READ-TOO-LARGE"),
])
def test_read_input_fails_exactly_as_process_path(tmp_path: Path, name: str, code: str) -> None:
    (tmp_path / "folder").mkdir()
    (tmp_path / "big.txt").write_text("国务院" * 100, encoding="utf-8")
    options = Options(use_model=False, max_bytes=200)
    failure = read_input(str(tmp_path / name), options)
    assert isinstance(failure, Failure) and failure.code == code
    assert failure == Pipeline(options).process_path(str(tmp_path / name))


@pytest.mark.parametrize("name", ["empty.txt", RELEASES[0]])
def test_process_bytes_equals_process_path(rules_pipeline: Pipeline, inputs: list[str], name: str) -> None:
    path = next(p for p in inputs if p.endswith(name))
    data = read_input(path, RULES)
    assert isinstance(data, bytes)
    by_bytes, by_path = rules_pipeline.process_bytes(path, data), rules_pipeline.process_path(path)
    assert by_bytes == by_path


def test_metadata_rows_change_the_input_key_of_their_file_only() -> None:
    plain = Options(use_model=False)
    dated = Options(use_model=False, metadata={"a.txt": SourceMetadata(date="2023-06-27")})
    assert batch.input_key(b"x", plain, "in/a.txt") != batch.input_key(b"x", dated, "in/a.txt")
    assert batch.input_key(b"x", plain, "in/b.txt") == batch.input_key(b"x", dated, "in/b.txt")
    assert batch.options_fingerprint(plain) == batch.options_fingerprint(dated)  # the rows count per file
    assert batch.options_fingerprint(plain) != batch.options_fingerprint(Options(use_model=True))


def test_a_retrained_model_changes_the_fingerprint_of_model_runs_only(tmp_path: Path, monkeypatch) -> None:
    """New weights or a new version re-process model runs; an edited note in meta.json does not."""
    import pipeline.options

    (tmp_path / "meta.json").write_text('{"name": "ner", "version": "1.0.0", "notes": "a"}', encoding="utf-8")
    (tmp_path / "ner").mkdir()
    (tmp_path / "ner" / "model").write_bytes(b"weights 1")
    monkeypatch.setattr(pipeline.options, "NER_MODEL_DIR", tmp_path)
    with_model, rules = batch.options_fingerprint(Options(use_model=True)), batch.options_fingerprint(RULES)
    (tmp_path / "meta.json").write_text('{"name": "ner", "version": "1.0.0", "notes": "b"}', encoding="utf-8")
    assert batch.options_fingerprint(Options(use_model=True)) == with_model
    (tmp_path / "ner" / "model").write_bytes(b"weights 2")
    retrained = batch.options_fingerprint(Options(use_model=True))
    assert retrained != with_model
    (tmp_path / "meta.json").write_text('{"name": "ner", "version": "1.1.0", "notes": "b"}', encoding="utf-8")
    assert batch.options_fingerprint(Options(use_model=True)) not in (with_model, retrained)
    assert batch.options_fingerprint(RULES) == rules


@pytest.mark.parametrize(("finished_before_asked", "most_in_flight"), [
    (True, 1),  # each result is written as soon as it is there
    (False, batch.WINDOW_PER_WORKER * 2 + 1),  # slow workers: submission stops at the window
])
def test_outcomes_come_out_in_input_order_with_a_bounded_window(finished_before_asked: bool,
                                                                most_in_flight: int) -> None:
    futures = [Future() for _ in range(20)]
    if finished_before_asked:
        for i in reversed(range(len(futures))):  # finishing order does not matter
            futures[i].set_result(Outcome(str(i)))
    submitted: list[int] = []

    def slots():
        for i, future in enumerate(futures):
            submitted.append(i)
            yield _Slot(future, key=str(i))

    order, in_flight = [], []
    for slot in _in_order(slots(), workers=lambda: 2):
        in_flight.append(len(submitted) - len(order))
        order.append(slot.key)
        if not finished_before_asked:
            for future in futures[: len(submitted)]:
                if not future.done():
                    future.set_result(Outcome("late"))
    assert order == [str(i) for i in range(20)]
    assert max(in_flight) == most_in_flight


def test_without_dask_a_scheduler_is_a_clear_error(tmp_path: Path, inputs: list[str], monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)
    result = CliRunner().invoke(main, [inputs[0], "-o", str(tmp_path / "o.jsonl"), "--scheduler",
                                       "tcp://127.0.0.1:1"])
    assert result.exit_code == 1
    assert result.stderr == ("Error: [E-BATCH-DASK] --scheduler needs Dask: pip install -e '.[dask]' "
                             "(dask and distributed)\n")
    assert not (tmp_path / "o.jsonl").exists()


def test_an_unreachable_scheduler_is_a_clear_error(tmp_path: Path, inputs: list[str], monkeypatch) -> None:
    pytest.importorskip("distributed")
    monkeypatch.setattr(batch.DaskExecutor, "CONNECT_TIMEOUT", "1s")
    with pytest.raises(PressfactsError, match=r"E-BATCH-DASK.*cannot reach the Dask scheduler tcp://127.0.0.1:9"):
        batch.run(inputs[:1], RULES, str(tmp_path / "o.jsonl"), BatchSettings(scheduler="tcp://127.0.0.1:9"))
    assert not (tmp_path / "o.jsonl").exists()


def test_manifest_from_other_options_matches_nothing(tmp_path: Path) -> None:
    path = tmp_path / "m.jsonl"
    row = ('{"source_file": "%s", "key": "k", "offset": 0, "length": 1, "line_sha256": "x", "char_count": 1, '
           '"facts": %s}\n')
    path.write_text('{"manifest": 1, "options": "aaaa"}\n' + row % ("a.txt", [0] * len(batch.FACT_KINDS))
                    + row % ("b.txt", [0] * (len(batch.FACT_KINDS) - 1)), encoding="utf-8")
    # b.txt was counted before commitments were counted: processed again rather than summed wrong
    assert list(Manifest.load(path, "aaaa").entries) == ["a.txt"]
    assert Manifest.load(path, "bbbb").entries == {}


def test_a_worker_that_cannot_build_its_pipeline_says_why(monkeypatch) -> None:
    def no_model(options):
        raise PressfactsError("E-MODEL-MISSING", "no model at pipeline/models/ner")

    monkeypatch.setattr(batch, "build_pipeline", no_model)
    monkeypatch.setattr(batch, "_worker_pipeline", None)
    batch._init_pool_worker(RULES)  # must not raise: a raising initializer only says "broken pool"
    with pytest.raises(RuntimeError, match=r"could not build its pipeline: PressfactsError: \[E-MODEL-MISSING\]"):
        batch._pool_task("a.txt", b"x")
    # ... which the driver reports as the run's own error, naming the cause.
    future: Future = Future()
    future.set_exception(RuntimeError("the worker could not build its pipeline: PressfactsError: [E-MODEL-MISSING]"))
    with pytest.raises(PressfactsError, match=r"^\[E-BATCH-WORKER\] a worker failed: RuntimeError: the worker"):
        _Slot(future, key="k").outcome()


@pytest.mark.parametrize(("terminal", "quiet", "bar"), [(True, False, True), (True, True, False),
                                                         (False, False, False)])
def test_a_progress_bar_only_on_a_terminal_and_not_when_quiet(tmp_path: Path, inputs: list[str], monkeypatch,
                                                              terminal: bool, quiet: bool, bar: bool) -> None:
    bars = []

    class Recorder:
        def __init__(self, total: int) -> None:
            self.total, self.advanced, self.stopped = total, [], False
            bars.append(self)

        def advance(self, processed_chars: int) -> None:
            self.advanced.append(processed_chars)

        def stop(self) -> None:
            self.stopped = True

    monkeypatch.setattr(batch, "_ProgressBar", Recorder)
    monkeypatch.setattr("pipeline.cli.stderr_is_terminal", lambda: terminal)
    run([*inputs, "-o", str(tmp_path / "o.jsonl"), "--workers", "1", *(["--quiet"] if quiet else [])])
    assert len(bars) == bar
    if bar:
        records = [json.loads(line) for line in (tmp_path / "o.jsonl").read_text(encoding="utf-8").splitlines()]
        assert bars[0].total == len(inputs) == len(bars[0].advanced)  # one step per input, failures too
        assert sum(bars[0].advanced) == sum(r["char_count"] for r in records)
        assert bars[0].stopped


def test_records_do_not_depend_on_the_hash_seed(tmp_path: Path, inputs: list[str]) -> None:
    """Each worker process has its own str-hash seed: set order leaking into a record would make
    parallel output differ from serial (and flake), so pin two seeds and compare."""
    outputs_by_seed = []
    for seed in ("1", "2"):
        out = tmp_path / f"seed{seed}.jsonl"
        subprocess.run([sys.executable, "-c", "from pipeline.cli import main; main()", *inputs, "-o", str(out),
                        "--no-model", "--workers", "1", "--quiet"],
                       env={**os.environ, "PYTHONHASHSEED": seed}, cwd=ROOT,
                       check=False, capture_output=True)
        outputs_by_seed.append(out.read_bytes())
    assert outputs_by_seed[0] == outputs_by_seed[1]
    assert outputs_by_seed[0].count(b"\n") == 4


def _model_cache_in_this_process() -> tuple[int, int]:
    from pipeline.recognise.model import loaded_model

    info = loaded_model.cache_info()
    return info.hits, info.misses


def test_pool_workers_start_with_the_model_loaded() -> None:
    """A worker forks from a server that loaded the model and the dictionaries
    (pipeline/forkserver_warm.py): building its pipeline finds the model there (a cache hit), so
    no worker pays the load again."""
    # PoolExecutor takes its own forkserver context: the default start method (which another test
    # may have set) does not matter
    if "forkserver" not in batch.multiprocessing.get_all_start_methods():
        pytest.skip("workers are spawned, not forked from a warm server, on this platform")
    executor = batch.PoolExecutor(Options(), workers=1)
    try:
        hits, misses = executor._pool.submit(_model_cache_in_this_process).result(timeout=300)
    finally:
        executor.close()
    assert hits >= 1 and misses == 1  # loaded once, in the server; the worker's pipeline found it
