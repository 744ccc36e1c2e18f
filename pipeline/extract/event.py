"""The event a release reports: its name, ISO date (first day) and venue."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc

from pipeline.document import Document
from pipeline.extract.places import PlaceFact
from pipeline.extract.spans import SpanRef
from pipeline.recognise.merge import Mentions


@dataclass(frozen=True)
class EventFact:
    name: str | None = None
    date: str | None = None
    venue: str | None = None
    name_span: SpanRef | None = None
    date_span: SpanRef | None = None
    venue_span: SpanRef | None = None


def extract_event(doc: Document, tokens: Doc, mentions: Mentions, places: list[PlaceFact],
                  pub_date: str | None) -> EventFact:
    return EventFact()
