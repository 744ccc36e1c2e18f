"""Data files shipped with the package (lexicons, patterns, gazetteers), loaded and validated once.

Every row is validated by a pydantic model; an error names the file and the line.
Each file's source is noted in resources/README.md.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from pipeline.errors import PressfactsError

RESOURCE_DIR = Path(__file__).resolve().parent
NER_MODEL_DIR = RESOURCE_DIR.parent / "models" / "ner"  # the shipped spaCy NER pipeline (a directory)

Row = TypeVar("Row", bound=BaseModel)


def resource_path(name: str) -> Path:
    return RESOURCE_DIR / name


def load_tsv(path: Path, row_model: type[Row]) -> list[Row]:
    """Rows of a UTF-8 TSV with a header line; '#' lines are comments. Errors carry file:line."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as e:
        raise PressfactsError("E-RESOURCE-READ", f"cannot read resource: {e}", stage="resources",
                              location=str(path)) from e
    header: list[str] | None = None
    rows: list[Row] = []
    for line_no, line in enumerate(lines, start=1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if header is None:
            header = [c.strip() for c in cells]
            missing = [f for f in row_model.model_fields if f not in header and row_model.model_fields[f].is_required()]
            if missing:
                raise PressfactsError("E-RESOURCE-HEADER", f"header lacks columns {missing}; got {header}",
                                      stage="resources", location=f"{path}:{line_no}")
            continue
        if len(cells) != len(header):
            raise PressfactsError("E-RESOURCE-ROW", f"expected {len(header)} tab-separated cells, got {len(cells)}",
                                  stage="resources", location=f"{path}:{line_no}")
        values = {k: v for k, v in zip(header, cells) if v != ""}
        try:
            rows.append(row_model.model_validate(values))
        except ValidationError as e:
            first = e.errors()[0]
            raise PressfactsError("E-RESOURCE-ROW", f"{'.'.join(map(str, first['loc']))}: {first['msg']}",
                                  stage="resources", location=f"{path}:{line_no}") from e
    if header is None:
        raise PressfactsError("E-RESOURCE-EMPTY", "has no header line", stage="resources", location=str(path))
    return rows


def load_word_list(path: Path) -> list[str]:
    """One term per line ('#' comments and blank lines skipped); terms must not contain whitespace."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as e:
        raise PressfactsError("E-RESOURCE-READ", f"cannot read resource: {e}", stage="resources",
                              location=str(path)) from e
    words = []
    for line_no, line in enumerate(lines, start=1):
        term = line.split("#", 1)[0].strip()
        if not term:
            continue
        if any(ch.isspace() for ch in term):
            raise PressfactsError("E-RESOURCE-ROW", f"term {term!r} contains whitespace", stage="resources",
                                  location=f"{path}:{line_no}")
        words.append(term)
    return words


@cache
def word_list(name: str) -> tuple[str, ...]:
    return tuple(load_word_list(resource_path(name)))
