"""Stage 1b, normalise: a clean working view of the text, with a map back to the text as read.

Recognizers see one shape of text whatever the file looked like:
- CRLF and lone CR become LF (the only change of length; offsets are mapped back exactly);
- full-width digits, Latin letters, ％ and a full-width decimal point become ASCII (１２．５％ -> 12.5%);
- Markdown link targets, bare URLs and HTML tags/entities are blanked with spaces, so that a
  URL's digits are never read as numbers.
Same-length changes keep offsets; :meth:`TextView.to_original` maps the rest. Facts are then
re-grounded in the original text: every span's ``text`` is the original substring.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from typing import Any

_FULLWIDTH = {cp: cp - 0xFEE0 for cp in [*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B)]}
_FULLWIDTH[0xFF05] = ord("%")
_FULLWIDTH[0x3000] = ord(" ")  # ideographic space: a space for the recognizers, same length
_TRANSLATE = str.maketrans(_FULLWIDTH)

_DECIMAL_POINT = re.compile(r"(?<=\d)．(?=\d)")
_MASKS = (
    re.compile(r"\]\((?:https?|ftp)://[^)\s]{0,2000}\)"),  # the target of a Markdown link
    re.compile(r"(?:https?|ftp)://[^\s)\]）]{1,2000}"),  # a bare URL
    re.compile(r"<\s{0,3}/?\s{0,3}[A-Za-z][A-Za-z0-9]{0,10}(?:\s[^<>]{0,500})?/?>"),  # an HTML tag
    re.compile(r"&(?:[a-zA-Z]{2,8}|#\d{1,6}|#x[0-9a-fA-F]{1,6});"),  # an HTML entity
)


@dataclass(frozen=True)
class TextView:
    text: str  # what recognizers read
    original: str  # the text as read
    _crlf_at: tuple[int, ...] = ()  # clean indices of LFs that stood for CRLF

    @property
    def changed(self) -> bool:
        return self.text != self.original

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a clean [start, end) to the original text."""
        return start + bisect_left(self._crlf_at, start), end + bisect_left(self._crlf_at, end)


def normalise(original: str) -> TextView:
    crlf_at: list[int] = []
    if "\r" in original:
        parts = []
        removed = 0
        for m in re.finditer(r"\r\n?", original):
            if m.group() == "\r\n":
                crlf_at.append(m.start() - removed)
                removed += 1
        parts.append(original.replace("\r\n", "\n").replace("\r", "\n"))
        text = parts[0]
    else:
        text = original
    text = _DECIMAL_POINT.sub(".", text.translate(_TRANSLATE))
    for mask in _MASKS:
        text = mask.sub(lambda m: " " * len(m.group()), text)
    return TextView(text=text, original=original, _crlf_at=tuple(crlf_at))


def reground(data: Any, view: TextView) -> Any:
    """Map every {start, end, text} in a nested fact structure back onto the original text."""
    if isinstance(data, dict):
        out = {k: reground(v, view) for k, v in data.items()}
        if isinstance(out.get("start"), int) and isinstance(out.get("end"), int) and isinstance(out.get("text"), str):
            start, end = view.to_original(out["start"], out["end"])
            out["start"], out["end"], out["text"] = start, end, view.original[start:end]
        return out
    if isinstance(data, list):
        return [reground(v, view) for v in data]
    return data
