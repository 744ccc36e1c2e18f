"""Build pipeline/resources/coop_slogans.txt: formulae that recur across many releases.

A task the cooperation extractor finds word for word in TEN or more of the ~19,500 新闻联播
items (/work/shared/raw/xwlb_items.jsonl) is a standing formula (增强“四个意识”, 加快构建新发展格局),
not a concrete task of the bodies a release names (GUIDELINES.md: goals and slogans are not items).

usage: python scripts/build_coop_slogans.py /work/shared/raw/xwlb_items.jsonl
Re-run after changing the extractor's rules: the list holds what the rules produce.
"""

from __future__ import annotations

import collections
import json
import sys
from pathlib import Path

from pipeline.document import Document
from pipeline.extract.cooperation import extract_cooperation
from pipeline.resources import resource_path

MIN_RELEASES = 10


def main(items_path: str) -> None:
    counts: collections.Counter[str] = collections.Counter()
    for line in Path(items_path).read_text(encoding="utf-8").splitlines():
        text = json.loads(line)["text"]
        found = extract_cooperation(Document(text, "item"), None, None, [], use_slogans=False)
        counts.update({item.text for item in found})
    slogans = sorted(t for t, n in counts.items() if n >= MIN_RELEASES and not any(c.isspace() for c in t))
    header = ("# Tasks found word for word in 10+ of the ~19,500 xwlb items (/work/shared/raw/xwlb_items.jsonl):\n"
              "# standing formulae, not concrete tasks. Built by scripts/build_coop_slogans.py.\n")
    resource_path("coop_slogans.txt").write_text(header + "\n".join(slogans) + "\n", encoding="utf-8")
    print(f"{len(slogans)} slogans", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1])
