"""Wires the stages for one document and for a batch, isolating failures per document.

read -> segment -> recognise -> merge -> extract -> validate. An exception in any stage of one
document becomes that document's :class:`Failure` (with the stage), and the batch goes on.
"""

from __future__ import annotations

import signal
import threading
import traceback
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Iterable, Iterator

from pipeline.document import Document
from pipeline.errors import PressfactsError
from pipeline.options import Failure, Options, provenance
from pipeline.extract.commitments import extract_commitments
from pipeline.extract.cooperation import extract_cooperation
from pipeline.extract.event import extract_event
from pipeline.extract.numbers import extract_numbers
from pipeline.extract.officials import extract_officials
from pipeline.extract.places import extract_places
from pipeline.extract.source import dateline_date, extract_source, headline
from pipeline.normalise import normalise
from pipeline.read import document_from_bytes, metadata_for, read_document
from pipeline.recognise import Recognizer, build_recognizers
from pipeline.recognise.merge import merge
from pipeline.records import Record, build_record
from pipeline.segment import segment


class DocumentTimeout(PressfactsError):
    pass


ALARM_REPEAT_SECONDS = 0.1


@contextmanager
def _deadline(seconds: float):
    """Abort one pathological document after `seconds` (SIGALRM; only in a process's main thread)."""
    usable = seconds > 0 and hasattr(signal, "SIGALRM") and threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return

    def on_alarm(signum, frame):
        raise DocumentTimeout("E-TIMEOUT", f"took longer than {seconds:g} s (--max-seconds)")

    previous = signal.signal(signal.SIGALRM, on_alarm)
    # Then again every 0.1 s until the document is abandoned: an exception raised while Python runs
    # a finaliser (__del__, a weakref callback) is printed and dropped, so one alarm may be lost.
    signal.setitimer(signal.ITIMER_REAL, seconds, ALARM_REPEAT_SECONDS)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


class _StageError(Exception):
    def __init__(self, stage: str, error: BaseException) -> None:
        super().__init__(stage)
        self.stage = stage
        self.error = error


class _Stage:
    """Context manager that tags any exception with the stage it happened in."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __enter__(self) -> None:
        return None

    def __exit__(self, exc_type, exc, tb) -> bool:
        if exc is not None and not isinstance(exc, (_StageError, KeyboardInterrupt, SystemExit)):
            raise _StageError(self.name, exc) from exc
        return False


class Pipeline:
    """The recognizers are built (and the model loaded) once; then documents flow through."""

    def __init__(self, options: Options | None = None, extraction: dict | None = None) -> None:
        self.options = options or Options()
        self.recognizers: list[Recognizer] = build_recognizers(self.options.recognizer_names)
        # Every record's `extraction`; a batch passes its own (the run's start time) per document.
        self.extraction = extraction or provenance(self.options)

    def warm_up(self, text: str) -> None:
        """Process one text without the time guard: what loads on the first text (the segmenter's
        dictionaries, the model) loads here, never inside a document's time."""
        self.process(document_from_bytes(text.encode("utf-8"), "warm-up"))

    def process(self, original: Document, extraction: dict | None = None) -> Record:
        with _Stage("normalise"):
            view = normalise(original.text)
            doc = replace(original, text=view.text) if view.changed else original
        with _Stage("segment"):
            tokens = segment(doc.text)
        found = []
        for recognizer in self.recognizers:
            with _Stage(f"recognise:{recognizer.name}"):
                if getattr(recognizer, "reads_rule_mentions", False):  # the model: after the rules
                    found.extend(recognizer.recognise(doc, tokens, tuple(found)))
                else:
                    found.extend(recognizer.recognise(doc, tokens))
        with _Stage("merge"):
            mentions = merge(found)
        with _Stage("extract:source"):
            source = extract_source(doc, tokens, mentions)
            stated = dateline_date(doc, mentions)
            pub_date, pub_date_source = (stated, "dateline") if stated else (doc.pub_date, doc.pub_date_source)
            title = headline(doc)
        with _Stage("extract:officials"):
            officials = extract_officials(doc, tokens, mentions)
        with _Stage("extract:places"):
            places = extract_places(doc, tokens, mentions)
        with _Stage("extract:numbers"):
            numbers = extract_numbers(doc, tokens, mentions)
        with _Stage("extract:commitments"):
            commitments = extract_commitments(doc, numbers, places, pub_date)
        with _Stage("extract:cooperation"):
            items = extract_cooperation(doc, tokens, mentions, places)
        with _Stage("extract:event"):
            event = extract_event(doc, tokens, mentions, places, pub_date)
        with _Stage("validate"):
            return build_record(original, view=view, title=title, pub_date=pub_date, pub_date_source=pub_date_source,
                                officials=officials, places=places, numbers=numbers, commitments=commitments,
                                cooperation_items=items,
                                event=event, source=source, extraction=extraction or self.extraction)

    def process_path(self, path: str | Path, extraction: dict | None = None) -> Record | Failure:
        """Read and process one file; never raises for a problem with that file."""
        source = str(path)
        try:
            doc = read_document(path, self.options.metadata, max_bytes=self.options.max_bytes)
        except PressfactsError as e:
            return Failure(source, e.stage or "read", e.code, e.message)
        return self._process_isolated(source, doc, extraction)

    def process_bytes(self, source_file: str, data: bytes, extraction: dict | None = None) -> Record | Failure:
        """Like process_path, for bytes read elsewhere (a batch's reader, a remote worker's task)."""
        meta = metadata_for(self.options.metadata, source_file)
        try:
            doc = document_from_bytes(data, source_file, meta, max_bytes=self.options.max_bytes)
        except PressfactsError as e:
            return Failure(source_file, e.stage or "read", e.code, e.message)
        return self._process_isolated(source_file, doc, extraction)

    def _process_isolated(self, source: str, doc: Document, extraction: dict | None) -> Record | Failure:
        try:
            with _deadline(self.options.max_seconds):
                return self.process(doc, extraction)
        except _StageError as e:
            if isinstance(e.error, DocumentTimeout):  # the stage it fired in is an accident of timing
                return Failure(source, "process", e.error.code, e.error.message)
            return _failure_from(source, e.stage, e.error)
        except DocumentTimeout as e:  # fired between stages
            return Failure(source, "process", e.code, e.message)


def _failure_from(source: str, stage: str, error: BaseException) -> Failure:
    if isinstance(error, PressfactsError):
        return Failure(source, stage, error.code, error.message)
    frame = traceback.extract_tb(error.__traceback__)[-1] if error.__traceback__ else None
    where = f" at {Path(frame.filename).name}:{frame.lineno}" if frame else ""
    return Failure(source, stage, "E-INTERNAL", f"{type(error).__name__}: {error}{where}")


def run_batch(paths: Iterable[str | Path], options: Options | None = None,
              pipeline: Pipeline | None = None) -> Iterator[Record | Failure]:
    """Process paths in order, one outcome per path."""
    pipe = pipeline or Pipeline(options)
    for path in paths:
        yield pipe.process_path(path)
