"""After write: load records JSONL into a relational database (SQLite by default, PostgreSQL for servers).

    db = Database("sqlite:///outputs/pressfacts.db")      # or "postgresql://user:pw@host:5432/name"
    report = load_jsonl(Path("outputs/records.jsonl"), db)

The schema is normalised: one ``documents`` row per record, keyed by its ``doc_id``; every fact
table is keyed by ``(doc_id, <fact>_no)`` (the fact's position in the record), so a load never
invents ids and a re-load finds the same keys. Spans keep the record's offsets as
``start_char``/``end_char`` (``end`` is an SQL keyword).

Identity and replacement. ``doc_id`` is a hash of the text, so a re-extracted file whose text
changed arrives with a new ``doc_id``: the loader therefore replaces by ``source_file`` too. A
record replaces every stored document with its ``doc_id`` or its ``source_file``, so a file's old
facts go, and one text seen under two paths is one document (the last path loaded wins). A record
identical to the stored one (same SHA-256 of its JSON) is skipped, so a second load changes no row.

A document's old rows are deleted and its new ones written in the same transaction, which holds
whole documents only (up to 100 of them): a crash leaves whole documents only. On PostgreSQL
loaders running at once take turns per transaction (an advisory lock); rows go in by COPY.
``pressfacts_meta`` holds the record ``schema_version`` (and the table layout); opening a database
written for another version raises a clear error instead of mixing records.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Iterator

import sqlalchemy as sa
from pydantic import ValidationError

from pipeline.errors import PressfactsError
from pipeline.records import SCHEMA_VERSION, Record

DEFAULT_DB_URL = "sqlite:///outputs/pressfacts.db"
# Bump when the tables change shape for the same record schema_version.
DB_LAYOUT = "2"  # 2: cooperation_items.score
DEFAULT_BATCH_SIZE = 100
# How to create a PostgreSQL database that can hold the records, whatever the cluster's default.
UTF8_DATABASE = "ENCODING 'UTF8' TEMPLATE template0 LC_COLLATE 'C' LC_CTYPE 'C'"
START_POSTGRES_HINT = "start a local server with `bash scripts/start_postgres.sh`"

metadata = sa.MetaData()
Rows = dict[str, list[dict[str, Any]]]  # table name -> rows


def _doc_key() -> sa.Column:
    return sa.Column("doc_id", sa.String(16), sa.ForeignKey("documents.doc_id", ondelete="CASCADE"),
                     primary_key=True)


def _span_columns(prefix: str = "", *, nullable: bool = False) -> list[sa.Column]:
    return [
        sa.Column(f"{prefix}start_char", sa.Integer, nullable=nullable),
        sa.Column(f"{prefix}end_char", sa.Integer, nullable=nullable),
        sa.Column(f"{prefix}text", sa.Text, nullable=nullable),
        sa.Column(f"{prefix}recognizer", sa.Text, nullable=nullable),
    ]


def _child_of(parent: str, key: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(["doc_id", key], [f"{parent}.doc_id", f"{parent}.{key}"], ondelete="CASCADE")


meta_table = sa.Table(
    "pressfacts_meta", metadata,
    sa.Column("key", sa.String(32), primary_key=True),
    sa.Column("value", sa.Text, nullable=False),
)

documents = sa.Table(
    "documents", metadata,
    sa.Column("doc_id", sa.String(16), primary_key=True),
    sa.Column("source_file", sa.Text, nullable=False, unique=True),
    sa.Column("schema_version", sa.String(8), nullable=False),
    sa.Column("pipeline_version", sa.String(32), nullable=False),
    sa.Column("char_count", sa.Integer, nullable=False),
    sa.Column("encoding", sa.String(32), nullable=False),
    sa.Column("title", sa.Text),
    sa.Column("pub_date", sa.Date),
    sa.Column("pub_date_source", sa.String(16)),
    sa.Column("record_sha256", sa.String(64), nullable=False),
    sa.Index("ix_documents_pub_date", "pub_date"),
)

officials = sa.Table(
    "officials", metadata, _doc_key(),
    sa.Column("official_no", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("name", sa.Text, nullable=False),
    sa.Index("ix_officials_name", "name"),
)

official_titles = sa.Table(
    "official_titles", metadata, _doc_key(),
    sa.Column("official_no", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("title_no", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("title", sa.Text, nullable=False),
    _child_of("officials", "official_no"),
    sa.Index("ix_official_titles_title", "title"),
)

official_mentions = sa.Table(
    "official_mentions", metadata, _doc_key(),
    sa.Column("official_no", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("mention_no", sa.Integer, primary_key=True, autoincrement=False),
    *_span_columns(),
    _child_of("officials", "official_no"),
)

title_mentions = sa.Table(
    "title_mentions", metadata, _doc_key(),
    sa.Column("official_no", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("mention_no", sa.Integer, primary_key=True, autoincrement=False),
    *_span_columns(),
    sa.Column("normalised", sa.Text),
    sa.Column("organisation", sa.Text),
    _child_of("officials", "official_no"),
)

official_recognizers = sa.Table(
    "official_recognizers", metadata, _doc_key(),
    sa.Column("official_no", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("recognizer_no", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("recognizer", sa.Text, nullable=False),
    _child_of("officials", "official_no"),
)

official_constructions = sa.Table(
    "official_constructions", metadata, _doc_key(),
    sa.Column("official_no", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("construction_no", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("construction", sa.Text, nullable=False),
    _child_of("officials", "official_no"),
    sa.Index("ix_official_constructions_construction", "construction"),
)

places = sa.Table(
    "places", metadata, _doc_key(),
    sa.Column("place_no", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("code", sa.String(6)),
    sa.Column("canonical", sa.Text, nullable=False),
    sa.Column("level", sa.String(8)),
    sa.Column("kind", sa.String(8), nullable=False),
    sa.Index("ix_places_code", "code"),
    sa.Index("ix_places_name", "name"),
)

place_mentions = sa.Table(
    "place_mentions", metadata, _doc_key(),
    sa.Column("place_no", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("mention_no", sa.Integer, primary_key=True, autoincrement=False),
    *_span_columns(),
    _child_of("places", "place_no"),
)

numbers = sa.Table(
    "numbers", metadata, _doc_key(),
    sa.Column("number_no", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("value", sa.Double),
    sa.Column("unit", sa.Text),
    sa.Column("approx", sa.Boolean, nullable=False),
    sa.Column("subject", sa.Text),
    sa.Column("start_char", sa.Integer, nullable=False),
    sa.Column("end_char", sa.Integer, nullable=False),
    sa.Column("recognizer", sa.Text, nullable=False),
)

commitments = sa.Table(
    "commitments", metadata, _doc_key(),
    sa.Column("commitment_no", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("number_no", sa.Integer, nullable=False),  # its number: numbers(doc_id, number_no)
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("indicator", sa.Text, nullable=False),
    sa.Column("value", sa.Double, nullable=False),
    sa.Column("unit", sa.Text),
    sa.Column("direction", sa.Text),
    sa.Column("bound", sa.Text, nullable=False),
    sa.Column("horizon", sa.Text),
    sa.Column("construction", sa.Text, nullable=False),
    sa.Column("cue", sa.Text),
    sa.Column("start_char", sa.Integer, nullable=False),
    sa.Column("end_char", sa.Integer, nullable=False),
    sa.Column("recognizer", sa.Text, nullable=False),
    sa.Index("ix_commitments_indicator", "indicator"),
    sa.Index("ix_commitments_horizon", "horizon"),
)

commitment_parties = sa.Table(
    "commitment_parties", metadata, _doc_key(),
    sa.Column("commitment_no", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("party_no", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("party", sa.Text, nullable=False),
    _child_of("commitments", "commitment_no"),
    sa.Index("ix_commitment_parties_party", "party"),
)

cooperation_items = sa.Table(
    "cooperation_items", metadata, _doc_key(),
    sa.Column("item_no", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("domain", sa.Text),
    sa.Column("action", sa.Text),
    sa.Column("start_char", sa.Integer, nullable=False),
    sa.Column("end_char", sa.Integer, nullable=False),
    sa.Column("recognizer", sa.Text, nullable=False),
    sa.Column("score", sa.Float),  # the model's probability, when a model decided the item
)

cooperation_parties = sa.Table(
    "cooperation_parties", metadata, _doc_key(),
    sa.Column("item_no", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("party_no", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("party", sa.Text, nullable=False),
    _child_of("cooperation_items", "item_no"),
    sa.Index("ix_cooperation_parties_party", "party"),
)

events = sa.Table(
    "events", metadata, _doc_key(),
    sa.Column("name", sa.Text),
    sa.Column("date", sa.Date),
    sa.Column("venue", sa.Text),
    *_span_columns("name_", nullable=True),
    *_span_columns("date_", nullable=True),
    *_span_columns("venue_", nullable=True),
    sa.Index("ix_events_date", "date"),
)

sources = sa.Table(
    "sources", metadata, _doc_key(),
    sa.Column("outlet", sa.Text),
    *_span_columns("outlet_", nullable=True),
    sa.Column("url", sa.Text),
    sa.Column("listed_source", sa.Text),
)

# The record's `extraction`: what made it (one row per document).
extractions = sa.Table(
    "extractions", metadata, _doc_key(),
    sa.Column("pressfacts_version", sa.String(32), nullable=False),
    sa.Column("model_name", sa.Text),  # null: made with --no-model
    sa.Column("model_version", sa.String(32)),
    sa.Column("model_weights_sha256", sa.String(64)),
    sa.Column("use_model", sa.Boolean, nullable=False),
    sa.Column("recognizers", sa.Text, nullable=False),  # comma-separated, in order
    sa.Column("max_bytes", sa.BigInteger, nullable=False),
    sa.Column("extracted_at", sa.String(20), nullable=False),  # ISO 8601 UTC, e.g. 2026-12-04T05:40:33Z
    sa.Index("ix_extractions_model_version", "model_version"),
)

source_reporters = sa.Table(
    "source_reporters", metadata, _doc_key(),
    sa.Column("reporter_no", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("name", sa.Text, nullable=False),
)

# The record keeps reporter names and their spans as two lists, not pairs; so do we.
reporter_spans = sa.Table(
    "reporter_spans", metadata, _doc_key(),
    sa.Column("span_no", sa.Integer, primary_key=True, autoincrement=False),
    *_span_columns(),
)

FACT_TABLES = [t for t in metadata.sorted_tables if t is not meta_table]  # parents first


# -- record <-> rows ------------------------------------------------------------------------------

def _span(span: Any, prefix: str = "") -> dict[str, Any]:
    if span is None:
        return {f"{prefix}start_char": None, f"{prefix}end_char": None, f"{prefix}text": None,
                f"{prefix}recognizer": None}
    return {f"{prefix}start_char": span.start, f"{prefix}end_char": span.end, f"{prefix}text": span.text,
            f"{prefix}recognizer": span.recognizer}


def _iso_date(value: str | None) -> date | None:
    """The contract checks the shape (YYYY-MM-DD); this rejects impossible days such as 02-30."""
    return date.fromisoformat(value) if value else None


def record_sha256(record: Record) -> str:
    return hashlib.sha256(record.model_dump_json().encode("utf-8")).hexdigest()


def check_dates(record: Record) -> None:
    """ValueError for a date the contract's pattern lets through but the calendar does not."""
    _iso_date(record.pub_date)
    _iso_date(record.event.date)


def rows_of(record: Record, digest: str | None = None) -> Rows:
    """The rows of every table for one record (ValueError for an impossible date)."""
    doc = record.doc_id
    rows: dict[str, list[dict[str, Any]]] = {t.name: [] for t in FACT_TABLES}
    rows["documents"].append({
        "doc_id": doc, "source_file": record.source_file, "schema_version": record.schema_version,
        "pipeline_version": record.pipeline_version, "char_count": record.char_count, "encoding": record.encoding,
        "title": record.title, "pub_date": _iso_date(record.pub_date), "pub_date_source": record.pub_date_source,
        "record_sha256": digest or record_sha256(record),
    })
    for i, official in enumerate(record.officials):
        key = {"doc_id": doc, "official_no": i}
        rows["officials"].append({**key, "name": official.name})
        rows["official_titles"] += [{**key, "title_no": j, "title": t} for j, t in enumerate(official.titles)]
        rows["official_mentions"] += [{**key, "mention_no": j, **_span(m)} for j, m in enumerate(official.mentions)]
        rows["title_mentions"] += [
            {**key, "mention_no": j, **_span(m), "normalised": m.normalised, "organisation": m.organisation}
            for j, m in enumerate(official.title_mentions)]
        rows["official_recognizers"] += [
            {**key, "recognizer_no": j, "recognizer": r} for j, r in enumerate(official.recognizers)]
        rows["official_constructions"] += [
            {**key, "construction_no": j, "construction": c} for j, c in enumerate(official.constructions)]
    for i, place in enumerate(record.places):
        key = {"doc_id": doc, "place_no": i}
        rows["places"].append({**key, "name": place.name, "code": place.code, "canonical": place.canonical,
                               "level": place.level, "kind": place.kind})
        rows["place_mentions"] += [{**key, "mention_no": j, **_span(m)} for j, m in enumerate(place.mentions)]
    rows["numbers"] = [
        {"doc_id": doc, "number_no": i, "text": n.text, "value": n.value, "unit": n.unit, "approx": n.approx,
         "subject": n.subject, "start_char": n.start, "end_char": n.end, "recognizer": n.recognizer}
        for i, n in enumerate(record.numbers)]
    for i, c in enumerate(record.commitments):
        rows["commitments"].append({
            "doc_id": doc, "commitment_no": i, "number_no": c.number_index, "text": c.text, "indicator": c.indicator,
            "value": c.value, "unit": c.unit, "direction": c.direction, "bound": c.bound, "horizon": c.horizon,
            "construction": c.construction, "cue": c.cue, "start_char": c.start, "end_char": c.end,
            "recognizer": c.recognizer})
        rows["commitment_parties"] += [
            {"doc_id": doc, "commitment_no": i, "party_no": j, "party": p} for j, p in enumerate(c.parties)]
    for i, item in enumerate(record.cooperation_items):
        rows["cooperation_items"].append({
            "doc_id": doc, "item_no": i, "text": item.text, "domain": item.domain, "action": item.action,
            "start_char": item.start, "end_char": item.end, "recognizer": item.recognizer, "score": item.score})
        rows["cooperation_parties"] += [
            {"doc_id": doc, "item_no": i, "party_no": j, "party": p} for j, p in enumerate(item.parties)]
    event = record.event
    rows["events"].append({"doc_id": doc, "name": event.name, "date": _iso_date(event.date), "venue": event.venue,
                           **_span(event.name_span, "name_"), **_span(event.date_span, "date_"),
                           **_span(event.venue_span, "venue_")})
    source = record.source
    rows["sources"].append({"doc_id": doc, "outlet": source.outlet, **_span(source.outlet_span, "outlet_"),
                            "url": source.url, "listed_source": source.listed_source})
    made, model = record.extraction, record.extraction.model
    rows["extractions"].append({
        "doc_id": doc, "pressfacts_version": made.pressfacts_version, "model_name": model and model.name,
        "model_version": model and model.version, "model_weights_sha256": model and model.weights_sha256,
        "use_model": made.options.use_model, "recognizers": ",".join(made.options.recognizers),
        "max_bytes": made.options.max_bytes, "extracted_at": made.extracted_at})
    rows["source_reporters"] = [{"doc_id": doc, "reporter_no": i, "name": r} for i, r in enumerate(source.reporters)]
    rows["reporter_spans"] = [{"doc_id": doc, "span_no": i, **_span(s)} for i, s in enumerate(source.reporter_spans)]
    return rows


def _span_back(row: Any, prefix: str = "") -> dict[str, Any] | None:
    if getattr(row, f"{prefix}start_char") is None:
        return None
    return {"start": getattr(row, f"{prefix}start_char"), "end": getattr(row, f"{prefix}end_char"),
            "text": getattr(row, f"{prefix}text"), "recognizer": getattr(row, f"{prefix}recognizer")}


def read_record(conn: sa.Connection, doc_id: str) -> Record | None:
    """The stored document as a record again (the inverse of :func:`rows_of`), or None."""

    def fetch(table: sa.Table) -> list[Any]:
        keys = [c for c in table.primary_key.columns if c.name != "doc_id"]
        return conn.execute(sa.select(table).where(table.c.doc_id == doc_id).order_by(*keys)).all()

    found = fetch(documents)
    if not found:
        return None
    d = found[0]
    by_official: dict[str, dict[int, list[Any]]] = {}
    for table in (official_titles, official_mentions, title_mentions, official_recognizers, official_constructions):
        groups: dict[int, list[Any]] = {}
        for row in fetch(table):
            groups.setdefault(row.official_no, []).append(row)
        by_official[table.name] = groups
    mentions_of_place: dict[int, list[Any]] = {}
    for row in fetch(place_mentions):
        mentions_of_place.setdefault(row.place_no, []).append(row)
    parties_of_commitment: dict[int, list[str]] = {}
    for row in fetch(commitment_parties):
        parties_of_commitment.setdefault(row.commitment_no, []).append(row.party)
    parties_of_item: dict[int, list[str]] = {}
    for row in fetch(cooperation_parties):
        parties_of_item.setdefault(row.item_no, []).append(row.party)
    event = fetch(events)[0]
    source = fetch(sources)[0]
    made = fetch(extractions)[0]
    return Record.model_validate({
        "schema_version": d.schema_version, "pipeline_version": d.pipeline_version, "doc_id": d.doc_id,
        "source_file": d.source_file, "char_count": d.char_count, "encoding": d.encoding, "title": d.title,
        "pub_date": d.pub_date.isoformat() if d.pub_date else None, "pub_date_source": d.pub_date_source,
        "officials": [{
            "name": o.name,
            "titles": [t.title for t in by_official["official_titles"].get(o.official_no, [])],
            "mentions": [_span_back(m) for m in by_official["official_mentions"].get(o.official_no, [])],
            "title_mentions": [{**_span_back(m), "normalised": m.normalised, "organisation": m.organisation}
                               for m in by_official["title_mentions"].get(o.official_no, [])],
            "recognizers": [r.recognizer for r in by_official["official_recognizers"].get(o.official_no, [])],
            "constructions": [c.construction
                              for c in by_official["official_constructions"].get(o.official_no, [])],
        } for o in fetch(officials)],
        "places": [{"name": p.name, "code": p.code, "canonical": p.canonical, "level": p.level, "kind": p.kind,
                    "mentions": [_span_back(m) for m in mentions_of_place.get(p.place_no, [])]}
                   for p in fetch(places)],
        "numbers": [{"text": n.text, "value": n.value, "unit": n.unit, "approx": n.approx, "subject": n.subject,
                     "start": n.start_char, "end": n.end_char, "recognizer": n.recognizer} for n in fetch(numbers)],
        "commitments": [{"text": c.text, "indicator": c.indicator, "value": c.value, "unit": c.unit,
                         "direction": c.direction, "bound": c.bound, "horizon": c.horizon,
                         "parties": parties_of_commitment.get(c.commitment_no, []), "number_index": c.number_no,
                         "start": c.start_char, "end": c.end_char, "construction": c.construction, "cue": c.cue,
                         "recognizer": c.recognizer} for c in fetch(commitments)],
        "cooperation_items": [{"text": c.text, "domain": c.domain, "action": c.action,
                               "parties": parties_of_item.get(c.item_no, []), "start": c.start_char,
                               "end": c.end_char, "recognizer": c.recognizer, "score": c.score}
                              for c in fetch(cooperation_items)],
        "event": {"name": event.name, "date": event.date.isoformat() if event.date else None, "venue": event.venue,
                  "name_span": _span_back(event, "name_"), "date_span": _span_back(event, "date_"),
                  "venue_span": _span_back(event, "venue_")},
        "source": {"outlet": source.outlet, "reporters": [r.name for r in fetch(source_reporters)],
                   "outlet_span": _span_back(source, "outlet_"),
                   "reporter_spans": [_span_back(s) for s in fetch(reporter_spans)],
                   "url": source.url, "listed_source": source.listed_source},
        "extraction": {
            "pressfacts_version": made.pressfacts_version,
            "model": None if made.model_name is None else {
                "name": made.model_name, "version": made.model_version, "weights_sha256": made.model_weights_sha256},
            "options": {"use_model": made.use_model, "recognizers": made.recognizers.split(",") if made.recognizers
                        else [], "max_bytes": made.max_bytes},
            "extracted_at": made.extracted_at},
    })


# -- the database ---------------------------------------------------------------------------------

def drop_database(server: sa.Engine, name: str, tries: int = 20) -> None:
    """DROP DATABASE a scratch PostgreSQL database (tests, benchmarks), retrying briefly: an
    autovacuum worker may hold a fresh database for a moment."""
    import time

    for _ in range(tries):
        try:
            with server.connect() as conn:
                conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}"'))
            return
        except sa.exc.DBAPIError:
            time.sleep(0.25)


def engine_url(url: str) -> sa.URL:
    """`postgresql://…` means psycopg 3 (SQLAlchemy would pick psycopg2); SQLite and PostgreSQL only."""
    try:
        parsed = sa.make_url(url)
    except sa.exc.ArgumentError as e:
        raise PressfactsError("E-DB-URL", f"not a database URL: {url!r} (e.g. {DEFAULT_DB_URL})",
                              stage="load") from e
    backend = parsed.get_backend_name()
    if backend in ("postgresql", "postgres"):
        return parsed.set(drivername="postgresql+psycopg")
    if backend == "sqlite":
        return parsed
    raise PressfactsError("E-DB-URL", f"unsupported database {backend!r}: use sqlite:///FILE or postgresql://…",
                          stage="load")


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    # WAL + NORMAL: commits stay atomic (whole documents) without an fsync per document.
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = NORMAL")
    cursor.close()


class Database:
    """An open pressfacts database: tables created on first use, version checked on every open."""

    def __init__(self, url: str = DEFAULT_DB_URL) -> None:
        self.url = engine_url(url)
        self.display_url = self.url.render_as_string(hide_password=True).replace("+psycopg", "")
        is_sqlite = self.url.get_backend_name() == "sqlite"
        if is_sqlite and self.url.database and self.url.database != ":memory:":
            Path(self.url.database).parent.mkdir(parents=True, exist_ok=True)
        # client_encoding: text, not bytes, even from a SQL_ASCII database (refused below, with a reason).
        connect_args = {} if is_sqlite else {"connect_timeout": 10, "client_encoding": "utf8"}
        self.engine = sa.create_engine(self.url, connect_args=connect_args)
        if is_sqlite:
            sa.event.listen(self.engine, "connect", _sqlite_pragmas)
        try:
            self._open()
        except sa.exc.OperationalError as e:
            self.engine.dispose()
            reason = str(e.orig).strip().splitlines()[0] if e.orig else str(e)
            hint = "check the path and its folder's permissions" if is_sqlite else START_POSTGRES_HINT
            raise PressfactsError("E-DB-CONNECT", f"cannot open {self.display_url}: {reason}; {hint}",
                                  stage="load") from e
        except BaseException:
            self.engine.dispose()
            raise

    def _open(self) -> None:
        with self.engine.begin() as conn:
            _serialise_writers(conn)
            if conn.dialect.name == "postgresql":
                encoding = conn.execute(sa.text("SHOW server_encoding")).scalar_one()
                if encoding != "UTF8":
                    raise PressfactsError(
                        "E-DB-ENCODING",
                        f"{self.display_url} has encoding {encoding}, not UTF8, so it cannot hold Chinese text; "
                        f"create the database with CREATE DATABASE name {UTF8_DATABASE}",
                        stage="load")
            tables = set(sa.inspect(conn).get_table_names())
            if meta_table.name in tables:
                stored = dict(conn.execute(sa.select(meta_table.c.key, meta_table.c.value)).all())
                wanted = {"schema_version": SCHEMA_VERSION, "db_layout": DB_LAYOUT}
                for key, value in wanted.items():
                    if stored.get(key) != value:
                        raise PressfactsError(
                            "E-DB-VERSION",
                            f"{self.display_url} holds {key} {stored.get(key)!r}, this pressfacts writes {value!r}; "
                            "load into a new database (another --db) or drop this one and load again",
                            stage="load")
            elif tables & {t.name for t in FACT_TABLES}:
                raise PressfactsError(
                    "E-DB-VERSION",
                    f"{self.display_url} has pressfacts-like tables but no pressfacts_meta (an unknown version); "
                    "load into a new database (another --db)",
                    stage="load")
            metadata.create_all(conn, checkfirst=True)
            if meta_table.name not in tables:
                conn.execute(meta_table.insert(), [{"key": "schema_version", "value": SCHEMA_VERSION},
                                                   {"key": "db_layout", "value": DB_LAYOUT}])

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> "Database":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def store(self, record: Record) -> str:
        """Write one document in one transaction: 'new', 'replaced' or 'unchanged' (nothing written)."""
        return self.store_many([record])[0]

    def store_many(self, batch: list[Record]) -> list[str]:
        """Write whole documents in one transaction (one statement per table, not per document).

        The batch's records must not share a doc_id or a source_file (load_jsonl splits batches there).
        """
        with self.engine.begin() as conn:
            _serialise_writers(conn)
            stored = conn.execute(
                sa.select(documents.c.doc_id, documents.c.source_file, documents.c.record_sha256).where(sa.or_(
                    documents.c.doc_id.in_([r.doc_id for r in batch]),
                    documents.c.source_file.in_([r.source_file for r in batch])))
            ).all()
            by_key = {}
            for row in stored:  # a document is found by either key
                by_key.setdefault(row.doc_id, set()).add(tuple(row))
                by_key.setdefault(row.source_file, set()).add(tuple(row))
            outcomes, old_ids, fresh = [], set(), []
            for record in batch:
                mine = by_key.get(record.doc_id, set()) | by_key.get(record.source_file, set())
                digest = record_sha256(record)
                if mine == {(record.doc_id, record.source_file, digest)}:
                    outcomes.append("unchanged")  # rows are built only for what gets written
                    continue
                outcomes.append("replaced" if mine else "new")
                old_ids.update(doc_id for doc_id, _, _ in mine)
                fresh.append(rows_of(record, digest))
            if old_ids:
                for table in reversed(FACT_TABLES):
                    conn.execute(table.delete().where(table.c.doc_id.in_(sorted(old_ids))))
            for table in FACT_TABLES:
                _insert(conn, table, [row for rows in fresh for row in rows[table.name]])
        return outcomes

    def count_rows(self) -> dict[str, int]:
        with self.engine.connect() as conn:
            return {t.name: conn.execute(sa.select(sa.func.count()).select_from(t)).scalar_one() for t in FACT_TABLES}


# Any 64-bit number the server's other users do not take for their own advisory locks.
WRITERS_LOCK = 0x70726573_73666163  # "pressfac"


def _serialise_writers(conn: sa.Connection) -> None:
    """PostgreSQL: loaders running at once take turns per transaction (creating the tables, or a
    batch's read-delete-insert), so they never race to the same keys. SQLite locks the file itself."""
    if conn.dialect.name == "postgresql":
        conn.execute(sa.select(sa.func.pg_advisory_xact_lock(WRITERS_LOCK)))


def _insert(conn: sa.Connection, table: sa.Table, rows: list[dict[str, Any]]) -> None:
    if not rows:
        return
    if conn.dialect.driver != "psycopg":
        conn.execute(table.insert(), rows)
        return
    # PostgreSQL: COPY, in the same transaction; psycopg's executemany is one round trip per row
    # (3-4x slower on the corpus, bench/bench_load.py).
    from psycopg import sql

    columns = [c.name for c in table.columns]
    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(table.name), sql.SQL(", ").join(map(sql.Identifier, columns)))
    with conn.connection.driver_connection.cursor() as cursor, cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row([row[c] for c in columns])


# -- JSONL in -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class BadLine:
    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


def _validation_summary(error: ValidationError) -> str:
    first = error.errors()[0]
    where = ".".join(str(p) for p in first["loc"]) or "record"
    more = f" (+{error.error_count() - 1} more)" if error.error_count() > 1 else ""
    return f"not a valid record: {where}: {first['msg']}{more}"


def iter_jsonl(path: Path) -> Iterator[tuple[int, Record | BadLine]]:
    """(line number, record or bad line) for every non-blank line."""
    with path.open("rb") as fh:
        for number, raw in enumerate(fh, start=1):
            if not raw.strip():
                continue
            try:
                yield number, Record.model_validate_json(raw)
            except ValidationError as e:
                yield number, BadLine(str(path), number, _validation_summary(e))


@dataclass
class LoadReport:
    outcomes: Counter[str] = field(default_factory=Counter)  # new / replaced / unchanged
    bad: list[BadLine] = field(default_factory=list)

    @property
    def records(self) -> int:
        return sum(self.outcomes.values())

    def summary(self) -> str:
        return (f"{self.records} records: {self.outcomes['new']} new, {self.outcomes['replaced']} replaced, "
                f"{self.outcomes['unchanged']} unchanged; {len(self.bad)} bad lines")


def load_jsonl(path: Path, db: Database, *, batch_size: int = DEFAULT_BATCH_SIZE) -> LoadReport:
    """Load every valid record of a JSONL file; bad lines are collected (file:line) and skipped.

    Records are written `batch_size` documents to a transaction: whole documents either way, and
    far fewer round trips than one transaction per document.
    """
    report = LoadReport()
    batch: list[Record] = []
    keys: set[str] = set()

    def flush() -> None:
        report.outcomes.update(db.store_many(batch))
        batch.clear()
        keys.clear()

    for number, item in iter_jsonl(path):
        if isinstance(item, BadLine):
            report.bad.append(item)
            continue
        try:
            check_dates(item)
        except ValueError as e:
            report.bad.append(BadLine(str(path), number, f"not a valid record: {e}"))
            continue
        if item.doc_id in keys or item.source_file in keys:  # the later record must replace the earlier one
            flush()
        batch.append(item)
        keys.update((item.doc_id, item.source_file))
        if len(batch) >= batch_size:
            flush()
    if batch:
        flush()
    return report
