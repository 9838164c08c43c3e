"""Errors the user can act on: each names where the problem is (file, line or JSON pointer) and what was expected."""

from __future__ import annotations


class ForskriftError(Exception):
    """An error in the user's input or usage: reported as one clear message, exit code 2, never a traceback."""

    def __init__(self, message: str, *, file: str | None = None, line: int | None = None,
                 pointer: str | None = None):
        super().__init__(message)
        self.message = message
        self.file = file
        self.line = line
        self.pointer = pointer

    def where(self) -> str:
        parts = []
        if self.file:
            parts.append(self.file + (f":{self.line}" if self.line else ""))
        if self.pointer is not None:
            parts.append(f"at {self.pointer or '/'}")
        return " ".join(parts)

    def __str__(self) -> str:
        where = self.where()
        return f"{where}: {self.message}" if where else self.message

    def to_json(self) -> dict:
        out = {"message": self.message}
        if self.file:
            out["file"] = self.file
        if self.line:
            out["line"] = self.line
        if self.pointer is not None:
            out["pointer"] = self.pointer
        return out


class DocumentError(ForskriftError):
    """A case file that cannot be read or does not satisfy its schema. `problems`: every schema problem
    (forskrift/documents/problems.py), each with its JSON pointer, field label and what was expected."""

    def __init__(self, message: str, *, problems=None, **where):
        super().__init__(message, **where)
        self.problems = list(problems or [])

    def to_json(self) -> dict:
        out = super().to_json()
        if self.problems:
            out["problems"] = [p.to_json() for p in self.problems]
        return out


class RuleFileError(ForskriftError):
    """A rulebook or rule file that cannot be loaded."""


class UsageError(ForskriftError):
    """A command used in a way it cannot be carried out (unknown rulebook, no rulebook for a date...)."""


class EvaluationError(ForskriftError):
    """The engine failed on a case (e.g. a durable-rules limit): reported for that case, the batch goes on."""
