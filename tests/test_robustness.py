"""Bad input, nothing lost: every file accounted for, every failure explained (issue 6)."""

from __future__ import annotations

import json
import re
import sre_constants
import sre_parse
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import pipeline
from pipeline.cli import main
from pipeline.normalise import normalise
from pipeline.read import document_from_bytes
from pipeline.runner import Options, Pipeline
from tests.conftest import REFERENCE, ROOT
from tests.fixtures.make_bad_inputs import SAME_FACTS_AS_RELEASE, make_bad_inputs
from tests.test_end_to_end import spans_of


def facts_of(record: dict) -> dict:
    """What a record says, without where it says it (a CRLF copy has other offsets)."""
    squash = lambda s: re.sub(r"\s+", "", s or "")  # noqa: E731
    return {
        "officials": sorted((o["name"], tuple(squash(t) for t in o["titles"])) for o in record["officials"]),
        "places": sorted((p["name"], p["code"]) for p in record["places"]),
        "numbers": [(squash(n["text"]), n["value"], n["unit"], n["approx"]) for n in record["numbers"]],
        "items": [(squash(c["text"]), c["domain"]) for c in record["cooperation_items"]],
        "event_date": record["event"]["date"],
    }


@pytest.fixture(scope="module")
def bad_folder_run(tmp_path_factory):
    folder = tmp_path_factory.mktemp("bad")
    expected = make_bad_inputs(REFERENCE, folder)
    out = folder.parent / "bad_out.jsonl"
    inputs = [str(folder / name) for name in expected]
    result = CliRunner().invoke(main, [*inputs, "-o", str(out), "--no-model", "--max-seconds", "5"])
    records = {Path(r["source_file"]).name: r for r in map(json.loads, out.read_text(encoding="utf-8").splitlines())}
    failures = {Path(f["source_file"]).name: f for f in
                map(json.loads, (folder.parent / "bad_out.errors.jsonl").read_text(encoding="utf-8").splitlines())}
    return expected, result, records, failures


def test_bad_folder_exits_1_and_accounts_for_every_input(bad_folder_run) -> None:
    expected, result, records, failures = bad_folder_run
    assert result.exit_code == 1
    assert len(records) + len(failures) == len(expected)
    assert set(records) | set(failures) == set(expected)


def test_each_bad_file_has_its_reason(bad_folder_run) -> None:
    expected, result, records, failures = bad_folder_run
    for name, outcome in expected.items():
        if outcome == "record":
            assert name in records, failures.get(name)
        elif outcome == "record-or-E-TIMEOUT":
            assert name in records or failures[name]["code"] == "E-TIMEOUT"
        else:
            assert failures[name]["code"] == outcome, failures.get(name)
            assert name in failures[name]["source_file"]
            assert f"{name}: [{outcome}]" in result.stderr  # one line naming file and problem


@pytest.mark.parametrize("copy", SAME_FACTS_AS_RELEASE)
def test_other_encodings_and_line_endings_give_the_same_facts(bad_folder_run, copy: str) -> None:
    _, _, records, _ = bad_folder_run
    assert facts_of(records[copy]) == facts_of(records["release.txt"])


def test_encoding_is_noted(bad_folder_run) -> None:
    _, _, records, _ = bad_folder_run
    assert records["release_gb18030.txt"]["encoding"] == "gb18030"
    assert records["release_utf16.txt"]["encoding"] == "utf-16-le"
    assert records["release_utf8_bom.txt"]["encoding"] == "utf-8-sig"


def test_fullwidth_and_html_spans_are_as_read(bad_folder_run, tmp_path) -> None:
    _, _, records, _ = bad_folder_run
    for name in ("fullwidth.txt", "html_remnants.txt", "release_crlf.txt"):
        text = (Path(records[name]["source_file"])).read_bytes().decode("utf-8")
        for n in records[name]["numbers"]:
            assert text[n["start"]:n["end"]] == n["text"]


def test_url_digits_are_not_numbers(bad_folder_run) -> None:
    _, _, records, _ = bad_folder_run
    assert all("2025" not in n["text"] for n in records["html_remnants.txt"]["numbers"])


def test_a_stalled_document_is_a_timeout_failure(monkeypatch) -> None:
    import time

    pipe = Pipeline(Options(use_model=False, max_seconds=0.2))
    monkeypatch.setattr("pipeline.runner.segment", lambda text: time.sleep(5))
    outcome = pipe.process_path(REFERENCE)
    # Stage "process", not the stage it fired in (here segment): which stage a slow document has
    # reached after --max-seconds depends on the machine's load, and the errors file must not.
    assert (outcome.code, outcome.stage) == ("E-TIMEOUT", "process")


def test_an_exception_in_one_recognizer_is_that_documents_failure(monkeypatch) -> None:
    pipe = Pipeline(Options(use_model=False))
    broken = pipe.recognizers[0]
    monkeypatch.setattr(broken, "recognise", lambda doc, tokens: 1 / 0)
    outcome = pipe.process_path(REFERENCE)
    assert outcome.stage == f"recognise:{broken.name}"
    assert outcome.code == "E-INTERNAL"
    assert "ZeroDivisionError" in outcome.message


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("第一行\r\n第二行", "第一行\n第二行"),
        ("增长１２．５％", "增长12.5%"),
        ("[查看原文](https://tv.cctv.com/2025/03/18/a.shtml)", "[查看原文" + " " * len("](https://tv.cctv.com/2025/03/18/a.shtml)")),
        ("<p>会议</p>&nbsp;", "   会议    " + " " * 6),
        ("１，２", "1，2"),  # full-width comma is Chinese punctuation: kept
    ],
)
def test_normalised_view(raw: str, clean: str) -> None:
    view = normalise(raw)
    assert view.text == clean
    assert len(view.text) == len(raw) - raw.count("\r\n")


CHARS = st.sampled_from(list("重庆四川省市委书记长袁家军会议举行了个项亿万元多约近两三十百千0123456789１２％%.。，、；：“”（）()\n\r\t 　")
                        + ["\u0000", "\ufeff", "\U0001f600", "é", "ß", "\u200b"])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(CHARS, min_size=1, max_size=300), st.text(min_size=1, max_size=200)))
def test_random_text_never_crashes_and_every_span_is_grounded(text: str) -> None:
    pipe = _rules_pipeline()
    try:
        doc = document_from_bytes(text.encode("utf-8"), "random.txt")
    except pipeline.errors.PressfactsError:
        return  # a named failure is a fine answer for empty or binary-looking input
    record = pipe.process(doc)
    for start, end, span_text in spans_of(record):
        assert doc.text[start:end] == span_text


_PIPE: list[Pipeline] = []


def _rules_pipeline() -> Pipeline:
    if not _PIPE:
        _PIPE.append(Pipeline(Options(use_model=False)))
    return _PIPE[0]


def _nested_unbounded_repeat(tree, inside_repeat: bool = False) -> bool:
    """True when an unbounded repeat sits inside another repeat: (a+)+, (a*b)*, the classic blow-up."""
    for op, arg in tree:
        if op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT, getattr(sre_constants, "POSSESSIVE_REPEAT", None)):
            low, high, sub = arg
            unbounded = high == sre_constants.MAXREPEAT or high > 1000
            if inside_repeat and unbounded:
                return True
            if _nested_unbounded_repeat(sub, inside_repeat or high > 1):
                return True
        elif op in (sre_constants.SUBPATTERN,):
            if _nested_unbounded_repeat(arg[-1], inside_repeat):
                return True
        elif op == sre_constants.BRANCH:
            if any(_nested_unbounded_repeat(b, inside_repeat) for b in arg[1]):
                return True
        elif op in (sre_constants.ASSERT, sre_constants.ASSERT_NOT):
            if _nested_unbounded_repeat(arg[1], inside_repeat):
                return True
    return False


def _all_package_regexes():
    import importlib
    import pkgutil

    seen = []
    for info in pkgutil.walk_packages(pipeline.__path__, "pipeline."):
        if ".training" in info.name or info.name.endswith(("cli", "database", "batch")):
            continue
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            values = value if isinstance(value, (list, tuple)) else (value.values() if isinstance(value, dict) else [value])
            for v in values:
                if isinstance(v, re.Pattern):
                    seen.append((f"{info.name}.{name}", v))
    return seen


def test_regexes_have_no_nested_unbounded_repeats() -> None:
    found = _all_package_regexes()
    assert found, "no regexes found: the scan is broken"
    bad = [name for name, rx in found if _nested_unbounded_repeat(sre_parse.parse(rx.pattern, rx.flags))]
    assert bad == []


@pytest.mark.parametrize("pattern", [r"(a+)+b", r"(\d*\.)*x", r"(?:[^，]+，)+。"])
def test_the_backtracking_check_catches_known_bad_patterns(pattern: str) -> None:
    assert _nested_unbounded_repeat(sre_parse.parse(pattern))


def test_fixture_script_runs_as_a_script(tmp_path) -> None:
    import subprocess
    import sys

    out = subprocess.run([sys.executable, str(ROOT / "tests/fixtures/make_bad_inputs.py"), str(REFERENCE),
                          str(tmp_path / "bad")], capture_output=True, text=True, check=True).stdout
    assert "huge.txt\tE-READ-TOO-LARGE" in out
