"""Generate the corpus of behovsmeldinger, plans and allocation proposals for 2025 and 2026 (fixed seed).

    python cases/corpus/generate.py          # rewrites cases/corpus/2025/ and cases/corpus/2026/

The corpus is synthetic but shaped on Rogaland: the competence regions Nord, Midt, Sør and the
Friskolenettverket, their municipalities, private kindergarten and school owners, the county municipality,
and the partners named in the forum's papers (UiS, HVL, NLA) plus Fagskolen Rogaland. Organisation and
account numbers are made up (they only have the right shape); names of private owners are invented.

- 2025/: behovsmeldinger under FOR-2021-01-26-230 (format forskrift-case/2021.1), one per owner or network and
  sub-scheme, each bundling its partnership and the forum's long-term plan for the sub-scheme (the 2025 plans).
- 2026/: behovsmeldinger under the 2026 regulation (format forskrift-case/2026.1); the forum's long-term plan
  from 2026 (adopted 5 December 2025) and the first draft discussed in October 2025, which has no share for
  special-needs education; Statsforvalteren's allocation proposal (§ 12) and an early draft of it that was not
  put before the forum and includes a behovsmelding that fails § 11.

Under 2021 the forum's recommendation (innstilling), not an allocation proposal, distributed the 2025 funds;
the 2021 format has no document for it, so the 2025 allocation is not in the corpus.

Each case is a variant: most are ordinary and complete; the others carry one realistic defect or one feature
that the change of regulation turns (a fagskole partner, a 20 % egenandel, an upper-secondary measure ...).
The variant is in the case id, so that tests and readers can find them.
"""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path

SEED = 20260101
HERE = Path(__file__).resolve().parent

REGIONS = {
    "Nord": ["Haugesund", "Karmøy", "Tysvær", "Vindafjord", "Sauda", "Suldal", "Bokn", "Utsira"],
    "Midt": ["Stavanger", "Sandnes", "Sola", "Randaberg", "Strand", "Hjelmeland", "Kvitsøy", "Gjesdal"],
    "Sør": ["Klepp", "Time", "Hå", "Eigersund", "Sokndal", "Lund", "Bjerkreim"],
}
NETWORKS = {"Nord": "NordR – kompetansenettverket i Nord-Rogaland", "Midt": "Ryfylke og Jæren midt-nettverk",
            "Sør": "Dalane og Jærskulen"}
UH = {"Nord": ("Høgskulen på Vestlandet", "university_college"), "Midt": ("Universitetet i Stavanger", "university"),
      "Sør": ("Universitetet i Stavanger", "university"), "Friskolenettverket": ("NLA Høgskolen", "university_college")}
FAGSKOLE = ("Fagskolen Rogaland", "fagskole")
OTHER_ENV = ("Senter for praksisnær kompetanse Rogaland", "other_competence_environment")

THEMES = [("Lesing og skriving", False), ("Matematikk", False), ("Klasseledelse", False),
          ("Inkluderende læringsmiljø", True), ("Språk og kommunikasjon", False), ("Lek og læring", False),
          ("Tidlig innsats og tilpasset opplæring", True), ("Profesjonsfellesskap og vurdering", False),
          ("Barns medvirkning", False), ("Psykisk helse og livsmestring", False)]
SPECIAL = "Spesialpedagogikk og inkluderende praksis"
FIRST_NAMES = ["Kari", "Ola", "Ingrid", "Lars", "Sigrid", "Knut", "Marit", "Tor", "Hilde", "Arne", "Siri", "Geir"]
LAST_NAMES = ["Eide", "Tjelta", "Skjæveland", "Øvrebø", "Larsen", "Hetland", "Bore", "Vigre", "Sele", "Fosse"]
UNIT_PARTS = ["Bakke", "Lunde", "Vik", "Haug", "Myr", "Skog", "Sol", "Strand", "Dal", "Berg", "Nes", "Li"]


class Gen:
    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.orgs: dict = {}

    def org(self, name: str) -> str:
        if name not in self.orgs:
            self.orgs[name] = "9" + "".join(str(self.rng.randint(0, 9)) for _ in range(8))
        return self.orgs[name]

    def account(self) -> str:
        return "3" + "".join(str(self.rng.randint(0, 9)) for _ in range(10))

    def person(self) -> str:
        return f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(LAST_NAMES)}"

    def units(self, kind: str, muni: str, n: int) -> list[str]:
        suffix = {"barnehage": "barnehage", "skole": "skole"}[kind]
        names = self.rng.sample(UNIT_PARTS, n)
        return [f"{p}{'en' if kind == 'barnehage' else ''} {suffix} ({muni})" for p in names]


def owner_municipality(g: Gen, muni: str) -> dict:
    name = f"{muni} kommune"
    return {"name": name, "org_number": g.org(name), "account_number": g.account(), "type": "municipality",
            "municipality": muni}


def private_owner(g: Gen, muni: str, kind: str) -> dict:
    if kind == "private_school_owner":
        name = f"Friskolen i {muni} SA"
        approval = f"Udir {g.rng.randint(2005, 2020)}/{g.rng.randint(100, 999)}"
        owner = {"name": name, "org_number": g.org(name), "account_number": g.account(), "type": kind,
                 "municipality": muni, "friskolelova_approval": approval}
    else:
        name = f"{g.rng.choice(UNIT_PARTS)}tunet barnehage {muni} AS"
        owner = {"name": name, "org_number": g.org(name), "account_number": g.account(), "type": kind,
                 "municipality": muni}
    return owner


def county() -> dict:
    return {"name": "Rogaland fylkeskommune", "org_number": "971045698", "account_number": "32070712345",
            "type": "county_municipality", "municipality": "Stavanger"}


def partner(g: Gen, region: str, variant: str, fmt: str) -> dict:
    name, ptype = UH[region]
    if variant in ("fagskole_binding", "fagskole_not_binding"):
        name, ptype = FAGSKOLE
    elif variant == "other_env_binding":
        name, ptype = OTHER_ENV
    p = {"name": name, "org_number": g.org(name), "type": ptype, "contact_person": g.person(),
         "roles": ["needs_assessment", "planning", "implementation", "evaluation"]}
    if fmt == "2021" and ptype in ("university", "university_college"):
        p["teacher_education_feedback"] = ("Erfaringene brukes i praksisopplæringen og i emner om "
                                           "profesjonsfellesskap i lærer- og barnehagelærerutdanningen.")
    if fmt == "2026":
        p["binding"] = variant != "fagskole_not_binding"
    return p


def measures(g: Gen, sector: str, units: list[str], year: int, special: bool, total: int, fmt: str,
             variant: str) -> list[dict]:
    n = 1 if total < 500000 else 2
    themes = g.rng.sample(THEMES, n)
    if special:
        themes[0] = (SPECIAL, True)
    out, left = [], total
    for i, (theme, is_special) in enumerate(themes):
        amount = left if i == n - 1 else round(total * g.rng.choice([0.5, 0.6, 0.4]) / 1000) * 1000
        left -= amount
        groups = ["teachers", "leaders"] + (["other_staff"] if sector == "barnehage" else [])
        if special:
            groups += ["ppt", "interdisciplinary_services"]
        if fmt == "2026" and g.rng.random() < 0.3:
            groups.append(g.rng.choice(["sfo", "kulturskole", "ppt"]))
        if variant == "vgo_target":
            groups = ["teachers", "upper_secondary_staff"]
        if variant == "individual_students" and i == 0:
            groups = ["teachers", "individual_students"]
        m = {"title": f"{theme} – {'barnehagebasert' if sector == 'barnehage' else 'skolebasert'} utviklingsarbeid",
             "description": f"Felles samlinger, utprøving i egen {'barnehage' if sector == 'barnehage' else 'skole'} "
                            f"og veiledning fra partneren om {theme.lower()}.",
             "collective": True, "unit_based": True, "individual_further_education": variant == "videreutdanning",
             "theme": theme, "target_groups": sorted(set(groups)), "participants": g.rng.randint(20, 240),
             "units": units, "start": f"{year}-08-15", "end": f"{year + 1}-06-15", "amount": amount}
        if fmt == "2021":
            m["category"] = "barnehagebasert" if sector == "barnehage" else "skolebasert"
        else:
            m["sector"] = sector
            m["special_education"] = is_special or special
        out.append(m)
    return out


def budget(g: Gen, total: int, variant: str) -> dict:
    coord_share = 0.15 if variant == "coordinator_over_10" else 0.05
    coordinator = round(total * coord_share / 1000) * 1000
    planning = round(total * 0.1 / 1000) * 1000
    evaluation = round(total * 0.1 / 1000) * 1000
    lines = [{"purpose": "planning", "amount": planning, "payee": "owner"},
             {"purpose": "coordinator", "amount": coordinator, "payee": "owner"},
             {"purpose": "evaluation", "amount": evaluation, "payee": "partner"}]
    if variant == "videreutdanning":
        vu = round(total * 0.2 / 1000) * 1000
        lines.append({"purpose": "individual_further_education", "amount": vu, "payee": "owner"})
    else:
        vu = 0
    lines.insert(1, {"purpose": "implementation", "amount": total - coordinator - planning - evaluation - vu,
                     "payee": "partner"})
    return {"amount_applied": total, "lines": lines}


def needs_assessment(g: Gen, sector_units: dict, variant: str, year: int, kind: str, fmt: str, partner_name: str):
    involved = variant != "employees_not_involved"
    surveys = ("foreldre- og personalundersøkelser" if "barnehage" in sector_units
               else "elevundersøkelsen og nasjonale prøver")
    na = {"made_on": f"{year - 1}-{g.rng.randint(9, 11):02d}-{g.rng.randint(1, 28):02d}",
          "description": (f"Enhetene har vurdert egen praksis med ståstedsanalyse og resultater fra {surveys}; "
                          f"behovene er drøftet med {partner_name}."),
          "employees_involved": involved, "leaders_involved": True, "dialogue_with_partner": True,
          "units": [{"name": u, "kind": kind_, "local_assessment": variant != "units_not_assessed"}
                    for kind_, us in sector_units.items() for u in us]}
    if involved:
        na["employee_involvement"] = ("Drøftet i personalmøter og plangrupper på hver enhet; tillitsvalgte deltok "
                                      "i kommunens styringsgruppe.")
    if fmt == "2026":
        na["made_by"] = kind
    return na


PLAN_2021 = {
    "regional_barnehage": ("Samarbeidsforum for regional ordning for barnehagebasert kompetanseutvikling i Rogaland",
                           ["Språkmiljø", "Lek", "Inkluderende barnehagemiljø"]),
    "desentralisert_skole": ("Samarbeidsforum for desentralisert ordning i Rogaland",
                             ["Lesing og skriving", "Matematikk", "Klasseledelse", "Inkluderende læringsmiljø"]),
    "kompetanseloftet": ("Samarbeidsforum for kompetanseløftet i Rogaland",
                         ["Tidlig innsats", "Inkluderende praksis og laget rundt barnet og eleven"]),
}

VARIANTS_2025 = {
    "regional_barnehage": ["ok"] * 16 + ["ok_egenandel"] * 18 + ["fagskole_binding"] * 4 + ["other_env_binding"] * 2
                          + ["employees_not_involved", "coordinator_over_10"],
    "desentralisert_skole": ["ok"] * 32 + ["egenandel_20"] * 5 + ["no_approval"] * 2 + ["coordinator_over_10"] * 2
                            + ["videreutdanning", "employees_not_involved", "units_not_assessed"] + ["vgo_target"] * 2,
    "kompetanseloftet": ["ok"] * 9 + ["ok_egenandel"] * 5 + ["no_statped"],
}
VARIANTS_2026 = (["ok"] * 70 + ["other_env_binding"] * 5 + ["fagskole_binding"] * 6 + ["fagskole_not_binding"] * 3
                 + ["no_egeninnsats"] * 4 + ["no_goal_assessment"] * 6 + ["vgo_unit"] * 2 + ["vgo_target"]
                 + ["employees_not_involved"] * 3 + ["old_submission"] * 2 + ["individual_students"] * 2
                 + ["videreutdanning"] * 2 + ["network_ok"] * 4)


def applicant_for(g: Gen, region: str, variant: str, scheme_sector: str, private: bool):
    if region == "Friskolenettverket":
        muni = g.rng.choice(REGIONS["Midt"] + REGIONS["Sør"])
        return {"kind": "owner", "owners": [private_owner(g, muni, "private_school_owner")]}, muni
    muni = g.rng.choice(REGIONS[region])
    if variant in ("vgo_target", "vgo_unit"):
        return {"kind": "owner", "owners": [county()]}, "Stavanger"
    if variant == "network_ok" or (variant == "ok" and g.rng.random() < 0.12):
        members = g.rng.sample(REGIONS[region], 3)
        owners = [owner_municipality(g, m) for m in members]
        return {"kind": "network", "network_name": NETWORKS[region], "submitted_by": owners[0]["org_number"],
                "owners": owners}, members[0]
    if private and scheme_sector == "barnehage":
        return {"kind": "owner", "owners": [private_owner(g, muni, "private_kindergarten_owner")]}, muni
    return {"kind": "owner", "owners": [owner_municipality(g, muni)]}, muni


def case_2025(g: Gen, scheme: str, variant: str, index: int) -> dict:
    region = "Friskolenettverket" if scheme == "desentralisert_skole" and variant == "no_approval" else \
        g.rng.choice(list(REGIONS))
    if scheme == "desentralisert_skole" and variant == "ok" and g.rng.random() < 0.1:
        region = "Friskolenettverket"
    sector = "barnehage" if scheme == "regional_barnehage" else "skole"
    applicant, muni = applicant_for(g, region, variant, sector, private=g.rng.random() < 0.3)
    if variant == "no_approval":
        applicant["owners"][0].pop("friskolelova_approval", None)
    year = 2025
    sector_units = {sector: g.units(sector, muni, g.rng.randint(2, 4))}
    if scheme == "kompetanseloftet":
        sector_units = {"skole": g.units("skole", muni, 2), "barnehage": g.units("barnehage", muni, 2)}
    total = g.rng.randrange(250000, 1500000, 10000)
    p = partner(g, region, variant, "2021")
    all_units = [u for us in sector_units.values() for u in us]
    bm = {"submitted_on": f"{year}-01-{g.rng.randint(10, 31):02d}",
          "needs_assessment": needs_assessment(g, sector_units, variant, year, applicant["kind"], "2021", p["name"]),
          "priorities": [], "measures": measures(g, sector, all_units, year, scheme == "kompetanseloftet", total,
                                                 "2021", variant),
          "budget": budget(g, total, variant)}
    bm["priorities"] = sorted({m["theme"] for m in bm["measures"]})
    if scheme == "desentralisert_skole" or variant in ("ok_egenandel", "fagskole_binding", "other_env_binding"):
        share = 0.2 if variant == "egenandel_20" else 0.3 if scheme == "desentralisert_skole" else 0.1
        amount = round(total * share)
        bm["egenandel"] = {"amount": amount, "form": g.rng.choice(["wages", "release_time", "mixed"]),
                           "description": f"Frikjøp og lønn til ansatte for felles utviklingstid, om lag "
                                          f"{round(share * 100)} % av søkt beløp."}
    if scheme == "kompetanseloftet":
        bm["statped_ppt_involved"] = variant != "no_statped"
    forum, priorities = PLAN_2021[scheme]
    code = {"regional_barnehage": "REKOM", "desentralisert_skole": "DEKOM", "kompetanseloftet": "KOMPL"}[scheme]
    return {
        "format": "forskrift-case/2021.1",
        "case": {"id": f"ROG-2025-{code}-{region[:4].upper()}-{index:03d}-{variant.replace('_', '-')}",
                 "date": bm["submitted_on"], "grant_year": year, "statsforvalter": "Rogaland",
                 "competence_region": region, "scheme": scheme, "applicant": applicant},
        "behovsmelding": bm,
        "partnerskap": {"agreement_date": "2023-10-01", "valid_from": "2023-10-01", "valid_to": "2026-12-31",
                        "binding": variant != "fagskole_not_binding", "partners": [p]},
        "langsiktig_plan": {"forum": forum, "adopted_on": "2022-12-08", "period": {"from_year": 2023, "to_year": 2025},
                            "schemes": [scheme], "priorities": priorities},
    }


def case_2026(g: Gen, variant: str, index: int) -> dict:
    region = g.rng.choice(list(REGIONS) + ["Friskolenettverket"] * (1 if g.rng.random() < 0.1 else 0))
    sector = g.rng.choice(["barnehage", "skole", "skole"])
    applicant, muni = applicant_for(g, region, variant, sector, private=g.rng.random() < 0.25)
    if region == "Friskolenettverket":
        sector = "skole"
    year = 2026
    sector_units = {sector: g.units(sector, muni, g.rng.randint(2, 4))}
    special = g.rng.random() < 0.3
    if special and sector == "skole" and region != "Friskolenettverket":
        sector_units["barnehage"] = g.units("barnehage", muni, 1)
    total = g.rng.randrange(250000, 1500000, 10000)
    p = partner(g, region if region in UH else "Midt", variant, "2026")
    all_units = [u for us in sector_units.values() for u in us]
    na = needs_assessment(g, sector_units, variant, year, applicant["kind"], "2026", p["name"])
    if variant == "vgo_unit":
        na["units"].append({"name": "St. Svithun videregående skole", "kind": "videregaende", "local_assessment": True})
    submitted = f"{year - 2 if variant == 'old_submission' else year}-01-{g.rng.randint(5, 31):02d}"
    bm = {"submitted_on": submitted, "needs_assessment": na,
          "measures": measures(g, sector, all_units, year, special, total, "2026", variant),
          "budget": budget(g, total, variant)}
    bm["priorities"] = sorted({m["theme"] for m in bm["measures"]})
    if variant != "no_egeninnsats":
        bm["egeninnsats"] = {"description": g.rng.choice([
            "Eier frikjøper lærere og barnehagelærere til felles utviklingstid og setter av ledertid til oppfølging.",
            "Planleggingsdager og personalmøter brukes til arbeidet; eier dekker vikarer ved samlinger.",
            "Skoleleder og ressurspersoner har arbeidet i stillingen; eier stiller lokaler og drift."]),
            "forms": sorted(g.rng.sample(["wages", "release_time", "leadership", "premises"], 2))}
    if variant != "no_goal_assessment":
        bm["goal_assessment"] = {"description": "Eier og partner vurderer utbyttet med før- og etterundersøkelse "
                                                "blant ansatte og med observasjon av praksis.",
                                 "indicators": ["Ansattes vurdering av praksis", "Observasjon i barnegruppe og klasse"]}
    return {
        "format": "forskrift-case/2026.1",
        "case": {"id": f"ROG-2026-BM-{region[:4].upper()}-{index:03d}-{variant.replace('_', '-')}",
                 "date": bm["submitted_on"] if variant != "old_submission" else f"{year}-01-15",
                 "grant_year": year, "kind": "behovsmelding", "statsforvalter": "Rogaland",
                 "competence_region": region, "applicant": applicant},
        "behovsmelding": bm,
        "partnerskap": {"agreement_date": "2025-11-01", "valid_from": "2026-01-01", "valid_to": "2029-12-31",
                        "partners": [p]},
    }


def passes_4_and_11(case: dict) -> bool:
    """What the generator knows of its own variants; the allocation proposal's rule checks it independently."""
    return case["case"]["id"].split("-", 5)[-1].replace("-", "_") not in (
        "employees_not_involved", "units_not_assessed")


def totals(cases: list[dict]) -> dict:
    kg = school = partners = special = amount = 0
    for c in cases:
        bm = c["behovsmelding"]
        for m in bm["measures"]:
            amount += m["amount"]
            kg += m["amount"] if m["sector"] == "barnehage" else 0
            school += m["amount"] if m["sector"] == "skole" else 0
            special += m["amount"] if m.get("special_education") else 0
        partners += sum(line["amount"] for line in bm["budget"]["lines"] if line["payee"] == "partner")
    return {"amount": amount, "kg": kg, "school": school, "partners": partners, "special": special}


def plan_2026(cases: list[dict], *, draft: bool) -> dict:
    t = totals(cases)
    kg = round(100 * t["kg"] / t["amount"])
    partners = round(100 * t["partners"] / t["amount"])
    special = int(100 * t["special"] / t["amount"])
    rest = 100 - special if not draft else 100
    first, second = round(rest * 0.4), round(rest * 0.3)
    themes = [{"theme": "Lesing, skriving og matematikk", "special_education": False, "share": first},
              {"theme": "Profesjonsfellesskap og klasseledelse", "special_education": False, "share": second},
              {"theme": "Lek, språk og barns medvirkning", "special_education": False, "share": rest - first - second}]
    if not draft:
        themes.append({"theme": SPECIAL, "special_education": True, "share": special})
    return {
        "forum": "Samarbeidsforum for kollektiv kompetanseutvikling i Rogaland",
        "adopted_on": "2025-12-05" if not draft else "2025-10-16",
        "period": {"from_year": 2026, "to_year": 2029},
        "split_kindergarten_school": {"kindergarten": kg, "school": 100 - kg,
                                      "basis": "Behovsmeldingene for 2026 og antall årsverk i barnehage og skole."},
        "split_owner_partner": {"owners": 100 - partners, "partners": partners},
        "thematic_priorities": themes,
        "distribution_key": {"factors": [
            {"basis": "arsverk", "share": 70, "description": "Årsverk i barnehage og grunnskole i regionen."},
            {"basis": "geography", "share": 20, "description": "Reiseavstand og spredt bosetting i Ryfylke og Dalane."},
            {"basis": "particular_challenges", "share": 10 if not draft else 20,
             "description": "Særlige utfordringer, blant annet mange små enheter."}]},
    }


def summary(c: dict) -> dict:
    bm = c["behovsmelding"]
    return {"case_id": c["case"]["id"], "owner": c["case"]["applicant"]["owners"][0]["name"],
            "submitted_on": bm["submitted_on"], "needs_assessment": bm["needs_assessment"],
            "partners": [{"type": p["type"], "binding": p["binding"]} for p in c["partnerskap"]["partners"]]}


def line(c: dict, scale: float) -> dict:
    bm = c["behovsmelding"]
    amount = sum(m["amount"] for m in bm["measures"])
    part = lambda x: int(x * scale)  # noqa: E731  (rounded down: the lines never exceed the frame)
    return {"behovsmelding": c["case"]["id"], "recipient": c["case"]["applicant"]["owners"][0]["name"],
            "amount": part(amount),
            "to_partners": part(sum(li["amount"] for li in bm["budget"]["lines"] if li["payee"] == "partner")),
            "to_owners": part(sum(li["amount"] for li in bm["budget"]["lines"] if li["payee"] == "owner")),
            "kindergarten": part(sum(m["amount"] for m in bm["measures"] if m["sector"] == "barnehage")),
            "school": part(sum(m["amount"] for m in bm["measures"] if m["sector"] == "skole")),
            "special_education": part(sum(m["amount"] for m in bm["measures"] if m.get("special_education")))}


def allocation(cases: list[dict], plan: dict, *, draft: bool) -> dict:
    frame = 68_000_000
    backed = [c for c in cases if passes_4_and_11(c)] if not draft else cases
    total = sum(sum(m["amount"] for m in c["behovsmelding"]["measures"]) for c in backed)
    scale = min(1.0, frame / total)
    doc = {"prepared_on": "2026-02-20", "frame": frame,
           "lines": [line(c, scale) for c in backed],
           "behovsmeldinger": [summary(c) for c in cases]}
    if not draft:
        doc["presented_to_forum_on"] = "2026-03-05"
        doc["decision_on"] = "2026-03-20"
    return {"format": "forskrift-case/2026.1",
            "case": {"id": "ROG-2026-FORDELING" + ("-UTKAST" if draft else ""), "date": "2026-03-05",
                     "grant_year": 2026, "kind": "fordelingsforslag", "statsforvalter": "Rogaland"},
            "langsiktig_plan": plan, "fordelingsforslag": doc}


def generate(out: Path = HERE) -> dict[str, int]:
    g = Gen(SEED)
    files: dict[str, dict] = {}
    index = 0
    for scheme, variants in VARIANTS_2025.items():
        for variant in variants:
            index += 1
            c = case_2025(g, scheme, variant, index)
            files[f"2025/{c['case']['id']}.json"] = c
    cases26 = []
    for i, variant in enumerate(VARIANTS_2026, start=1):
        c = case_2026(g, variant, i)
        cases26.append(c)
        files[f"2026/{c['case']['id']}.json"] = c
    eligible = [c for c in cases26 if passes_4_and_11(c)]
    plan = plan_2026(eligible, draft=False)
    for draft in (False, True):
        p = plan if not draft else plan_2026(eligible, draft=True)
        cid = "ROG-2026-LANGSIKTIG-PLAN" + ("-UTKAST-OKTOBER" if draft else "")
        files[f"2026/{cid}.json"] = {"format": "forskrift-case/2026.1",
                                     "case": {"id": cid, "date": "2026-01-02", "grant_year": 2026,
                                              "kind": "langsiktig_plan", "statsforvalter": "Rogaland"},
                                     "langsiktig_plan": p}
        a = allocation(cases26, plan, draft=draft)
        files[f"2026/{a['case']['id']}.json"] = a
    for year in ("2025", "2026"):
        shutil.rmtree(out / year, ignore_errors=True)
        (out / year).mkdir(parents=True)
    for name, doc in sorted(files.items()):
        (out / name).write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return {"2025": sum(1 for n in files if n.startswith("2025/")),
            "2026": sum(1 for n in files if n.startswith("2026/"))}


if __name__ == "__main__":
    print(generate())
