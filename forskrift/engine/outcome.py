"""What an engine answers for one rule on one case: three truth values (True, False, None for unknown)."""

from __future__ import annotations

from dataclasses import dataclass

from ..conditions.tree import Const


@dataclass(frozen=True)
class Outcome:
    """When a rule does not apply (applies is False), nothing else of it is evaluated: condition and judgement
    are then None in every engine (the finding is "not applicable" whatever they would be)."""

    applies: bool | None
    condition: bool | None     # None also when the rule has no condition
    judgement: bool | None     # whether judgement is called for; None when unknown or the rule has none


NOT_APPLICABLE = Outcome(False, None, None)

_OUTCOMES: dict[tuple, Outcome] = {(False, None, None): NOT_APPLICABLE}


def outcome(applies: bool | None, condition: bool | None, judgement: bool | None) -> Outcome:
    """The one Outcome of these three values (27 exist; an engine answers for every rule of every case, and
    making a frozen dataclass costs more than finding it)."""
    key = (applies, condition, judgement)
    found = _OUTCOMES.get(key)
    if found is None:
        found = _OUTCOMES[key] = Outcome(applies, condition, judgement)
    return found

PARTS = ("applies", "condition", "judgement")


def rule_parts(rule):
    """The typed conditions of a rule's three parts (None where a part is absent)."""
    when = None
    if rule.judgement is not None:
        when = rule.judgement.when if rule.judgement.when is not None else Const(True)
    return {"applies": rule.applies, "condition": rule.condition, "judgement": when}
