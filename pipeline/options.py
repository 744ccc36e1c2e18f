"""What decides a run's output, and what a failed input leaves: light enough for any process.

The batch driver (reading, hashing, writing, handing bytes to workers) needs these two types but
none of the NLP stages, so a ``--workers N`` run's main process never imports spaCy or jieba and
its workers start sooner.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import cache
from pathlib import Path
from typing import Any, Sequence

from pipeline import __version__
from pipeline.read import DEFAULT_MAX_BYTES, SourceMetadata
from pipeline.recognise import DEFAULT_RECOGNIZERS, RULE_RECOGNIZERS
from pipeline.resources import NER_MODEL_DIR


@dataclass(frozen=True)
class Failure:
    """One input that produced no record, and why."""

    source_file: str
    stage: str
    code: str
    message: str

    def as_dict(self) -> dict[str, str]:
        return {"source_file": self.source_file, "stage": self.stage, "code": self.code, "message": self.message}

    def one_line(self) -> str:
        return f"{self.source_file}: [{self.code}] {self.message} (stage: {self.stage})"


DEFAULT_MAX_SECONDS = 60.0


@dataclass(frozen=True)
class Options:
    """Everything that decides what a run produces (picklable, so workers can rebuild the pipeline)."""

    use_model: bool = True
    max_bytes: int = DEFAULT_MAX_BYTES
    max_seconds: float = DEFAULT_MAX_SECONDS  # per document; 0 turns the guard off
    metadata: dict[str, SourceMetadata] = field(default_factory=dict)

    @property
    def recognizer_names(self) -> Sequence[str]:
        return DEFAULT_RECOGNIZERS if self.use_model else RULE_RECOGNIZERS

    def decisive(self) -> dict[str, Any]:
        """The options that change a record's content (the record's ``extraction.options``)."""
        return {"use_model": self.use_model, "recognizers": list(self.recognizer_names), "max_bytes": self.max_bytes}


# ---------------------------------------------------------------------------------------------
# Provenance: what made a record (its ``extraction`` object)


def utc_now() -> str:
    """The current time, UTC, ISO 8601 to the second: ``2026-12-04T05:40:33Z``.

    ``SOURCE_DATE_EPOCH`` (seconds since 1970, the reproducible-builds convention) pins it, for
    runs that must give the same bytes as an earlier one.
    """
    pinned = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    moment = datetime.fromtimestamp(int(pinned), timezone.utc) if pinned.isdigit() else datetime.now(timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def model_info(model_dir: Path | None = None) -> dict[str, str] | None:
    """Name, version (meta.json) and SHA-256 of the weights of the NER model; None if there is none.

    The hash covers every file of the model but meta.json (whose dev scores and notes can be edited
    without changing a prediction), path by path; it is computed once per process and model state.
    """
    model_dir = Path(model_dir or NER_MODEL_DIR)
    try:
        files = sorted(p for p in model_dir.rglob("*") if p.is_file() and p.name != "meta.json")
        state = tuple((str(p.relative_to(model_dir)), p.stat().st_size, p.stat().st_mtime_ns) for p in files)
        meta = json.loads((model_dir / "meta.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return {"name": str(meta.get("name", "")), "version": str(meta.get("version", "")),
            "weights_sha256": _weights_sha256(model_dir, state)}


@cache
def _weights_sha256(model_dir: Path, state: tuple[tuple[str, int, int], ...]) -> str:
    h = hashlib.sha256()
    for rel, _, _ in state:
        h.update(rel.encode("utf-8") + b"\0")
        with (model_dir / rel).open("rb") as fh:
            while chunk := fh.read(1 << 20):
                h.update(chunk)
        h.update(b"\0")
    return h.hexdigest()


def provenance(options: Options, extracted_at: str | None = None) -> dict[str, Any]:
    """A record's ``extraction`` object for a run with these options started at ``extracted_at``.

    Every record of one run carries the same time (the run's start), so a run's records do not
    depend on which worker made them or when.
    """
    return {"pressfacts_version": __version__, "model": model_info() if options.use_model else None,
            "options": options.decisive(), "extracted_at": extracted_at or utc_now()}
