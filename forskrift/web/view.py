"""What the templates show, computed from a check result or a rulebook: findings grouped by provision in the
rulebook's order, counts per status, and the rulebook's provisions with their rules and coverage."""

from __future__ import annotations

from ..findings import STATUSES
from ..rulebook import registry
from ..rulebook.describe import detail as _detail
from .service import error_line

DECISION_RANK = {"not_eligible": 0, "undetermined": 1, "eligible": 2, "error": 3}


def _provision_order(rulebook_id: str) -> dict[str, int]:
    try:
        rulebook = registry.get(rulebook_id)
    except Exception:  # noqa: BLE001 - a rulebook that cannot be found only loses the ordering
        return {}
    return {p.ref.key(): i for i, p in enumerate(rulebook.provisions)}


def case_view(index: int, name: str, result: dict, lang: str) -> dict:
    """One case for the result page; `result` is a Checker result or {file, error}."""
    view = {"index": index, "name": name, "anchor": f"case-{index + 1}"}
    if "error" in result:
        return view | {"decision": "error", "rank": DECISION_RANK["error"], "error": error_line(result),
                       "problems": result["error"].get("problems", []),
                       "statuses": [], "summary": {s: 0 for s in STATUSES}}
    order = _provision_order(result["rulebook"]["id"])
    groups: dict[str, dict] = {}
    not_applicable = []
    for finding in result["findings"]:
        if finding["status"] == "not_applicable":
            not_applicable.append(finding)
            continue
        cite = finding["citation"]
        group = groups.setdefault(cite["provision"], {"provision": cite["provision"], "text": cite["text"],
                                                      "url": cite["url"], "paraphrase": cite["paraphrase"],
                                                      "findings": []})
        finding = finding | {"anchor": f"{view['anchor']}-{finding['rule']}"}
        group["findings"].append(finding)
    ordered = sorted(groups.values(), key=lambda g: order.get(g["provision"], len(order)))
    decision = result["decision"]["status"]
    return view | {
        "decision": decision, "rank": DECISION_RANK[decision], "result": result, "groups": ordered,
        "not_applicable": not_applicable, "summary": result["summary"],
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
