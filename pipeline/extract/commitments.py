"""Commitments: the numbers a text sets as targets, pledges or plans, each stated of an indicator.

Built on the numbers already found (:mod:`pipeline.extract.numbers`): a number is a commitment
when a target cue governs it and it has an indicator written before it.

- Cues (``commitment_cues.tsv``): a *frame* (主要预期目标是：) makes every number to the end of its
  paragraph a target; in any sentence, the last *target* (力争, 确保, 计划) or *result* (过去一年,
  去年, 实现了) cue before a number decides. Results are not emitted.
- The clause before the number is read from the number leftwards (``commitment_predicates.tsv``):
  [indicator] [adverbs] [verb of change] [adverbs] [linker] number. The verb gives the direction
  (增长 up, 下降 down, none: a level); a linker may set a bound (不低于, 超过); the number's own
  markers (``commitment_bounds.tsv``: 左右, 以上, 以内, 约) set it otherwise. Words that open a
  clause without being measured (今年, 其中, 力争: ``commitment_leadins.txt``) are cut from the front.
- A range gives two commitments (5%—5.5%, 4.5-5%: the lower at_least, the upper at_most); a list
  of numbers after one indicator (分别增长5%、6.5%左右) one per number, a bound written once at the
  end applying to each.
- Horizon (``commitment_horizons.tsv``): the last year phrase before the number in its sentence
  (到2030年, 今年, “十五五”时期), else the frame's (its sentence, or the report's year).
- Party: the province- or city-level divisions the sentence names before the commitment; else
  all the parties a deictic names (两省市: the document's two most named provinces); else, in a
  government work report, its province.

A number whose counted noun follows it (建成100个智慧工厂) has no indicator before it in the form
the guidelines write (indicator … number), and is left out; so is a number with nothing measured
before it. A parser that is not sure gives nothing rather than a guess.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field, replace
from functools import cache
from typing import Literal

from pydantic import BaseModel, field_validator

from pipeline.document import Document
from pipeline.extract.numbers import NumberFact
from pipeline.extract.places import PlaceFact
from pipeline.patterns import alternation
from pipeline.recognise.numerals import RANGE_SEPARATORS, parse_numeral
from pipeline.resources import load_tsv, load_word_list, resource_path
from pipeline.segment import cut_words, dictionary_tag

CUES_FILE = "commitment_cues.tsv"
PREDICATES_FILE = "commitment_predicates.tsv"
BOUNDS_FILE = "commitment_bounds.tsv"
HORIZONS_FILE = "commitment_horizons.tsv"
LEADINS_FILE = "commitment_leadins.txt"

Bound = Literal["about", "at_least", "at_most", "exact"]


class CueRow(BaseModel):
    cue: str
    role: Literal["frame", "target", "result", "neutral"]
    horizon: Literal["report"] | None = None


class PredicateRow(BaseModel):
    word: str
    role: Literal["verb", "linker", "adverb"]
    direction: Literal["up", "down"] | None = None
    bound: Literal["about", "at_least", "at_most"] | None = None

    @field_validator("direction")
    @classmethod
    def _verbs_only(cls, v, info):
        if v is not None and info.data.get("role") != "verb":
            raise ValueError("only a verb of change has a direction")
        return v


class BoundRow(BaseModel):
    marker: str
    position: Literal["pre", "post"]
    bound: Literal["about", "at_least", "at_most"]


class HorizonRow(BaseModel):
    pattern: str
    year: str

    @field_validator("pattern")
    @classmethod
    def _compiles(cls, v: str) -> str:
        try:
            re.compile(v)
        except re.error as e:
            raise ValueError(f"not a regular expression: {e}") from e
        return v

    @field_validator("year")
    @classmethod
    def _year(cls, v: str, info) -> str:
        if v in ("report", "next") or re.fullmatch(r"20\d\d|report\+\d", v):
            return v
        if v == "group" and re.compile(info.data.get("pattern", "")).groups == 1:
            return v
        raise ValueError(f"year must be report, next, report+N, a 4-digit year, or group (with one group): {v!r}")


@cache
def cues() -> tuple[re.Pattern[str], dict[str, CueRow]]:
    rows = {r.cue: r for r in load_tsv(resource_path(CUES_FILE), CueRow)}
    return re.compile(alternation(rows)), rows


@cache
def predicates() -> tuple[dict[str, PredicateRow], int]:
    rows = {r.word: r for r in load_tsv(resource_path(PREDICATES_FILE), PredicateRow)}
    return rows, max(map(len, rows))


@cache
def bound_markers() -> dict[str, list[BoundRow]]:
    out: dict[str, list[BoundRow]] = {"pre": [], "post": []}
    for r in load_tsv(resource_path(BOUNDS_FILE), BoundRow):
        out[r.position].append(r)
    for rows in out.values():
        rows.sort(key=lambda r: len(r.marker), reverse=True)
    return out


@cache
def horizons() -> list[tuple[re.Pattern[str], str]]:
    return [(re.compile(r.pattern), r.year) for r in load_tsv(resource_path(HORIZONS_FILE), HorizonRow)]


@cache
def leadins() -> tuple[str, ...]:
    return tuple(sorted(load_word_list(resource_path(LEADINS_FILE)), key=len, reverse=True))


SENTENCE_END = "。！？!?\n"
CLAUSE_CUT = re.compile(r"[，,；;：:]")
CLAUSE_END = "，,；;。：:！？!?\n"
LIST_GAPS = ("、", "和", "与", "及", "、和")
FRAME_COLON = re.compile(r"\s{0,3}(?:是|为|如下|[，,]?\s{0,3}包括)?\s{0,3}[：:]")  # 主要目标是：, 29项主要指标，包括：
HEADING_CHARS = 40  # a section heading: a short line with no sentence or clause end (三、2026年重点工作)
HEADING_STOP = re.compile(r"[。；;：:！？!?]|政府工作报告|人民代表大会")
REVIEW_HEADING = re.compile(r"回顾|成就|总结")
HEAD_CHARS = 400  # a work report names its province in its title or its 在…人民代表大会 line
WORK_REPORT = "政府工作报告"
DEICTIC = re.compile(r"两省市|两省|两市|两地|双方|三省|三地")
PARTY_LEVELS = ("province", "city")
MIN_INDICATOR = 2
SHARE_UNITS = ("%", "个百分点", "百分点")  # 按增长5%安排: a share never counts the words after it
DATE_LEAD = re.compile(r"(?:20\d\d年)?\d{1,2}月(?:\d{1,2}日)?(?:起|前|底|末|以来|以后)?[，,]?")  # a day or month first
RATE_BASE = re.compile(r"每[0-9０-９.零一二两三四五六七八九十百千万亿]+[\u4e00-\u9fff]?$")  # 超每千人: a rate's base
COMPARISON = re.compile(r"(?:(?:相比|相较于?|较|比)(?:20\d\d年(?:底|末)?|上年|去年|上一年)|同比)$")
NOT_FIRST = "的、，“”\"（("
COORDINATORS = "和与及"
NOT_LAST = "、“”\"（(的"
BARE_WORD_TAGS = ("v", "d", "p", "c", "u", "r", "m", "q", "t")
# a year phrase that looks forward: a target cue when its year is later than the text's (see horizons())
FUTURE = re.compile(r"(?:(?<!达)到|至)(?:20\d\d年|[“\"]?十五五[”\"]?末)|20\d\d年(?:底前|前)|(?:未来|今后)(?:五|5|三|3)年")
DIGIT = re.compile(r"[0-9０-９]")
ENUMERATOR = re.compile(r"[0-9０-９]{1,2}[.．、]")  # 1.实施…, 2.实现…: an item of a numbered list
STARTING_VALUE = re.compile(r"[从由](?:现在的|目前的|当前的|每[人户月年])*$")  # 从每人每月209元提高到…: where it starts, not the target


@dataclass(frozen=True)
class CommitmentFact:
    text: str
    indicator: str
    value: float
    unit: str | None
    direction: str | None
    bound: str
    horizon: str | None
    parties: list[str]
    number_index: int
    start: int
    end: int
    construction: str
    cue: str | None
    recognizer: str = "commitments"


@dataclass
class _Head:
    """What a number's left context says: indicator span, direction, bound from a linker."""

    start: int
    end: int
    direction: str | None
    linker_bound: str | None
    words: list[str] = field(default_factory=list)


def extract_commitments(doc: Document, numbers: list[NumberFact], places: list[PlaceFact],
                        pub_date: str | None) -> list[CommitmentFact]:
    text = doc.text
    report_year = _report_year(text, pub_date)
    governs = _Governance(text, report_year, WORK_REPORT in text[:HEAD_CHARS])
    home = _home_party(text, places)
    out: list[CommitmentFact] = []
    previous: tuple[NumberFact, _Head, list[int]] | None = None  # its number, head, commitments' indices in out
    boundary = 0  # where the number before ends: an indicator starts after it
    for index, number in enumerate(numbers):
        before, boundary = boundary, (boundary if _is_rate_base(text, number) else number.end)
        if number.value is None or not number.unit or not DIGIT.search(number.text):
            previous = None  # 两轴三带六区, 省委十二届七次全会, 东三省: numerals inside names, not amounts
            continue
        cue = governs.cue_for(number.start)
        if cue is None or cue.role in ("result", "neutral"):
            previous = None
            continue
        head, members, construction = None, None, None
        if previous is not None:
            gap = text[previous[0].end:number.start]
            if gap in LIST_GAPS or (len(gap) == 1 and gap in RANGE_SEPARATORS):
                head = previous[1]
                construction = "range" if gap not in LIST_GAPS else "list"
                members = previous[2]
        if head is None:
            head = _read_head(text, number, before, governs.clause_ends.before(number.start) + 1)
            if head is None and index:
                head = _head_before_start(text, numbers, index, governs)  # 比例从77%提高到80%: the indicator before 从
            if head is None or number.subject is not None or _counts_what_follows(text, number):
                previous = None
                continue
        horizon = _horizon(text, number.start, governs, cue, report_year)
        parties = _parties(text, head.start, places, home, governs)
        bound = _own_bound(number) or head.linker_bound
        if bound is None and construction == "list":
            bound = _own_bound(numbers[out[members[-1]].number_index], "pre")  # 分别超过90%、75%
        bound = bound or "exact"
        made: list[CommitmentFact] = []
        base = dict(indicator=text[head.start:head.end], unit=number.unit or None, direction=head.direction,
                    horizon=horizon, parties=parties, number_index=index, start=head.start, end=number.end,
                    text=text[head.start:number.end], cue=cue.cue)
        high = _range_high(number)
        if high is not None:
            made.append(CommitmentFact(value=number.value, bound=_range_bound(number, "at_least"),
                                       construction="range", **base))
            made.append(CommitmentFact(value=high, bound=_range_bound(number, "at_most"),
                                       construction="range", **base))
        else:
            made.append(CommitmentFact(value=number.value, bound=bound,
                                       construction=construction or _construction(head), **base))
        members = members or []
        if construction == "range" and members:
            # 增长5%—5.5%: the first number is the lower end, this one the upper
            out[members[-1]] = _replace(out[members[-1]], bound="at_least", construction="range")
            made = [_replace(m, bound="at_most" if m.bound == "exact" else m.bound) for m in made]
        elif construction == "list" and members:
            # 分别增长5%、6.5%左右: a marker written once at the end applies to each number
            last_bound = _own_bound(number)
            for i in members:
                m = out[i]
                own = _own_bound(numbers[m.number_index])
                out[i] = _replace(m, construction="list",
                                  bound=last_bound if last_bound and m.bound == "exact" and own is None else m.bound)
        first = len(out)
        out.extend(made)
        previous = (number, head, members + list(range(first, len(out))))
    return out


def _replace(c: CommitmentFact, **changes) -> CommitmentFact:
    data = {k: getattr(c, k) for k in c.__dataclass_fields__}
    data.update(changes)
    return CommitmentFact(**data)


def _construction(head: _Head) -> str:
    return {"up": "growth", "down": "decline"}.get(head.direction or "", "level")


# --- which cue governs a number -------------------------------------------------------------
class _LastMark:
    """Where the last of some characters stands before a position, by bisection over their places
    (found once per text): ``max(text.rfind(c, 0, pos) for c in chars)`` for every number scans the
    whole text back for a character it never holds (the ASCII ! and ?), quadratic in its length."""

    def __init__(self, text: str, chars: str) -> None:
        self.positions = [m.start() for m in re.finditer(f"[{re.escape(chars)}]", text)]

    def before(self, pos: int) -> int:
        """The last position < pos of one of the characters, or -1 (as rfind)."""
        i = bisect_left(self.positions, pos)
        return self.positions[i - 1] if i else -1


class _Governance:
    """Frames (主要预期目标是：… to the paragraph's end), the cues of every sentence and, in a work
    report, its sections: a review (一、2025年工作回顾) holds results only; a plan section (三、2026年重点
    工作, 二、“十五五”时期主要目标任务) makes its numbers targets for the year its heading names."""

    def __init__(self, text: str, report_year: int | None = None, work_report: bool = False) -> None:
        self.text = text
        self.report_year = report_year
        pattern, rows = cues()
        self.hits = [(m.start(), m.end(), rows[m.group()]) for m in pattern.finditer(text)]
        self.hit_starts = [start for start, _, _ in self.hits]  # in order: a number's cues by bisection
        self.sentence_ends = _LastMark(text, SENTENCE_END)
        self.stops = _LastMark(text, "。！？!?")  # sentence ends but a line's
        self.clause_ends = _LastMark(text, CLAUSE_END)
        self.part_ends = _LastMark(text, SENTENCE_END + "；;")
        self.frames: list[tuple[int, int, int, CueRow]] = []  # (cue start, scope start, scope end, row)
        for start, end, row in self.hits:
            if row.role != "frame":
                continue
            colon = FRAME_COLON.match(text, end)
            if colon is None:
                continue
            scope_end = text.find("\n", colon.end())
            self.frames.append((start, colon.end(), len(text) if scope_end < 0 else scope_end, row))
        self.sections = _sections(text, report_year) if report_year and work_report else []

    def frame_at(self, pos: int) -> tuple[int, int, int, CueRow] | None:
        inside = [f for f in self.frames if f[1] <= pos < f[2]]
        return inside[-1] if inside else None

    def section_at(self, pos: int) -> _Section | None:
        if not self.sections:
            return None
        inside = [s for s in self.sections if s.start <= pos]
        return inside[-1] if inside else None

    def sentence_start(self, pos: int) -> int:
        return self.sentence_ends.before(pos) + 1

    def _hits_between(self, start: int, end: int) -> list[tuple[int, int, CueRow]]:
        """The cue hits that start within [start, end], in text order (not a scan of the whole text
        for every number: a long report holds thousands of both)."""
        return self.hits[bisect_left(self.hit_starts, start):bisect_right(self.hit_starts, end)]

    def _reach_start(self, start: int, pos: int) -> int:
        """Where the cues that govern pos may start: the sentence, or only its part after the last
        ；before pos when the sentence opens with neither a cue nor a time. 力争到2027年，A…；B… and
        今年，…；… set out every part; 湖北加大…力度，力争…150家…；在内蒙古…每年可发…257.4亿千瓦时
        tells two stories."""
        semi = max(self.text.rfind("；", start, pos), self.text.rfind(";", start, pos))
        if semi < 0:
            return start
        first_clause = CLAUSE_CUT.search(self.text, start, semi)
        opening_end = first_clause.start() if first_clause else semi
        opening = self.text[start:opening_end]  # 力争到2027年, 今年: a cue or a time that governs the sentence
        if any(e <= opening_end and row.role == "target" for _, e, row in self._hits_between(start, opening_end)) \
                or any(pattern.search(opening) for pattern, _ in horizons()):
            return start
        return semi + 1

    def cue_for(self, pos: int) -> CueRow | None:
        section = self.section_at(pos) if self.sections else None
        frame = self.frame_at(pos) if self.frames else None
        if section is not None and section.cue.role == "result" and frame is None:
            # a review: what it counts is done (争取中央资金…亿元), unless the sentence names this year or a later one
            year = _horizon_in(self.text, self.sentence_start(pos), pos, self.report_year)
            if year is None or int(year) < (self.report_year or 0):
                return None
        start = self.sentence_start(pos)
        if frame is not None:
            start = max(start, frame[1])
        else:
            start = self._reach_start(start, pos)
        last, last_start = None, -1
        for s, e, row in self._hits_between(start, pos):
            if e <= pos and row.role != "frame":
                last, last_start = row, s
        if self.report_year:  # 到2027年 in a text of 2024: what it says of 2027 is planned, not done
            for m in FUTURE.finditer(self.text, max(start, last_start + 1), pos):
                if int(_horizon_in(m.group(), 0, len(m.group()), self.report_year) or 0) > self.report_year:
                    last = CueRow(cue=m.group(), role="target")
        if last is None or last.role in ("target", "neutral"):
            if frame is not None:
                return frame[3]
            if section is not None and section.cue.role == "target" and (last is None or last.role == "neutral"):
                return section.cue
        return last


@dataclass(frozen=True)
class _Section:
    """From a heading to the next heading that names a year or a review. Its cue's role: result (a review,
    year None), target (a plan for its year) or neutral (both: the cues of each sentence decide)."""

    start: int
    year: str | None
    cue: CueRow


def _sections(text: str, report_year: int) -> list[_Section]:
    out: list[_Section] = []
    pos = 0
    for line in text.split("\n"):
        start, pos = pos, pos + len(line) + 1
        heading = line.strip()
        if not heading or len(heading) > HEADING_CHARS or HEADING_STOP.search(heading):
            continue
        year = _horizon_in(heading, 0, len(heading), report_year)
        past = year is not None and int(year) < report_year
        if REVIEW_HEADING.search(heading) and not (year is not None and not past) or past:
            out.append(_Section(start, None, CueRow(cue=heading, role="result")))
        elif year is not None:
            # 二、“十四五”时期发展成就和“十五五”时期主要目标任务: a review and a plan; only cues decide there
            role = "neutral" if REVIEW_HEADING.search(heading) else "target"
            out.append(_Section(start, year, CueRow(cue=heading, role=role)))
    return out


# --- the clause before the number -----------------------------------------------------------
def _read_head(text: str, number: NumberFact, previous_end: int, clause_start: int | None = None) -> _Head | None:
    """[indicator] [adverbs] [verb] [adverbs] [linker] before the number, within its clause and after
    the number before it (城镇新增就业47万人以上、城镇调查失业率…: the second indicator starts after 以上)."""
    if clause_start is None:  # a caller without the document's marks (a test, one sentence)
        clause_start = max(text.rfind(c, 0, number.start) for c in CLAUSE_END) + 1
    left_start = max(clause_start, min(previous_end, number.start))
    left = text[left_start:number.start]
    table, longest = predicates()
    rate_base = RATE_BASE.search(left)
    end = rate_base.start() if rate_base else len(left)  # 食品抽检量超|每千人|6.6批次: what it is per follows the verb
    direction = linker_bound = None
    seen_verb = seen_linker = False
    words = []
    while end > 0:
        word = next((left[end - n:end] for n in range(min(longest, end), 0, -1) if left[end - n:end] in table), None)
        if word is None:
            break
        row = table[word]
        if row.role == "linker":
            if seen_linker or seen_verb:
                break
            seen_linker, linker_bound = True, row.bound
        elif row.role == "verb":
            if seen_verb:
                break
            seen_verb, direction = True, row.direction
        words.append(word)
        end -= len(word)
    comparison = COMPARISON.search(left, 0, end)
    if comparison:
        end = comparison.start()  # 设备投资规模较2023年增长25%: the base of the comparison is not measured
    start = _skip_leadins(left, 0, end)
    enumerator = ENUMERATOR.match(left, start)
    if enumerator:
        start = _skip_leadins(left, enumerator.end(), end)
    # 浙江力争到2027年建成…, 2024年粮食产量…: what the indicator is for, or when, is not measured
    cue_spans = [m.span() for m in cues()[0].finditer(left, start, end)]
    inside = [e for _, e in cue_spans]
    inside += [m.end() for pattern, _ in horizons() for m in pattern.finditer(left, start, end)]
    if inside and max(inside) >= end:
        return None  # 到2030年将超过50万亿美元: nothing measured after the year
    if inside:
        start = _skip_leadins(left, max(inside), end)
        cue_start = next((s for s, e in cue_spans if e == max(inside)), None)
        if cue_start is not None and left[start:start + 1] in COORDINATORS:
            # 将新建和改造提升高标准农田: the cue's verb is the first of two the indicator joins
            start = _skip_leadins(left, cue_start, end)
    closing = max(left.rfind("”", start, end), left.rfind("」", start, end))
    if closing >= 0 and "“" not in left[start:closing] and "「" not in left[start:closing]:
        start = _skip_leadins(left, closing + 1, end)  # 千项万亿”重大项目: the name ends before the indicator
    date_lead = DATE_LEAD.match(left, start, end)
    if date_lead:
        start = _skip_leadins(left, date_lead.end(), end)  # 2026年1月1日起将税率…: when, not what
    indicator = left[start:end]
    if indicator.count("“") > indicator.count("”") or STARTING_VALUE.search(indicator):
        return None  # 落实“三个80%”: a number inside a name; 从77%提高到80%: the starting value
    if len(indicator) < MIN_INDICATOR or not any("\u4e00" <= c <= "\u9fff" or c.isalpha() for c in indicator):
        return None
    quoted_name = indicator[0] == "“" and "”" in indicator  # “415X”集群营收
    if re.search(r"\d+(?:\.\d+)?[%％]", indicator) or (indicator[0] in NOT_FIRST and not quoted_name) \
            or (indicator[-1] in NOT_LAST and not (indicator[-1] == "”" and "“" in indicator)):
        return None  # another number's clause; 的情况下; 出台“15条
    if (dictionary_tag(indicator) or "").startswith(BARE_WORD_TAGS):
        return None  # a bare verb or adverb (实现882个, 新增40.8万): nothing measured is named
    return _Head(left_start + start, left_start + end, direction, linker_bound, words)


def _head_before_start(text: str, numbers: list[NumberFact], index: int, governs: _Governance) -> _Head | None:
    """比例从77%提高到80%以上: the target's indicator is the clause before 从 and its starting value;
    only a linker or verb stands between the two numbers."""
    start_value, number = numbers[index - 1], numbers[index]
    table, _ = predicates()
    gap = text[start_value.end:number.start]
    marker = STARTING_VALUE.search(text, max(0, start_value.start - 8), start_value.start)
    if marker is None or gap not in table or table[gap].role == "adverb":
        return None
    cut = replace(start_value, start=marker.start())
    head = _read_head(text, cut, numbers[index - 2].end if index > 1 else 0, governs.clause_ends.before(cut.start) + 1)
    if head is None:
        return None
    row = table[gap]
    return _Head(head.start, head.end, row.direction, row.bound, head.words + [gap])


def _is_rate_base(text: str, number: NumberFact) -> bool:
    """每千人口拥有…托位数, 每万人口…拥有量: the amount a rate is per belongs to the indicator."""
    return text[number.start - 1:number.start] == "每"


def _counts_what_follows(text: str, number: NumberFact) -> bool:
    """支持300个以上数字化项目: a count of the words after it, whatever jieba made of them."""
    nxt = text[number.end:number.end + 1]  # 300个以上“智改数转”示范项目, 新建100个“15分钟高品质生活服务圈”
    return number.unit not in SHARE_UNITS and bool(nxt) and ("\u4e00" <= nxt <= "\u9fff" or nxt in "“\"‘「")


def _skip_leadins(left: str, start: int, end: int) -> int:
    words = leadins()
    word_ends: set[int] | None = None
    moved = True
    while moved and start < end:
        moved = False
        for w in words:
            if left.startswith(w, start) and start + len(w) < end:
                if word_ends is None:
                    word_ends = _word_ends(left[:end])
                if start + len(w) not in word_ends:
                    continue  # 并网光伏发电装机容量: 并 begins a word here, it does not lead the clause in
                start += len(w)
                moved = True
                break
    return start


def _word_ends(clause: str) -> set[int]:
    """Where jieba's words end in a clause (a few dozen characters, cut only when a lead-in is met)."""
    ends, at = set(), 0
    for word in cut_words(clause):
        at += len(word)
        ends.add(at)
    return ends


def _own_bound(number: NumberFact, *positions: str) -> str | None:
    """The bound a marker on the number itself sets (5%左右, 超过90%), or None."""
    markers = bound_markers()
    for position in positions or ("post", "pre"):
        for row in markers[position]:
            found = number.text.endswith(row.marker) if position == "post" else number.text.startswith(row.marker)
            if found and number.approx:
                return row.bound
    return None


def _range_high(number: NumberFact) -> float | None:
    """The upper end of a range written as one number (4.5-5%, 2到4万人), or None."""
    body = number.text
    for row in bound_markers()["post"]:
        if body.endswith(row.marker):
            body = body[:-len(row.marker)]
            break
    if number.unit and body.endswith(number.unit):
        body = body[:-len(number.unit)]
    cut = next((i for i, c in enumerate(body) if i > 0 and c in RANGE_SEPARATORS), None)
    if cut is None:
        return None
    high = parse_numeral(body[cut + 1:])
    return high.value if high is not None and high.value > (number.value or 0) else None


def _range_bound(number: NumberFact, end: str) -> str:
    own = _own_bound(number)
    return own if own == "about" else end


# --- horizon and party ----------------------------------------------------------------------
def _report_year(text: str, pub_date: str | None) -> int | None:
    head = text[:HEAD_CHARS]
    if WORK_REPORT in head:
        m = re.search(r"(20\d\d)年\d{1,2}月\d{1,2}日在[^。]{2,20}?人民代表大会", head)
        if m:
            return int(m.group(1))
    if pub_date:
        return int(pub_date[:4])
    return None


def _horizon_in(text: str, start: int, end: int, report_year: int | None) -> str | None:
    best: tuple[int, str | None] | None = None
    window = text[start:end]
    for pattern, year in horizons():
        for m in pattern.finditer(window):
            if year == "report":
                value = str(report_year) if report_year else None
            elif year == "next":
                value = str(report_year + 1) if report_year else None
            elif year.startswith("report+"):  # 未来五年 in a text of 2026: 2026—2030
                value = str(report_year + int(year[7:])) if report_year else None
            elif year == "group":
                value = m.group(1)
            else:
                value = year
            if best is None or m.end() > best[0]:
                best = (m.end(), value)
    return best[1] if best else None


def _horizon(text: str, pos: int, governs: _Governance, cue: CueRow, report_year: int | None) -> str | None:
    frame = governs.frame_at(pos)
    start = governs.sentence_start(pos)
    if frame is not None:
        start = max(start, frame[1])
    found = _horizon_in(text, start, pos, report_year)
    if found is None and frame is not None:
        cue_start = frame[0]
        lead = governs.stops.before(cue_start) + 1
        found = _horizon_in(text, lead, cue_start, report_year)
        if found is None and frame[3].horizon == "report" and report_year:
            found = str(report_year)
    if found is None:
        section = governs.section_at(pos)
        found = section.year if section is not None else None  # 三、2026年重点工作: 力争…, for 2026
    return found


def _home_party(text: str, places: list[PlaceFact]) -> str | None:
    """The province of a government work report (named in its title or 在…人民代表大会 line)."""
    if WORK_REPORT not in text[:HEAD_CHARS]:
        return None
    named = [(min(m.start for m in p.mentions), p.canonical) for p in places
             if p.kind == "division" and p.level == "province" and any(m.start < HEAD_CHARS for m in p.mentions)]
    return min(named)[1] if named else None


def _parties(text: str, start: int, places: list[PlaceFact], home: str | None, governs: _Governance) -> list[str]:
    sentence = governs.part_ends.before(start) + 1
    if home is not None and not DEICTIC.search(text, sentence, start):
        return [home]  # a work report pledges its government's work; 郑州, 贵阳 in the sentence are where, not who
    named = sorted((min(m.start for m in p.mentions if sentence <= m.start < start), p.canonical) for p in places
                   if p.kind == "division" and p.level in PARTY_LEVELS
                   and any(sentence <= m.start < start for m in p.mentions))
    if named:
        return list(dict.fromkeys(name for _, name in named))
    deictic = DEICTIC.search(text, sentence, start)
    if deictic:
        return _deictic_parties(text, deictic, places)
    return [home] if home else []


def _deictic_parties(text: str, deictic: re.Match, places: list[PlaceFact]) -> list[str]:
    """内蒙古、广东两地文旅部门启动…。两地计划…: the divisions named last before 两地 in its line and the line
    before (a 新闻联播 item holds several stories); else the document's most named provinces."""
    n = 3 if deictic.group().startswith("三") else 2
    levels = ("city",) if deictic.group() == "两市" else ("province",) if "省" in deictic.group() else PARTY_LEVELS
    line = text.rfind("\n", 0, deictic.start())
    window = text.rfind("\n", 0, line) + 1 if line > 0 else 0
    near = sorted(((m.start, p.canonical) for p in places if p.kind == "division" and p.level in levels
                   for m in p.mentions if window <= m.start < deictic.start()), reverse=True)
    named = list(dict.fromkeys(name for _, name in near))[:n]
    if len(named) == n:
        first = {name: pos for pos, name in near}
        return sorted(named, key=first.get)
    provinces = sorted((p for p in places if p.kind == "division" and p.level == "province"),
                       key=lambda p: -len(p.mentions))
    return [p.canonical for p in provinces[:n]] if len(provinces) >= n else []
