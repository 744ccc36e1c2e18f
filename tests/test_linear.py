"""A long document costs time in proportion to its length, in every stage (issue 14).

Deterministic, not timed: the work is counted as the Python lines executed (``sys.settrace``)
while the pipeline processes a text of n and of 4n characters; per character the larger may cost
at most 1.15 times the smaller (the counts are exact, so the bar needs no room for noise; at these
sizes the quadratic spots fixed for issue 14 gave 1.2 on the reference release and 2.0 on the
repeated sentence). A stage that compares every mention with every other one (each
title with each person word, each repeat with each name found) costs 4 times as much per
character at 4n and fails here long before a 1.4M-character release times out. (Work done inside
one C call, such as a regex or str.find over the whole text, is not counted.)
"""
from __future__ import annotations

import sys

import pytest

from pipeline.read import document_from_bytes
from tests.conftest import REFERENCE

REPEATED_LINE = "重庆市委书记袁家军出席会议并讲话。" * 20 + "\n"  # one name and title, many times
DATED_LINE = "巡视组受理信访时间截止到2025年9月23日。" * 20 + "\n"  # a date, many times (corpus/xwlb_20250721_04.txt)
BAR = 1.15


def _lines_executed(pipeline, text: str) -> int:
    count = 0

    def local(frame, event, arg):
        nonlocal count
        if event == "line":
            count += 1
        return local

    def global_trace(frame, event, arg):
        return local

    doc = document_from_bytes(text.encode("utf-8"), "long.txt", None, max_bytes=10 * len(text.encode("utf-8")))
    sys.settrace(global_trace)
    try:
        pipeline.process(doc)
    finally:
        sys.settrace(None)
    return count


def _release_text(size: int) -> str:
    """The reference release again and again (paragraphs of cooperation items naming divisions),
    cut at a line end."""
    lines = REFERENCE.read_text(encoding="utf-8").splitlines(keepends=True)
    out, total = [], 0
    while True:
        for line in lines:
            if total + len(line) > size:
                return "".join(out)
            out.append(line)
            total += len(line)


@pytest.mark.parametrize(("kind", "size"), [("repeated", 6_000), ("dated", 6_000), ("release", 8_000)])
def test_work_grows_linearly_with_length(full_pipeline, kind: str, size: int) -> None:
    def text(size: int) -> str:
        if kind == "release":
            return _release_text(size)
        line = REPEATED_LINE if kind == "repeated" else DATED_LINE
        return line * (size // len(line))

    full_pipeline.process(document_from_bytes(text(3_000).encode("utf-8"), "warm.txt", None))  # caches, lazy loads
    small, large = text(size), text(4 * size)
    per_char_small = _lines_executed(full_pipeline, small) / len(small)
    per_char_large = _lines_executed(full_pipeline, large) / len(large)
    assert per_char_large <= BAR * per_char_small, (
        f"{kind}: {per_char_large:.0f} lines per character at {len(large)} characters, "
        f"{per_char_small:.0f} at {len(small)}: grows faster than the length")
