"""Stage 6, write: records as JSON lines (atomically replaced), failures beside them.

``-o out.jsonl`` writes ``out.jsonl`` and ``out.errors.jsonl``. Both are written to temporary
files in the same folder and renamed into place when the run ends, so a killed run never leaves
a torn file; the files get the mode a plain ``open`` would give them (an existing file's, else
0666 less the umask). ``-o -`` streams records to stdout (failures then go to stderr only).
"""

from __future__ import annotations

import json
import os
import stat
import sys
import tempfile
from pathlib import Path
from typing import IO, Any


def errors_path_for(output: Path) -> Path:
    name = output.name[: -len(".jsonl")] if output.name.endswith(".jsonl") else output.name
    return output.with_name(f"{name}.errors.jsonl")


def current_umask() -> int:
    mask = os.umask(0o022)  # the only way to read it is to set it: put it straight back
    os.umask(mask)
    return mask


def plain_open_mode(path: Path) -> int:
    """The permissions ``open(path, "w")`` would leave: an existing file keeps its own."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        return 0o666 & ~current_umask()


class AtomicJsonl:
    """A JSON-lines file that appears whole at close() and never half-written."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        self._tmp = Path(tmp)
        try:
            os.fchmod(fd, plain_open_mode(path))  # mkstemp makes 0600 whatever the umask
        except OSError:
            pass
        self._fh: IO[str] = os.fdopen(fd, "w", encoding="utf-8", newline="\n")
        self.count = 0

    def write_line(self, line: str) -> None:
        self._fh.write(line)
        self._fh.write("\n")
        self.count += 1

    def close_as(self, path: Path) -> None:
        """Close, and put the file at ``path`` instead of where it was meant to go."""
        self.path = path
        self.close()

    def write(self, obj: Any) -> None:
        self.write_line(json.dumps(obj, ensure_ascii=False, sort_keys=False))

    def close(self) -> None:
        self._fh.flush()
        os.fsync(self._fh.fileno())
        self._fh.close()
        os.replace(self._tmp, self.path)

    def abort(self) -> None:
        self._fh.close()
        self._tmp.unlink(missing_ok=True)


class StdoutJsonl:
    def __init__(self, stream: IO[str] | None = None) -> None:
        self._fh = stream or sys.stdout
        self.count = 0
        self.path = None

    def write_line(self, line: str) -> None:
        self._fh.write(line + "\n")
        self._fh.flush()
        self.count += 1

    def write(self, obj: Any) -> None:
        self.write_line(json.dumps(obj, ensure_ascii=False))

    def close(self) -> None:
        self._fh.flush()

    def abort(self) -> None:
        self._fh.flush()


class NullJsonl(StdoutJsonl):
    """Failures when records go to stdout: counted, reported on stderr, not written to a file."""

    def write_line(self, line: str) -> None:
        self.count += 1
