"""One document at a time in a child process that can be killed: --max-seconds wherever it runs.

The time guard of a local run (``runner._deadline``) is SIGALRM, which only a process's main
thread receives. Dask runs tasks in worker threads, where no signal arrives and no Python-level
trick stops a document stuck inside C code (a regular expression backtracking, a spaCy loop).
So a Dask task hands its document to a :class:`DocumentProcess`: a child interpreter
(``python -m pipeline.isolate``) that builds the Pipeline once and processes documents in its
own main thread, under the same SIGALRM guard as a local run, so a slow document gives the same
``E-TIMEOUT`` failure either way. If the child does not answer within the limit plus a grace
period, it is killed, the document gets that same failure, and the next document starts a new
child. A child that dies (a crash, the out-of-memory killer) costs one document, not the worker.

Protocol on the child's stdin/stdout: 8-byte big-endian length, then a pickle. The first message
is the Options; then ``(source_file, data, extraction)`` per document, answered by an Outcome
(``None`` once, after start-up, to say it is ready).
"""

from __future__ import annotations

import os
import pickle
import select
import struct
import subprocess
import sys
import time
from pathlib import Path
from typing import IO, Any

from pipeline.options import Failure, Options

GRACE_SECONDS = 2.0  # beyond --max-seconds before the child is killed (its own guard fires first)
_HEADER = struct.Struct(">Q")


def timeout_failure(source_file: str, seconds: float) -> Failure:
    """What a local run records for a document that overran (see runner._deadline)."""
    return Failure(source_file, "process", "E-TIMEOUT", f"took longer than {seconds:g} s (--max-seconds)")


def _send(fh: IO[bytes], obj: Any) -> None:
    body = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    fh.write(_HEADER.pack(len(body)) + body)
    fh.flush()


def _read_exactly(fd: int, n: int, deadline: float | None) -> bytes | None:
    """n bytes from fd, or None at end of file or when the deadline passes."""
    chunks, remaining = [], n
    while remaining:
        wait = None if deadline is None else max(0.0, deadline - time.monotonic())
        ready, _, _ = select.select([fd], [], [], wait)
        if not ready:
            return None
        chunk = os.read(fd, min(remaining, 1 << 20))
        if not chunk:
            return None
        chunks.append(chunk)
        remaining -= len(chunk)
    return b"".join(chunks)


def _receive(fd: int, deadline: float | None = None) -> tuple[bool, Any]:
    header = _read_exactly(fd, _HEADER.size, deadline)
    if header is None:
        return False, None
    body = _read_exactly(fd, _HEADER.unpack(header)[0], deadline)
    return (False, None) if body is None else (True, pickle.loads(body))


class DocumentProcess:
    """A child process with a Pipeline for ``options``; :meth:`run` processes one document in it."""

    def __init__(self, options: Options, key: str = "") -> None:
        self.options = options
        self.key = key  # which options it was built for (the Dask executor's options key)
        self._child: subprocess.Popen | None = None

    def _start(self) -> subprocess.Popen:
        # The child imports the same pipeline package as this process, wherever it comes from.
        env = dict(os.environ)
        root = str(Path(__file__).resolve().parent.parent)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH")) if p)
        child = subprocess.Popen([sys.executable, "-m", "pipeline.isolate"], stdin=subprocess.PIPE,
                                 stdout=subprocess.PIPE, env=env)
        _send(child.stdin, self.options)
        ok, _ = _receive(child.stdout.fileno())  # built and warmed up (no limit: loading is not a document)
        if not ok:
            code = child.wait()
            raise RuntimeError(f"the document process could not build its pipeline (exit code {code})")
        return child

    def run(self, source_file: str, data: bytes, extraction: dict | None = None):
        """The Outcome of one document (see pipeline.batch.outcome_of); never hangs past the limit."""
        from pipeline.batch import Outcome

        if self._child is None or self._child.poll() is not None:
            self._child = self._start()
        limit = self.options.max_seconds
        try:
            _send(self._child.stdin, (source_file, data, extraction))
            ok, outcome = _receive(self._child.stdout.fileno(),
                                   time.monotonic() + limit + GRACE_SECONDS if limit > 0 else None)
        except (BrokenPipeError, OSError):
            ok, outcome = False, None
        if ok:
            return outcome
        overran = self._child.poll() is None
        self.close()
        if overran:
            return Outcome(source_file, failure=timeout_failure(source_file, limit))
        return Outcome(source_file, failure=Failure(source_file, "process", "E-CRASH",
                                                    "the process working on it died (a crash or out of memory)"))

    def close(self) -> None:
        child, self._child = self._child, None
        if child is None:
            return
        if child.poll() is None:
            child.kill()
        child.wait()
        for fh in (child.stdin, child.stdout):
            try:
                fh.close()
            except OSError:
                pass

    def __del__(self) -> None:
        try:
            self.close()
        except Exception:
            pass


def _serve() -> None:
    """The child: read Options, build the Pipeline, then answer one Outcome per document."""
    import signal

    from pipeline.batch import build_pipeline, outcome_of

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # its parent decides when it stops
    out = os.fdopen(os.dup(1), "wb")  # the protocol's own copy of stdout ...
    os.dup2(2, 1)  # ... and anything a library prints goes to stderr
    stdin = sys.stdin.buffer.fileno()
    ok, options = _receive(stdin)
    if not ok:
        return
    pipeline = build_pipeline(options)  # warmed up
    _send(out, None)
    while True:
        ok, task = _receive(stdin)
        if not ok:  # the parent closed the pipe or is gone
            return
        source_file, data, extraction = task
        _send(out, outcome_of(pipeline, source_file, data, extraction))


if __name__ == "__main__":
    _serve()
