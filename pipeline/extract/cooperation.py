"""Cooperation items: agreed or planned tasks, with their domain heading and the parties."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc

from pipeline.document import Document
from pipeline.extract.places import PlaceFact
from pipeline.recognise.merge import Mentions


@dataclass(frozen=True)
class CooperationFact:
    text: str
    domain: str | None
    action: str | None
    parties: list[str]
    start: int
    end: int
    recognizer: str = "cooperation"


def extract_cooperation(doc: Document, tokens: Doc, mentions: Mentions,
                        places: list[PlaceFact]) -> list[CooperationFact]:
    return []
