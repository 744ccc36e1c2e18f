"""Officials: named people holding a public post, with every title the text gives them.

A PER mention makes its name an official when the persons recognizer found it in an official
context (cue "title", "post_after", "list", "clause" or "construction"); other occurrences of the same name
(cue "repeat") add mentions and titles. A statistical-model PER (recognizer "ner_model") counts
only with the same support: a TITLE ending right where it starts, or a post right after it, or
its name already accepted by the rules, or a model TITLE before it that continues a list of
officials (副总理王瑞杰、国会领袖英兰妮). Titles are listed once each, in order of appearance.
Each official names the constructions (``official_constructions.tsv``) that made it one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc

from pipeline.document import Document, Mention
from pipeline.extract.spans import SpanRef
from pipeline.recognise.merge import Mentions
from pipeline.recognise.persons import follower_at, is_common_word, is_deputy, starts_non_name_word, surnames
from pipeline.recognise.titles import division_names, pos_tokens
from pipeline.segment import dictionary_tag

OFFICIAL_CUES = frozenset({"title", "post_after", "list", "clause", "construction"})
# posts whose organisation a preceding division title fixes: 重庆市委副书记、市长 -> 重庆市市长
DIVISION_POSTS = frozenset({"省长", "副省长", "常务副省长", "代省长", "市长", "副市长", "常务副市长", "代市长",
                            "县长", "副县长", "区长", "副区长", "州长", "副州长"})
_ORG_BODY_SUFFIXES = ("人民政府", "党委", "政府", "省委", "市委", "县委", "区委", "州委")


@dataclass(frozen=True)
class TitleRef(SpanRef):
    normalised: str | None = None
    organisation: str | None = None


@dataclass(frozen=True)
class OfficialFact:
    name: str
    titles: list[str]
    mentions: list[SpanRef]
    title_mentions: list[TitleRef] = field(default_factory=list)
    recognizers: list[str] = field(default_factory=list)
    constructions: list[str] = field(default_factory=list)


def _division_of(organisation: str | None) -> str | None:
    """The division an organisation belongs to: 重庆市委 -> 重庆市, 四川省人民政府 -> 四川省."""
    if not organisation:
        return None
    for suffix in _ORG_BODY_SUFFIXES:
        if organisation.endswith(suffix):
            stem = organisation[: -len(suffix)]
            if suffix in ("省委", "市委", "县委", "区委", "州委"):
                stem += suffix[0]
            if stem in division_names():
                return stem
    return organisation if organisation in division_names() else None


def _normalise(title: Mention, titles: list[Mention], text: str) -> str | None:
    org = title.attrs.get("organisation")
    post = title.attrs.get("post") or title.text
    if org:
        return title.text
    if post not in DIVISION_POSTS:
        return None
    # the nearest earlier title in the same sentence whose organisation names a division
    for other in sorted(titles, key=lambda t: t.start, reverse=True):
        if other.end > title.start:
            continue
        if re.search(r"[。！？；\n]", text[other.end:title.start]):
            break
        division = _division_of(other.attrs.get("organisation"))
        if division and division[-1] == post.lstrip("副常务代")[0]:
            return division + post
    return None


def _reads_as_phrase(text: str, m: Mention) -> bool:
    """jieba reads the model's "name" as words of two or more characters each, the last a verb.

    A Chinese name is a surname and a given name of one or two characters each, which jieba
    tags as one name (王建国) or cuts after a one-character surname (李|建设); foreign names come
    as one token (鸠山由纪夫). Two full words ending in a verb (殷殷|嘱托, 深情|嘱托) are a phrase."""
    words = [(s, e, flag) for s, e, flag in pos_tokens(text) if m.start <= s and e <= m.end]
    return (len(words) >= 2 and all(e - s >= 2 for s, e, _ in words)
            and words[-1][2] in ("v", "vd", "vi"))


def _chain_ending_at(text: str, end: int, titles_by_end: dict[int, Mention]) -> list[tuple[int, int]]:
    """The rule titles joined by 、 or 兼 that end at ``end`` (江西省政府党组成员、副省长), in text order."""
    chain: list[tuple[int, int]] = []
    t = titles_by_end.get(end)
    while t is not None:
        chain.insert(0, (t.start, t.end))
        if t.start >= 1 and text[t.start - 1] in "、兼":
            t = titles_by_end.get(t.start - 1)
        else:
            t = titles_by_end.get(t.start)
    return chain


def _model_supported(text: str, m: Mention, titles_by_end: dict[int, Mention], titles_by_start: dict[int, Mention],
                     accepted: set[str], model_titles_by_end: dict[int, Mention],
                     official_ends: set[int], affiliated: dict[int, list[tuple[int, int]]]
                     ) -> tuple[list[tuple[int, int]], str] | None:
    """Title spans supporting a model PER and the construction, ([], named_again) when its name is
    already an official, None if unsupported."""
    if m.start in affiliated:
        return affiliated[m.start], "post_and_affiliation"
    listed = model_titles_by_end.get(m.start)
    if listed is not None and listed.start >= 1 and text[listed.start - 1] == "、" \
            and listed.start - 1 in official_ends:
        # 副总理王瑞杰、国会领袖英兰妮: a model title + name continuing a list of officials the rules
        # read; a model title alone is no post (记者), its place in the list makes it one
        return [(listed.start, listed.end)], "list_after_post"
    if m.start in titles_by_end:
        t = titles_by_end[m.start]
        # after a bare post the name must end where a name can (总书记殷殷嘱托: no name)
        if t.attrs.get("organisation") or follower_at(text, m.end):
            return _chain_ending_at(text, m.start, titles_by_end), "post_before_name"
    t = titles_by_start.get(m.end)
    if t is not None and t.attrs.get("after_name") and not t.attrs.get("organisation"):
        return [(t.start, t.end)], "name_before_post"
    return ([], "named_again") if m.text in accepted else None


def _post_and_affiliation(text: str, rule_titles: list[Mention], titles: list[Mention],
                          persons: list[Mention]) -> dict[int, list[tuple[int, int]]]:
    """全国政协委员、重庆医科大学附属第一医院骨科主任医师黄伟: a deputy's or member's title with no holder, then 、 and an
    affiliation ending in a role (a title the rules or the model read) right before a name: the
    name holds the first title too. Start of the person -> the title chain's spans."""
    by_end: dict[int, Mention] = {t.end: t for t in rule_titles}
    role_ends = {t.end for t in titles}
    per_starts = {p.start for p in persons}
    out: dict[int, list[tuple[int, int]]] = {}
    for t in rule_titles:
        if not is_deputy(t) or t.end >= len(text) or text[t.end] != "、" or t.end in per_starts:
            continue
        if t.end + 1 in {r.start for r in rule_titles}:
            continue  # 副书记、市长胡衡华: a chain the persons recognizer reads
        clause_end = t.end + 1
        while clause_end < len(text) and clause_end - t.end <= 40 and text[clause_end] not in "、，,。；;：:！？\n（）()":
            clause_end += 1
        holder = min((p for p in persons if t.end + 1 < p.start < clause_end and p.start in role_ends),
                     key=lambda p: p.start, default=None)
        if holder is None:
            continue
        out.setdefault(holder.start, []).extend(_chain_ending_at(text, t.end, by_end))
    return out


def _constructions(found: list[tuple[Mention, list[tuple[int, int]], list[str]]]) -> list[str]:
    """The constructions that made the person an official, in order of first use; 'named_again'
    only beside another (it adds mentions, it never makes an official alone)."""
    ids = list(dict.fromkeys(i for _, _, found_ids in found for i in found_ids))
    return [i for i in ids if i != "named_again"] + (["named_again"] if "named_again" in ids and len(ids) > 1 else [])


def extract_officials(doc: Document, tokens: Doc, mentions: Mentions) -> list[OfficialFact]:
    text = doc.text
    titles = mentions.of("TITLE")
    title_at = {(t.start, t.end): t for t in titles}
    persons = [m for m in mentions.of("PER") if m.recognizer != "ner_model"]
    rule_titles = [t for t in titles if t.recognizer == "titles"]  # a model TITLE (记者) is no post
    affiliated = _post_and_affiliation(text, rule_titles, titles, mentions.of("PER"))
    officials = [m for m in persons if m.attrs.get("cue") in OFFICIAL_CUES or m.start in affiliated]
    accepted = {m.text for m in officials}
    official_ends = {m.end for m in officials}

    support: list[tuple[Mention, list[tuple[int, int]], list[str]]] = []
    for m in persons:
        spans, ids = list(m.attrs.get("titles") or []), list(m.attrs.get("constructions") or [])
        if m.start in affiliated:
            spans = affiliated[m.start] + [t for t in spans if t not in affiliated[m.start]]
            ids.append("post_and_affiliation")
        support.append((m, spans, ids))
    titles_by_end = {t.end: t for t in rule_titles}
    titles_by_start = {t.start: t for t in rule_titles}
    model_titles_by_end = {t.end: t for t in titles if t.recognizer == "ner_model"}
    for m in mentions.of("PER"):
        if m.recognizer != "ner_model" or any(p.start < m.end and m.start < p.end for p in persons):
            continue
        if len(m.text) < 2 or is_common_word(m.text) or starts_non_name_word(text, m.start) or (
                len(m.text) == 2 and dictionary_tag(m.text) in ("n", "vn", "an", "nz")
                and m.text[0] not in surnames()[0]):
            continue  # 总书记殷切嘱托, 议员缺席: the model's "name" is a word (祖马 begins with a surname)
        if any(s < m.end < e for s, e, _ in pos_tokens(text)):
            continue  # the model cut a word in two: 念兹(在兹), 普京互(致)
        if _reads_as_phrase(text, m):
            continue  # 总书记殷殷|嘱托: words, and a verb last, not a surname and given name
        spans = _model_supported(text, m, titles_by_end, titles_by_start, accepted, model_titles_by_end,
                                 official_ends, affiliated)
        if spans is not None:
            support.append((m, spans[0], [spans[1]]))
            accepted.add(m.text)

    by_name: dict[str, list[tuple[Mention, list[tuple[int, int]], list[str]]]] = {}
    for m, spans, ids in sorted(support, key=lambda x: x[0].start):
        name = m.text
        if name in accepted:
            by_name.setdefault(name, []).append((m, spans, ids))

    facts = []
    for name, found in by_name.items():
        title_refs: list[TitleRef] = []
        seen_spans: set[tuple[int, int]] = set()
        for _, spans, _ in found:
            for span in spans:
                if span in seen_spans:
                    continue
                seen_spans.add(span)
                t = title_at.get(span)
                if t is None:
                    title_refs.append(TitleRef(span[0], span[1], text[span[0]:span[1]], "titles"))
                    continue
                title_refs.append(TitleRef(t.start, t.end, t.text, t.recognizer,
                                           normalised=_normalise(t, titles, text),
                                           organisation=t.attrs.get("organisation")))
        title_refs.sort(key=lambda r: r.start)
        written = list(dict.fromkeys(r.text for r in title_refs))
        facts.append(OfficialFact(
            name=name,
            titles=written,
            mentions=[SpanRef(m.start, m.end, m.text, m.recognizer) for m, _, _ in found],
            title_mentions=title_refs,
            recognizers=sorted({m.recognizer for m, _, _ in found}),
            constructions=_constructions(found),
        ))
    return facts
