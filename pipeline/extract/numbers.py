"""Numbers: every stated quantity, value normalised, with its unit and what it counts."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc

from pipeline.document import Document
from pipeline.recognise.merge import Mentions


@dataclass(frozen=True)
class NumberFact:
    text: str
    value: float | None
    unit: str | None
    approx: bool
    subject: str | None
    start: int
    end: int
    recognizer: str = "numbers"


def extract_numbers(doc: Document, tokens: Doc, mentions: Mentions) -> list[NumberFact]:
    return []
