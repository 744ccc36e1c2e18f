"""End to end over the committed corpus: every input gives a record, every span is grounded."""

from __future__ import annotations

import pytest

from pipeline.read import read_document
from pipeline.records import Record
from tests.conftest import CORPUS

CORPUS_FILES = sorted(CORPUS.glob("*.txt"))


def spans_of(record: Record):
    """Every (start, end, text) the record claims, whatever fact it belongs to."""
    for o in record.officials:
        for m in [*o.mentions, *o.title_mentions]:
            yield m.start, m.end, m.text
    for p in record.places:
        for m in p.mentions:
            yield m.start, m.end, m.text
    for n in record.numbers:
        yield n.start, n.end, n.text
    for c in record.cooperation_items:
        yield c.start, c.end, c.text
    for s in (record.event.name_span, record.event.date_span, record.event.venue_span,
              record.source.outlet_span, *record.source.reporter_spans):
        if s is not None:
            yield s.start, s.end, s.text


def test_committed_corpus_is_not_empty() -> None:
    assert len(CORPUS_FILES) >= 5


@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: p.name)
def test_every_span_is_grounded(full_pipeline, path) -> None:
    doc = read_document(path)
    record = full_pipeline.process(doc)
    for start, end, text in spans_of(record):
        assert doc.text[start:end] == text, (path.name, start, end, text)
