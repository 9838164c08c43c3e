"""The decision over a case's findings, by one documented rule:

1. a blocking requirement that is not met → `not_eligible`, decided by those findings;
2. otherwise, a blocking requirement with missing information or needing judgement → `undetermined`,
   decided by those findings;
3. otherwise → `eligible`, decided by the blocking requirements that are met.

Non-blocking findings are reported, but never change the decision. The decision is codes (a status and the
ids of the rules that decided it); the report words it (`DECISION_RULE` in `forskrift/i18n.py` states the rule
in each language).
"""

from __future__ import annotations


def decide(findings: list[dict], lang: str | None = None) -> dict:
    """The decision over the findings (`lang` is unused: kept for callers of the old signature)."""
    blocking = [f for f in findings if f["blocking"]]
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
