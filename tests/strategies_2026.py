"""Hypothesis strategies for case documents of format "forskrift-case/2026.1" (schemas/case-2026.schema.json),
written from domain knowledge (cases/corpus/generate.py shows the shape of real ones), reusing the pools and
scalars of `strategies.py`.

A case is a behovsmelding (with its partnership), the forum's long-term plan, or Statsforvalteren's allocation
proposal (with the plan it follows and a summary of each behovsmelding received). Every optional field is
sometimes absent, lists are sometimes empty, and values are often put on the thresholds the 2026 rules test:
plan splits that add up to exactly 100 (or 99, 101), a distribution key on 100, allocation totals on the frame
(or one krone over), kindergarten / partner / special-education shares exactly 2 percentage points from the
plan's, submissions on the edges of the year before the grant year, a fagskole with and without a binding
cooperation, an upper-secondary unit or target group.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st

try:
    from tests import strategies as s21
except ImportError:  # tests/ is not a package: pytest puts tests/ itself on sys.path
    import strategies as s21

FORMAT = "forskrift-case/2026.1"
CASE_SCHEMA_ID = "urn:forskrift:schema:case-2026"

KINDS = ("behovsmelding", "langsiktig_plan", "fordelingsforslag")
UNIT_KINDS = ("barnehage", "skole", "sfo", "kulturskole", "ppt", "videregaende")
SECTORS = ("barnehage", "skole", "both")
EGENINNSATS_FORMS = ("cash", "wages", "release_time", "mixed", "leadership", "premises", "other")
PARTNER_TYPES = ("university", "university_college", "fagskole", "other_competence_environment", "national_centre")
BASES = ("arsverk", "geography", "particular_challenges", "population", "flat", "other")
ALLOWED_GROUPS = ("teachers", "leaders", "other_staff", "surrounding_organisation", "ppt",
                  "interdisciplinary_services", "sfo", "kulturskole", "other_municipal_services")
PARTNERS = (("Universitetet i Stavanger", "971564679", "university"),
            ("Høgskulen på Vestlandet", "917641404", "university_college"),
            ("NLA Høgskolen", "970924566", "university_college"),
            ("Fagskolen Rogaland", "982445555", "fagskole"),
            ("Senter for praksisnær kompetanse Rogaland", "999111222", "other_competence_environment"),
            ("Lesesenteret", "971564679", "national_centre"))
SPECIAL_THEME = "Spesialpedagogikk og inkluderende praksis"
FORUM = "Samarbeidsforum for kollektiv kompetanseutvikling i Rogaland"

def obj(complete: bool, required: dict, optional: dict):
    """An object; when `complete`, with every optional field too (a realistic, complete document)."""
    return st.fixed_dictionaries({**required, **optional}) if complete else s21.fixed(required, optional)


def flag(good: bool, complete: bool):
    """A boolean; in a complete document mostly the value the regulation asks for."""
    return (st.just(good) | st.booleans()) if complete else st.booleans()


# Percentages of the plan: whole numbers mostly, halves sometimes (exact in binary), the edges 0 and 100.
percents = st.one_of(st.integers(0, 100), st.sampled_from([0, 2, 98, 100, 12.5, 37.5, 0.5]))


def years_2026():
    return st.one_of(st.just(2026), st.integers(2026, 2030), st.sampled_from([2000, 2100, 2025]))


# ---- behovsmelding ------------------------------------------------------------------------------------------

@st.composite
def needs_assessments(draw, year: int, kind: str, complete: bool = False):
    unit = obj(complete, {"name": st.sampled_from(s21.UNIT_NAMES) | s21.names},
               {"kind": st.sampled_from(UNIT_KINDS[:2]) | st.sampled_from(UNIT_KINDS),
                "local_assessment": flag(True, complete)})
    return draw(obj(complete, {}, {
        "made_on": s21.dates_near(year - 1),
        "made_by": st.just(kind) | st.sampled_from(["owner", "network"]),
        "description": s21.free_text,
        "employees_involved": flag(True, complete),
        "employee_involvement": s21.free_text,
        "leaders_involved": flag(True, complete),
        "dialogue_with_partner": flag(True, complete),
        "units": st.lists(unit, min_size=1 if complete else 0, max_size=4),
    }))


@st.composite
def measures(draw, year: int, complete: bool = False):
    start = draw(st.dates(dt.date(year - 1, 1, 1), dt.date(year + 1, 12, 31)))
    end = start + dt.timedelta(days=draw(st.sampled_from([0, -1, 1, 300]) | st.integers(-30, 800)))
    pool = st.sampled_from(ALLOWED_GROUPS) if complete else st.sampled_from(ALLOWED_GROUPS[:3])
    groups = st.lists(pool | st.sampled_from(s21.TARGET_GROUPS), unique=True, min_size=1 if complete else 0,
                      max_size=4)
    return draw(obj(complete, {"title": st.sampled_from(s21.MEASURE_TITLES) | s21.names}, {
        "description": s21.free_text,
        "collective": flag(True, complete),
        "unit_based": flag(True, complete),
        "individual_further_education": flag(False, complete),
        "sector": st.sampled_from(SECTORS),
        "theme": st.sampled_from(s21.THEMES) | st.just(SPECIAL_THEME),
        "special_education": st.booleans(),
        "target_groups": groups,
        "participants": st.sampled_from([0, 1, 24, 240]) | st.integers(0, 1_000_000),
        "units": st.lists(st.sampled_from(s21.UNIT_NAMES), max_size=3),
        "start": st.just(start.isoformat()),
        "end": st.just(end.isoformat()),
        "amount": s21.amounts,
    }))


@st.composite
def budgets(draw, complete: bool = False):
    purposes = st.sampled_from(s21.ALLOWED_PURPOSES) if complete else st.sampled_from(s21.PURPOSES)
    line = obj(complete, {"purpose": purposes | st.sampled_from(s21.PURPOSES), "amount": s21.amounts},
               {"payee": st.sampled_from(["owner", "partner"]), "description": s21.free_text})
    return draw(obj(complete, {}, {"amount_applied": s21.amounts, "lines": st.lists(line, max_size=5)}))


@st.composite
def behovsmeldinger(draw, year: int, kind: str, complete: bool = False):
    return draw(obj(complete, {}, {
        # the grant year, the year before (both allowed by § 11), and the edges around them
        "submitted_on": st.sampled_from([f"{year - 1}-01-01", f"{year - 1}-12-31", f"{year}-12-31",
                                         f"{year - 2}-12-31", f"{year + 1}-01-01"]) | s21.dates_near(year),
        "needs_assessment": needs_assessments(year, kind, complete),
        "priorities": st.lists(st.sampled_from(s21.PRIORITIES), max_size=3),
        "measures": st.lists(measures(year, complete), min_size=1 if complete else 0, max_size=4),
        "budget": budgets(complete),
        "egeninnsats": obj(complete, {}, {"description": s21.free_text,
                                          "forms": st.lists(st.sampled_from(EGENINNSATS_FORMS), unique=True,
                                                            max_size=3),
                                          "amount": s21.amounts}),
        "goal_assessment": obj(complete, {}, {"description": s21.free_text,
                                              "indicators": st.lists(s21.names, max_size=3)}),
    }))


@st.composite
def partner(draw, complete: bool = False):
    name, org, typ = draw(st.sampled_from(PARTNERS))
    if draw(st.integers(0, 6)) == 0:
        name, typ = draw(s21.names), draw(st.sampled_from(PARTNER_TYPES))
    return draw(obj(complete, {"name": st.just(name), "type": st.just(typ)}, {
        "org_number": st.just(org) | s21.org_numbers,
        "binding": flag(True, complete),
        "contact_person": st.sampled_from(s21.CONTACT_PEOPLE),
        "roles": st.lists(st.sampled_from(s21.ROLES), unique=True, max_size=4),
    }))


@st.composite
def partnerskaps(draw, year: int, complete: bool = False):
    return draw(obj(complete, {}, {"agreement_date": s21.dates_near(year - 1), "valid_from": s21.dates_near(year),
                                   "valid_to": s21.dates_near(year + 3),
                                   "partners": st.lists(partner(complete), min_size=1 if complete else 0,
                                                        max_size=3)}))


# ---- the long-term plan ---------------------------------------------------------------------------------------

@st.composite
def split(draw, first: str, second: str):
    """A split of 100 %: exactly (most often), one point beside, or anything."""
    a = draw(percents)
    choice = draw(st.sampled_from(["exact", "exact", "exact", "off", "any"]))
    if choice == "exact":
        b = 100 - a
    elif choice == "off":
        b = min(max(100 - a + draw(st.sampled_from([-1, 1])), 0), 100)
    else:
        b = draw(percents)
    return draw(s21.fixed({}, {first: st.just(a), second: st.just(b)}))


@st.composite
def shares_of_100(draw, n: int):
    cuts = sorted(draw(st.lists(st.integers(0, 100), min_size=n - 1, max_size=n - 1)))
    shares = [b - a for a, b in zip([0] + cuts, cuts + [100], strict=True)]
    if draw(st.integers(0, 4)) == 0:
        shares[-1] += draw(st.sampled_from([-1, 1, 10]))
    return [min(max(x, 0), 100) for x in shares]


@st.composite
def plans(draw, year: int, complete: bool = False):
    themes = draw(st.lists(st.sampled_from(s21.THEMES + (SPECIAL_THEME,)), unique=True, max_size=4))
    shares = draw(shares_of_100(len(themes))) if themes else []
    priorities = []
    for theme, share in zip(themes, shares, strict=True):
        item = {"theme": theme}
        if complete or draw(st.integers(0, 5)):
            item["special_education"] = theme == SPECIAL_THEME if draw(st.integers(0, 4)) else draw(st.booleans())
        if complete or draw(st.integers(0, 5)):
            item["share"] = share
        priorities.append(item)
    n = draw(st.integers(0, 3))
    factors = [{"basis": draw(st.sampled_from(BASES[:3]) | st.sampled_from(BASES)), "share": share}
               for share in (draw(shares_of_100(n)) if n else [])]
    key = {"factors": factors} if draw(st.integers(0, 5)) else {}
    if draw(st.integers(0, 2)) == 0:
        # a key as shares per region or network, with or without the factors it rests on
        key = {**key, **draw(s21.distribution_keys())}
        key.pop("basis", None)
    start = year + draw(st.sampled_from([0, 0, -1, 1]))
    period = {"from_year": min(max(start, 2000), 2100), "to_year": min(max(start + 3, 2000), 2100)}
    return draw(obj(complete, {}, {
        "forum": st.just(FORUM),
        "adopted_on": s21.dates_near(year - 1),
        "period": st.just(period),
        "split_kindergarten_school": split("kindergarten", "school"),
        "split_owner_partner": split("owners", "partners"),
        "thematic_priorities": st.just(priorities),
        "distribution_key": st.just(key),
    }))


# ---- the allocation proposal -----------------------------------------------------------------------------------

@st.composite
def allocations(draw, year: int, plan: dict, complete: bool = False):
    ids = draw(st.lists(st.sampled_from([f"ROG-{year}-BM-{n:03d}" for n in range(1, 9)]), unique=True,
                        max_size=4))
    summaries = []
    for cid in ids:
        if not complete and draw(st.integers(0, 5)) == 0:
            continue   # a line without its behovsmelding
        summaries.append(draw(obj(complete, {"case_id": st.just(cid)}, {
            "owner": s21.names,
            "submitted_on": s21.dates_near(year),
            "needs_assessment": needs_assessments(year, "owner", complete),
            "partners": st.lists(obj(complete, {"type": st.sampled_from(PARTNER_TYPES)},
                                     {"binding": flag(True, complete)}), min_size=1 if complete else 0, max_size=2),
        })))
    lines = []
    for cid in ids:
        amount = draw(s21.amounts)
        line = {"behovsmelding": cid, "amount": amount}
        # parts of the line, often exactly on the plan's share (or 2 points beside, the tolerance of § 12)
        for name, key in (("kindergarten", ("split_kindergarten_school", "kindergarten")),
                          ("to_partners", ("split_owner_partner", "partners")), ("special_education", None),
                          ("school", None), ("to_owners", None)):
            if not complete and not draw(st.integers(0, 4)):
                continue
            pct = (plan.get(key[0], {}).get(key[1]) if key else None)
            if pct is not None and draw(st.booleans()):
                pct = pct + draw(st.sampled_from([0, 2, -2, 3]))
                value = int(amount * max(min(pct, 100), 0) // 100)
            else:
                value = draw(st.integers(0, amount) if amount else st.just(0))
            line[name] = value
        if draw(st.integers(0, 4)):
            line["recipient"] = draw(st.sampled_from(s21.MUNICIPALITIES))[0] + " kommune"
        s21.money_parts(draw, line)
        lines.append(line)
    total = sum(line["amount"] for line in lines)
    frame = draw(st.sampled_from([total, total + 1, max(total - 1, 0), 68_000_000]) | s21.amounts)
    bound = s21.frame_for(draw, total, min(frame, 100_000_000_000))
    prepared = dt.date(year, 2, 20)
    presented = prepared + dt.timedelta(days=draw(st.sampled_from([-1, 0, 13])))
    decided = presented + dt.timedelta(days=draw(st.sampled_from([-1, 0, 1, 15])))
    optional = {
        "prepared_on": st.just(prepared.isoformat()),
        "frame": st.just(min(frame, 100_000_000_000)),
        "presented_to_forum_on": st.just(presented.isoformat()),
        "decision_on": st.just(decided.isoformat()),
        "lines": st.just(lines),
        "behovsmeldinger": st.just(summaries),
    }
    if "bound_amount" in bound:      # money bound by earlier years' decisions, on the edge of the lines' total
        optional["bound_amount"] = st.just(bound["bound_amount"])
    return draw(obj(complete, {}, optional))


# ---- the case ----------------------------------------------------------------------------------------------

@st.composite
def case_documents(draw):
    """A schema-valid case document of format forskrift-case/2026.1."""
    year = draw(years_2026())
    kind = draw(st.sampled_from(KINDS))
    case = {"id": draw(st.integers(1, 999).map(lambda n: f"ROG-{year}-{n:03d}")),
            "date": draw(s21.dates_near(year)), "grant_year": year, "kind": kind}
    if draw(st.integers(0, 4)):
        case["statsforvalter"] = "Rogaland"
    if draw(st.integers(0, 2)):
        case["competence_region"] = draw(st.sampled_from(s21.REGIONS))
    doc = {"format": FORMAT, "case": case}
    complete = draw(st.booleans())   # half the cases complete and mostly in order, as most real ones are
    if kind == "behovsmelding" or draw(st.integers(0, 9)) == 0:
        applicant = draw(s21.applicants("kollektiv"))
        case["applicant"] = applicant
        made_by = "network" if applicant["kind"] == "network" else "owner"
        doc["behovsmelding"] = draw(behovsmeldinger(year, made_by, complete))
        if complete or draw(st.integers(0, 5)):
            doc["partnerskap"] = draw(partnerskaps(year, complete))
    if kind in ("langsiktig_plan", "fordelingsforslag") or draw(st.integers(0, 9)) == 0:
        doc["langsiktig_plan"] = draw(plans(year, complete))
    if kind == "fordelingsforslag":
        doc["fordelingsforslag"] = draw(allocations(year, doc["langsiktig_plan"], complete))
    return doc
