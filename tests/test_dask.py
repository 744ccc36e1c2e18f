"""`extract --scheduler tcp://…` on a real (local) Dask cluster writes what a local run writes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from tests.conftest import CORPUS

distributed = pytest.importorskip("distributed")  # the [dask] extra; [dev] installs it

RELEASES = ["xwlb_20220927_04.txt", "xwlb_20221025_01.txt", "xwlb_20230524_09.txt", "xwlb_20240628_03.txt",
            "xwlb_20250121_01.txt"]


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
