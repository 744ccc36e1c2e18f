"""The shared, frozen types every stage passes along: Document and Mention.

Offsets are Python ``str`` indices into ``Document.text`` as decoded, end exclusive, so
``doc.text[m.start:m.end] == m.text`` holds for every mention.
"""

from __future__ import annotations

import hashlib
from bisect import bisect_left
from dataclasses import dataclass, field
from typing import Any, Iterable


def text_hash(text: str) -> str:
    """Stable id of a text: the first 16 hex digits of its SHA-256 (UTF-8)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class Document:
    """One release as read: decoded text plus what we know about where it came from."""

    text: str
    source_file: str
    encoding: str = "utf-8"
    pub_date: str | None = None  # ISO YYYY-MM-DD, from dateline, sidecar or file name
    pub_date_source: str | None = None  # "dateline" | "metadata" | "filename"
    title: str | None = None  # from the sidecar; the record's title may come from the text
    outlet: str | None = None  # from the sidecar's `source` column

    @property
    def doc_id(self) -> str:
        return text_hash(self.text)


@dataclass(frozen=True, slots=True)
class Mention:
    """A recognised span with its evidence: which recognizer, which pattern, what score."""

    label: str  # PER, TITLE, ORG, LOC, DIVISION, PLACE, NUMBER, DATE, ...
    start: int
    end: int
    text: str
    recognizer: str  # registry name of what found it, e.g. "titles", "ner_model"
    score: float = 1.0
    pattern: str | None = None  # the pattern / lexicon entry that matched, if any
    attrs: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)

    def __post_init__(self) -> None:
        if not (0 <= self.start < self.end):
            raise ValueError(f"bad span [{self.start}, {self.end}) for {self.text!r}")
        if len(self.text) != self.end - self.start:
            raise ValueError(f"span [{self.start}, {self.end}) does not fit {self.text!r}")

    @classmethod
    def at(cls, text: str, start: int, end: int, label: str, recognizer: str, **kw: Any) -> "Mention":
        """Build a mention from offsets, taking the matched string from the text itself."""
        return cls(label=label, start=start, end=end, text=text[start:end], recognizer=recognizer, **kw)


class SpanIndex:
    """Spans (anything with ``start`` and ``end``) sorted by start, to ask which ones start in,
    overlap or hold a range by bisection: a check per mention costs the few spans near it, not a
    scan of all of them (which makes a long text quadratic)."""

    def __init__(self, spans: Iterable[Any]) -> None:
        self.spans = sorted(spans, key=lambda s: (s.start, s.end))
        self.starts = [s.start for s in self.spans]
        self.longest = max((s.end - s.start for s in self.spans), default=0)

    def starting_in(self, lo: int, hi: int) -> list[Any]:
        """The spans whose start lies in [lo, hi), in (start, end) order."""
        return self.spans[bisect_left(self.starts, lo):bisect_left(self.starts, hi)]

    def overlapping(self, start: int, end: int) -> list[Any]:
        """The spans sharing a character with [start, end)."""
        return [s for s in self.starting_in(start - self.longest + 1, end) if s.end > start]

    def holding(self, start: int, end: int) -> list[Any]:
        """The spans with s.start <= start and end <= s.end."""
        return [s for s in self.starting_in(end - self.longest, start + 1) if s.end >= end]
