"""A record's facts as highlightable spans, and the text cut into segments at every span boundary.

Works on records as plain JSON objects (what ``extract`` wrote), so a record with fields this
version does not know (a newer ``commitments`` list, extra provenance on a span) still shows:
every scalar field of a fact or span that is not an offset goes into what a hover shows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

# (type, heading): the fact types in the order the side panel and the toggles list them.
# `titles` are the title mentions of officials: highlighted on their own, listed under officials.
TYPES: tuple[tuple[str, str], ...] = (
    ("officials", "Officials"),
    ("titles", "Titles"),
    ("places", "Places"),
    ("numbers", "Numbers"),
    ("commitments", "Commitments"),
    ("items", "Cooperation items"),
    ("event", "Event"),
    ("source", "Source"),
)

_OFFSETS = {"start", "end"}
_NESTED = {"mentions", "title_mentions", "name_span", "date_span", "venue_span", "outlet_span", "reporter_spans"}


@dataclass
class Span:
    """One highlight: where, which fact it belongs to, and what a hover says about it."""

    id: int
    type: str
    fact: int
    start: int
    end: int
    text: str
    info: list[tuple[str, str]]
    first_segment: int = -1  # ids of the highlighted segments it covers: first..last
    last_segment: int = -1


@dataclass
class Fact:
    """One entry of the side panel: a fact and the ids of its spans."""

    id: int
    type: str
    label: str
    detail: str
    info: list[tuple[str, str]]
    spans: list[int] = field(default_factory=list)  # valid spans only, in text order
    bad_spans: list[str] = field(default_factory=list)  # spans that do not fit the text, described


@dataclass
class Segment:
    """A stretch of text covered by the same spans (none for plain text)."""

    text: str
    id: int = -1  # numbered among highlighted segments only
    spans: tuple[int, ...] = ()
    types: tuple[str, ...] = ()


def _show(value: Any) -> str | None:
    """A field value as a hover shows it; None for what is not worth a line."""
    if value is None or value == [] or value == "":
        return None
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return f"{int(value):,}"
    if isinstance(value, (int, float)):
        return f"{value:,}"
    if isinstance(value, list) and all(not isinstance(v, (dict, list)) for v in value):
        return "、".join(str(v) for v in value)
    if isinstance(value, (dict, list)):
        return None
    return str(value)


def _info(obj: dict[str, Any], skip: set[str] = frozenset()) -> list[tuple[str, str]]:
    out = []
    for key, value in obj.items():
        if key in _OFFSETS or key in _NESTED or key in skip:
            continue
        shown = _show(value)
        if shown is not None:
            out.append((key, shown))
    return out


class _Builder:
    def __init__(self, text: str | None) -> None:
        self.text = text
        self.facts: list[Fact] = []
        self.spans: list[Span] = []

    def fact(self, type_: str, label: str, detail: str, info: list[tuple[str, str]]) -> Fact:
        f = Fact(id=len(self.facts), type=type_, label=label, detail=detail, info=info)
        self.facts.append(f)
        return f

    def spanned_fact(self, type_: str, obj: dict[str, Any], label: str, detail: str) -> None:
        """A fact that is its own span (a number, a commitment, a cooperation item)."""
        self.span(self.fact(type_, label, detail, _info(obj, skip={"text"})), type_, obj, describe=False)

    def span(self, fact: Fact, type_: str, obj: dict[str, Any] | None, role: str | None = None, *,
             describe: bool = True) -> None:
        """Add the span at ``obj``: a mention (its own fields described), or the fact itself (not again)."""
        if not obj or "start" not in obj or "end" not in obj:
            return
        start, end, said = obj["start"], obj["end"], obj.get("text")
        own = _info(obj, skip={"text"}) if describe else []
        info = ([("role", role)] if role else []) + own
        if self.text is not None:
            if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(self.text)):
                fact.bad_spans.append(f"[{start}, {end}) is outside the text")
                return
            if said is not None and self.text[start:end] != said:
                fact.bad_spans.append(f"[{start}, {end}) reads {self.text[start:end]!r}, not {said!r}")
                return
        s = Span(id=len(self.spans), type=type_, fact=fact.id, start=start, end=end,
                 text=said if said is not None else "", info=info)
        self.spans.append(s)
        fact.spans.append(s.id)


def _money(n: dict[str, Any]) -> str:
    value = _show(n.get("value"))
    return " ".join(v for v in ("≈" if n.get("approx") else "", value or "?", n.get("unit") or "") if v)


def facts_of(record: dict[str, Any], text: str | None) -> tuple[list[Fact], list[Span]]:
    """Every fact of a record with its spans; spans that do not fit ``text`` are listed, not kept.

    With ``text`` None (source missing or changed) the facts are listed and no span is checked.
    """
    b = _Builder(text)
    for o in record.get("officials") or []:
        f = b.fact("officials", o.get("name", "?"), "、".join(o.get("titles") or []), _info(o, skip={"name"}))
        for m in o.get("mentions") or []:
            b.span(f, "officials", m)
        for m in o.get("title_mentions") or []:
            b.span(f, "titles", m)
    for p in record.get("places") or []:
        code = p.get("code")
        detail = f"{code} {p.get('canonical', '')}" if code else (p.get("canonical") or "other place")
        f = b.fact("places", p.get("name", "?"), detail, _info(p))
        for m in p.get("mentions") or []:
            b.span(f, "places", m)
    for n in record.get("numbers") or []:
        b.spanned_fact("numbers", n, n.get("text", "?"), " · ".join(x for x in (_money(n), n.get("subject")) if x))
    for c in record.get("commitments") or []:
        value = " ".join(x for x in (_show(c.get("value")), c.get("unit")) if x)
        detail = " · ".join(x for x in (c.get("indicator"), c.get("direction"), value, c.get("bound"),
                                        c.get("horizon")) if x)
        b.spanned_fact("commitments", c, c.get("text", "?"), detail)
    for c in record.get("cooperation_items") or []:
        detail = " · ".join(x for x in (c.get("domain"), "、".join(c.get("parties") or [])) if x)
        b.spanned_fact("items", c, c.get("text", "?"), detail)
    event = record.get("event") or {}
    if any(event.get(k) for k in ("name", "date", "venue")):
        f = b.fact("event", event.get("name") or "(no name)",
                   " · ".join(x for x in (event.get("date"), event.get("venue")) if x), _info(event))
        for role in ("name", "date", "venue"):
            b.span(f, "event", event.get(f"{role}_span"), role)
    source = record.get("source") or {}
    if source.get("outlet") or source.get("reporters"):
        f = b.fact("source", source.get("outlet") or "(no outlet)", "、".join(source.get("reporters") or []),
                   _info(source))
        b.span(f, "source", source.get("outlet_span"), "outlet")
        for m in source.get("reporter_spans") or []:
            b.span(f, "source", m, "reporter")
    for f in b.facts:
        f.spans.sort(key=lambda i: (b.spans[i].start, b.spans[i].end))
    return b.facts, b.spans


def segments(text: str, spans: list[Span]) -> list[Segment]:
    """Cut ``text`` at every span start and end; each piece lists every span covering it.

    Overlapping and nested spans need no special case: a piece between two boundaries is covered
    by a span exactly when the span starts at or before it and ends at or after it. Each span's
    ``first_segment``/``last_segment`` are set to the ids of the highlighted pieces it covers.
    """
    starts: dict[int, list[Span]] = {}
    ends: dict[int, list[Span]] = {}
    for s in spans:
        starts.setdefault(s.start, []).append(s)
        ends.setdefault(s.end, []).append(s)
    bounds = sorted({0, len(text), *starts, *ends})
    out: list[Segment] = []
    active: dict[int, Span] = {}
    next_id = 0
    for a, b in zip(bounds, bounds[1:]):
        for s in ends.get(a, ()):
            active.pop(s.id, None)
        for s in starts.get(a, ()):
            active[s.id] = s
        piece = text[a:b]
        if not active:
            if out and out[-1].id < 0:
                out[-1].text += piece
            else:
                out.append(Segment(piece))
            continue
        ids = tuple(sorted(active))
        for s in active.values():
            if s.first_segment < 0:
                s.first_segment = next_id
            s.last_segment = next_id
        types = tuple(t for t, _ in TYPES if any(active[i].type == t for i in ids))
        out.append(Segment(piece, next_id, ids, types))
        next_id += 1
    return out


_PARAGRAPH_END = re.compile(r"(?<=\n)(?=[^\r\n])")


def blocks(pieces: list[Segment]) -> list[list[Segment]]:
    """Group segments into paragraphs (each with the line breaks after it), cutting plain text only.

    A page shows a paragraph as a block of its own, so the browser lays out and paints only the
    paragraphs on screen (``content-visibility``) instead of one box holding the whole text. A
    highlight that runs over a line break stays in one paragraph; no character is added or lost.
    """
    out: list[list[Segment]] = [[]]
    for seg in pieces:
        if seg.id >= 0:
            out[-1].append(seg)
            continue
        cuts = [m.start() for m in _PARAGRAPH_END.finditer(seg.text)]
        for a, b in zip([0, *cuts], [*cuts, len(seg.text)]):
            if a:
                out.append([])
            if b > a:
                out[-1].append(Segment(seg.text[a:b]))
    return [b for b in out if b]
