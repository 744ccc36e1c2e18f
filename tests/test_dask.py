"""`extract --scheduler tcp://…` on a real (local) Dask cluster writes what a local run writes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from tests.conftest import CORPUS

distributed = pytest.importorskip("distributed")  # the [dask] extra; [dev] installs it

RELEASES = ["xwlb_20220927_04.txt", "xwlb_20221025_01.txt", "xwlb_20230524_09.txt", "xwlb_20240628_03.txt",
            "xwlb_20250121_01.txt"]


@pytest.fixture(autouse=True)
def one_extraction_time(monkeypatch) -> None:
    """Records carry their run's start time (extraction.extracted_at): pinned here, so that runs
    made one after the other can be compared byte for byte (tests/test_provenance.py checks the
    time itself)."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764826833")


@pytest.fixture(scope="module")
def scheduler():
    # Two single-threaded workers in this process: real scheduling and serialisation, light start-up.
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as cluster:
        yield cluster.scheduler_address


def test_a_dask_run_writes_exactly_what_a_local_run_writes(tmp_path: Path, scheduler: str) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for name in RELEASES:
        shutil.copy(CORPUS / name, folder / name)
    (folder / "binary.txt").write_bytes(b"\x89PNG\r\n")
    inputs = [str(folder / name) for name in [RELEASES[0], "binary.txt", *RELEASES[1:], "missing.txt"]]
    local, remote = tmp_path / "local.jsonl", tmp_path / "remote.jsonl"
    on_this_machine = CliRunner().invoke(main, [*inputs, "-o", str(local), "--no-model", "--workers", "1"])
    on_the_cluster = CliRunner().invoke(main, [*inputs, "-o", str(remote), "--no-model", "--scheduler", scheduler])
    assert on_this_machine.exit_code == on_the_cluster.exit_code == 1
    assert remote.read_bytes() == local.read_bytes()
    assert len(remote.read_text(encoding="utf-8").splitlines()) == len(RELEASES)
    assert (tmp_path / "remote.errors.jsonl").read_bytes() == (tmp_path / "local.errors.jsonl").read_bytes()
    # Incremental runs work the same on a cluster: nothing changed, nothing sent.
    again = CliRunner().invoke(main, [*inputs, "-o", str(remote), "--no-model", "--scheduler", scheduler])
    assert f"({len(RELEASES)} unchanged, carried over)" in again.stderr
    assert remote.read_bytes() == local.read_bytes()


@pytest.fixture(scope="module")
def process_scheduler():
    # Worker *processes*, as on a real cluster: tasks run in a worker thread of another process,
    # where the local time guard (SIGALRM, main thread only) cannot reach them.
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        yield cluster.scheduler_address


def test_max_seconds_holds_on_a_cluster_as_it_does_locally(tmp_path: Path, process_scheduler: str) -> None:
    """The same slow document (a government work report eight times over, 600 KB: several seconds,
    far past the limit however fast the pipeline gets) gives the same E-TIMEOUT failure locally and
    on worker processes; the quick one after it still gives its record."""
    slow, quick = tmp_path / "slow.txt", CORPUS / RELEASES[0]
    slow.write_text((CORPUS / "govreport_2026_四川省.txt").read_text(encoding="utf-8") * 8, encoding="utf-8")
    inputs = [str(slow), str(quick)]
    local, remote = tmp_path / "local.jsonl", tmp_path / "remote.jsonl"
    args = ["--no-model", "--max-seconds", "0.3"]
    on_this_machine = CliRunner().invoke(main, [*inputs, "-o", str(local), *args, "--workers", "1"])
    on_the_cluster = CliRunner().invoke(main, [*inputs, "-o", str(remote), *args, "--scheduler", process_scheduler])
    assert on_this_machine.exit_code == on_the_cluster.exit_code == 1
    failures = [json.loads(line) for line in (tmp_path / "remote.errors.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [(f["source_file"], f["code"]) for f in failures] == [(str(slow), "E-TIMEOUT")]
    assert (tmp_path / "remote.errors.jsonl").read_bytes() == (tmp_path / "local.errors.jsonl").read_bytes()
    assert remote.read_bytes() == local.read_bytes()
    assert [json.loads(line)["source_file"] for line in remote.read_text(encoding="utf-8").splitlines()] == [str(quick)]


def test_a_document_that_stops_answering_is_killed_and_the_next_one_runs() -> None:
    """The hard limit behind the guard: a child that does not answer (here: stopped, as if stuck in
    C code that no signal interrupts) is killed at the limit plus the grace; the next document
    gets a new child."""
    import os
    import signal
    import time

    from pipeline.isolate import GRACE_SECONDS, DocumentProcess
    from pipeline.options import Options

    child = DocumentProcess(Options(use_model=False, max_seconds=0.5))
    data = (CORPUS / RELEASES[0]).read_bytes()
    assert child.run("first.txt", data).line is not None  # starts the child
    os.kill(child._child.pid, signal.SIGSTOP)
    started = time.monotonic()
    stuck = child.run("stuck.txt", data)
    assert stuck.failure is not None and stuck.failure.code == "E-TIMEOUT"
    assert stuck.failure.message == "took longer than 0.5 s (--max-seconds)"
    assert time.monotonic() - started < 0.5 + GRACE_SECONDS + 2
    assert child.run("after.txt", data).line is not None
    child.close()
