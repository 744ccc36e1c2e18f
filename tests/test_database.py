"""`extract load`: records JSONL into SQLite (a real file) and PostgreSQL (a real server).

PostgreSQL tests use PRESSFACTS_PG_URL (`export PRESSFACTS_PG_URL=$(bash scripts/start_postgres.sh)`)
and a database of their own per test, so runs can share a server. Without the server they skip,
with CI=true they fail.
"""

from __future__ import annotations

import json
import os
import re
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from functools import cache
from pathlib import Path

import pytest
import sqlalchemy as sa
from click.testing import CliRunner

import pipeline.database as database
from pipeline.cli import main
from pipeline.database import Database, engine_url, load_jsonl, read_record
from pipeline.errors import PressfactsError
from pipeline.read import load_metadata, read_document
from pipeline.records import Record
from tests.conftest import CORPUS, ROOT

RECOGNIZER = "fixture"


# -- a fixture of real records: facts placed by hand in committed corpus texts ----------------------

def _all(text: str, s: str) -> list[dict]:
    found = [m.start() for m in re.finditer(re.escape(s), text)]
    assert found, f"{s!r} is not in the text"
    return [{"start": i, "end": i + len(s), "text": s, "recognizer": RECOGNIZER} for i in found]


def _first(text: str, s: str, after: str = "") -> dict:
    i = text.index(s, text.index(after) if after else 0)
    return {"start": i, "end": i + len(s), "text": s, "recognizer": RECOGNIZER}


def _official(text: str, name: str, phrase: str, titles: list[str], normalised: dict[str, str] | None = None) -> dict:
    """`phrase` is where the text gives the titles, e.g. 重庆市委副书记、市长胡衡华."""
    base = text.index(phrase)
    title_mentions = [{"start": base + phrase.index(t), "end": base + phrase.index(t) + len(t), "text": t,
                       "recognizer": RECOGNIZER, "normalised": (normalised or {}).get(t), "organisation": None}
                      for t in titles]
    return {"name": name, "titles": titles, "mentions": _all(text, name), "title_mentions": title_mentions,
            "recognizers": [RECOGNIZER], "constructions": ["post_before_name"]}


def _number(text: str, s: str, value: float | None, unit: str | None, subject: str | None,
            approx: bool = False) -> dict:
    return {**_first(text, s), "value": value, "unit": unit, "approx": approx, "subject": subject}


def _division(text: str, name: str, code: str, canonical: str, level: str) -> dict:
    return {"name": name, "code": code, "canonical": canonical, "level": level, "kind": "division",
            "mentions": _all(text, name)}


MODEL_RUN = {"pressfacts_version": "0.1.0",
             "model": {"name": "pressfacts_ner", "version": "1.0.0", "weights_sha256": "ab" * 32},
             "options": {"use_model": True, "recognizers": ["titles", "persons", "ner_model"], "max_bytes": 1000},
             "extracted_at": "2026-12-04T05:40:33Z"}
RULES_RUN = {**MODEL_RUN, "model": None, "options": {"use_model": False, "recognizers": ["titles"], "max_bytes": 1000}}


def _record(file: str, facts) -> Record:
    doc = read_document(CORPUS / file, load_metadata(CORPUS / "index.tsv"))
    text = doc.text
    data = {
        "doc_id": doc.doc_id, "source_file": f"corpus/{file}", "char_count": len(text), "encoding": doc.encoding,
        "title": doc.title, "pub_date": doc.pub_date, "pub_date_source": doc.pub_date_source,
        "officials": [], "places": [], "numbers": [], "cooperation_items": [],
        "event": {"name": None, "date": None, "venue": None},
        "source": {"outlet": None, "reporters": []},
        "extraction": MODEL_RUN,
        **facts(text),
    }
    return Record.model_validate(data, context={"text": text})  # every span checked against the text


def _reference(t: str) -> dict:
    items = [("推动川渝金融企业战略互投", "产业发展", "推动"), ("共建电子信息制造业产业集群", "产业发展", "共建"),
             ("共建西部科学城", "科技创新", "共建")]
    return {
        "officials": [
            _official(t, "袁家军", "重庆市委书记袁家军", ["重庆市委书记"]),
            _official(t, "王晓晖", "四川省委书记王晓晖", ["四川省委书记"]),
            _official(t, "胡衡华", "重庆市委副书记、市长胡衡华", ["重庆市委副书记", "市长"],
                      {"市长": "重庆市市长"}),
            _official(t, "黄强", "四川省委副书记、省长黄强", ["四川省委副书记", "省长"], {"省长": "四川省省长"}),
        ],
        "places": [
            _division(t, "璧山区", "500120", "重庆市璧山区", "county"),
            _division(t, "重庆市", "500000", "重庆市", "province"),
            _division(t, "四川省", "510000", "四川省", "province"),
            {"name": "天府新区", "code": None, "canonical": "天府新区", "level": None, "kind": "other",
             "mentions": _all(t, "天府新区")},
        ],
        "numbers": [
            _number(t, "7个方面", 7, "个", "方面"), _number(t, "27个具体事项", 27, "个", "具体事项"),
            _number(t, "100多个政策文件", 100, "个", "政策文件", approx=True),
            _number(t, "14.6%", 14.6, "%", "面积"), _number(t, "22个联合专项组", 22, "个", "联合专项组"),
        ],
        "cooperation_items": [{**_first(t, s, after="在产业发展方面" if d == "产业发展" else "在科技创新方面"),
                               "domain": d, "action": a, "parties": ["四川省", "重庆市"]} for s, d, a in items],
        "event": {"name": "重庆四川党政联席会议第七次会议", "date": "2023-06-26", "venue": "重庆市璧山区",
                  "name_span": _first(t, "重庆四川党政联席会议第七次会议"), "date_span": _first(t, "6月26日"),
                  "venue_span": _first(t, "重庆市璧山区")},
        "source": {"outlet": "华西都市报", "reporters": ["张立东", "李森", "张守帅"],
                   "outlet_span": _first(t, "华西都市报"),
                   "reporter_spans": [_first(t, "张立东"), _first(t, "李森"), _first(t, "张守帅")],
                   "listed_source": "the reference release (华西都市报/四川日报)"},
    }


def _state_council(t: str) -> dict:
    return {
        "officials": [_official(t, "李克强", "国务院总理李克强", ["国务院总理"])],
        "numbers": [
            _number(t, "14项", 14, "项", "行政事业性收费"), _number(t, "530多亿元", 5.3e10, "元", None, approx=True),
            _number(t, "约630亿元", 6.3e10, "元", None, approx=True), _number(t, "22项", 22, "项", "跨省通办事项"),
            _number(t, "1.3万亿斤", 1.3e12, "斤", "粮食产量"), _number(t, "12000元", 12000, "元", "限额"),
            _number(t, "1.1亿户", 1.1e8, "户", "个体工商户"),
        ],
        "commitments": [{**_first(t, "粮食产量能够实现1.3万亿斤以上"), "indicator": "粮食产量", "value": 1.3e12, "unit": "斤",
                         "direction": None, "bound": "at_least", "horizon": "2022", "parties": ["国务院"],
                         "number_index": 4, "construction": "level", "cue": "目标"}],
        "event": {"name": "国务院常务会议", "date": "2022-09-26", "venue": None,
                  "name_span": _first(t, "国务院常务会议", after="26日")},
        "source": {"outlet": "央视网", "reporters": [], "outlet_span": _first(t, "央视网"),
                   "url": "https://www.gov.cn/premier/2022-09/26/content_5712345.htm"},
        "extraction": RULES_RUN,
    }


def _xi(title: str, place: dict | None = None):
    def facts(t: str) -> dict:
        return {"officials": [_official(t, "习近平", title + "习近平", [title])], "places": [place(t)] if place else [],
                "source": {"outlet": "央视网", "reporters": [], "outlet_span": _first(t, "央视网")}}
    return facts


@cache
def fixture_records() -> tuple[Record, ...]:
    return (
        _record("000_534489a36b57a320.txt", _reference),
        _record("xwlb_20220927_04.txt", _state_council),
        _record("xwlb_20221025_01.txt", _xi("中共中央总书记")),
        _record("xwlb_20231117_04.txt", _xi("国家主席", lambda t: {
            "name": "旧金山", "code": None, "canonical": "旧金山", "level": None, "kind": "other",
            "mentions": _all(t, "旧金山")})),
        _record("xwlb_20240628_03.txt", _xi("国家主席", lambda t: _division(t, "北京", "110000", "北京市", "province"))),
    )


def write_jsonl(path: Path, records) -> Path:
    path.write_text("".join(r.model_dump_json() + "\n" for r in records), encoding="utf-8")
    return path


# -- the two databases ----------------------------------------------------------------------------

def _fail_or_skip(reason: str) -> None:
    if os.environ.get("CI", "").lower() in ("true", "1"):
        pytest.fail(f"CI needs PostgreSQL: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def pg_server():
    """The PRESSFACTS_PG_URL server: (its URL, an AUTOCOMMIT engine)."""
    url = os.environ.get("PRESSFACTS_PG_URL")
    if not url:
        _fail_or_skip("PRESSFACTS_PG_URL is not set (export PRESSFACTS_PG_URL=$(bash scripts/start_postgres.sh))")
    server = sa.create_engine(engine_url(url), isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 5})
    try:
        server.connect().close()
    except sa.exc.OperationalError as e:
        server.dispose()
        _fail_or_skip(f"PostgreSQL at PRESSFACTS_PG_URL is unreachable: {str(e.orig).strip()}")
    yield url, server
    server.dispose()


@pytest.fixture
def pg_url(pg_server) -> str:
    """A schema of its own (dropped afterwards), so runs sharing the server never meet."""
    url, server = pg_server
    schema = f"pressfacts_test_{uuid.uuid4().hex[:12]}"
    with server.connect() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    yield (sa.make_url(url).update_query_dict({"options": f"-csearch_path={schema}"})
           .render_as_string(hide_password=False))
    with server.connect() as conn:
        conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))


@pytest.fixture
def pg_database(pg_server):
    """Makes databases with the given CREATE DATABASE options; drops them afterwards."""
    url, server = pg_server
    made: list[str] = []

    def create(options: str) -> str:
        name = f"pressfacts_test_{uuid.uuid4().hex[:12]}"
        with server.connect() as conn:
            conn.execute(sa.text(f'CREATE DATABASE "{name}" {options}'))
        made.append(name)
        return sa.make_url(url).set(database=name).render_as_string(hide_password=False)

    yield create
    for name in made:
        database.drop_database(server, name)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request, tmp_path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'pressfacts.db'}"
    return request.getfixturevalue("pg_url")


def snapshot(url: str) -> dict[str, list[tuple]]:
    with Database(url) as db, db.engine.connect() as conn:
        return {t.name: [tuple(r) for r in conn.execute(sa.select(t).order_by(*t.primary_key.columns))]
                for t in database.metadata.sorted_tables}


def facts_in(records) -> dict[str, int]:
    """What the JSONL holds, counted the way the tables hold it."""
    records = list(records)
    return {
        "documents": len(records), "events": len(records), "sources": len(records), "extractions": len(records),
        "officials": sum(len(r.officials) for r in records),
        "official_titles": sum(len(o.titles) for r in records for o in r.officials),
        "official_mentions": sum(len(o.mentions) for r in records for o in r.officials),
        "title_mentions": sum(len(o.title_mentions) for r in records for o in r.officials),
        "official_recognizers": sum(len(o.recognizers) for r in records for o in r.officials),
        "official_constructions": sum(len(o.constructions) for r in records for o in r.officials),
        "places": sum(len(r.places) for r in records),
        "place_mentions": sum(len(p.mentions) for r in records for p in r.places),
        "numbers": sum(len(r.numbers) for r in records),
        "commitments": sum(len(r.commitments) for r in records),
        "commitment_parties": sum(len(c.parties) for r in records for c in r.commitments),
        "cooperation_items": sum(len(r.cooperation_items) for r in records),
        "cooperation_parties": sum(len(c.parties) for r in records for c in r.cooperation_items),
        "source_reporters": sum(len(r.source.reporters) for r in records),
        "reporter_spans": sum(len(r.source.reporter_spans) for r in records),
    }


def place_codes(url: str) -> list[tuple[str, str]]:
    with Database(url) as db, db.engine.connect() as conn:
        return sorted(conn.execute(sa.select(database.places.c.doc_id, database.places.c.code)
                                   .where(database.places.c.code.is_not(None))).all())


# -- loading --------------------------------------------------------------------------------------

def test_the_fixture_has_every_kind_of_fact() -> None:
    counts = facts_in(fixture_records())
    assert all(counts.values()), {k: v for k, v in counts.items() if not v}


def test_every_fact_of_the_jsonl_is_in_the_database_and_reads_back_equal(db_url, tmp_path) -> None:
    records = fixture_records()
    with Database(db_url) as db:
        report = load_jsonl(write_jsonl(tmp_path / "records.jsonl", records), db)
        assert report.summary() == "5 records: 5 new, 0 replaced, 0 unchanged; 0 bad lines"
        assert db.count_rows() == facts_in(records)
        with db.engine.connect() as conn:
            for record in records:
                assert read_record(conn, record.doc_id) == record
    assert place_codes(db_url) == sorted(
        (r.doc_id, p.code) for r in records for p in r.places if p.code is not None)


@pytest.mark.postgres
def test_loaders_running_at_once_on_one_server_take_turns(pg_url, tmp_path) -> None:
    records = fixture_records()
    files = [write_jsonl(tmp_path / f"{i}.jsonl", records[i % 2::2] + records[:1]) for i in range(4)]

    def load(path: Path):
        with Database(pg_url) as db:  # the first opens create the tables, at the same time
            return load_jsonl(path, db, batch_size=1)

    with ThreadPoolExecutor(max_workers=4) as pool:
        reports = list(pool.map(load, files))
    assert sum(r.outcomes["new"] for r in reports) == len(records)
    assert snapshot(pg_url) == snapshot_of_a_clean_load(tmp_path, records)


@pytest.mark.parametrize("awkward", ["tab\there", "line\nbreak", "crlf\r\nand\fpage", "back\\slash \\N", "\u3000全角 空格"])
def test_text_that_copy_and_csv_escape_reads_back_unchanged(db_url, tmp_path, awkward: str) -> None:
    record = fixture_records()[1]
    odd = record.model_copy(update={"title": awkward, "numbers": [
        record.numbers[0].model_copy(update={"text": awkward, "subject": awkward})]})
    with Database(db_url) as db:
        load_jsonl(write_jsonl(tmp_path / "odd.jsonl", [odd]), db)
        with db.engine.connect() as conn:
            assert read_record(conn, odd.doc_id) == odd


@pytest.fixture(scope="module")
def corpus_run(tmp_path_factory):
    """`extract corpus/*.txt --db …` once: the records file, the SQLite database it loaded, the result."""
    where = tmp_path_factory.mktemp("corpus")
    out, url = where / "corpus.jsonl", f"sqlite:///{where / 'corpus.db'}"
    files = sorted(str(p) for p in CORPUS.glob("*.txt"))
    result = CliRunner().invoke(main, [*files, "-o", str(out), "--no-model", "--quiet", "--db", url])
    records = [Record.model_validate_json(line) for line in out.read_text(encoding="utf-8").splitlines()]
    return out, url, result, records


def test_extract_and_load_the_committed_corpus_in_one_run(corpus_run) -> None:
    out, url, result, records = corpus_run
    assert result.exit_code == 0, result.output
    assert len(records) == len(list(CORPUS.glob("*.txt")))
    assert Database(url).count_rows() == facts_in(records)
    assert place_codes(url) == sorted((r.doc_id, p.code) for r in records for p in r.places if p.code is not None)


def test_load_the_committed_corpus_records(corpus_run, db_url) -> None:
    out, _, _, records = corpus_run
    result = run(["load", str(out), "--db", db_url, "--quiet"])
    assert (result.exit_code, result.stderr) == (0, "")
    with Database(db_url) as db:
        assert db.count_rows() == facts_in(records)
        with db.engine.connect() as conn:
            assert [read_record(conn, r.doc_id) for r in records] == records
    assert place_codes(db_url) == sorted((r.doc_id, p.code) for r in records for p in r.places if p.code is not None)


def test_a_second_load_changes_no_row(db_url, tmp_path) -> None:
    jsonl = write_jsonl(tmp_path / "records.jsonl", fixture_records())
    with Database(db_url) as db:
        load_jsonl(jsonl, db)
    before = snapshot(db_url)
    with Database(db_url) as db:
        assert load_jsonl(jsonl, db).summary() == "5 records: 0 new, 0 replaced, 5 unchanged; 0 bad lines"
    assert snapshot(db_url) == before


def test_a_re_extracted_document_replaces_its_old_facts(db_url, tmp_path) -> None:
    reference, *others = fixture_records()
    # The same file, its text since edited (new doc_id) and fewer facts found.
    edited = reference.model_copy(update={"doc_id": "0123456789abcdef", "officials": reference.officials[:1],
                                          "numbers": []})
    # Another file, same text, a better extractor: same doc_id, different facts.
    improved = others[0].model_copy(update={"numbers": others[0].numbers[:2]})
    with Database(db_url) as db:
        load_jsonl(write_jsonl(tmp_path / "first.jsonl", fixture_records()), db)
        report = load_jsonl(write_jsonl(tmp_path / "second.jsonl", [edited, improved]), db)
        assert report.summary() == "2 records: 0 new, 2 replaced, 0 unchanged; 0 bad lines"
        assert db.count_rows() == facts_in([edited, improved, *others[1:]])
        with db.engine.connect() as conn:
            assert read_record(conn, reference.doc_id) is None
            assert read_record(conn, edited.doc_id) == edited
            assert read_record(conn, improved.doc_id) == improved


def test_the_same_text_under_a_new_path_is_one_document(db_url, tmp_path) -> None:
    record = fixture_records()[1]
    moved = record.model_copy(update={"source_file": "renamed/xwlb_20220927_04.txt"})
    with Database(db_url) as db:
        report = load_jsonl(write_jsonl(tmp_path / "r.jsonl", [record, moved]), db)
        assert report.summary() == "2 records: 1 new, 1 replaced, 0 unchanged; 0 bad lines"
        with db.engine.connect() as conn:
            assert read_record(conn, record.doc_id) == moved


@pytest.mark.parametrize("batch_size", [1, 2])
@pytest.mark.parametrize("failing_table", ["documents", "official_titles", "sources"])
def test_an_interrupted_load_leaves_only_whole_documents(db_url, tmp_path, monkeypatch, failing_table,
                                                          batch_size) -> None:
    records = fixture_records()
    third = records[2].doc_id
    real_insert = database._insert

    def crash_while_writing_the_third_document(conn, table, rows):
        real_insert(conn, table, rows)
        if table.name == failing_table and any(row["doc_id"] == third for row in rows):
            raise RuntimeError("simulated crash")

    monkeypatch.setattr(database, "_insert", crash_while_writing_the_third_document)
    jsonl = write_jsonl(tmp_path / "records.jsonl", records)
    with Database(db_url) as db:
        with pytest.raises(RuntimeError, match="simulated crash"):
            load_jsonl(jsonl, db, batch_size=batch_size)
        # batches of 1 and of 2 both committed the first two documents before the crash
        assert db.count_rows() == facts_in(records[:2])
        with db.engine.connect() as conn:
            assert [read_record(conn, r.doc_id) for r in records] == [*records[:2], None, None, None]
    monkeypatch.setattr(database, "_insert", real_insert)
    with Database(db_url) as db:  # the next load completes it
        assert load_jsonl(jsonl, db, batch_size=batch_size).outcomes == {"unchanged": 2, "new": 3}
    assert snapshot(db_url) == snapshot_of_a_clean_load(tmp_path, records)


def snapshot_of_a_clean_load(tmp_path: Path, records) -> dict[str, list[tuple]]:
    url = f"sqlite:///{tmp_path / 'clean.db'}"
    with Database(url) as db:
        load_jsonl(write_jsonl(tmp_path / "clean.jsonl", records), db)
    return snapshot(url)


def test_a_database_of_another_schema_version_is_refused(db_url) -> None:
    Database(db_url).close()
    with Database(db_url) as db, db.engine.begin() as conn:
        conn.execute(database.meta_table.update().where(database.meta_table.c.key == "schema_version")
                     .values(value="0.9"))
    with pytest.raises(PressfactsError, match=r"holds schema_version '0.9', this pressfacts writes '1.1'; "
                                              r"load into a new database"):
        Database(db_url)


@pytest.mark.postgres
def test_a_postgresql_database_that_cannot_hold_chinese_is_refused(pg_database) -> None:
    url = pg_database("ENCODING 'SQL_ASCII' TEMPLATE template0 LC_COLLATE 'C' LC_CTYPE 'C'")
    with pytest.raises(PressfactsError, match=r"has encoding SQL_ASCII, not UTF8, so it cannot hold Chinese text; "
                                              r"create the database with CREATE DATABASE name ENCODING 'UTF8'"):
        Database(url)


def test_foreign_tables_without_our_version_are_refused(tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'other.db'}"
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.execute(sa.text("CREATE TABLE documents (id INTEGER)"))
    engine.dispose()
    with pytest.raises(PressfactsError) as caught:
        Database(url)
    assert caught.value.code == "E-DB-VERSION"


@pytest.mark.parametrize(("url", "expected"), [
    ("postgresql://u:p@127.0.0.1:5432/db", "postgresql+psycopg://u:p@127.0.0.1:5432/db"),
    ("postgres://u:p@db.example:5433/facts", "postgresql+psycopg://u:p@db.example:5433/facts"),
    ("postgresql+psycopg://u@localhost/db", "postgresql+psycopg://u@localhost/db"),
    ("sqlite:///outputs/pressfacts.db", "sqlite:///outputs/pressfacts.db"),
])
def test_database_urls(url: str, expected: str) -> None:
    assert engine_url(url).render_as_string(hide_password=False) == expected


@pytest.mark.parametrize(("url", "message"), [
    ("mysql://u@localhost/db", "unsupported database 'mysql'"),
    ("outputs/pressfacts.db", "not a database URL: 'outputs/pressfacts.db'"),
])
def test_unsupported_database_urls(url: str, message: str) -> None:
    with pytest.raises(PressfactsError, match=re.escape(message)):
        engine_url(url)


# -- the README's queries -------------------------------------------------------------------------

def readme_queries() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Load into a database", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sql\n(.*?)```", section, flags=re.S)


def _plain(value):
    return value.isoformat() if isinstance(value, date) else value


README_ANSWERS = [
    # the records one model version made
    [(f"corpus/{name}", "1.0.0", "2026-12-04T05:40:33Z") for name in (
        "000_534489a36b57a320.txt", "xwlb_20221025_01.txt", "xwlb_20231117_04.txt", "xwlb_20240628_03.txt")],
    # every title one person held across releases
    [("中共中央总书记", "2022-10-25", "2022-10-25", 1), ("国家主席", "2023-11-17", "2024-06-28", 2)],
    # every release naming 璧山区 (500120)
    [("2023-06-27", "唱好双城记 共建经济圈", "corpus/000_534489a36b57a320.txt")],
    # the numeric commitments of one meeting
    [("14项", 14.0, "项", "行政事业性收费"), ("530多亿元", 5.3e10, "元", None), ("约630亿元", 6.3e10, "元", None),
     ("22项", 22.0, "项", "跨省通办事项"), ("1.3万亿斤", 1.3e12, "斤", "粮食产量"), ("12000元", 12000.0, "元", "限额"),
     ("1.1亿户", 1.1e8, "户", "个体工商户")],
]


def test_the_readme_has_the_three_analyst_queries() -> None:
    assert len(readme_queries()) == len(README_ANSWERS)


def test_the_readme_queries_answer_on_a_loaded_fixture(db_url, tmp_path) -> None:
    with Database(db_url) as db:
        load_jsonl(write_jsonl(tmp_path / "records.jsonl", fixture_records()), db)
        with db.engine.connect() as conn:
            answers = [[tuple(_plain(v) for v in row) for row in conn.execute(sa.text(q))] for q in readme_queries()]
    assert answers == README_ANSWERS


def commitments_query() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Numeric commitments", 1)[1].split("\n## ", 1)[0]
    queries = re.findall(r"```sql\n(.*?)```", section, flags=re.S)
    assert len(queries) == 1
    return queries[0]


GOVREPORTS = ROOT / "tests" / "fixtures" / "govreports"  # excerpts of two 2026 work reports (head, results, targets)


def test_the_readme_gdp_targets_query_on_two_committed_reports(db_url, tmp_path) -> None:
    """`extract govreport_*.txt --db …`, then the README's query: each province's 2026 GDP growth target."""
    files = sorted(str(p) for p in GOVREPORTS.glob("govreport_*.txt"))
    result = run([*files, "-o", str(tmp_path / "reports.jsonl"), "--no-model", "--quiet", "--db", db_url])
    assert result.exit_code == 0, result.output
    with Database(db_url) as db, db.engine.connect() as conn:
        rows = [tuple(row) for row in conn.execute(sa.text(commitments_query()))]
    assert rows == [("河北省", 5.0, "%", "at_least", "地区生产总值增长5%以上"),
                    ("重庆市", 5.0, "%", "at_least", "地区生产总值增长5%以上")]


# -- the command line -----------------------------------------------------------------------------

def run(args: list[str]):
    return CliRunner().invoke(main, args, catch_exceptions=False)


def test_load_reports_bad_lines_with_file_and_line_and_loads_the_rest(tmp_path) -> None:
    good = [r.model_dump_json() for r in fixture_records()[:2]]
    old_version = good[0].replace('"schema_version":"1.1"', '"schema_version":"0.9"')
    impossible_day = good[1].replace('"pub_date":"2022-09-27"', '"pub_date":"2022-02-30"')
    jsonl = tmp_path / "records.jsonl"
    jsonl.write_text("\n".join([good[0], "{not json", old_version, "", impossible_day, good[1]]) + "\n",
                     encoding="utf-8")
    db = tmp_path / "facts.db"
    result = run(["load", str(jsonl), "--db", f"sqlite:///{db}"])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"error: {jsonl}:2: not a valid record: record: Invalid JSON: key must be a string at line 1 column 2",
        f"error: {jsonl}:3: not a valid record: schema_version: Input should be '1.1'",
        f"error: {jsonl}:5: not a valid record: day is out of range for month",
        f"{jsonl} -> sqlite:///{db}: 2 records: 2 new, 0 replaced, 0 unchanged; 3 bad lines",
    ]
    assert Database(f"sqlite:///{db}").count_rows()["documents"] == 2


def test_load_defaults_to_the_sqlite_file_in_outputs(tmp_path) -> None:
    assert {p.name: p.default for p in main.commands["load"].params}["db"] == database.DEFAULT_DB_URL
    runner = CliRunner()
    with runner.isolated_filesystem(temp_dir=tmp_path):
        write_jsonl(Path("records.jsonl"), fixture_records())
        first = runner.invoke(main, ["load", "records.jsonl"], catch_exceptions=False)
        again = runner.invoke(main, ["load", "records.jsonl"], catch_exceptions=False)
        assert Path("outputs/pressfacts.db").is_file()
    assert (first.exit_code, first.stderr) == (
        0, "records.jsonl -> sqlite:///outputs/pressfacts.db: 5 records: 5 new, 0 replaced, 0 unchanged; 0 bad lines\n")
    assert (again.exit_code, again.stderr) == (
        0, "records.jsonl -> sqlite:///outputs/pressfacts.db: 5 records: 0 new, 0 replaced, 5 unchanged; 0 bad lines\n")


def test_load_into_an_unreachable_server_says_what_to_do(tmp_path) -> None:
    jsonl = write_jsonl(tmp_path / "records.jsonl", fixture_records()[:1])
    result = CliRunner().invoke(main, ["load", str(jsonl), "--db", "postgresql://u:secret@127.0.0.1:9/none"])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: [E-DB-CONNECT] cannot open postgresql://u:***@127.0.0.1:9/none: ")
    assert result.stderr.endswith("; start a local server with `bash scripts/start_postgres.sh`\n")
    assert "secret" not in result.stderr


def test_load_into_a_database_of_another_version_says_what_to_do(tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    with Database(url) as db, db.engine.begin() as conn:
        conn.execute(database.meta_table.update().where(database.meta_table.c.key == "schema_version")
                     .values(value="0.9"))
    jsonl = write_jsonl(tmp_path / "records.jsonl", fixture_records()[:1])
    result = CliRunner().invoke(main, ["load", str(jsonl), "--db", url])
    assert (result.exit_code, result.stderr) == (1, (
        f"Error: [E-DB-VERSION] {url} holds schema_version '0.9', this pressfacts writes '1.1'; "
        "load into a new database (another --db) or drop this one and load again\n"))


def test_records_to_stdout_cannot_be_loaded() -> None:
    result = CliRunner().invoke(main, [str(CORPUS / "xwlb_20220927_04.txt"), "-o", "-", "--no-model",
                                       "--db", "sqlite:///x.db"])
    assert result.exit_code == 2
    assert "--db loads the records file; it needs -o FILE, not -o -" in result.stderr
