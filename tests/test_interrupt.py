"""Ctrl-C on a real batch process: exit 130, no traceback, the finished records kept and resumed.

A real SIGINT goes to the whole process group of a real `extract … --workers 2` (as a terminal's
Ctrl-C does: the workers get it too), once mid-run and once during the workers' start-up.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline.batch import manifest_path_for, partial_path_for
from tests.conftest import CORPUS, REFERENCE, ROOT

pytestmark = pytest.mark.skipif(not hasattr(os, "killpg"), reason="process groups (POSIX)")

EPOCH = "1764826833"  # one extraction time for every run here, so that outputs compare byte for byte


def releases() -> list[Path]:
    return sorted(CORPUS.glob("xwlb_*.txt")) + [REFERENCE]


def extract(args: list[str], **kw) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", "from pipeline.cli import main; main()", *args, "--no-model",
                             "--quiet"], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "PYTHONPATH": str(ROOT)},
                            start_new_session=True, **kw)


def ctrl_c(process: subprocess.Popen) -> tuple[int, str]:
    os.killpg(process.pid, signal.SIGINT)  # the whole group, as a terminal does
    try:
        _, stderr = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
    return process.returncode, stderr


def records_in_temp_output(folder: Path, out: Path) -> int:
    return sum(p.read_bytes().count(b"\n") for p in folder.glob(f".{out.name}.*.tmp"))


@pytest.fixture()
def inputs(tmp_path: Path) -> list[str]:
    """Forty real releases (the corpus's news items and reference release, in five folders)."""
    paths = []
    for copy in range(5):
        folder = tmp_path / "in" / f"c{copy}"
        folder.mkdir(parents=True)
        for path in releases():
            shutil.copy(path, folder / path.name)
            paths.append(str(folder / path.name))
    return paths


def test_ctrl_c_mid_run_keeps_the_finished_records_and_the_next_run_resumes(tmp_path: Path,
                                                                             inputs: list[str]) -> None:
    out = tmp_path / "out.jsonl"
    # An earlier, complete run (of fewer inputs) into the same output: it must stay as it was.
    assert extract([*inputs[:2], "-o", str(out), "--workers", "1"]).wait(timeout=300) == 0
    before = out.read_bytes(), manifest_path_for(out).read_bytes()

    run = extract([*inputs, "-o", str(out), "--workers", "2"])
    deadline = time.monotonic() + 240
    while records_in_temp_output(tmp_path, out) < 4 and run.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert run.poll() is None, "the run ended before it could be interrupted"
    code, stderr = ctrl_c(run)
    assert code == 130, stderr
    assert "Traceback" not in stderr
    assert stderr.strip().splitlines()[-1].startswith("interrupted: ")
    assert f"records kept in {partial_path_for(out)}" in stderr
    assert (out.read_bytes(), manifest_path_for(out).read_bytes()) == before
    kept = [json.loads(line)["source_file"] for line in partial_path_for(out).read_text(encoding="utf-8").splitlines()]
    assert len(kept) >= 4
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []  # no temp file left

    resumed = extract([*inputs, "-o", str(out), "--workers", "2"])
    _, stderr = resumed.communicate(timeout=600)
    assert resumed.returncode == 0, stderr
    fresh = tmp_path / "fresh.jsonl"
    whole = extract([*inputs, "-o", str(fresh), "--workers", "1"])
    whole.communicate(timeout=600)
    assert out.read_bytes() == fresh.read_bytes()
    assert not partial_path_for(out).exists() and not manifest_path_for(partial_path_for(out)).exists()


def test_the_resumed_run_says_it_carried_the_kept_records_over(tmp_path: Path, inputs: list[str]) -> None:
    out = tmp_path / "out.jsonl"
    run = extract([*inputs, "-o", str(out), "--workers", "2"])
    deadline = time.monotonic() + 240
    while records_in_temp_output(tmp_path, out) < 2 and run.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    code, _ = ctrl_c(run)
    assert code == 130
    kept = len(partial_path_for(out).read_text(encoding="utf-8").splitlines())
    resumed = subprocess.run([sys.executable, "-c", "from pipeline.cli import main; main()", *inputs, "-o", str(out),
                              "--no-model", "--workers", "2"], cwd=ROOT, capture_output=True, text=True,
                             env={**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "PYTHONPATH": str(ROOT)})
    assert resumed.returncode == 0
    assert f"{len(inputs)} inputs: {len(inputs)} records -> {out} ({kept} unchanged, carried over)" in resumed.stderr
    assert kept > 0


def test_ctrl_c_while_the_workers_start_exits_130_without_a_traceback(tmp_path: Path, inputs: list[str]) -> None:
    out = tmp_path / "out.jsonl"
    run = extract([*inputs, "-o", str(out), "--workers", "2"])
    time.sleep(1.5)  # the driver is up; its workers are importing spaCy and building their pipelines
    assert run.poll() is None
    code, stderr = ctrl_c(run)
    assert code == 130, stderr
    assert "Traceback" not in stderr and "KeyboardInterrupt" not in stderr
    assert stderr.strip().splitlines()[-1].startswith("interrupted")
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) in (["in"], ["in", "out.manifest.partial.jsonl",
                                                                   "out.partial.jsonl"], ["in", "out.partial.jsonl",
                                                                                          "out.partial.manifest.jsonl"])
