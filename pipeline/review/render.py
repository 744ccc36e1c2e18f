"""Records JSONL -> a folder of static HTML pages: an index and one page per document.

Everything the pages need is in the folder (the style sheet and script are copied beside them;
fonts are the system's), so it opens from disk with no server and no network. Pages are Jinja2
templates with autoescaping on: a release's text reaches the page as text, never as markup.
"""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup, escape

from pipeline import __version__
from pipeline.errors import PressfactsError
from pipeline.read import read_document
from pipeline.review.facts import TYPES, Fact, Span, blocks, facts_of, segments
from pipeline.write import errors_path_for

STATIC = Path(__file__).parent / "static"
ASSETS = ("review.css", "review.js")

# What a document's text is to the page: found and unchanged (highlighted), or why not.
OK, MISSING, CHANGED, UNREADABLE = "ok", "missing", "changed", "unreadable"


@dataclass
class Row:
    """One line of the index: a record (with its page) or a failure from the errors file."""

    source_file: str
    page: str | None = None
    title: str | None = None
    pub_date: str | None = None
    counts: dict[str, int | None] = field(default_factory=dict)
    status: str = OK
    note: str = ""  # what went wrong, for the status column


@dataclass
class ReviewSummary:
    pages: int
    failures: int
    not_highlighted: int  # pages whose source was missing, unreadable or changed
    index: Path
    # what keeps the review from showing every fact's evidence, a line each: a line of the
    # records file that is no record, a page that cannot highlight (extraction's own failures,
    # listed from the errors file, are not among them: `extract` reported those)
    problems: list[str] = field(default_factory=list)

    def one_line(self) -> str:
        extra = f", {self.not_highlighted} without highlights (source missing or changed)" if self.not_highlighted else ""
        return f"{self.pages} document pages, {self.failures} failures listed{extra} -> {self.index}"


def _environment() -> Environment:
    env = Environment(loader=PackageLoader("pipeline.review", "templates"),
                      autoescape=select_autoescape(["html.j2", "html"]),
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    # Chinese as is inside the embedded JSON (htmlsafe: <, >, & and ' are still escaped).
    env.policies["json.dumps_kwargs"] = {"ensure_ascii": False, "sort_keys": False, "separators": (",", ":")}
    env.filters["verbatim"] = verbatim
    return env


def verbatim(text: str) -> Markup:
    """Escape text for an element's content so the DOM holds exactly these characters.

    HTML parsing turns CR and CR LF into LF before it reads anything; a CR written as a
    character reference survives, so offsets and span texts stay those of the text as read.
    """
    return Markup(str(escape(text)).replace("\r", "&#13;"))


def read_jsonl(path: Path) -> tuple[list[dict[str, Any]], list[Row]]:
    """The records of a file, and a failure row for each line that is not a JSON object."""
    records, bad = [], []
    with path.open(encoding="utf-8") as fh:
        for no, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as e:
                bad.append(Row(f"{path}:{no}", status="failed", note=f"not JSON: {e.msg}"))
                continue
            if not isinstance(obj, dict):
                bad.append(Row(f"{path}:{no}", status="failed", note="not a JSON object"))
                continue
            records.append(obj)
    return records, bad


def read_failures(records_path: Path) -> list[Row]:
    """The failures `extract` wrote beside the records (X.errors.jsonl), if that file exists."""
    path = errors_path_for(records_path)
    if not path.exists():
        return []
    rows, bad = read_jsonl(path)
    out = bad
    for f in rows:
        where = " ".join(x for x in (f.get("stage") and f"stage {f['stage']}", f.get("code")) if x)
        out.append(Row(str(f.get("source_file", "?")), status="failed",
                       note=f"{f.get('message', '')}" + (f" ({where})" if where else "")))
    return out


def candidates(source_file: str, records_path: Path, root: Path | None) -> list[Path]:
    """Where a record's source may be: under --root, then as given (from the current folder),
    then beside the records file. An absolute path is only itself."""
    p = Path(source_file)
    if p.is_absolute():
        return [p]
    return list(dict.fromkeys(([root / p] if root else []) + [p, records_path.parent / p]))


def load_text(record: dict[str, Any], records_path: Path, root: Path | None) -> tuple[str | None, str, str]:
    """(text, status, note): the source's text when it is the one the record was made from.

    The first candidate whose text has the record's doc_id wins; else the first that exists says
    why it cannot be used (unreadable, or changed since extraction)."""
    tried = candidates(str(record.get("source_file", "")), records_path, root)
    found = [c for c in tried if c.is_file()]
    if not found:
        return None, MISSING, "source file not found (looked for " + ", ".join(str(c) for c in tried) + ")"
    why: tuple[str, str] | None = None
    for path in found:
        try:
            doc = read_document(path, max_bytes=1 << 62)
        except PressfactsError as e:
            why = why or (UNREADABLE, f"{path} cannot be read now: {e.message}")
            continue
        if doc.doc_id == record.get("doc_id"):
            return doc.text, OK, str(path)
        why = why or (CHANGED, f"{path} has changed since extraction (doc_id {doc.doc_id}, the record's "
                               f"{record.get('doc_id')})")
    assert why is not None
    return None, *why


def _counts(record: dict[str, Any]) -> dict[str, int | None]:
    def n(key: str) -> int | None:
        v = record.get(key)
        return len(v) if isinstance(v, list) else None

    return {"officials": n("officials"), "places": n("places"), "numbers": n("numbers"),
            "commitments": n("commitments"), "items": n("cooperation_items")}


_PAGE = re.compile(r"^doc-\d{4,}-[0-9A-Za-z]+\.html$")


def _page_name(no: int, record: dict[str, Any]) -> str:
    doc_id = re.sub(r"[^0-9A-Za-z]", "", str(record.get("doc_id", "")))[:16] or "doc"
    return f"doc-{no:04d}-{doc_id}.html"


def _span_table(spans: list[Span]) -> list[list[Any]]:
    """What the script needs of each span: [type, fact id, first segment, last segment, info, start, end]."""
    return [[s.type, s.fact, s.first_segment, s.last_segment, s.info, s.start, s.end] for s in spans]


def _fact_table(facts: list[Fact]) -> list[list[Any]]:
    return [[f.type, f.label, f.spans, f.info] for f in facts]


def build_review(records_path: Path, out_dir: Path, root: Path | None = None) -> ReviewSummary:
    """Write ``out_dir/index.html`` and one page per record (plus the style sheet and script).

    Pages an earlier review left in ``out_dir`` (``doc-NNNN-*.html``) are removed first, so the
    folder holds this file's pages only; nothing else there is touched."""
    records, bad_lines = read_jsonl(records_path)
    failures = bad_lines + read_failures(records_path)
    out_dir.mkdir(parents=True, exist_ok=True)
    for old in out_dir.iterdir():  # pages of an earlier review into the same folder
        if _PAGE.match(old.name):
            old.unlink()
    for name in ASSETS:
        shutil.copyfile(STATIC / name, out_dir / name)
    env = _environment()
    page_tpl = env.get_template("document.html.j2")
    rows: list[Row] = []
    pages = [_page_name(i, r) for i, r in enumerate(records, 1)]
    for i, record in enumerate(records):
        text, status, note = load_text(record, records_path, root)
        facts, spans = facts_of(record, text)
        paragraphs = blocks(segments(text, spans)) if text is not None else []
        bad = sum(len(f.bad_spans) for f in facts)
        row = Row(str(record.get("source_file", "?")), pages[i], record.get("title"), record.get("pub_date"),
                  _counts(record), status, "" if status == OK else note)
        if status == OK and bad:
            row.status, row.note = "spans off", f"{bad} spans do not fit the text (listed on the page)"
        rows.append(row)
        html = page_tpl.render(
            record=record, row=row, text_note=note, facts=facts, paragraphs=paragraphs, types=TYPES,
            present={s.type for s in spans} | {f.type for f in facts},
            spans_json=_span_table(spans), facts_json=_fact_table(facts),
            prev=pages[i - 1] if i else None, next=pages[i + 1] if i + 1 < len(pages) else None,
            version=__version__)
        (out_dir / pages[i]).write_text(html, encoding="utf-8")
    rows.extend(failures)
    index = out_dir / "index.html"
    index.write_text(env.get_template("index.html.j2").render(
        rows=rows, records_path=str(records_path), version=__version__,
        n_records=len(records), n_failures=len(failures)), encoding="utf-8")
    problems = [f"{row.source_file}: {row.note}" for row in bad_lines]
    problems += [f"{row.source_file}: {row.note}" for row in rows[:len(records)] if row.status != OK]
    return ReviewSummary(pages=len(records), failures=len(failures),
                         not_highlighted=sum(r.status in (MISSING, CHANGED, UNREADABLE) for r in rows),
                         index=index, problems=problems)
