from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.runner import Options, Pipeline

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
REFERENCE = CORPUS / "000_534489a36b57a320.txt"


@pytest.fixture(scope="session")
def rules_pipeline() -> Pipeline:
    """Rules and gazetteers only (no model): fast, and what the rule tests exercise."""
    return Pipeline(Options(use_model=False))


@pytest.fixture(scope="session")
def full_pipeline() -> Pipeline:
    """The product as shipped: rules plus the trained NER model."""
    return Pipeline(Options(use_model=True))
