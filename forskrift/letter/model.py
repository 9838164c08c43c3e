"""What a draft decision letter says, computed from a check result (with the caseworker's judgements) and the
case document: the one place where the letter reads results, so that the templates only lay it out.

The letter's kind follows the decision: `eligible` gives a tilsagn, `not_eligible` an avslag, and `undetermined`
a draft that says first what is still open and holds no decision (no grant, no refusal, no appeal).
"""

from __future__ import annotations

import datetime as _dt
from functools import lru_cache
from pathlib import Path

from ..errors import UsageError
from ..rulebook.yamlsafe import load_yaml_file

LANGS = ("nb", "nn")
MONTHS = ("januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september", "oktober",
          "november", "desember")
SCHEMES = {
    "desentralisert_skole": {"nb": "Desentralisert ordning for kompetanseutvikling i skolen",
                             "nn": "Desentralisert ordning for kompetanseutvikling i skulen"},
    "regional_barnehage": {"nb": "Regional ordning for kompetanseutvikling i barnehagen",
                           "nn": "Regional ordning for kompetanseutvikling i barnehagen"},
    "kompetanseloftet": {"nb": "Kompetanseløftet for spesialpedagogikk og inkluderende praksis",
                         "nn": "Kompetanseløftet for spesialpedagogikk og inkluderande praksis"},
}
KOLLEKTIV = {"nb": "Tilskudd til kollektiv kompetanseutvikling i barnehage og grunnskole",
             "nn": "Tilskot til kollektiv kompetanseutvikling i barnehage og grunnskule"}


def templates_dir() -> Path:
    return Path(__file__).resolve().parent / "templates"


@lru_cache(maxsize=8)
def phrases(lang: str, folder: str | None = None) -> dict:
    """The fixed wording in `lang` (templates/phrases-<lang>.yaml)."""
    path = Path(folder or templates_dir()) / f"phrases-{lang}.yaml"
    return load_yaml_file(path)[0]


def written_standard(doc: dict) -> tuple[str, str]:
    """(nb or nn, why): the owners' chosen written standard (case.applicant.owners[].written_standard).

    Owners of a network who chose differently get bokmål, and the reason says so; an owner who has not stated a
    standard gets bokmål (the letter's default), the reason saying that too."""
    owners = doc.get("case", {}).get("applicant", {}).get("owners", [])
    chosen = {o.get("written_standard") for o in owners}
    if chosen == {"nn"}:
        return "nn", "the applicant's chosen written standard (nynorsk)"
    if chosen == {"nb"}:
        return "nb", "the applicant's chosen written standard (bokmål)"
    if {"nb", "nn"} <= chosen:
        return "nb", "the owners chose different written standards; bokmål (set --lang to choose)"
    return "nb", "no written standard stated for the applicant; bokmål by default"


def kroner(amount) -> str:
    if amount is None:
        return ""
    whole = f"{round(amount):,}".replace(",", "\u00a0")
    return f"kr\u00a0{whole}"


def long_date(iso: str | None) -> str:
    if not iso:
        return ""
    day = _dt.date.fromisoformat(iso[:10])
    return f"{day.day}. {MONTHS[day.month - 1]} {day.year}"


def _is_application(result: dict) -> bool:
    return result["case"].get("kind", "behovsmelding") == "behovsmelding"


def _fill(text: str, **values) -> str:
    for key, value in values.items():
        text = text.replace("{" + key + "}", str(value))
    return text


def build(result: dict, doc: dict, lang: str, *, today: str | None = None, folder: str | None = None) -> dict:
    """The letter's content: everything the templates show, already worded in `lang`."""
    if lang not in LANGS:
        raise UsageError(f"--lang {lang!r}: a letter is written in nb (bokmål) or nn (nynorsk)")
    if not _is_application(result):
        raise UsageError(f"a decision letter answers an application (behovsmelding); case {result['case']['id']} "
                         f"is a {result['case'].get('kind')}")
    p = phrases(lang, folder)
    rb = result["rulebook"]
    section = p["rulebooks"].get(rb["id"], {})
    default = p["rulebooks"]["default"]
    case = doc["case"]
    bm = doc.get("behovsmelding", {})
    owners = case.get("applicant", {}).get("owners", [])
    status = result["decision"]["status"]
    scheme = case.get("scheme")
    amount = bm.get("budget", {}).get("amount_applied")
    recipients = " og ".join(o["name"] for o in owners) if len(owners) < 3 else \
        ", ".join(o["name"] for o in owners[:-1]) + " og " + owners[-1]["name"]
    office = _fill(p["office"], county=case["statsforvalter"]) if case.get("statsforvalter") else p["office_none"]
    from ..report import build_report
    report = build_report(result, lang)                # the ONE report model: the findings in `lang`'s words
    caseworker = {f["rule"]: f.get("caseworker", []) for f in result["findings"]}
    by_rule = {f.rule: (g, f) for g in report.groups for f in g.findings}
    judged = result.get("judgements") or {}
    letter = {
        "lang": lang, "p": p, "kind": status, "draft": p["draft"], "title": p["title"][status],
        "office": office, "date": long_date(today or _dt.date.today().isoformat()), "our_ref": case["id"],
        "recipients": [{"name": o["name"], "org_number": o.get("org_number", ""),
                        "account_number": o.get("account_number", ""), "municipality": o.get("municipality", "")}
                       for o in owners],
        "intro": _fill(p["intro"], instrument=rb["citation"]),
        "applied": _applied(p, lang, case, bm, scheme, amount),
        "facts": _facts(p, doc, bm),
        "legal_basis": {"intro": _legal_basis_intro(p, rb),
                        "provisions": _provisions(report), "fvl": p["legal_basis_fvl"]},
        "assessment": _assessment(p, report, caseworker),
        "open": _open(p, report) if status == "undetermined" else [],
        "not_applied": [f"{n['rule']}: {n['reason']}" for n in judged.get("not_applied", [])],
        "decision": None, "conditions": [], "reporting": [], "grant_letter": None,
        "appeal": None, "access": None,
        "closing": p["closing"], "signature": p["signature"],
        "record": {"rulebook": rb["id"], "rulebook_hash": rb["hash"], "document_hash": result["document_hash"],
                   "judgements": judged.get("file"), "text_verified": rb["text_verified"]},
    }
    if status == "undetermined":
        return letter
    text = p["decision"][status]
    letter["decision"] = {
        "text": _fill(text, recipients=recipients, amount=kroner(amount) or p["not_stated"],
                      grant_year=case.get("grant_year", "")),
        "amount_note": p["amount_note"] if status == "eligible" else "",
        "reason_intro": p["decision"]["not_eligible_reason"] if status == "not_eligible" else "",
        "reasons": [f"{by_rule[r][0].citation}: {by_rule[r][1].requirement}"
                    for r in result["decision"]["decided_by"] if r in by_rule] if status == "not_eligible" else [],
    }
    if status == "eligible":
        letter["conditions"] = _for_scheme(section.get("conditions", default["conditions"]), scheme)
        letter["reporting"] = _for_scheme(section.get("reporting", default["reporting"]), scheme)
        if "grant_letter" in section:
            letter["grant_letter"] = {"intro": section["grant_letter_intro"], "items": section["grant_letter"]}
    letter["appeal"] = _fill(p["appeal"], office=office) + " " + \
        " ".join(section.get("appeal_body", default["appeal_body"]).split())
    letter["access"] = p["access"]
    return letter


def _legal_basis_intro(p: dict, rb: dict) -> str:
    text = p["legal_basis_intro"]
    if rb["title"].casefold() == rb["citation"].casefold():      # the citation is the title: say it once
        text = text.replace(" ({title})", "")
    return _fill(text, instrument=rb["citation"], title=rb["title"])


def _for_scheme(items: list, scheme: str | None) -> list[str]:
    out = []
    for item in items:
        if isinstance(item, dict):
            if scheme in item.get("schemes", ()):
                out.append(item["text"])
        else:
            out.append(item)
    return out


def _applied(p: dict, lang: str, case: dict, bm: dict, scheme, amount) -> dict:
    measures = []
    for m in bm.get("measures", []):
        period = " – ".join(long_date(d) for d in (m.get("start"), m.get("end")) if d)
        extra = f"{m['participants']} {p['participants']}" if m.get("participants") else ""
        measures.append({"title": m.get("title", ""), "amount": kroner(m.get("amount")), "period": period,
                         "participants": extra, "description": m.get("description", "")})
    return {"scheme": SCHEMES.get(scheme, {}).get(lang) or KOLLEKTIV[lang],
            "grant_year": case.get("grant_year", ""), "amount": kroner(amount) or p["not_stated"],
            "submitted_on": long_date(bm.get("submitted_on")), "measures": measures}


def _facts(p: dict, doc: dict, bm: dict) -> list[dict]:
    """The main facts the decision rests on, as the case document states them."""
    facts = []
    owners = doc["case"].get("applicant", {}).get("owners", [])
    facts.append({"label": p["owners"], "value": "; ".join(
        f"{o['name']} ({p['org_number']} {o.get('org_number', '')})" for o in owners)})
    partners = doc.get("partnerskap", {}).get("partners", [])
    facts.append({"label": p["partners"],
                  "value": "; ".join(x.get("name", "") for x in partners) or p["not_stated"]})
    needs = bm.get("needs_assessment", {})
    if needs:
        facts.append({"label": p["needs_assessment"], "value": long_date(needs.get("made_on")) or p["not_stated"]})
        involved = needs.get("employees_involved")
        facts.append({"label": p["employees_involved"],
                      "value": p["not_stated"] if involved is None else p["answer_yes" if involved else "answer_no"]})
    own = bm.get("egenandel") or bm.get("egeninnsats")
    if own:
        value = kroner(own.get("amount")) if isinstance(own, dict) and own.get("amount") is not None else ""
        text = own.get("description", "") if isinstance(own, dict) else ""
        facts.append({"label": p["own_contribution"], "value": ", ".join(v for v in (value, text) if v)})
    return facts


def _provisions(report) -> list[str]:
    """Every provision the applicable findings cite, once, in the regulation's order."""
    seen: dict[str, None] = {}
    for group in report.groups:
        seen.setdefault(group.citation, None)
        for finding in group.findings:
            for cited in finding.cites:
                seen.setdefault(cited, None)
    return list(seen)


def _assessment(p: dict, report, caseworker: dict) -> list[dict]:
    """Per provision (in the regulation's order): each requirement, its outcome, what was found, and the
    caseworker's conclusion and reason."""
    out = []
    for group in report.groups:
        items = []
        for f in group.findings:
            entries = []
            for entry in caseworker.get(f.rule, ()):
                label = p["information_received"] if entry["conclusion"] == "information_received" else \
                    f"{p['caseworker']}: {p['status'][entry['conclusion']]}"
                entries.append({"label": label, "reason": entry["reason"], "by": entry["by"],
                                "at": long_date(entry["at"])})
            evidence = [e for e in f.evidence if e.deciding][:6] or list(f.evidence[:6])
            items.append({
                "rule": f.rule, "requirement": f.requirement, "status": p["status"][f.status],
                "status_code": f.status, "blocking": f.blocking,
                "evidence": list(f.explanation) + [_evidence(e, p) for e in evidence],
                "interpretation": f.interpretation or "", "caseworker": entries,
            })
        out.append({"citation": group.citation, "items": items})
    return out


def _evidence(row, p: dict) -> str:
    if row.missing:
        return f"{row.label}: {p['not_stated']}"
    text = row.value or ""
    return f"{row.label}: {text if len(text) <= 160 else text[:157] + '...'}"


def _open(p: dict, report) -> list[dict]:
    out = []
    for group in report.groups:
        for f in group.findings:
            if not f.blocking or f.status not in ("missing_information", "needs_judgement"):
                continue
            if f.status == "missing_information":
                what = f"{p['open_missing']}: {', '.join(f.missing)}" if f.missing else p["status"][f.status]
            else:
                what = f"{p['open_judgement']}: {f.judgement or ''}".rstrip(": ")
            out.append({"citation": group.citation, "requirement": f.requirement, "what": what})
    return out
