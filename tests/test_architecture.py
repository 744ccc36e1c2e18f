"""Stages import only stages before them: read -> segment -> recognise -> extract -> records -> write -> review."""

from __future__ import annotations

import ast

import pytest

from tests.conftest import ROOT

# Lower number = earlier stage. A module may import its own stage or earlier ones.
ORDER = {
    "pipeline.errors": 0, "pipeline.document": 0, "pipeline.resources": 0, "pipeline.patterns": 0,
    "pipeline.read": 1, "pipeline.normalise": 1, "pipeline.segment": 2, "pipeline.recognise": 3, "pipeline.extract": 4,
    "pipeline.records": 5, "pipeline.write": 6, "pipeline.database": 6, "pipeline.options": 7, "pipeline.runner": 7,
    "pipeline.batch": 7, "pipeline.isolate": 7, "pipeline.forkserver_warm": 7, "pipeline.review": 8,
}


def stage_of(module: str) -> int | None:
    best = None
    for prefix, rank in ORDER.items():
        if module == prefix or module.startswith(prefix + "."):
            best = rank
    return best


def modules():
    for path in sorted((ROOT / "pipeline").rglob("*.py")):
        rel = path.relative_to(ROOT).with_suffix("")
        name = ".".join(rel.parts).removesuffix(".__init__")
        yield name, path


@pytest.mark.parametrize(("name", "path"), list(modules()), ids=lambda v: str(v))
def test_imports_flow_one_way(name: str, path) -> None:
    own = stage_of(name)
    if own is None:
        return  # cli, training, database loaders sit outside the flow
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        targets = []
        if isinstance(node, ast.ImportFrom) and node.module:
            targets = [node.module]
        elif isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        for target in targets:
            rank = stage_of(target)
            assert rank is None or rank <= own, f"{name} (stage {own}) imports {target} (stage {rank})"


def test_only_cli_imports_click() -> None:
    for name, path in modules():
        if name == "pipeline.cli":
            continue
        assert "import click" not in path.read_text(encoding="utf-8"), name


def test_batch_driver_imports_no_nlp_stage() -> None:
    """The main process of a --workers N run only reads, hashes and writes: importing the CLI and
    the batch driver must not pull in spaCy or jieba (it would delay every worker's start)."""
    import subprocess
    import sys

    code = ("import sys, pipeline.cli, pipeline.batch; "
            "heavy = sorted(m for m in ('spacy', 'jieba', 'thinc', 'pipeline.runner') if m in sys.modules); "
            "print(','.join(heavy))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"imported at start-up: {out.stdout.strip()}"
