"""Places: administrative divisions resolved to their 6-digit codes, and other named places.

One fact per division per document (川渝 gives two facts, both named 川渝), one per other place
name. A division mention only counts where it names a place: not inside an organisation or a
title (重庆市委书记, 四川省政府), which the recognizer marks ``role="org"`` and which other
recognizers' TITLE/ORG mentions show.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc

from bisect import bisect_left

from pipeline.document import Document, Mention, SpanIndex
from pipeline.extract.spans import SpanRef
from pipeline.recognise.merge import Mentions
from pipeline.recognise.persons import surnames
from pipeline.recognise.places import LEVEL_CHARS, gazetteer
from pipeline.segment import token_offsets


@dataclass(frozen=True)
class PlaceFact:
    name: str
    code: str | None
    canonical: str
    level: str | None
    kind: str  # "division" | "other"
    mentions: list[SpanRef]


def _inside_name(m: Mention, names: SpanIndex) -> bool:
    """Strictly inside a longer title or organisation name (四川省 in 四川省委书记)."""
    return any((n.end - n.start) > (m.end - m.start) for n in names.holding(m.start, m.end))


def _only_places(n: Mention, divisions: SpanIndex) -> bool:
    """An "organisation" made of nothing but division names (a model's ORG 重庆市璧山区) is a place."""
    covered = set()
    for d in divisions.starting_in(n.start, n.end):
        if n.start <= d.start and d.end <= n.end:
            covered.update(range(d.start, d.end))
    return len(covered) == n.end - n.start


def _overlaps_person(m: Mention, persons: SpanIndex) -> bool:
    """A pattern-made place over a person's name (陈小江 is no river) yields to the person, and so
    does a lexicon place that is a person's given name after the surname (副省长任珠峰 names no 珠峰)."""
    overlapping = persons.overlapping(m.start, m.end)  # a person ending where m ends overlaps it too
    if m.pattern not in LEXICON_PATTERNS:
        return bool(overlapping)
    single, double = surnames()
    return any(p.end == m.end and p.end - p.start <= 4 and m.text and p.text[:m.start - p.start] in (single | double)
               for p in overlapping)


def _begins_a_title(places: list[Mention], titles: list[Mention]) -> set[int]:
    """Ids of the places that begin a title: a chain of places right before a title's start
    (靖江市|新桥镇|德胜村|党总支书记杨恒俊) names the post's organisation, not a place."""
    title_starts = {t.start for t in titles}
    ordered = sorted(places, key=lambda m: (m.start, -m.end))
    starts = [m.start for m in ordered]
    out: set[int] = set()
    for k in range(len(ordered) - 1, -1, -1):
        m = ordered[k]
        # the first place starting at or after m's end (it comes after m in this order): a bisect,
        # where scanning the rest of the list made a long text quadratic
        after = bisect_left(starts, m.end)
        nxt = ordered[after] if after < len(ordered) else None
        if m.end in title_starts or (nxt is not None and nxt.start == m.end and id(nxt) in out):
            out.add(id(m))
    return out


def _given_name_after_title(text: str, m: Mention, title_ends: set[int]) -> bool:
    """A short place name right after a post (``title_ends``: where the titles end) and a surname is
    the person's given name: 局长胡|东胜, 副省长任|珠峰 (a given name that is also a county's or a
    mountain's name)."""
    if m.end - m.start > 2 or text[m.end:m.end + 1] in LEVEL_CHARS:
        return False
    single, double = surnames()
    return (text[m.start - 1:m.start] in single and m.start - 1 in title_ends) \
        or (text[m.start - 2:m.start] in double and m.start - 2 in title_ends)


LEXICON_PATTERNS = frozenset({"other_places", "townships", "group+region"})


def names_a_place(m: Mention, names: list[Mention]) -> bool:
    """Not an organisation's or title's part (role org, or inside a TITLE/ORG/person name)."""
    return m.attrs.get("role", "place") == "place" and not _inside_name(m, names)


def extract_places(doc: Document, tokens: Doc, mentions: Mentions) -> list[PlaceFact]:
    text = doc.text
    persons = [m for m in mentions.of("PER") if m.recognizer != "ner_model"]
    # a person's name may hold a division's (王昆明); rule PER only: merge already lets rules win
    division_mentions = SpanIndex(mentions.of("DIVISION"))
    names = SpanIndex([n for n in mentions.of("TITLE", "ORG") if not _only_places(n, division_mentions)] + persons)
    persons = SpanIndex(persons)
    # a title that ends inside a word is no title (中国驻墨西哥大使|馆: an embassy)
    edges = set(token_offsets(tokens)[1]) if tokens is not None else None
    titles = [t for t in mentions.of("TITLE") if edges is None or t.end in edges]
    rule_titles = SpanIndex([t for t in titles if t.recognizer == "titles"])
    title_ends = {t.end for t in titles}
    divisions = gazetteer().divisions
    by_code: dict[str, list[Mention]] = {}
    others: dict[str, list[Mention]] = {}
    places = mentions.of("DIVISION", "PLACE")
    in_titles = _begins_a_title([m for m in places if m.attrs.get("role", "place") == "place"], titles)
    for m in places:
        if id(m) in in_titles or _given_name_after_title(text, m, title_ends):
            continue
        if m.label == "DIVISION":
            if not names_a_place(m, names):
                continue
            for code in m.attrs.get("codes") or (m.attrs["code"],):
                by_code.setdefault(code, []).append(m)
        elif not _overlaps_person(m, persons) and not _inside_name(m, rule_titles):
            others.setdefault(m.text, []).append(m)  # 布隆迪总统 names the post, not the country
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
