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


OFFSET = "a Python str index into the text as decoded (characters, not bytes)"


class Span(_Model):
    """Where the text says it: offsets into the decoded text (end exclusive) and the string there."""

    start: int = Field(ge=0, description=f"first character of the mention: {OFFSET}, e.g. 105")
    end: int = Field(gt=0, description=f"one past its last character (end exclusive): {OFFSET}, e.g. 108")
    text: str = Field(description="the mention exactly as the text has it (text[start:end]), e.g. 胡衡华")
    recognizer: str = Field("", description="the recognizer or model that found it, e.g. persons, titles, ner_model")

    @model_validator(mode="after")
    def _grounded(self, info: ValidationInfo) -> "Span":
        _check_span(self, info, self.start, self.end, self.text)
        return self


class TitleMention(Span):
    """One title as the text states it, with its normalised form where the context fixes it."""

    normalised: str | None = Field(None, description="e.g. 市长 -> 重庆市市长, when the text fixes the organisation")
    organisation: str | None = Field(None, description="the body part of the title, e.g. 重庆市委")


class Official(_Model):
    """One person holding a post, with every title the release gives them."""

    name: str = Field(description="the person's name as written, e.g. 胡衡华")
    titles: list[str] = Field(description="every title the text gives the person, as written, e.g. [重庆市委副书记, 市长]")
    mentions: list[Span] = Field(description="every place the name occurs")
    title_mentions: list[TitleMention] = Field([], description="every place one of the titles occurs, with its normalised form")
    recognizers: list[str] = Field([], description="which recognizers found the name, e.g. [persons, ner_model]")
    constructions: list[str] = Field([], description=(
        "why the person counts as an official: the ids of the constructions (post_before_name, appoint, "
        "attend_with …; pipeline/resources/official_constructions.tsv) that joined the name to a post or "
        "an official act, in order of first use; named_again when other mentions add to it"))


class Place(_Model):
    """An administrative division (with its code) or another named place."""

    name: str = Field(description="the first surface form in the text, e.g. 璧山区")
    code: str | None = Field(pattern=r"^\d{6}$", description="6-digit division code (GB/T 2260), e.g. 500120; null for other places")
    canonical: str = Field(description="the full official name, e.g. 重庆市璧山区; the name itself for other places")
    level: Literal["province", "city", "county"] | None = Field(
        description="the division's level (province, city or county), e.g. county; null for other places")
    kind: Literal["division", "other"] = Field(
        description="division: an administrative division with a code; other: any other named place, e.g. 两江新区")
    mentions: list[Span] = Field(description="every place the text names it")


class Number(_Model):
    """A number as the text states it, with its value normalised."""

    text: str = Field(description="numeral (with approximation markers) through the unit, as written, e.g. 100多个")
    value: float | None = Field(description="the value with 万/亿 multiplied out, in the unit of `unit`, e.g. 100.0 "
                                            "(3.5万亿元 -> 3500000000000.0); null when unsure")
    unit: str | None = Field(description="the unit as written after the numeral, e.g. 个, 亿元, %; null when there is none")
    approx: bool = Field(description="true when the text marks it approximate (多, 约, 近, 余), e.g. 100多个")
    subject: str | None = Field(description="what is counted (27个具体事项 -> 具体事项), or null")
    start: int = Field(ge=0, description=f"first character of `text`: {OFFSET}, e.g. 2414")
    end: int = Field(gt=0, description=f"one past its last character (end exclusive): {OFFSET}, e.g. 2419")
    recognizer: str = Field("", description="the recognizer that found it, e.g. numbers")

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
    start: int = Field(ge=0, description=f"first character of `text`: {OFFSET}, e.g. 1520")
    end: int = Field(gt=0, description=f"one past its last character (end exclusive): {OFFSET}, e.g. 1535")
    construction: Literal["growth", "decline", "level", "range", "list"] = Field(
        description="growth/decline (a verb of change), level, range (one end of 5%—5.5%), list (分别增长5%、6.5%)")
    cue: str | None = Field(description="the cue that makes it a target: a frame (主要预期目标) or 力争, 确保, 计划…")
    recognizer: str = Field("commitments", description="what found it, e.g. commitments")

    @model_validator(mode="after")
    def _grounded(self, info: ValidationInfo) -> "Commitment":
        _check_span(self, info, self.start, self.end, self.text)
        return self


class CooperationItem(_Model):
    """An agreed or planned task, with its domain heading and parties."""

    text: str = Field(description="the verb-led task, without lead-in or trailing punctuation, e.g. 共建西部科学城")
    domain: str | None = Field(description="the heading it is listed under (产业发展 from 在产业发展方面), or null")
    action: str | None = Field(description="the leading verb, e.g. 共建")
    parties: list[str] = Field(description="who does it, from context (e.g. 四川省, 重庆市)")
    start: int = Field(ge=0, description=f"first character of `text`: {OFFSET}, e.g. 3886")
    end: int = Field(gt=0, description=f"one past its last character (end exclusive): {OFFSET}, e.g. 3893")
    recognizer: str = Field(default="", description="what decided it is a task: cooperation/coop_task_model "
                            "(the trained model) or cooperation/coop_task_rules: <the rule's features>")
    score: float | None = Field(default=None, ge=0, le=1,
                                description="the model's probability that it is a task, when a model decided (v1.1)")

    @model_validator(mode="after")
    def _grounded(self, info: ValidationInfo) -> "CooperationItem":
        _check_span(self, info, self.start, self.end, self.text)
        return self


class Event(_Model):
    """The meeting or event the release reports: name, date and venue, each with its span."""

    name: str | None = Field(description="the meeting or event the release reports, e.g. 国务院常务会议; or null")
    date: str | None = Field(pattern=ISO_DATE, description="ISO date of the event (first day), e.g. 2023-06-26; or null")
    venue: str | None = Field(description="where it took place, e.g. 重庆市璧山区; or null")
    name_span: Span | None = Field(None, description="where the text names the event, or null")
    date_span: Span | None = Field(None, description="where the text dates the event (e.g. 26日), or null")
    venue_span: Span | None = Field(None, description="where the text names the venue, or null")


class Source(_Model):
    """Where the release comes from: outlet and reporters from its text, and the sidecar's source."""

    outlet: str | None = Field(description="the outlet the text names in its header or byline, e.g. 华西都市报; or null")
    reporters: list[str] = Field(description="reporters named in a byline, in order, e.g. [张立东, 李森]")
    outlet_span: Span | None = Field(None, description="where the text names the outlet, or null")
    reporter_spans: list[Span] = Field([], description="where the text names each reporter")
    url: str | None = Field(None, description="the release's URL: the --metadata sidecar's `source` column when it is "
                                              "an http(s) URL, e.g. https://www.gov.cn/yaowen/liebiao/202306/content_6888.htm; or null")
    listed_source: str | None = Field(None, description="the --metadata sidecar's `source` column when it is not a "
                                                        "URL (an outlet or a reference, as given), e.g. 新华社; or null")


class ModelInfo(_Model):
    """The NER model a record was made with."""

    name: str = Field(description="the model's name (its meta.json), e.g. pressfacts_ner")
    version: str = Field(description="the model's version (its meta.json; bumped on every retraining), e.g. 1.0.0")
    weights_sha256: str = Field(pattern=r"^[0-9a-f]{64}$", description="SHA-256 over the model's files other than "
                                "meta.json (weights, vocabulary, config), hex, e.g. 3f2a…")


class ExtractionOptions(_Model):
    """The options that change what a record holds."""

    use_model: bool = Field(description="false with --no-model (rules and gazetteers only)")
    recognizers: list[str] = Field(description="the recognizers that ran, in order, e.g. [titles, persons, …, ner_model]")
    max_bytes: int = Field(ge=1, description="--max-bytes: inputs larger than this many bytes are refused, e.g. 20971520")


class Extraction(_Model):
    """What made the record: which pressfacts, which model, which options, and when."""

    pressfacts_version: str = Field(description="the pressfacts version (pipeline.__version__), e.g. 0.1.0")
    model: ModelInfo | None = Field(description="the NER model used; null with --no-model")
    options: ExtractionOptions = Field(description="the options that change the output")
    extracted_at: str = Field(pattern=r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$",
                              description="when the run that made the record started, UTC, ISO 8601 to the second, "
                                          "e.g. 2026-12-04T05:40:33Z; every record of one run has the same time, and "
                                          "a record carried over from an earlier run keeps that run's")


class Record(_Model):
    """One press release: its facts, each with the offsets where the text states it (contract v1.1)."""

    schema_version: Literal["1.1"] = Field(SCHEMA_VERSION, description="the record contract's version, e.g. 1.1")
    pipeline_version: str = Field(__version__, description="the pressfacts version that made it, e.g. 0.1.0 "
                                  "(as extraction.pressfacts_version; kept for readers of contract 1.0)")
    doc_id: str = Field(description="stable hash of the text (first 16 hex digits of SHA-256), e.g. 2a19b0b729b3135e")
    source_file: str = Field(description="the path as given, e.g. corpus/000_534489a36b57a320.txt")
    char_count: int = Field(ge=0, description="length of the decoded text in characters, e.g. 4376")
    encoding: str = Field(description="how the bytes were decoded: utf-8, utf-8-sig, utf-16-le/-be, utf-32-le/-be or gb18030")
    title: str | None = Field(description="the headline: the first line when it is one, else the sidecar's title")
    pub_date: str | None = Field(pattern=ISO_DATE, description="publication date, ISO, e.g. 2023-06-27; or null")
    pub_date_source: Literal["dateline", "metadata", "filename"] | None = Field(
        description="where pub_date comes from: the text's dateline, the --metadata sidecar or a YYYYMMDD in the file name")
    officials: list[Official] = Field(description="the officials the release names, in order of first mention")
    places: list[Place] = Field(description="divisions (with codes) and other named places, in order of first mention")
    numbers: list[Number] = Field(description="the numbers the text states, in text order")
    commitments: list[Commitment] = Field([], description="numeric targets, pledges and plans (schema 1.1)")
    cooperation_items: list[CooperationItem] = Field(description="agreed or planned tasks, in text order")
    event: Event = Field(description="the meeting or event the release reports")
    source: Source = Field(description="outlet, reporters and the sidecar's source")
    extraction: Extraction = Field(description="what made this record: pressfacts and model versions, options, time")


_ATOMS = frozenset({str, int, float, bool, type(None)})
_FIELD_NAMES: dict[type, tuple[str, ...] | None] = {}


def _field_names(cls: type) -> tuple[str, ...] | None:
    """The fields of a dataclass type (None for any other type), looked up once per type."""
    try:
        return _FIELD_NAMES[cls]
    except KeyError:
        names = tuple(f.name for f in dataclasses.fields(cls)) if dataclasses.is_dataclass(cls) else None
        return _FIELD_NAMES.setdefault(cls, names)


def _plain(value: Any, view: TextView | None = None) -> Any:
    """Dataclass facts -> plain dicts for validation (what ``dataclasses.asdict`` gives, without
    its per-value deep copies), each ``{start, end, text}`` mapped back onto the text as read when
    the facts were found in a normalised ``view`` (what ``normalise.reground`` does)."""
    cls = type(value)
    if cls in _ATOMS:
        return value
    names = _field_names(cls)
    if names is not None or cls is dict:
        out = {n: _plain(getattr(value, n), view) for n in names} if names is not None \
            else {_plain(k): _plain(v, view) for k, v in value.items()}
        if view is not None and isinstance(out.get("start"), int) and isinstance(out.get("end"), int) \
                and isinstance(out.get("text"), str):
            start, end = view.to_original(out["start"], out["end"])
            out["start"], out["end"], out["text"] = start, end, view.original[start:end]
        return out
    if cls is list:
        return [_plain(v, view) for v in value]
    if cls is tuple:  # reground leaves tuples as they are
        return tuple(_plain(v) for v in value)
    plain = dataclasses.asdict(_Box(value))["value"]  # anything else: as asdict has it
    return reground(plain, view) if view is not None else plain


@dataclasses.dataclass
class _Box:
    value: Any


def build_record(doc: Document, *, view: TextView | None = None, title: str | None, pub_date: str | None,
                 pub_date_source: str | None, officials: list, places: list, numbers: list, cooperation_items: list,
                 commitments: list | None = None, event: Any,
                 source: Any, extraction: dict) -> Record:
    """Validate the facts of one document against contract v1 and its own text.

    Facts found in a normalised ``view`` of the text are first mapped back onto the text as read.
    """
    mapping = view if view is not None and view.changed else None
    facts = {
        "officials": _plain(officials, mapping), "places": _plain(places, mapping),
        "numbers": _plain(numbers, mapping), "commitments": _plain(commitments or [], mapping),
        "cooperation_items": _plain(cooperation_items, mapping), "event": _plain(event, mapping),
        "source": _plain(source, mapping),
    }
    data = {"doc_id": doc.doc_id, "source_file": doc.source_file, "char_count": len(doc.text),
            "encoding": doc.encoding, "title": title, "pub_date": pub_date, "pub_date_source": pub_date_source,
            **facts, "extraction": extraction}
    return Record.model_validate(data, context={"text": doc.text})


def record_json_schema() -> str:
    schema = Record.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://pressfacts.dev/schemas/record.schema.json"
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
