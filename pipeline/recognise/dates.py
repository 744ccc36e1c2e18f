"""Recognizer: dates, with their parts normalised in ``attrs``.

A DATE mention says what the text states, not what it means in context: ``attrs`` holds the
stated parts (``year``, ``month``, ``day``; ``None`` where the text leaves one out), the end of a
range (``end``: the same three keys), ``relative`` (days from the publication date for 今天,
昨日…) and ``granularity`` ("day", "month" or "year"). :func:`resolve` turns those parts into an
ISO date against a publication date; the extractors decide which date matters.

Regular expressions rather than a library: dateparser and friends do not read 26日 or
3月17日至18日 against a publication date, and Chinese numerals in dates (二〇二三年六月二十六日)
are read digit by digit for years but as numbers for months and days, which a small parser
below does exactly.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from spacy.tokens import Doc

from pipeline.document import Document, Mention
from pipeline.patterns import finditer_near

RECOGNIZER = "dates"

_CN_DIGIT = {"〇": 0, "零": 0, "○": 0, "Ｏ": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
             "六": 6, "七": 7, "八": 8, "九": 9}
_FULLWIDTH = str.maketrans("０１２３４５６７８９", "0123456789")

_YEAR = r"(?P<y>(?:19|20)\d{2}|[〇零○一二][〇零○一二三四五六七八九]{3})年"
_MONTH = r"(?P<m>1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])月(?:份)?"
_DAY = r"(?P<d>3[01]|[12]\d|0?[1-9]|三十一?|二?十[一二三四五六七八九]?|[一二三四五六七八九])[日号]"
_DAY_ONLY = r"(?P<d>3[01]|[12]\d|0?[1-9])日"  # a bare "26日": Arabic only, 十日 is usually a span of days
# The end of a range: 至/到/—/-, then a day, optionally with its own month (and year).
_RANGE_END = (r"(?:至|到|—|－|-|~|～)(?:(?P<ey>(?:19|20)\d{2})年)?(?:(?P<em>1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])月)?"
              r"(?P<ed>3[01]|[12]\d|0?[1-9]|三十一?|二?十[一二三四五六七八九]?|[一二三四五六七八九])[日号]")
_PART_OF_DAY = re.compile(r"(?:上午|下午|晚上|晚间|傍晚|凌晨|中午|早上|早晨|清晨|夜间|晚)")

# Ordered by precedence: a longer, more explicit form wins where two overlap.
PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("iso", re.compile(r"(?<![\d.])(?P<y>(?:19|20)\d{2})[-/.](?P<m>1[0-2]|0?[1-9])[-/.](?P<d>3[01]|[12]\d|0?[1-9])(?![\d])")),
    ("ymd", re.compile(_YEAR + _MONTH + _DAY + f"(?:{_RANGE_END})?")),
    ("md", re.compile(r"(?<![\d年])" + _MONTH + _DAY + f"(?:{_RANGE_END})?")),
    ("ym", re.compile(_YEAR + _MONTH)),
    ("y", re.compile(r"(?<![\d.])" + _YEAR + r"(?!代)")),
    ("d", re.compile(r"(?<![\d.月第每])" + _DAY_ONLY + f"(?:{_RANGE_END})?")),
    ("relative", re.compile(r"今天|今日|昨天|昨日|前天|明天|明日")),
)
# Where each pattern's matches must hold a character, and how far after the match's start it may
# lie (a year is four characters, a month or a day at most two): only positions that near one are
# tried (the same matches as a scan of the whole text, at a fraction of the cost).
_ANCHORS: dict[str, tuple[re.Pattern[str], int]] = {
    "ymd": (re.compile("年"), 4), "ym": (re.compile("年"), 4), "y": (re.compile("年"), 4),
    "md": (re.compile("月"), 2), "d": (re.compile("日"), 2),
}
_RELATIVE_OFFSET = {"今天": 0, "今日": 0, "昨天": -1, "昨日": -1, "前天": -2, "明天": 1, "明日": 1}
# "今天的中国" means nowadays, not a day.
_NOT_A_DAY_AFTER = ("的",)


def cn_number(s: str) -> int | None:
    """'26' -> 26, '二十六' -> 26, '十' -> 10, '十二' -> 12; None for anything else."""
    s = s.translate(_FULLWIDTH)
    if s.isdigit():
        return int(s)
    if not s or any(ch not in _CN_DIGIT and ch != "十" for ch in s):
        return None
    if "十" in s:
        tens, _, ones = s.partition("十")
        t = _CN_DIGIT.get(tens, None) if tens else 1
        o = _CN_DIGIT.get(ones, None) if ones else 0
        return None if t is None or o is None else t * 10 + o
    return _CN_DIGIT[s] if len(s) == 1 else None


def cn_year(s: str) -> int | None:
    """'2023' -> 2023, '二〇二三' -> 2023 (a year is read digit by digit)."""
    s = s.translate(_FULLWIDTH)
    if s.isdigit():
        return int(s)
    digits = [_CN_DIGIT.get(ch) for ch in s]
    if len(digits) != 4 or None in digits:
        return None
    return int("".join(map(str, digits)))


def _parts(m: re.Match[str], kind: str) -> dict:
    groups = m.groupdict()
    if kind == "relative":
        return {"year": None, "month": None, "day": None, "relative": _RELATIVE_OFFSET[m.group(0)],
                "granularity": "day", "end": None}
    year = cn_year(groups["y"]) if groups.get("y") else None
    month = cn_number(groups["m"]) if groups.get("m") else None
    day = cn_number(groups["d"]) if groups.get("d") else None
    end = None
    if groups.get("ed"):
        end = {"year": int(groups["ey"]) if groups.get("ey") else year,
               "month": cn_number(groups["em"]) if groups.get("em") else month,
               "day": cn_number(groups["ed"])}
    granularity = "day" if day else "month" if month else "year"
    return {"year": year, "month": month, "day": day, "relative": None, "granularity": granularity, "end": end}


def _valid(parts: dict) -> bool:
    month, day = parts["month"], parts["day"]
    if month is not None and not 1 <= month <= 12:
        return False
    if day is not None and not 1 <= day <= 31:
        return False
    end = parts.get("end")
    if end and (end["day"] is None or not 1 <= end["day"] <= 31 or (end["month"] and not 1 <= end["month"] <= 12)):
        return False
    return True


def find_dates(text: str) -> list[Mention]:
    """Every date the text states, longest explicit form first; no two mentions overlap."""
    taken = bytearray(len(text))  # 1 where a date already found stands: a check costs the match's length, not the dates so far
    out: list[Mention] = []
    for kind, pattern in PATTERNS:
        near = _ANCHORS.get(kind)
        for m in finditer_near(pattern, text, *near) if near else pattern.finditer(text):
            start, end = m.span()
            if any(taken[start:end]):
                continue
            if kind == "relative" and text.startswith(_NOT_A_DAY_AFTER, end):
                continue
            parts = _parts(m, kind)
            if not _valid(parts):
                continue
            part_of_day = _PART_OF_DAY.match(text, end)
            parts["part_of_day"] = part_of_day.group(0) if part_of_day else None
            parts["local_time"] = text[max(0, start - 4):start] == "当地时间"
            taken[start:end] = b"\x01" * (end - start)
            out.append(Mention.at(text, start, end, "DATE", RECOGNIZER, pattern=kind, attrs=parts))
    return sorted(out, key=lambda x: x.start)


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def resolve(parts: dict, pub_date: date | None, default_year: int | None = None) -> date | None:
    """The day a DATE mention's parts name, read against the publication date; None if unfixed.

    A month-day later than the publication date (by more than a day) is last year's; a bare day
    later than the publication day is last month's. Without a publication date, a month-day
    takes ``default_year`` (e.g. the year the text states most), and a bare day stays unfixed.
    """
    if parts.get("granularity") != "day":
        return None
    if parts.get("relative") is not None:
        return pub_date + timedelta(days=parts["relative"]) if pub_date else None
    year, month, day = parts["year"], parts["month"], parts["day"]
    if year is not None and month is not None:
        return _safe_date(year, month, day)
    if month is not None:
        if pub_date is not None:
            found = _safe_date(pub_date.year, month, day)
            if found is not None and found > pub_date + timedelta(days=1):
                found = _safe_date(pub_date.year - 1, month, day)
            return found
        return _safe_date(default_year, month, day) if default_year else None
    if pub_date is None:
        return None
    found = _safe_date(pub_date.year, pub_date.month, day)
    if found is None or found > pub_date + timedelta(days=1):
        prev = pub_date.replace(day=1) - timedelta(days=1)
        found = _safe_date(prev.year, prev.month, day)
    return found


class DateRecognizer:
    name = RECOGNIZER
    labels = ("DATE",)

    def recognise(self, doc: Document, tokens: Doc) -> list[Mention]:
        return find_dates(doc.text)
