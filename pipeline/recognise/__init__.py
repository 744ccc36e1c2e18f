"""Stage 3, recognise: small recognizers, each finding one kind of mention, chosen by name.

A recognizer is mostly data (patterns, lexicons under ``pipeline/resources``) plus code for
what a regex cannot say. Every hit is a :class:`pipeline.document.Mention` naming the
recognizer and pattern that produced it. ``merge.py`` resolves overlaps by a written policy.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Protocol, Sequence

from pipeline.document import Document, Mention
from pipeline.errors import PressfactsError

if TYPE_CHECKING:  # the registry itself stays light: the batch driver imports it without spaCy
    from spacy.tokens import Doc


class Recognizer(Protocol):
    """What every recognizer offers: a registry name, its labels, and Document -> mentions."""

    name: str
    labels: tuple[str, ...]

    def recognise(self, doc: Document, tokens: Doc) -> list[Mention]: ...


# name -> "module:Class"; imported lazily so an unused recognizer (e.g. the model) costs nothing.
KNOWN_RECOGNIZERS: dict[str, str] = {
    "titles": "pipeline.recognise.titles:TitleRecognizer",
    "persons": "pipeline.recognise.persons:PersonRecognizer",
    "places": "pipeline.recognise.places:PlaceRecognizer",
    "numbers": "pipeline.recognise.numbers:NumberRecognizer",
    "dates": "pipeline.recognise.dates:DateRecognizer",
    "ner_model": "pipeline.recognise.model_adapter:ModelMentionRecognizer",
}

DEFAULT_RECOGNIZERS: tuple[str, ...] = ("titles", "persons", "places", "numbers", "dates", "ner_model")
RULE_RECOGNIZERS: tuple[str, ...] = tuple(n for n in DEFAULT_RECOGNIZERS if n != "ner_model")


def build_recognizers(names: Sequence[str]) -> list[Recognizer]:
    """Instantiate recognizers by registry name; an unknown name fails and lists the known ones."""
    out: list[Recognizer] = []
    for name in names:
        target = KNOWN_RECOGNIZERS.get(name)
        if target is None:
            raise PressfactsError(
                "E-CONFIG-RECOGNIZER", f"unknown recognizer {name!r}; known: {', '.join(sorted(KNOWN_RECOGNIZERS))}",
                stage="recognise")
        module_name, class_name = target.split(":")
        out.append(getattr(importlib.import_module(module_name), class_name)())
    return out
