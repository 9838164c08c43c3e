"""Turn an engine's outcome for each rule into findings: a status, the citations, the message in the chosen
language, the evidence in the document and the flags of legal honesty (interpretation, unverified text)."""

from __future__ import annotations

from .engine.outcome import Outcome
from .evidence import evidence_for
from .i18n import STATUS

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


_CITATIONS: dict = {}


def citations_of(rulebook, rule, lang: str) -> tuple[dict, list[dict]]:
    """(first citation, all citations) of a rule, made once per rulebook version, rule and language and then
    shared by every finding of that rule (treat them as read-only)."""
    key = (rulebook.id, rulebook.hash, rule.id, lang)
    if key not in _CITATIONS:
        cited = [citation(rulebook, ref, lang) for ref in rule.cites]
        _CITATIONS[key] = (cited[0], cited)
    return _CITATIONS[key]


def citation(rulebook, ref, lang: str = "nb") -> dict:
    provision = rulebook.provision(ref)
    return {
        "instrument": rulebook.instrument.id,
        "rulebook": rulebook.id,
        "provision": ref.key(),
        "ref": ref.to_data(),
        "text": rulebook.citation_text(ref),
        "url": rulebook.instrument.url,
        "paraphrase": provision.paraphrase.get(lang) if provision else None,
    }


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


def make_finding(rulebook, rule, outcome: Outcome, doc: dict, lang: str) -> dict:
    status, unknown_part = status_of(rule, outcome)
    first, cited = citations_of(rulebook, rule, lang)
    finding = {
        "rule": rule.id,
        "status": status,
        "blocking": rule.blocking,
        "citation": first,
        "citations": cited,
        "requirement": rule.requirement.get(lang),
        "message": "",
        "evidence": [],
        "missing": [],
        "interpretation": rule.interpretation.get(lang) if rule.interpretation else None,
        "judgement": None,
        "flags": {"interpretation": rule.interpretation is not None, "unverified": not rule.verified,
                  "needs_judgement": rule.judgement is not None},
        "source": None,
    }
    if rule.source:
        info = rulebook.sources.get(rule.source, {})
        finding["source"] = {"key": rule.source, **info}
    if status == "not_applicable":
        finding["message"] = f"{STATUS[status][lang]}: {rule.requirement.get(lang)}"
        return finding
    finding["evidence"] = evidence_for(_parts_for_evidence(rule), doc)
    if unknown_part:
        finding["missing"] = [e["pointer"] for e in evidence_for(_missing_part_nodes(rule, unknown_part), doc)
                              if e.get("missing")]
    if status == "needs_judgement":
        finding["judgement"] = rule.judgement.text.get(lang)
    custom = rule.messages.get(status)
    if custom is not None:
        text = custom.get(lang)
    else:
        text = f"{STATUS[status][lang]}: {rule.requirement.get(lang)}"
    if status == "needs_judgement":
        text += f" {finding['judgement']}"
    if finding["missing"]:
        label = "Mangler" if lang != "en" else "Missing"
        text += f" ({label}: {', '.join(finding['missing'])})"
    finding["message"] = text
    return finding
