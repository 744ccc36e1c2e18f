"""Every module of the package imports, and every third-party import is declared.

A module no other test touches could otherwise need a package that pyproject.toml does not name
and still pass CI; and an import inside a function (the training code's scipy) is only found when
that function runs. So: import every module, and read every ``import`` statement of ``pipeline/``
and ``tests/`` (at any depth) and check that its distribution is installed and declared.
"""
from __future__ import annotations

import ast
import importlib
import importlib.metadata
import importlib.util
import pkgutil
import re
import sys
from pathlib import Path

import pytest

import pipeline

ROOT = Path(__file__).resolve().parent.parent
OWN = {"pipeline", "tests"}


def _modules() -> list[str]:
    return [info.name for info in pkgutil.walk_packages(pipeline.__path__, "pipeline.")]


@pytest.mark.parametrize("name", _modules())
def test_every_module_imports(name: str) -> None:
    importlib.import_module(name)


def _imported_top_levels() -> dict[str, str]:
    """Top-level module name -> one file importing it, for every absolute import anywhere."""
    found: dict[str, str] = {}
    for folder in ("pipeline", "tests"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    names = [node.module]
                else:
                    continue
                for name in names:
                    found.setdefault(name.split(".")[0], str(path.relative_to(ROOT)))
    return {k: v for k, v in found.items() if k not in sys.stdlib_module_names and k not in OWN}


def _declared() -> set[str]:
    tomllib = pytest.importorskip("tomllib")  # Python 3.11+
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    requirements = list(project["dependencies"])
    for extra in project.get("optional-dependencies", {}).values():
        requirements += extra
    return {_canonical(re.match(r"[A-Za-z0-9._-]+", r).group(0)) for r in requirements}


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def test_scan_finds_the_known_imports() -> None:
    found = _imported_top_levels()
    assert {"spacy", "jieba", "pydantic", "click", "scipy", "pytest"} <= set(found)


def test_every_third_party_import_is_installed_and_declared() -> None:
    declared = _declared()
    distributions = importlib.metadata.packages_distributions()
    missing, undeclared = [], []
    for name, where in sorted(_imported_top_levels().items()):
        if importlib.util.find_spec(name) is None:
            missing.append(f"{name} ({where})")
            continue
        dists = {_canonical(d) for d in distributions.get(name, [])}
        if not dists & declared:
            undeclared.append(f"{name} ({where}; distribution {sorted(dists) or '?'})")
    assert not missing, f"imported but not installed: {missing}"
    assert not undeclared, f"imported but not declared in pyproject.toml: {undeclared}"
