"""The shipped NER model as one recognizer in the registry (labels PER, LOC, ORG, TITLE)."""

from __future__ import annotations

from spacy.tokens import Doc

from pipeline.document import Document, Mention


class ModelMentionRecognizer:
    name = "ner_model"
    labels = ("PER", "LOC", "ORG", "TITLE")

    def __init__(self) -> None:
        from pipeline.recognise.model import ModelRecognizer  # loads the model once

        self._model = ModelRecognizer()

    def recognise(self, doc: Document, tokens: Doc) -> list[Mention]:
        return self._model.recognise(doc.text)
