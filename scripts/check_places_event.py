"""Count the place and event errors of issue 15 over an output file of `extract`.

    python scripts/check_places_event.py OUT.jsonl [--wrong FILE_PART:CODE ...] [--show]

Reads each record's source text (its `source_file`) and counts
- divisions named inside 上海合作组织 (a division mention right before 合作组织),
- wrong codes: a record whose file name contains FILE_PART and lists CODE (by default the
  ambiguous short names of govreport_2026_四川省.txt: 锦屏 522628, 贡嘎 540522, 邛崃 510183),
- regions cut out of a longer name: an other place starting with a compass point right after a
  province's abbreviation (川|西北, 川渝|东北), or starting with an abbreviation right after another
  (浙|川东); not after a pair of abbreviations (浙川|东西部协作 is the pair 浙川 and 东西部),
- event names ending in 人民大会 (cut out of 人民大会堂) and venues containing 同 (run on into
  "同…举行会谈").
Prints one line of counts (and with --show every case); exit code 0 either way.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

DEFAULT_WRONG = ("四川省:522628", "四川省:540522", "四川省:510183")
ABBREVIATIONS = set("京津沪渝冀晋蒙辽吉黑苏浙皖闽赣鲁豫鄂湘粤桂琼川蜀贵黔云滇藏陕秦甘陇青宁新港澳台")
COMPASS = set("东南西北")


def check(path: Path, wrong: list[tuple[str, str]], show: bool = False) -> dict[str, int]:
    counts = {"inside_sco": 0, "wrong_codes": 0, "cut_regions": 0, "event_names_renmin_dahui": 0,
              "venues_with_tong": 0}

    def hit(kind: str, what: str) -> None:
        counts[kind] += 1
        if show:
            print(kind, what)

    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        r = json.loads(line)
        source = Path(r["source_file"])
        text = source.read_text(encoding="utf-8") if source.exists() else ""
        for p in r.get("places", []):
            for m in p["mentions"]:
                before = text[m["start"] - 1:m["start"]] if text and m["start"] else ""
                if p.get("code") and text.startswith("合作组织", m["end"]):
                    hit("inside_sco", f"{source.name} {p['name']} {p['code']} @{m['start']}")
                pair = text[m["start"] - 2:m["start"] - 1] in ABBREVIATIONS if m["start"] >= 2 else False
                if not p.get("code") and before in ABBREVIATIONS and not pair and (
                        m["text"][0] in COMPASS or m["text"][0] in ABBREVIATIONS):
                    hit("cut_regions", f"{source.name} {before}|{m['text']} @{m['start']}")
            for part, code in wrong:
                if part in source.name and p.get("code") == code:
                    hit("wrong_codes", f"{source.name} {p['name']} {code}")
        event = r.get("event") or {}
        if (event.get("name") or "").endswith("人民大会"):
            hit("event_names_renmin_dahui", f"{source.name} {event['name']}")
        if "同" in (event.get("venue") or ""):
            hit("venues_with_tong", f"{source.name} {event['venue']}")
    return counts


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("records", type=Path)
    ap.add_argument("--wrong", nargs="*", default=list(DEFAULT_WRONG), help="FILE_PART:CODE pairs")
    ap.add_argument("--show", action="store_true", help="print every case")
    args = ap.parse_args()
    wrong = [tuple(w.split(":", 1)) for w in args.wrong]
    counts = check(args.records, wrong, args.show)
    print(" ".join(f"{k}={v}" for k, v in counts.items()))


if __name__ == "__main__":
    main()
