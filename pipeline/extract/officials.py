"""Officials: named people holding a public post, with every title the text gives them."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc

from pipeline.document import Document
from pipeline.extract.spans import SpanRef
from pipeline.recognise.merge import Mentions


@dataclass(frozen=True)
class TitleRef(SpanRef):
    normalised: str | None = None
    organisation: str | None = None


@dataclass(frozen=True)
class OfficialFact:
    name: str
    titles: list[str]
    mentions: list[SpanRef]
    title_mentions: list[TitleRef] = field(default_factory=list)
    recognizers: list[str] = field(default_factory=list)


def extract_officials(doc: Document, tokens: Doc, mentions: Mentions) -> list[OfficialFact]:
    return []
