"""Stage 5, validate: the output record, contract v1 (pydantic v2, extra fields forbidden).

Downstream databases depend on these names. ``schemas/record.schema.json`` is generated from
:class:`Record` (``extract schema``) and a test fails when it is stale.

Validation is given the document text as context, so every span is checked against it:
``text[start:end] == span text`` or the record is rejected.
"""

from __future__ import annotations

import dataclasses
import json
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, model_validator

from pipeline import __version__
from pipeline.document import Document
from pipeline.normalise import TextView, reground

SCHEMA_VERSION = "1.1"
ISO_DATE = r"^\d{4}-\d{2}-\d{2}$"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _check_span(model: Any, info: ValidationInfo, start: int | None, end: int | None, text: str | None) -> None:
    doc_text = (info.context or {}).get("text")
    if doc_text is None or start is None or end is None:
        return
    if not (0 <= start < end <= len(doc_text)):
        raise ValueError(f"span [{start}, {end}) is outside the text (length {len(doc_text)})")
    if text is not None and doc_text[start:end] != text:
        raise ValueError(f"text[{start}:{end}] is {doc_text[start:end]!r}, not {text!r}")


class Span(_Model):
    """Where the text says it: offsets into the decoded text (end exclusive) and the string there."""

    start: int = Field(ge=0)
    end: int = Field(gt=0)
    text: str
    recognizer: str = Field("", description="the recognizer or model that found it")

    @model_validator(mode="after")
    def _grounded(self, info: ValidationInfo) -> "Span":
        _check_span(self, info, self.start, self.end, self.text)
        return self


class TitleMention(Span):
    """One title as the text states it, with its normalised form where the context fixes it."""

    normalised: str | None = Field(None, description="e.g. 市长 -> 重庆市市长, when the text fixes the organisation")
    organisation: str | None = Field(None, description="the body part of the title, e.g. 重庆市委")


class Official(_Model):
    name: str
    titles: list[str] = Field(description="every title the text gives the person, as written")
    mentions: list[Span] = Field(description="every place the name occurs")
    title_mentions: list[TitleMention] = []
    recognizers: list[str] = Field([], description="which recognizers found the name")
    constructions: list[str] = Field([], description=(
        "why the person counts as an official: the ids of the constructions (post_before_name, appoint, "
        "attend_with …; pipeline/resources/official_constructions.tsv) that joined the name to a post or "
        "an official act, in order of first use; named_again when other mentions add to it"))


class Place(_Model):
    name: str = Field(description="the first surface form in the text")
    code: str | None = Field(pattern=r"^\d{6}$", description="6-digit division code (GB/T 2260); null for other places")
    canonical: str = Field(description="the full official name, e.g. 重庆市璧山区; the name itself for other places")
    level: Literal["province", "city", "county"] | None
    kind: Literal["division", "other"]
    mentions: list[Span]


class Number(_Model):
    text: str = Field(description="numeral (with approximation markers) through the unit, as written")
    value: float | None = Field(description="万/亿 multiplied out; null when unsure")
    unit: str | None
    approx: bool
    subject: str | None = Field(description="what is counted (27个具体事项 -> 具体事项), or null")
    start: int = Field(ge=0)
    end: int = Field(gt=0)
    recognizer: str = ""

    @model_validator(mode="after")
    def _grounded(self, info: ValidationInfo) -> "Number":
        _check_span(self, info, self.start, self.end, self.text)
        return self


class Commitment(_Model):
    """A number the text sets as a target, pledge or plan, stated of an indicator (GUIDELINES.md §commitments).

    Achieved results (过去一年…增长5.7%) are never commitments and are not listed.
    """

    text: str = Field(description="from the indicator's first character to the end of the number's unit or bound "
                                  "marker, e.g. 地区生产总值增长5.5%左右 (no lead-in, no horizon phrase)")
    indicator: str = Field(description="what is measured, as written, without the verb of change: 地区生产总值, "
                                       "城镇新增就业, 城镇调查失业率")
    value: float = Field(description="the number, normalised as in `numbers` (85万人 -> 850000); for a range, "
                                     "the end this commitment states")
    unit: str | None = Field(description="the number's unit, 万/亿 removed (%, 人, 斤, 个百分点)")
    direction: Literal["up", "down"] | None = Field(
        description="up: a rise by the amount (增长, 提高); down: a fall (下降, 降低); null: a level (失业率5.5%)")
    bound: Literal["about", "at_least", "at_most", "exact"] = Field(
        description="about (左右, 约), at_least (以上, 不低于, a range's lower end), at_most (以内, 不超过, "
                    "a range's upper end), else exact")
    horizon: str | None = Field(pattern=r"^\d{4}$", description="the year the target is for: 今年 -> the report's "
                                "or publication year, 到2030年 -> 2030, “十五五”时期 -> 2030; null when the text fixes none")
    parties: list[str] = Field(description="who commits, where the text names or implies it: divisions named before "
                                           "it in the sentence, both parties of 两省市, a work report's province")
    number_index: int = Field(ge=0, description="index of its number in `numbers`")
    start: int = Field(ge=0)
    end: int = Field(gt=0)
    construction: Literal["growth", "decline", "level", "range", "list"] = Field(
        description="growth/decline (a verb of change), level, range (one end of 5%—5.5%), list (分别增长5%、6.5%)")
    cue: str | None = Field(description="the cue that makes it a target: a frame (主要预期目标) or 力争, 确保, 计划…")
    recognizer: str = Field("commitments", description="what found it")

    @model_validator(mode="after")
    def _grounded(self, info: ValidationInfo) -> "Commitment":
        _check_span(self, info, self.start, self.end, self.text)
        return self


class CooperationItem(_Model):
    text: str = Field(description="the verb-led task, without lead-in or trailing punctuation")
    domain: str | None = Field(description="the heading it is listed under (产业发展 from 在产业发展方面), or null")
    action: str | None = Field(description="the leading verb, e.g. 共建")
    parties: list[str] = Field(description="who does it, from context (e.g. 四川省, 重庆市)")
    start: int = Field(ge=0)
    end: int = Field(gt=0)
    recognizer: str = Field(default="", description="what decided it is a task: cooperation/coop_task_model "
                            "(the trained model) or cooperation/coop_task_rules: <the rule's features>")
    score: float | None = Field(default=None, ge=0, le=1,
                                description="the model's probability that it is a task, when a model decided (v1.1)")

    @model_validator(mode="after")
    def _grounded(self, info: ValidationInfo) -> "CooperationItem":
        _check_span(self, info, self.start, self.end, self.text)
        return self


class Event(_Model):
    name: str | None = Field(description="the meeting or event the release reports")
    date: str | None = Field(pattern=ISO_DATE, description="ISO date of the event (first day), or null")
    venue: str | None
    name_span: Span | None = None
    date_span: Span | None = None
    venue_span: Span | None = None


class Source(_Model):
    outlet: str | None
    reporters: list[str]
    outlet_span: Span | None = None
    reporter_spans: list[Span] = []


class Record(_Model):
    schema_version: Literal["1.1"] = SCHEMA_VERSION
    pipeline_version: str = __version__
    doc_id: str = Field(description="stable hash of the text (first 16 hex digits of SHA-256)")
    source_file: str = Field(description="the path as given")
    char_count: int = Field(ge=0)
    encoding: str
    title: str | None = Field(description="the headline: the first line when it is one, else the sidecar's title")
    pub_date: str | None = Field(pattern=ISO_DATE)
    pub_date_source: Literal["dateline", "metadata", "filename"] | None
    officials: list[Official]
    places: list[Place]
    numbers: list[Number]
    commitments: list[Commitment] = Field([], description="numeric targets, pledges and plans (schema 1.1)")
    cooperation_items: list[CooperationItem]
    event: Event
    source: Source


def _plain(value: Any) -> Any:
    """Dataclass facts -> plain dicts for validation."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def build_record(doc: Document, *, view: TextView | None = None, title: str | None, pub_date: str | None,
                 pub_date_source: str | None, officials: list, places: list, numbers: list, cooperation_items: list,
                 commitments: list | None = None, event: Any,
                 source: Any) -> Record:
    """Validate the facts of one document against contract v1 and its own text.

    Facts found in a normalised ``view`` of the text are first mapped back onto the text as read.
    """
    facts = {
        "officials": _plain(officials), "places": _plain(places), "numbers": _plain(numbers),
        "commitments": _plain(commitments or []),
        "cooperation_items": _plain(cooperation_items), "event": _plain(event), "source": _plain(source),
    }
    if view is not None and view.changed:
        facts = reground(facts, view)
    data = {"doc_id": doc.doc_id, "source_file": doc.source_file, "char_count": len(doc.text),
            "encoding": doc.encoding, "title": title, "pub_date": pub_date, "pub_date_source": pub_date_source,
            **facts}
    return Record.model_validate(data, context={"text": doc.text})


def record_json_schema() -> str:
    schema = Record.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://pressfacts.dev/schemas/record.schema.json"
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
