"""Recognizer: numbers — every stated quantity, as NUMBER mentions with value, unit and approx.

A number is [approximation marker] numeral [unit] [trailing marker]: 约630亿元, 100多个, 14.6%,
1.3万亿斤以上, 三张, 百分之十五, 三分之一左右. The numeral is read by our own parser
(:mod:`pipeline.recognise.numerals`); units and exclusions are data files:

- ``number_units.tsv``: units and classifiers with their kind; a ``time`` unit (年, 月, 日, 个月,
  分钟, 周年…) makes the whole numeral a date, time or duration, which is not a number here.
- ``number_exclusions.tsv``: numbered formulas (两个维护), names and fixed phrases (一号工程, 十四五),
  deictic counts of the parties (两省市, 两地).

Rules beyond the data, each from GUIDELINES.md §numbers:
- ordinals (第七次) and a bare 一 before a unit (一个, 一项: an article, not a count) are skipped;
- a numbered formula: a small Chinese count of 个/种 inside quotes or before quotes (“两个确立”,
  两个“维护”), or before a verb that closes the phrase (做到两个维护。);
- the numeral must not sit inside a longer word (唯一, 千家万户, 七台河), and units marked strict must
  end a word (七成 yes, 成为 no);
- a numeral with no unit counts only when it has 万 or 亿 and a digit (3亿多, 20多万, 数千万).

attrs: value (float or None), unit (万/亿 removed; "" when none), approx (bool), numeral (the
numeral as written), kind (the unit's kind).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import cache
from typing import Literal

from pydantic import BaseModel, field_validator
from spacy.tokens import Doc

from pipeline.document import Document, Mention
from pipeline.recognise.numerals import Numeral, parse_fraction, parse_numeral
from pipeline.resources import load_tsv, load_word_list, resource_path
from pipeline.segment import dictionary_frequency, pos_tagger, token_offsets

UNITS_FILE = "number_units.tsv"
EXCLUSIONS_FILE = "number_exclusions.tsv"
PROGRAMME_HEADS_FILE = "number_programme_heads.txt"

UnitKind = Literal["classifier", "measure", "currency", "percent", "fraction", "place", "time"]


class UnitRow(BaseModel):
    unit: str
    kind: UnitKind
    strict: bool = False

    @field_validator("unit")
    @classmethod
    def _no_numerals(cls, v: str) -> str:
        # a unit is read right after the numeral; one starting with 万/亿 would hide the magnitude
        if not v or v[0] in "万亿" or any(c.isspace() for c in v):
            raise ValueError(f"bad unit {v!r}")
        return v


class ExclusionRow(BaseModel):
    phrase: str
    reason: Literal["formula", "fixed", "deictic", "idiom"]


@cache
def units() -> dict[str, UnitRow]:
    return {row.unit: row for row in load_tsv(resource_path(UNITS_FILE), UnitRow)}


@cache
def programme_heads() -> tuple[str, ...]:
    return tuple(load_word_list(resource_path(PROGRAMME_HEADS_FILE)))


@cache
def exclusion_pattern() -> re.Pattern[str]:
    phrases = sorted({row.phrase for row in load_tsv(resource_path(EXCLUSIONS_FILE), ExclusionRow)}, key=len,
                     reverse=True)
    return re.compile("|".join(map(re.escape, phrases)))


CN = "零〇一二三四五六七八九两十百千万亿"
MAGNITUDES = "十百千万亿"
_AR = r"\d+(?:,\d{3})*(?:\.\d+)?"
_CORE = rf"(?:{_AR}|[{CN}]+)"
# numeral run (not inside a code such as A-1 or 2-3, but after a percent range's hyphen: 5%-5.5%):
# [数/几] core [magnitudes, with 多/余/几/来 between] [trailing 多/余/几/来] [range end]
NUMERAL_RUN = re.compile(
    rf"(?<![A-Za-z0-9.])(?<!(?<!%)-)(?:[数几](?=[{MAGNITUDES}]))?{_CORE}"
    rf"(?:[多余几来]?[{MAGNITUDES}])*[多余几来]?"
    rf"(?:[到至\-—~～]{_CORE}(?:[多余几来]?[{MAGNITUDES}])*)?")
FRACTION = re.compile(rf"(?:百分之|(?:{_AR}|[{CN}]+)分之)(?:{_AR}|[{CN}]+)|一半")

# Before the numeral: markers that belong to the number's text (约630亿元, 超过50%, 上万台套) ...
PRE_MARKERS = ("大约", "将近", "接近", "超过", "突破", "约", "近", "超", "逾", "过", "上")
# ... and bounds that only make it approximate (至少3个: the text starts at the numeral).
PRE_BOUNDS = ("至少", "不少于", "不低于", "不超过", "不足", "不到", "低于", "高于", "少于", "多于")
POST_MARKERS = ("以上", "以下", "以内", "左右", "上下", "开外", "多", "余")  # 上下 not in 上下游
OPEN_QUOTES = "“\"‘「『"
CLOSE_QUOTES = "”\"’」』"
FORMULA_CLASSIFIERS = ("个", "种")
RANK_UNITS = ("位", "名", "强")
FORMULA_VERB_TAGS = ("v", "d")
CLAUSE_END = "，,、。；;：:！!？?）)”’\n 和与及"
ORDINAL_SESSION = re.compile(r"次(?:(全会|全体会议)|会议)")
TIME_UNIT_GAP = re.compile(r"[多余几来]?(?:个)?[多半余]?")


class NumberRecognizer:
    name = "numbers"
    labels = ("NUMBER",)

    def __init__(self) -> None:
        self.units = units()
        self.exclusions = exclusion_pattern()
        self.max_unit_len = max(len(u) for u in self.units)
        self.unit_chars = frozenset(u[0] for u in self.units)  # what a unit can start with

    def recognise(self, doc: Document, tokens: Doc) -> list[Mention]:
        text = doc.text
        words = _Words(tokens)
        excluded = _SortedSpans([(m.start(), m.end()) for m in self.exclusions.finditer(text)])
        out: list[Mention] = []
        fractions: list[tuple[int, int]] = []
        for m in FRACTION.finditer(text) if "分之" in text or "一半" in text else ():
            mention = self._fraction(text, words, m)
            if mention is not None and not excluded.overlaps(m.start(), m.end()):
                out.append(mention)
                fractions.append((m.start(), m.end()))
        taken = _SortedSpans(fractions)
        for m in NUMERAL_RUN.finditer(text):
            if taken.overlaps(m.start(), m.end()):
                continue
            mention = self._number(text, words, m.start(), m.group())
            if mention is not None and not excluded.overlaps(mention.attrs["core_start"], mention.attrs["core_end"]):
                out.append(mention)
        return out

    # --- one numeral run -------------------------------------------------------------------
    def _number(self, text: str, words: "_Words", start: int, run: str) -> Mention | None:
        if start > 0 and text[start - 1] == "第":
            return None  # ordinal
        for length in range(len(run), 0, -1):
            numeral = parse_numeral(run[:length])
            if numeral is None:
                continue
            end = start + length
            if self._time_unit_at(text, end):
                return None  # a date, time or duration: not a shorter numeral either
            unit = self._unit_at(text, end)
            if unit is not None and words.swallows(text, end, end + len(unit.unit)):
                unit = None  # 6万亿台阶, 5万张家口: the "unit" begins a longer word
            core = run[:length]
            if unit is None:
                if self._may_stand_alone(core):
                    return self._build(text, words, start, end, end, core, numeral, None, kind="magnitude")
                continue
            return self._build(text, words, start, end, end + len(unit.unit), core, numeral, unit)
        return None

    def _build(self, text: str, words: "_Words", start: int, num_end: int, unit_end: int, core: str,
               numeral: Numeral, unit: UnitRow | None, kind: str | None = None) -> Mention | None:
        if not words.starts_cleanly(text, start, unit_end):
            return None
        if text.startswith("级", unit_end) and not any(c.isdigit() or c in "一二三四五六七八九两" for c in core):
            return None  # 万亿元级产业集群: a size class (5万千瓦级风电场 still states 5万千瓦)
        session = ORDINAL_SESSION.match(text, num_end)
        if session and (session.group(1) or "届" in text[max(0, start - 8):start]):
            return None  # 十四届全国人大三次会议, 中央纪委五次全会: the third session, the fifth plenum
        if unit is not None and not self._unit_fits(text, words, start, num_end, unit_end, core, numeral, unit):
            return None
        approx = numeral.approx
        span_start = start
        marker = _marker_before(text, start, PRE_MARKERS)
        if marker and (marker != "上" or core[0] in MAGNITUDES) and words.marker_stands(text, start - len(marker), start):
            span_start, approx = start - len(marker), True
        elif _marker_before(text, start, PRE_BOUNDS):
            approx = True
        span_end = unit_end
        post = next((p for p in POST_MARKERS
                     if text.startswith(p, unit_end) and words.ends_word(text, unit_end + len(p))), None)
        if post:
            span_end, approx = unit_end + len(post), True
        return Mention.at(text, span_start, span_end, "NUMBER", self.name,
                          pattern=f"numeral+{unit.kind if unit else 'magnitude'}",
                          attrs={"value": numeral.value, "unit": unit.unit if unit else "", "approx": approx,
                                 "numeral": core, "kind": unit.kind if unit else kind,
                                 "core_start": start, "core_end": num_end, "unit_end": unit_end})

    def _unit_fits(self, text: str, words: "_Words", start: int, num_end: int, unit_end: int, core: str,
                   numeral: Numeral, unit: UnitRow) -> bool:
        if core == "一":
            return False  # 一个, 一项, 一方面: an article, not a count (一千, 1个 are counts)
        if core == "二":
            return False  # counts say 两 (两轮); 二轮, 二期, 二元(结构) are ordinals or names
        if unit.unit in RANK_UNITS and text.endswith("前", 0, start):
            return False  # 位居全国前5位: a rank
        if unit.kind == "measure" and text[unit_end:unit_end + 1].isdigit():
            return False  # 身高1米6: 1.6 metres, spoken; not 1米
        if unit.kind in ("place", "fraction") and all(c in MAGNITUDES for c in core):
            return False  # 千城一面, 百亿成势: a bare magnitude before 城/成 is rhetoric, not a count
        if unit.strict and not words.ends_word(text, unit_end):
            return False  # 成 in 成为, 大 in 大会
        chinese = not any(c.isdigit() for c in core)
        if unit.unit == "大" and (not (chinese and numeral.value <= 10) or text.endswith(("党", "党的"), 0, start)):
            return False  # 六大产业 counts; 二十大, 劳动党九大 are party congresses
        if unit.unit == "大" and _quoted_slogan(text, start, unit_end):
            return False  # “五大安全”, “四大功能”: a slogan; “十大工程” counts programmes
        if unit.kind == "place" and core == "两":
            return False  # 两省, 两市, 两地: the two parties themselves
        if unit.kind == "classifier" and chinese and numeral.value <= 10 and not numeral.approx:
            if _is_formula(text, words, start, unit_end, counted_by_ge=unit.unit in FORMULA_CLASSIFIERS):
                return False
        return True

    def _unit_at(self, text: str, pos: int) -> UnitRow | None:
        if text[pos:pos + 1] not in self.unit_chars:
            return None
        for length in range(min(self.max_unit_len, len(text) - pos), 0, -1):
            row = self.units.get(text[pos:pos + length])
            if row is not None and row.kind != "time":
                return row
        return None

    def _time_unit_at(self, text: str, pos: int) -> bool:
        # 3个多月, 10余年, 两个半小时: an approximation or 半 may sit between numeral and time unit
        m = TIME_UNIT_GAP.match(text, pos, pos + 3)
        for skip in sorted({0, m.end() - pos if m else 0}):
            if text[pos + skip:pos + skip + 1] not in self.unit_chars:
                continue
            for length in range(min(self.max_unit_len, len(text) - pos - skip), 0, -1):
                row = self.units.get(text[pos + skip:pos + skip + length])
                if row is not None:
                    if row.kind == "time":
                        return True
                    break
        return False

    @staticmethod
    def _may_stand_alone(core: str) -> bool:
        """3亿多, 20多万, 数千万 count without a unit; 千万 (by all means) and 亿万 do not."""
        has_magnitude = "万" in core or "亿" in core
        has_digit = any(c.isdigit() or c in "一二三四五六七八九两数几" for c in core)
        return has_magnitude and has_digit

    # --- fractions ------------------------------------------------------------------------
    def _fraction(self, text: str, words: "_Words", m: re.Match[str]) -> Mention | None:
        numeral = parse_fraction(m.group())
        if numeral is None:
            return None
        percent = UnitRow(unit="%", kind="percent") if m.group().startswith("百分之") else None
        return self._build(text, words, m.start(), m.end(), m.end(), m.group(), numeral, percent, kind="fraction")


def _marker_before(text: str, pos: int, markers: tuple[str, ...]) -> str | None:
    for marker in _longest_first(markers):
        if text.endswith(marker, 0, pos):
            return marker
    return None


@cache
def _longest_first(markers: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(sorted(markers, key=len, reverse=True))


class _SortedSpans:
    """Non-overlapping spans in text order (as finditer yields them), with an O(log n) overlap test.

    A linear scan per number made long documents quadratic (an exclusion such as 两省市 can occur
    thousands of times in one long report).
    """

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self.starts = [s for s, _ in spans]
        self.ends = [e for _, e in spans]

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect_right(self.starts, end - 1) - 1  # the last span starting before `end`
        return i >= 0 and self.ends[i] > start


def _is_formula(text: str, words: "_Words", start: int, unit_end: int, counted_by_ge: bool) -> bool:
    """两个“确立”, 两块“试验田”, “两个维护”, 做到两个维护。: a formula or figure of speech, not a count.

    Quoted programme counts stay numbers: “三张清单”, “十项行动” (only 个/种 formulas are quoted whole).
    """
    if unit_end < len(text) and text[unit_end] in OPEN_QUOTES:
        return True
    if not counted_by_ge:
        return False
    if start > 0 and text[start - 1] in OPEN_QUOTES:
        tail = text[unit_end:unit_end + 5]
        if any(q in tail for q in CLOSE_QUOTES):
            return True
    # 做到两个维护。: a verb, the count, and a verb closing the phrase (种子两个要害 is a count)
    before = words.word_before(start)
    if before is None or _pos(text[before[0]:before[1]]) != "v":
        return False
    tagged = _pos_words(text[unit_end:unit_end + 8])
    if not tagged:
        return False
    word, flag = tagged[0]
    after = unit_end + len(word)
    closes = after >= len(text) or text[after] in CLAUSE_END
    return closes and flag in FORMULA_VERB_TAGS


def _quoted_slogan(text: str, start: int, unit_end: int) -> bool:
    """A quoted N大 whose head is not a concrete programme (number_programme_heads.txt)."""
    if start == 0 or text[start - 1] not in OPEN_QUOTES:
        return False
    close = min((i for i in (text.find(q, unit_end, unit_end + 12) for q in CLOSE_QUOTES) if i >= 0), default=-1)
    return close >= 0 and not text[unit_end:close].endswith(programme_heads())


def _pos_words(fragment: str) -> list[tuple[str, str]]:
    return [(p.word, p.flag) for p in pos_tagger().lcut(fragment)]


def _pos(word: str) -> str:
    tagged = _pos_words(word)
    return tagged[0][1] if len(tagged) == 1 else ""


class _Words:
    """Word boundaries from jieba (through spaCy), to keep numerals out of longer words."""

    def __init__(self, tokens: Doc) -> None:
        self.starts, self.ends = token_offsets(tokens)
        self.start_set = set(self.starts)
        self.end_set = set(self.ends)

    def is_start(self, pos: int) -> bool:
        return pos in self.start_set

    def is_end(self, pos: int) -> bool:
        return pos in self.end_set

    def word_before(self, pos: int) -> tuple[int, int] | None:
        i = bisect_right(self.ends, pos) - 1
        if i >= 0 and self.ends[i] == pos:
            return self.starts[i], self.ends[i]
        return None

    def containing(self, pos: int) -> tuple[int, int] | None:
        i = bisect_right(self.starts, pos) - 1
        if i >= 0 and self.starts[i] <= pos < self.ends[i]:
            return self.starts[i], self.ends[i]
        return None

    def starts_cleanly(self, text: str, start: int, end: int) -> bool:
        """No dictionary word runs from inside the numeral past the number's end (千家万户, 七台河).

        Words jieba only guessed (六国持, 西八区) do not count: its guesses split numbers badly.
        """
        word = self.containing(start)
        if word is None or word[1] <= end:
            return True
        return dictionary_frequency(text[word[0]:word[1]]) == 0

    def ends_word(self, text: str, end: int) -> bool:
        """`end` closes a word, or at least no dictionary word runs across it (成为 does; 六国持 is a guess)."""
        if self.is_end(end):
            return True
        word = self.containing(end - 1)
        return word is None or dictionary_frequency(text[word[0]:word[1]]) == 0

    def swallows(self, text: str, start: int, end: int) -> bool:
        """A common dictionary word starts at `start` and runs past `end`."""
        word = self.containing(start)
        return (word is not None and word[0] == start and word[1] > end
                and dictionary_frequency(text[word[0]:word[1]]) >= COMMON_WORD_FREQUENCY)

    def marker_stands(self, text: str, start: int, end: int) -> bool:
        """约/近/超/过 mark the number unless they end a real word (通过, 最近, 赶超)."""
        if self.is_start(start):
            return True
        word = self.containing(start)
        if word is None:
            return True
        return dictionary_frequency(text[word[0]:word[1]]) < COMMON_WORD_FREQUENCY


COMMON_WORD_FREQUENCY = 20  # jieba's dictionary keeps rare junk (已有近: 3); real words are far commoner
