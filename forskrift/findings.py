"""Turn an engine's outcome for each rule into a finding: language-neutral codes and figures.

A finding of a rule that does not apply holds its id and status only: nothing of the case was read for it, it
decides nothing, and what it cites is in the rulebook the result names (a behovsmelding meets some fifty rules
about other documents; their citations were a fifth of a result). Any other finding holds the rule's id, its
status, whether it blocks and the keys of the provisions it cites (the result's `provisions` table holds each
provision an applicable finding cites, once), the evidence in the document (the fields that decided it first,
marked `deciding`), the pointers of what is missing (only what leaves the rule open: `trace.missing_pointers`),
the flags of legal honesty (interpretation, unverified text), the source the rule rests on and — for a finding
not met, missing information, or needing judgement because a condition calls for it (and a met one of a rule
that asks for it, `explain_met`, with its margin) — `reasons`: what decided it, from the tracing pass of
`forskrift/trace.py`. No sentence in any language: the report (`forskrift/report/`) words it in bokmål,
nynorsk or English from the rulebook and these codes.
"""

from __future__ import annotations

from .conditions.absence import presence_paths
from .engine.outcome import Outcome
from .evidence import evidence_for
from .trace import deciding_pointers, explain, figures, missing_pointers

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


def provision_key(rulebook, ref) -> str:
    """A provision's key in a result: 'punkt 7.2 nr. 3' for the regulation; for a call or forum decision its
    whole citation ('Statsforvalteren i Rogaland, utlysning av tilretteleggingsmidler 2025/2026, punkt 2'), as
    one instrument's punkt 2 is not another's."""
    return rulebook.citation_text(ref) if rulebook.is_call else ref.key()


def cites_of(rulebook, rule) -> list[str]:
    """The keys of the provisions a rule cites ('punkt 7.2 nr. 3'), made once per rulebook version and rule."""
    key = (rulebook.id, rulebook.hash, rule.id)
    if key not in _CITES:
        _CITES[key] = [provision_key(rulebook, ref) for ref in rule.cites]
    return _CITES[key]


def citation(rulebook, ref) -> dict:
    """One row of a result's `provisions` table: the structured reference. Its key is the provision's Norwegian
    citation ('punkt 7.2 nr. 3'); the whole citation is the instrument's (`rulebook.citation`) and the key. A call's
    row names the call (its rulebook, kind, office and citation): its key is already its whole citation."""
    out = {"ref": ref.to_data()}
    if rulebook.is_call:   # cited as what it is, never as the regulation
        out.update(rulebook=rulebook.id, kind=rulebook.kind, office=rulebook.instrument.office,
                   citation=rulebook.instrument.citation)
    return out


_ROWS: dict = {}


def provision_rows(book) -> dict:
    """key → citation of every provision a rulebook's rules cite, each key once, in the rulebook's order of
    provisions; made once per rulebook version (it was a fifth of a full check on the reference engine). Read
    only: shared by every caller."""
    cache_key = (book.id, book.hash, book.folder)
    if cache_key not in _ROWS:
        table: dict = {}
        for rule in book.rules:
            for ref in rule.cites:
                key = provision_key(book, ref)
                if key not in table:
                    table[key] = citation(book, ref)
        _ROWS[cache_key] = {key: table[key] for key in sorted(table, key=_order_of(book))}
    return _ROWS[cache_key]


def provisions_table(rulebook, findings: list[dict], calls=()) -> dict:
    """key → citation for every provision the applicable findings cite: the regulation's in its order, then each
    call's."""
    wanted = {key for f in findings for key in f.get("cites", ())}
    out: dict = {}
    for book in (rulebook, *calls):
        out.update((key, dict(row)) for key, row in provision_rows(book).items() if key in wanted and key not in out)
    return out


def cited_text(result: dict, key: str) -> str:
    """The whole citation of a key of a result's `provisions` table."""
    entry = result.get("provisions", {}).get(key) or {}
    return key if "citation" in entry else f"{result['rulebook']['citation']} {key}"


def _order_of(rulebook):
    index = {provision_key(rulebook, p.ref): i for i, p in enumerate(rulebook.provisions)}
    return lambda key: (index.get(key, len(index)), key)


_EVIDENCE_NODES: dict[int, tuple] = {}


def _parts_for_evidence(rule) -> tuple:
    """The condition nodes whose fields are a finding's evidence, found once per rule (a Rule is frozen)."""
    hit = _EVIDENCE_NODES.get(id(rule))
    if hit is not None and hit[0] is rule:
        return hit[1]
    applies = rule.applies.items[1] if hasattr(rule.applies, "items") else None
    nodes = [n for n in (applies, rule.condition, rule.judgement.when if rule.judgement else None) if n is not None]
    nodes = tuple(nodes) + tuple(rule.evidence)
    _EVIDENCE_NODES[id(rule)] = (rule, nodes)
    return nodes


def _missing_part_nodes(rule, part):
    if part == "applies":
        return [rule.applies]
    if part == "condition":
        return [rule.condition]
    return [rule.judgement.when]


def _reasons(rule, status: str, unknown_part: str | None, doc: dict) -> list[dict]:
    if status == "met" and rule.explain_met and rule.condition is not None:
        return _with_margin(explain(rule.condition, doc, True))   # the figures that meet it, and the margin
    if status == "not_met":
        return explain(rule.condition, doc, False)
    if status == "missing_information":
        return explain(_missing_part_nodes(rule, unknown_part)[0], doc, None)
    if status == "needs_judgement" and rule.judgement.when is not None:
        called = explain(rule.judgement.when, doc, True)     # the figures that call for a judgement
        if rule.explain_met and rule.condition is not None:  # and those of the check it stands in for
            called += figures(rule.condition, doc)
        return called
    return []


def reasons_of(rule, status: str, unknown_part: str | None, doc: dict) -> list[dict]:
    """A finding's `reasons` (what decided it; [] where it has none) without the rest of the finding: `diff`
    words a changed rule's message from them and shows no evidence."""
    return _reasons(rule, status, unknown_part, doc) if status != "not_applicable" else []


def _with_margin(reasons: list[dict]) -> list[dict]:
    """The comparisons of a met finding's reasons marked for their margin ("det er 350 000 kr til overs")."""
    for reason in reasons:
        if reason.get("test") == "compare" and reason.get("holds") is True:
            reason["margin"] = True
    return reasons


def make_finding(rulebook, rule, outcome: Outcome, doc: dict, lang: str | None = None) -> dict:
    """The finding of one rule on one case (`lang` is accepted for callers of the old signature and unused:
    findings are language-neutral)."""
    status, unknown_part = status_of(rule, outcome)
    if status == "not_applicable":     # nothing of the case was read for it; what it cites is in the rulebook
        return {"rule": rule.id, "status": status}
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
    if unknown_part:     # what leaves the part unknown (else every absent field it reads)
        part = _missing_part_nodes(rule, unknown_part)
        finding["missing"] = missing_pointers(part[0], doc) or [
            e["pointer"] for e in evidence_for(part, doc) if e.get("missing")]
    reasons = _reasons(rule, status, unknown_part, doc)
    if reasons:
        finding["reasons"] = reasons
        deciding = deciding_pointers(reasons)
        if deciding:
            first = set(deciding)
            evidence = ([dict(e, deciding=True) for e in evidence if e["pointer"] in first]
                        + [e for e in evidence if e["pointer"] not in first])
    finding["evidence"] = evidence
    if status == "not_met" and rule.absence_fails is not None:
        ends = tuple("/" + "/".join(path.parts) for path in presence_paths(rule.condition) if path.parts)
        absent = [e["pointer"] for e in evidence_for([rule.condition], doc)
                  if e.get("missing") and e["pointer"].endswith(ends)]
        if absent:   # the rule declares why a silent document fails it (its reason is in the rulebook)
            finding["absence_fails"] = {"absent": absent}
    return finding
