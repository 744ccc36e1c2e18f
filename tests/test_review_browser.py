"""The review pages in a real browser: headless Chromium (Debian's package) driven by Selenium.

Skipped when Chromium or chromedriver is missing, except under CI=true, where they fail: `.ci/run`
installs both."""

from __future__ import annotations

import json
import os
import time

import pytest

from pipeline.document import text_hash
from pipeline.review import build_review
from tests import review_site
from tests.browser import BrowserMissing, chromium
from tests.conftest import REFERENCE


@pytest.fixture(scope="module")
def browser():
    try:
        with chromium() as driver:
            yield driver
    except BrowserMissing as e:
        if os.environ.get("CI", "").lower() in ("true", "1"):
            pytest.fail(f"CI needs the browser: {e}")
        pytest.skip(str(e))


@pytest.fixture(scope="module")
def site() -> review_site.Site:
    return review_site.build()


def open_page(browser, path) -> None:
    browser.get(path.resolve().as_uri())
    browser.execute_script("window.scrollTo(0, 0)")


def record_spans(record: dict) -> list[tuple[int, int, str]]:
    """Every (start, end, text) in a record, found by walking it: what the page must highlight."""
    out: list[tuple[int, int, str]] = []

    def walk(v) -> None:
        if isinstance(v, dict):
            if isinstance(v.get("start"), int) and isinstance(v.get("end"), int) and isinstance(v.get("text"), str):
                out.append((v["start"], v["end"], v["text"]))
            for x in v.values():
                walk(x)
        elif isinstance(v, list):
            for x in v:
                walk(x)

    walk(record)
    return out


# For each span on the page: the text of its highlighted pieces, and where the first one starts in
# the text (UTF-16 units, as the DOM counts; all our texts are in the BMP).
HIGHLIGHTS = """
const data = JSON.parse(document.getElementById('review-data').textContent);
const text = document.getElementById('text');
return data.spans.map(s => {
  let said = '';
  for (let g = s[2]; g <= s[3]; g++) said += document.getElementById('g' + g).textContent;
  const r = document.createRange();
  r.setStart(text, 0);
  r.setEndBefore(document.getElementById('g' + s[2]));
  return [r.toString().length, said, s[5], s[6]];
});
"""


@pytest.mark.parametrize("role", ["reference", "report", "crlf", "script"])
def test_every_highlight_is_its_facts_text_where_the_text_says_it(browser, site, role) -> None:
    record = next(r for r in site.record_lines() if r["source_file"] == site.sources[role])
    open_page(browser, site.page_of(role))
    shown = browser.execute_script(HIGHLIGHTS)
    text = (site.folder / site.sources[role]).read_bytes().decode("utf-8")
    assert browser.execute_script("return document.getElementById('text').textContent") == text
    assert all(offset == start and said == text[start:end] for offset, said, start, end in shown)
    assert sorted((start, end, said) for _, said, start, end in shown) == sorted(record_spans(record))
    assert len(shown) > {"reference": 200, "report": 500, "crlf": 15, "script": 15}[role]
    if role == "report":
        assert {"commitments", "numbers", "items"} <= {s[0] for s in browser.execute_script(
            "return JSON.parse(document.getElementById('review-data').textContent).spans")}


def test_the_index_lists_every_record_and_failure_sorts_and_filters(browser, site) -> None:
    from selenium.webdriver.common.by import By

    open_page(browser, site.out / "index.html")
    rows = browser.find_elements(By.CSS_SELECTOR, "#docs tbody tr")
    files = [r.find_elements(By.TAG_NAME, "td")[1].text for r in rows]
    assert sorted(files) == sorted(site.sources.values())
    failed = next(r for r in rows if site.sources["failed"] in r.text)
    assert "does not exist" in failed.text
    # sort by officials, most first
    heading = browser.find_element(By.XPATH, "//th[normalize-space()='Officials']")
    heading.click()
    heading.click()
    counts = [int(v) for v in browser.execute_script(
        "return [...document.querySelectorAll('#docs tbody tr')].map(r => r.cells[3].dataset.v)")]
    assert counts == sorted(counts, reverse=True) and counts[0] > 0
    box = browser.find_element(By.ID, "filter")
    box.send_keys("墨西哥")
    visible = [r for r in browser.find_elements(By.CSS_SELECTOR, "#docs tbody tr") if r.is_displayed()]
    assert [r.find_elements(By.TAG_NAME, "td")[1].text for r in visible] == [site.sources["script"]]


IN_VIEW = """
const r = arguments[0].getBoundingClientRect();
return r.top >= 0 && r.bottom <= window.innerHeight && r.left >= 0 && r.right <= window.innerWidth;
"""


def test_clicking_an_official_scrolls_to_its_first_mention_and_marks_it(browser, site) -> None:
    from selenium.webdriver.common.by import By

    record = next(r for r in site.record_lines() if r["source_file"] == site.sources["reference"])
    # the official named first furthest down the text: it is off screen when the page opens
    official = max(record["officials"], key=lambda o: min(m["start"] for m in o["mentions"] + o["title_mentions"]))
    first = min(official["mentions"] + official["title_mentions"], key=lambda m: m["start"])
    open_page(browser, site.page_of("reference"))
    spans = browser.execute_script("return JSON.parse(document.getElementById('review-data').textContent).spans")
    g = next(s[2] for s in spans if (s[5], s[6]) == (first["start"], first["end"]) and s[0] in ("officials", "titles"))
    target = browser.find_element(By.ID, f"g{g}")
    assert target.text == first["text"]
    assert not browser.execute_script(IN_VIEW, target), "pick an official whose first mention is off screen"
    item = browser.find_element(
        By.XPATH, f"//section[@data-type='officials']//li[text()[1]='{official['name']}']")
    item.click()
    assert browser.execute_script(IN_VIEW, target)
    assert "mark" in target.get_attribute("class").split()
    assert "current" in item.get_attribute("class").split()
    marked = browser.execute_script("return [...document.querySelectorAll('.h.mark')].map(e => e.textContent)")
    assert marked and set(marked) <= {m["text"] for m in official["mentions"] + official["title_mentions"]}
    # the address now links to the fact: opened afresh, it marks and shows the same mention
    link = browser.current_url
    assert link.endswith(f"#f{item.get_attribute('data-f')}")
    browser.get("about:blank")
    browser.get(link)
    target = browser.find_element(By.ID, f"g{g}")
    assert "mark" in target.get_attribute("class").split() and browser.execute_script(IN_VIEW, target)


def test_a_script_in_a_release_does_not_run(browser, site) -> None:
    open_page(browser, site.page_of("script"))
    time.sleep(0.2)
    assert browser.execute_script("return window.pwned") is None
    record = next(r for r in site.record_lines() if r["source_file"] == site.sources["script"])
    assert browser.title == " ".join(f"{record['title']} — review".split())  # the script would make it "pwned"
    assert browser.execute_script("return document.querySelectorAll('img').length") == 0
    shown = browser.execute_script("return document.getElementById('text').textContent")
    assert review_site.INJECTED in shown and review_site.INJECTED_IMG in shown


def test_hovering_a_place_shows_its_code_and_canonical_name(browser, site) -> None:
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    record = next(r for r in site.record_lines() if r["source_file"] == site.sources["reference"])
    place = next(p for p in record["places"] if p["code"] and p["level"] == "county")
    open_page(browser, site.page_of("reference"))
    spans = browser.execute_script("return JSON.parse(document.getElementById('review-data').textContent).spans")
    m = place["mentions"][0]
    g = next(s[2] for s in spans if (s[5], s[6], s[0]) == (m["start"], m["end"], "places"))
    el = browser.find_element(By.ID, f"g{g}")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", el)
    ActionChains(browser).move_to_element(el).perform()
    tip = browser.find_element(By.ID, "tip")
    assert tip.is_displayed()
    assert place["code"] in tip.text and place["canonical"] in tip.text and "places" in tip.text


def test_a_fact_type_can_be_hidden(browser, site) -> None:
    from selenium.webdriver.common.by import By

    open_page(browser, site.page_of("reference"))
    background = ("return [...document.querySelectorAll('.h.k-numbers')].map(e => "
                  "getComputedStyle(e).getPropertyValue('--l-numbers').trim())")
    before = browser.execute_script(background)
    assert before and all(v not in ("", "transparent") for v in before)
    browser.find_element(By.CSS_SELECTOR, "#toggles input[data-type='numbers']").click()
    assert set(browser.execute_script(background)) == {"transparent"}


def test_a_340k_character_page_opens_in_under_two_seconds(browser, site, tmp_path) -> None:
    """The reference release 78 times over (341k characters, its facts at every copy: denser than
    a work report): from navigation start to the load event, and to the first paint, as the
    browser times them (bench/bench_review.py measures real pages)."""
    record = next(r for r in site.record_lines() if r["source_file"] == site.sources["reference"])
    one = REFERENCE.read_text(encoding="utf-8")
    copies = 78
    text = one * copies
    big = tmp_path / "big.txt"
    big.write_text(text, encoding="utf-8")
    shifted = [shift(record, i * len(one)) for i in range(copies)]
    merged = dict(record, source_file=str(big), doc_id=text_hash(text), char_count=len(text))
    for key in ("officials", "places", "numbers", "cooperation_items"):
        merged[key] = [f for r in shifted for f in r[key]]
    records = tmp_path / "big.jsonl"
    records.write_text(json.dumps(merged, ensure_ascii=False) + "\n", encoding="utf-8")
    build_review(records, tmp_path / "review")
    page = next((tmp_path / "review").glob("doc-*.html"))
    timings = []
    for _ in range(3):
        browser.get("about:blank")
        browser.get(page.resolve().as_uri())
        timings.append(browser.execute_script(
            "const n = performance.getEntriesByType('navigation')[0];"
            "const p = performance.getEntriesByType('paint').find(e => e.name === 'first-paint');"
            "return [n.loadEventEnd, p ? p.startTime : null, document.getElementById('text').textContent.length]"))
    assert timings[0][2] == len(text) > 340_000
    best_load = min(t[0] for t in timings)
    assert 0 < best_load < 2000, timings
    assert all(t[1] is None or t[1] < 2000 for t in timings), timings


def shift(record: dict, by: int):
    def walk(v):
        if isinstance(v, dict):
            return {k: (x + by if k in ("start", "end") and isinstance(x, int) else walk(x)) for k, x in v.items()}
        if isinstance(v, list):
            return [walk(x) for x in v]
        return v

    return walk(record)
