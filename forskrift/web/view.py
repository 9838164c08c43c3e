"""What the templates show, computed from a check result or a rulebook: each case as the report model renders it
(`forskrift/report/`, the same words and order as the command line), the overview row of a batch, and the
rulebook's provisions with their rules and coverage."""

from __future__ import annotations

from .. import jsonio
from ..findings import STATUSES
from ..report import build_report
from ..report.html import render_case
from ..rulebook import registry
from ..rulebook.describe import detail as _detail
from .service import error_line

DECISION_RANK = {"not_eligible": 0, "undetermined": 1, "eligible": 2, "error": 3}


def shipped_rulebook(result: dict):
    """The shipped rulebook a result names (by id only: a path in a result is never read), or None."""
    rulebook_id = (result.get("rulebook") or {}).get("id")
    if rulebook_id not in registry.shipped_ids():
        return None
    return registry.get(rulebook_id)


def case_view(index: int, name: str, result: dict, lang: str) -> dict:
    """One case for the result page; `result` is a Checker result or {file, error}. The case's HTML is the
    report's HTML rendering; `result_json` is the language-neutral result the page keeps, so that switching
    the language renders it again without checking again."""
    anchor = f"case-{index + 1}"
    view = {"index": index, "name": name, "anchor": anchor,
            "result_json": jsonio.dumps(result)}
    if "error" not in result and shipped_rulebook(result) is None:
        result = {"file": name, "error": {"message": "the result names a rulebook that is not shipped here"}}
    report = build_report(result, lang, shipped_rulebook(result) if "error" not in result else None, anchor)
    view["html"] = render_case(report, name=name, rulebook_href=None if "error" in result else
                               f"/rulebooks/{result['rulebook']['id']}?lang={lang}")
    if "error" in result:
        return view | {"decision": "error", "rank": DECISION_RANK["error"], "error": error_line(result),
                       "problems": result["error"].get("problems", []),
                       "statuses": [], "summary": {s: 0 for s in STATUSES}, "report": report}
    decision = result["decision"]["status"]
    return view | {
        "decision": decision, "decision_label": report.decision.label, "rank": DECISION_RANK[decision],
        "result": result, "report": report, "summary": result["summary"],
        "statuses": sorted({f["status"] for f in result["findings"]}),
    }


def rulebook_view(rulebook, lang: str) -> dict:
    """A rulebook's provisions in order with paraphrase, rules (or the no_check reason) and coverage."""
    detail = _detail(rulebook, lang)
    rules = {r["id"]: r for r in detail["rules"]}
    provisions = []
    for p, prov in zip(detail["provisions"], rulebook.provisions, strict=True):
        provisions.append(p | {"rules": [rules[r] for r in p["rules"]], "heading": prov.heading,
                               "anchor": "p-" + p["provision"].replace(" ", "-").replace(".", "_")})
    covered = sum(1 for p in provisions if p["rules"])
    no_check = sum(1 for p in provisions if not p["rules"] and p["no_check"])
    total = len(provisions)
    detail["provisions"] = provisions
    detail["url"] = rulebook.instrument.url
    detail["citation"] = rulebook.instrument.citation
    detail["coverage"] = {
        "total": total, "covered": covered, "no_check": no_check, "uncovered": total - covered - no_check,
        "covered_pct": round(100 * covered / total) if total else 0,
        "accounted_pct": round(100 * (covered + no_check) / total) if total else 0,
    }
    return detail
