"""One review site for tests/test_review*.py, built once per test run from real releases in corpus/.

Inputs: the reference release; a provincial work report (with commitments); a real release with a `<script>` (and an `<img onerror>`) written
into its headline and body; a real release with CRLF line ends; one that is deleted and one that
is changed after extraction; one path that does not exist (a failure in the errors file).
Extraction is `extract` itself (rules only: the review does not care who found a fact).
"""

from __future__ import annotations

import atexit
import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from click.testing import CliRunner

from pipeline.cli import main
from tests.conftest import CORPUS, REFERENCE

INJECTED = '<script>window.pwned = true; document.title = "pwned";</script>'
INJECTED_IMG = '<img src="x" onerror="window.pwned = true">'


@dataclass(frozen=True)
class Site:
    folder: Path  # where the inputs and records are (the cwd of extraction)
    records: Path
    out: Path  # the review pages
    sources: dict[str, str]  # role -> source_file as written in the records

    def record_lines(self) -> list[dict]:
        return [json.loads(line) for line in self.records.read_text(encoding="utf-8").splitlines() if line.strip()]

    def page_of(self, role: str) -> Path:
        for i, rec in enumerate(self.record_lines(), 1):
            if rec["source_file"] == self.sources[role]:
                return next(self.out.glob(f"doc-{i:04d}-*.html"))
        raise KeyError(role)


def run(args: list[str]) -> None:
    result = CliRunner().invoke(main, args, catch_exceptions=False)
    assert result.exit_code in (0, 1), result.output


@lru_cache(maxsize=1)
def build() -> Site:
    folder = Path(tempfile.mkdtemp(prefix="pressfacts_review_"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    inputs = folder / "in"
    inputs.mkdir()
    shutil.copy(REFERENCE, inputs / REFERENCE.name)
    shutil.copy(CORPUS / "govreport_2026_四川省.txt", inputs / "report.txt")
    meeting = (CORPUS / "xwlb_20231117_04.txt").read_text(encoding="utf-8")
    head, _, body = meeting.partition("\n")
    (inputs / "script.txt").write_text(f"{head}{INJECTED}\n{INJECTED_IMG}{body}", encoding="utf-8")
    crlf = (CORPUS / "xwlb_20250121_01.txt").read_text(encoding="utf-8").replace("\n", "\r\n")
    (inputs / "crlf.txt").write_bytes(crlf.encode("utf-8"))
    shutil.copy(CORPUS / "xwlb_20250721_04.txt", inputs / "deleted.txt")
    shutil.copy(CORPUS / "xwlb_20230524_09.txt", inputs / "changed.txt")
    sources = {"reference": f"in/{REFERENCE.name}", "report": "in/report.txt", "script": "in/script.txt", "crlf": "in/crlf.txt",
               "deleted": "in/deleted.txt", "changed": "in/changed.txt", "failed": "in/no_such_file.txt"}
    records = folder / "records.jsonl"
    old = os.getcwd()
    os.chdir(folder)  # source_file is the path as given, relative to where extract ran
    try:
        run(["run", *sources.values(), "-o", str(records), "--no-model", "--workers", "1", "--quiet"])
    finally:
        os.chdir(old)
    (inputs / "deleted.txt").unlink()
    with (inputs / "changed.txt").open("a", encoding="utf-8") as fh:
        fh.write("\n（本报记者）")
    out = folder / "review"
    # from another folder: the sources are found beside the records file, not the current folder
    run(["review", str(records), "-o", str(out), "--quiet"])
    return Site(folder, records, out, sources)
