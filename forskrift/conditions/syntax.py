"""What a condition text may be, shared by the parser and its cache: the error of a text that does not parse and
how deeply a condition may nest."""

from __future__ import annotations

MAX_DEPTH = 100   # levels of the parse tree: parentheses, `not`, chained operators, nested quantifiers


class ConditionSyntaxError(ValueError):
    """The condition text does not parse. `line` and `column` are within the condition text."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None):
        super().__init__(message)
        self.line = line
        self.column = column
