"""Every record says what made it; a bad -o costs nothing; the sidecar's rows go to the right files;
the schema and the README describe everything a user meets (every property, every error code)."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.options import model_info
from pipeline.read import load_metadata, metadata_for
from pipeline.records import record_json_schema
from tests.conftest import CORPUS, REFERENCE, ROOT

RELEASES = ["xwlb_20220927_04.txt", "xwlb_20221025_01.txt", "xwlb_20230524_09.txt"]


def run(args: list[str], **env: str):
    return CliRunner(env=env or None).invoke(main, args, catch_exceptions=False)


def records(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.fixture()
def inputs(tmp_path: Path) -> list[str]:
    folder = tmp_path / "in"
    folder.mkdir()
    for name in RELEASES:
        shutil.copy(CORPUS / name, folder / name)
    return [str(folder / name) for name in RELEASES]


# -- the record's extraction -----------------------------------------------------------------------


def test_a_model_record_names_its_model_and_a_rules_record_has_none(full_pipeline, rules_pipeline) -> None:
    with_model, rules = full_pipeline.process_path(REFERENCE), rules_pipeline.process_path(REFERENCE)
    model = with_model.extraction.model
    assert model is not None and model.name == "pressfacts_ner" and re.fullmatch(r"[1-9]\d*\.\d+\.\d+", model.version)
    assert model.model_dump() == model_info()  # the shipped model's meta.json and weights
    assert with_model.extraction.options.use_model and "ner_model" in with_model.extraction.options.recognizers
    assert rules.extraction.model is None
    assert not rules.extraction.options.use_model and "ner_model" not in rules.extraction.options.recognizers
    assert with_model.extraction.pressfacts_version == rules.extraction.pressfacts_version == with_model.pipeline_version


def test_the_weights_hash_covers_the_weights_not_the_notes(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "pipeline" / "models" / "ner", tmp_path / "ner")
    shipped = model_info(tmp_path / "ner")
    meta = json.loads((tmp_path / "ner" / "meta.json").read_text(encoding="utf-8"))
    (tmp_path / "ner" / "meta.json").write_text(json.dumps({**meta, "sources_note": "edited"}), encoding="utf-8")
    assert model_info(tmp_path / "ner") == shipped
    weights = tmp_path / "ner" / "ner" / "model"
    weights.write_bytes(weights.read_bytes()[:-1] + b"\x00")
    assert model_info(tmp_path / "ner")["weights_sha256"] != shipped["weights_sha256"]


def test_the_packager_gives_every_retrained_model_a_new_version(tmp_path: Path) -> None:
    from pipeline.training.ner import next_model_version, package

    assert [next_model_version(v) for v in (None, "0.0.0", "1.0.0", "1.9.2", "junk")] == [
        "1.0.0", "1.0.0", "1.1.0", "1.10.0", "1.0.0"]
    best, out = tmp_path / "best", tmp_path / "model"
    best.mkdir()
    (best / "meta.json").write_text('{"name": "ner", "version": "0.0.0"}', encoding="utf-8")  # spaCy's placeholder
    versions = [package(best, out, splits={}, overrides={}, evaluate_dev=False)["version"] for _ in range(3)]
    assert versions == ["1.0.0", "1.1.0", "1.2.0"]


def test_one_run_one_time_and_a_carried_record_keeps_its_own(tmp_path: Path, inputs: list[str]) -> None:
    out = tmp_path / "out.jsonl"
    first = "2025-12-01T00:00:00Z"
    run([*inputs, "-o", str(out), "--no-model", "--workers", "1"], SOURCE_DATE_EPOCH="1764547200")
    assert {r["extraction"]["extracted_at"] for r in records(out)} == {first}
    Path(inputs[1]).write_text(Path(inputs[1]).read_text(encoding="utf-8") + "\n补充报道。", encoding="utf-8")
    result = run([*inputs, "-o", str(out), "--no-model", "--workers", "1"])  # now: no pinned time
    assert "(2 unchanged, carried over)" in result.stderr
    times = [r["extraction"]["extracted_at"] for r in records(out)]
    assert times[0] == times[2] == first and times[1] > first
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", times[1])


def test_the_database_keeps_the_extraction_and_the_readme_query_selects_by_model_version(
        tmp_path: Path, inputs: list[str]) -> None:
    import sqlalchemy as sa

    out, url = tmp_path / "out.jsonl", f"sqlite:///{tmp_path / 'db.sqlite'}"
    run([inputs[0], "-o", str(out), "--no-model", "--db", url])
    run([inputs[1], "-o", str(tmp_path / "model.jsonl"), "--db", url])
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    query = re.search(r"```sql\n(-- records of one model version\n.*?)```", readme, re.S)
    assert query, "README: the query that selects records by model version"
    sql = query.group(1).replace("'1.0.0'", "'" + model_info()["version"] + "'")
    with sa.create_engine(url).connect() as conn:
        rows = conn.execute(sa.text(sql)).all()
        rules = conn.execute(sa.text("SELECT d.source_file FROM documents d JOIN extractions x USING (doc_id) "
                                     "WHERE x.model_version IS NULL")).all()
    assert [row.source_file for row in rows] == [inputs[1]]
    assert [row.source_file for row in rules] == [inputs[0]]


# -- the sidecar ------------------------------------------------------------------------------------


def test_the_sidecar_source_is_kept_as_url_or_as_given(tmp_path: Path, inputs: list[str]) -> None:
    sidecar = tmp_path / "index.tsv"
    url = "https://tv.cctv.com/2022/09/27/VIDEW2z6PMhluKjUeal3D8e1220927.shtml"
    sidecar.write_text(f"file\tsource\n{RELEASES[0]}\t{url}\n{RELEASES[1]}\t央视网\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    run([*inputs, "-o", str(out), "--no-model", "--metadata", str(sidecar)])
    got = [(r["source"]["url"], r["source"]["listed_source"]) for r in records(out)]
    assert got == [(url, None), (None, "央视网"), (None, None)]


def test_metadata_rows_match_by_path_first_then_by_name(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "c").mkdir()
    for folder in "abc":
        shutil.copy(CORPUS / RELEASES[0], tmp_path / folder / "001.txt")
    shutil.copy(CORPUS / RELEASES[1], tmp_path / "c" / "002.txt")
    sidecar = tmp_path / "index.tsv"
    sidecar.write_text("file\tdate\na/001.txt\t20220101\nb/001.txt\t20220202\n002.txt\t20220303\n", encoding="utf-8")
    rows = load_metadata(sidecar)
    assert metadata_for(rows, str(tmp_path / "a" / "001.txt")).date == "2022-01-01"
    assert metadata_for(rows, "b/001.txt").date == "2022-02-02"
    assert metadata_for(rows, str(tmp_path / "c" / "002.txt")).date == "2022-03-03"  # by name: one row has it
    assert metadata_for(rows, str(tmp_path / "c" / "001.txt")) is None  # two rows have the name: neither
    inputs = [str(tmp_path / p) for p in ("a/001.txt", "b/001.txt", "c/001.txt")]
    out = tmp_path / "out.jsonl"
    result = run([*inputs, "-o", str(out), "--no-model", "--metadata", str(sidecar), "--quiet"])
    assert [(r["pub_date"], r["pub_date_source"]) for r in records(out)] == [
        ("2022-01-01", "metadata"), ("2022-02-02", "metadata"), (None, None)]
    assert result.stderr == (f"warning: {inputs[2]}: --metadata has 2 rows for its file name (a/001.txt, "
                             "b/001.txt) and none for its path; none is used\n")


# -- the schema and the README ----------------------------------------------------------------------


def _properties(schema: dict) -> list[tuple[str, dict]]:
    found = [(f"Record.{name}", prop) for name, prop in schema["properties"].items()]
    for model, definition in schema.get("$defs", {}).items():
        found += [(f"{model}.{name}", prop) for name, prop in definition.get("properties", {}).items()]
    return found


def test_every_schema_property_has_a_description() -> None:
    properties = _properties(json.loads(record_json_schema()))
    assert len(properties) > 63
    missing = [name for name, prop in properties if len(prop.get("description", "")) < 12]
    assert missing == [], f"properties without a description (Field(description=...) in records.py): {missing}"


def _codes_raised_in_the_code() -> set[str]:
    codes = set()
    for path in (ROOT / "pipeline").rglob("*.py"):
        codes |= set(re.findall(r"[\"'](E-[A-Z][A-Z0-9-]*[A-Z0-9])[\"']", path.read_text(encoding="utf-8")))
    return codes


def test_the_readme_lists_every_error_code_with_what_to_do() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Error codes"):]
    listed = dict(re.findall(r"^\| `(E-[A-Z0-9-]+)` \| [^|]+ \| ([^|]+) \|$", section, re.M))
    raised = _codes_raised_in_the_code()
    assert {"E-READ-EMPTY", "E-META-DATE", "E-TIMEOUT", "E-DB-VERSION", "E-OUTPUT-DIRECTORY"} <= raised
    assert sorted(raised - set(listed)) == [], "error codes raised in pipeline/ but not in README's list"
    assert all(len(todo.strip()) > 10 for todo in listed.values())


# -- the output location -----------------------------------------------------------------------------


def test_an_output_that_is_a_directory_is_refused_before_any_work(tmp_path: Path, inputs: list[str],
                                                                   monkeypatch) -> None:
    monkeypatch.setattr("pipeline.batch.InlineExecutor.submit", lambda *a: pytest.fail("a document was processed"))
    (tmp_path / "out").mkdir()
    result = CliRunner().invoke(main, [*inputs, "-o", str(tmp_path / "out"), "--no-model"])
    assert result.exit_code == 2
    assert result.stderr == (f"Error: [E-OUTPUT-DIRECTORY] -o {tmp_path / 'out'}: {tmp_path / 'out'} is a directory; "
                             f"-o takes a file name, e.g. {tmp_path / 'out' / 'records.jsonl'}\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in", "out"]
    assert list((tmp_path / "out").iterdir()) == []


def test_an_unwritable_output_location_is_one_line_and_exit_2(tmp_path: Path, inputs: list[str]) -> None:
    (tmp_path / "file").write_text("not a folder", encoding="utf-8")
    result = CliRunner().invoke(main, [*inputs, "-o", str(tmp_path / "file" / "out.jsonl"), "--no-model"])
    assert result.exit_code == 2
    assert len(result.stderr.splitlines()) == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith(f"Error: [E-OUTPUT-UNWRITABLE] -o {tmp_path / 'file' / 'out.jsonl'}: ")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file", "in"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes anywhere")
def test_a_read_only_folder_is_refused_before_any_work(tmp_path: Path, inputs: list[str]) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    result = CliRunner().invoke(main, [*inputs, "-o", str(folder / "out.jsonl"), "--no-model"])
    assert result.exit_code == 2 and "E-OUTPUT-UNWRITABLE" in result.stderr and "Permission denied" in result.stderr


@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o027, 0o640), (0o077, 0o600)])
def test_output_files_respect_the_umask(tmp_path: Path, inputs: list[str], umask: int, mode: int) -> None:
    old = os.umask(umask)
    try:
        run([inputs[0], "-o", str(tmp_path / "out.jsonl"), "--no-model", "--quiet"])
    finally:
        os.umask(old)
    for name in ("out.jsonl", "out.errors.jsonl", "out.manifest.jsonl"):
        assert (tmp_path / name).stat().st_mode & 0o777 == mode, name
