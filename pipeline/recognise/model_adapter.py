"""The shipped NER model as one recognizer in the registry (labels PER, LOC, ORG, TITLE).

The model runs after the rules and reads only the sentences where they leave a question it can
answer (:func:`open_sentences`): a post with no holder the rules know (``……主任张三`` with a name
no dictionary lists), or a list of officials that goes on past what the rules know (``、国会领袖
英兰妮``). An official needs a stated post, so elsewhere its person names could not count; and the
model is the most expensive recognizer, so reading only these sentences makes the pipeline about
a fifth faster. Without the rules' mentions (``recognise(doc, tokens)``), it reads every sentence
that states a post.
"""

from __future__ import annotations

from typing import Iterable, Sequence

from spacy.tokens import Doc

from pipeline.document import Document, Mention
from pipeline.recognise.model import ModelRecognizer, chunk_text, sentence_spans
from pipeline.recognise.titles import post_pattern

MAX_PIECE_CHARS = 500  # a longer sentence is cut (at a comma where possible) as the model's chunker does


def _pieces(text: str, sentences: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """The model's input pieces for these sentences: each whole, or cut if longer than MAX_PIECE_CHARS."""
    out = []
    for s, e in sentences:
        if e - s <= MAX_PIECE_CHARS:
            out.append((s, e))
        else:
            out.extend((s + a, s + b) for a, b in chunk_text(text[s:e], MAX_PIECE_CHARS))
    return out


def sentences_with_posts(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of ``text`` that states a post."""
    posts = post_pattern()
    return _pieces(text, ((s, e) for s, e in sentence_spans(text) if posts.search(text, s, e)))


# What may stand between two titles of one holder (重庆市委副书记、市长) or two listed officials.
_JOINERS = "、，,和及与 "


def open_sentences(text: str, rule_mentions: Sequence[Mention]) -> list[tuple[int, int]]:
    """(start, end) of the sentences of ``text`` where the rules leave a post or a list open:

    * a rule TITLE whose holder the rules did not find: no rule PER ends where it starts
      (习近平总书记) or starts where it ends (市长胡衡华), and no other title follows it after a
      joiner (副书记、市长);
    * a rule PER followed by a joiner and then neither a rule TITLE nor a rule PER (a list of
      officials going on with a post or a name the rules do not know).
    """
    titles = [m for m in rule_mentions if m.label == "TITLE" and m.recognizer == "titles"]
    persons = [m for m in rule_mentions if m.label == "PER"]
    title_starts = {t.start for t in titles}
    per_starts = {p.start for p in persons}
    per_ends = {p.end for p in persons}
    known_starts = title_starts | per_starts
    open_at: list[int] = []
    for t in titles:
        after = t.end
        while after < len(text) and text[after] in _JOINERS:
            after += 1
        if t.start in per_ends or t.end in per_starts or (after > t.end and after in title_starts):
            continue
        open_at.append(t.start)
    for p in persons:
        if p.end < len(text) and text[p.end] in "、，," and p.end + 1 not in known_starts:
            open_at.append(p.end)
    if not open_at:
        return []
    open_at.sort()
    chosen = []
    k = 0
    for s, e in sentence_spans(text):
        while k < len(open_at) and open_at[k] < s:
            k += 1
        if k < len(open_at) and open_at[k] < e:
            chosen.append((s, e))
    return _pieces(text, chosen)


class ModelMentionRecognizer:
    name = "ner_model"
    labels = ("PER", "LOC", "ORG", "TITLE")
    reads_rule_mentions = True  # the runner passes the rules' mentions (it runs after them)

    def __init__(self) -> None:
        self._model = ModelRecognizer()  # loads the model on first use, once

    def recognise(self, doc: Document, tokens: Doc, rule_mentions: Sequence[Mention] | None = None) -> list[Mention]:
        text = doc.text
        pieces = sentences_with_posts(text) if rule_mentions is None else open_sentences(text, rule_mentions)
        found = self._model.recognise_many(text[s:e] for s, e in pieces)
        return [Mention.at(text, s + m.start, s + m.end, m.label, m.recognizer, score=m.score)
                for (s, _), mentions in zip(pieces, found) for m in mentions]
