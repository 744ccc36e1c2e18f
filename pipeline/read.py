"""Stage 1, read: bytes on disk -> Document (decoded text, encoding, publication metadata).

Decoding is strict: a file is UTF-8 (with or without BOM), UTF-16/32 with a BOM, or
GB18030 (a superset of GBK/GB2312). Text is kept exactly as decoded (no newline
translation), so every offset downstream points into the file's own characters.
"""

from __future__ import annotations

import codecs
import csv
import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path, PurePath
from typing import Mapping

from pipeline.document import Document
from pipeline.errors import PressfactsError

DEFAULT_MAX_BYTES = 20 * 1024 * 1024

# Magic numbers of common binary formats that end up with a .txt name.
_BINARY_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "PDF document"),
    (b"PK\x03\x04", "ZIP archive (or DOCX/XLSX)"),
    (b"\x89PNG", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF8", "GIF image"),
    (b"\x1f\x8b", "gzip archive"),
    (b"\xd0\xcf\x11\xe0", "OLE document (DOC/XLS)"),
    (b"\x7fELF", "ELF executable"),
    (b"Rar!", "RAR archive"),
    (b"7z\xbc\xaf", "7z archive"),
)

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

_DATE_IN_NAME = re.compile(r"(?<!\d)(20\d{2})[-_]?(0[1-9]|1[0-2])[-_]?(0[1-9]|[12]\d|3[01])(?!\d)")


def decode(data: bytes, source: str) -> tuple[str, str]:
    """Return (text, encoding name) or raise PressfactsError saying why the bytes are not text."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(name.replace("-sig", "")), name
            except UnicodeDecodeError as e:
                raise PressfactsError(
                    "E-READ-DECODE", f"has a {name} byte-order mark but byte {e.start + len(bom)} is not {name}",
                    stage="read", location=source) from e
    for magic, kind in _BINARY_MAGIC:
        if data.startswith(magic):
            raise PressfactsError("E-READ-BINARY", f"is a {kind}, not text", stage="read", location=source)
    nul = data.find(b"\x00")
    if nul >= 0:
        raise PressfactsError("E-READ-BINARY", f"is binary (NUL byte at offset {nul})", stage="read", location=source)
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as utf8_error:
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError:
            raise PressfactsError(
                "E-READ-DECODE",
                f"is neither UTF-8 nor GB18030 (first bad byte at offset {utf8_error.start})",
                stage="read", location=source) from utf8_error
        if not _looks_like_text(text):
            raise PressfactsError(
                "E-READ-DECODE",
                f"is not UTF-8 (bad byte at offset {utf8_error.start}) and decodes as GB18030 only to non-text",
                stage="read", location=source) from utf8_error
        return text, "gb18030"


def _looks_like_text(text: str) -> bool:
    """GB18030 decodes most byte soup: accept it only if it reads as Chinese or plain text."""
    sample = text[:20000]
    if not sample:
        return True
    good = sum(1 for ch in sample if ch.isprintable() or ch in "\r\n\t" or "\u4e00" <= ch <= "\u9fff")
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\r\n\t")
    return controls == 0 and good / len(sample) > 0.95


@dataclass(frozen=True)
class SourceMetadata:
    """One row of a --metadata sidecar."""

    date: str | None = None
    title: str | None = None
    source: str | None = None


def parse_date(value: str) -> str | None:
    """'20230627', '2023-06-27', '2023/6/27' -> '2023-06-27'; anything else -> None."""
    return _iso(re.fullmatch(r"\s*(\d{4})[-/.年]?(\d{1,2})[-/.月]?(\d{1,2})日?\s*", value or ""))


def _iso(m: re.Match[str] | None) -> str | None:
    """Groups 1-3 (year, month, day) of a match as an ISO date; None for no match or no such day."""
    if not m:
        return None
    try:
        return date(int(m[1]), int(m[2]), int(m[3])).isoformat()
    except ValueError:
        return None


class Metadata(dict):
    """Sidecar rows keyed by their ``file`` column as given (``a/001.txt`` or ``001.txt``).

    A plain dict of rows works everywhere a Metadata does; this one keeps its by-name index.
    """

    def by_name(self) -> dict[str, list[str]]:
        index = self.__dict__.get("_by_name")
        if index is None:
            index = self.__dict__["_by_name"] = _index_by_name(self)
        return index


def _index_by_name(rows: Mapping[str, SourceMetadata]) -> dict[str, list[str]]:
    index: dict[str, list[str]] = defaultdict(list)
    for key in rows:
        index[PurePath(key).name].append(key)
    return dict(index)


def metadata_match(rows: Mapping[str, SourceMetadata], source_file: str) -> tuple[str | None, list[str]]:
    """Which sidecar row is this input's: ``(key, [])``, or ``(None, candidates)`` when ambiguous.

    By the path as given first: a row whose path is the input's path or ends it, component by
    component (``a/001.txt`` is the row of ``data/a/001.txt``; the longest such row wins). Then by
    the file name alone, when exactly one row has it. Several rows with the name and none with
    the path (``a/001.txt`` and ``b/001.txt`` for ``c/001.txt``): no row, and the candidates.
    """
    if not rows:
        return None, []
    parts = PurePath(source_file).parts
    by_name = rows.by_name() if isinstance(rows, Metadata) else _index_by_name(rows)
    candidates = by_name.get(parts[-1] if parts else "", [])
    best, best_len = None, 0
    for key in candidates:
        key_parts = PurePath(key).parts
        if len(key_parts) > best_len and tuple(parts[-len(key_parts):]) == key_parts:
            best, best_len = key, len(key_parts)
    if best is not None:
        return best, []
    if len(candidates) == 1:
        return candidates[0], []
    return None, sorted(candidates)


def metadata_for(rows: Mapping[str, SourceMetadata], source_file: str) -> SourceMetadata | None:
    """The sidecar row of one input (see :func:`metadata_match`), or None."""
    key, _ = metadata_match(rows, source_file)
    return rows[key] if key is not None else None


def load_metadata(path: Path) -> Metadata:
    """Read a TSV/CSV sidecar with a `file` column and any of `date`, `title`, `source`.

    Rows are keyed by the `file` column as given (a path or a bare name); see :func:`metadata_match`.
    """
    try:
        raw = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as e:
        raise PressfactsError("E-META-READ", f"cannot read metadata: {e}", stage="read", location=str(path)) from e
    first = raw.split("\n", 1)[0]
    delimiter = "\t" if "\t" in first else ","
    rows = csv.DictReader(raw.splitlines(), delimiter=delimiter)
    if not rows.fieldnames or "file" not in rows.fieldnames:
        raise PressfactsError(
            "E-META-COLUMNS", f"needs a 'file' column; got columns {rows.fieldnames}", stage="read",
            location=f"{path}:1")
    out = Metadata()
    for line_no, row in enumerate(rows, start=2):
        name = (row.get("file") or "").strip()
        if not name:
            raise PressfactsError("E-META-ROW", "row has an empty 'file'", stage="read", location=f"{path}:{line_no}")
        raw_date = (row.get("date") or "").strip()
        iso = parse_date(raw_date) if raw_date else None
        if raw_date and iso is None:
            raise PressfactsError(
                "E-META-DATE", f"date {raw_date!r} is not YYYYMMDD or YYYY-MM-DD", stage="read",
                location=f"{path}:{line_no}")
        out[PurePath(name).as_posix()] = SourceMetadata(
            date=iso, title=(row.get("title") or "").strip() or None, source=(row.get("source") or "").strip() or None)
    return out


def date_from_filename(path: str) -> str | None:
    return _iso(_DATE_IN_NAME.search(Path(path).name))


def document_from_bytes(data: bytes, source_file: str, metadata: SourceMetadata | None = None,
                        max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Decode and check one release; the publication date comes from metadata, else the file name."""
    if len(data) > max_bytes:
        raise PressfactsError(
            "E-READ-TOO-LARGE", f"is {len(data):,} bytes, over the limit of {max_bytes:,} (--max-bytes)",
            stage="read", location=source_file)
    text, encoding = decode(data, source_file)
    if not text.strip():
        raise PressfactsError("E-READ-EMPTY", "is empty or whitespace only", stage="read", location=source_file)
    pub_date, pub_source = None, None
    if metadata and metadata.date:
        pub_date, pub_source = metadata.date, "metadata"
    elif (from_name := date_from_filename(source_file)) is not None:
        pub_date, pub_source = from_name, "filename"
    return Document(
        text=text, source_file=source_file, encoding=encoding, pub_date=pub_date, pub_date_source=pub_source,
        title=metadata.title if metadata else None, outlet=metadata.source if metadata else None)


def read_document(path: str | Path, metadata: dict[str, SourceMetadata] | None = None,
                  max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Read one file as given on the command line; every failure is a PressfactsError naming it."""
    source = str(path)
    p = Path(path)
    if p.is_dir():
        raise PressfactsError("E-READ-DIRECTORY", "is a directory, not a file", stage="read", location=source)
    try:
        size = p.stat().st_size
        if size > max_bytes:
            raise PressfactsError(
                "E-READ-TOO-LARGE", f"is {size:,} bytes, over the limit of {max_bytes:,} (--max-bytes)",
                stage="read", location=source)
        data = p.read_bytes()
    except FileNotFoundError as e:
        if any(ch in p.name for ch in "*?["):  # the shell passes a pattern that matched nothing as is
            raise PressfactsError("E-READ-NO-MATCH", "is a pattern that matches no file", stage="read",
                                  location=source) from e
        raise PressfactsError("E-READ-MISSING", "does not exist", stage="read", location=source) from e
    except PermissionError as e:
        raise PressfactsError("E-READ-PERMISSION", "cannot be read (permission denied)", stage="read",
                              location=source) from e
    except OSError as e:
        raise PressfactsError("E-READ-OS", f"cannot be read: {e.strerror or e}", stage="read", location=source) from e
    meta = metadata_for(metadata or {}, source)
    return document_from_bytes(data, source, meta, max_bytes=max_bytes)
