"""Count cooperation items whose domain is a byline or a person's name, over records (issue 17).

    python scripts/check_coop_domains.py OUT.jsonl

A domain counts as one when it holds a post word (省长, 主席, 书记, …) or the name of an official
the same record lists. Prints the total, the files, and the most frequent such domains.
"""

from __future__ import annotations

import collections
import json
import re
import sys

POST = re.compile(r"省长|市长|主席|书记|总理|部长|主任|代表|同志")


def squash(s: str) -> str:
    return re.sub(r"[\s\u3000]+", "", s)


def main(path: str) -> int:
    items = bad = 0
    files: collections.Counter[str] = collections.Counter()
    domains: collections.Counter[str] = collections.Counter()
    with open(path, encoding="utf-8") as f:
        for line in f:
            record = json.loads(line)
            people = {squash(o["name"]) for o in record.get("officials", []) if o.get("name")}
            for item in record.get("cooperation_items", []):
                items += 1
                domain = item.get("domain") or ""
                if domain and (POST.search(domain) or any(p in squash(domain) for p in people)):
                    bad += 1
                    files[record["source_file"]] += 1
                    domains[domain] += 1
    print(f"items {items}; domain a byline or a person: {bad} in {len(files)} files")
    for domain, n in domains.most_common(10):
        print(f"  {n:5d}  {domain}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
