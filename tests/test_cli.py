"""The CLI as a user meets it: CliRunner, exact outputs, exit codes, failure accounting."""

from __future__ import annotations

import json
import shutil

from click.testing import CliRunner

from pipeline.cli import main
from tests.conftest import REFERENCE


def run(args: list[str]):
    return CliRunner().invoke(main, args, catch_exceptions=False)


def test_extract_writes_one_record_per_input_and_an_empty_errors_file(tmp_path) -> None:
    out = tmp_path / "out.jsonl"
    result = run([str(REFERENCE), "-o", str(out), "--no-model"])
    assert result.exit_code == 0, result.output
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1
    record = json.loads(lines[0])
    assert record["source_file"] == str(REFERENCE)
    assert record["schema_version"] == "1.1"
    assert (tmp_path / "out.errors.jsonl").read_text(encoding="utf-8") == ""
    assert "1 inputs: 1 records" in result.stderr


def test_bad_inputs_are_recorded_and_the_batch_goes_on(tmp_path) -> None:
    good = tmp_path / "good.txt"
    shutil.copy(REFERENCE, good)
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    pdf = tmp_path / "scan.txt"
    pdf.write_bytes(b"%PDF-1.4 binary")
    missing = tmp_path / "missing.txt"
    out = tmp_path / "out.jsonl"
    result = run([str(empty), str(good), str(pdf), str(missing), str(tmp_path), "-o", str(out), "--no-model"])
    assert result.exit_code == 1
    records = out.read_text(encoding="utf-8").splitlines()
    failures = [json.loads(x) for x in (tmp_path / "out.errors.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(records) + len(failures) == 5
    assert [f["code"] for f in failures] == [
        "E-READ-EMPTY", "E-READ-BINARY", "E-READ-MISSING", "E-READ-DIRECTORY"]
    assert all(set(f) == {"source_file", "stage", "code", "message"} for f in failures)
    for path in (empty, pdf, missing):
        assert f"error: {path}: [" in result.stderr


def test_stdout_output(tmp_path) -> None:
    result = run([str(REFERENCE), "-o", "-", "--no-model", "--quiet"])
    assert result.exit_code == 0
    assert json.loads(result.stdout.splitlines()[0])["char_count"] > 1000
    assert result.stderr == ""


def test_no_inputs_is_a_usage_error() -> None:
    result = CliRunner().invoke(main, ["run"])
    assert result.exit_code == 2
    assert "no input files" in result.stderr


def test_malformed_metadata_is_a_usage_error(tmp_path) -> None:
    meta = tmp_path / "m.tsv"
    meta.write_text("name\tdate\n", encoding="utf-8")
    result = CliRunner().invoke(main, [str(REFERENCE), "--metadata", str(meta), "-o", str(tmp_path / "o.jsonl")])
    assert result.exit_code == 2
    assert "m.tsv:1" in result.stderr


def test_every_command_has_help_with_an_example() -> None:
    for name, command in main.commands.items():
        result = run([name, "--help"])
        assert result.exit_code == 0, name
        assert "Example" in result.output, f"`extract {name} --help` shows no example"
