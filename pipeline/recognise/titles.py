"""Recognizer: official titles, an organisation joined to a post ("重庆市委副书记", "国务院总理").

A title is found from its post (data: ``official_posts.tsv``) and extended leftwards over the
organisation in front of it, as far as the clause boundary or a word that introduces a person
(``title_left_stops.txt``: 在, 同, 时任 ...), never cutting a known body (``official_bodies.txt``:
文化和旅游部 keeps its 和). When what stands before the post is not an organisation (it ends in a
person's name, "习近平总书记"), the title is the bare post.

Each TITLE mention carries ``attrs``: ``post``, ``organisation`` (or None), ``kind``
(office | collective | foreign) and ``after_name`` (the post may follow a name as its title).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import cache, lru_cache
from typing import Literal

from pydantic import BaseModel
from spacy.tokens import Doc

from pipeline.document import Document, Mention
from pipeline.patterns import alternation
from pipeline.resources import load_tsv, resource_path, word_list
from pipeline.segment import pos_cut


class PostRow(BaseModel):
    post: str
    kind: Literal["office", "collective", "foreign"]
    after_name: Literal["y", "n"]
    needs_org: Literal["none", "public", "division", "state"]


class DivisionRow(BaseModel):
    code: str
    name: str
    level: str
    full_name: str


# A post directly followed by one of these is part of a longer word, not a title:
# 主席台, 委员会, 主席团, 执行主席席, 省长级, 部长们, 主席国.
CONTINUATION = set("会台团处室席级制们职位岗班门国府")
# ... but 总统会晤, 总理会见: a meeting verb after the post is no longer word
MEETING_VERBS = ("会见", "会晤", "会谈", "会同", "会上", "职务")  # and 部长职务: the post itself
# An organisation ends in a body word, a division, a country, or one of these characters.
ORG_END = set("会委部局院厅办府省市县区州组团军署司处盟旗党行联馆社支议师室心")
MAX_ORG_CHARS = 24
_DIVISION_SUFFIXES = ("特别行政区", "自治区", "自治州", "自治县", "自治旗", "林区", "地区", "省", "市", "县", "区", "旗")


@cache
def posts() -> dict[str, PostRow]:
    return {row.post: row for row in load_tsv(resource_path("official_posts.tsv"), PostRow)}


@cache
def title_extensions() -> tuple[str, ...]:
    """Words that extend a title into its servant's post (总统|助理), longest first."""
    return tuple(sorted(word_list("title_extensions.txt"), key=len, reverse=True))


# a duty phrase between a body and its post: 分管日常工作的, 负责人道主义事务的 (title_modifiers.txt lists fixed ones)
_DUTY = re.compile(r"(?:分管|负责|主管|主持)[\u4e00-\u9fff、]{1,12}的$")


class ContinuationRow(BaseModel):
    post: str
    continuation: str


@cache
def post_continuations() -> dict[str, tuple[str, ...]]:
    """post -> words that continue it into a longer word (代表 -> 家站, 通道 …)."""
    out: dict[str, list[str]] = {}
    for row in load_tsv(resource_path("post_continuations.tsv"), ContinuationRow):
        out.setdefault(row.post, []).append(row.continuation)
    return {k: tuple(v) for k, v in out.items()}


@cache
def title_modifiers() -> tuple[str, ...]:
    """Phrases between a body and its post that belong to the title (分管日常工作的), longest first."""
    return tuple(sorted(word_list("title_modifiers.txt"), key=len, reverse=True))


def _resident_mission(org: str) -> bool:
    """A state's resident mission: 俄罗斯常驻日内瓦, 中国常驻联合国 (the post after it is a diplomat's)."""
    k = org.find("常驻")
    return k > 0 and (org[:k] in country_abbreviations() or org[:k] in word_list("countries.txt")
                      or org[:k] in ("中国", "我国"))


@cache
def country_abbreviations() -> frozenset[str]:
    """One-character country names of news prose (俄, 美, 日): a whole organisation on their own."""
    return frozenset(word_list("country_abbreviations.txt"))


@cache
def post_pattern() -> re.Pattern[str]:
    ordered = sorted(posts(), key=len, reverse=True)  # longest first: 副书记 before 书记
    return re.compile("|".join(map(re.escape, ordered)))


@cache
def _ethnic_pattern() -> re.Pattern[str]:
    groups = sorted(word_list("ethnic_groups.txt"), key=len, reverse=True)
    return re.compile("(?:" + "|".join(map(re.escape, groups)) + ")+$")


def _division_stem(name: str) -> str | None:
    """The short name of a division: 四川省 -> 四川, 黔东南苗族侗族自治州 -> 黔东南; None if under two characters."""
    for suffix in _DIVISION_SUFFIXES:
        if name.endswith(suffix):
            stem = name[: -len(suffix)]
            if suffix.startswith("自治"):
                stem = _ethnic_pattern().sub("", stem)
            return stem if len(stem) >= 2 else None
    return None


@cache
def division_names() -> frozenset[str]:
    """Every division name, full and short (四川省, 四川; 成都市, 成都), at least two characters."""
    names: set[str] = set()
    for row in load_tsv(resource_path("divisions.tsv"), DivisionRow):
        for name in (row.name, row.full_name):
            names.add(name)
            stem = _division_stem(name)
            if stem and stem != name:
                names.add(stem)
    return frozenset(n for n in names if len(n) >= 2)


@cache
def body_words() -> tuple[str, ...]:
    return tuple(sorted(word_list("official_bodies.txt"), key=len, reverse=True))


@cache
def org_pieces() -> tuple[str, ...]:
    """Known organisation words, longest first: bodies, divisions and countries."""
    pieces = set(body_words()) | division_names() | set(word_list("countries.txt"))
    return tuple(sorted(pieces, key=len, reverse=True))


@cache
def protected_pieces() -> tuple[str, ...]:
    """Words a title's organisation is never cut inside: bodies, countries, divisions of three or
    more characters (a short name such as 平和 must not hide the 和 of 习近平和俄罗斯总统)."""
    pieces = set(body_words()) | {d for d in division_names() if len(d) >= 3} | set(word_list("countries.txt"))
    pieces |= set(word_list("public_associations.txt"))  # 欧美同学会, 台湾同胞联谊会: not cut at 同
    return tuple(sorted((p for p in pieces if len(p) >= 2), key=len, reverse=True))


@cache
def left_stops() -> tuple[str, ...]:
    return tuple(sorted(word_list("title_left_stops.txt"), key=len, reverse=True))


@cache
def _places_by_first_char() -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    for name in set(word_list("countries.txt")) | division_names():
        out.setdefault(name[0], []).append(name)
    return {k: tuple(v) for k, v in out.items()}


def place_at(text: str, pos: int) -> bool:
    """A country or division name starts at ``pos``."""
    return pos < len(text) and any(text.startswith(n, pos) for n in _places_by_first_char().get(text[pos], ()))


def _place_runs_past(text: str, start: int, end: int) -> bool:
    """A country or division name starts at ``start`` and runs past ``end``: the tagger's "name"
    墨玉 is the start of 墨玉县."""
    return any(text.startswith(n, start) and start + len(n) > end
               for n in _places_by_first_char().get(text[start], ()))


@cache
def protected_set() -> frozenset[str]:
    return frozenset(protected_pieces())


def is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"


@cache
def _pieces_by_first_char() -> dict[str, tuple[str, ...]]:
    index: dict[str, list[str]] = {}
    for piece in protected_pieces():
        index.setdefault(piece[0], []).append(piece)
    return {k: tuple(v) for k, v in index.items()}


def _protected(run: str) -> list[bool]:
    """Which characters of ``run`` lie inside a known organisation word (never cut there)."""
    inside = [False] * len(run)
    index = _pieces_by_first_char()  # a find() per piece over thousands of pieces was the hot spot
    for i, ch in enumerate(run):
        for piece in index.get(ch, ()):
            if run.startswith(piece, i):
                for k in range(i, i + len(piece)):
                    inside[k] = True
    return inside


def _cut_at_stops(run: str) -> int:
    """Offset in ``run`` just after the rightmost stop word that is not inside a known body."""
    inside = _protected(run)
    best = 0
    for stop in left_stops():
        i = run.rfind(stop)
        while i >= 0:
            if not any(inside[i:i + len(stop)]):
                best = max(best, i + len(stop))
                break
            i = run.rfind(stop, 0, i)
    return best


def _ends_like_organisation(org: str, person_ends: frozenset[int], org_end_at: int) -> bool:
    if not org:
        return False
    if ends_with_any(org, _org_piece_set()):
        return True  # a known body or country even where jieba reads a name (布隆迪)
    return org[-1] in ORG_END and org_end_at not in person_ends


_NOT_ENTERPRISE = re.compile("协会|学会|联合会|研究会|基金会|大学|学院|学校|医院")


@cache
def _words_pattern(name: str) -> re.Pattern[str]:
    return re.compile(alternation(word_list(name)))


def state_body(org: str) -> bool:
    """A state-owned enterprise (state_owned_bodies.txt: 中国银行, 中储粮, 俄罗斯石油公司 …) or a public
    association (public_associations.txt: 中国红十字会, 残联 …) is named in ``org``; an association,
    university or hospital named after an enterprise is neither (中国石油大学, 中国银行业协会)."""
    if _words_pattern("public_associations.txt").search(org):
        return True
    return not _NOT_ENTERPRISE.search(org) and bool(_words_pattern("state_owned_bodies.txt").search(org))


def _nonpublic(org: str) -> bool:
    return any(w in org for w in word_list("nonpublic_bodies.txt")) and not state_body(org)


def _is_public(org: str) -> bool:
    if _nonpublic(org):
        return False
    if state_body(org):
        return True
    return any(w in org for w in body_words()) or ends_with_any(org, _org_piece_set())


def _names_division(org: str) -> bool:
    return ends_with_any(org, division_names()) or org.endswith(("省", "市", "县", "区"))


@cache
def _org_piece_set() -> frozenset[str]:
    return frozenset(org_pieces())


def ends_with_any(word: str, pieces: frozenset[str] | set[str]) -> bool:
    """``word.endswith(tuple(pieces))``, by looking up each of its suffixes: a short word costs a
    few set lookups, where endswith compared it with each of thousands of pieces."""
    return any(word[i:] in pieces for i in range(len(word) + 1))


_SENTENCE = re.compile(r"[^。！？!?；;\n]*[。！？!?；;\n]*")
# Besides the posts, what marks a sentence where an official can be named without one.
_OFFICIAL_CUES = ("同志", "领导人", "负责同志", "陪同", "会见", "会谈", "出席", "主持", "参加", "率团", "致辞",
                  "讲话", "指出", "强调", "表示", "说")


@cache
def official_sentence_pattern() -> re.Pattern[str]:
    """A sentence can name an official only if it states a post or an official act."""
    acts = [row.word for row in load_tsv(resource_path("name_followers.tsv"), _ActRow) if row.official]
    words = set(posts()) | set(_OFFICIAL_CUES) | set(acts)
    return re.compile(alternation(words))


class _ActRow(BaseModel):
    """A row of name_followers.tsv as this module needs it (the persons recognizer reads the rest)."""

    word: str
    official: bool


@lru_cache(maxsize=8)
def pos_tokens(text: str) -> tuple[tuple[int, int, str], ...]:
    """(start, end, flag) of jieba's POS tagger (with our user dictionary loaded), for the sentences
    that can name an official. jieba cuts at sentence punctuation anyway, so a sentence's words are
    those of the whole text; tagging only these sentences halves the cost of a document."""
    cues = official_sentence_pattern()
    out = []
    for m in _SENTENCE.finditer(text):
        start, end = m.span()
        if start == end or not cues.search(text, start, end):
            continue
        pos = start
        for word, flag in pos_cut(text[start:end]):
            out.append((pos, pos + len(word), flag))
            pos += len(word)
    return tuple(out)


def person_token_spans(text: str) -> tuple[tuple[int, int], ...]:
    """(start, end) of every word jieba's POS tagger reads as a person name (nr, nrfg, nrt)."""
    return tuple((s, e) for s, e, flag in pos_tokens(text) if flag.startswith("nr"))


def find_titles(text: str) -> list[Mention]:
    """Every title in ``text``: organisation (when the text joins one) plus post."""
    return list(_titles(text))


@lru_cache(maxsize=8)
def _titles(text: str) -> tuple[Mention, ...]:
    """find_titles, once per text: the title recognizer and the persons recognizer both ask."""
    return tuple(_find_titles(text))


def _find_titles(text: str) -> list[Mention]:
    person_spans = person_token_spans(text)
    verbs = [(s, e) for s, e, flag in pos_tokens(text) if flag == "v" and e - s >= 2]
    person_ends = frozenset(e for _, e in person_spans)
    # both lists are in text order: a post looks only at those starting in its run (bisect), so a
    # text with tens of thousands of posts costs linear time, not posts x words
    person_starts = [s for s, _ in person_spans]
    verb_starts = [s for s, _ in verbs]
    found: list[Mention] = []
    pos = 0
    while (m := post_pattern().search(text, pos)) is not None:
        start, end = m.span()
        pos = end
        row = posts()[m.group()]
        if row.needs_org == "state" and not state_body(text[max(0, start - MAX_ORG_CHARS - 8):start]) and not (
                start > 0 and text[start - 1] in "、兼"):
            continue  # 社会长期: no state-owned body or association before 会长 (checked before the work below)
        inner_starts = [k for k in range(start + 1, end)
                        if (inner := post_pattern().match(text, k)) and inner.end() > end]
        if inner_starts:
            pos = inner_starts[0]  # 国务委员|长: read the longer post 委员长 that starts inside this one
            continue
        if end < len(text) and text[end] in CONTINUATION and not text.startswith(MEETING_VERBS, end):
            continue
        if text.startswith(post_continuations().get(row.post, ()), end):
            continue  # 人大代表家站, 代表通道: a longer word
        # 中央组织部分管日常工作的副部长: a modifier between the body and the post stays in the title
        modifier = next((w for w in title_modifiers() if text.startswith(w, start - len(w))), "")
        if not modifier and start > 0 and text[start - 1] == "的":
            duty = _DUTY.search(text, max(0, start - 18), start)  # 负责人道主义事务的副秘书长
            modifier = duty.group() if duty else ""
        core = start - len(modifier)  # where the organisation ends
        run_start = core
        while run_start > 0 and core - run_start < MAX_ORG_CHARS and is_cjk(text[run_start - 1]):
            run_start -= 1
        run = text[run_start:core]
        org_start = run_start + _cut_at_stops(run)
        # 海南省旅游和文化广电体育厅, 财政局自然资源和生态环境处: a 和 inside one body's name, where a
        # division or a body word stands before it and no name, place or post after it
        if (org_start - 1 > run_start and text[org_start - 1] in "和与及" and org_start - 1 not in person_ends
                and not place_at(text, org_start) and not post_pattern().match(text, org_start)):
            before = run_start + _cut_at_stops(text[run_start:org_start - 1])
            segment = text[before:org_start - 1]
            if len(segment) >= 2 and (any(w in segment for w in body_words() if len(w) >= 2 or w in "局厅部委")
                                      or any(place_at(text, k) for k in range(before, org_start - 1))):
                org_start = before
        # a verb right before a country, division or body ends the phrase before it: 欢迎|葡萄牙总理
        for s, e in verbs[bisect_left(verb_starts, org_start):bisect_left(verb_starts, core)]:
            if org_start <= s and e < core and place_at(text, e):
                org_start = e
        # nor does it run back over a person's name (国家主席习近平和俄罗斯总统); a country jieba
        # tags as a name (斯里兰卡) is still an organisation
        nearby = person_spans[bisect_left(person_starts, org_start):bisect_left(person_starts, core)]
        org_start = max([org_start] + [e for s, e in nearby if org_start <= s and e < core
                                       and text[s:e] not in protected_set() and not _place_runs_past(text, s, e)])
        org = text[org_start:core]
        # 财政部长 = 财政部 + 部长: the post shares its 部 with the ministry
        checked_org = org + "部" if org and row.post.endswith("部长") and not org.endswith("部") else org
        # a former holder keeps the organisation: 南非前总统, 墨玉县委原书记
        bare_org = checked_org[:-1] if checked_org.endswith(("前", "原")) else checked_org
        if bare_org in country_abbreviations() or _resident_mission(bare_org):
            pass  # 俄总统助理, 美国务卿, 俄罗斯常驻日内瓦代表: a state (and its mission) is the organisation
        elif not _ends_like_organisation(bare_org, person_ends, core - len(checked_org) + len(bare_org)):
            org, org_start, checked_org = "", start, ""
        if modifier and not org:
            continue  # 分管日常工作的副部长 with no body before it: no title of ours
        # a post in a chain after a public title shares its body: 江西省委常委、秘书长; 副主席兼秘书长
        chained = bool(found) and not org and text[found[-1].end:start] in ("、", "兼") and (
            found[-1].attrs.get("public") or found[-1].attrs.get("kind") == "foreign")
        if row.needs_org == "public" and not (checked_org and _is_public(checked_org)) and not chained:
            continue
        if row.needs_org == "division" and not (org and _names_division(org)):
            continue
        if row.needs_org == "state" and not (checked_org and state_body(checked_org)) and not chained:
            continue  # 董事长, 会长: only of a state-owned enterprise or a public association
        if any(w in text[run_start:core] for w in word_list("nonpublic_bodies.txt")) and not org:
            continue  # 朝阳村党总支书记: a village post, even where no organisation was read
        if org and _nonpublic(org):
            continue
        # the organisation of 江西省委原书记 is 江西省委: 原/前 belong to the post (a former holder)
        org_name = org[:-1] if org.endswith(("前", "原")) else org
        post = row.post
        # 俄罗斯总统助理, 联合国秘书长发言人: the title is the aide's (unless a longer post starts there)
        extension = next((w for w in title_extensions() if text.startswith(w, end)), None)
        longer = post_pattern().match(text, end)
        if extension and not (longer and longer.end() > end + len(extension)) and (
                org_name or row.kind == "foreign") and not text.startswith(tuple(posts()), end + len(extension)):
            end += len(extension)
            post += extension
            pos = end
        public = bool(org_name) and _is_public(org_name) or bool(chained and found[-1].attrs.get("public"))
        found.append(Mention.at(text, org_start, end, "TITLE", "titles", pattern=row.post,
                                attrs={"post": post, "organisation": org_name or None, "kind": row.kind,
                                       "after_name": row.after_name == "y" and post == row.post,
                                       "public": public}))
    return found


class TitleRecognizer:
    name = "titles"
    labels = ("TITLE",)

    def recognise(self, doc: Document, tokens: Doc) -> list[Mention]:
        return find_titles(doc.text)
