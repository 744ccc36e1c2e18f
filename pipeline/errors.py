"""The one error type pressfacts raises, with a code and a location.

Codes are stable strings (E-READ-001 …) so failure files can be grouped and searched.
"""

from __future__ import annotations


class PressfactsError(Exception):
    """An error with a stable code, the stage it happened in and where (file, line)."""

    def __init__(self, code: str, message: str, *, stage: str = "", location: str = "") -> None:
        self.code = code
        self.message = message
        self.stage = stage
        self.location = location
        where = f"{location}: " if location else ""
        super().__init__(f"[{code}] {where}{message}")
