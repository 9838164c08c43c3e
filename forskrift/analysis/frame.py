"""The sum over an office's applications compared with its call's frame (`forskrift sum`).

A call sets aside an amount (`frame` in its rulebook.yaml, e.g. Rogaland's NOK 8 021 700 for 2025/2026). No
single application can break it; the question is whether the applications to the office, together, fit in it.
Every application is checked as `forskrift check` checks it (the regulation and the calls of its office and
date, or the call named), grouped by the call it was checked against, and added up by decision:

- applied: every application's students' amounts;
- eligible, undetermined, not eligible: the same, split by the application's decision;
- the difference between the frame and the amount of the applications that are eligible or undetermined (those
  that may still be granted). When it is negative, the frame does not suffice and the call's priority applies.

Each figure is shown with the amounts it adds up, so that the arithmetic can be followed. An application whose
students do not all state an amount is counted with the amounts it states and listed as incomplete: the sum is
then a lower bound, and the report says so.
"""

from __future__ import annotations

from ..check import Checker, case_files
from ..documents.read import read_json_file
from ..errors import ForskriftError

DOCUMENT = "tilretteleggingssoknad"
COUNTED = ("eligible", "undetermined")       # decisions whose amounts may still be granted


def _amounts(doc: dict, document: str) -> tuple[list[int], int]:
    """(the students' stated amounts, how many students state none)."""
    students = doc.get(document, {}).get("students", [])
    stated = [s["amount"] for s in students if isinstance(s.get("amount"), int)]
    return stated, len(students) - len(stated)


def tally(paths, *, rules: str | None = None, engine: str | None = None, lang: str = "nb") -> dict:
    """Check the applications under `paths` and add them up per call; see the module docstring."""
    checker = Checker(rules=rules, engine=engine, lang=lang, warn=lambda _m: None)
    calls: dict[str, dict] = {}
    without_call, errors = [], []
    for item in case_files(paths):
        if isinstance(item, tuple):
            errors.append({"file": str(item[0]), "error": item[1].to_json()})
            continue
        try:
            doc = read_json_file(item)
            result = checker.check_document(doc, str(item))
        except ForskriftError as exc:
            errors.append({"file": str(item), "error": exc.to_json()})
            continue
        framed = [checker.calls_seen[c["id"]] for c in result.get("calls", [])
                  if checker.calls_seen[c["id"]].frame is not None]
        if result["case"].get("kind") != DOCUMENT:
            continue
        if not framed:
            without_call.append({"case": result["case"]["id"], "file": str(item),
                                 "office": doc["case"].get("statsforvalter"), "date": result["case"]["date"]})
            continue
        for call in framed:
            stated, unstated = _amounts(doc, call.frame["document"])
            entry = calls.setdefault(call.id, {"call": call, "applications": []})
            entry["applications"].append({
                "case": result["case"]["id"], "file": str(item),
                "owner": (doc[call.frame["document"]].get("owner") or {}).get("name"),
                "students": len(stated) + unstated, "amounts": stated, "amount": sum(stated),
                "students_without_amount": unstated, "decision": result["decision"]["status"],
                "decided_by": result["decision"]["decided_by"]})
    return {"calls": [_totals(entry["call"], entry["applications"], lang) for entry in calls.values()],
            "without_call": without_call, "errors": errors}


def _totals(call, applications: list[dict], lang: str) -> dict:
    frame = call.frame
    by_decision = {status: [a for a in applications if a["decision"] == status]
                   for status in ("eligible", "undetermined", "not_eligible")}
    counted = [a for a in applications if a["decision"] in COUNTED]
    applied = sum(a["amount"] for a in applications)
    may_be_granted = sum(a["amount"] for a in counted)
    return {
        "call": call.id, "citation": call.citation_text(frame["provision"], lang), "office": call.instrument.office,
        "text_verified": call.text_verified,
        "frame": {"amount": frame["amount"], "basis": frame["basis"].get(lang)},
        "applications": applications,
        "applied": applied,
        "by_decision": {status: sum(a["amount"] for a in items) for status, items in by_decision.items()},
        "may_be_granted": may_be_granted,
        "difference": frame["amount"] - may_be_granted,     # frame − (eligible + undetermined); < 0: over
        "within_frame": may_be_granted <= frame["amount"],
        "incomplete": sum(a["students_without_amount"] for a in applications),
    }


def kr(amount: int) -> str:
    """An amount in kroner, thousands grouped as Norwegian style does: 8 021 700 kr."""
    return f"{amount:,}".replace(",", " ").replace("- ", "-") + " kr"


_WORDS = {
    "nb": {"frame": "Ramme", "applications": "søknader", "students": "studenter", "applied": "Søkt i alt",
           "eligible": "i orden", "undetermined": "ikke avgjort", "not_eligible": "ikke i orden",
           "may": "Kan innvilges (i orden + ikke avgjort)", "diff": "Ramme − kan innvilges",
           "within": "innenfor rammen", "over": "over rammen: prioriteringen i utlysningen gjelder",
           "incomplete": "studenter uten oppgitt beløp: summene er nedre grenser",
           "no_call": "ingen utlysning med ramme gjelder (kontor og dato)", "stud": "stud.",
           "no_amount": "uten beløp", "unverified": "utlysningens tekst er ikke verifisert"},
    "nn": {"frame": "Ramme", "applications": "søknader", "students": "studentar", "applied": "Søkt i alt",
           "eligible": "i orden", "undetermined": "ikkje avgjort", "not_eligible": "ikkje i orden",
           "may": "Kan innvilgast (i orden + ikkje avgjort)", "diff": "Ramme − kan innvilgast",
           "within": "innanfor ramma", "over": "over ramma: prioriteringa i utlysinga gjeld",
           "incomplete": "studentar utan oppgitt beløp: summane er nedre grenser",
           "no_call": "inga utlysing med ramme gjeld (kontor og dato)", "stud": "stud.",
           "no_amount": "utan beløp", "unverified": "teksten i utlysinga er ikkje verifisert"},
    "en": {"frame": "Frame", "applications": "applications", "students": "students", "applied": "Applied in all",
           "eligible": "eligible", "undetermined": "undetermined", "not_eligible": "not eligible",
           "may": "May be granted (eligible + undetermined)", "diff": "Frame − may be granted",
           "within": "within the frame", "over": "over the frame: the call's priority applies",
           "incomplete": "students without a stated amount: the sums are lower bounds",
           "no_call": "no call with a frame applies (office and date)", "stud": "stud.",
           "no_amount": "without an amount", "unverified": "the call's text is not verified"},
}


def _sum_text(amounts: list[int]) -> str:
    if not amounts:
        return "0 kr"
    if len(amounts) == 1:
        return kr(amounts[0])
    return " + ".join(kr(a).removesuffix(" kr") for a in amounts) + f" = {kr(sum(amounts))}"


def render_text(report: dict, lang: str = "nb") -> str:
    w = _WORDS[lang if lang in _WORDS else "nb"]
    lines = []
    for c in report["calls"]:
        lines.append(f"{c['citation']} ({c['call']})" + ("" if c["text_verified"] else f" [{w['unverified']}]"))
        lines.append(f"  {w['frame']}: {kr(c['frame']['amount'])} – {c['frame']['basis']}")
        lines.append(f"  {len(c['applications'])} {w['applications']}, "
                     f"{sum(a['students'] for a in c['applications'])} {w['students']}:")
        for a in c["applications"]:
            unstated = f" (+{a['students_without_amount']} {w['no_amount']})" if a["students_without_amount"] else ""
            lines.append(f"    {a['case']:<28} {a['owner'] or '':<28} {a['students']:>3} {w['stud']}: "
                         f"{_sum_text(a['amounts'])}{unstated}  [{w[a['decision']]}]")
        lines.append(f"  {w['applied']}: {_sum_text([a['amount'] for a in c['applications']])}")
        for status in ("eligible", "undetermined", "not_eligible"):
            lines.append(f"    {w[status]}: {kr(c['by_decision'][status])}")
        lines.append(f"  {w['may']}: {kr(c['by_decision']['eligible'])} + {kr(c['by_decision']['undetermined'])}"
                     f" = {kr(c['may_be_granted'])}")
        verdict = w["within"] if c["within_frame"] else w["over"]
        lines.append(f"  {w['diff']}: {kr(c['frame']['amount'])} − {kr(c['may_be_granted'])} = "
                     f"{kr(c['difference'])} ({verdict})")
        if c["incomplete"]:
            lines.append(f"  ({c['incomplete']} {w['incomplete']})")
        lines.append("")
    for item in report["without_call"]:
        lines.append(f"{item['case']} ({item['file']}): {w['no_call']}: {item['office']}, {item['date']}")
    for item in report["errors"]:
        lines.append(f"{item['file']}: {item['error']['message']}")
    return "\n".join(lines).rstrip() + "\n"


def to_json(report: dict) -> dict:
    return {"calls": [{k: v for k, v in c.items()} for c in report["calls"]],
            "without_call": report["without_call"], "errors": report["errors"]}


def exit_code(report: dict) -> int:
    """2 some file could not be read or checked; 1 some call's frame does not suffice; else 0."""
    if report["errors"]:
        return 2
    return 0 if all(c["within_frame"] for c in report["calls"]) else 1
