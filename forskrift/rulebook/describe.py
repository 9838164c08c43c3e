"""A rulebook described as plain data: its summary and its provisions and rules (for `forskrift rules` and
the web page)."""

from __future__ import annotations


def summary(rb) -> dict:
    """A rulebook in a few fields: what `rules` lists and the web page's index shows."""
    return {"id": rb.id, "instrument": rb.instrument.id, "title": rb.instrument.title, "status": rb.status,
            "valid_from": rb.valid_from, "valid_to": rb.valid_to, "text_verified": rb.text_verified,
            "reads": list(rb.reads), "provisions": len(rb.provisions), "rules": len(rb.rules), "hash": rb.hash,
            **(_call(rb) if rb.is_call else {})}


def _call(rb) -> dict:
    """What a call or forum decision adds: what it is, whose, on which regulation, for which cases, its money."""
    return {"kind": rb.kind, "office": rb.instrument.office, "date": rb.instrument.date, "builds_on": rb.builds_on,
            "applies_to": list(rb.applies_to), "citation": rb.instrument.citation,
            "frame": None if rb.frame is None else {"amount": rb.frame["amount"],
                                                     "provision": rb.frame["provision"].key()}}


def detail(rb, lang) -> dict:
    """A rulebook's provisions and rules, with the texts in `lang`."""
    out = summary(rb)
    by_ref: dict = {}
    for rule in rb.rules:
        for ref in rule.cites:
            by_ref.setdefault(ref, []).append(rule.id)
    out["amends"] = rb.amends
    out["provisions"] = [{
        "provision": p.ref.key(), "citation": rb.citation_text(p.ref), "ref": p.ref.to_data(),
        "paraphrase": p.paraphrase.get(lang), "rules": by_ref.get(p.ref, []),
        "no_check": p.no_check.get(lang) if p.no_check else None, "origin": p.origin,
    } for p in rb.provisions]
    out["rules"] = [{
        "id": r.id, "cites": [c.key() for c in r.cites], "document": r.document, "applies_when": r.applies_text,
        "condition": r.condition_text, "blocking": r.blocking, "requirement": r.requirement.get(lang),
        "interpretation": r.interpretation.get(lang) if r.interpretation else None,
        "judgement": r.judgement.text.get(lang) if r.judgement else None, "source": r.source,
        "verified": r.verified, "file": r.file, "line": r.line, "origin": r.origin,
        "absence_fails": r.absence_fails.get(lang) if r.absence_fails else None,
    } for r in rb.rules]
    out["absence_fails"] = [r.id for r in rb.rules if r.absence_fails is not None]
    out["blocking_interpretations"] = [r.id for r in rb.rules if r.blocking and r.interpretation is not None]
    return out
