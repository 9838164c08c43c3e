"""`forskrift allocate`: propose how a year's frame is shared among the eligible behovsmeldinger, following the
forum's long-term plan, and write the proposal as the allocation document of the rulebook year.

The arithmetic, in order (each step is written into the explanation of every amount):

1. **Available** = the frame − money already bound by earlier decisions − the share set aside for
   tilretteleggingsmidler (a percentage of the frame less the bound money), where the scheme has one.
2. **Regions**: where the plan's distribution key gives shares per region or network
   (`langsiktig_plan.distribution_key.shares`), each region gets its share of the available money; otherwise
   there is one pool.
3. **Plan's split** within a region: the applications' amounts are divided (by their measures' amounts and
   sectors) into kindergarten/school and special-needs/other. The total granted in the region is the largest T
   for which the kindergarten part is the plan's kindergarten share of T and the special-needs part can reach
   the plan's special-needs share of T, without any application getting more than it asked for. Within a
   sector every application is scaled by the same factor (special-needs measures get a higher factor only
   where the plan's special-needs share requires it).
4. **Lines**: an application's amount is the sum of its parts times their factors, in whole kroner (rounded
   down); the plan's owner/partner split gives `to_owners` and `to_partners`.

Only eligible behovsmeldinger get a line; the others are listed with their decision. Money a region cannot
use under the plan's split (too few applications of one kind) is reported as not allocated, never moved
silently. 2026 writes a `fordelingsforslag` (§ 12); 2021 (the forum's innstilling) is not built yet.
"""

from __future__ import annotations

import datetime as _dt
import math
from collections import defaultdict
from dataclasses import dataclass, field
from fractions import Fraction

from .errors import UsageError

KG, SCHOOL = "kindergarten", "school"
NO_REGION = ""


@dataclass
class Application:
    """An eligible behovsmelding, with what it asks for split into (sector, special-needs) parts."""

    case_id: str
    recipient: str
    region: str
    applied: int
    parts: dict = field(default_factory=dict)      # (sector, special: bool) → Fraction of kroner
    document: dict = field(default_factory=dict)


@dataclass
class Line:
    application: Application
    amount: int = 0
    kindergarten: int = 0
    school: int = 0
    special_education: int = 0
    to_owners: int = 0
    to_partners: int = 0
    explanation: list = field(default_factory=list)


@dataclass
class Proposal:
    document: dict
    lines: list
    excluded: list                 # (case id, file, decision status, decided_by)
    regions: dict                  # region → dict of figures
    explanation: list              # lines of text (the whole arithmetic)


def _kr(value) -> str:
    return f"{int(value):,}".replace(",", " ") + " kr"


def _factor(value) -> str:
    return f"{float(value):.4f}".replace(".", ",")


def _pct(value) -> str:
    text = f"{float(value):.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",") + " %"


def split_application(document: dict, plan: dict) -> dict:
    """(sector, special) → kroner of the amount applied for, by the measures' amounts and sectors; a measure for
    both sectors is split by the plan's kindergarten share."""
    behovsmelding = document["behovsmelding"]
    applied = Fraction((behovsmelding.get("budget") or {}).get("amount_applied") or 0)
    measures = [m for m in behovsmelding.get("measures", []) if isinstance(m, dict)]
    kg_share = Fraction(str(plan["split_kindergarten_school"]["kindergarten"])) / 100
    weights: dict = defaultdict(Fraction)
    for measure in measures:
        amount = Fraction(measure.get("amount") or 0)
        special = bool(measure.get("special_education"))
        sector = measure.get("sector") or _sector_of_units(measure, behovsmelding)
        if sector == "barnehage":
            weights[(KG, special)] += amount
        elif sector == "skole":
            weights[(SCHOOL, special)] += amount
        else:
            weights[(KG, special)] += amount * kg_share
            weights[(SCHOOL, special)] += amount * (1 - kg_share)
    total = sum(weights.values())
    if not total:
        return {(KG, False): applied * kg_share, (SCHOOL, False): applied * (1 - kg_share)} if applied else {}
    return {key: applied * weight / total for key, weight in weights.items() if weight}


def _sector_of_units(measure: dict, behovsmelding: dict) -> str:
    kinds = {u.get("kind") for u in (behovsmelding.get("needs_assessment") or {}).get("units", [])
             if isinstance(u, dict) and u.get("name") in set(measure.get("units", []))}
    if kinds == {"barnehage"}:
        return "barnehage"
    if kinds and kinds <= {"skole", "sfo"}:
        return "skole"
    return "both"


def _region_total(parts: dict, available: Fraction, p: Fraction, q: Fraction) -> Fraction:
    """The largest T ≤ available with kindergarten = p·T, school = (1−p)·T within what was applied for, and a
    special-needs part of at least q·T possible."""
    a_k = parts[(KG, True)] + parts[(KG, False)]
    a_s = parts[(SCHOOL, True)] + parts[(SCHOOL, False)]
    bounds = [available]
    if p > 0:
        bounds.append(a_k / p)
    if p < 1:
        bounds.append(a_s / (1 - p))
    top = min(bounds)

    def special_max(t):
        return min(parts[(KG, True)], p * t) + min(parts[(SCHOOL, True)], (1 - p) * t)

    if special_max(top) >= q * top:
        return top
    lo, hi = Fraction(0), top          # special_max(t) − q·t is concave and ≥ 0 at 0: bisect its last root
    for _ in range(80):
        mid = (lo + hi) / 2
        if special_max(mid) >= q * mid:
            lo = mid
        else:
            hi = mid
    return lo


def _factors(parts: dict, total: Fraction, p: Fraction, q: Fraction) -> dict:
    """(sector, special) → the factor every application's part is multiplied by."""
    factors = {}
    sector_amount = {KG: p * total, SCHOOL: (1 - p) * total}
    shares = {}
    for sector in (KG, SCHOOL):
        applied = parts[(sector, True)] + parts[(sector, False)]
        f = sector_amount[sector] / applied if applied else Fraction(0)
        shares[sector] = f
        factors[(sector, True)] = factors[(sector, False)] = f
    special = sum(parts[(s, True)] * factors[(s, True)] for s in (KG, SCHOOL))
    need = q * total - special
    if need > 0:                      # move money within each sector from other measures to special needs
        room = {s: min(parts[(s, True)], sector_amount[s]) - parts[(s, True)] * factors[(s, True)]
                for s in (KG, SCHOOL)}
        room_total = sum(room.values())
        for sector in (KG, SCHOOL):
            if room_total <= 0 or room[sector] <= 0:
                continue
            extra = min(room[sector], need * room[sector] / room_total)
            special_part = parts[(sector, True)] * factors[(sector, True)] + extra
            other_part = sector_amount[sector] - special_part
            factors[(sector, True)] = special_part / parts[(sector, True)]
            factors[(sector, False)] = other_part / parts[(sector, False)] if parts[(sector, False)] else Fraction(0)
    return factors


def _money_available(frame: int, bound: int, set_aside_pct: float) -> tuple[int, Fraction, str]:
    """(money set aside for tilretteleggingsmidler, money available, the sentence that shows the arithmetic):
    the frame less the bound money, less the share set aside of what remains (rounded up to whole kroner)."""
    if bound > frame:
        raise UsageError(f"--bound {bound}: more than the frame {frame}")
    after_bound = Fraction(frame - bound)
    set_aside = math.ceil(after_bound * Fraction(str(set_aside_pct)) / 100) if set_aside_pct else 0
    available = after_bound - set_aside
    sentence = (f"Ramme {_kr(frame)}" + (f" − bundne midler {_kr(bound)}" if bound else "")
                + (f" − tilretteleggingsmidler {_pct(set_aside_pct)} av {_kr(after_bound)} = {_kr(set_aside)}"
                   if set_aside else "")
                + f" = tilgjengelig {_kr(available)}.")
    return set_aside, available, sentence


def _key_shares(plan: dict) -> dict:
    """region → share (a fraction of 1) of the plan's distribution key, where it gives shares."""
    return {s["region"]: Fraction(str(s["share"])) / 100
            for s in (plan.get("distribution_key") or {}).get("shares", []) if isinstance(s, dict)}


def propose(applications: list[Application], excluded: list, plan_case: dict, *, frame: int, bound: int = 0,
            set_aside_pct: float = 0, year: int, date: str, statsforvalter: str | None, case_id: str,
            presented_on: str | None = None, schema_fields: set | None = None, lang: str = "nb") -> Proposal:
    """The proposal for the eligible applications (see the module's docstring for the arithmetic)."""
    plan = plan_case["langsiktig_plan"]
    schema_fields = schema_fields or set()
    set_aside, available, frame_sentence = _money_available(frame, bound, set_aside_pct)
    p = Fraction(str(plan["split_kindergarten_school"]["kindergarten"])) / 100
    q = sum((Fraction(str(t.get("share", 0))) for t in plan.get("thematic_priorities", [])
             if t.get("special_education")), Fraction(0)) / 100
    partners_share = Fraction(str((plan.get("split_owner_partner") or {}).get("partners", 0))) / 100
    key = _key_shares(plan)
    text = [frame_sentence,
            f"Planens føringer: barnehage {_pct(p * 100)}, skole {_pct((1 - p) * 100)}; spesialpedagogikk og "
            f"inkluderende praksis minst {_pct(q * 100)}; til kompetansemiljøene {_pct(partners_share * 100)}, "
            f"til eierne {_pct((1 - partners_share) * 100)}."]
    if key:
        text.append("Fordelingsnøkkel (planens andeler per region): "
                    + ", ".join(f"{r} {_pct(s * 100)}" for r, s in key.items()) + ".")
    else:
        text.append("Planen gir ingen andeler per region: alle søknadene deler én pott.")
    by_region: dict = defaultdict(list)
    for app in applications:
        by_region[app.region if key else NO_REGION].append(app)
    regions = {}
    lines = []
    for region in (list(key) + sorted(set(by_region) - set(key))) if key else [NO_REGION]:
        apps = by_region.get(region, [])
        share = key.get(region) if key else Fraction(1)
        if share is None:
            for app in apps:
                excluded.append((app.case_id, "", "no_region_share", []))
            text.append(f"Region {region or '(ingen)'}: ikke i planens fordelingsnøkkel; {len(apps)} søknad(er) "
                        "får ikke midler før nøkkelen gir regionen en andel.")
            continue
        budget = available * share
        parts: dict = defaultdict(Fraction)
        for app in apps:
            for part, amount in app.parts.items():
                parts[part] += amount
        applied = sum(parts.values())
        total = _region_total(parts, budget, p, q) if apps else Fraction(0)
        factors = _factors(parts, total, p, q) if apps else {}
        name = region or "alle"
        scaled = applied > total
        text.append(f"Region {name}: {_pct(share * 100)} av {_kr(available)} = {_kr(budget)}; søkt {_kr(applied)} "
                    f"({len(apps)} søknader); " + (f"tildelt {_kr(total)}" + (
                        ", skalert fordi søknadene overstiger regionens del" if total >= budget - 1 else
                        ", begrenset av planens fordeling mellom barnehage og skole / spesialpedagogikk")
                        if scaled else "alle får det de søker om") + ".")
        for part in sorted(factors, key=str):
            if parts[part]:
                sector = "barnehage" if part[0] == KG else "skole"
                kind = "spesialpedagogikk" if part[1] else "øvrige tiltak"
                text.append(f"  {sector}, {kind}: søkt {_kr(parts[part])} × faktor {_factor(factors[part])} "
                            f"= {_kr(parts[part] * factors[part])}")
        region_lines = []
        for app in apps:
            line = Line(app)
            granted = {part: amount * factors.get(part, 0) for part, amount in app.parts.items()}
            line.amount = int(sum(granted.values()))
            line.kindergarten = int(sum(v for (s, _sp), v in granted.items() if s == KG))
            line.school = line.amount - line.kindergarten
            line.special_education = min(line.amount, int(sum(v for (_s, sp), v in granted.items() if sp)))
            line.to_partners = int(line.amount * partners_share)
            line.to_owners = line.amount - line.to_partners
            line.explanation = [
                f"søkt {_kr(app.applied)}",
                f"region {name} ({_pct(share * 100)} av tilgjengelig = {_kr(budget)})",
                ("skalert: " if line.amount < app.applied else "uten avkorting: ")
                + ", ".join(f"{'barnehage' if s == KG else 'skole'}{' spesialpedagogikk' if sp else ''} "
                            f"{_kr(v)} × {_factor(factors.get((s, sp), 0))}"
                            for (s, sp), v in sorted(app.parts.items(), key=str)),
                f"= {_kr(line.amount)}; til kompetansemiljø {_pct(partners_share * 100)} = {_kr(line.to_partners)}, "
                f"til eier {_kr(line.to_owners)}"]
            region_lines.append(line)
        lines += region_lines
        granted_total = sum(line.amount for line in region_lines)
        regions[name] = {"share": float(share * 100), "budget": int(budget), "applied": int(applied),
                         "granted": granted_total, "not_allocated": int(budget) - granted_total,
                         "applications": len(apps)}
    granted = sum(line.amount for line in lines)
    text.append(f"Sum foreslått {_kr(granted)} av tilgjengelig {_kr(available)}; "
                f"ikke fordelt {_kr(available - granted)}"
                + (f"; satt av til tilretteleggingsmidler {_kr(set_aside)}" if set_aside else "") + ".")
    proposal = {
        "prepared_on": date, "frame": frame,
        **({"bound_amount": bound} if bound and "bound_amount" in schema_fields else {}),
        **({"presented_to_forum_on": presented_on} if presented_on else {}),
        "lines": [_line_json(line, schema_fields) for line in lines],
        "behovsmeldinger": [_summary(app) for app in applications],
    }
    document = {"format": "forskrift-case/2026.1",
                "case": {"id": case_id, "date": date, "grant_year": year, "kind": "fordelingsforslag",
                         **({"statsforvalter": statsforvalter} if statsforvalter else {})},
                "fordelingsforslag": proposal, "langsiktig_plan": plan}
    return Proposal(document, lines, excluded, regions, text)


def _line_json(line: Line, schema_fields: set) -> dict:
    out = {"behovsmelding": line.application.case_id, "recipient": line.application.recipient,
           "amount": line.amount, "to_owners": line.to_owners, "to_partners": line.to_partners,
           "kindergarten": line.kindergarten, "school": line.school,
           "special_education": line.special_education}
    if "region" in schema_fields and line.application.region:
        out["region"] = line.application.region
    return out


def _summary(app: Application) -> dict:
    """The behovsmelding as the proposal carries it (what §§ 4 and 11 read)."""
    doc = app.document
    partners = [{"type": p["type"], **({"binding": p["binding"]} if "binding" in p else {})}
                for p in (doc.get("partnerskap") or {}).get("partners", []) if isinstance(p, dict) and "type" in p]
    out = {"case_id": app.case_id, "owner": app.recipient}
    if doc["behovsmelding"].get("submitted_on"):
        out["submitted_on"] = doc["behovsmelding"]["submitted_on"]
    if doc["behovsmelding"].get("needs_assessment"):
        out["needs_assessment"] = doc["behovsmelding"]["needs_assessment"]
    if partners:
        out["partners"] = partners
    return out


def application_of(document: dict, plan: dict) -> Application:
    case = document["case"]
    applicant = case.get("applicant") or {}
    if applicant.get("kind") == "network" and applicant.get("network_name"):
        recipient = applicant["network_name"]
    else:
        recipient = "; ".join(o.get("name", "") for o in applicant.get("owners", []))
    parts = split_application(document, plan)
    applied = (document["behovsmelding"].get("budget") or {}).get("amount_applied") or 0
    return Application(case["id"], recipient, case.get("competence_region", ""), applied,
                       defaultdict(Fraction, parts), document)


def today() -> str:
    return _dt.date.today().isoformat()


__all__ = ["propose", "application_of", "split_application", "Proposal", "Application", "Line", "today"]


# -- 2021: the forum's recommendation (innstilling) -----------------------------------------------------------

def propose_2021(documents: list[dict], excluded: list, plan: dict, *, scheme: str, frame: int, bound: int = 0,
                 set_aside_pct: float = 0, year: int, date: str, statsforvalter: str | None, case_id: str,
                 forum: dict | None = None, announced_on: str | None = None,
                 schema_fields: set | None = None) -> Proposal:
    """The forum's recommendation for one sub-scheme under FOR-2021-01-26-230 (punkt 7.2): one line per measure
    of each eligible behovsmelding; each region (the plan's distribution key, if it gives shares) gets its share
    of the money available, and where its applications ask for more, they are all scaled by the same factor."""
    schema_fields = schema_fields or set()
    set_aside, available, frame_sentence = _money_available(frame, bound, set_aside_pct)
    key = _key_shares(plan)
    text = [f"Ordning: {scheme}. {frame_sentence}"]
    text.append("Fordelingsnøkkel (planens andeler per region): " + ", ".join(
        f"{r} {_pct(s * 100)}" for r, s in key.items()) + "." if key else
        "Planen gir ingen andeler per region: alle søknadene deler én pott.")
    by_region: dict = defaultdict(list)
    for doc in documents:
        by_region[doc["case"].get("competence_region", "") if key else NO_REGION].append(doc)
    lines, out_lines, regions = [], [], {}
    for region in (list(key) + sorted(set(by_region) - set(key))) if key else [NO_REGION]:
        docs = by_region.get(region, [])
        share = key.get(region) if key else Fraction(1)
        if share is None:
            for doc in docs:
                excluded.append((doc["case"]["id"], "", "no_region_share", []))
            text.append(f"Region {region or '(ingen)'}: ikke i planens fordelingsnøkkel; {len(docs)} søknad(er) "
                        "får ikke midler før nøkkelen gir regionen en andel.")
            continue
        budget = available * share
        applied = sum(Fraction((d["behovsmelding"].get("budget") or {}).get("amount_applied") or 0) for d in docs)
        factor = min(Fraction(1), budget / applied) if applied else Fraction(0)
        name = region or "alle"
        text.append(f"Region {name}: {_pct(share * 100)} av {_kr(available)} = {_kr(budget)}; søkt {_kr(applied)} "
                    f"({len(docs)} søknader); " + (f"skalert med faktor {_factor(factor)}, fordi søknadene "
                                                   "overstiger regionens del" if factor < 1 else
                                                   "alle får det de søker om") + ".")
        granted_region = 0
        for doc in docs:
            app = application_of_2021(doc)
            line = Line(app)
            measures = [m for m in doc["behovsmelding"].get("measures", []) if isinstance(m, dict)]
            weights = [Fraction(m.get("amount") or 0) for m in measures]
            total_weight = sum(weights) or Fraction(len(measures) or 1)
            egenandel = (doc["behovsmelding"].get("egenandel") or {})
            for measure, weight in zip(measures, weights or [Fraction(1)] * len(measures), strict=False):
                part = Fraction(app.applied) * (weight or 1) / total_weight
                amount = int(part * factor)
                out = {"recipient": _recipient(doc), "scheme": scheme, "measure": measure.get("title", ""),
                       "amount": amount, "behovsmelding": app.case_id}
                for name_ in ("category", "participants", "start", "end"):
                    if measure.get(name_) is not None:
                        out[name_] = measure[name_]
                partners = (doc.get("partnerskap") or {}).get("partners", [])
                if partners and partners[0].get("name"):
                    out["partner"] = partners[0]["name"]
                if scheme == "desentralisert_skole" and egenandel.get("amount") is not None and app.applied:
                    out["egenandel"] = math.ceil(Fraction(egenandel["amount"]) * amount / app.applied)
                    if egenandel.get("form"):
                        out["egenandel_form"] = egenandel["form"]
                if "region" in schema_fields and app.region:
                    out["region"] = app.region
                out_lines.append(out)
                line.amount += amount
            line.explanation = [f"søkt {_kr(app.applied)}",
                                f"region {name} ({_pct(share * 100)} av tilgjengelig = {_kr(budget)})",
                                (f"skalert med faktor {_factor(factor)}" if factor < 1 else "uten avkorting")
                                + f" = {_kr(line.amount)}, fordelt på {len(measures)} tiltak etter tiltakenes beløp"]
            lines.append(line)
            granted_region += line.amount
        regions[name] = {"share": float(share * 100), "budget": int(budget), "applied": int(applied),
                         "granted": granted_region, "not_allocated": int(budget) - granted_region,
                         "applications": len(docs)}
    granted = sum(line.amount for line in lines)
    text.append(f"Sum innstilt {_kr(granted)} av tilgjengelig {_kr(available)}; "
                f"ikke fordelt {_kr(available - granted)}.")
    ramme = {"amount": frame, **({"announced_on": announced_on} if announced_on else {}),
             **({"bound_amount": bound} if bound and "bound_amount" in schema_fields else {})}
    innstilling = {"forum": (forum or {}).get("name") or plan.get("forum", ""), "submitted_on": date,
                   "joint": True, "anchored_in_plan": True, "ramme": ramme, "lines": out_lines}
    document = {"format": "forskrift-case/2021.1",
                "case": {"id": case_id, "kind": "innstilling", "date": date, "grant_year": year,
                         **({"statsforvalter": statsforvalter} if statsforvalter else {}), "scheme": scheme},
                "innstilling": innstilling, "langsiktig_plan": plan,
                **({"samarbeidsforum": forum} if forum else {})}
    return Proposal(document, lines, excluded, regions, text)


def _recipient(doc: dict) -> dict:
    applicant = doc["case"].get("applicant") or {}
    owners = [o for o in applicant.get("owners", []) if isinstance(o, dict)]
    chosen = next((o for o in owners if o.get("org_number") == applicant.get("submitted_by")), None)
    return dict(chosen or owners[0]) if owners else {}


def application_of_2021(document: dict) -> Application:
    case = document["case"]
    applicant = case.get("applicant") or {}
    recipient = applicant.get("network_name") if applicant.get("kind") == "network" else None
    recipient = recipient or "; ".join(o.get("name", "") for o in applicant.get("owners", []))
    applied = (document["behovsmelding"].get("budget") or {}).get("amount_applied") or 0
    return Application(case["id"], recipient, case.get("competence_region", ""), applied, {}, document)
