"""The span reference every fact carries: offsets into the text as read, and the string there."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class SpanRef:
    start: int
    end: int
    text: str
    recognizer: str = ""

    @classmethod
    def of(cls, text: str, start: int, end: int, recognizer: str = "") -> "SpanRef":
        return cls(start, end, text[start:end], recognizer)
