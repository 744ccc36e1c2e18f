"""Places: administrative divisions resolved to their 6-digit codes, and other named places."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc

from pipeline.document import Document
from pipeline.extract.spans import SpanRef
from pipeline.recognise.merge import Mentions


@dataclass(frozen=True)
class PlaceFact:
    name: str
    code: str | None
    canonical: str
    level: str | None
    kind: str  # "division" | "other"
    mentions: list[SpanRef]


def extract_places(doc: Document, tokens: Doc, mentions: Mentions) -> list[PlaceFact]:
    return []
