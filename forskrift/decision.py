"""The decision over a case's findings, by one documented rule:

1. a blocking requirement that is not met → `not_eligible`, decided by those findings;
2. otherwise, a blocking requirement with missing information or needing judgement → `undetermined`,
   decided by those findings;
3. otherwise → `eligible`, decided by the blocking requirements that are met.

Non-blocking findings are reported, but never change the decision. The decision is codes (a status and the
ids of the rules that decided it); the report words it (`DECISION_RULE` in `forskrift/i18n.py` states the rule
in each language).

When a case is checked against calls or forum decisions besides the regulation, `rests_on` says which instrument
wrote each deciding rule, so that a refusal on a call's condition is not read as a refusal under the regulation.
"""

from __future__ import annotations


def decide(findings: list[dict], lang: str | None = None) -> dict:
    """The decision over the findings (`lang` is unused: kept for callers of the old signature)."""
    blocking = [f for f in findings if f.get("blocking")]   # a rule that does not apply decides nothing
    failed = [f["rule"] for f in blocking if f["status"] == "not_met"]
    if failed:
        status, by = "not_eligible", failed
    else:
        open_ = [f["rule"] for f in blocking if f["status"] in ("missing_information", "needs_judgement")]
        if open_:
            status, by = "undetermined", open_
        else:
            status, by = "eligible", [f["rule"] for f in blocking if f["status"] == "met"]
    return {"status": status, "decided_by": by}


def rests_on(decision: dict, owner: dict) -> list[dict]:
    """The instruments of the deciding rules, in order of first appearance: regulation, call or forum decision.
    `owner` maps a rule id to the rulebook that wrote it."""
    out: dict[str, dict] = {}
    for rid in decision["decided_by"]:
        book = owner[rid]
        entry = out.setdefault(book.id, {"rulebook": book.id, "kind": book.kind, "instrument": book.instrument.id,
                                         "citation": book.instrument.citation, "rules": []})
        entry["rules"].append(rid)
    return list(out.values())
