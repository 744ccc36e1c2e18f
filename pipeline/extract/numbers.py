"""Numbers: every stated quantity, value normalised, with its unit and what it counts.

The numbers recognizer finds the quantities (NUMBER mentions with value, unit, approx); this
module turns them into facts, drops numbers that sit inside a name another recognizer found
(七台河市, a person's name), and reads the subject: the nouns right after the unit
(27个具体事项 -> 具体事项), or None when the next words are not a noun phrase.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import cache

from spacy.tokens import Doc

from pipeline.document import Document, Mention
from pipeline.recognise.merge import Mentions
from pipeline.resources import load_word_list, resource_path
from pipeline.segment import dictionary_tag, token_offsets

# Names from the gazetteers (七台河市, 三区三州) and persons. Not the model's LOC/ORG: their spans
# run wide (东北三省 as one LOC) and would swallow real counts.
NAME_LABELS = ("DIVISION", "PLACE", "PER")
# jieba tags of words a subject is made of; modifiers may lead (具体事项), a noun must end it.
NOUN_TAGS = ("n", "vn", "an", "j")  # n covers nr, ns, nt, nz, ng
MODIFIER_TAGS = ("a", "b")
NO_SUBJECT_UNITS = ("%", "个百分点", "百分点", "成", "倍", "")
MAX_SUBJECT_WORDS = 4
SUBJECT_STOP = re.compile(r"[，,、。；;：:！!？?（）()“”\"‘’《》\s]")
SUBJECT_STOPS_FILE = "number_subject_stops.txt"


@cache
def subject_stop_words() -> frozenset[str]:
    """Words that end a subject without being counted (全部, 目标, 建设): number_subject_stops.txt."""
    return frozenset(load_word_list(resource_path(SUBJECT_STOPS_FILE)))


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
    names = sorted(mentions.of(*NAME_LABELS), key=lambda n: n.start)
    name_starts = [n.start for n in names]
    longest_name = max((n.end - n.start for n in names), default=0)
    offsets = token_offsets(tokens)
    facts = []
    for m in mentions.of("NUMBER"):
        # only names starting at most `longest_name` before the number can contain it
        nearby = names[bisect_left(name_starts, m.start - longest_name):bisect_right(name_starts, m.start)]
        if any(m.end <= n.end and (n.end - n.start) > (m.end - m.start) for n in nearby):
            continue  # 七台河市: the numeral is part of a name
        facts.append(NumberFact(text=m.text, value=m.attrs.get("value"), unit=m.attrs.get("unit"),
                                approx=bool(m.attrs.get("approx")),
                                subject=subject_after(doc.text, tokens, m, offsets),
                                start=m.start, end=m.end, recognizer=m.recognizer))
    return facts


def subject_after(text: str, tokens: Doc, number: Mention,
                  offsets: tuple[list[int], list[int]] | None = None) -> str | None:
    """The noun phrase right after the number (100多个政策文件 -> 政策文件), or None.

    Words are jieba's (the spaCy tokens); each is tagged from jieba's dictionary, not by its HMM,
    which calls unknown verbs nouns (肩负 n). An unknown word ends the phrase.
    """
    pos = number.attrs.get("unit_end", number.end)
    if number.attrs.get("unit") in NO_SUBJECT_UNITS:
        return None  # a share or a bare amount: what it is a share of is told elsewhere
    pos = max(pos, number.end)  # past a trailing marker (以上, 左右)
    starts, ends = offsets if offsets is not None else token_offsets(tokens)
    first = bisect_left(starts, pos)  # a scan of every token per number was quadratic in long texts
    if first >= len(starts) or starts[first] != pos:
        return None  # the unit ends inside a word
    end = None
    stops = subject_stop_words()
    for i in range(first, min(first + MAX_SUBJECT_WORDS, len(starts))):
        word = text[starts[i]:ends[i]]
        tag = dictionary_tag(word)
        if tag is None or SUBJECT_STOP.search(word) or word in stops:
            break
        if tag.startswith(NOUN_TAGS):
            end = ends[i]
        elif not tag.startswith(MODIFIER_TAGS) or end is not None:
            break  # modifiers only lead: 四个方面|着重用力
    return text[pos:end] if end is not None else None

