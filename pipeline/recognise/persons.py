"""Recognizer: person names in official contexts.

Rules, in order of trust:
1. A name right after a title, and the names listed after it with 、 ("重庆市领导陈鸣波、罗蔺");
   the titles before it, chained with 、, belong to every listed name ("中共中央总书记、国家主席、
   中央军委主席习近平"). Names before ``等`` + a title share it ("李强、赵乐际等党和国家领导人").
2. A name right before a post that may follow a name ("习近平总书记").
3. A bare list of names (≥2, with 、) in a sentence that says they act officially (出席, 主持,
   陪同, 就座 ...: ``name_followers.tsv``), or a clause-initial name jieba tags as a person followed
   by such a verb ("李强主持大会", "何立峰及……负责同志陪同").
4. Every other occurrence of a name found by 1-3 (cue "repeat").

A Chinese name is a surname (``surnames.txt``, compound ones too) plus one or two characters; it
ends where a word that can follow a name begins (``name_followers.tsv``: "袁家军主持") or at
punctuation, else where jieba reads a name or a dictionary verb follows. A foreign name (after a
country's title first, else where no Chinese name fits) is the shortest run of mostly
transliteration characters (``foreign_name_chars.txt``) that a follower, a verb or a plain word
ends; dotted and hyphenated names take every part. jieba's POS tags (``titles.pos_tokens``) veto
words that only look like names (总书记强调, 主席英明领导; ``not_names.txt``). Each PER mention's
``attrs`` say how it was found (``cue``), and for cues "title" / "post_after" the ``titles`` spans
[(start, end), ...] that belong to it.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import cache, lru_cache

from pydantic import BaseModel
from spacy.tokens import Doc

from pipeline.document import Document, Mention
from pipeline.patterns import finditer_near
from pipeline.recognise.constructions import find_links
from pipeline.recognise.titles import (country_abbreviations, division_names, find_titles, is_cjk, person_token_spans, place_at,
                                       pos_tokens, post_pattern, posts)
from pipeline.resources import load_tsv, resource_path, word_list
from pipeline.segment import dictionary_frequency, dictionary_tag


class FollowerRow(BaseModel):
    word: str
    official: bool
    clause: bool


# A name's last character is rarely one of these function words: 刘宁和省长王凯 -> 刘宁.
WEAK_LAST = set("和与及同在等向对为说是将也还又都并从于到就把被的了作致称率曾已均亦再却仍即")
SENTENCE_END = set("。！？；!?;\n")
CLAUSE_END = SENTENCE_END | set("，,：:（）()“”\"")
DOTTED_NAME = re.compile(r"[\u4e00-\u9fff]{1,8}(?:[·-][\u4e00-\u9fff]{1,10}){1,4}")
MAX_FOREIGN_CHARS = 10
# posts a foreign leader's name stands before (同拉赫蒙总统会晤); not 市长, 州长: 加利福尼亚州长
LEADER_POSTS = frozenset({"总统", "副总统", "总理", "副总理", "首相", "主席", "副主席", "总书记", "国王", "外长"})
CORE_LEADER = re.compile(r"以([\u4e00-\u9fff]{2,4})同志为核心的")
# jieba word classes that are never the start of a name: 总书记强调 is not a person 强调.
NOT_NAME_FLAGS = frozenset({"v", "vd", "vn", "vg", "d", "p", "c", "u", "uj", "ul", "uz", "r", "a", "ad", "an",
                            "m", "q", "f", "t", "z", "y", "e", "o", "l", "i"})
# single characters jieba reads as function words rather than a surname: 总书记都及时, 委员和其他
FUNCTION_CHARS = set("和与及同在向对为都也还又将就从于到等是的曾有把被让给由应要须会能可时驻")
# a clause-initial "name" ending like a place is one (白马寺见证了……)
PLACE_LAST = set("寺庙村镇乡路街桥港园湾岛")
PRONOUNS = set("他她它其您你我咱")  # never inside a name
DIVISION_LAST = set("区县市镇乡寺路街道")  # never the last character of a name after a title


@cache
def surnames() -> tuple[frozenset[str], frozenset[str]]:
    words = word_list("surnames.txt")
    return frozenset(w for w in words if len(w) == 1), frozenset(w for w in words if len(w) == 2)


@cache
def followers() -> dict[str, bool]:
    return {row.word: row.official for row in load_tsv(resource_path("name_followers.tsv"), FollowerRow)}


@cache
def clause_verbs() -> frozenset[str]:
    return frozenset(row.word for row in load_tsv(resource_path("name_followers.tsv"), FollowerRow) if row.clause)


@cache
def _followers_longest_first() -> tuple[str, ...]:
    return tuple(sorted(followers(), key=len, reverse=True))


@cache
def _followers_pattern() -> re.Pattern[str]:
    """The followers, longest first, as one alternation: a match tries them in that order, as a
    loop of startswith did, in one call."""
    return re.compile("|".join(map(re.escape, _followers_longest_first())))


@cache
def _countries_tuple() -> tuple[str, ...]:
    return tuple(countries())


@cache
def foreign_chars() -> frozenset[str]:
    return frozenset("".join(word_list("foreign_name_chars.txt")))


@cache
def countries() -> frozenset[str]:
    return frozenset(word_list("countries.txt"))


def follower_at(text: str, pos: int) -> str | None:
    """What follows a name ending at ``pos``: a follower word, "punct", "title", or None."""
    if pos >= len(text) or not is_cjk(text[pos]):
        return "punct"
    m = _followers_pattern().match(text, pos)
    if m:
        return m.group()
    m = post_pattern().match(text, pos)
    if m and posts()[m.group()].after_name == "y":
        return "title"
    return None


def _surname_lengths(text: str, pos: int) -> list[int]:
    single, compound = surnames()
    out = []
    if text[pos:pos + 2] in compound:
        out.append(2)
    if text[pos:pos + 1] in single:
        out.append(1)
    return out


@lru_cache(maxsize=8)
def _token_starts(text: str) -> list[int]:
    """Where each of ``pos_tokens(text)`` starts (in text order, each offset once)."""
    return [s for s, _, _ in pos_tokens(text)]


def _word_starting(text: str, pos: int) -> tuple[int, str]:
    """(end, POS flag) of jieba's word starting at ``pos``, (pos, "") where none starts: a binary
    search among the word starts (a dict of every word was built per text for a few look-ups)."""
    starts = _token_starts(text)
    i = bisect_left(starts, pos)
    if i < len(starts) and starts[i] == pos:
        _, end, flag = pos_tokens(text)[i]
        return end, flag
    return pos, ""


def _tag_at(text: str, pos: int) -> str:
    """jieba's POS flag of the word starting at ``pos``, "" where no word starts."""
    return _word_starting(text, pos)[1]


def is_common_word(word: str) -> bool:
    """jieba's dictionary knows ``word`` as a verb, adjective, adverb, idiom … (殷切, 感恩), never a name."""
    return word in not_names() or dictionary_tag(word) in NOT_NAME_FLAGS


def is_dictionary_word(word: str) -> bool:
    """jieba's dictionary knows ``word`` as anything but a name (主席时隔), or it is a word jieba
    wrongly tags as a name (``not_names.txt``: 主席卓越的, 主席贺信)."""
    if word in not_names():
        return True
    tag = dictionary_tag(word)
    return tag is not None and not tag.startswith("nr")


@cache
def not_names() -> frozenset[str]:
    return frozenset(word_list("not_names.txt"))


def _starts_verb(text: str, pos: int) -> bool:
    """A dictionary verb or adverb of two or more characters starts here (赵坤宇|长期, not a word
    jieba's HMM made up inside a foreign name: 米尔|济约|耶夫)."""
    end, flag = _word_starting(text, pos)
    return flag in ("v", "d", "ad") and end - pos >= 2 and dictionary_frequency(text[pos:end]) > 0


def _starts_plain_word(text: str, pos: int) -> bool:
    """A dictionary word of two or more characters, not all of them transliteration characters,
    starts here: it is not part of a foreign name (米尔济约耶夫|视频)."""
    end, flag = _word_starting(text, pos)
    word = text[pos:end]
    return (len(word) >= 2 and not flag.startswith("nr") and dictionary_frequency(word) > 0
            and not all(c in foreign_chars() for c in word))


def starts_non_name_word(text: str, start: int) -> bool:
    """jieba reads a verb, adverb, preposition ... starting here (of two or more characters, or a function word)."""
    end, flag = _word_starting(text, start)
    if flag.startswith("nr"):
        return False
    if text[start] in FUNCTION_CHARS:
        return True
    return end - start >= 2 and flag in NOT_NAME_FLAGS


def chinese_name_at(text: str, start: int, nr_spans: frozenset[tuple[int, int]]) -> int | None:
    """End of a surname-led name starting at ``start`` that the next word lets end, else None."""
    if starts_non_name_word(text, start):
        return None
    candidates: list[int] = []
    weaker: list[int] = []
    for sl in _surname_lengths(text, start):
        for gl in (2, 1):
            end = start + sl + gl
            if end > len(text) or not all(is_cjk(c) for c in text[start:end]) or text[end - 1] in DIVISION_LAST:
                continue  # 西安市长安区: 安区 is no name
            if follower_at(text, end):
                candidates.append(end)
            elif end < len(text) and text[end] not in foreign_chars():  # never inside 冯德|莱恩
                if _starts_verb(text, end):
                    weaker.insert(0, end)  # 王晓晖点燃火种盆, 赵坤宇长期关注: a verb or adverb after it
                elif (start, end) in nr_spans:
                    weaker.append(end)  # jieba's reading of a name
    if not candidates:
        if not weaker:
            return None
        return weaker[0]
    for end in candidates:
        if (start, end) in nr_spans:
            return end
    longest = max(candidates)
    shorter = [e for e in candidates if e < longest]
    if shorter and text[longest - 1] in WEAK_LAST:
        return max(shorter)
    return longest


def dotted_name_at(text: str, start: int) -> int | None:
    """A name written with dots or hyphens (雪克来提·扎克尔, 穆罕默德·本·扎耶德, 哈拉-阿霍): each part a
    run of characters, the last ending where a follower begins (扎克尔在参加 -> 扎克尔)."""
    if not DOTTED_NAME.match(text, start) or post_pattern().match(text, start):
        return None  # 发言人叶海亚·拉苏尔: a post, then the name
    pos = start
    while pos < len(text) and is_cjk(text[pos]) and pos - start <= 8:
        if (pos > start + 1 and follower_at(text, pos)) or (pos > start and post_pattern().match(text, pos)):
            return None  # 习近平致电佐兰·米拉诺维奇: the dot belongs to a later name
        pos += 1
    if pos >= len(text) or text[pos] not in "·-":
        return None
    while pos < len(text) and text[pos] in "·-":
        part = pos + 1
        end = part
        while end < len(text) and is_cjk(text[end]) and end - part < 12:
            end += 1
            if end < len(text) and text[end] in "·-":
                break
            if end - part >= 1 and (follower_at(text, end) or _starts_verb(text, end)):
                return end  # 巴沙尔·阿萨德转交了: a verb ends the name
        pos = end
    return None


def foreign_name_at(text: str, start: int, after_country: bool = False) -> int | None:
    """A transliterated name: the shortest run (≥2 characters) that a follower ends, mostly of
    transliteration characters (an unlisted one such as 朔 in 朔尔茨 may occur). After a country's
    title a plain word also ends it (米尔济约耶夫|视频), unless the name runs on (阿纳斯塔夏季斯)."""
    chars = foreign_chars()
    if follower_at(text, start) not in (None, "title") or (
            text[start] in FUNCTION_CHARS and not _tag_at(text, start).startswith("nr")):
        return None  # 匈牙利总理称乌克兰危机, 大使谢锋、驻纽约总领事: a verb or a preposition, not a name
    end, fallback = start, None
    while end < len(text) and end - start < MAX_FOREIGN_CHARS and (is_cjk(text[end]) or text[end] == "·"):
        end += 1
        if fallback is not None and end - fallback > 3:
            break
        if end - start < 2 or text[end - 1] == "·":
            continue
        if follower_at(text, end) or _starts_verb(text, end):
            if fallback is not None and not all(c in chars for c in text[fallback:end]):
                break  # 米尔济约耶夫|视频祝贺: keep the end before the plain word
            fallback = None
            break
        if after_country and fallback is None and _starts_plain_word(text, end):
            fallback = end  # 米尔济约耶夫|视频, unless a follower comes soon after (博尔内在 -> 博尔内)
    else:
        if fallback is None:
            return None
    if fallback is not None:
        end = fallback
    elif not (end < len(text) and (follower_at(text, end) or _starts_verb(text, end))) and end < len(text):
        return None
    if end - start >= 4 and text[end - 1] in "会将要":
        end -= 1  # 库里拉|会在今天抵达: a modal verb, not the name's last syllable
    name = text[start:end].replace("·", "")
    if len(name) == 2 and (dictionary_tag(name) in NOT_NAME_FLAGS | {"n", "vn", "an"}
                           or starts_non_name_word(text, start)):
        return None  # 领导人关于, 总书记委托: a word, not a name
    return end if 3 * sum(c in chars for c in name) >= 2 * len(name) else None


@cache
def title_tails() -> tuple[str, ...]:
    return word_list("title_tails.txt")


def name_after_title(text: str, start: int, title: Mention, nr_spans: frozenset[tuple[int, int]]) -> int | None:
    if start >= len(text) or not is_cjk(text[start]) or text.startswith(title_tails(), start):
        return None  # 俄罗斯总统助理乌沙科夫: the name is the aide's
    # a post chained after a public title shares its body (中国科学院党组书记、院长侯建国)
    has_org = title.attrs.get("organisation") or title.attrs.get("public")
    if text.startswith(_countries_tuple(), start) and any(text.startswith(c, start) and (post_pattern().match(text, start + len(c)) or follower_at(
            text, start + len(c)) == "punct") for c in countries()):
        return None  # 轮值主席阿尔及利亚总统特本: a country starts the next title (but 马里纳基斯 is a name)
    end = dotted_name_at(text, start)
    organisation = title.attrs.get("organisation") or ""
    foreign = organisation in country_abbreviations() or organisation.startswith(  # 菲律宾前总统, 俄罗斯国防部长, 俄总统助理
        _countries_tuple())
    if end is None and foreign:
        end = foreign_name_at(text, start, after_country=True)  # 法国总统马克龙: 马 is a surname, but not here
    if end is None:
        end = chinese_name_at(text, start, nr_spans)
        if end is not None and (text[start:end] in countries()
                                or (end - start == 2 and is_common_word(text[start:end]))
                                or (end - start == 2 and is_dictionary_word(text[start:end])
                                    and not _tag_at(text, start).startswith(("nr", "ns")))):
            end = None  # 联合国秘书长…苏丹; 领导人举行双边会见; 首相任命
        # after a bare post (no organisation) a name needs jieba's word or a clear end: 总书记明确提出 is no name
        if end is not None and not has_org and (
                ((start, end) not in nr_spans and follower_at(text, end) != "punct")
                or is_dictionary_word(text[start:end])):
            return None
    if end is None:
        # a name of another script (洛桑江村) standing alone: jieba reads a name at its start
        item_end = start
        while item_end < len(text) and is_cjk(text[item_end]) and item_end - start < 4:
            item_end += 1
        if (item_end - start >= 2 and follower_at(text, item_end) == "punct" and has_org
                and _tag_at(text, start).startswith("nr")
                and list_item_may_be_name(text[start:item_end])
                and not any(follower_at(text, p) for p in range(start + 2, item_end))):  # 凯恩|称，
            end = item_end
    if end is None and not starts_non_name_word(text, start):
        # 国际大体联代理主席艾德; after an organisation a plain word ends the name (格林斯潘|视频)
        end = foreign_name_at(text, start, after_country=bool(has_org))
        if end is not None and not has_org and (
                (end - start < 3 and follower_at(text, end) != "punct") or is_common_word(text[start:start + 2])
                or dictionary_tag(text[start:start + 2]) in ("n", "vn", "an")):
            end = None  # after a bare post a short name must stand alone (总统萨苏。, not 主席英明领导)
    if end is not None and text[end - 1] in DIVISION_LAST:
        return None  # 大东区长安街道: a place, not a name
    return end


HEADER_NAME = re.compile(r"[\u4e00-\u9fff](?:[ \u3000][\u4e00-\u9fff]|[\u4e00-\u9fff]{1,3})(?=[ \u3000]*(?:\n|$))")


def header_name_at(text: str, start: int) -> int | None:
    """A name alone at the end of a title line, as signed under a report's heading: "自治区主席 韦 韬",
    "自治区主席 嘎玛泽登" (the spacing inside a two-character name stays as written)."""
    m = HEADER_NAME.match(text, start)
    if not m or _is_place(m.group().replace(" ", "").replace("\u3000", "")):
        return None
    return m.end()


def _is_place(item: str) -> bool:
    return item in division_names() or item in countries()


def list_item_is_name(item: str) -> bool:
    """A list item that is a whole name: a surname plus one or two characters, or a dotted name."""
    if not item or _is_place(item) or not all(is_cjk(c) or c == "·" for c in item):
        return False
    if "·" in item:
        return 3 <= len(item) <= 24
    return any(1 <= len(item) - sl <= 2 for sl in _surname_lengths(item, 0))


def list_item_may_be_name(item: str) -> bool:
    """Among surname-led names, an item of 2-4 characters may be a name without a Han surname (洛桑江村)."""
    return 2 <= len(item) <= 4 and all(is_cjk(c) for c in item) and not _is_place(item)


class _Found:
    """Names found so far: span -> (cue, title spans); and the constructions of each span
    (``official_constructions.tsv``: why the name counts as an official's)."""

    def __init__(self) -> None:
        self.spans: dict[tuple[int, int], tuple[str, list[tuple[int, int]]]] = {}
        self.constructions: dict[tuple[int, int], list[str]] = {}

    def add(self, start: int, end: int, cue: str, titles: list[tuple[int, int]] | None = None,
            construction: str | None = None) -> None:
        old = self.spans.get((start, end))
        if old is None:
            self.spans[(start, end)] = (cue, list(titles or []))
        else:
            if old[0] == "repeat" and cue != "repeat":
                self.spans[(start, end)] = (cue, old[1])
                old = self.spans[(start, end)]
            for t in titles or []:
                if t not in old[1]:
                    old[1].append(t)
        ids = self.constructions.setdefault((start, end), [])
        if construction and construction not in ids:
            ids.append(construction)


def _title_chains(text: str, titles: list[Mention]) -> list[list[Mention]]:
    """Titles joined by 、 (or directly adjacent) into one chain, in text order."""
    chains: list[list[Mention]] = []
    for t in sorted(titles, key=lambda m: m.start):
        if chains:
            last = chains[-1][-1]
            if t.start == last.end or (t.start == last.end + 1 and text[last.end] in "、兼"):
                chains[-1].append(t)
                continue
        chains.append([t])
    return chains


def _sentence_bounds(text: str, pos: int) -> tuple[int, int]:
    start = pos
    while start > 0 and text[start - 1] not in SENTENCE_END:
        start -= 1
    end = pos
    while end < len(text) and text[end] not in SENTENCE_END:
        end += 1
    return start, end


def _has_official_word(segment: str) -> bool:
    return any(official and word in segment for word, official in followers().items())


def find_persons(text: str) -> list[Mention]:
    titles = find_titles(text)
    nr = person_token_spans(text)
    nr_spans = frozenset(nr)
    found = _Found()

    # 1. names after a title chain, and the names listed after them with 、
    title_at_end = {}
    for chain in _title_chains(text, titles):
        title_at_end[chain[-1].end] = chain
        spans = [(t.start, t.end) for t in chain]
        pos = chain[-1].end
        while pos < len(text) and text[pos] in " \u3000" and pos - chain[-1].end < 2:  # 省长　叶建春
            pos += 1
        spaced = pos > chain[-1].end
        first = pos
        while True:
            end = header_name_at(text, pos) if spaced else None
            if end is None:
                end = name_after_title(text, pos, chain[-1], nr_spans)
            if end is None and pos > chain[-1].end:
                item_end = pos
                while item_end < len(text) and is_cjk(text[item_end]) and item_end - pos <= 4:
                    item_end += 1
                if (item_end < len(text) and text[item_end] == "、" and list_item_may_be_name(text[pos:item_end])
                        and any(s == pos for s, _ in nr)):
                    end = item_end  # 洛桑江村: jieba reads a name at its start (世卫组织 is none)
            if end is None:
                break
            found.add(pos, end, "title", spans, "post_before_name" if pos == first else "list_after_post")
            # a collective heading also takes a last name joined by 和/及: 市领导陈鸣波和罗蔺
            if (chain[-1].attrs.get("kind") == "collective" and end + 1 < len(text) and text[end] in "和及"
                    and not post_pattern().match(text, end + 1) and not text.startswith(title_tails(), end + 1)):
                last = chinese_name_at(text, end + 1, nr_spans)
                if last is not None and (end + 1, last) in nr_spans:
                    found.add(end + 1, last, "title", spans, "list_after_post")
                break
            if end < len(text) and text[end] == "、" and end + 1 < len(text) and not post_pattern().match(text, end + 1):
                nxt = end + 1
                item_end = nxt
                while item_end < len(text) and text[item_end] not in CLAUSE_END and text[item_end] != "、":
                    item_end += 1
                # a listed item with a title of its own starts a new chain; a country starts no name
                if any(nxt <= t.start < item_end for t in titles) or place_at(text, nxt) or text.startswith(
                        title_tails(), nxt):
                    break
                pos = nxt
                continue
            break

    # 2. a name right before a post that may follow a name: 习近平总书记 (placed after 3, see there)
    before_posts = []
    for t in titles:
        if t.attrs.get("organisation") or not t.attrs.get("after_name"):
            continue
        for s, e in nr:
            if e == t.start and text[s] in FUNCTION_CHARS and e - s >= 3:
                s += 1  # jieba glued a conjunction to the name: 和普京总统
            if (e == t.start and any(1 <= e - s - sl <= 2 for sl in _surname_lengths(text, s))
                    and not is_common_word(text[s:e])):
                before_posts.append((s, e, t))

    # 3. bare lists with 、, and clause-initial names, in an official sentence
    _bare_lists(text, titles, nr_spans, found)
    _clause_initial(text, nr, found)
    _names_before_collective(text, titles, nr_spans, found)
    # 以习近平同志为核心的党中央: the leader at the core of a central leadership counts (GUIDELINES.md)
    for m in CORE_LEADER.finditer(text):
        if any(1 <= len(m.group(1)) - sl <= 2 for sl in _surname_lengths(text, m.start(1))):
            found.add(m.start(1), m.end(1), "clause", construction="core_leader")
    # a foreign name before a post, after 同/与/和 …: 习近平主席同拉赫蒙总统会晤
    for t in titles:
        if t.attrs.get("organisation") or t.attrs.get("post") not in LEADER_POSTS:
            continue
        s = t.start
        while s > 0 and t.start - s < MAX_FOREIGN_CHARS and text[s - 1] in foreign_chars():
            s -= 1
        if t.start - s >= 2 and s > 0 and (text[s - 1] in FUNCTION_CHARS or not is_cjk(text[s - 1])):
            if not any(a < t.start and s < b for a, b in found.spans) and not place_at(text, s):
                before_posts.append((s, t.start, t))
    # a two-character "name" before a post must start a phrase (对李强总理) or be known: 爱戴总书记 is no name
    known = {text[s:e] for s, e in found.spans}
    named_after = {s for (s, e), (cue, _) in found.spans.items() if cue == "title"}
    for s, e, t in before_posts:
        if t.end in named_after:
            continue  # 马累市长穆伊祖: the post belongs to the name after it
        if e - s >= 3 or s == 0 or not is_cjk(text[s - 1]) or text[s - 1] in FUNCTION_CHARS or text[s:e] in known:
            found.add(s, e, "post_after", [(t.start, t.end)], "name_before_post")

    # the constructions of official_constructions.tsv: 任命A为X, A同志不再担任X, A、B等参加会见 …
    _linked(text, titles, nr_spans, found)
    _post_and_affiliation(text, titles, nr_spans, found)

    # 4. every other occurrence of a found name
    names = {text[s:e] for s, e in found.spans}
    # covered[i]: some found span holds character i (an occurrence is skipped when a found span
    # holds its first or its last character); kept up to date, so each occurrence costs O(1)
    covered = bytearray(len(text))
    for s, e in found.spans:
        covered[s:e] = b"\x01" * (e - s)
    for name in sorted(names, key=len, reverse=True):
        for start in _occurrences(text, name):
            end = start + len(name)
            if covered[start] or covered[end - 1]:
                continue
            found.add(start, end, "repeat", construction="named_again")
            covered[start:end] = b"\x01" * (end - start)

    out = []
    for (s, e), (cue, spans) in sorted(found.spans.items()):
        out.append(Mention.at(text, s, e, "PER", "persons", pattern=cue,
                              attrs={"cue": cue, "titles": spans, "constructions": found.constructions.get((s, e), [])}))
    return _drop_nested(out)


def _drop_nested(mentions: list[Mention]) -> list[Mention]:
    """A name inside a longer found name (李强 inside 李强华) is not a mention of its own."""
    # o holds m and is longer iff o.start <= m.start, m.end <= o.end and the spans differ: a sweep
    # in (start, end) order with the furthest end of the spans that start earlier, or at the same
    # start end later (linear after the sort, where comparing every pair was quadratic)
    order = sorted(range(len(mentions)), key=lambda i: (mentions[i].start, mentions[i].end))
    contained = [False] * len(mentions)
    furthest_before = -1  # furthest end among mentions starting before the current start
    k = 0
    while k < len(order):
        group_end = k
        start = mentions[order[k]].start
        while group_end < len(order) and mentions[order[group_end]].start == start:
            group_end += 1
        longest = mentions[order[group_end - 1]].end  # the furthest end at this start
        for i in order[k:group_end]:
            m = mentions[i]
            contained[i] = furthest_before >= m.end or longest > m.end
        furthest_before = max(furthest_before, longest)
        k = group_end
    return [m for i, m in enumerate(mentions) if not contained[i]]


_BARE_LIST = re.compile(r"[^，,。；;：:！？!?\n（）()“”\"、]{1,12}(?:、[^，,。；;：:！？!?\n（）()“”\"、]{1,12})+")
_LIST_MARK = re.compile("、")


def _bare_lists(text: str, titles: list[Mention], nr_spans: frozenset[tuple[int, int]], found: _Found) -> None:
    for m in finditer_near(_BARE_LIST, text, _LIST_MARK, 12):  # a 、 within 12 characters of the start
        items, pos = [], m.start()
        for part in m.group().split("、"):
            items.append((pos, pos + len(part)))
            pos += len(part) + 1
        # the last item may run on into the verb: 韩正和大会主席团成员在主席台就座
        last_s, last_e = items[-1]
        end = chinese_name_at(text, last_s, nr_spans) or dotted_name_at(text, last_s)
        if end is None or end > last_e:
            continue
        items[-1] = (last_s, end)
        items = _split_and(text, items)
        sure = [(s, e) for s, e in items if list_item_is_name(text[s:e])]
        if len(sure) < 2 or not all(list_item_is_name(text[s:e]) or list_item_may_be_name(text[s:e])
                                    for s, e in items):
            continue
        # jieba must read at least half the items as person names (强联通、建枢纽 are slogans)
        if 2 * sum((s, e) in nr_spans for s, e in items) < len(items) or any(
                starts_non_name_word(text, s) for s, e in items):
            continue
        names = items
        tail = text[end:_sentence_bounds(text, end)[1]]
        head = text[_sentence_bounds(text, m.start())[0]:m.start()]
        shared = []
        if tail.startswith("等"):
            shared = [(t.start, t.end) for t in titles if t.start == end + 1]
        if not (shared or _has_official_word(tail) or _has_official_word(head)):
            continue
        clause_tail = re.split(r"[，,。；;！？!?\n]", tail, maxsplit=1)[0]
        if any(w in clause_tail for w in (*word_list("nonpublic_bodies.txt"), *word_list("nonofficial_roles.txt"))):
            continue  # 沃尔玛、巴斯夫等14家跨国公司; 费俊龙、邓清明、张陆3名航天员
        construction = "list_before_collective" if shared else "list_official_act"
        for s, e in names:
            if (s, e) not in found.spans:
                found.add(s, e, "list", shared, construction)
            elif shared:
                found.add(s, e, "list", shared, construction)


def _split_and(text: str, items: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """A listed item of two names joined by 和 or 及 is two items: 胡春华、刘鹤和魏凤和、王勇."""
    out = []
    for s, e in items:
        k = next((i for i in range(s + 2, e - 1) if text[i] in "和及"), None)
        if (k is not None and not list_item_is_name(text[s:e]) and list_item_is_name(text[s:k])
                and list_item_is_name(text[k + 1:e])):
            out += [(s, k), (k + 1, e)]
        else:
            out.append((s, e))
    return out


def _names_before_collective(text: str, titles: list[Mention], nr_spans: frozenset[tuple[int, int]],
                             found: _Found) -> None:
    """习近平等党和国家领导人: the names just before 等 share the collective title after it."""
    known = set(found.spans) | set(nr_spans)
    for t in titles:
        if t.attrs.get("kind") != "collective" or t.start < 3 or text[t.start - 1] != "等":
            continue
        pos = t.start - 1
        while True:
            before = [(s, e) for s, e in known if e == pos and 2 <= e - s <= 16]
            if not before:
                break
            s, e = max(before, key=lambda span: span[1] - span[0])
            found.add(s, e, "list", [(t.start, t.end)], "list_before_collective")
            if s > 0 and text[s - 1] == "、":
                pos = s - 1
                continue
            break


_CLAUSE_OR_ITEM_END = frozenset(CLAUSE_END | {"、"})


def _occurrences(text: str, name: str):
    """Where ``name`` (not empty) occurs, left to right, none overlapping: ``re.finditer`` of the
    escaped name, without compiling a regex per name (hundreds of names a batch push the regexes
    every module shares out of ``re``'s cache)."""
    at = text.find(name)
    while at >= 0:
        yield at
        at = text.find(name, at + (len(name) or 1))


def _introduced_as_non_official(text: str, name: str) -> bool:
    """Somewhere the text names the person with a non-official role or body right before the name."""
    roles, bodies = word_list("nonofficial_roles.txt"), word_list("nonpublic_bodies.txt")
    for at in _occurrences(text, name):
        before = text[max(0, at - 12):at]
        k = len(before) - 1  # the last clause or item end before the name
        while k >= 0 and before[k] not in _CLAUSE_OR_ITEM_END:
            k -= 1
        before = before[k + 1:]
        if before.endswith(roles) or any(w in before for w in bodies):
            return True
    return False


def _clause_initial(text: str, nr: tuple[tuple[int, int], ...], found: _Found) -> None:
    for s, e in nr:
        if (s, e) in found.spans or (s > 0 and text[s - 1] not in CLAUSE_END and not text[s - 1].isspace()):
            continue
        if not any(1 <= e - s - sl <= 2 for sl in _surname_lengths(text, s)) or text[e - 1] in PLACE_LAST:
            continue
        word = follower_at(text, e)
        clause_end = e
        while clause_end < len(text) and text[clause_end] not in CLAUSE_END:
            clause_end += 1
        clause = text[e:clause_end]
        if is_dictionary_word(text[s:e]) or _introduced_as_non_official(text, text[s:e]):
            continue  # 白宫宣布; 俄罗斯石油公司总裁谢钦……谢钦出席
        if word in clause_verbs():
            found.add(s, e, "clause", construction="name_official_act")
        elif word in ("及", "和", "以及") and "负责" in clause and _has_official_word(clause):
            found.add(s, e, "clause", construction="name_official_act")


def _linked(text: str, titles: list[Mention], nr_spans: frozenset[tuple[int, int]], found: _Found) -> None:
    """Names the regex constructions of ``official_constructions.tsv`` make officials."""

    def is_name(s: int, e: int) -> bool:
        item = text[s:e]
        # a title inside the item makes it no name (a title that runs on over it from its start,
        # 钱立志政协第十三届全国委员会委员, is the rules' misreading the construction corrects)
        if _is_place(item) or any(t.start < e and s < t.end and not (t.start <= s and e < t.end) for t in titles):
            return False
        if any(c in PRONOUNS for c in item):
            return False  # 祝贺他当选……总统: jieba tags 祝贺 as a name there
        if (s, e) in nr_spans or (s, e) in found.spans:
            return True
        if "·" in item:
            return list_item_is_name(item)
        return list_item_is_name(item) and not is_dictionary_word(item) and not starts_non_name_word(text, s)

    def title_end_in(s: int, e: int) -> int | None:
        ends = [t.end for t in titles if s <= t.start and t.end < e]
        return max(ends) if ends else None

    for link in find_links(text, titles, is_name, title_end_in):
        for s, e in link.names:
            found.add(s, e, "construction", list(link.titles), link.construction)


def is_deputy(title: Mention) -> bool:
    """A deputy to a people's congress or a member of a CPPCC (全国人大代表, 省政协委员), the titles
    such a list opens with before a person's other affiliation."""
    return title.attrs.get("post") in ("代表", "委员", "常委") and any(
        w in (title.attrs.get("organisation") or "") for w in ("人大", "政协"))


def _post_and_affiliation(text: str, titles: list[Mention], nr_spans: frozenset[tuple[int, int]],
                          found: _Found) -> None:
    """全国人大代表、江西萍乡茅店村党总支书记谭新萍: a deputy's or member's title with no holder, then
    、 and an affiliation ending in a post (public or not) right before a name that jieba reads:
    the name holds the deputy's title (and the affiliation's post, when the rules read it as a title)."""
    starts = {t.start for t in titles}
    chains = _title_chains(text, titles)
    for chain in chains:
        t = chain[-1]
        if not is_deputy(t) or t.end + 1 >= len(text) or text[t.end] != "、" or t.end + 1 in starts:
            continue
        clause_end = t.end + 1
        while clause_end < len(text) and clause_end - t.end <= 40 and text[clause_end] not in CLAUSE_END | {"、"}:
            clause_end += 1
        for post in post_pattern().finditer(text, t.end + 1, clause_end):
            # jieba must read the name (贾亮|回到, not 贾亮回)
            end = next((e for s, e in sorted(nr_spans) if s == post.end() and e <= clause_end
                        and list_item_is_name(text[s:e])), None)
            if end is None:
                continue
            own = [(r.start, r.end) for r in titles if r.end == post.end()]
            found.add(post.end(), end, "construction", [(c.start, c.end) for c in chain] + own,
                      "post_and_affiliation")
            break


@lru_cache(maxsize=8)
def _cached(text: str) -> tuple[Mention, ...]:
    return tuple(find_persons(text))


class PersonRecognizer:
    name = "persons"
    labels = ("PER",)

    def recognise(self, doc: Document, tokens: Doc) -> list[Mention]:
        return list(_cached(doc.text))
