"""extract review: records -> static HTML. What can be checked without a browser (the browser tests
are tests/test_review_browser.py): how text is cut at span boundaries, how a record becomes facts,
escaping, and what a page says when its source is missing or changed."""

from __future__ import annotations

import json
import re
import shutil

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import escape

from pipeline.cli import main
from pipeline.review import build_review
from pipeline.review.facts import Span, blocks, facts_of, segments
from tests import review_site
from tests.conftest import CORPUS, REFERENCE

# From the reference release (corpus/000_534489a36b57a320.txt, offset 192).
SENTENCE = "重庆市委书记袁家军主持并通报会议主要成果及重庆市下一步打算"
# From corpus/govreport_2026_四川省.txt: the year's targets.
TARGETS = "今年全省经济社会发展主要预期目标是：地区生产总值增长5.5%左右；城镇新增就业85万人，城镇调查失业率5.5%左右；"


def span(i: int, type_: str, text: str, phrase: str, nth: int = 0) -> Span:
    start = -1
    for _ in range(nth + 1):
        start = text.index(phrase, start + 1)
    return Span(id=i, type=type_, fact=i, start=start, end=start + len(phrase), text=phrase, info=[])


def check_cut(text: str, spans: list[Span]) -> None:
    pieces = segments(text, spans)
    assert "".join(p.text for p in pieces) == text
    pos = 0
    for a, b in zip(pieces, pieces[1:]):
        assert not (a.id < 0 and b.id < 0), "two plain pieces in a row"
    highlighted = [p for p in pieces if p.id >= 0]
    assert [p.id for p in highlighted] == list(range(len(highlighted)))
    for p in pieces:
        end = pos + len(p.text)
        covering = {s.id for s in spans if s.start <= pos and end <= s.end}
        assert set(p.spans) == covering, (p.text, p.spans, covering)
        if p.id < 0:
            assert not covering
        pos = end
    for s in spans:
        assert "".join(p.text for p in highlighted[s.first_segment:s.last_segment + 1]) == s.text


@pytest.mark.parametrize(("spans", "expected"), [
    # a place inside a title, a name after it: nested and adjacent
    (lambda t: [span(0, "titles", t, "重庆市委书记"), span(1, "places", t, "重庆市"), span(2, "officials", t, "袁家军")],
     [("重庆市", ("titles", "places")), ("委书记", ("titles",)), ("袁家军", ("officials",))]),
    # two spans that overlap without nesting, and one covering both
    (lambda t: [span(0, "items", t, "主持并通报会议主要成果"), span(1, "event", t, "袁家军主持"),
                span(2, "commitments", t, "袁家军主持并通报会议主要成果及重庆市下一步打算"),
                span(3, "places", t, "重庆市", nth=1)],
     [("袁家军", ("commitments", "event")), ("主持", ("commitments", "items", "event")),
      ("并通报会议主要成果", ("commitments", "items")), ("及", ("commitments",)),
      ("重庆市", ("places", "commitments")), ("下一步打算", ("commitments",))]),
    # one span given twice (川渝 is a mention of both 重庆 and 四川)
    (lambda t: [span(0, "places", t, "重庆市", nth=1), span(1, "places", t, "重庆市", nth=1)],
     [("重庆市", ("places",))]),
])
def test_text_is_cut_at_every_boundary_and_each_piece_knows_its_spans(spans, expected) -> None:
    spans = spans(SENTENCE)
    check_cut(SENTENCE, spans)
    pieces = [(p.text, p.types) for p in segments(SENTENCE, spans) if p.id >= 0]
    assert pieces == expected


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, len(SENTENCE) - 1), st.integers(1, len(SENTENCE))), max_size=12))
def test_any_spans_cut_the_text_exactly(bounds) -> None:
    spans = [Span(id=i, type="places", fact=i, start=min(a, b), end=max(a, b), text=SENTENCE[min(a, b):max(a, b)],
                  info=[]) for i, (a, b) in enumerate(bounds) if a != b]
    check_cut(SENTENCE, spans)


def test_paragraphs_keep_every_character_and_never_cut_a_highlight() -> None:
    text = "关注重庆四川党政联席会议\r\n\r\n重庆市委书记袁家军主持\n并通报\n\n\n会议主要成果\n"
    spans = [span(0, "places", text, "重庆四川"), span(1, "items", text, "袁家军主持\n并通报")]
    paragraphs = blocks(segments(text, spans))
    assert ["".join(s.text for s in p) for p in paragraphs] == [
        "关注重庆四川党政联席会议\r\n\r\n", "重庆市委书记袁家军主持\n并通报\n\n\n", "会议主要成果\n"]


def test_a_record_without_commitments_shows_and_one_with_them_shows_them() -> None:
    said = "地区生产总值增长5.5%左右"
    start, end = TARGETS.index(said), TARGETS.index(said) + len(said)
    commitment = {"text": said, "indicator": "地区生产总值", "value": 5.5, "unit": "%", "direction": "up",
                  "bound": "about", "horizon": "2026", "start": start, "end": end, "recognizer": "commitments"}
    facts, spans = facts_of({"commitments": [commitment]}, TARGETS)
    assert [(f.type, f.label) for f in facts] == [("commitments", "地区生产总值增长5.5%左右")]
    assert "地区生产总值 · up · 5.5 % · about · 2026" == facts[0].detail
    assert ("horizon", "2026") in facts[0].info and [(s.start, s.end) for s in spans] == [(start, end)]
    assert facts_of({"numbers": []}, TARGETS) == ([], [])


def test_a_span_that_does_not_fit_the_text_is_listed_not_highlighted() -> None:
    start = TARGETS.index("85万人")
    numbers = [{"text": "85万人", "value": 850000.0, "unit": "人", "approx": False, "subject": None, "start": start,
                "end": start + 4}, {"text": "85万人", "value": 850000.0, "unit": "人", "approx": False,
                                    "subject": None, "start": start + 1, "end": start + 5}]
    facts, spans = facts_of({"numbers": numbers}, TARGETS)
    assert [len(f.spans) for f in facts] == [1, 0]
    assert facts[1].bad_spans == [f"[{start + 1}, {start + 5}) reads '5万人，', not '85万人'"]
    assert facts[0].detail == "850,000 人"


@pytest.fixture(scope="module")
def site() -> review_site.Site:
    return review_site.build()


def rows(index_html: str) -> list[str]:
    return re.findall(r"<tr class=\"row-[^\"]*\">(.*?)</tr>", index_html, flags=re.S)


def test_the_index_has_a_row_for_every_record_and_every_failure(site) -> None:
    html = (site.out / "index.html").read_text(encoding="utf-8")
    records = site.record_lines()
    failures = site.records.with_name("records.errors.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(records) == 6 and len(failures) == 1
    found = rows(html)
    assert len(found) == len(records) + len(failures)
    for rec in records:
        assert any(rec["source_file"] in r and str(escape(rec["title"] or "")) in r for r in found), rec["source_file"]
    (failed,) = [r for r in found if site.sources["failed"] in r]
    assert "does not exist" in failed and "E-READ-MISSING" in failed
    # counts as the record has them: the work report's commitments among them
    (report,) = [r for r in found if site.sources["report"] in r]
    record = next(r for r in records if r["source_file"] == site.sources["report"])
    counts = [int(v) for v in re.findall(r'data-v="(-?\d+)"', report)]
    assert counts == [len(record[k]) for k in ("officials", "places", "numbers", "commitments", "cooperation_items")]
    assert counts[3] > 0


def test_a_script_in_a_release_is_text_on_its_page_and_in_the_index(site) -> None:
    page = site.page_of("script").read_text(encoding="utf-8")
    index = (site.out / "index.html").read_text(encoding="utf-8")
    assert review_site.INJECTED not in page and review_site.INJECTED not in index
    assert "&lt;script&gt;window.pwned = true; document.title = &#34;pwned&#34;;&lt;/script&gt;" in page
    assert review_site.INJECTED_IMG not in page and "&lt;img src=&#34;x&#34; onerror" in page
    # the headline (tags blanked by the pipeline, the script's text kept) is escaped where it is shown
    for html in (page, index):
        assert "document.title = &#34;pwned&#34;" in html and 'document.title = "pwned"' not in html
    # only the page's own two scripts: its data, and review.js
    assert len(re.findall(r"<script\b", page)) == 2


def test_carriage_returns_reach_the_page_as_characters(site) -> None:
    page = site.page_of("crlf").read_text(encoding="utf-8")
    assert "\r" not in page and page.count("&#13;") == (CORPUS / "xwlb_20250121_01.txt").read_text(
        encoding="utf-8").count("\n")


@pytest.mark.parametrize(("role", "says"), [("deleted", "source file not found"), ("changed", "has changed since extraction")])
def test_a_missing_or_changed_source_is_named_and_nothing_is_highlighted(site, role, says) -> None:
    page = site.page_of(role).read_text(encoding="utf-8")
    assert says in page and 'id="notice"' in page
    assert 'class="h' not in page
    assert 'class="fact' in page  # the facts are still listed
    index = (site.out / "index.html").read_text(encoding="utf-8")
    (row,) = [r for r in rows(index) if site.sources[role] in r]
    assert says in row


def test_sources_are_found_under_root(site, tmp_path) -> None:
    moved = tmp_path / "elsewhere" / "records.jsonl"
    moved.parent.mkdir()
    shutil.copy(site.records, moved)
    alone = build_review(moved, tmp_path / "alone")
    assert alone.pages == 6 and alone.not_highlighted == 6 and alone.failures == 0
    rooted = build_review(moved, tmp_path / "rooted", root=site.folder)
    assert rooted.not_highlighted == 2  # the deleted one and the changed one


def test_a_second_review_into_the_folder_leaves_only_its_own_pages(site, tmp_path) -> None:
    one = tmp_path / "one.jsonl"
    one.write_text(site.records.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    out = tmp_path / "review"
    build_review(site.records, out, root=site.folder)
    (out / "notes.html").write_text("mine", encoding="utf-8")
    build_review(one, out, root=site.folder)
    assert sorted(p.name for p in out.glob("*.html") if p.name != "notes.html") == [
        "doc-0001-" + json.loads(one.read_text(encoding="utf-8"))["doc_id"] + ".html", "index.html"]
    assert (out / "notes.html").exists()


def test_a_bad_line_in_the_records_is_a_failure_row(site, tmp_path) -> None:
    bad = tmp_path / "records.jsonl"
    bad.write_text(site.records.read_text(encoding="utf-8") + "{not json\n[1, 2]\n", encoding="utf-8")
    summary = build_review(bad, tmp_path / "out", root=site.folder)
    assert summary.pages == 6 and summary.failures == 2
    index = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert f"{bad}:7" in index and "not JSON" in index and f"{bad}:8" in index


def test_the_page_carries_everything_it_needs(site) -> None:
    page = site.page_of("reference").read_text(encoding="utf-8")
    assert not re.search(r"(src|href)=\"(https?:)?//", page), "nothing may come from the network"
    assert sorted(p.name for p in site.out.iterdir() if not p.name.startswith("doc-")) == [
        "index.html", "review.css", "review.js"]
    data = json.loads(re.search(r'<script id="review-data" type="application/json">(.*?)</script>', page,
                                flags=re.S).group(1))
    assert len(data["facts"]) > 50 and len(data["spans"]) > 200


def test_cli_help_gives_an_example() -> None:
    out = CliRunner().invoke(main, ["review", "--help"]).output
    assert "extract review outputs/records.jsonl -o outputs/review/" in out and "--root" in out


def test_the_reference_release_is_in_the_repository() -> None:
    assert REFERENCE.exists()


def test_the_review_imports_no_nlp_stage() -> None:
    """It reads records and source files only: no spaCy, no jieba, no model."""
    import subprocess
    import sys

    from tests.conftest import ROOT

    code = ("import sys, pipeline.review; "
            "print(','.join(sorted(m for m in ('spacy', 'jieba', 'thinc', 'pipeline.runner', 'pipeline.segment') "
            "if m in sys.modules)))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_exit_code_says_whether_every_page_shows_its_evidence(site, tmp_path) -> None:
    runner = CliRunner()
    # every source found where extraction read it: 0, and nothing on stderr but the summary
    one = tmp_path / "one.jsonl"
    one.write_text(site.records.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    clean = runner.invoke(main, ["review", str(one), "-o", str(tmp_path / "clean"), "--root", str(site.folder),
                                 "--quiet"])
    assert clean.exit_code == 0 and clean.stderr == ""
    # a deleted and a changed source: 1, each named on a line of its own, the pages written anyway
    incomplete = runner.invoke(main, ["review", str(site.records), "-o", str(tmp_path / "some"),
                                      "--root", str(site.folder), "--quiet"])
    assert incomplete.exit_code == 1
    lines = incomplete.stderr.splitlines()
    assert len(lines) == 2
    assert all(line.startswith("error: ") for line in lines)
    assert any(site.sources["deleted"] in line and "source file not found" in line for line in lines)
    assert any(site.sources["changed"] in line and "has changed since extraction" in line for line in lines)
    assert len(list((tmp_path / "some").glob("doc-*.html"))) == 6
    # a line that is no record: 1, named by file and line
    bad = tmp_path / "bad.jsonl"
    bad.write_text(one.read_text(encoding="utf-8") + "{not json\n", encoding="utf-8")
    broken = runner.invoke(main, ["review", str(bad), "-o", str(tmp_path / "bad"), "--root", str(site.folder)])
    assert broken.exit_code == 1
    assert f"error: {bad}:2: not JSON" in broken.stderr
