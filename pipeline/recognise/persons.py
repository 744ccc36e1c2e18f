"""Recognizer: persons (first cut; to be filled in)."""

from __future__ import annotations

from spacy.tokens import Doc

from pipeline.document import Document, Mention


class PersonRecognizer:
    name = "persons"
    labels = ("PER",)

    def recognise(self, doc: Document, tokens: Doc) -> list[Mention]:
        return []
