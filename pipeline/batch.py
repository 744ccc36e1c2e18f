"""Batch runs at scale: parallel workers, incremental re-runs, streamed ordered output, Dask.

One driver serves every way of running a batch. It reads each input's bytes in the main
process (cheap), hashes them, and either carries the record over from the previous run into the
same output (unchanged bytes, metadata, pipeline version and options: see :class:`Manifest`) or
hands ``(source_file, bytes)`` to an executor:

* inline (``workers=1``): the Pipeline in this process;
* a local process pool (``workers=N``): one Pipeline per worker process, built by the pool's
  initializer from the picklable :class:`~pipeline.runner.Options`;
* a Dask cluster (``scheduler="tcp://…"``): one Pipeline per worker process, cached by options
  fingerprint; the bytes travel with the task, so workers need not see the inputs' paths.

Results come back in input order through a bounded window of futures, and each record is written
(as the worker's ``model_dump_json()`` line) as soon as it and all before it are done, so memory
stays flat however long the run and the output is byte-identical whatever the executor.

Every record of a run carries the same ``extraction`` object (:func:`~pipeline.options.provenance`:
versions, model, options, the run's start time), made once here and handed to every executor,
so a record does not depend on which worker made it. A carried-over record keeps its own.

Nothing is lost to a bad ``-o`` or a Ctrl-C: the output location is checked before any work
(:func:`check_output`), and an interrupted run keeps the records it finished in
``out.partial.jsonl`` (with its manifest) while ``out.jsonl`` stays as it was; the next run into
the same output carries them over and removes the partial files once it is complete.
"""

from __future__ import annotations

import gc
import hashlib
import json
import multiprocessing
import os
import signal
import sys
import tempfile
import threading
import time
from collections import Counter, deque
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Callable, Iterable, Iterator, Protocol, Sequence

from pipeline import __version__
from pipeline.errors import PressfactsError
from pipeline.options import Failure, Options, model_info, provenance, utc_now
from pipeline.read import metadata_for, read_document
from pipeline.write import AtomicJsonl, NullJsonl, StdoutJsonl, errors_path_for

if TYPE_CHECKING:
    from pipeline.runner import Pipeline

# This module imports no NLP stage at load time (pipeline.runner is imported where a Pipeline is
# built): the main process of a --workers N run only reads, hashes and writes, so it starts in a
# fraction of a second and its workers (forked from a server that preloads the stages) sooner.

FACT_KINDS = ("officials", "places", "numbers", "commitments", "cooperation_items")
MANIFEST_VERSION = 1
# Futures in flight per worker: enough to keep every worker busy, few enough to keep memory flat.
WINDOW_PER_WORKER = 4


@dataclass(frozen=True)
class Outcome:
    """What one input gave, in the form the writer needs (cheap to pickle back from a worker)."""

    source_file: str
    line: str | None = None  # the record as its JSON line
    failure: Failure | None = None
    char_count: int = 0
    facts: tuple[int, ...] = ()  # one count per FACT_KINDS
    carried: bool = False  # copied over from the previous run's output


WARM_UP_TEXT = "新华社北京6月27日电 国务院总理李强27日在天津会见世界经济论坛总裁。"


def build_pipeline(options: Options) -> Pipeline:
    """The NLP stages, imported here and not at module load (see the note on imports above), and
    warmed up: the segmenter's dictionaries and the model load on the first text, which must not
    count against --max-seconds (nor be cut short by it: every document would then pay it again)."""
    from pipeline.runner import Pipeline

    pipeline = Pipeline(options)
    pipeline.warm_up(WARM_UP_TEXT)
    gc.set_threshold(*GC_THRESHOLDS)
    return pipeline


# The cyclic garbage collector's thresholds while documents are processed. Python's default
# (a young collection every 700 net allocations) spends a tenth of a run's CPU collecting: a
# document allocates tens of thousands of objects, nearly all freed by reference counting, and
# the few cycles it leaves wait a little longer (1,000 raw items: 1.3 s of 12 in the collector,
# 0.1 s with these).
GC_THRESHOLDS = (50_000, 20, 100)


def outcome_of(pipeline: Pipeline, source_file: str, data: bytes, extraction: dict | None = None) -> Outcome:
    result = pipeline.process_bytes(source_file, data, extraction)
    if isinstance(result, Failure):
        return Outcome(source_file, failure=result)
    return Outcome(source_file, line=result.model_dump_json(), char_count=result.char_count,
                   facts=tuple(len(getattr(result, kind)) for kind in FACT_KINDS))


def read_input(path: str, options: Options) -> bytes | Failure:
    """The bytes of one input, or the Failure a single-process run would record for it."""
    p = Path(path)
    try:
        if p.is_file() and p.stat().st_size <= options.max_bytes:
            return p.read_bytes()
    except OSError:
        pass
    # Not a readable regular file within the limit: read_document names the problem exactly as
    # Pipeline.process_path would, so the errors file does not depend on how the batch ran.
    try:
        read_document(path, options.metadata, max_bytes=options.max_bytes)
    except PressfactsError as e:
        return Failure(path, e.stage or "read", e.code, e.message)
    return p.read_bytes()  # it became readable in between


def options_fingerprint(options: Options) -> str:
    """What, besides a document's own bytes and metadata row, decides its record: everything in its
    ``extraction`` but the time (a retrained model has new weights and a new version)."""
    decisive = {"pipeline_version": __version__, **options.decisive(),
                "model": model_info() if options.use_model else None}
    return hashlib.sha256(json.dumps(decisive, sort_keys=True).encode()).hexdigest()[:16]


def input_key(data: bytes, options: Options, source_file: str) -> str:
    """Hash of the bytes plus this file's sidecar row (which sets its date, title and source)."""
    h = hashlib.sha256(data)
    meta = metadata_for(options.metadata, source_file)
    h.update(json.dumps(asdict(meta) if meta else None, sort_keys=True).encode())
    return h.hexdigest()


# ---------------------------------------------------------------------------------------------
# Incremental runs


def manifest_path_for(output: Path) -> Path:
    name = output.name[: -len(".jsonl")] if output.name.endswith(".jsonl") else output.name
    return output.with_name(f"{name}.manifest.jsonl")


def partial_path_for(output: Path) -> Path:
    """Where an interrupted run keeps the records it finished (its manifest beside it)."""
    name = output.name[: -len(".jsonl")] if output.name.endswith(".jsonl") else output.name
    return output.with_name(f"{name}.partial.jsonl")


def check_output(output: Path) -> None:
    """Refuse, before any work, an output that could not be written at the end of the run."""
    for path in (output, errors_path_for(output), manifest_path_for(output), partial_path_for(output)):
        if path.is_dir():
            raise PressfactsError("E-OUTPUT-DIRECTORY", f"-o {output}: {path} is a directory; -o takes a file "
                                  f"name, e.g. {output / 'records.jsonl'}", stage="write")
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(prefix=f".{output.name}.", suffix=".probe", dir=output.parent)
        os.close(fd)
        os.unlink(probe)
    except OSError as e:
        raise PressfactsError("E-OUTPUT-UNWRITABLE", f"-o {output}: cannot write in {output.parent}: "
                              f"{e.strerror or e}", stage="write") from e


@dataclass(frozen=True, slots=True)  # one per document of the previous run: keep it small
class _Entry:
    key: str  # input_key of the bytes that made the record
    offset: int  # byte offset of the record's line in the output
    length: int  # its length in bytes, newline excluded
    line_sha256: str  # proves the output still holds that line
    char_count: int
    facts: tuple[int, ...]


class Manifest:
    """``out.manifest.jsonl`` beside ``out.jsonl``: which input bytes made which output line.

    First line: ``{"manifest": 1, "pipeline_version", "options"}``; then one line per record:
    ``{"source_file", "key", "offset", "length", "line_sha256", "char_count", "facts"}``. Only
    records are listed: failed inputs are tried again on every run. A manifest from another
    pipeline version, model or options matches nothing.
    """

    def __init__(self, entries: dict[str, _Entry]) -> None:
        self.entries = entries

    @classmethod
    def load(cls, path: Path, fingerprint: str) -> Manifest:
        entries: dict[str, _Entry] = {}
        try:
            with path.open(encoding="utf-8") as fh:
                header = json.loads(fh.readline() or "{}")
                if header.get("manifest") != MANIFEST_VERSION or header.get("options") != fingerprint:
                    return cls({})
                for line in fh:
                    row = json.loads(line)
                    if len(row["facts"]) != len(FACT_KINDS):
                        continue  # counted by another list of fact kinds: processed again, counted right
                    entries[row["source_file"]] = _Entry(row["key"], row["offset"], row["length"],
                                                         row["line_sha256"], row["char_count"], tuple(row["facts"]))
        except (OSError, ValueError, KeyError, TypeError):
            return cls({})  # missing or damaged: everything is processed again
        return cls(entries)


class _ManifestWriter:
    """Writes the new manifest while the records are written, tracking each line's offset."""

    def __init__(self, path: Path, fingerprint: str) -> None:
        self._sink = AtomicJsonl(path)
        self._sink.write({"manifest": MANIFEST_VERSION, "pipeline_version": __version__, "options": fingerprint})
        self._offset = 0

    def add(self, outcome: Outcome, key: str | None, line: str) -> None:
        encoded = line.encode("utf-8")
        if key is not None:
            self._sink.write({
                "source_file": outcome.source_file, "key": key, "offset": self._offset, "length": len(encoded),
                "line_sha256": hashlib.sha256(encoded).hexdigest(), "char_count": outcome.char_count,
                "facts": list(outcome.facts)})
        self._offset += len(encoded) + 1  # AtomicJsonl ends each line with one "\n"

    def close(self) -> None:
        self._sink.close()

    def close_as(self, path: Path) -> None:
        self._sink.close_as(path)

    def abort(self) -> None:
        self._sink.abort()


class _CarryOver:
    """Reads the previous output's lines back by offset, one at a time, checking each."""

    def __init__(self, output: Path) -> None:
        self.path = output
        try:
            self._fh: IO[bytes] | None = output.open("rb")
        except OSError:
            self._fh = None

    def line(self, entry: _Entry) -> str | None:
        if self._fh is None:
            return None
        self._fh.seek(entry.offset)
        raw = self._fh.read(entry.length)
        if len(raw) != entry.length or hashlib.sha256(raw).hexdigest() != entry.line_sha256:
            return None
        return raw.decode("utf-8")

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()


# ---------------------------------------------------------------------------------------------
# Executors: submit(source_file, bytes) -> a future of an Outcome


class Executor(Protocol):
    workers: int

    def submit(self, source_file: str, data: bytes) -> Future: ...

    def close(self, interrupted: bool = False) -> None: ...


class InlineExecutor:
    """This process, one document at a time; the pipeline is built on first use."""

    workers = 1

    def __init__(self, options: Options, extraction: dict | None = None) -> None:
        self.options = options
        self.extraction = extraction
        self._pipeline: Pipeline | None = None

    def submit(self, source_file: str, data: bytes) -> Future:
        if self._pipeline is None:
            self._pipeline = build_pipeline(self.options)
        return _done(outcome_of(self._pipeline, source_file, data, self.extraction))

    def close(self, interrupted: bool = False) -> None:
        pass


_worker_pipeline: Pipeline | None = None
_worker_setup_error: str | None = None


_worker_extraction: dict | None = None


def _init_pool_worker(options: Options, extraction: dict | None = None) -> None:
    global _worker_pipeline, _worker_setup_error, _worker_extraction
    # Ctrl-C is the driver's to handle: it stops the workers itself (no traceback from each).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _worker_extraction = extraction
    try:
        _worker_pipeline = build_pipeline(options)  # warmed up: all workers load at once
    except Exception as e:  # reported by the first task, not as an opaque broken pool
        _worker_setup_error = f"{type(e).__name__}: {e}"


def _pool_task(source_file: str, data: bytes) -> Outcome:
    if _worker_pipeline is None:
        raise RuntimeError(f"the worker could not build its pipeline: {_worker_setup_error}")
    return outcome_of(_worker_pipeline, source_file, data, _worker_extraction)


@contextmanager
def _sigint_blocked():
    """SIGINT held back in this thread while it starts processes, which inherit the mask: a
    worker (or the forkserver it forks from) never sees the terminal's Ctrl-C, even during its
    start-up, before any handler of ours could run; the driver gets it as soon as this ends."""
    if not hasattr(signal, "pthread_sigmask") or threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


class PoolExecutor:
    """Local worker processes, each building its Pipeline (and loading the model) once."""

    def __init__(self, options: Options, workers: int, extraction: dict | None = None) -> None:
        self.workers = workers
        # forkserver/spawn: a fresh interpreter per worker, never a fork of spaCy's or a thread's state.
        method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
        context = multiprocessing.get_context(method)
        if method == "forkserver":
            # Import spaCy and the stages, load the dictionaries and the model, once in the server;
            # workers fork from it already warm (pipeline/forkserver_warm.py).
            context.set_forkserver_preload(["pipeline.batch", "pipeline.runner", "pipeline.forkserver_warm"])
        self._pool = ProcessPoolExecutor(max_workers=workers, mp_context=context,
                                         initializer=_init_pool_worker, initargs=(options, extraction))

    def submit(self, source_file: str, data: bytes) -> Future:
        with _sigint_blocked():  # a submit may start a worker (and the forkserver)
            return self._pool.submit(_pool_task, source_file, data)

    def close(self, interrupted: bool = False) -> None:
        if not interrupted:
            self._pool.shutdown(wait=True, cancel_futures=True)
            return
        # Interrupted: stop now, not after the documents in flight.
        processes = list((getattr(self._pool, "_processes", None) or {}).values())
        self._pool.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            process.terminate()
        for process in processes:
            process.join(timeout=5)


_dask_local = threading.local()  # each worker thread's DocumentProcess


def _dask_task(options: Options, options_key: str, extraction: dict | None, source_file: str,
               data: bytes) -> Outcome:
    # Dask runs tasks in worker threads, where no signal can stop a document, so each thread hands
    # its documents to a child process of its own (pipeline/isolate.py): its main thread keeps the
    # --max-seconds guard of a local run, and a document that still overruns is killed with it.
    # The child is started by the thread's first task and kept for the runs with the same options.
    from pipeline.isolate import DocumentProcess

    child = getattr(_dask_local, "child", None)
    if child is None or child.key != options_key:
        if child is not None:
            child.close()
        child = _dask_local.child = DocumentProcess(options, key=options_key)
    return child.run(source_file, data, extraction)


class DaskExecutor:
    """Tasks on a Dask distributed cluster; the document's bytes travel with its task."""

    CONNECT_TIMEOUT = "10s"

    def __init__(self, options: Options, scheduler: str, extraction: dict | None = None) -> None:
        self._extraction = extraction
        try:
            from distributed import Client
        except ImportError as e:
            raise PressfactsError(
                "E-BATCH-DASK", "--scheduler needs Dask: pip install -e '.[dask]' (dask and distributed)",
                stage="batch") from e
        try:
            self._client = Client(scheduler, timeout=self.CONNECT_TIMEOUT, set_as_default=False)
        except OSError as e:
            raise PressfactsError("E-BATCH-DASK", f"cannot reach the Dask scheduler {scheduler}: {e}",
                                  stage="batch") from e
        self.workers = max(1, sum(self._client.nthreads().values()))
        # Shipped once to every worker, not with each task (the metadata sidecar can be large).
        self._options = self._client.scatter(options, broadcast=True, hash=False)
        every_option = (options_fingerprint(options), options.max_seconds,
                        sorted((name, asdict(row)) for name, row in options.metadata.items()))
        self._options_key = hashlib.sha256(json.dumps(every_option).encode()).hexdigest()

    def submit(self, source_file: str, data: bytes) -> Future:
        return self._client.submit(_dask_task, self._options, self._options_key, self._extraction, source_file,
                                   data, pure=False)

    def close(self, interrupted: bool = False) -> None:
        self._client.close()


def _done(outcome: Outcome) -> Future:
    future: Future = Future()
    future.set_result(outcome)
    return future


# ---------------------------------------------------------------------------------------------
# The driver


@dataclass
class Summary:
    inputs: int = 0
    records: int = 0
    failed: int = 0
    carried: int = 0  # records copied over unchanged from the previous run
    processed_chars: int = 0  # characters of the documents processed in this run
    seconds: float = 0.0
    # When the first document processed in this run was done: the pipeline's start-up (imports,
    # dictionaries, the model; paid once per run however many workers) plus that one document.
    # None when nothing was processed (every record carried over, or every input unreadable).
    first_done_seconds: float | None = None
    facts: Counter = field(default_factory=Counter)
    output: str = "-"
    errors: str | None = None

    def add(self, outcome: Outcome) -> None:
        if outcome.failure is not None:
            self.failed += 1
            return
        self.records += 1
        self.carried += outcome.carried
        self.processed_chars += 0 if outcome.carried else outcome.char_count
        for kind, n in zip(FACT_KINDS, outcome.facts):
            self.facts[kind] += n

    @property
    def chars_per_second(self) -> float:
        return self.processed_chars / self.seconds if self.seconds else 0.0

    def one_line(self) -> str:
        errors = f" -> {self.errors}" if self.errors else ""
        return (f"{self.inputs} inputs: {self.records} records -> {self.output} ({self.carried} unchanged, carried over),"
                f" {self.failed} failed{errors}; facts: " + ", ".join(f"{k} {self.facts[k]}" for k in FACT_KINDS)
                + f"; {self.chars_per_second:,.0f} chars/s" + self._timing())

    def _timing(self) -> str:
        if self.first_done_seconds is None:
            return ""
        return f" ({self.seconds:.2f} s, the first document done after {self.first_done_seconds:.2f} s)"


@dataclass(frozen=True)
class BatchSettings:
    workers: int = 1
    scheduler: str | None = None  # a Dask scheduler address: run there instead of local workers
    force: bool = False  # process every input even when its record could be carried over
    progress: bool = False  # a progress bar on stderr


def default_workers() -> int:
    return os.cpu_count() or 1


class Interrupted(KeyboardInterrupt):
    """Ctrl-C (SIGINT) stopped the run; ``kept`` records it had finished wait in ``partial``."""

    def __init__(self, kept: int, partial: Path | None) -> None:
        super().__init__()
        self.kept = kept
        self.partial = partial


class _Interrupts:
    """SIGINT raises KeyboardInterrupt, except inside ``deferred()`` (a record and its manifest
    line being written), which finishes first: the files an interrupted run keeps are never torn."""

    def __init__(self) -> None:
        self._deferring = False
        self._pending = False
        self._previous = None

    def __enter__(self) -> _Interrupts:
        if threading.current_thread() is threading.main_thread():
            self._previous = signal.signal(signal.SIGINT, self._on_sigint)
        return self

    def __exit__(self, *exc) -> None:
        if self._previous is not None:
            signal.signal(signal.SIGINT, self._previous)

    def _on_sigint(self, signum, frame) -> None:
        if self._deferring:
            self._pending = True
        else:
            raise KeyboardInterrupt

    @contextmanager
    def deferred(self, *, then_raise: bool = True):
        self._deferring = True
        try:
            yield
        finally:
            self._deferring = False
            if self._pending and then_raise:
                self._pending = False
                raise KeyboardInterrupt


def run(files: Sequence[str], options: Options, output: str, settings: BatchSettings = BatchSettings(),
        on_failure: Callable[[Failure], None] | None = None) -> Summary:
    """Extract every input into ``output`` (``-`` for stdout), in input order; failures beside it.

    Raises PressfactsError if the run itself cannot go on (an output that cannot be written, a
    worker that cannot start, an unreachable scheduler); the previous output is then left as it
    was. Raises :class:`Interrupted` on Ctrl-C, having kept the records it finished.
    """
    to_stdout = output == "-"
    out_path = None if to_stdout else Path(output)
    if out_path is not None:
        check_output(out_path)  # before any work
    extraction = provenance(options, utc_now())  # one for the whole run: its start
    records = StdoutJsonl() if out_path is None else AtomicJsonl(out_path)
    failures = NullJsonl() if out_path is None else AtomicJsonl(errors_path_for(out_path))
    fingerprint = options_fingerprint(options)
    manifest_out = None if out_path is None else _ManifestWriter(manifest_path_for(out_path), fingerprint)
    partial_path = None if out_path is None else partial_path_for(out_path)
    # Where records can be carried over from: an interrupted run's partial output first (newer),
    # then the previous complete output.
    sources: list[tuple[Manifest, _CarryOver]] = []
    if out_path is not None and not settings.force:
        for path in (partial_path, out_path):
            previous = Manifest.load(manifest_path_for(path), fingerprint)
            if previous.entries:
                sources.append((previous, _CarryOver(path)))
    summary = Summary(inputs=len(files), output="stdout" if out_path is None else output,
                      errors=None if out_path is None else str(errors_path_for(out_path)))
    executor: list[Executor] = []  # started on the first document that needs processing
    kept_from = set()  # source files whose record this run made or took from the partial output

    def start_executor() -> Executor:
        if not executor:
            if settings.scheduler:
                executor.append(DaskExecutor(options, settings.scheduler, extraction))
            elif min(settings.workers, len(files)) > 1:
                executor.append(PoolExecutor(options, min(settings.workers, len(files)), extraction))
            else:
                executor.append(InlineExecutor(options, extraction))
        return executor[0]

    def carried_over(path: str, key: str) -> Outcome | None:
        for number, (previous, carry) in enumerate(sources):
            entry = previous.entries.get(path)
            if entry is not None and entry.key == key and (line := carry.line(entry)) is not None:
                if partial_path is not None and carry.path == partial_path:
                    kept_from.add(path)
                return Outcome(path, line=line, char_count=entry.char_count, facts=entry.facts, carried=True)
        return None

    def planned() -> Iterator[_Slot]:
        for path in files:
            data = read_input(path, options)
            if isinstance(data, Failure):
                yield _Slot(Outcome(path, failure=data))
                continue
            key = input_key(data, options, path)
            outcome = carried_over(path, key)
            if outcome is not None:
                yield _Slot(outcome, key)
                continue
            yield _Slot(start_executor().submit(path, data), key)

    progress = _ProgressBar(len(files)) if settings.progress else None
    started = time.perf_counter()
    written: set[str] = set()
    interrupts = _Interrupts()
    try:
        with interrupts:
            try:
                for slot in _in_order(planned(), lambda: executor[0].workers if executor else 1):
                    outcome = slot.outcome()
                    if summary.first_done_seconds is None and isinstance(slot.result, Future):
                        summary.first_done_seconds = time.perf_counter() - started
                    with interrupts.deferred():
                        summary.add(outcome)
                        if outcome.failure is not None:
                            failures.write(outcome.failure.as_dict())
                            if on_failure:
                                on_failure(outcome.failure)
                        elif outcome.line is not None:
                            records.write_line(outcome.line)
                            if manifest_out is not None:
                                manifest_out.add(outcome, slot.key, outcome.line)
                            written.add(outcome.source_file)
                            if not outcome.carried:
                                kept_from.add(outcome.source_file)
                        if progress is not None:
                            progress.advance(outcome.char_count if not outcome.carried else 0)
            except KeyboardInterrupt:
                with interrupts.deferred(then_raise=False):  # a second Ctrl-C does not tear the files
                    if executor:
                        executor[0].close(interrupted=True)
                        executor.clear()
                    kept = _keep_partial(records, failures, manifest_out, partial_path, sources, written, kept_from)
                raise Interrupted(kept, partial_path if kept else None) from None
    except BaseException:
        for sink in (records, failures, manifest_out):
            if sink is not None:
                sink.abort()
        raise
    finally:
        if progress is not None:
            progress.stop()
        for _, carry in sources:
            carry.close()
        if executor:
            executor[0].close()
    summary.seconds = time.perf_counter() - started
    # Output first, manifest last: a run killed in between leaves a manifest whose line hashes no
    # longer match, so the next run processes those documents again rather than trusting it.
    records.close()
    failures.close()
    if manifest_out is not None:
        manifest_out.close()
    if partial_path is not None:  # complete: an interrupted run's records are in the output now
        manifest_path_for(partial_path).unlink(missing_ok=True)
        partial_path.unlink(missing_ok=True)
    return summary


def _keep_partial(records, failures, manifest_out: _ManifestWriter | None, partial_path: Path | None,
                  sources: list[tuple[Manifest, _CarryOver]], written: set[str], kept_from: set[str]) -> int:
    """After Ctrl-C: the records finished so far (with those of an earlier partial output not
    reached yet) become the partial output and its manifest; the complete output is untouched.
    Returns how many records the partial output holds (0: nothing worth keeping, nothing kept)."""
    if manifest_out is None or partial_path is None or not kept_from:
        return 0  # nothing new: an earlier partial output, if any, stays as it was
    for previous, carry in sources:
        if carry.path != partial_path:
            continue
        for source_file, entry in previous.entries.items():
            if source_file in written or (line := carry.line(entry)) is None:
                continue
            outcome = Outcome(source_file, line=line, char_count=entry.char_count, facts=entry.facts, carried=True)
            records.write_line(line)
            manifest_out.add(outcome, entry.key, line)
            written.add(source_file)
    records.close_as(partial_path)
    manifest_out.close_as(manifest_path_for(partial_path))
    failures.abort()
    return records.count


@dataclass(frozen=True)
class _Slot:
    """One input's place in the output order: a finished Outcome or a future of one."""

    result: Outcome | Future
    key: str | None = None  # input_key, for the manifest; None for failures found while reading

    def done(self) -> bool:
        return not hasattr(self.result, "done") or self.result.done()

    def outcome(self) -> Outcome:
        if isinstance(self.result, Outcome):
            return self.result
        try:
            return self.result.result()
        except (KeyboardInterrupt, SystemExit):
            raise
        except Exception as e:  # process_bytes never raises for a document: this is the machinery
            raise PressfactsError("E-BATCH-WORKER", f"a worker failed: {type(e).__name__}: {e}",
                                  stage="batch") from e


def _in_order(slots: Iterable[_Slot], workers: Callable[[], int]) -> Iterator[_Slot]:
    """Slots in input order, as soon as each is done, with at most WINDOW_PER_WORKER × workers in flight."""
    window: deque[_Slot] = deque()
    for slot in slots:
        window.append(slot)
        while window and (len(window) > WINDOW_PER_WORKER * workers() or window[0].done()):
            yield window.popleft()
    while window:
        yield window.popleft()


class _ProgressBar:
    """rich's bar on stderr: documents done of all, characters per second, time left."""

    def __init__(self, total: int) -> None:
        from rich.console import Console
        from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn,
                                   TimeRemainingColumn)

        self._progress = Progress(
            TextColumn("extract"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[speed]}"),
            TimeElapsedColumn(), TextColumn("left"), TimeRemainingColumn(),
            console=Console(file=sys.stderr), redirect_stdout=False, redirect_stderr=True, transient=True)
        self._task = self._progress.add_task("extract", total=total, speed="")
        self._chars = 0
        self._started = time.perf_counter()
        self._progress.start()

    def advance(self, processed_chars: int) -> None:
        self._chars += processed_chars
        elapsed = time.perf_counter() - self._started
        speed = f"{self._chars / elapsed:,.0f} chars/s" if elapsed > 0 else ""
        self._progress.update(self._task, advance=1, speed=speed)

    def stop(self) -> None:
        self._progress.stop()


def stderr_is_terminal() -> bool:
    return sys.stderr.isatty()
