"""Cooperation items: agreed or planned tasks, with their domain heading and the parties.

How a task is found (GUIDELINES §cooperation_items):
1. The text is cut into sentences (。！？ and line ends; a line break inside an unfinished line of
   prose is a page break, not an end: "打造便捷生活行动\\n\\n升级版" stays one item) and each
   sentence into clauses (，；：, and 、 between two tasks, but not inside an object list ending
   in 等…). Punctuation inside quotes and brackets does not cut.
2. Something must make the clauses tasks rather than narration. A trigger
   (``resources/coop_triggers.tsv``): a directive (要, 必须), a plan (将, 今年, 计划), a decision
   (会议决定), an enumeration (一是…, 第二，: only the clause it opens), a domain heading
   (在产业发展方面，), a colon list. Or the sentence itself: one that opens with a task and has
   MIN_LIST verb-led clauses is a bare task list; 同时/此外, or a next sentence of two tasks (or
   only tasks), carries a paragraph's list on; a named body (a division, or an ORG/LOC mention, or
   a list of them: 四川、贵州、云南三省) opening the clause is a body at work, and its further
   predicates in the sentence are tasks too.
3. A clause is an item when, after at most a lead-in (一是, 四川将, 重庆也, 1月1日起) or a named or
   collective subject (甘肃, 两地), it starts with modifiers (``coop_adverbs.txt``) and a verb
   (``coop_verbs.txt``; 发展-like ``coop_weak_verbs.txt`` need a modifier or a verb after them:
   研究创设…) that has an object. Under a directive or commitment (要, 必须, 决定, 同意, 愿, 建议)
   any word jieba's dictionary tags as a verb leads a task too (核查, 搜救), except speech,
   narration, attitudes and goals (``coop_not_task_verbs.txt``: 表示, 位于, 坚持, 确保). It
   runs to the clause's end, without punctuation. Not items: what has been done (…了, 已…),
   statements (…是…, …举行), priorities (把…作为…), frames (在…, 为…), and standing formulae
   (``coop_slogans.txt``) unless the sentence sets out a list.
4. Whether a candidate is a task is decided by ``coop_tasks.py`` (gold v1.2: a deliverable, not a goal,
   guidance, conduct or last year's work) from named features; each item names the rule (or model)
   that decided it. A directive or enumeration that opens a paragraph licenses its later sentences,
   and a short heading sentence (实施传统产业焕新行动。) is a task of the section above it.
Domain: "在X方面" / "X方面" before the items of that sentence, a short heading sentence that opens
the paragraph ("不断筑牢生态安全屏障。"), or a short subheading line above it; a line naming a person
(a byline: 上海市市长 龚 正) heads nothing. Parties: the divisions in subject position (opening a
clause, and names joined to it) in the item's clause, else its sentence, else its paragraph's first
sentence; else 两省市/两地 (双方 outside a release between countries) stand for the two provinces
the release names; a division inside an object (支持九寨沟县…) is no party.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Iterator

from pydantic import BaseModel
from spacy.tokens import Doc

from pipeline.document import Document
from pipeline.extract.coop_tasks import Candidate, decide, release_frames
from pipeline.extract.places import PlaceFact
from pipeline.patterns import alternation
from pipeline.recognise.merge import Mentions
from pipeline.resources import load_tsv, resource_path, word_list
from pipeline.segment import dictionary_tables, dictionary_tag

RECOGNIZER = "cooperation"
MAX_PREFIX = 12  # chars of lead-in and subject a clause may have before its verb (对农村低收入人口要…)
MIN_ITEM = 4  # shorter verb phrases are slogans or fragments (推动发展)
PAGE_BREAK_LINE = 50  # a line this long that stops mid-sentence continues after the break
HEADING_MAX = 14  # a paragraph-opening heading sentence is short
MIN_LIST = 4  # verb-led clauses that make a sentence without a trigger a list of tasks
SUBJECT_LABELS = ("ORG", "LOC")  # mention labels (e.g. from the NER model) that name a body at work

_SENTENCE_END = "。！？!?"
_CLAUSE_CUT = "，,；;：:"
_OPEN, _CLOSE = "“‘《（(【[「", "”’》）)】]」"
# The characters the sentence and clause cutters act on; a scan visits only these.
_SENTENCE_MARK = re.compile(f"[{re.escape(_SENTENCE_END)}\n]")
_CLAUSE_MARK = re.compile(f"[{re.escape(_OPEN + _CLOSE + _CLAUSE_CUT + _SENTENCE_END)}、]")
_PROSE_MARK = re.compile(r"[，,；;]")
_EDGE = re.compile(r"[\s、。]")  # a character a clause may be stripped of at either end (。 only at its end)
_BRACKET = re.compile(f"[{re.escape(_OPEN + _CLOSE)}]")
_OPENING_CUT = re.compile(r"[，,；;：:]")
_SPACES = re.compile(r"\s*")
_PAST = re.compile(r"(?<![为除])了(?![解])|已经|已(?![有])|取得(?![更新])|累计")
_DOMAIN = re.compile(r"^(?:包括|其中|主要是|重点是)?(?:在|从)?(?P<domain>[^，。；、“”等\d几多]{2,16}?)方面[，：,:]?$")
# 在践行宗旨、为民服务上下功夫，大兴…: a frame clause before a sentence's tasks.
_FRAME = re.compile(r"(?:在|从).{2,30}(?:上下功夫|上|中|方面)")
# Weak verbs that take another verb as their object (研究创设…, 组织开展…): then a task of their own.
_VERBAL_OBJECT = frozenset({"研究", "组织"})
_GROUP_COUNT = re.compile(r"(?:[两三四五六七八九十\d]+(?:省区市|省市|省区|省|市|地|区|县|国)(?:一市)?|等地)$")
# 愿同中方密切高层互动: a commitment with its partner (愿/将 + 同/与 X) before the task's verb; after a
# 愿 of the clause before, the partner alone (中方愿…，同突方深化教育、旅游等领域合作): X方 or X一道.
_CO_AGENT = re.compile(r"(?:愿意?|将)(?:继续)?(?:同|与|和|向)[^，,、；;]{1,8}?(?:一道|一起|携手)?"
                       r"|(?:同|与)(?:[^，,、；;]{1,6}?方|[^，,、；;]{1,8}?(?:一道|一起|携手))")
# Words that end like a body (…部) but name none: 一手抓干部教育, 全部, 西部.
_NOT_BODY = re.compile(r"(?:干|全|内|局|东|西|南|北|中|外|总|支|头|面|胸|腹)部$")
# 围绕发展新质生产力因地制宜布局…: a phrase that orients the task, before its verb, is a lead-in.
_ORIENTING = re.compile(r"(?:围绕|聚焦|立足|依托|针对|对标|结合)[^，,、；;：:]{1,10}")
# 中方愿同突方加强…: what a party is willing to do; the party before 愿 is no part of the task.
_WILLING = re.compile(r"(?<![意志心])愿意?(?![景望])")
_TAIL = re.compile(r"的同时$|(?<=[^等])等$")  # …的同时 frames; a list's closing 等 is no part of it
_PRIORITY = re.compile(r"作为|摆在|摆上|放在|放到|置于|统一到")
_STATEMENT = re.compile(r"(?<![一二三四五六七八九十总就还但而正只即要于])是(?![否非])|列为|列入|(?:举行|召开|开幕|闭幕)$")
_ENUMERATOR = re.compile(r"^(?:[（(][一二三四五六七八九十\d]+[）)]|[一二三四五六七八九十]+[、是]|\d+[.、．])\s*")
# Time words that look back: a task after one (and no 要/将) is a report of work done.
_RETROSPECTIVE = re.compile(r"近年来|近[一二两三四五几\d]年|多年来|以来|过去|此前|去年|前不久|日前|近日|[几\d]天前|“十[一二三四]五”期间")
_CONTINUES = re.compile(r"\s*(?:同时|此外|另外|还将|还要|与此同时)")
_NOT_MODIFYING_WEAK = frozenset({"", "高质量"})
# A date that opens a clause (1月1日起, 5月1日) is a lead-in: policies listed by the day they start.
_DATE_LEADIN = re.compile(r"(?:\d{4}年)?(?:\d{1,2}月)?\d{1,2}日起?|\d{4}年(?:\d{1,2}月)?起?")
_NOT_DISPOSAL = frozenset("握关脉")  # 把握, 把关, 把脉
# A modal inside the clause's first words: what stands before it is the subject (优化营商环境要…).
_MODAL = re.compile(r"(?<![重主需只不必首摘纪想])要(?![素点害闻么求])|(?<![即终])将(?![军领近士])|必须")
# Triggers that direct or commit (要, 必须, 决定, 同意, 愿, 建议): in their scope a dictionary verb
# may lead a task; plans and ongoing work (将, 正在, 今年) often narrate, so they need a listed verb.
_DIRECTIVE = re.compile(r"要|必须|务必|应当|决定|同意|愿|建议")
# 坚持以X为指导, …更加坚定, 决不能松懈: a principle, a state or a vow, not a task.
_NOT_TASK = re.compile(r"^坚持以.*为|更加坚定$|十分|决不|绝不|不能")
_GROUP_PARTIES = re.compile(r"两省市|两省|两市|两地|双方|川渝")
# A clause opening with a preposition is an adverbial frame (在…方面加大协同力度, 为…作出贡献), not a task.
_ADVERBIAL_OPENERS = ("在", "为", "以", "从", "对", "向", "与", "同", "和", "是", "的", "让", "使")


class Trigger(BaseModel):
    pattern: str
    scope: str
    listing: bool
    why: str


@dataclass(frozen=True)
class CooperationFact:
    text: str
    domain: str | None
    action: str | None
    parties: list[str]
    start: int
    end: int
    recognizer: str = RECOGNIZER
    score: float | None = None


HOME_HEAD = 300  # characters of a work report's head that name the province or city reporting
CHAPTER_MAX = 40  # a chapter heading line (二、关于《…规划纲要（草案）》的说明) is short
_CHAPTER_LINE = re.compile(r"[一二三四五六七八九十]+、")
# A chapter heading of a report (一、2025年工作回顾) or a sentence that opens a review of last year.
_CHAPTER = re.compile(r"^\s*[一二三四五六七八九十]+、|回顾|工作安排|总体要求|主要任务|重点任务|工作任务")
_REVIEW_OPENER = re.compile(r"(?:过去|这)[一五]?年.{0,12}(?:做了|开展了|完成了)")
# A byline or a caption (上海市市长 龚 正, 殷勇同志作政府工作报告): names a person, heads nothing.
_BYLINE_LABELS = ("PER", "TITLE")

# While a caller collects (``all_candidates``), every candidate and its decision is appended here.
_COLLECT: ContextVar[list | None] = ContextVar("coop_candidates", default=None)


@contextmanager
def all_candidates() -> Iterator[list[tuple[Candidate, int, int, bool]]]:
    """Collect (candidate, start, end, kept) of every candidate extracted inside the block."""
    found: list = []
    token = _COLLECT.set(found)
    try:
        yield found
    finally:
        _COLLECT.reset(token)


@cache
def _triggers() -> tuple[tuple[re.Pattern[str], str, bool], ...]:
    rows = load_tsv(resource_path("coop_triggers.tsv"), Trigger)
    return tuple((re.compile(r.pattern), r.scope, r.listing) for r in rows)


@cache
def _any_trigger() -> re.Pattern[str]:
    """All the triggers as one pattern: it finds something in a span exactly when one of them does,
    so the clauses with none (most of them) cost one search instead of one per trigger."""
    return re.compile("|".join(f"(?:{pattern.pattern})" for pattern, _, _ in _triggers()))


@cache
def _task_start() -> re.Pattern[str]:
    """Modifiers then a verb, at the start of what is matched."""
    adverbs, verbs = alternation(word_list("coop_adverbs.txt")), alternation(word_list("coop_verbs.txt"))
    return re.compile(f"(?:(?:{adverbs})(?:、)?)*(?P<verb>{verbs})")


@cache
def _adverb_run() -> re.Pattern[str]:
    return re.compile(f"(?:(?:{alternation(word_list('coop_adverbs.txt'))})(?:、)?)*")


@cache
def _not_task_verbs() -> frozenset[str]:
    return frozenset(word_list("coop_not_task_verbs.txt"))


@cache
def _first_word(fragment: str) -> str:
    import jieba

    return next(iter(jieba.cut(fragment, HMM=False)), "")


def _is_dictionary_verb(text: str, pos: int, end: int) -> bool:
    return dictionary_tag(_first_word(text[pos:min(end, pos + 8)])) in ("v", "vn")


def _may_open_dictionary_verb(text: str, pos: int, end: int) -> bool:
    """A word of 2-4 characters at pos that jieba's dictionary tags as a verb and that is no speech
    verb: what ``_task_match`` needs of the first word jieba cuts there, checked in a few look-ups
    (most positions have none, and a cut costs a hundred times more)."""
    if pos + 2 > end or text[pos:pos + 2] not in _dictionary_verb_openings():
        return False  # one look-up for most positions
    _, tags = dictionary_tables()
    for size in (2, 3, 4):
        if pos + size > end:
            break
        word = text[pos:pos + size]
        if tags.get(word) in ("v", "vn") and word not in _not_task_verbs():
            return True
    return False


@cache
def _dictionary_verb_openings() -> frozenset[str]:
    """The first two characters of every word of 2-4 characters jieba's dictionary tags as a verb
    (built once, in 15 ms): where none begins, no dictionary verb does."""
    _, tags = dictionary_tables()
    return frozenset(w[:2] for w, tag in tags.items() if (tag == "v" or tag == "vn") and 2 <= len(w) <= 4)


def _task_match(text: str, pos: int, end: int, loose: bool = True) -> tuple[int, str, int] | None:
    """(verb start, verb, task-start end) of modifiers and a verb at pos.

    The verb comes from coop_verbs.txt, else any word of 2-4 characters that jieba's dictionary
    tags as a verb (v, vn: 确保, 审议, 排查), so tasks with verbs nobody listed are still found;
    speech and narration verbs (coop_not_task_verbs.txt: 表示, 会见) are not tasks. The word must
    be the one jieba cuts there (工作人员 is no 工作). Only where a trigger licenses the clause
    (loose): in bare narration a dictionary verb is too weak a sign of a task.
    """
    m = _task_start().match(text, pos, end)
    if m:
        return m.start("verb"), m.group("verb"), m.end()
    return _dictionary_task_match(text, pos, end) if loose else None


def _dictionary_task_match(text: str, pos: int, end: int) -> tuple[int, str, int] | None:
    """Modifiers and a verb of jieba's dictionary at pos (the loose half of ``_task_match``)."""
    v = _adverb_run().match(text, pos, end).end()
    if not _may_open_dictionary_verb(text, v, min(end, v + 8)):
        return None  # no cut of the fragment can start with a task verb: spare jieba the cut
    word = _first_word(text[v:min(end, v + 8)])
    durative = text[v + len(word):v + len(word) + 1] == "着"  # 承载着…: a state described, not a task
    if (2 <= len(word) <= 4 and dictionary_tag(word) in ("v", "vn") and word not in _not_task_verbs()
            and not durative):
        return v, word, v + len(word)
    return None


def _task_matches(text: str, start: int, limit: int, end: int, loose: bool
                  ) -> Iterator[tuple[int, tuple[int, str, int]]]:
    """(pos, what ``_task_match`` finds at pos) for each pos in [start, limit) where it finds a task
    start, in order. One search finds the next listed verb (most clauses have none near their start,
    and a match tried at every position was the stage's largest cost); only under a trigger (loose)
    are the positions before it looked at one by one for a dictionary verb."""
    pos = start
    while pos < limit:
        listed = None
        for initial in _task_initials().finditer(text, pos, limit):
            listed = _task_start().match(text, initial.start(), end)
            if listed:
                break
        next_listed = listed.start() if listed else limit
        if loose:
            for p in range(pos, next_listed):
                m = _dictionary_task_match(text, p, end)
                if m:
                    yield p, m
        if listed is None:
            return
        yield next_listed, (listed.start("verb"), listed.group("verb"), listed.end())
        pos = next_listed + 1


@cache
def _task_initials() -> re.Pattern[str]:
    """The characters a listed modifier or verb begins with: only there can ``_task_start`` match."""
    words = word_list("coop_adverbs.txt") + word_list("coop_verbs.txt")
    return re.compile("[" + "".join(sorted({re.escape(w[0]) for w in words})) + "]")


@cache
def _verb_anywhere() -> re.Pattern[str]:
    return re.compile(alternation(tuple(w for w in word_list("coop_verbs.txt") if len(w) > 1)))


@cache
def _weak_verbs() -> frozenset[str]:
    return frozenset(word_list("coop_weak_verbs.txt"))


@cache
def _subjects() -> frozenset[str]:
    return frozenset(word_list("coop_subjects.txt"))


@cache
def _subject_tails() -> tuple[str, ...]:
    return tuple(word_list("coop_subject_tails.txt"))


@cache
def _slogans() -> frozenset[str]:
    return frozenset(word_list("coop_slogans.txt"))


@cache
def _leadins() -> tuple[str, ...]:
    return tuple(sorted(word_list("coop_leadins.txt"), key=len, reverse=True))


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence; a break inside a long unfinished line does not end one."""
    out: list[tuple[int, int]] = []
    start = 0
    i = 0
    n = len(text)
    while (mark := _SENTENCE_MARK.search(text, i)) is not None:  # only the ends and line breaks
        i = mark.start()
        if text[i] != "\n":
            out.append((start, i + 1))
            start = i + 1
        else:
            line_start = text.rfind("\n", 0, i) + 1
            line = text[line_start:i].rstrip("\r")
            prose = len(line) >= PAGE_BREAK_LINE or _PROSE_MARK.search(line) is not None
            unfinished = prose and line[-1:] not in _SENTENCE_END + "：:"
            nxt = _SPACES.match(text, i).end()
            if unfinished and nxt < n:
                i = nxt
                continue
            out.append((start, i))
            start = i + 1
        i += 1
    if start < n:
        out.append((start, n))
    return [(s, e) for s, e in out if text[s:e].strip()]


def clauses(text: str, start: int, end: int, named: frozenset[tuple[int, int]] = frozenset()
            ) -> list[tuple[int, int]]:
    """(start, end) of each clause of a sentence, without its punctuation."""
    out: list[tuple[int, int]] = []
    depth = 0
    clause_start = start
    for mark in _CLAUSE_MARK.finditer(text, start, end):  # only the characters that open, close or cut
        i = mark.start()
        ch = text[i]
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth = max(0, depth - 1)
        elif depth == 0 and (ch in _CLAUSE_CUT or ch in _SENTENCE_END):
            out.append((clause_start, i))
            clause_start = i + 1
        elif depth == 0 and ch == "、" and _splits_list(text, clause_start, i, end, named):
            out.append((clause_start, i))
            clause_start = i + 1
    out.append((clause_start, end))
    return [(s, e) for s, e in ((_strip(text, s, e)) for s, e in out) if e > s]


def _splits_list(text: str, clause_start: int, i: int, end: int, named: frozenset[tuple[int, int]]) -> bool:
    """Does the 、 at i separate two tasks (提振消费、提高投资效益) rather than the parts of an object?

    Both sides must open a task, and the list must not end in 等…, which makes it one object
    ("优化区域布局、促进区域协调发展…等方面的有效措施").
    """
    if i - clause_start < MIN_ITEM or not _opens_task(text, i + 1, end):
        return False
    left = _item_start(text, clause_start, i, named)
    if left is None or left[1] == "把":
        return False  # 把锤炼党性、提高思想觉悟作为终身课题: one 把 governs the whole list
    stop = re.compile(r"[，,；;。！？!?\n]").search(text, i, end)
    clause_end = stop.start() if stop else end
    if "等" in text[i:clause_end]:
        return False
    part_end = re.compile(r"[、，,；;。！？!?\n]").search(text, i + 1, end)
    following = _item_start(text, i + 1, part_end.start() if part_end else end, named)
    return following is not None and following[0] == i + 1  # …保护好、传承好: 传承好 acts on nothing


def _opens_task(text: str, pos: int, end: int, loose: bool = False) -> bool:
    """Does a task (modifiers and a verb, or a verb that needs none) start right at pos?"""
    m = _task_match(text, pos, end, loose)
    return m is not None and not (m[0] == pos and m[1] in _weak_verbs())


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    if start < end and not _EDGE.match(text[start]) and not _EDGE.match(text[end - 1]):
        return start, end  # most clauses: nothing to strip
    while start < end and (text[start].isspace() or text[start] in "、"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in "、。"):
        end -= 1
    return start, end


def _item_start(text: str, start: int, end: int, named: frozenset[tuple[int, int]] = frozenset(),
                loose: bool = False) -> tuple[int, str] | None:
    """Where the task starts in a clause and its verb, after a short verb-free lead-in or subject."""
    limit = min(end, start + MAX_PREFIX + 1)
    willing = _WILLING.search(text, start, limit)
    if willing and willing.start() > start:
        start = willing.start()  # 中方愿同突方…: the prefix 愿同突方 is a lead-in
        limit = min(end, start + MAX_PREFIX + 1)
    modal = _MODAL.search(text, start, limit)
    if (modal and modal.start() > start and not _PAST.search(text, start, modal.start())
            and not _inside_quotes(text, start, modal.start())):
        start = modal.end()  # 优化营商环境要一手抓改革: the task, if any, follows 要
        limit = min(end, start + MAX_PREFIX + 1)
    for pos, (verb_start, verb, task_end) in _task_matches(text, start, limit, end, loose):
        prefix = text[start:pos]
        if prefix.startswith(_ADVERBIAL_OPENERS) and not prefix.endswith(_leadins()) \
                and not _CO_AGENT.fullmatch(prefix):
            return None
        if prefix and not _is_leadin_prefix(prefix) and not _ORIENTING.fullmatch(prefix) and not (
                prefix in _subjects() or (start, pos) in named or _is_named_list(prefix, start, named)
                or (loose and prefix.endswith(_subject_tails()) and not re.search(r"[、，,]", prefix)
                    and not _NOT_BODY.search(prefix))):
            continue  # a bare subject must be a named body (甘肃, 黑龙江) or a collective one (两地)
        if text.startswith(("的", "成的", "起来的", "出的"), task_end):
            return None  # 发展的…: the verb qualifies a noun, the clause is no task
        if (verb in _weak_verbs() and text[pos:verb_start] in _NOT_MODIFYING_WEAK
                and not (verb in _VERBAL_OBJECT and _is_dictionary_verb(text, task_end, end))):
            continue  # bare 发展/服务, or 高质量发展 (a noun): no task
        if verb == "把" and text[task_end:task_end + 1] in _NOT_DISPOSAL:
            continue  # 把握, 把关: a verb of its own, not 把 + object
        if not _has_object(text, task_end, end):
            return None  # 全面贯彻落实, 统筹谋划: a task names what it acts on
        return pos, verb
    return None


def _inside_quotes(text: str, start: int, pos: int) -> bool:
    """Is pos inside a quotation or a title opened after start? A 要 or 将 there is part of a name
    (实施“向科技要产能”专项行动), not a modal before the task."""
    return any(text.count(o, start, pos) > text.count(c, start, pos) for o, c in zip(_OPEN, _CLOSE) if o != c)


def _is_named_list(prefix: str, start: int, named: frozenset[tuple[int, int]]) -> bool:
    """四川、贵州、云南三省 / 重庆和四川两地: named bodies joined by 、 or 和, then an optional count."""
    pos, n = start, 0
    ends = _ends_by_start(named)
    rest = _GROUP_COUNT.sub("", prefix)
    limit = start + len(rest)
    while pos < limit and pos in ends:
        pos, n = ends[pos], n + 1
        if pos < limit and prefix[pos - start] in "、和与及":
            pos += 1
    return n >= 2 and pos == limit


@lru_cache(maxsize=4)
def _ends_by_start(named: frozenset[tuple[int, int]]) -> dict[int, int]:
    """Built once per document (it was built per call: quadratic in a long text)."""
    return {s: e for s, e in named}


def _has_object(text: str, pos: int, end: int) -> bool:
    """Is there something after the verb that is not one more modifier or verb?"""
    while pos < end:
        m = _verb_anywhere().match(text, pos + (text[pos] == "、"), end)
        if m is None:
            m = _task_start().match(text, pos + 1, end) if text[pos] == "、" else None
            if m is None:
                break
        pos = m.end()
    return end - pos >= 2


def _is_title_line(text: str, start: int, end: int) -> bool:
    """A whole line without punctuation: a headline or a subheading."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", start)
    line_end = len(text) if line_end < 0 else line_end
    whole_line = not text[line_start:start].strip() and not text[end:line_end].strip()
    return whole_line and re.search(r"[，,。；;：:、！？!?]", text[start:end]) is None


def _trim_tail(text: str, start: int, end: int) -> int:
    """Drop a trailing frame word that ends the clause but not the task (…任务的同时)."""
    m = _TAIL.search(text, start, end)
    return m.start() if m and m.end() == end and m.start() - start >= MIN_ITEM else end


def _balanced(item: str) -> bool:
    if _BRACKET.search(item) is None:
        return True  # most items hold no quote or bracket
    return all(item.count(o) == item.count(c) for o, c in zip(_OPEN, _CLOSE) if o != c)


@dataclass(frozen=True)
class _ListShape:
    """How many of a sentence's clauses are bare tasks, when its first clause is one."""

    tasks: int
    all_tasks: bool

    def is_list(self, min_list: int = MIN_LIST, or_all: bool = False) -> bool:
        """A sentence that opens with a task and lists more (增设…会议,建立…机制。): a bare task list.

        or_all: a sentence of fewer clauses that are all tasks counts too (继续深化…等项目合作。).
        """
        return self.tasks >= min_list or (or_all and self.all_tasks)


_NO_LIST = _ListShape(0, False)


def _list_shape(text: str, parts: list[tuple[int, int]], named: frozenset[tuple[int, int]]) -> _ListShape:
    """Found once per sentence, asked up to three times (with min_list 4, 1 and 2)."""
    def bare(s: int, e: int) -> bool:
        f = _item_start(text, s, e, named)
        return (f is not None and (f[0] == s or _DATE_LEADIN.fullmatch(text[s:f[0]]) is not None)
                and not _PAST.search(text, s, e))

    first = next((i for i, (s, e) in enumerate(parts)
                  if not _only_leadin(text[s:e]) and not _FRAME.fullmatch(text[s:e])), None)
    if first is None or not bare(*parts[first]):
        return _NO_LIST  # most sentences: the other clauses need not be looked at
    tasks = [True if i == first else bare(s, e) for i, (s, e) in enumerate(parts)]
    return _ListShape(sum(tasks), all(tasks))


def _is_task_list(text: str, parts: list[tuple[int, int]], named: frozenset[tuple[int, int]],
                  min_list: int = MIN_LIST, or_all: bool = False) -> bool:
    return _list_shape(text, parts, named).is_list(min_list, or_all)


def _is_leadin_prefix(prefix: str) -> bool:
    return (prefix.endswith(_leadins()) or _DATE_LEADIN.fullmatch(prefix) is not None
            or _CO_AGENT.fullmatch(prefix) is not None)


def _only_leadin(clause: str) -> bool:
    """一是, 第三, 同时, 会议决定, 1月1日起: a clause that only introduces the next one."""
    rest = clause.strip()
    return _DATE_LEADIN.fullmatch(rest) is not None or _leadin_run().fullmatch(rest) is not None


@cache
def _leadin_run() -> re.Pattern[str]:
    """Lead-ins one after another, each the longest that fits (atomic: a shorter one is not tried
    when the longest leaves a rest that is no lead-in)."""
    return re.compile(f"(?:(?>{alternation(_leadins())}))+")


def _opening(text: str, start: int, end: int) -> str:
    """The first clause of a sentence (全会指出，2025年，…: up to its second comma if the first is a lead-in)."""
    first = _OPENING_CUT.search(text, start, end)
    if first is None:
        return text[start:end]
    second = _OPENING_CUT.search(text, first.end(), end) if first.start() - start <= 6 else None
    return text[start:(second or first).start()]


def _domain_heading(text: str, sent: tuple[int, int], para_start: int, first_sentence: bool) -> str | None:
    """A short sentence opening its paragraph, such as "不断筑牢生态安全屏障。", heads what follows."""
    s, e = sent
    body = _ENUMERATOR.sub("", text[s:e].strip()).rstrip("。")
    if first_sentence and 4 <= len(body) <= HEADING_MAX and not re.search(r"[，,；;：:！!？?]", body):
        return body
    return None


class _Divisions:
    """The division facts, with their mentions' starts sorted: which divisions a span names costs
    a bisect, not a scan of every mention (which made a long text quadratic)."""

    def __init__(self, places: list[PlaceFact]) -> None:
        self.divisions = [p for p in places if p.kind == "division"]
        pairs = sorted((m.start, m.end, i) for i, p in enumerate(self.divisions) for m in p.mentions)
        self.starts = [start for start, _, _ in pairs]
        self.ends = [end for _, end, _ in pairs]
        self.owners = [i for _, _, i in pairs]
        self.provinces = list(dict.fromkeys(p.canonical for p in self.divisions if p.level == "province"))

    def named_in(self, a: int, b: int) -> list[str]:
        """Canonical names of the divisions with a mention starting in [a, b), in the facts' order."""
        found = sorted(set(self.owners[bisect_left(self.starts, a):bisect_left(self.starts, b)]))
        return list(dict.fromkeys(self.divisions[i].canonical for i in found))

    def subjects_in(self, text: str, a: int, b: int) -> list[str]:
        """Divisions that stand as a subject in [a, b): a mention opening a clause (今年，四川将…), and
        the names joined to it (四川、贵州、云南三省; 成都和重庆). A division inside an object
        (支持九寨沟县…) is no party."""
        out: list[int] = []
        chain_end = -1
        for k in range(bisect_left(self.starts, a), bisect_left(self.starts, b)):
            pos, owner = self.starts[k], self.owners[k]
            start = pos
            while start > a and text[start - 1] in " \u3000“\"":
                start -= 1
            opens = start == a or text[start - 1] in _SUBJECT_BEFORE
            if opens or (chain_end >= 0 and text[chain_end:pos] in _JOINERS):
                out.append(owner)
                chain_end = self.ends[k]
        return list(dict.fromkeys(self.divisions[i].canonical for i in out))


_SUBJECT_BEFORE = frozenset("，,；;：:。\n")
_JOINERS = ("、", "和", "与", "及", "")
# 两国/总统/外长: a release between countries, where 双方 are the countries, not two provinces.
_INTERNATIONAL = re.compile(r"两国|总统|首相|国王|外长|大使|联合国")


def _home(text: str, divisions: _Divisions, report: bool) -> list[str]:
    """The one division a release is about, named in its headline (2026年上海市政府工作报告; 成都：…); for
    a work report also in its head (——2026年1月28日在云南省第十四届人民代表大会…). None if several."""
    first = text.lstrip()
    start = len(text) - len(first)
    end = text.find("\n", start)
    for lo, hi in ((start, len(text) if end < 0 else end), (start, start + HOME_HEAD) if report else (0, 0)):
        head = text[lo:hi]  # by name: a headline's 西藏自治区政府 is an organisation's name, not a mention
        named = list(dict.fromkeys(d.canonical for d in divisions.divisions
                                   if len(d.name) >= 2 and (d.name in head or d.canonical in head)))
        if len(named) == 1:
            return named
        if named:
            return []
    return []


def _parties(text: str, divisions: _Divisions, clause_start: int, item_start: int, s_start: int,
             para_start: int, para_parties: list[str], international: bool, home: list[str]) -> list[str]:
    """The bodies the text makes responsible for the item: the subject of its clause (重庆也加快…), else
    of its sentence (今年，四川将…), else of its paragraph's first sentence; else 两省市/两地 (双方 outside a
    release between countries) for the two provinces the release names; else the one division the
    release is about (a province's work report: its tasks are the province's); else none."""
    for found in (divisions.subjects_in(text, clause_start, item_start),
                  divisions.subjects_in(text, s_start, item_start), para_parties):
        if found:
            return found
    group = _GROUP_PARTIES.search(text, para_start, item_start)
    if group and not (group.group(0) == "双方" and international) and len(divisions.provinces) == 2:
        return divisions.provinces
    return home


def extract_cooperation(doc: Document, tokens: Doc, mentions: Mentions,
                        places: list[PlaceFact], use_slogans: bool = False) -> list[CooperationFact]:
    text = doc.text
    slogans = _slogans() if use_slogans else frozenset()
    items: list[CooperationFact] = []
    kept_texts: set[str] = set()
    model_subjects = mentions.of(*SUBJECT_LABELS) if mentions else []
    body_starts = ({m.start for p in places if p.kind == "division" for m in p.mentions}
                       | {m.start for m in model_subjects})
    # Named bodies that may stand as a bare subject: places, and organisations the model finds.
    named = frozenset([(m.start, m.end) for p in places for m in p.mentions]
                      + [(m.start, m.end) for m in model_subjects])

    def opens_with_named_body(c_start: int, c_end: int) -> bool:
        return c_start in body_starts or c_start + 1 in body_starts  # 1: after a stray space or quote

    divisions = _Divisions(places)
    line_start, scanned = 0, 0  # the start of the line holding the sentence, found once per line

    person_chars = bytearray(len(text) + 1)  # characters inside a person's name or title
    for m in (mentions.of(*_BYLINE_LABELS) if mentions else []):
        person_chars[m.start:m.end] = b"\x01" * (m.end - m.start)
    release = release_frames(text)
    year = int(doc.pub_date[:4]) if doc.pub_date and doc.pub_date[:4].isdigit() else None
    collect = _COLLECT.get()

    def names_person(a: int, b: int) -> bool:
        return 1 in person_chars[a:b]

    first_ink = len(text) - len(text.lstrip())  # the first character that is not a space
    para_start = -1
    heading: str | None = None
    section: str | None = None  # a subheading line's title, until the next one
    chapter: str | None = None  # a report's chapter heading (一、2025年工作回顾), until the next one
    international = _INTERNATIONAL.search(text) is not None
    home = _home(text, divisions, "report" in release)
    para_parties: list[str] = []  # the subject of the paragraph's first sentence (今年，四川将…)
    para_licensed = False  # a directive, plan, decision or enumeration opened the paragraph's work
    para_opening = ""  # the first clause of the paragraph (全会指出，2025年，…)
    previous_had_items = False
    colon_list = False  # a listing trigger ending in a colon opened a list in this paragraph
    for sent in sentences(text):
        s_start, s_end = sent
        newline = text.rfind("\n", scanned, s_start)
        line_start, scanned = (newline + 1 if newline >= 0 else line_start), s_start
        this_para = line_start
        first_sentence = this_para != para_start
        if first_sentence:
            para_start, heading, previous_had_items, colon_list = this_para, section, False, False
            para_licensed, para_opening = False, _opening(text, s_start, s_end)
            para_parties = divisions.subjects_in(text, s_start, s_start + len(para_opening))
        if first_sentence and _CHAPTER_LINE.match(text, s_start):
            line_end = text.find("\n", s_start, s_start + CHAPTER_MAX + 2)
            line = text[s_start:line_end].strip() if line_end >= 0 else text[s_start:s_start + CHAPTER_MAX + 1]
            if len(line) <= CHAPTER_MAX and (line_end >= 0 or s_start + CHAPTER_MAX >= len(text)):
                chapter = line  # 一、2025年工作回顾 / 三、2026年主要任务: a report's chapter
        if _is_title_line(text, s_start, s_end):
            # a headline or subheading lists no task; a short subheading heads the section below it;
            # a byline or caption (上海市市长 龚 正) names a person and heads nothing
            title = None if names_person(s_start, s_end) else _domain_heading(text, sent, para_start, True)
            if first_ink < s_start:  # text[:s_start].strip(), without copying the text so far
                section = heading = title
            if _CHAPTER.search(text, s_start, s_end):
                chapter = text[s_start:s_end].strip()
            continue
        if _REVIEW_OPENER.search(text, s_start, s_end):
            chapter = text[s_start:s_end].strip()
        maybe_heading = _domain_heading(text, sent, para_start, first_sentence)
        heads_paragraph = bool(maybe_heading) and not names_person(s_start, s_end)
        parts = clauses(text, s_start, s_end, named)
        # else: once a sentence-scope trigger is seen; a heading sentence (实施传统产业焕新行动。) is a task
        # of the section above it, and heads the paragraph's tasks below it
        shape = _list_shape(text, parts, named)
        licensed = heads_paragraph or shape.is_list()
        para_licensed = para_licensed or heads_paragraph
        if previous_had_items and _CONTINUES.match(text, s_start):
            licensed = True  # 同时，…/此外，…: the paragraph's list goes on
        elif colon_list and shape.is_list(min_list=1):
            licensed = True  # …的优化调整：A。B。: a colon's list goes on in bare task sentences
        elif previous_had_items and shape.is_list(min_list=2, or_all=True):
            licensed = True  # 要落实好…。推动…，打造…。: a paragraph's list goes on in bare task sentences
        listing = licensed  # the sentence sets out a list: stock phrases in it still count
        triggered = False  # a trigger word or heading, not only the list's shape, licenses the clauses
        if para_licensed:
            licensed = triggered = True  # 要增强…。完善…机制。: the paragraph's directive goes on
        found_here = 0  # candidates, kept or not: a list goes on in the next sentence either way
        carry = False  # the clause before was only a lead-in (一是, 第三, 同时): it opens this one
        domain = heading
        in_aspect = False
        for c_start, c_end in parts:
            clause = text[c_start:c_end]
            domain_match = _DOMAIN.match(clause)
            if domain_match:
                domain, licensed, listing = domain_match.group("domain"), True, True
                triggered = in_aspect = True
                continue
            opens_clause, carry = carry, False
            opened_by_trigger = opens_clause
            before_colon = text[c_end:c_end + 1] in ("：", ":")
            may_trigger = before_colon or _any_trigger().search(text, c_start, min(c_end + 1, s_end)) is not None
            for pattern, scope, sets_out_list in _triggers() if may_trigger else ():
                t = pattern.search(text, c_start, min(c_end + 1, s_end))
                if t is None and sets_out_list and before_colon:
                    t = pattern.match(text, c_end, s_end)  # a colon whose list is seen after it
                if t is None:
                    continue
                if scope == "sentence" or t.start() == s_start:
                    para_licensed = True
                    if scope != "sentence":
                        licensed = True  # 第四，强化…，持续深化…: an enumerator opening the sentence opens all of it
                if scope == "sentence":
                    licensed = True
                    triggered = triggered or _DIRECTIVE.search(t.group(0)) is not None
                    listing = listing or sets_out_list
                    colon_list = colon_list or (sets_out_list and t.group(0)[-1:] in ("：", ":"))
                elif t.start() - c_start <= 2:
                    opens_clause = opened_by_trigger = True
                    listing = listing or sets_out_list
            if _only_leadin(clause):
                carry = True
                continue
            if opens_with_named_body(c_start, c_end):
                opens_clause = True  # 甘肃全面推进…, 重庆加快…: a named body at work
            if not (licensed or opens_clause) or before_colon:
                continue  # a clause before a colon introduces a list, it is not a task
            found = _item_start(text, c_start, c_end, named, loose=triggered or opened_by_trigger)
            if found is None:
                continue
            i_start, verb = found
            c_end = _trim_tail(text, i_start, c_end)
            if c_end - i_start < MIN_ITEM or _PAST.search(text, i_start, c_end):
                continue
            if verb == "把" and _PRIORITY.search(text, i_start, c_end):
                continue  # 把…作为/摆在…: sets a priority, names no task
            if _NOT_TASK.search(text[i_start:c_end]):
                continue
            if _STATEMENT.search(text, i_start, c_end):
                continue  # …的重要突破口是…, …列为国家战略: a statement about the task, not the task
            if not _balanced(text[i_start:c_end]):
                continue  # the clause starts or ends inside a quotation
            lead = text[s_start:i_start]
            if _RETROSPECTIVE.search(lead) and not _MODAL.search(lead):
                continue  # 近年来，成都积极布局…: what has been done, told as news
            if not listing and text[i_start:c_end] in slogans:
                continue  # a standing formula, not a task of these bodies
            if opens_clause and not licensed and opens_with_named_body(c_start, c_end):
                licensed = True  # 四川…建立…机制，共筑…屏障: the body's further predicates are tasks too
            candidate = Candidate(text=text[i_start:c_end], verb=verb, lead=lead, section=chapter,
                                  opening=para_opening + "\n" + _opening(text, s_start, s_end),
                                  in_aspect_list=in_aspect, set_out=listing, release=release, year=year)
            keep, why, score = decide(candidate)
            if collect is not None:
                collect.append((candidate, i_start, c_end, keep))
            found_here += 1
            if not keep or candidate.text in kept_texts:
                continue  # the same task told twice (a summary, then the list) is one item
            kept_texts.add(candidate.text)
            items.append(CooperationFact(
                text=text[i_start:c_end], domain=domain, action=verb,
                parties=_parties(text, divisions, c_start, i_start, s_start, para_start, para_parties, international,
                                 home),
                start=i_start, end=c_end,
                recognizer=f"{RECOGNIZER}/{why}", score=score))
        previous_had_items = found_here > 0
        if heads_paragraph:
            heading = maybe_heading
    return items
