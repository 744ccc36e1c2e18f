"""The shipped NER model as one recognizer in the registry (labels PER, LOC, ORG, TITLE).

The model reads only the sentences where an official can be named: those that state a post
(书记, 市长, 总理, 领导… from ``resources/official_posts.tsv``). Its mentions matter to the
extractors only there (an official needs a stated post, or a name the rules already accepted),
and reading a third of the text makes the whole pipeline about twice as fast.
"""

from __future__ import annotations

from spacy.tokens import Doc

from pipeline.document import Document, Mention
from pipeline.recognise.titles import post_pattern

MAX_PIECE_CHARS = 500  # a longer sentence is cut (at a comma where possible) as the model's chunker does


def sentences_with_posts(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of ``text`` that states a post."""
    from pipeline.recognise.model import chunk_text, sentence_spans

    posts = post_pattern()
    out = []
    for s, e in sentence_spans(text):
        if not posts.search(text, s, e):
            continue
        if e - s <= MAX_PIECE_CHARS:
            out.append((s, e))
        else:
            out.extend((s + a, s + b) for a, b in chunk_text(text[s:e], MAX_PIECE_CHARS))
    return out


class ModelMentionRecognizer:
    name = "ner_model"
    labels = ("PER", "LOC", "ORG", "TITLE")

    def __init__(self, whole_text: bool = False) -> None:
        from pipeline.recognise.model import ModelRecognizer  # loads the model once

        self._model = ModelRecognizer()
        self.whole_text = whole_text

    def recognise(self, doc: Document, tokens: Doc) -> list[Mention]:
        text = doc.text
        if self.whole_text:
            return self._model.recognise(text)
        pieces = sentences_with_posts(text)
        found = self._model.recognise_many(text[s:e] for s, e in pieces)
        return [Mention.at(text, s + m.start, s + m.end, m.label, m.recognizer, score=m.score)
                for (s, _), mentions in zip(pieces, found) for m in mentions]
