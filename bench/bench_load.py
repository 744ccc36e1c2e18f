"""Load throughput (records/s, rows/s) into SQLite and PostgreSQL, beside json-parsing the same file.

    python bench/bench_load.py outputs/records.jsonl
    python bench/bench_load.py outputs/records.jsonl --pg "$PRESSFACTS_PG_URL"    # plus PostgreSQL

Every figure comes from the same run and the same records:

* baseline: ``json.loads`` of every line (what any loader must at least do);
* validate: ``Record.model_validate_json`` of every line (the loader's own parsing);
* first load into a fresh database, then a second load of the same file (all unchanged: nothing
  is written); SQLite in a temporary file, PostgreSQL in a temporary database on the given server.

Each load is reported as records/s, rows/s, and as a ratio: its time over the baseline's. After
the first load it checks that every official, title, place, place code, number and cooperation
item of the JSONL (counted from the JSON itself) has its row; after the second, that no row changed.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import tempfile
import time
import uuid
from pathlib import Path

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pipeline.database import (UTF8_DATABASE, Database, drop_database, engine_url, load_jsonl,  # noqa: E402
                               metadata, places)
from pipeline.records import Record  # noqa: E402


FACT_KEYS = ["documents", "officials", "official_titles", "places", "place codes", "numbers", "cooperation_items"]


def timed(fn):
    started = time.perf_counter()
    result = fn()
    return time.perf_counter() - started, result


def baseline(path: Path) -> tuple[float, int]:
    def parse() -> int:
        with path.open("rb") as fh:
            return sum(1 for line in fh if line.strip() and json.loads(line) is not None)
    return timed(parse)


def validate(path: Path) -> float:
    def parse() -> int:
        with path.open("rb") as fh:
            return sum(1 for line in fh if line.strip() and Record.model_validate_json(line) is not None)
    return timed(parse)[0]


def facts_in_json(path: Path) -> dict[str, int]:
    """What the file holds, counted from the JSON, independently of the loader."""
    counts = dict.fromkeys(FACT_KEYS, 0)
    with path.open("rb") as fh:
        for line in filter(bytes.strip, fh):
            record = json.loads(line)
            counts["documents"] += 1
            counts["officials"] += len(record["officials"])
            counts["official_titles"] += sum(len(o["titles"]) for o in record["officials"])
            counts["places"] += len(record["places"])
            counts["place codes"] += sum(p["code"] is not None for p in record["places"])
            counts["numbers"] += len(record["numbers"])
            counts["cooperation_items"] += len(record["cooperation_items"])
    return counts


def facts_in_db(db: Database) -> dict[str, int]:
    rows = db.count_rows()
    with db.engine.connect() as conn:
        codes = conn.execute(sa.select(sa.func.count()).select_from(places).where(places.c.code.is_not(None)))
        rows["place codes"] = codes.scalar_one()
    return {key: rows[key] for key in FACT_KEYS}


def fingerprint(db: Database) -> str:
    """A hash of every row of every table, in key order."""
    digest = hashlib.sha256()
    with db.engine.connect() as conn:
        for table in metadata.sorted_tables:
            for row in conn.execute(sa.select(table).order_by(*table.primary_key.columns)):
                digest.update(repr(tuple(row)).encode("utf-8"))
    return digest.hexdigest()


def load_twice(path: Path, url: str, expected: dict[str, int]) -> list[tuple[str, float, int, int]]:
    """(label, seconds, records, rows written) for the first and the second load, each checked."""
    results = []
    before = None
    for label in ("first load", "second load"):
        def load():
            with Database(url) as db:
                return load_jsonl(path, db)
        seconds, report = timed(load)
        assert report.records and not report.bad, report.summary()
        with Database(url) as db:
            written = sum(db.count_rows().values()) if before is None else 0
            found = facts_in_db(db)
            assert found == expected, f"{label}: database {found} != JSONL {expected}"
            after = fingerprint(db)
        assert before in (None, after), "the second load changed rows"
        before = after
        results.append((label, seconds, report.records, written))
    return results


def postgres_database(server_url: str):
    """A temporary database on the server: (url, drop)."""
    server = sa.create_engine(engine_url(server_url), isolation_level="AUTOCOMMIT")
    name = f"pressfacts_bench_{uuid.uuid4().hex[:12]}"
    with server.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}" {UTF8_DATABASE}'))

    def drop() -> None:
        drop_database(server, name)
        server.dispose()

    return sa.make_url(server_url).set(database=name).render_as_string(hide_password=False), drop


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("records", type=Path, help="a records JSONL file (from `extract`)")
    parser.add_argument("--pg", metavar="URL", default=os.environ.get("PRESSFACTS_PG_URL"),
                        help="PostgreSQL server URL (default: $PRESSFACTS_PG_URL; none: SQLite only)")
    args = parser.parse_args()

    base_seconds, count = baseline(args.records)
    expected = facts_in_json(args.records)
    print(f"{args.records}: {count} records, {args.records.stat().st_size / 1e6:.1f} MB")
    print(f"{'step':<30} {'seconds':>9} {'records/s':>11} {'rows/s':>10} {'x baseline':>11}")

    def line(label: str, seconds: float, records: int, rows: int | None = None) -> None:
        rows_rate = f"{rows / seconds:>10,.0f}" if rows else f"{'-':>10}"
        print(f"{label:<30} {seconds:>9.3f} {records / seconds:>11,.0f} {rows_rate} {seconds / base_seconds:>11.1f}")

    line("baseline: json.loads", base_seconds, count)
    line("validate: Record (pydantic)", validate(args.records), count)
    with tempfile.TemporaryDirectory() as tmp:
        for label, seconds, records, rows in load_twice(args.records, f"sqlite:///{tmp}/bench.db", expected):
            line(f"sqlite {label}", seconds, records, rows)
    if args.pg:
        url, drop = postgres_database(args.pg)
        try:
            for label, seconds, records, rows in load_twice(args.records, url, expected):
                line(f"postgresql {label}", seconds, records, rows)
        finally:
            drop()
    else:
        print("postgresql: skipped (no --pg URL and no PRESSFACTS_PG_URL)")
    print("checked: every " + ", ".join(f"{k} ({v})" for k, v in expected.items())
          + " of the JSONL is in each database; the second load changed no row")


if __name__ == "__main__":
    main()
