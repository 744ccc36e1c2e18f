"""How fast a review page opens in headless Chromium (Debian's chromium + chromedriver, via Selenium).

    python bench/bench_review.py outputs/review/doc-0002-*.html [--repeat 5]
    python bench/bench_review.py outputs/records.jsonl --largest [--repeat 5]   # builds the pages first

For each page: its size, its element count, and per run the Navigation Timing figures from the
browser itself: navigation start -> DOMContentLoaded, -> load event end, -> first paint and
first contentful paint (each run a fresh load of the file, cache disabled). The median and the
worst of the runs are printed.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.browser import chromium  # noqa: E402

TIMING = """
const nav = performance.getEntriesByType('navigation')[0];
const paint = Object.fromEntries(performance.getEntriesByType('paint').map(p => [p.name, p.startTime]));
return {dom: nav.domContentLoadedEventEnd, load: nav.loadEventEnd, fp: paint['first-paint'],
        fcp: paint['first-contentful-paint'], nodes: document.getElementsByTagName('*').length,
        highlights: document.querySelectorAll('.h').length, chars: document.getElementById('text').textContent.length};
"""


def measure(driver, page: Path, repeat: int) -> dict:
    runs = []
    for _ in range(repeat):
        driver.get("about:blank")
        driver.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": True})
        driver.get(page.resolve().as_uri())
        # paint entries are queued after load; wait for them
        for _ in range(50):
            t = driver.execute_script(TIMING)
            if t["fcp"] is not None and t["load"] > 0:
                break
            driver.execute_script("return new Promise(r => setTimeout(r, 20))")
        runs.append(t)
    out = {"page": page.name, "bytes": page.stat().st_size, "chars": runs[0]["chars"], "elements": runs[0]["nodes"],
           "highlights": runs[0]["highlights"]}
    for key in ("dom", "load", "fp", "fcp"):
        vals = [r[key] for r in runs if r[key] is not None]
        out[f"{key}_ms_median"] = round(statistics.median(vals)) if vals else None
        out[f"{key}_ms_max"] = round(max(vals)) if vals else None
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("path", type=Path, help="a review page (.html), or a records .jsonl with --largest")
    ap.add_argument("--largest", action="store_true", help="build the pages of PATH and time its largest")
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    page = args.path
    if args.largest:
        from pipeline.review import build_review

        out = Path(tempfile.mkdtemp(prefix="bench_review_"))
        build_review(args.path, out)
        page = max(out.glob("doc-*.html"), key=lambda p: p.stat().st_size)
    with chromium() as driver:
        print(json.dumps(measure(driver, page, args.repeat), ensure_ascii=False))


if __name__ == "__main__":
    main()
