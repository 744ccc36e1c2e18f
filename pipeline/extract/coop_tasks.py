"""Is a candidate cooperation item a task? Named features, and the model and the rules over them.

GUIDELINES §cooperation_items, "The test for an item (gold v1.2)": an item's object is a deliverable
someone could be asked to show done; compliance, end-states, conduct, past work and stances are not
items, even inside a list; in an explicit list of agreed tasks under domain headings every entry is.

The extractor (``cooperation.py``) finds candidates: verb-led clauses licensed by a trigger or a
list. Each candidate is described by named binary features, all from data files:
- ``verb:<class>``: what its leading verb does (``coop_task_verbs.tsv``: make, issue, hold, reform,
  reach, advance, comply, conduct; else other);
- ``head:<class>``: its object's head noun, the last word (before a light noun such as 建设/工作 the
  word in front too) (``coop_task_objects.tsv``: deliverable, field, end_state, conduct; else other),
  and ``has:<class>`` for such a noun anywhere in the object;
- ``frame:<name>``: what frames it (``coop_task_frames.tsv``): the sentence before it (a review of
  last year, a line of guidance, a directive, an agreement, an enumeration), the task itself (a
  named campaign in quotes, an amount), its section's heading, and the kind of release;
- the list it stands in (``list:aspect`` under 在X方面, ``list:set_out`` in an enumeration or colon list).

Two deciders over the same features: a logistic regression whose weights are a small JSON file
(``coop_task_model.json``, trained by ``python -m pipeline.extract.coop_tasks train GOLD_DIR ...``)
and a written table of rules (``coop_task_rules.tsv``). ``DECIDER`` names the one shipped; the
other is kept to be compared (``python -m pipeline.extract.coop_tasks compare``).
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Iterable, Literal

from pydantic import BaseModel

from pipeline.patterns import alternation
from pipeline.resources import load_tsv, resource_path, word_list

MODEL_FILE = "coop_task_model.json"
RULES_FILE = "coop_task_rules.tsv"
# Light nouns name a kind of work, not the thing: 口岸基础设施建设 is about 基础设施.
_LIGHT = ("建设", "工作", "改革", "试点", "合作", "交流", "领域", "发展", "方面", "问题", "进程", "创新")
# Modifiers that name no field or object (各领域合作, 团结协作, 务实合作), and light nouns at the end.
_GENERIC = re.compile(r"^(?:各领域|各方面|多领域|全方位|全领域|务实|团结|互利|友好)+")
# Nouns of working together, at most with their scope, that name no field: 加强交往合作, 密切国际协作,
# 加强战略协作, 加强对话沟通 (a stance); 密切人文交流 names one. (国际 alone is no scope to drop: 国际航运中心建设.)
_TOGETHER = re.compile(r"(?:国际|双边|多边|各层级|各层次|战略)*(?:交往|合作|交流|沟通|协作|对话|往来|联系|协调)+")
_LIGHT_TAIL = re.compile(r"(?:工作|建设)$")
# 配合/协助/会同 X + verb: a partner, then the task's own verb.
_ASSIST = ("配合", "协助", "会同", "牵头", "联合", "指导", "督促", "协调")
# 法 names a law (反跨境腐败法, 代表法) but not in 执法, 方法, 做法, 司法, 守法.
_NOT_A_LAW = frozenset("执方做守司用想说看手办依")
_ENUM_HEAD = re.compile(r"(?:^|[。，；：\s])(?:[一二三四五六七八九十]是|第[一二三四五六七八九十]+[，、]?|[（(][一二三四五六七八九十\d]+[）)])$")
_TRAILING = re.compile(r"[”’》）)」】\s]+$|等$")


class VerbRow(BaseModel):
    verb: str
    kind: Literal["make", "issue", "hold", "reform", "reach", "advance", "comply", "conduct"]
    why: str


class ObjectRow(BaseModel):
    noun: str
    kind: Literal["deliverable", "field", "end_state", "conduct"]
    why: str


class FrameRow(BaseModel):
    pattern: str
    where: Literal["lead", "opening", "item", "section", "release"]
    frame: str
    why: str


class RuleRow(BaseModel):
    when: str
    decide: Literal["task", "not"]
    why: str


@cache
def verb_classes() -> dict[str, str]:
    return {r.verb: r.kind for r in load_tsv(resource_path("coop_task_verbs.tsv"), VerbRow)}


@cache
def object_classes() -> dict[str, str]:
    return {r.noun: r.kind for r in load_tsv(resource_path("coop_task_objects.tsv"), ObjectRow)}


@cache
def frames() -> tuple[tuple[re.Pattern[str], str, str], ...]:
    return tuple((re.compile(r.pattern), r.where, r.frame) for r in load_tsv(resource_path("coop_task_frames.tsv"), FrameRow))


@cache
def _longest_noun() -> int:
    return max(map(len, object_classes()), default=0)


@cache
def _verb_pattern() -> re.Pattern[str]:
    return re.compile(alternation(verb_classes()))


@cache
def _adverb_pattern() -> re.Pattern[str]:
    return re.compile(alternation(word_list("coop_adverbs.txt")))


@cache
def _noun_patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """(class, its nouns of two or more characters as one pattern): does a class occur, in one search."""
    by_class: dict[str, list[str]] = {}
    for noun, kind in object_classes().items():
        if len(noun) > 1:
            by_class.setdefault(kind, []).append(noun)
    return tuple((kind, re.compile(alternation(nouns))) for kind, nouns in by_class.items())


@dataclass(frozen=True)
class Candidate:
    """A verb-led clause the extractor found, with what the features need to see around it."""

    text: str
    verb: str  # the leading verb as the extractor matched it (may include modifiers: 持续推进)
    lead: str  # the sentence before the task
    opening: str  # the first clause of its paragraph and of its sentence
    section: str | None  # the heading line of its section, if any
    in_aspect_list: bool  # under 在X方面 (a domain heading inside the sentence)
    set_out: bool  # in an enumeration, a colon list or a bare list of tasks
    release: frozenset[str]  # release-level frames (joint, report, party, headed_list)
    year: int | None = None  # the year of publication: an opening 2025年 in a release of 2026 looks back


def release_frames(text: str) -> frozenset[str]:
    return frozenset(f for p, where, f in frames() if where == "release" and p.search(text))


@lru_cache(maxsize=256)
def verb_chain(item: str) -> tuple[str, ...]:
    """The listed verbs that open the task, past its modifiers: 持续深化整治… -> (深化, 整治).

    Remembered for the last items: a candidate's features ask for it twice."""
    chain: list[str] = []
    pos = 0
    while pos < min(len(item), 12):
        v_match, a_match = _verb_pattern().match(item, pos), _adverb_pattern().match(item, pos)
        v = v_match.group(0) if v_match else ""  # the longest listed verb at pos
        a = a_match.group(0) if a_match else ""
        if not (v or a):
            break
        if len(v) >= len(a):
            chain.append(v)  # 坚定不移 is a modifier, 坚定 a verb: the longer word is the one read
        pos += max(len(v), len(a))
    return tuple(chain)


def _verb_class(item: str, verb: str) -> str:
    """What the verb chain does: the first verb if it is conduct or compliance (带头学习), else the last
    (深化整治 holds a campaign); after a partner (配合/会同 X) the first listed verb that follows."""
    table = verb_classes()
    chain = verb_chain(item)
    if chain:
        first = table[chain[0]]
        return first if first in ("comply", "conduct") else table[chain[-1]]
    if item.startswith(_ASSIST):  # 配合全国人大常委会制定…: the task is 制定
        hits = [(item.find(v, 2, 16), -len(v), v) for v in table if item.find(v, 2, 16) >= 0]
        return table[min(hits)[2]] if hits else "other"
    return "other"


def _tail_noun(s: str) -> tuple[str, int] | None:
    """The longest listed noun that ends s: the ends of s looked up, longest first."""
    classes = object_classes()
    for size in range(min(len(s), _longest_noun()), 0, -1):
        n = s[len(s) - size:]
        if n in classes and not (size == 1 and s[-2:-1] in _NOT_A_LAW):
            return n, len(s) - size
    return None


def head_nouns(item: str) -> list[str]:
    """The object's last nouns, from the end: a light noun (建设, 工作) and the noun in front of it."""
    s = _TRAILING.sub("", _TRAILING.sub("", item))
    out: list[str] = []
    for _ in range(3):
        light = next((w for w in _LIGHT if s.endswith(w)), None)
        found = _tail_noun(s)
        if found and (light is None or len(found[0]) > len(light)):
            noun, cut = found  # 体系建设 is listed whole; 口岸基础设施建设 goes on to 基础设施
        elif light:
            noun, cut = light, len(s) - len(light)
        else:
            break
        out.append(noun)
        if noun not in _LIGHT:
            break
        s = _TRAILING.sub("", s[:cut])
    return out


def features(c: Candidate) -> list[str]:
    """The named features of a candidate, all binary."""
    out = ["bias", f"verb:{_verb_class(c.text, c.verb)}"]
    classes = object_classes()
    heads = [n for n in head_nouns(c.text) if n in classes]
    head = next((classes[n] for n in heads if n not in _LIGHT), None) or (classes[heads[0]] if heads else None)
    out.append(f"head:{head or 'other'}")
    chain = verb_chain(c.text)
    rest = c.text[c.text.rfind(chain[-1], 0, 16) + len(chain[-1]):] if chain else ""
    rest = _GENERIC.sub("", _LIGHT_TAIL.sub("", rest))
    if chain and heads and (rest in heads or _TOGETHER.fullmatch(rest)):
        out.append("object:bare")  # 全面深化改革, 推进整治工作, 深化各领域交流合作: nothing named
    anywhere = {kind for kind, nouns in _noun_patterns() if nouns.search(c.text, 2)}
    out += [f"has:{k}" for k in sorted(anywhere)]
    para_opening, _, sentence_opening = c.opening.rpartition("\n")
    targets = {"lead": c.lead, "item": c.text, "section": c.section or ""}
    for pattern, where, frame in frames():
        if where == "opening":
            if pattern.search(sentence_opening):
                out.append(f"frame:{frame}")
            if pattern.search(para_opening):
                out.append(f"para:{frame}")  # the paragraph opens with it (一年来，…): weaker than its own sentence
            continue
        target = targets.get(where)
        if target is not None and pattern.search(target):
            out.append(f"frame:{frame}" if where != "section" else f"section:{frame}")
    for part, prefix in ((sentence_opening, "frame"), (para_opening, "para")):
        if c.year and any(int(y) < c.year for y in re.findall(r"(?<!\d)(20\d\d)年(?!\d)", part)):
            out.append(f"{prefix}:review")  # 2025年，… in a release of 2026
    out += [f"release:{r}" for r in sorted(c.release)]
    if c.in_aspect_list:
        out.append("list:aspect")
    if c.set_out:
        out.append("list:set_out")
    if _ENUM_HEAD.search(c.lead):
        out.append("list:enum_head")  # 二是推动全方位互联互通: the task an enumerator opens
    if len(c.text) <= 6:
        out.append("len:short")
    elif len(c.text) >= 30:
        out.append("len:long")
    return list(dict.fromkeys(out))


def feature_names() -> frozenset[str]:
    """Every feature ``features`` can give: the vocabulary the rules and the model's weights use."""
    verbs = {f"verb:{k}" for k in (*verb_classes().values(), "other")}
    objects = set(object_classes().values())
    heads = {f"head:{k}" for k in (*objects, "other")} | {f"has:{k}" for k in objects}
    framed = set()
    for _, where, frame in frames():
        framed |= {"lead": {f"frame:{frame}"}, "item": {f"frame:{frame}"}, "section": {f"section:{frame}"},
                   "release": {f"release:{frame}"}, "opening": {f"frame:{frame}", f"para:{frame}"}}[where]
    fixed = {"bias", "frame:review", "para:review", "object:bare", "list:aspect", "list:set_out",
             "list:enum_head", "len:short", "len:long"}
    return frozenset(verbs | heads | framed | fixed)


# ---- the model -------------------------------------------------------------------------------

@cache
def model() -> dict:
    data = json.loads(resource_path(MODEL_FILE).read_text(encoding="utf-8"))
    if not isinstance(data.get("weights"), dict) or not isinstance(data.get("threshold"), (int, float)):
        from pipeline.errors import PressfactsError
        raise PressfactsError("E-RESOURCE-FORMAT", "needs weights (object) and threshold (number)",
                              stage="resources", location=str(resource_path(MODEL_FILE)))
    return data


def model_score(feats: Iterable[str], weights: dict[str, float] | None = None) -> float:
    w = model()["weights"] if weights is None else weights
    z = sum(w.get(f, 0.0) for f in feats)
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def train(rows: list[tuple[list[str], int]], l2: float = 1.0, epochs: int = 400, lr: float = 0.5
          ) -> dict[str, float]:
    """Logistic regression by batch gradient descent (numpy), L2 on every weight but the bias."""
    import numpy as np

    names = sorted({f for fs, _ in rows for f in fs})
    index = {n: i for i, n in enumerate(names)}
    x = np.zeros((len(rows), len(names)))
    for r, (fs, _) in enumerate(rows):
        x[r, [index[f] for f in fs]] = 1.0
    y = np.array([label for _, label in rows], dtype=float)
    w = np.zeros(len(names))
    penalty = np.array([0.0 if n == "bias" else 1.0 for n in names])
    for _ in range(epochs):
        p = 1.0 / (1.0 + np.exp(-(x @ w)))
        grad = x.T @ (p - y) / len(rows) + l2 * penalty * w / len(rows)
        w -= lr * grad
    return {n: round(float(v), 4) for n, v in zip(names, w) if abs(v) >= 1e-4}


# ---- the rules -------------------------------------------------------------------------------

@cache
def rules() -> tuple[tuple[frozenset[str], frozenset[str], str, str], ...]:
    """(features required, features excluded, decision, why), first match wins."""
    out = []
    for r in load_tsv(resource_path(RULES_FILE), RuleRow):
        need = frozenset(t for t in r.when.split() if not t.startswith("!"))
        avoid = frozenset(t[1:] for t in r.when.split() if t.startswith("!"))
        out.append((need, avoid, r.decide, r.why))
    return tuple(out)


def rule_decision(feats: Iterable[str]) -> tuple[bool, str]:
    fs = set(feats)
    for need, avoid, decide, why in rules():
        if need <= fs and not (avoid & fs):
            return decide == "task", " ".join(sorted(need)) + ("" if not avoid else " !" + " !".join(sorted(avoid)))
    return False, "default"


def decide(c: Candidate, decider: str | None = None) -> tuple[bool, str, float | None]:
    """(is it a task, which rule or model decided, the model's score or None)."""
    feats = features(c)
    which = decider or model().get("ship", "model")
    if which == "model":
        p = model_score(feats)
        return p >= model()["threshold"], "coop_task_model", round(p, 3)
    ok, why = rule_decision(feats)
    return ok, f"coop_task_rules: {why}", None
