"""Places: administrative divisions resolved to their 6-digit codes, and other named places.

One fact per division per document (川渝 gives two facts, both named 川渝), one per other place
name. A division mention only counts where it names a place: not inside an organisation or a
title (重庆市委书记, 四川省政府), which the recognizer marks ``role="org"`` and which other
recognizers' TITLE/ORG mentions show.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc

from pipeline.document import Document, Mention
from pipeline.extract.spans import SpanRef
from pipeline.recognise.merge import Mentions
from pipeline.recognise.places import gazetteer


@dataclass(frozen=True)
class PlaceFact:
    name: str
    code: str | None
    canonical: str
    level: str | None
    kind: str  # "division" | "other"
    mentions: list[SpanRef]


def _inside_name(m: Mention, names: list[Mention]) -> bool:
    """Strictly inside a longer title or organisation name (四川省 in 四川省委书记)."""
    return any(n.start <= m.start and m.end <= n.end and (n.end - n.start) > (m.end - m.start) for n in names)


def _only_places(n: Mention, divisions: list[Mention]) -> bool:
    """An "organisation" made of nothing but division names (a model's ORG 重庆市璧山区) is a place."""
    covered = set()
    for d in divisions:
        if n.start <= d.start and d.end <= n.end:
            covered.update(range(d.start, d.end))
    return len(covered) == n.end - n.start


def _overlaps_person(m: Mention, persons: list[Mention]) -> bool:
    """A pattern-made place over a person's name (陈小江 is no river) yields to the person."""
    return m.pattern not in LEXICON_PATTERNS and any(p.start < m.end and m.start < p.end for p in persons)


LEXICON_PATTERNS = frozenset({"other_places", "townships", "group+region"})


def names_a_place(m: Mention, names: list[Mention]) -> bool:
    """Not an organisation's or title's part (role org, or inside a TITLE/ORG/person name)."""
    return m.attrs.get("role", "place") == "place" and not _inside_name(m, names)


def extract_places(doc: Document, tokens: Doc, mentions: Mentions) -> list[PlaceFact]:
    text = doc.text
    persons = [m for m in mentions.of("PER") if m.recognizer != "ner_model"]
    # a person's name may hold a division's (王昆明); rule PER only: merge already lets rules win
    division_mentions = mentions.of("DIVISION")
    names = [n for n in mentions.of("TITLE", "ORG") if not _only_places(n, division_mentions)] + persons
    divisions = gazetteer().divisions
    by_code: dict[str, list[Mention]] = {}
    others: dict[str, list[Mention]] = {}
    for m in mentions.of("DIVISION", "PLACE"):
        if m.label == "DIVISION":
            if not names_a_place(m, names):
                continue
            for code in m.attrs.get("codes") or (m.attrs["code"],):
                by_code.setdefault(code, []).append(m)
        elif not _overlaps_person(m, persons):
            others.setdefault(m.text, []).append(m)
    facts: list[PlaceFact] = []
    for code, ms in by_code.items():
        d = divisions[code]
        facts.append(PlaceFact(name=ms[0].text, code=code, canonical=d.canonical, level=d.level, kind="division",
                               mentions=[SpanRef.of(text, m.start, m.end, m.recognizer) for m in ms]))
    for name, ms in others.items():
        facts.append(PlaceFact(name=name, code=None, canonical=name, level=None, kind="other",
                               mentions=[SpanRef.of(text, m.start, m.end, m.recognizer) for m in ms]))
    facts.sort(key=lambda f: f.mentions[0].start)
    return facts
