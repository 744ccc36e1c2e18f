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

SENTENCE_CHARS = 150  # sentences are grouped up to this size before the post test


def sentences_with_posts(text: str) -> list[tuple[int, int]]:
    from pipeline.recognise.model import chunk_text

    posts = post_pattern()
    return [(s, e) for s, e in chunk_text(text, SENTENCE_CHARS) if posts.search(text, s, e)]


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
