"""Recognizer: places — PRC administrative divisions (DIVISION, with their codes) and other
named places (PLACE: regions, zones, rivers, foreign countries and cities, townships).

How a division is found
1. One left-to-right, longest-first scan over every name in the gazetteers (full names, short
   names, abbreviation groups such as 川渝, other places, townships). Longest wins, so
   黔东南苗族侗族自治州 beats 黔东南, 青海湖 beats 青海 and 成渝地区 beats 成渝.
2. A match must not cut a jieba word (大安 is not in 大安全), except where jieba glued two
   names (云南|昆明) or a name and a tail (钦州|港, 渝西|八区): see ``scan``. A shorter name is
   tried when the longest cuts a word (重庆|市民). One-character abbreviations need a verb
   before them and no word starting at them (在京开幕, not 在京剧院).
3. Short names that are common words (和平, 振兴, 东方) are dropped (place_stopwords.txt).
   A group of province abbreviations (川渝, 京津冀, 粤港澳) names its provinces, also before
   地区/区域 (川渝地区, also an other place), but not inside a named zone (粤港澳大湾区,
   京津冀城市群: other places only); 成渝, a pair of cities, names 成都 and 重庆 only in
   成渝两地 (place_groups.tsv).
4. A name right before an organisation or title word (重庆市委, 四川省政府, 成都市市长,
   四川日报), or that begins an organisation's noun phrase ending in an organisation head
   (上海|合作组织, 国铁|乌鲁木齐|局, 福州市|粮食和物资储备|局原党组书记, 南宁|舰:
   place_org_heads.txt), and every name of a chain right before one, is kept as a mention with
   ``role="org"``: it names no place (GUIDELINES.md). The extractor adds titles, persons and the
   model's titles (extract/places.py).
5. One name, several divisions (江北, 朝阳, 吉林, 西安): a province wins outright over its
   namesakes; else the division right before it (吉林大安, 重庆市江北区) or the provinces and
   cities the document names decide; else a single candidate of the highest level (the city
   西安 over two 西安区); still ambiguous -> dropped (precision first).
6. A county's short name (璧山, 秭归) is kept only when the document also names its province
   or city (as such, not inside a group: 川黔粤桂走廊; and in the same paragraph unless the
   county lies in a province the document is about), it follows its parent directly
   (吉林大安), or it stands in a list beside a plain division of its province (抚顺、通化、白山):
   two-character county names collide with ordinary words far more often than city names do.
   Right after a city that is not its own it names a place inside that city (六安|固镇); joined
   by a dash to no division it is a range (邛崃—岷山). City short names that are ordinary
   words too (白银, 日照, 安康: place_weak_names.txt) need the same support.
7. Other places: the other_places.txt lexicon, townships (townships.txt), zones (a proper name
   or a division + 新区/自贸试验区/口岸/公园/港 …: 两江新区, 上海港), waters (a proper name or a
   division's name + 江/河/湖/岛: 汨罗江, 赤水河), villages and communities right after their
   township or county (沐爱镇|金坪村, 南山街道|放牛村), compass regions (a province's
   abbreviation or a group + 东/南/西/北, also across jieba words: 皖南, 川|西北, 川渝|东北; not out
   of a pair of abbreviations: 浙川|东西部), foreign states after their country
   (美国|肯塔基州|路易斯维尔市) and land features (堪察加半岛), none inside an organisation's name
   (西南|财经大学). A zone named after a region is the zone (西部科学城, not 西部).

Mentions: DIVISION with attrs code, codes (several for 川渝), level, canonical, form, role;
PLACE with attrs kind ("region", "zone", "water", "township", "village", "lexicon").
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import cache, lru_cache

from pydantic import BaseModel, Field
from spacy.tokens import Doc

from pipeline.document import Document, Mention
from pipeline.patterns import finditer_near
from pipeline.resources import load_tsv, resource_path, word_list
from pipeline.segment import dictionary_frequency, dictionary_tag, pos_tagger, token_offsets

NAME = "places"
CJK = re.compile(r"[\u4e00-\u9fff]")
NUMERAL_CHARS = frozenset("0123456789一二三四五六七八九十两")


class DivisionRow(BaseModel):
    code: str = Field(pattern=r"^\d{6}$")
    name: str
    level: str = Field(pattern=r"^(province|city|county)$")
    full_name: str


class AliasRow(BaseModel):
    alias: str = Field(min_length=2)
    code: str = Field(pattern=r"^\d{6}$")
    form: str = Field(pattern=r"^(full|short)$")


class GroupRow(BaseModel):
    alias: str = Field(min_length=2)
    codes: str = Field(pattern=r"^\d{6}(,\d{6})*$")
    only_before: str = ""  # comma-separated words; if given, the group counts only right before one


class AbbreviationRow(BaseModel):
    abbreviation: str = Field(min_length=1, max_length=1)
    code: str = Field(pattern=r"^\d{6}$")


@dataclass(frozen=True)
class Division:
    code: str
    name: str
    level: str
    canonical: str

    @property
    def province(self) -> str:
        return self.code[:2]

    @property
    def city(self) -> str:
        return self.code[:4]

    def contains(self, other: "Division") -> bool:
        """Is ``other`` this division or inside it (四川省 contains 成都市 and 新津区)?"""
        if self.level == "province":
            return other.province == self.province
        if self.level == "city":
            return other.city == self.city
        return other.code == self.code


@dataclass(frozen=True)
class Entry:
    """What one gazetteer name can be."""

    kind: str  # "division" | "group" | "other" | "township"
    codes: tuple[str, ...] = ()
    form: str = "full"  # for divisions: "full" | "short"
    only_before: tuple[str, ...] = ()


@dataclass(frozen=True)
class Gazetteer:
    divisions: dict[str, Division]
    entries: dict[str, Entry]
    heads: dict[str, tuple[int, ...]]  # first two characters -> lengths of names starting so, longest first
    abbreviations: dict[str, str]
    motion_verbs: frozenset[str]
    org_suffixes: tuple[str, ...]
    org_token_endings: tuple[str, ...]
    org_heads: tuple[str, ...]
    phrase_stops: frozenset[str]
    region_suffixes: tuple[str, ...]
    zone_suffixes: tuple[str, ...]
    zone_prefix_stops: frozenset[str]
    name_tails: tuple[str, ...]
    township_blockers: frozenset[str]
    water_suffixes: frozenset[str]
    weak_names: frozenset[str]
    area_suffixes: tuple[str, ...]
    province_abbreviations: dict[str, str]
    region_stops: frozenset[str]
    village_stops: frozenset[str]
    # derived, for speed: where an abbreviation follows a one-character motion verb (在京, 来渝),
    # the organisation heads by their last character, each zone suffix as a pattern
    abbreviation_after_verb: re.Pattern = re.compile("(?!)")
    org_heads_by_last: dict[str, tuple[str, ...]] = field(default_factory=dict)
    zone_patterns: tuple[tuple[str, re.Pattern], ...] = ()
    province_abbreviation_chars: re.Pattern = re.compile("(?!)")
    water_suffix_chars: re.Pattern = re.compile("(?!)")

    def __post_init__(self) -> None:
        verbs = "".join(sorted(v for v in self.motion_verbs if len(v) == 1))
        abbreviations = "".join(sorted(self.abbreviations))
        if verbs and abbreviations:
            object.__setattr__(self, "abbreviation_after_verb",
                               re.compile(f"(?<=[{re.escape(verbs)}])[{re.escape(abbreviations)}]"))
        by_last: dict[str, list[str]] = {}
        for head in self.org_heads:
            if head:
                by_last.setdefault(head[-1], []).append(head)
        object.__setattr__(self, "org_heads_by_last", {c: tuple(hs) for c, hs in by_last.items()})
        object.__setattr__(self, "zone_patterns", tuple((s, re.compile(re.escape(s))) for s in self.zone_suffixes))
        for name, chars in (("province_abbreviation_chars", self.province_abbreviations),
                            ("water_suffix_chars", self.water_suffixes)):
            if chars:
                object.__setattr__(self, name, re.compile(f"[{re.escape(''.join(sorted(chars)))}]"))


@cache
def gazetteer() -> Gazetteer:
    divisions: dict[str, Division] = {}
    for r in load_tsv(resource_path("divisions.tsv"), DivisionRow):
        # cities without districts (东莞, 中山, 儋州) are listed again as their own county: keep the city
        divisions.setdefault(r.code, Division(r.code, r.name, r.level, r.full_name))
    stop = set(word_list("place_stopwords.txt"))
    entries: dict[str, Entry] = {}
    for name in word_list("townships.txt"):
        if name not in stop:
            entries[name] = Entry("township")
    by_alias: dict[str, list[AliasRow]] = {}
    for row in load_tsv(resource_path("place_aliases.tsv"), AliasRow):
        if row.alias in stop:
            continue
        by_alias.setdefault(row.alias, []).append(row)
    for alias, rows in by_alias.items():
        # a full name anywhere beats the same string as someone's short name (吉林市 vs …)
        full = [r for r in rows if r.form == "full"]
        chosen = full or rows
        entries[alias] = Entry("division", tuple(dict.fromkeys(r.code for r in chosen)), chosen[0].form)
    for name in word_list("other_places.txt"):
        entries[name] = Entry("other")
    for row in load_tsv(resource_path("place_groups.tsv"), GroupRow):
        only_before = tuple(w for w in row.only_before.split(",") if w)
        entries[row.alias] = Entry("group", tuple(row.codes.split(",")), only_before=only_before)
    abbreviations = {r.abbreviation: r.code for r in load_tsv(resource_path("place_abbreviations.tsv"), AbbreviationRow)}
    province_abbreviations = {r.abbreviation: r.code
                              for r in load_tsv(resource_path("place_province_abbreviations.tsv"), AbbreviationRow)}
    for table in (abbreviations, province_abbreviations):
        unknown = sorted(code for code in table.values() if code not in divisions)
        if unknown:
            raise ValueError(f"place abbreviations name codes that are no division: {unknown}")
    return Gazetteer(
        divisions=divisions, entries=entries,
        heads=_heads(entries),
        abbreviations=abbreviations,
        motion_verbs=frozenset(word_list("place_motion_verbs.txt")),
        org_suffixes=tuple(sorted(word_list("place_org_suffixes.txt"), key=len, reverse=True)),
        org_token_endings=tuple(word_list("place_org_token_endings.txt")),
        org_heads=tuple(sorted(word_list("place_org_heads.txt"), key=len, reverse=True)),
        phrase_stops=frozenset(word_list("place_phrase_stops.txt")),
        region_suffixes=tuple(sorted(word_list("place_region_suffixes.txt"), key=len, reverse=True)),
        zone_suffixes=tuple(sorted(word_list("place_zone_suffixes.txt"), key=len, reverse=True)),
        zone_prefix_stops=frozenset(word_list("place_zone_prefix_stops.txt")),
        name_tails=tuple(word_list("place_name_tails.txt")),
        township_blockers=frozenset(word_list("place_township_blockers.txt")),
        water_suffixes=frozenset("江河湖岛"),
        weak_names=frozenset(word_list("place_weak_names.txt")),
        area_suffixes=tuple(sorted(word_list("place_area_suffixes.txt"), key=len, reverse=True)),
        province_abbreviations=province_abbreviations,
        region_stops=frozenset(word_list("place_region_stops.txt")),
        village_stops=frozenset(word_list("place_village_stops.txt")),
    )


def _heads(entries: dict[str, Entry]) -> dict[str, tuple[int, ...]]:
    lengths: dict[str, set[int]] = {}
    for name in entries:
        lengths.setdefault(name[:2], set()).add(len(name))
    return {head: tuple(sorted(ls, reverse=True)) for head, ls in lengths.items()}


@dataclass
class _Hit:
    start: int
    end: int
    entry: Entry
    codes: tuple[str, ...] = ()  # still possible divisions
    role: str = "place"
    alias: str = ""


# jieba POS tags a zone's name can carry: proper names only; common nouns (智能口岸, 装备科技城),
# verbs (实施自贸试验区), adjectives and numerals (多项自贸港) make a description, not a name.
NAME_TAGS = frozenset({"ns", "nr", "nrt", "nrfg", "nz"})


@lru_cache(maxsize=1 << 16)
def _is_name_like(word: str) -> bool:
    pairs = pos_tagger().lcut(word)
    return len(pairs) == 1 and pairs[0].flag in NAME_TAGS


class _WordAt:
    """offset -> the word starting there (like a dict of them, without slicing every word up front)."""

    __slots__ = ("text", "end_of")

    def __init__(self, text: str, end_of: dict[int, int]) -> None:
        self.text, self.end_of = text, end_of

    def get(self, pos: int, default: str | None = None) -> str | None:
        end = self.end_of.get(pos)
        return default if end is None else self.text[pos:end]

    def __contains__(self, pos: int) -> bool:
        return pos in self.end_of


class _WordEndingAt(_WordAt):
    """offset -> the word ending there."""

    def get(self, pos: int, default: str | None = None) -> str | None:
        start = self.end_of.get(pos)
        return default if start is None else self.text[start:pos]


def scan(text: str, edges: set[int], gaz: Gazetteer, tried: list[int] | None = None) -> list[_Hit]:
    """Longest-first, left-to-right gazetteer matches that do not cut a jieba word.

    ``tried``: the edges where a name may start, in order (all of them when not given).

    jieba often glues two place names into one word (云南昆明) or a name to what follows
    (钦州港, 渝西八区), so a match may also end inside a word when another name starts right
    there (云南|昆明), or the rest of the word starts with a numeral (渝西|八区) or is a known tail
    (钦州|港); and a match may start inside a word right where the previous match ended.
    """
    n = len(text)

    def longest_at(i: int) -> int:
        for length in gaz.heads.get(text[i:i + 2], ()):
            if i + length <= n and text[i:i + length] in gaz.entries:
                return length
        return 0

    def end_ok(end: int) -> bool:
        if end in edges or end >= n:
            return True
        if text[end] in NUMERAL_CHARS or text.startswith(gaz.name_tails, end):
            return True
        follow = longest_at(end)
        # 俄罗斯|远东|地区 (one jieba word): another name follows, and ends a word or takes a tail
        return bool(follow) and (end + follow in edges or text.startswith(gaz.name_tails, end + follow))

    def township_hides_division(i: int, length: int) -> bool:
        # 南阳镇平县 is 南阳 + 镇平县, not the township 南阳镇 + 平县
        entry = gaz.entries[text[i:i + length]]
        if entry.kind != "township":
            return False
        for j in range(i + 1, i + length):
            follow = longest_at(j)
            if follow and j + follow > i + length and gaz.entries[text[j:j + follow]].kind == "division":
                return True
        return False

    hits: list[_Hit] = []
    entries, heads = gaz.entries, gaz.heads

    def match_at(i: int) -> int:
        lengths = heads.get(text[i:i + 2])
        if lengths is None or not "\u4e00" <= text[i] <= "\u9fff":
            return 0
        for length in lengths:  # longest first; a shorter one may fit the words better
            if i + length <= n and text[i:i + length] in entries and end_ok(i + length) \
                    and not township_hides_division(i, length):
                return length
        return 0

    # A match starts at a word's edge or right where the previous match ended: only those are tried,
    # and only where a name's first two characters stand.
    next_free = 0
    for i in [i for i in (sorted(edges) if tried is None else tried) if text[i:i + 2] in heads]:
        if i < next_free:
            continue
        while i < n:
            if text[i:i + 2] not in heads:
                break
            taken = match_at(i)
            if not taken:
                break
            entry = entries[text[i:i + taken]]
            hits.append(_Hit(i, i + taken, entry, entry.codes, alias=text[i:i + taken]))
            i += taken
        next_free = i + 1
    return hits


def _followed_by(text: str, end: int, words: tuple[str, ...]) -> str | None:
    for w in words:
        if text.startswith(w, end):
            return w
    return None


TOWNSHIP_SUFFIXES = ("街道", "苏木", "镇", "乡")


def _extend_groups(text: str, hits: list[_Hit], word_start_ending_at: dict[int, int], gaz: Gazetteer) -> None:
    """A group of abbreviations takes the abbreviations jieba cut off before it, with their
    provinces: 湘鄂|渝黔毗邻地区 names 湖南, 湖北, 重庆 and 贵州 (not only 渝黔); two or three of them, as
    one word (a lone 京 before 港澳 is the 京港澳 expressway's)."""
    ends = {h.end for h in hits}
    for h in hits:
        start = word_start_ending_at.get(h.start)
        if h.entry.kind != "group" or start is None or start in ends or not 2 <= h.start - start <= 3:
            continue
        prefix = text[start:h.start]
        if all(c in gaz.province_abbreviations for c in prefix):
            codes = tuple(dict.fromkeys([gaz.province_abbreviations[c] for c in prefix] + list(h.codes)))
            h.start, h.entry, h.codes, h.alias = start, Entry("group", codes), codes, text[start:h.end]


def _in_organisations(hits: list[_Hit], organisation_after) -> list[_Hit]:
    """Mark (role "org") the names that begin an organisation's or a title's name, and every name
    of a chain right before one: 四川省|成都市|规划和自然资源局, 天津市|滨海新区|新北街道|办事处,
    重庆市|璧山区|委书记 (GUIDELINES.md: names inside organisation or title names name no place)."""
    for k in range(len(hits) - 1, -1, -1):
        h = hits[k]
        nxt = hits[k + 1] if k + 1 < len(hits) and hits[k + 1].start == h.end else None
        if nxt is not None:
            if nxt.role == "org":
                h.role = "org"
        elif organisation_after(h.end):
            h.role = "org"
    return hits


def _township_ok(text: str, h: _Hit, token_ending_at: _WordAt, blockers: frozenset[str]) -> bool:
    """向城镇 (towards the towns) is no township: a common word (城镇) ends the match and
    reaches back across the name's own suffix."""
    name = text[h.start:h.end]
    suffix = next(s for s in TOWNSHIP_SUFFIXES if name.endswith(s))
    last = token_ending_at.get(h.end, "")
    crosses = h.start < h.end - len(last) < h.end - len(suffix)
    return not (crosses and last in blockers)


LEVEL_CHARS = "省市区县州盟旗"
LEVEL_RANK = {"province": 0, "city": 1, "county": 2}
LIST_SEPARATORS = frozenset({"、", "和", "与", "及"})
# A lone character jieba splits off a zone's name: 九龙|口, 松山|湖 (not 等, 和, 国).
PLACE_NAME_ENDINGS = frozenset("口山湖湾岛江河港峡洲")


def _names_an_organisation(text: str, end: int, token_at: _WordAt, gaz: Gazetteer) -> bool:
    """Does the division name ending at ``end`` begin an organisation or a title?

    重庆市|委书记, 四川|省委, 四川|省政府 (the level character may follow a short name), 四川省|长, and
    a department word right after it: 四川省|商务厅, 长江|海事局, 重庆|农科院.
    """
    if text[end - 1] in LEVEL_CHARS and token_at.get(end) == "长":
        return True  # 四川省|长 (not 重庆市|长期, nor a short name: 昆明|长水机场)
    at = end + 1 if text[end:end + 1] in LEVEL_CHARS and end + 1 < len(text) else end
    for pos in {end, at}:
        if _followed_by(text, pos, gaz.org_suffixes):
            return True
        token = token_at.get(pos, "")
        ending = next((e for e in gaz.org_token_endings if token.endswith(e)), None)
        # a one-character ending needs a department word before it: 商务厅, 海事局 — not 布局, 举办
        if ending and len(token) >= len(ending) + (2 if len(ending) == 1 else 0):
            return True
    return False


# jieba tags that end the noun phrase a name begins: prepositions, particles, pronouns, adverbs,
# time and locality words, numerals and classifiers (在重庆市璧山区|举行 ends at the verb, see below).
PHRASE_STOP_TAGS = frozenset({"p", "u", "uj", "ul", "uz", "ug", "ud", "uv", "r", "d", "ad", "t", "tg", "f",
                              "m", "mq", "q", "y", "e", "o", "x"})
PHRASE_MAX_WORDS = 6
PHRASE_MAX_CHARS = 16
FORMER = ("原", "前")  # glued by jieba to the head before a post: 局原|处长, 厅原|党组书记


def _head_at(word: str, word_end: int, phrase_start: int, text: str,
             heads_by_last: dict[str, tuple[str, ...]]) -> bool:
    """Does an organisation head (``heads_by_last``: by their last character) end this word
    (管理局, 局, 局原, 合作|组织)?"""
    core = word[:-1] if len(word) > 1 and word.endswith(FORMER) else word
    end = word_end - (len(word) - len(core))
    for head in heads_by_last.get(text[end - 1], ()):
        if not text.startswith(head, end - len(head)) or end - len(head) < phrase_start:
            continue
        if len(head) >= 2 or core == head:
            return True
        # 管理|局, 公安|局, 自然资源|局: a one-character head after a department's name, not 开好|局, 新格|局
        stem = core[:-len(head)]
        if len(stem) >= 2 and dictionary_frequency(stem) \
                and (dictionary_tag(stem) in DEPARTMENT_TAGS or dictionary_tag(core) == "nt"):
            return True  # 统计|局 is tagged a body (nt) as a whole
    return False


DEPARTMENT_TAGS = frozenset({"n", "vn", "nt", "nz", "ns", "l", "j", "b", "an"})


def begins_organisation(text: str, end: int, words: list[tuple[int, int]], word_index: dict[int, int],
                        heads: dict[str, tuple[str, ...]], phrase_stops: frozenset[str] = frozenset(),
                        place_starts: frozenset[int] = frozenset()) -> bool:
    """Is the name ending at ``end`` the start of an organisation's name?

    The words after it are read while they can stay inside one noun phrase (not past punctuation, a
    numeral, a preposition, particle, pronoun, adverb or time word, nor a verb unless the head
    follows it: 投资|促进|局); the name is an organisation's when an organisation head
    (``place_org_heads.txt``) ends one of those words. 上海|合作|组织, 国铁|乌鲁木齐|局|获悉,
    福州市|粮食|和|物资|储备|局原|党组书记; not 在重庆市璧山区|举行, 湖南|局地, 西安|东站|建设|进入 ….
    """
    k = word_index.get(end)
    if k is None:
        return False
    for j in range(k, min(k + PHRASE_MAX_WORDS, len(words))):
        ws, we = words[j]
        if we - end > PHRASE_MAX_CHARS:
            return False
        word = text[ws:we]
        if not all(CJK.match(c) for c in word):
            return False
        if _head_at(word, we, end, text, heads):
            return True
        tag = dictionary_tag(word)
        if tag in PHRASE_STOP_TAGS or ws in place_starts or word in phrase_stops:
            return False  # 在北京|会见|法国|达飞集团: another place, or an act, ends the phrase
        if tag == "v" and not (j + 1 < len(words) and _head_at(text[words[j + 1][0]:words[j + 1][1]],
                                                              words[j + 1][1], end, text, heads)):
            return False
    return False


class PlaceRecognizer:
    name = NAME
    labels = ("DIVISION", "PLACE")

    def __init__(self) -> None:
        self.gaz = gazetteer()

    def recognise(self, doc: Document, tokens: Doc) -> list[Mention]:
        text, gaz = doc.text, self.gaz
        starts, ends = token_offsets(tokens)
        spans_of_tokens = list(zip(starts, ends))
        edges = set(starts)
        edges.update(ends)
        # a word's end that starts no word is a space (or the text's end): no name starts there
        spaces = set(ends).difference(starts)
        hits = scan(text, edges, gaz, None if any(CJK.match(text, p) for p in spaces) else starts)
        spans = [(h.start, h.end) for h in hits]
        hits += [a for a in self._abbreviations(text, gaz) if not any(s < a.end and a.start < e for s, e in spans)]
        hits.sort(key=lambda h: h.start)
        start_of = dict(zip(ends, starts))
        end_of = dict(zip(starts, ends))
        _extend_groups(text, hits, start_of, gaz)
        token_at = _WordAt(text, end_of)
        token_ending_at = _WordEndingAt(text, start_of)
        word_index = dict(zip(starts, range(len(starts))))
        place_starts = frozenset(h.start for h in hits)

        def organisation_after(end: int) -> bool:
            return _names_an_organisation(text, end, token_at, gaz) \
                or begins_organisation(text, end, spans_of_tokens, word_index, gaz.org_heads_by_last, gaz.phrase_stops,
                                       place_starts)

        out: list[Mention] = []
        divisions: list[_Hit] = []
        for h in _in_organisations(hits, organisation_after):
            if h.entry.kind in ("division", "group"):
                area = _followed_by(text, h.end, gaz.area_suffixes)
                suffix = area or _followed_by(text, h.end, gaz.region_suffixes)
                if h.entry.only_before and not _followed_by(text, h.end, h.entry.only_before):
                    continue
                if suffix and h.entry.kind == "group":
                    # 川渝地区 (the area of 四川 and 重庆) names them; 粤港澳大湾区 names a zone only
                    out.append(Mention.at(text, h.start, h.end + len(suffix), "PLACE", NAME,
                                          pattern="group+region", attrs={"kind": "region"}))
                    if not area:
                        continue
                divisions.append(h)
            elif h.entry.kind == "other":
                if h.role == "org":
                    continue  # 西南|财经大学, 长江|日报, 欧盟|委员会: an organisation, not the place
                out.append(Mention.at(text, h.start, h.end, "PLACE", NAME, pattern="other_places",
                                      attrs={"kind": "lexicon"}))
            elif h.entry.kind == "township":
                if h.role == "org" or not _township_ok(text, h, token_ending_at, gaz.township_blockers):
                    continue
                out.append(Mention.at(text, h.start, h.end, "PLACE", NAME, pattern="townships",
                                      attrs={"kind": "township"}))
        resolved = resolve(divisions, gaz, text)
        for h in resolved:
            codes = h.codes
            first = gaz.divisions[codes[0]]
            out.append(Mention.at(
                text, h.start, h.end, "DIVISION", NAME, pattern=f"{h.entry.kind}:{h.entry.form}",
                attrs={"code": first.code, "codes": codes, "level": first.level,
                       "canonical": first.canonical, "form": h.entry.form, "role": h.role}))
        zones = self._zones(text, start_of, edges, resolved, out, gaz)
        out = [m for m in out if not (m.label == "PLACE" and any(z.start <= m.start and m.end <= z.end for z in zones))]
        out += zones
        out += self._waters(text, start_of, out, gaz)
        villages = self._villages(text, token_ending_at, resolved, out, gaz)
        # 观音桥街道|渝北社区: a division's short name that begins a village's is the village's
        out = [m for m in out if not (_is_short_division(m)
                                      and any(v.start <= m.start and m.end <= v.end for v in villages))]
        out += villages
        regions = self._compass_regions(text, spans_of_tokens, token_at, out, gaz)
        out = [m for m in out if not (m.label == "PLACE" and any(r.start <= m.start and m.end <= r.end for r in regions))]
        out = _compass_compounds(text, out + regions, gaz)
        out = _foreign_subdivisions(text, edges, out)
        out += _land_features(text, spans_of_tokens, out, organisation_after)
        return sorted(out, key=lambda m: (m.start, -m.end))

    @staticmethod
    def _abbreviations(text: str, gaz: Gazetteer) -> list[_Hit]:
        """在京, 来渝: the character after a motion verb, unless it starts a word (京剧, 津贴, 渝西)."""
        hits = []
        for m in gaz.abbreviation_after_verb.finditer(text):
            i = m.start()
            code = gaz.abbreviations[text[i]]
            if any(dictionary_frequency(text[i:i + k]) for k in (2, 3, 4) if i + k <= len(text)):
                continue
            hits.append(_Hit(i, i + 1, Entry("division", (code,), "abbreviation"), (code,)))
        return hits

    @staticmethod
    def _waters(text: str, start_of: dict[int, int], found: list[Mention], gaz: Gazetteer) -> list[Mention]:
        """Rivers, lakes and islands no list can hold: a proper name or a division's name +
        江/河/湖/岛 (汨罗江, 南湾湖, 赤水河). ``start_of``: word end -> its start."""
        taken = [(m.start, m.end) for m in found]
        out = []
        for m in gaz.water_suffix_chars.finditer(text):  # the words that end with one
            end = m.end()
            t_start = start_of.get(end)
            if t_start is None:
                continue
            if end - t_start >= 3:
                start, stem = t_start, text[t_start:end - 1]
            elif end - t_start == 1 and t_start in start_of:  # the word before ends right there
                start, stem = start_of[t_start], text[start_of[t_start]:t_start]
            else:
                continue
            if not (2 <= len(stem) <= 3) or not all(CJK.match(c) for c in stem) or stem in gaz.zone_prefix_stops \
                    or not (_is_name_like(stem) or _is_division_name(stem, gaz)) \
                    or any(a < end and start < b for a, b in taken):
                continue
            taken.append((start, end))
            out.append(Mention.at(text, start, end, "PLACE", NAME, pattern="water", attrs={"kind": "water"}))
        return out

    def _zones(self, text: str, token_start_ending_at: dict[int, int], edges: set[int], divisions: list[_Hit],
               found: list[Mention], gaz: Gazetteer) -> list[Mention]:
        """Named zones: a name token (or a division, or a lexicon region) right before 新区, 自贸试验区,
        口岸 …: 两江新区, 上海港, 西部科学城 (the zone, not the region 西部)."""
        regions = {m.end: m for m in found if m.label == "PLACE" and m.attrs.get("kind") == "lexicon"
                   and m.text not in _countries()}
        taken = [(m.start, m.end) for m in found if m.label == "PLACE" and m.end not in regions]
        division_ending_at = {h.end: h for h in divisions}
        division_ending_at.update({e: _Hit(m.start, m.end, Entry("other")) for e, m in regions.items()})
        out = []
        for suffix, pattern in gaz.zone_patterns:
            for m in pattern.finditer(text):
                s, e = m.start(), m.end()
                div = division_ending_at.get(s)
                # jieba may glue a division to the suffix (上海港): the division's end is edge enough
                if (s not in edges and div is None) or e not in edges or any(a < e and s < b for a, b in taken):
                    continue
                if div is not None:
                    start = div.start
                else:
                    start = token_start_ending_at.get(s, s)
                    if s - start == 1 and text[start] in PLACE_NAME_ENDINGS and start in token_start_ending_at:
                        start = token_start_ending_at[start]  # 九龙|口|国家湿地公园: a name + one character
                        name = text[start:s - 1]
                    else:
                        name = text[start:s]
                    if len(name) < 2 or not all(CJK.match(c) for c in text[start:s]) \
                            or name in gaz.zone_prefix_stops or not _is_name_like(name):
                        continue
                taken.append((start, e))
                out.append(Mention.at(text, start, e, "PLACE", NAME, pattern=f"zone:{suffix}",
                                      attrs={"kind": "zone"}))
        return out

    @staticmethod
    def _compass_regions(text: str, spans: list[tuple[int, int]], token_at: _WordAt,
                         found: list[Mention], gaz: Gazetteer) -> list[Mention]:
        """A province's abbreviation (or a group of them) + a compass point: 皖南, 苏北, 浙西, 陕北, also
        where jieba splits them (川|西北, 川渝|东北). Regions, not divisions (GUIDELINES.md: 渝西 is an
        other place); where one is a division (湘西, 黔南, 渝北) the gazetteer has it. Not before an
        organisation word (京东|集团), and not where the abbreviation pairs with the one before it
        (浙|川东|西部协作 is 浙川 + 东西部: the compass point then begins the next word). A lexicon
        region inside one (西北 in 川西北, 东北 in 川渝东北) gives way to it."""
        groups = {m.end: m.start for m in found if m.label == "DIVISION" and m.pattern and m.pattern.startswith("group")}
        taken = [(m.start, m.end) for m in found if not (m.label == "PLACE" and m.attrs.get("kind") == "lexicon")
                 and not (m.end in groups and groups[m.end] == m.start)]
        word_at = dict(spans)
        out = []
        for m in gaz.province_abbreviation_chars.finditer(text):  # the words that begin with one
            start = m.start()
            end = word_at.get(start)
            if end is None:
                continue
            word = text[start:end]
            head, rest = word[:1], word[1:]
            if head not in gaz.province_abbreviations:
                continue
            if not rest and end in word_at:
                point = _compass_prefix(text[end:word_at[end]], gaz)
                if point:
                    end = word_at[end]  # 川|西北, 湘|西北地区 (the region with its tail, as 川渝地区)
                    rest = point
            if rest not in COMPASS_POINTS or word in gaz.region_stops or _is_division_name(word, gaz):
                continue
            if text[start - 1:start] in gaz.province_abbreviations and start - 1 in word_at:
                continue  # 浙|川东|西部: the pair 浙川, then 东西部
            if start in groups.values():
                continue
            out.append((start, end))
        for g_end, g_start in groups.items():  # 川渝|东北
            nxt = word_at.get(g_end)
            if nxt is not None and text[g_end:nxt] in COMPASS_POINTS:
                out.append((g_start, nxt))
        regions = []
        for start, end in out:
            if any(a < end and start < b for a, b in taken) or _names_an_organisation(text, end, token_at, gaz):
                continue
            taken.append((start, end))
            regions.append(Mention.at(text, start, end, "PLACE", NAME, pattern="compass", attrs={"kind": "region"}))
        return regions

    @staticmethod
    def _villages(text: str, token_ending_at: _WordAt, divisions: list[_Hit], found: list[Mention],
                  gaz: Gazetteer) -> list[Mention]:
        """A village or community named right after its township or county: 沐爱镇|金坪村,
        南山街道|放牛村, 谢家湾街道|民主村社区, 安吉|余村, 五峰|镇|麦庄村. Alone, 村 and 社区 are common
        words (乡村, 城中村, 进社区); right after a township the name before them is a place's."""
        anchors = {m.end for m in found if m.attrs.get("kind") == "township"}
        anchors |= {h.end for h in divisions
                    if h.role == "place" and h.entry.kind == "division" and len(h.codes) == 1
                    and gaz.divisions[h.codes[0]].level == "county"}
        taken = [(m.start, m.end) for m in found if not _is_short_division(m)]
        out = []
        for anchor in sorted(anchors):
            if text[anchor:anchor + 1] in LEVEL_CHARS:  # 红寺堡|区兴民村: the short name, then its level
                anchor += 1
            if not CJK.match(text[anchor:anchor + 1]):
                continue
            best = None
            for end in range(anchor + 2, min(anchor + MAX_VILLAGE_CHARS, len(text)) + 1):
                if not CJK.match(text[end - 1]):
                    break
                suffix = next((v for v in VILLAGE_SUFFIXES if text.startswith(v, end - len(v))), None)
                token = token_ending_at.get(end)
                # the suffix must end a word, and that word be no common noun (乡村, 山村, 社区 stays)
                if suffix is None or token is None or \
                        (len(token) > len(suffix) and dictionary_tag(token) not in (None, *NAME_TAGS)):
                    continue
                start = anchor
                for township in TOWNSHIP_SUFFIXES:  # 五峰|镇麦庄村: the county, then a township word
                    cut = text.find(township, anchor, end - len(suffix))
                    if cut >= 0:
                        start = max(start, cut + len(township))
                stem = text[start:end - len(suffix)]
                if stem and not any(stem.startswith(w) for w in gaz.village_stops) \
                        and not _starts_with_function_word(stem):
                    best = (start, end)
            if best is not None and not any(a < best[1] and best[0] < b for a, b in taken):
                taken.append(best)
                out.append(Mention.at(text, best[0], best[1], "PLACE", NAME, pattern="village",
                                      attrs={"kind": "village"}))
        return out


COMPASS_POINTS = frozenset({"东", "南", "西", "北", "东北", "东南", "西北", "西南"})
COMPASS_CHARS = frozenset("东南西北中")


def _compass_prefix(word: str, gaz: Gazetteer) -> str | None:
    """The compass point a word is, or begins before a name tail: 西北, 西北|地区."""
    for point in sorted(COMPASS_POINTS, key=len, reverse=True):
        if word == point or (word.startswith(point) and word[len(point):] in gaz.name_tails):
            return point
    return None


@cache
def _countries() -> frozenset[str]:
    return frozenset(word_list("countries.txt"))


@cache
def _foreign_chars() -> frozenset[str]:
    return frozenset("".join(word_list("foreign_name_chars.txt")))


@cache
def _long_transliteration() -> re.Pattern[str]:
    return re.compile(f"[{''.join(sorted(_foreign_chars()))}]{{3,7}}[州省]")


FOREIGN_LEVEL_AT = re.compile("[州省]")  # ends a long transliteration, 3 to 7 characters after its start
FOREIGN_LEVELS = frozenset("州省市郡")
FOREIGN_LIST = frozenset("、和与及")
NOT_IN_FOREIGN_NAMES = frozenset("各多个等该全本此每两几的部城")
FOREIGN_PART = re.compile(r"[东西南北中]{1,2}部的?")  # 苏丹|中部的|杰济拉州: the part of the country


def _foreign_subdivisions(text: str, edges: set[int], found: list[Mention]) -> list[Mention]:
    """States, provinces and cities of a foreign country named right after it, and the ones
    listed or nested after those: 美国|得克萨斯州, 加拿大|不列颠哥伦比亚省, 美国|肯塔基州|路易斯维尔市,
    乌克兰|扎波罗热州、苏梅州 (not 苏 + the city 梅州). A name is a transliteration (at least half of
    its characters from foreign_name_chars.txt) + 州/省/市/郡 ending a jieba word; not 美国|各州. A run
    of three or more transliteration characters + 州/省 needs no country before it (扎波罗热州)."""
    chars = _foreign_chars()
    countries = sorted(m.end for m in found if m.label == "PLACE" and m.text in _countries())
    # or a long transliteration alone (扎波罗热州), where no name of ours begins
    division_starts = {m.start for m in found}
    countries += [m.start() for m in finditer_near(_long_transliteration(), text, FOREIGN_LEVEL_AT, 7)
                  if m.start() in edges and m.end() in edges and m.start() not in division_starts]
    out: list[Mention] = []
    for a in sorted(set(countries)):
        if any(o.start <= a < o.end for o in out):
            continue
        while True:
            part = FOREIGN_PART.match(text, a)
            a = part.end() if part else a
            end = next((e for e in range(a + 3, min(a + 9, len(text)) + 1)
                        if text[e - 1] in FOREIGN_LEVELS and e in edges and all(CJK.match(c) for c in text[a:e])), None)
            stem = text[a:end - 1] if end else ""
            if not stem or 2 * sum(c in chars for c in stem) < len(stem) or any(c in NOT_IN_FOREIGN_NAMES for c in stem):
                break
            out.append(Mention.at(text, a, end, "PLACE", NAME, pattern="foreign_subdivision", attrs={"kind": "foreign"}))
            a = end + 1 if text[end:end + 1] in FOREIGN_LIST else end
    if not out:
        return found
    # a division's short name inside one is a piece of the foreign name (苏|梅州)
    kept = [m for m in found if not any(o.start <= m.start and m.end <= o.end for o in out)]
    return kept + out


LAND_SUFFIXES = ("半岛", "群岛", "火山", "山脉", "海峡", "盆地", "高原", "草原", "沙漠")
LAND_SUFFIX_AT = re.compile(f"(?=(?:{'|'.join(LAND_SUFFIXES)}))")  # all two characters long


def _land_features(text: str, spans: list[tuple[int, int]], found: list[Mention], organisation_after) -> list[Mention]:
    """Peninsulas, volcanoes, ranges, straits, basins … that one jieba word names: a proper name +
    半岛/火山/山脉/海峡 (堪察加半岛, 朝鲜半岛). Not a common noun + suffix (冰岛 aside: 大型|盆地)."""
    suffix_ends = {m.start() + 2 for m in LAND_SUFFIX_AT.finditer(text)}
    if not suffix_ends:
        return []
    taken = [(m.start, m.end) for m in found]
    out = []
    for start, end in spans:
        if end not in suffix_ends:
            continue
        word = text[start:end]
        suffix = next((x for x in LAND_SUFFIXES if word.endswith(x)), None)
        if suffix is None or len(word) < len(suffix) + 2 or any(a < end and start < b for a, b in taken):
            continue
        stem = word[:-len(suffix)]
        if not all(CJK.match(c) for c in stem) or organisation_after(end) \
                or not (_is_name_like(stem) or stem in _countries()
                        or (len(stem) >= 3 and all(c in _foreign_chars() for c in stem))):
            continue  # not 森林|草原防灭火, nor 库布其沙漠|论坛
        out.append(Mention.at(text, start, end, "PLACE", NAME, pattern="land", attrs={"kind": "land"}))
    return out


def _compass_compounds(text: str, found: list[Mention], gaz: Gazetteer) -> list[Mention]:
    """A lexicon region whose compass word jieba cut from the one before it takes it back:
    浙川|东|西部协作 -> 东西部 (not 西部), when the longer name is in the lexicon too."""
    out = []
    starts_taken = {m.end for m in found}
    for m in found:
        if m.label == "PLACE" and m.attrs.get("kind") == "lexicon" and text[m.start - 1:m.start] in COMPASS_CHARS \
                and m.start not in starts_taken:
            for k in (2, 1):
                longer = text[m.start - k:m.end]
                entry = gaz.entries.get(longer)
                if k <= m.start and all(c in COMPASS_CHARS for c in longer[:k]) and entry is not None \
                        and entry.kind == "other":
                    m = Mention.at(text, m.start - k, m.end, "PLACE", NAME, pattern="other_places",
                                   attrs={"kind": "lexicon"})
                    break
        out.append(m)
    return out
VILLAGE_SUFFIXES = ("社区", "村")
# jieba tags of words that cannot begin a village's name: prepositions, conjunctions, pronouns,
# adverbs, particles, place and time words (当地, 附近; not 上/下/东/西: 下山庄村, 东村).
FUNCTION_TAGS = frozenset({"p", "c", "r", "d", "u", "uj", "ul", "s", "t"})
COUNTED_BY = frozenset("名个位家户批些")  # 一名|社区书记 counts people, it names no village
MAX_VILLAGE_CHARS = 6


def _starts_with_function_word(stem: str) -> bool:
    """针对|社区, 至|碑坑山村, 一名|社区书记: no village name starts with a preposition, pronoun, …
    or a count (一名, 两个); a numeral that is part of the name stays (十八洞村, 三河村)."""
    first = pos_tagger().lcut(stem)[0]
    return first.flag in FUNCTION_TAGS or (first.flag in ("m", "mq") and first.word[-1] in COUNTED_BY)


def _is_short_division(mention: Mention) -> bool:
    """A division named by its short form (渝北 for 渝北区): a village's name may begin with it."""
    return mention.label == "DIVISION" and mention.attrs.get("form") == "short"


def _is_division_name(word: str, gaz: Gazetteer) -> bool:
    entry = gaz.entries.get(word)
    return entry is not None and entry.kind == "division"


MUNICIPALITIES = frozenset({"11", "12", "31", "50"})  # provinces whose districts lie right under them
RANGE_DASHES = frozenset("—-－~～")


def _main_provinces(hits: list[_Hit], div: dict[str, Division]) -> frozenset[str]:
    """The provinces the document is about: each holding at least a fifth of the division names
    it gives (one for a provincial report, two for a joint release, none for a news round-up)."""
    counts: dict[str, int] = {}
    for h in hits:
        if h.entry.kind == "division" and len(h.codes) == 1:
            counts[div[h.codes[0]].province] = counts.get(div[h.codes[0]].province, 0) + 1
    total = sum(counts.values())
    return frozenset(p for p, n in counts.items() if 5 * n >= total)


def resolve(hits: list[_Hit], gaz: Gazetteer, text: str = "") -> list[_Hit]:
    """Narrow every hit to the divisions it names; drop what stays ambiguous or unsupported.

    A county's short name (and a weak city name) needs support: its province or city named as such
    (a group such as 川黔 in 川黔粤桂走廊 is no support), in the same paragraph where the county lies
    outside the province the document is about (锦屏 in a Sichuan report is no 贵州锦屏县 because
    贵州 is named elsewhere); right after a city that is not its own it names something inside that
    city (六安|固镇, 洛阳|故城); joined by a dash to what is no division it is one end of a range
    (邛崃—岷山). Where one name is a city and a county elsewhere, only the county's own city (or
    adjacency) picks the county: 西安 is the city even where the document names 黑龙江."""
    div = gaz.divisions
    paragraph_of = _paragraph_index(text)

    def sibling(d: Division, k: int) -> bool:
        """In a list with a plain division of its own province: 抚顺、通化、白山 (白山 alone may be a mountain)."""
        for j in (k - 1, k + 1):
            if 0 <= j < len(hits) and len(hits[j].codes) == 1 and hits[j].entry.kind == "division" \
                    and hits[j].alias not in gaz.weak_names:
                other = div[hits[j].codes[0]]
                between = text[min(hits[j].end, hits[k].end):max(hits[j].start, hits[k].start)]
                if between in LIST_SEPARATORS and other.level != "province" and other.province == d.province \
                        and (hits[j].entry.form != "short" or other.level != "county"):
                    return True
        return False

    # (division, where it is named, named by a group)
    anchors = [(div[h.codes[0]], h.start, False) for h in hits if len(h.codes) == 1 and h.entry.form != "short"]
    anchors += [(div[c], h.start, True) for h in hits if h.entry.kind == "group" for c in h.codes]
    # short names of provinces and cities are safe enough to anchor too
    anchors += [(div[h.codes[0]], h.start, False) for h in hits
                if len(h.codes) == 1 and h.entry.form == "short" and div[h.codes[0]].level != "county"
                and h.alias not in gaz.weak_names]
    everywhere = [a for a, _, _ in anchors]
    main = _main_provinces(hits, div)

    def supported(d: Division, context: list[Division]) -> bool:
        return any(a.code != d.code and a.contains(d) for a in context)

    # The same questions over all the anchors (or a paragraph's), asked per hit: looked up, not
    # scanned (a long report holds thousands of anchors and of hits).
    named_everywhere = _Containers(everywhere)
    named_parents = _Containers([a for a in everywhere if a.level == "city" or a.province in MUNICIPALITIES])
    plain = [(a, start) for a, start, group in anchors if not group]
    named_plain = _Containers([a for a, _ in plain])
    by_paragraph: dict[int, list[Division]] = {}
    for a, start in plain:
        by_paragraph.setdefault(paragraph_of(start), []).append(a)
    named_in_paragraph = {at: _Containers(divisions) for at, divisions in by_paragraph.items()}

    def parent_named(d: Division) -> bool:
        """The county's own city (or municipality) is named: 牡丹江 for 西安区, 北京 for 朝阳区."""
        return named_parents.support(d)

    def short_name_supported(d: Division, h: _Hit) -> bool:
        if d.province in main:
            return named_plain.support(d)
        context = named_in_paragraph.get(paragraph_of(h.start))
        return context is not None and context.support(d)

    out: list[_Hit] = []
    accepted: set[str] = set()
    prev: _Hit | None = None
    for k, h in enumerate(hits):
        if h.entry.kind == "group":
            out.append(h)
            prev = h
            continue
        adjacent_prev = prev if prev is not None and prev.end == h.start else None
        cands = [div[c] for c in h.codes if c in div]
        provinces = [d for d in cands if d.level == "province"]
        if len(cands) > 1 and len(provinces) == 1:
            cands = provinces  # 吉林, 海南: the province, not its namesake city or prefecture
        if len(cands) > 1:
            # nested namesakes (和田地区 / 和田市): the larger one
            outer = [d for d in cands if not any(o.code != d.code and o.contains(d) for o in cands)]
            cands = outer
        if len(cands) > 1 and adjacent_prev is not None:
            near = [d for d in cands if supported(d, [div[c] for c in adjacent_prev.codes])]
            cands = near or cands
        if len(cands) > 1:
            near = [d for d in cands if named_everywhere.support(d)]
            top = min(LEVEL_RANK[d.level] for d in cands)
            # a province named elsewhere does not pick its county over a city of that name
            near = [d for d in near if LEVEL_RANK[d.level] == top or parent_named(d)]
            cands = near if near else cands
        if len(cands) > 1:
            # 西安: the city of 西安, not 西安区 in 辽源 or 牡丹江, unless the document says so
            top = min(LEVEL_RANK[d.level] for d in cands)
            if sum(LEVEL_RANK[d.level] == top for d in cands) == 1:
                cands = [d for d in cands if LEVEL_RANK[d.level] == top]
        if len(cands) != 1:
            continue
        d = cands[0]
        if h.entry.form == "short" and (d.level == "county" or h.alias in gaz.weak_names):
            after = adjacent_prev is not None and len(adjacent_prev.codes) == 1 and adjacent_prev.entry.kind == "division"
            parent = div[adjacent_prev.codes[0]] if after else None
            if d.level == "county" and parent is not None and parent.level != "province" and not parent.contains(d) \
                    and (parent.level == "city" or parent.province != d.province):
                continue  # 六安|固镇, 洛阳|故城, 徐汇|滨江: a place inside the one before it (not 江阴|靖江, a pair)
            if d.level == "county" and text[h.end:h.end + 1] in RANGE_DASHES \
                    and not any(o.start in (h.end + 1, h.end + 2) for o in hits[k + 1:k + 2]):
                continue  # 邛崃—岷山: one end of a mountain range
            adjacent = parent is not None and parent.code != d.code and parent.contains(d)
            if not (adjacent or d.code in accepted or short_name_supported(d, h) or sibling(d, k)):
                continue
        h.codes = (d.code,)
        accepted.add(d.code)
        out.append(h)
        prev = h
    return out


class _Containers:
    """Named divisions, indexed by what each contains: a province its province code, a city its
    city code, a county itself. ``support(d)``: is one of them, not d itself, d or around it?
    (``any(a.code != d.code and a.contains(d) for a in named)``, without the scan.)"""

    def __init__(self, named: list[Division]) -> None:
        self.codes: dict[tuple[str, str], set[str]] = {}
        for a in named:
            key = ("province", a.province) if a.level == "province" else ("city", a.city) if a.level == "city" \
                else ("county", a.code)
            self.codes.setdefault(key, set()).add(a.code)

    def support(self, d: Division) -> bool:
        return any(code != d.code
                   for key in (("province", d.province), ("city", d.city), ("county", d.code))
                   for code in self.codes.get(key, ()))


def _paragraph_index(text: str):
    """A function from an offset to the number of the paragraph (line) it lies in."""
    ends = [m.end() for m in re.finditer("\n", text)]
    return lambda pos: bisect.bisect_right(ends, pos)
