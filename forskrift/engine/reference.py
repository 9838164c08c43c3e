"""The reference backend: every rule's conditions evaluated by the plain-Python three-valued evaluator."""

from __future__ import annotations

from ..conditions.reference import truth
from .outcome import Outcome, rule_parts

NAME = "reference"


class ReferenceEngine:
    name = NAME
    version = "1"

    def __init__(self, rulebook):
        self.rulebook = rulebook
        self._parts = [(rule.id, rule_parts(rule)) for rule in rulebook.rules]

    def evaluate(self, doc: dict, sid: str = "case") -> dict[str, Outcome]:
        out = {}
        for rid, parts in self._parts:
            values = {name: (truth(cond, doc) if cond is not None else None) for name, cond in parts.items()}
            out[rid] = Outcome(**values)
        return out
