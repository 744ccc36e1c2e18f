"""Constructions that join names and posts, written as data (``official_constructions.tsv``).

Each row has an id, a kind, a pattern, a description and a real example. Rows of kind ``rule``
name what the persons recognizer's code finds (post before name, name before post, lists, a
clause-initial name and an official act …); rows of kind ``regex`` are matched here, over the
text, with three placeholders:

* ``{NAMES}`` a list of names joined by 、 和 及 (each may end in 同志; an item may carry its own
  title in front, 候补委员马国强);
* ``{TITLE}`` the span that states the post: it must hold at least one title the rules find,
  the first at its start (after a 第…届 ordinal), and every title in it goes to every name;
* ``{B}`` a clause start (the text's start or after punctuation).

An optional ``(?P<post>...)`` group is a bare post written beside the names (田刚委员): its span
is their title as written.

A match counts only if every listed item is a name (a surname and one or two characters, a
dotted name, or a word jieba reads as a person's name) and no item is a word or a place:
a construction vouches for all its names or for none. Loading checks every row (a regex
compiles and its example matches; a rule id is one the persons recognizer knows); an error
names the file and line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Literal

from pydantic import BaseModel, field_validator

from pipeline.document import Mention
from pipeline.errors import PressfactsError
from pipeline.resources import load_tsv, resource_path
from pipeline.recognise.titles import division_names
from pipeline.segment import dictionary_tag

FILE = "official_constructions.tsv"
# the construction ids the code produces (kind "rule"): the persons recognizer, and the officials
# extractor for post_and_affiliation
RULE_IDS = frozenset({"post_before_name", "list_after_post", "name_before_post", "list_official_act",
                      "list_before_collective", "name_official_act", "core_leader", "named_again",
                      "post_and_affiliation"})

_ITEM = r"[\u4e00-\u9fff·]{2,16}?(?:同志)?"
PLACEHOLDERS = {
    "{NAMES}": rf"{_ITEM}(?:[、和及]{_ITEM}){{0,40}}",
    "{TITLE}": r"(?P<title>[^，,。；;：:！？!?\n（）()“”]{2,60}?)",
    "{B}": r"(?<![^：:；;。！？!?\n，,\s])",
}
_SPLIT = re.compile(r"[、和及]")
_MAY_BE_NAME = re.compile(r"[\u4e00-\u9fff]{2,4}")
_ORDINAL = re.compile(r"(?:政协)?第[一二三四五六七八九十\d]+届")


class ConstructionRow(BaseModel):
    id: str
    kind: Literal["rule", "regex"]
    pattern: str
    description: str
    example: str

    @field_validator("id")
    @classmethod
    def _id(cls, v: str) -> str:
        if not re.fullmatch(r"[a-z][a-z_]*", v):
            raise ValueError(f"id {v!r} must be lower_snake_case")
        return v


@dataclass(frozen=True)
class Construction:
    id: str
    kind: str
    description: str
    example: str
    regex: re.Pattern[str] | None


def expand(pattern: str) -> str:
    for key, value in PLACEHOLDERS.items():
        pattern = pattern.replace(key, value)
    return pattern


def _fail(line: int, message: str) -> PressfactsError:
    return PressfactsError("E-RESOURCE-ROW", message, stage="resources", location=f"{resource_path(FILE)}:{line}")


def _line_numbers() -> dict[str, int]:
    lines = resource_path(FILE).read_text(encoding="utf-8").splitlines()
    return {line.split("\t", 1)[0]: i for i, line in enumerate(lines, start=1) if line and not line.startswith("#")}


@cache
def constructions() -> tuple[Construction, ...]:
    """The table, validated: ids unique, rule ids known, regexes compile and match their example."""
    rows = load_tsv(resource_path(FILE), ConstructionRow)
    line_of = _line_numbers()
    out: list[Construction] = []
    seen: set[str] = set()
    for row in rows:
        line = line_of.get(row.id, 0)
        if row.id in seen:
            raise _fail(line, f"construction id {row.id!r} is listed twice")
        seen.add(row.id)
        regex = None
        if row.kind == "rule":
            if row.id not in RULE_IDS:
                raise _fail(line, f"rule construction {row.id!r} is not one the persons recognizer makes; "
                                  f"known: {', '.join(sorted(RULE_IDS))}")
        else:
            try:
                regex = re.compile(expand(row.pattern))
            except re.error as e:
                raise _fail(line, f"pattern of {row.id!r} does not compile: {e}") from e
            if "names" not in regex.groupindex:
                raise _fail(line, f"pattern of {row.id!r} has no (?P<names>...) group")
            if not regex.search(row.example):
                raise _fail(line, f"pattern of {row.id!r} does not match its own example")
        out.append(Construction(row.id, row.kind, row.description, row.example, regex))
    missing = RULE_IDS - seen
    if missing:
        raise _fail(0, f"rule constructions missing from the table: {', '.join(sorted(missing))}")
    return tuple(out)


def construction_ids() -> frozenset[str]:
    return frozenset(c.id for c in constructions())


@cache
def trigger_pattern() -> re.Pattern[str]:
    """Any regex construction (for choosing the sentences the NER model reads)."""
    return re.compile("|".join(f"(?:{c.regex.pattern})" for c in constructions() if c.regex is not None))


@dataclass(frozen=True)
class Link:
    """One construction's match: the names it makes officials and the title spans they take."""

    construction: str
    names: tuple[tuple[int, int], ...]
    titles: tuple[tuple[int, int], ...]


def find_links(text: str, titles: list[Mention], is_name, title_end_in) -> list[Link]:
    """Every regex construction's match in ``text`` whose items are all names.

    ``is_name(start, end)`` says whether a span is a name; ``title_end_in(start, end)`` gives the
    end of the last title inside a span (a listed item's own title: 候补委员|马国强), else None.
    """
    links: list[Link] = []
    for c in constructions():
        if c.regex is None or _required_text(c.regex) not in text:
            continue
        for m in c.regex.finditer(text):
            names_end = m.end("names")
            spans: tuple[tuple[int, int], ...] = ()
            if "title" in c.regex.groupindex:
                ts, te = m.span("title")
                inside = sorted((t for t in titles if m.start("names") <= t.start < te and t.end <= te and ts < t.end),
                                key=lambda t: t.start)
                if not inside:
                    continue  # no post where the construction says one is (决定2023年为……)
                spans = [(t.start, t.end) for t in inside]
                first = inside[0].start
                if first < ts:
                    # the rules ran the title back over the name (钱立志政协第十三届…委员): an
                    # ordinal inside it is where the title starts
                    lead = _ORDINAL.search(text, first, inside[0].end)
                    if lead is None or lead.start() <= m.start("names"):
                        continue
                    first = lead.start()
                    spans[0] = (first, inside[0].end)
                else:
                    lead = _ORDINAL.search(text, ts, first)
                    if lead and lead.end() == first:
                        first = lead.start()  # 第十四届全国政协委员: the ordinal opens the title
                if first != ts:
                    if names_end != ts:
                        continue  # a fixed word (为, 的) stands between the names and the post
                    names_end = first  # 撤销石磊、唐一|军第十四届…: the last name runs to the title
                spans = tuple(spans)
            if "post" in c.regex.groupindex and m.group("post"):
                spans += (m.span("post"),)  # a bare post beside the name, as written (田刚委员)
            names = _names(text, m.start("names"), names_end, is_name, title_end_in)
            if names:
                links.append(Link(c.id, tuple(names), spans))
    return links


@cache
def _required_text(regex: re.Pattern[str]) -> str:
    """The longest run of plain characters every match of ``regex`` contains (同志不再, 在主席台), or
    "" when none can be told. A text without it has no match, and is not scanned: a pattern that
    opens with a clause start ({B}) cannot skip ahead to a literal first character, so the regex
    engine tries it at every position of the text (a tenth of the persons recognizer's time)."""
    if regex.flags & re.IGNORECASE:
        return ""
    try:
        from re import _parser as parser  # Python >= 3.11
    except ImportError:  # pragma: no cover
        import sre_parse as parser  # type: ignore[no-redef]
    try:
        items = list(parser.parse(regex.pattern, regex.flags))
    except Exception:  # pragma: no cover - an internal API: without it, scan as before
        return ""
    best, run = "", ""
    for op, av in items:  # the top level is a sequence: each LITERAL item is in every match
        if op is parser.LITERAL:
            run += chr(av)
            best = max(best, run, key=len)
        else:
            run = ""
    return best


def _names(text: str, start: int, end: int, is_name, title_end_in) -> list[tuple[int, int]]:
    out = []
    unsure = []
    pos = start
    for part in _SPLIT.split(text[start:end]):
        s, e = pos, pos + len(part)
        pos = e + 1
        if part.endswith("同志"):
            e -= 2
        own_title_end = title_end_in(s, e)
        if own_title_end is not None:
            s = own_title_end
        if e - s < 2:
            return []
        if not is_name(s, e):
            if (not _MAY_BE_NAME.fullmatch(text, s, e) or text[e - 1] in "省市县区州国镇乡"
                    or text[s:e] in division_names() or dictionary_tag(text[s:e]) not in (None, "nr", "nrfg", "nrt")):
                return []
            unsure.append((s, e))  # 洛桑江村: a name with no Han surname
        out.append((s, e))
    # an item that is no surname-led name stands only among at least three sure names
    if unsure and (len(unsure) > 1 or len(out) - len(unsure) < 3):
        return []
    return out
