"""Where a release comes from: headline, outlet, reporters, and a dateline publication date."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc

from pipeline.document import Document
from pipeline.extract.spans import SpanRef
from pipeline.recognise.merge import Mentions


@dataclass(frozen=True)
class SourceFact:
    outlet: str | None = None
    reporters: list[str] = field(default_factory=list)
    outlet_span: SpanRef | None = None
    reporter_spans: list[SpanRef] = field(default_factory=list)


def headline(doc: Document) -> str | None:
    """The first line when it reads as a headline (short, no sentence-final punctuation)."""
    for line in doc.text.splitlines():
        line = line.strip()
        if not line:
            continue
        if len(line) <= 80 and not line.endswith(("。", "！", "？", "；", ".")):
            return line
        break
    return doc.title


def dateline_date(doc: Document, mentions: Mentions) -> str | None:
    """A full publication date stated in the text's own dateline, if any."""
    return None


def extract_source(doc: Document, tokens: Doc, mentions: Mentions) -> SourceFact:
    return SourceFact()
