"""What decides a run's output, and what a failed input leaves: light enough for any process.

The batch driver (reading, hashing, writing, handing bytes to workers) needs these two types but
none of the NLP stages, so a ``--workers N`` run's main process never imports spaCy or jieba and
its workers start sooner.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence

from pipeline.read import DEFAULT_MAX_BYTES, SourceMetadata
from pipeline.recognise import DEFAULT_RECOGNIZERS, RULE_RECOGNIZERS


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
