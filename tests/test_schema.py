"""schemas/record.schema.json is generated from the pydantic models and must not go stale."""

from __future__ import annotations

import json

import pytest
from pydantic import ValidationError

from pipeline.records import Number, Record, record_json_schema
from tests.conftest import ROOT


def test_committed_schema_is_current() -> None:
    committed = (ROOT / "schemas" / "record.schema.json").read_text(encoding="utf-8")
    assert committed == record_json_schema(), "schema is stale: run `extract schema`"


def test_contract_v1_field_names() -> None:
    schema = json.loads(record_json_schema())
    for name in ("schema_version", "doc_id", "source_file", "char_count", "title", "officials", "places",
                 "numbers", "cooperation_items", "event", "source"):
        assert name in schema["properties"], name
    assert set(schema["$defs"]["Number"]["required"]) >= {"text", "value", "unit", "approx", "subject", "start", "end"}


def test_extra_fields_are_forbidden() -> None:
    with pytest.raises(ValidationError):
        Number.model_validate({"text": "27个", "value": 27, "unit": "个", "approx": False, "subject": None,
                               "start": 0, "end": 3, "surprise": 1})


@pytest.mark.parametrize(("start", "end", "ok"), [(0, 3, True), (1, 4, False), (5, 10, False)])
def test_spans_are_checked_against_the_text(start: int, end: int, ok: bool) -> None:
    data = {"text": "27个", "value": 27, "unit": "个", "approx": False, "subject": None, "start": start, "end": end}
    if ok:
        Number.model_validate(data, context={"text": "27个具体事项"})
    else:
        with pytest.raises(ValidationError):
            Number.model_validate(data, context={"text": "27个具体事项"})


def test_record_rejects_bad_date() -> None:
    fields = Record.model_fields
    assert fields["pub_date"].metadata  # the ISO pattern is part of the contract
