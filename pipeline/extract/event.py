"""The event a release reports: its name, ISO date (first day) and venue.

Date: the first day-precise date in the text that reads as the day something happened, resolved
against the publication date. A date is passed over when a word beside it makes it a cut-off,
a period or a rule taking effect (``resources/date_blockers.tsv``: 截至2月21日, 1月1日起), or when
it falls outside a short window before publication (news reports events of the last days; a
stated 2005年8月15日 in a 2025 feature is history). "日前"/"近日" fix no date, but a later explicit
one still does. Without a publication date, a month-day takes the year the text states most.

Name: the noun phrase ending in an event word (``resources/event_nouns.txt``: 会议, 大会,
座谈会…) that ends a jieba word (人民大会堂 is a hall), in the sentence that carries the date, cut
after the last verb, time word or preposition before it that stands as a word (not the 和 of 和平).
Venue: "在X举行/召开/开幕…" in that sentence; X ends before a preposition that stands as a word
(在北京人民大会堂|同|普京举行会谈).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from pydantic import BaseModel
from spacy.tokens import Doc

from pipeline.document import Document, Mention
from pipeline.extract.places import PlaceFact
from pipeline.extract.source import is_dateline
from pipeline.extract.spans import SpanRef
from pipeline.recognise.dates import find_dates, resolve
from pipeline.recognise.merge import Mentions
from pipeline.resources import load_tsv, resource_path, word_list
from pipeline.segment import segment, token_offsets

RECOGNIZER = "event"
DAYS_BEFORE_PUBLICATION = 10  # a news release reports what happened in the last days
DAYS_AFTER_PUBLICATION = 1  # time zones and overnight editions

_SENTENCE_END = re.compile(r"[。！？!?\n]")
_ORDINAL_MEETING = r"(?:第[一二三四五六七八九十百\d]+次(?:全体)?会议)?"
_NAME_CHAR = re.compile(r"[\u4e00-\u9fff\d０-９“”\"《》·（）()—－]")
# Where a name cannot start: right after a verb of convening, a time word or a preposition.
_NAME_CUT = re.compile(r"(?:主持召开|召开|举行|举办|主持|出席|参加|在|于|日|上午|下午|并|和|：)")
# Prepositions after which a 在X… phrase goes on to the person met: 在北京|同|普京 举行会谈.
_VENUE_PREPOSITION = re.compile(r"同|与|和|跟|向|对|为|就")
_VENUE = re.compile(
    r"在(?P<venue>[^\s，,。；;、：“”（）()]{2,24}?)(?:隆重|正式|顺利|胜利|盛大)?"
    r"(?:主持召开|召开|举行|举办|开幕|闭幕|开赛|开展|启动|会见|会谈|出席|主持)")


class DateBlocker(BaseModel):
    word: str
    side: str
    why: str


@dataclass(frozen=True)
class EventFact:
    name: str | None = None
    date: str | None = None
    venue: str | None = None
    name_span: SpanRef | None = None
    date_span: SpanRef | None = None
    venue_span: SpanRef | None = None


@cache
def _blockers() -> tuple[tuple[str, ...], tuple[str, ...]]:
    rows = load_tsv(resource_path("date_blockers.tsv"), DateBlocker)
    before = tuple(sorted((r.word for r in rows if r.side == "before"), key=len, reverse=True))
    after = tuple(sorted((r.word for r in rows if r.side == "after"), key=len, reverse=True))
    return before, after


@cache
def _event_noun_pattern() -> re.Pattern[str]:
    nouns = sorted(word_list("event_nouns.txt"), key=len, reverse=True)
    return re.compile(f"(?:{'|'.join(map(re.escape, nouns))}){_ORDINAL_MEETING}")


def _is_blocked(text: str, m: Mention) -> bool:
    before, after = _blockers()
    return text[:m.start].endswith(before) or text.startswith(after, m.end)


def text_year(dates: list[Mention]) -> int | None:
    """The year the text states most (ties: the latest), for month-days without a publication date."""
    years = Counter(m.attrs["year"] for m in dates if m.attrs.get("year"))
    if not years:
        return None
    return max(years.items(), key=lambda kv: (kv[1], kv[0]))[0]


def event_date(text: str, dates: list[Mention], pub_date: str | None) -> tuple[date, Mention] | None:
    """The first stated day that reads as the day of the reported event, and its mention."""
    pub = date.fromisoformat(pub_date) if pub_date else None
    default_year = text_year(dates)
    for m in dates:
        if m.attrs.get("granularity") != "day" or _is_blocked(text, m) or is_dateline(text, m):
            continue  # a dateline dates the release, not the event
        day = resolve(m.attrs, pub, default_year)
        if day is None:
            continue
        if pub is not None and not (pub - timedelta(days=DAYS_BEFORE_PUBLICATION) <= day
                                    <= pub + timedelta(days=DAYS_AFTER_PUBLICATION)):
            continue
        return day, m
    return None


def _sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    left = max((m.end() for m in _SENTENCE_END.finditer(text, 0, start)), default=0)
    right = _SENTENCE_END.search(text, end)
    return left, right.start() if right else len(text)


def _event_name(text: str, lo: int, hi: int, starts: set[int], ends: set[int]) -> SpanRef | None:
    """The first event noun that ends a word (大会, not 人民大会|堂), with the words before it back to
    the last cut word that stands as a word of its own (在, 和; not the 和 of 和平共处)."""
    for m in _event_noun_pattern().finditer(text, lo, hi):
        if m.end() not in ends:
            continue  # 北京人民大会堂: a hall, not a 大会
        start = m.start()
        while start > lo and _NAME_CHAR.match(text[start - 1]):
            start -= 1
        cuts = [c.end() for c in _NAME_CUT.finditer(text, start, m.start()) if _stands_as_word(c, starts, ends)]
        if cuts:
            start = cuts[-1]
        if m.end() - start >= 4:
            return SpanRef.of(text, start, m.end(), RECOGNIZER)
    return None


def _stands_as_word(cut: re.Match[str], starts: set[int], ends: set[int]) -> bool:
    """A cut word counts where it is a word: a verb may begin a longer one (主持|会议 as 主持会议),
    a one-character cut must end one (26|日, 在; not the 和 of 和平)."""
    return cut.start() in starts if cut.end() - cut.start() > 1 else cut.end() in ends


def _venue(text: str, lo: int, hi: int, starts: set[int], ends: set[int]) -> SpanRef | None:
    """在X + a verb of holding or meeting; X ends before a preposition that stands as a word
    (在北京人民大会堂|同|俄罗斯总统普京举行会谈 -> 北京人民大会堂; not the 同 of 共同)."""
    m = _VENUE.search(text, lo, hi)
    if not m:
        return None
    start, end = m.start("venue"), m.end("venue")
    cut = next((c.start() for c in _VENUE_PREPOSITION.finditer(text, start + 1, end)
                if c.start() in starts and c.end() in ends), None)
    if cut is not None:
        end = cut
    return SpanRef.of(text, start, end, RECOGNIZER) if end - start >= 2 else None


def _word_edges(tokens: Doc, offset: int) -> tuple[set[int], set[int]]:
    """Where jieba words start and end (offsets into the text)."""
    word_starts, word_ends = token_offsets(tokens)
    return {offset + x for x in word_starts}, {offset + x for x in word_ends}


def _body_start(text: str) -> int:
    """Where the first paragraph after the headline begins (0 when there is no headline line)."""
    first = re.search(r"\S", text)
    if first is None:
        return 0
    line_end = text.find("\n", first.start())
    return 0 if line_end < 0 else line_end + 1


def extract_event(doc: Document, tokens: Doc, mentions: Mentions, places: list[PlaceFact],
                  pub_date: str | None) -> EventFact:
    text = doc.text
    dates = mentions.of("DATE") or find_dates(text)
    found = event_date(text, dates, pub_date)
    if found is not None:
        day, mention = found
        lo, hi = _sentence_around(text, mention.start, mention.end)
        date_span = SpanRef.of(text, mention.start, mention.end, RECOGNIZER)
    else:
        day, date_span = None, None
        body = _body_start(text)
        first = re.search(r"\S", text[body:])
        lo = body + (first.start() if first else 0)
        lo, hi = _sentence_around(text, lo, lo)
    starts, ends = _word_edges(tokens if tokens is not None else segment(text[lo:hi]), 0 if tokens is not None else lo)
    name = _event_name(text, lo, hi, starts, ends)
    venue = _venue(text, lo, hi, starts, ends)
    return EventFact(name=name.text if name else None, date=day.isoformat() if day else None,
                     venue=venue.text if venue else None, name_span=name, date_span=date_span,
                     venue_span=venue)
