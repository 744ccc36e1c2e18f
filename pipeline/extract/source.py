"""Where a release comes from: headline, outlet, reporters, and a dateline publication date.

The outlet is read from the release's own header, in this order: a ``来源：X`` line, a
``X消息（栏目）：`` lead ("央视网消息（新闻联播）"), a news-agency dateline ("新华社北京6月26日电"),
then a known outlet (``resources/outlets.txt``) that opens a line or signs a byline. Reporters
come from bylines: "(四川日报全媒体记者 张立东 李森)", "记者 张守帅". Photo credits ("记者 X 摄")
name photographers, not reporters, and are skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import cache

from spacy.tokens import Doc

from pipeline.document import Document, Mention
from pipeline.extract.spans import SpanRef
from pipeline.patterns import finditer_near
from pipeline.recognise.dates import find_dates
from pipeline.recognise.merge import Mentions
from pipeline.resources import word_list

RECOGNIZER = "source"
HEADER_CHARS = 600  # the outlet and the dateline sit in the first lines of a release

_LABELLED_OUTLET = re.compile(r"(?:来源|稿源|来源于)[：:]\s*(?P<outlet>[^\s：:，。|]{2,20})")
_NEWS_LEAD = re.compile(r"(?m)^[ \t\u3000]*(?P<outlet>[\u4e00-\u9fff]{2,8}消息(?:（[^）\n]{1,12}）|\([^)\n]{1,12}\))?)[：:]")
_AGENCY_DATELINE = re.compile(r"(?P<outlet>[\u4e00-\u9fff]{2,8}(?:社|网|台|报))[\u4e00-\u9fff]{2,8}?(?:\d{4}年)?\d{1,2}月\d{1,2}日电")
_NAME = r"[\u4e00-\u9fff]{2,4}(?:·[\u4e00-\u9fff]{1,6})?"
# A byline: an optional outlet and role words, 记者 (or 通讯员), then names. Names are separated by
# spaces; a single unspaced name must close the byline (a bracket or the line's end).
_BYLINE = re.compile(
    r"(?:(?P<outlet>[\u4e00-\u9fff·/]{2,16}?)(?:全媒体|融媒体|首席|特约|实习|驻[\u4e00-\u9fff]{1,4})?)?(?:记者|通讯员)"
    rf"(?P<names>(?:[ \u3000]{{1,3}}{_NAME}(?=[ \u3000)）\r\n]|$)){{1,8}}|{_NAME}(?=[)）]|[ \u3000]{{0,3}}\r?$))",
    re.M)
# every byline holds 记者 or 通讯员, at most 21 characters after its start (outlet 16, role 5)
_BYLINE_ANCHOR = re.compile("记者|通讯员")
_BYLINE_REACH = 21
_PHOTO_CREDIT = re.compile(r"[ \u3000]*摄")
_URL = re.compile(r"^https?://\S+$", re.I)
_LABELLED_DATE = re.compile(r"(?:发布时间|发表时间|发布日期|时间|日期)[：:]\s*$")


@dataclass(frozen=True)
class SourceFact:
    outlet: str | None = None
    reporters: list[str] = field(default_factory=list)
    outlet_span: SpanRef | None = None
    reporter_spans: list[SpanRef] = field(default_factory=list)
    url: str | None = None  # the sidecar's `source` when it is a URL
    listed_source: str | None = None  # the sidecar's `source` otherwise (an outlet or a reference)


@cache
def _outlets() -> tuple[str, ...]:
    return tuple(sorted(word_list("outlets.txt"), key=len, reverse=True))


@cache
def _outlet_pattern() -> re.Pattern[str]:
    return re.compile("|".join(map(re.escape, _outlets())))


@cache
def _not_names() -> tuple[str, ...]:
    return word_list("byline_stopwords.txt")


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
    """A full publication date (with its year) stated in the text's own dateline, if any.

    Counts: a labelled date in the header ("时间：2026-02-03"), a header line that is only a date
    or a timestamp ("2026-01-31 07:00:44"), or an agency dateline with a year
    ("新华社北京2023年6月26日电"). A full date inside a sentence ("于2026年1月12日至14日在北京举行")
    is an event, not a dateline.
    """
    text = doc.text
    dates = [m for m in mentions.of("DATE") if m.start < HEADER_CHARS] or find_dates(text[:HEADER_CHARS])
    for m in dates:
        a = m.attrs
        if a.get("year") is None or a.get("month") is None or a.get("day") is None or a.get("end"):
            continue
        if m.start < HEADER_CHARS and is_dateline(text, m):
            try:
                return date(a["year"], a["month"], a["day"]).isoformat()
            except ValueError:
                continue
    return None


def is_dateline(text: str, m: Mention) -> bool:
    """Is this date the release's own dateline: labelled, alone on its line, or an agency's 电?"""
    line_start = text.rfind("\n", 0, m.start) + 1
    line_end = text.find("\n", m.end)
    line_end = len(text) if line_end < 0 else line_end
    before, after = text[line_start:m.start], text[m.end:line_end]
    labelled = bool(_LABELLED_DATE.search(before))
    alone = not before.strip() and re.fullmatch(r"\s*(?:\d{1,2}[:时]\d{2}(?:[:分]\d{2}秒?|分)?)?\s*", after) is not None
    agency = re.match(r"电", after) is not None and re.search(r"(?:社|网|台|报)[\u4e00-\u9fff]{0,8}$", before) is not None
    return labelled or alone or agency


def _outlet(text: str) -> SpanRef | None:
    header = text[:HEADER_CHARS]
    for pattern in (_LABELLED_OUTLET, _NEWS_LEAD, _AGENCY_DATELINE):
        m = pattern.search(header)
        if m and m.group("outlet"):
            return SpanRef.of(text, m.start("outlet"), m.end("outlet"), RECOGNIZER)
    # A known outlet that opens a line in the header, or that signs a byline anywhere.
    for m in _outlet_pattern().finditer(header):
        line_start = header.rfind("\n", 0, m.start()) + 1
        if not header[line_start:m.start()].strip():
            return SpanRef.of(text, m.start(), m.end(), RECOGNIZER)
    for m in _bylines(text):
        if m.group("outlet"):
            known = _outlet_pattern().search(m.group("outlet"))
            if known:
                start = m.start("outlet") + known.start()
                return SpanRef.of(text, start, start + len(known.group(0)), RECOGNIZER)
    return None


def _bylines(text: str):
    """``_BYLINE.finditer(text)``, tried only near each 记者 and 通讯员."""
    return finditer_near(_BYLINE, text, _BYLINE_ANCHOR, _BYLINE_REACH)


def _reporters(text: str) -> list[SpanRef]:
    spans: list[SpanRef] = []
    for m in _bylines(text):
        if _PHOTO_CREDIT.match(text, m.end()) or m.group("names").endswith("摄"):
            continue
        names_start = m.start("names")
        for name in re.finditer(rf"{_NAME}", m.group("names")):
            if name.group(0).startswith(_not_names()):
                break
            start = names_start + name.start()
            spans.append(SpanRef.of(text, start, start + len(name.group(0)), RECOGNIZER))
    return spans


def extract_source(doc: Document, tokens: Doc, mentions: Mentions) -> SourceFact:
    outlet = _outlet(doc.text)
    reporter_spans = _reporters(doc.text)
    reporters = list(dict.fromkeys(s.text for s in reporter_spans))
    listed = doc.outlet  # the --metadata sidecar's `source` column, kept as given
    is_url = bool(listed and _URL.match(listed))
    return SourceFact(outlet=outlet.text if outlet else None, reporters=reporters, outlet_span=outlet,
                      reporter_spans=reporter_spans, url=listed if is_url else None,
                      listed_source=None if is_url else listed)
