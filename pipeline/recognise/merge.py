"""One merge step for all recognizers' mentions, by a policy you can read.

Policy
1. Mentions with the same label that overlap compete; the winner is the one from the
   recognizer with the higher PRIORITY, then the longer span, then the higher score.
   (Rules and gazetteers outrank the statistical model: a lexicon title or a division code is
   checked data; the model is there for what no dictionary has, mainly person names.)
2. A model mention that overlaps a rule mention of a *different* label is dropped: the rules
   decided what that text is (e.g. model PER over a rule TITLE 秘书长).
3. Everything else is kept; extractors read mentions by label.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Iterator

from pipeline.document import Mention

MODEL_RECOGNIZERS = frozenset({"ner_model"})
PRIORITY: dict[str, int] = {"places": 50, "titles": 50, "numbers": 50, "dates": 50, "persons": 40, "ner_model": 10}


def _rank(m: Mention) -> tuple[int, int, float]:
    return (PRIORITY.get(m.recognizer, 20), m.end - m.start, m.score)


def _overlaps(a: Mention, b: Mention) -> bool:
    return a.start < b.end and b.start < a.end


@dataclass(frozen=True)
class Mentions:
    """The merged mentions of one document, sorted by position."""

    items: tuple[Mention, ...]

    def __iter__(self) -> Iterator[Mention]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def of(self, *labels: str) -> list[Mention]:
        return [m for m in self.items if m.label in labels]

    def by(self, recognizer: str) -> list[Mention]:
        return [m for m in self.items if m.recognizer == recognizer]


_BUCKET = 64  # characters per bucket of the overlap index


def merge(mentions: Iterable[Mention]) -> Mentions:
    ranked = sorted(mentions, key=_rank, reverse=True)
    kept: list[Mention] = []
    # kept mentions by the buckets they touch: each candidate is checked only against its
    # neighbours (all-pairs checking took minutes on a long report)
    buckets: dict[int, list[Mention]] = {}
    for m in ranked:
        touched = range(m.start // _BUCKET, (m.end - 1) // _BUCKET + 1)
        if not any(_conflicts(m, k) for b in touched for k in buckets.get(b, ())):
            kept.append(m)
            for b in touched:
                buckets.setdefault(b, []).append(m)
    return Mentions(tuple(sorted(kept, key=lambda m: (m.start, -m.end, m.label))))


def _conflicts(m: Mention, k: Mention) -> bool:
    """Whether candidate m loses to the already kept (higher-ranked) k."""
    if not _overlaps(m, k):
        return False
    if m.label == k.label:
        return True  # rule 1: k ranks higher
    return m.recognizer in MODEL_RECOGNIZERS and k.recognizer not in MODEL_RECOGNIZERS  # rule 2
