"""Numbers: every stated quantity, value normalised, with its unit and what it counts.

The numbers recognizer finds the quantities (NUMBER mentions with value, unit, approx); this
module turns them into facts, drops numbers that sit inside a name another recognizer found
(七台河市, a person's name), and reads the subject: the nouns right after the unit
(27个具体事项 -> 具体事项), or None when the next words are not a noun phrase.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from spacy.tokens import Doc

from pipeline.document import Document, Mention
from pipeline.recognise.merge import Mentions

NAME_LABELS = ("DIVISION", "PLACE", "LOC", "ORG", "PER")
# jieba tags of words a subject is made of; modifiers may lead (具体事项), a noun must end it.
NOUN_TAGS = ("n", "nz", "nt", "ns", "nr", "vn", "ng", "an", "j", "l", "eng")
MODIFIER_TAGS = ("a", "b", "vn", "n", "nz", "j", "ns", "nt")
SUBJECT_STOP = re.compile(r"[，,、。；;：:！!？?（）()“”\"‘’《》\s]")
MAX_SUBJECT_CHARS = 12


@dataclass(frozen=True)
class NumberFact:
    text: str
    value: float | None
    unit: str | None
    approx: bool
    subject: str | None
    start: int
    end: int
    recognizer: str = "numbers"


def extract_numbers(doc: Document, tokens: Doc, mentions: Mentions) -> list[NumberFact]:
    names = mentions.of(*NAME_LABELS)
    facts = []
    for m in mentions.of("NUMBER"):
        if any(n.start <= m.start and m.end <= n.end and (n.end - n.start) > (m.end - m.start) for n in names):
            continue  # 七台河市: the numeral is part of a name
        facts.append(NumberFact(text=m.text, value=m.attrs.get("value"), unit=m.attrs.get("unit"),
                                approx=bool(m.attrs.get("approx")), subject=subject_after(doc.text, m),
                                start=m.start, end=m.end, recognizer=m.recognizer))
    return facts


def subject_after(text: str, number: Mention) -> str | None:
    """The noun phrase right after the number (100多个政策文件 -> 政策文件), or None."""
    pos = number.attrs.get("unit_end", number.end)
    if number.attrs.get("unit") in ("%", "个百分点", "百分点", "成", "倍", ""):
        return None  # a share or a bare amount: what it is a share of is told elsewhere
    clause = SUBJECT_STOP.split(text[pos:pos + MAX_SUBJECT_CHARS], maxsplit=1)[0]
    for marker in ("以上", "以下", "左右", "多", "余"):
        if clause.startswith(marker):
            clause = clause[len(marker):]
    if not clause:
        return None
    words = _tag(clause)
    subject_end = 0
    for i, (word, flag) in enumerate(words):
        if flag.startswith(NOUN_TAGS) or (flag in MODIFIER_TAGS and i + 1 < len(words)):
            if flag.startswith(NOUN_TAGS):
                subject_end = i + 1
            continue
        break
    if subject_end == 0:
        return None
    return "".join(w for w, _ in words[:subject_end])


@cache
def _tag(clause: str) -> tuple[tuple[str, str], ...]:
    import jieba.posseg

    return tuple((p.word, p.flag) for p in jieba.posseg.lcut(clause))
