"""Regular-expression helpers every stage shares: a word list as one pattern, and a pattern tried
only near the characters its matches must hold."""

from __future__ import annotations

import re
from typing import Iterable, Iterator


def alternation(words: Iterable[str]) -> str:
    """The words as one regex alternation, longest first: its match at a position is the longest
    listed word there (two words of one length cannot both match at one position)."""
    return "|".join(map(re.escape, sorted(set(words), key=len, reverse=True)))


def finditer_near(pattern: re.Pattern[str], text: str, anchors: re.Pattern[str], reach: int) -> Iterator[re.Match[str]]:
    """What ``pattern.finditer(text)`` yields, for a pattern each match of which holds a match of
    ``anchors`` starting at most ``reach`` characters after the match's own start: the pattern is
    tried only at the positions within reach of an anchor, leftmost first."""
    pos = tried = 0  # matches start at pos or later; positions before `tried` failed
    for anchor in anchors.finditer(text):
        k = anchor.start()
        if k < pos:
            continue  # inside the last match: a later match starts after it
        for c in range(max(pos, tried, k - reach), k + 1):
            m = pattern.match(text, c)
            if m is not None and m.end() > c:
                yield m
                pos = tried = m.end()
                break
        else:
            tried = k + 1
