"""Turn an engine's outcome for each rule into a finding: language-neutral codes and figures.

A finding holds the rule's id, its status, whether it blocks and the keys of the provisions it cites (the
result's `provisions` table holds each cited provision once). Unless the rule does not apply, it also holds the
evidence in the document (the fields that decided it first, marked `deciding`), the pointers of what is
missing, the flags of legal honesty (interpretation, unverified text), the source the rule rests on and — for a
finding not met, missing information, or needing judgement because a condition calls for it — `reasons`: what
decided it, from the tracing pass of `forskrift/trace.py`. No sentence in any language: the report
(`forskrift/report/`) words it in bokmål, nynorsk or English from the rulebook and these codes.
"""

from __future__ import annotations

from .engine.outcome import Outcome
from .evidence import evidence_for
from .trace import deciding_pointers, explain

STATUSES = ("met", "not_met", "missing_information", "needs_judgement", "not_applicable")


def status_of(rule, outcome: Outcome) -> tuple[str, str | None]:
    """(status, the part whose unknown value made the information missing)."""
    if outcome.applies is False:
        return "not_applicable", None
    if outcome.applies is None:
        return "missing_information", "applies"
    if rule.condition is not None:
        if outcome.condition is False:
            return "not_met", None
        if outcome.condition is None:
            return "missing_information", "condition"
    if rule.judgement is not None:
        if outcome.judgement is None:
            return "missing_information", "judgement"
        if outcome.judgement:
            return "needs_judgement", None
    return "met", None


_CITES: dict = {}


def cites_of(rulebook, rule) -> list[str]:
    """The keys of the provisions a rule cites ('punkt 7.2 nr. 3'), made once per rulebook version and rule."""
    key = (rulebook.id, rulebook.hash, rule.id)
    if key not in _CITES:
        _CITES[key] = [ref.key() for ref in rule.cites]
    return _CITES[key]


def citation(rulebook, ref) -> dict:
    """One row of a result's `provisions` table: the structured reference. Its key is the provision's Norwegian
    citation ('punkt 7.2 nr. 3'); the whole citation is the instrument's (`rulebook.citation`) and the key."""
    return {"ref": ref.to_data()}


def provisions_table(rulebook, findings: list[dict]) -> dict:
    """key → citation for every provision the findings cite, in the rulebook's order."""
    wanted = {key for f in findings for key in f["cites"]}
    table: dict = {}
    for rule in rulebook.rules:
        for ref in rule.cites:
            key = ref.key()
            if key in wanted and key not in table:
                table[key] = citation(rulebook, ref)
    return {key: table[key] for key in sorted(table, key=_order_of(rulebook))}


def _order_of(rulebook):
    index = {p.ref.key(): i for i, p in enumerate(rulebook.provisions)}
    return lambda key: (index.get(key, len(index)), key)


def _parts_for_evidence(rule):
    applies = rule.applies.items[1] if hasattr(rule.applies, "items") else None
    nodes = [n for n in (applies, rule.condition, rule.judgement.when if rule.judgement else None) if n is not None]
    return nodes + list(rule.evidence)


def _missing_part_nodes(rule, part):
    if part == "applies":
        return [rule.applies]
    if part == "condition":
        return [rule.condition]
    return [rule.judgement.when]


def _reasons(rule, status: str, unknown_part: str | None, doc: dict) -> list[dict]:
    if status == "not_met":
        return explain(rule.condition, doc, False)
    if status == "missing_information":
        return explain(_missing_part_nodes(rule, unknown_part)[0], doc, None)
    if status == "needs_judgement" and rule.judgement.when is not None:
        return explain(rule.judgement.when, doc, True)     # the figures that call for a judgement
    return []


def make_finding(rulebook, rule, outcome: Outcome, doc: dict, lang: str | None = None) -> dict:
    """The finding of one rule on one case (`lang` is accepted for callers of the old signature and unused:
    findings are language-neutral)."""
    status, unknown_part = status_of(rule, outcome)
    if status == "not_applicable":     # the rule and what it cites; nothing of the case was read for it
        return {"rule": rule.id, "status": status, "blocking": rule.blocking, "cites": cites_of(rulebook, rule)}
    finding = {
        "rule": rule.id,
        "status": status,
        "blocking": rule.blocking,
        "cites": cites_of(rulebook, rule),
        "evidence": [],
        "missing": [],
        "flags": {"interpretation": rule.interpretation is not None, "unverified": not rule.verified,
                  "needs_judgement": rule.judgement is not None},
        "source": rule.source,
    }
    evidence = evidence_for(_parts_for_evidence(rule), doc)
    if unknown_part:
        finding["missing"] = [e["pointer"] for e in evidence_for(_missing_part_nodes(rule, unknown_part), doc)
                              if e.get("missing")]
    reasons = _reasons(rule, status, unknown_part, doc)
    if reasons:
        finding["reasons"] = reasons
        deciding = deciding_pointers(reasons)
        if deciding:
            first = set(deciding)
            evidence = ([dict(e, deciding=True) for e in evidence if e["pointer"] in first]
                        + [e for e in evidence if e["pointer"] not in first])
    finding["evidence"] = evidence
    return finding
