"""The reference backend: every rule's conditions evaluated by the plain-Python three-valued evaluator, each
compiled to closures once per rulebook (conditions/reference.py)."""

from __future__ import annotations

from ..conditions.reference import compile_truth
from .outcome import NOT_APPLICABLE, Outcome, outcome, rule_parts

NAME = "reference"


class ReferenceEngine:
    name = NAME
    version = "1"

    def __init__(self, rulebook):
        self.rulebook = rulebook
        self._rules = []
        for rule in rulebook.rules:
            parts = rule_parts(rule)
            self._rules.append((rule.id, *(compile_truth(parts[name]) if parts[name] is not None else None
                                           for name in ("applies", "condition", "judgement"))))

    def evaluate(self, doc: dict, sid: str = "case") -> dict[str, Outcome]:
        out = {}
        env: dict = {}
        for rid, applies, condition, judgement in self._rules:
            applied = applies(doc, env) if applies is not None else None
            if applied is False:
                out[rid] = NOT_APPLICABLE
                continue
            out[rid] = outcome(applied, condition(doc, env) if condition is not None else None,
                               judgement(doc, env) if judgement is not None else None)
        return out
