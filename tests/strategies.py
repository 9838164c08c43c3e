"""Hypothesis strategies for the property tests, written from domain knowledge (not from the JSON Schemas).

Two families:

- `case_documents(kinds=KINDS)`: schema-valid case documents of format "forskrift-case/2021.1", of every case
  kind (`case.kind`): behovsmelding (with partnerskap and langsiktig plan), innstilling (with samarbeidsforum
  and plan), tildeling, tilsagn (tilsagnsbrev), avslag, klage (with its avslag), utbetaling (with its
  tilsagnsbrev) and rapport, now and then with a document of another kind besides. Rogaland owners and networks,
  their partners and forum members, all three sub-schemes, amounts in whole NOK, ISO dates. Documents are
  mostly complete (as careful senders fill them in), but every optional field is sometimes absent (whole
  documents too), lists are sometimes empty, booleans go both ways; dates sit on the deadlines of punkt 3.4
  (15 March, 15 April, or an earlier agreed one) or a day beside them, and amounts on the thresholds the rules
  test or one krone beside them: egenandel at 30 % of the amount applied or of a recommended line, the
  coordinator share at 10 % of the budget, the (D) purposes at 30 % of the measures and of the regional frame,
  the binding agreements at half of the allocation ("more than 50 %"), a payment at its installment.
  Hypothesis's simplest choice is the realistic one, so its many near-minimal examples stay realistic.
- `conditions()`: small random condition trees over the fields of the case schema (comparisons with literals
  and between fields, in-lists, contains, present/missing, any/all/none, count/sum/min/max with where,
  arithmetic and percent, dates, not/and/or), not yet type-annotated: bind them with
  `forskrift.conditions.bind.Binder`. Literals come from the same pools as the cases, so conditions hit.

Organisation numbers and account numbers are illustrative, not looked up.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from fractions import Fraction

from hypothesis import strategies as st

from forskrift.conditions import tree as t
from forskrift.documents.schemas import FieldType, default_schemas

FORMAT = "forskrift-case/2021.1"
CASE_SCHEMA_ID = "urn:forskrift:schema:case-2021"

SCHEMES = ("regional_barnehage", "desentralisert_skole", "kompetanseloftet")
OWNER_TYPES = ("municipality", "county_municipality", "private_kindergarten_owner", "private_school_owner",
               "university", "university_college", "fagskole", "state_body", "other")
PARTNER_TYPES = ("university", "university_college", "national_centre", "fagskole",
                 "other_competence_environment")
ROLES = ("needs_assessment", "planning", "implementation", "evaluation")
TARGET_GROUPS = ("teachers", "leaders", "other_staff", "surrounding_organisation", "ppt",
                 "interdisciplinary_services", "sfo", "kulturskole", "other_municipal_services",
                 "upper_secondary_staff", "individual_students")
CATEGORIES = ("barnehagebasert", "skolebasert", "grunnkompetanse", "kompetanseheving_fagarbeidere_assistenter",
              "fagbrev_barne_ungdomsarbeider", "tilretteleggingsmidler")
SPECIAL_CATEGORIES = CATEGORIES[2:]   # punkt 3.3 (D) nr. 1-4
PURPOSES = ("needs_assessment", "planning", "implementation", "evaluation", "coordinator",
            "individual_further_education", "equipment", "travel", "other")
ALLOWED_PURPOSES = PURPOSES[:5]
EGENANDEL_FORMS = ("cash", "wages", "release_time", "mixed")

# Rogaland municipalities (name, illustrative org number, competence region).
MUNICIPALITIES = (
    ("Stavanger", "964965226", "Midt"), ("Sandnes", "964965137", "Midt"), ("Haugesund", "944073787", "Nord"),
    ("Karmøy", "940791901", "Nord"), ("Time", "944296726", "Sør"), ("Klepp", "964978840", "Sør"),
    ("Hå", "964969590", "Sør"), ("Eigersund", "964965404", "Sør"), ("Sola", "964965781", "Midt"),
    ("Randaberg", "964965048", "Midt"), ("Strand", "964979367", "Midt"), ("Tysvær", "964979839", "Nord"),
    ("Bokn", "964978922", "Nord"), ("Gjesdal", "964978670", "Sør"), ("Sokndal", "964965536", "Sør"),
    ("Suldal", "964979189", "Nord"), ("Kvitsøy", "964979103", "Midt"),
)
COUNTY = ("Rogaland fylkeskommune", "971045698")
PRIVATE_KINDERGARTEN_OWNERS = (
    ("Espira Gruppen AS", "987012345"), ("FUS AS", "980123456"), ("Kanvas-stiftelsen", "971234567"),
    ("Læringsverkstedet AS", "990234567"), ("Stiftelsen Jåttå barnehage", "914321987"),
    ("Sandnes Montessoribarnehage SA", "999888777"),
)
PRIVATE_SCHOOL_OWNERS = (
    ("Rudolf Steinerskolen i Stavanger", "975012345"), ("Jæren Kristne Grunnskule", "989123456"),
    ("Haugesund Montessoriskole", "912345678"), ("Stavanger Montessoriskole SA", "917654321"),
    ("Kristen Skole Sandnes", "001234567"),
)
OTHER_OWNERS = (
    ("Universitetet i Stavanger", "971564679", "university"),
    ("Høgskulen på Vestlandet", "917641404", "university_college"),
    ("Fagskolen Rogaland", "982445555", "fagskole"),
    ("Statped vest", "974760347", "state_body"),
    ("Rogaland Kunnskapsnettverk", "000000001", "other"),
)
PARTNERS = (
    ("Universitetet i Stavanger", "971564679", "university"),
    ("Høgskulen på Vestlandet", "917641404", "university_college"),
    ("VID vitenskapelige høgskole", "919806745", "university_college"),
    ("NLA Høgskolen", "970924566", "university_college"),
    ("Fagskolen Rogaland", "982445555", "fagskole"),
    ("Nasjonalt senter for leseopplæring og leseforsking (Lesesenteret)", "971564679", "national_centre"),
    ("Nasjonalt senter for læringsmiljø og atferdsforskning", "971564679", "national_centre"),
    ("Matematikksenteret", "974767880", "national_centre"),
    ("Statped vest", "974760347", "other_competence_environment"),
    ("PPT for Jæren", "964978840", "other_competence_environment"),
)
CONTACT_PEOPLE = ("Tor Espeland", "Kari Nordmann", "Øystein Ålgård", "Åse Økland", "Siri Hå", "Ola Sola")
REGIONS = ("Nord", "Midt", "Sør", "Friskolenettverket")
NETWORK_NAMES = ("Nord-Rogaland nettverk", "Jærnettverket", "Dalane kompetansenettverk",
                 "Ryfylke-nettverket", "Friskolenettverket i Rogaland")
UNIT_NAMES = ("Orstad skule", "Kleppe skule", "Bore skule", "Bryne skule", "Vormedal ungdomsskole",
              "Kvaleberg skole", "Lura barnehage", "Tastarustå barnehage", "Hundvåg barnehage",
              "Åkra ungdomsskole", "Egersund barneskole", "Sola ungdomsskole")
THEMES = ("Matematikk", "Lesing og skriving", "Vurdering", "Klasseledelse", "Inkluderende læringsmiljø",
          "Språk i barnehagen", "Spesialpedagogikk", "Samisk perspektiv")
PRIORITIES = ("Lesing og skriving", "Matematikk", "Klasseledelse", "Inkluderende læringsmiljø",
              "Vurdering for læring", "Matematikk på mellomtrinnet", "Språkutvikling")
MEASURE_TITLES = ("Matematikk – skulebasert utviklingsarbeid", "Vurdering for læring i alle fag",
                  "Inkluderande praksis i barnehagen", "Lesing i alle fag", "Grunnkompetanse for assistenter",
                  "Fagbrev barne- og ungdomsarbeider", "Klasseledelse på ungdomstrinnet")
FORUMS = ("Samarbeidsforum for desentralisert ordning i Rogaland",
          "Samarbeidsforum for regional ordning i Rogaland", "Samarbeidsforum for kompetanseløftet")
TEXTS = ("Skulane har analysert resultat frå nasjonale prøver og elevundersøkinga.",
         "Drøfta i personalmøte og fagteam på kvar skule; tillitsvalde var med.",
         "Erfaringane blir brukte i grunnskulelærarutdanninga 1–7.",
         "Løn til lærarar for deltaking i felles utviklingstid (20 % av søkt beløp).",
         "Samiske perspektiv er drøfta med Samisk kompetansesenter.",
         'Sitat: "kollektiv kompetanse" \\ backslash, ny linje\nog tabulator\t.')

# Pools of literal strings per field name, shared with the condition generator so that conditions hit.
STRING_POOLS: dict[str, tuple[str, ...]] = {
    "name": tuple(m[0] + " kommune" for m in MUNICIPALITIES[:6]) + tuple(p[0] for p in PARTNERS[:4])
    + UNIT_NAMES[:4],
    "org_number": tuple(m[1] for m in MUNICIPALITIES[:5]) + ("971564679", "001234567", "1234567"),
    "municipality": tuple(m[0] for m in MUNICIPALITIES[:9]),
    "competence_region": REGIONS,
    "statsforvalter": ("Rogaland", "Vestland"),
    "network_name": NETWORK_NAMES,
    "submitted_by": tuple(m[1] for m in MUNICIPALITIES[:4]),
    "contact_person": CONTACT_PEOPLE,
    "theme": THEMES,
    "title": MEASURE_TITLES,
    "forum": FORUMS,
    "priorities": PRIORITIES,
    "units": UNIT_NAMES,
    "id": ("ROG-2023-DEKOM-SOR-006", "2021001", "0042"),
    "friskolelova_approval": ("Udir-2019/1234", "2-1"),
}


# ---- scalars -----------------------------------------------------------------------------------------------

def iso(day: dt.date) -> str:
    return day.isoformat()


TEXT_CHARS = st.characters(codec="utf-8", exclude_categories=("Cs",))
free_text = st.one_of(st.sampled_from(TEXTS), st.text(TEXT_CHARS, max_size=30))
names = st.text(TEXT_CHARS, min_size=1, max_size=25)
org_numbers = st.one_of(
    st.sampled_from([m[1] for m in MUNICIPALITIES] + [COUNTY[1]]),
    st.from_regex(r"\A[0-9]{9}\Z", fullmatch=True),
)
account_numbers = st.from_regex(r"\A[0-9]{11}\Z", fullmatch=True)
years = st.one_of(st.integers(2019, 2027), st.sampled_from([2000, 2100]))


def dates_near(year: int) -> st.SearchStrategy[str]:
    """A date in or around a year, with the year's edges and a leap day weighted in."""
    edges = [dt.date(year, 1, 1), dt.date(year, 12, 31), dt.date(year - 1, 12, 31), dt.date(2024, 2, 29)]
    return st.one_of(
        st.sampled_from(edges),
        st.dates(dt.date(year - 2, 1, 1), dt.date(year + 2, 12, 31)),
    ).map(iso)


# Amounts in whole kroner: round sums, small and zero values, odd kroner, the schema's maximum.
amounts = st.one_of(
    st.sampled_from([0, 1, 9, 10, 30_000, 60_000, 90_000, 150_000, 300_000, 450_000, 750_000, 1_000_000]),
    st.integers(0, 2_000_000),
    st.integers(0, 300).map(lambda k: k * 10_000),
    st.sampled_from([99_999_999_999, 100_000_000_000]),
)


# A boolean that is true three times in four (and true in Hypothesis's simplest example): what a careful
# applicant answers, with the other answer still drawn often.
mostly = st.sampled_from([True, True, True, False])


def maybe(strategy, none_weight=0.3):
    """The value or None (None means: leave the field out); the weighting is Hypothesis's own."""
    return st.one_of(st.none(), strategy) if none_weight else strategy


def fixed(required: dict, optional: dict):
    """An object with every required field and any subset of the optional ones."""
    return st.fixed_dictionaries(required, optional=optional)


def obj(complete: bool, required: dict, optional: dict):
    """`fixed`, or with every optional field too when `complete` (a document as a careful owner fills it in)."""
    return st.fixed_dictionaries({**required, **optional}) if complete else fixed(required, optional)


# ---- the applicant -----------------------------------------------------------------------------------------

@st.composite
def owners(draw, scheme: str):
    kind = draw(st.sampled_from(["municipality", "municipality", "county_municipality",
                                 "private_kindergarten_owner", "private_school_owner", "other_owner",
                                 "random"]))
    if kind == "municipality":
        name, org, _region = draw(st.sampled_from(MUNICIPALITIES))
        owner = {"name": f"{name} kommune", "org_number": org, "type": "municipality", "municipality": name}
    elif kind == "county_municipality":
        owner = {"name": COUNTY[0], "org_number": COUNTY[1], "type": "county_municipality"}
    elif kind == "private_kindergarten_owner":
        name, org = draw(st.sampled_from(PRIVATE_KINDERGARTEN_OWNERS))
        owner = {"name": name, "org_number": org, "type": "private_kindergarten_owner"}
    elif kind == "private_school_owner":
        name, org = draw(st.sampled_from(PRIVATE_SCHOOL_OWNERS))
        owner = {"name": name, "org_number": org, "type": "private_school_owner"}
        if draw(st.integers(0, 2)) < 2:      # a third show no approval (3.1 nr. 2)
            owner["friskolelova_approval"] = draw(st.sampled_from(STRING_POOLS["friskolelova_approval"]))
    elif kind == "other_owner":
        name, org, typ = draw(st.sampled_from(OTHER_OWNERS))
        owner = {"name": name, "org_number": org, "type": typ}
    else:
        owner = {"name": draw(names), "org_number": draw(org_numbers), "type": draw(st.sampled_from(OWNER_TYPES))}
        if draw(st.booleans()):
            owner["friskolelova_approval"] = draw(names)
    if draw(st.booleans()):
        owner["account_number"] = draw(account_numbers)
    if "municipality" not in owner and draw(st.integers(0, 3)) == 0:
        owner["municipality"] = draw(st.sampled_from([m[0] for m in MUNICIPALITIES]))
    if "municipality" in owner and draw(st.integers(0, 5)) == 0:
        del owner["municipality"]
    return owner


@st.composite
def applicants(draw, scheme: str):
    network = draw(st.booleans())
    count = draw(st.integers(2, 6) if network and draw(st.integers(0, 4)) < 4 else st.integers(1, 2))
    applicant = {"kind": "network" if network else "owner",
                 "owners": draw(st.lists(owners(scheme), min_size=count, max_size=count))}
    if network or draw(st.integers(0, 5)) == 0:
        if draw(st.integers(0, 4)) < 4:
            applicant["network_name"] = draw(st.sampled_from(NETWORK_NAMES))
        if draw(st.integers(0, 4)) < 4:
            applicant["submitted_by"] = draw(st.one_of(st.just(applicant["owners"][0]["org_number"]),
                                                       org_numbers))
    return applicant


@st.composite
def case_parts(draw):
    year = draw(years)
    scheme = draw(st.sampled_from(SCHEMES))
    case = {
        "id": draw(st.one_of(st.sampled_from(STRING_POOLS["id"]),
                             st.integers(1, 999).map(lambda n: f"ROG-{year}-{n:03d}"))),
        "date": draw(dates_near(year)),
        "grant_year": year,
        "scheme": scheme,
        "applicant": draw(applicants(scheme)),
    }
    if draw(st.integers(0, 5)):
        case["statsforvalter"] = draw(st.sampled_from(STRING_POOLS["statsforvalter"]))
    if draw(st.integers(0, 2)):
        case["competence_region"] = draw(st.sampled_from(REGIONS))
    return case


# ---- behovsmelding -----------------------------------------------------------------------------------------

@st.composite
def needs_assessments(draw, year: int, complete: bool = False):
    unit = obj(complete, {"name": st.sampled_from(UNIT_NAMES) | names},
                 {"kind": st.sampled_from(["barnehage", "skole"]), "local_assessment": mostly})
    return draw(obj(complete, {}, {
        "made_on": dates_near(year - 1),
        "description": free_text,
        "employees_involved": mostly,
        "employee_involvement": free_text,
        "leaders_involved": mostly,
        "dialogue_with_partner": mostly,
        "sami_perspectives": free_text,
        "units": st.lists(unit, min_size=int(complete), max_size=4),
    }))


@st.composite
def measures(draw, year: int, scheme: str, complete: bool = False):
    start = draw(st.dates(dt.date(year - 1, 1, 1), dt.date(year + 1, 12, 31)))
    end = start + dt.timedelta(days=draw(st.sampled_from([0, -1, 1, 180, 310]) | st.integers(-30, 800)))
    preferred = {"regional_barnehage": ["barnehagebasert", *SPECIAL_CATEGORIES],
                 "desentralisert_skole": ["skolebasert"],
                 "kompetanseloftet": ["barnehagebasert", "skolebasert"]}[scheme]
    groups = (["teachers", "leaders", "ppt", "interdisciplinary_services"] if scheme == "kompetanseloftet"
              else ["teachers", "leaders", "other_staff"])
    target_groups = st.lists(st.sampled_from(groups) | st.sampled_from(TARGET_GROUPS), unique=True, max_size=4)
    if scheme == "kompetanseloftet":
        # the team around the child of punkt 3.3 (E): teachers with PPT or other interdisciplinary services
        target_groups = st.sampled_from([["teachers", "ppt"], ["leaders", "teachers", "interdisciplinary_services"],
                                         ["ppt"]]) | target_groups
    return draw(obj(complete, {"title": st.sampled_from(MEASURE_TITLES) | names}, {
        "description": free_text,
        "collective": mostly,
        "unit_based": mostly,
        "individual_further_education": st.sampled_from([False, True]),
        "category": st.sampled_from(preferred) | st.sampled_from(CATEGORIES),
        "theme": st.sampled_from(THEMES),
        "target_groups": target_groups,
        "participants": st.sampled_from([0, 1, 12, 64, 110]) | st.integers(0, 1_000_000),
        "units": st.lists(st.sampled_from(UNIT_NAMES), max_size=3),
        "start": st.just(iso(start)),
        "end": st.just(iso(end)) | dates_near(year),
        "amount": amounts,
    }))


@st.composite
def measure_lists(draw, year: int, scheme: str, complete: bool = False):
    items = draw(st.lists(measures(year, scheme, complete), min_size=int(complete), max_size=4))
    # Put the (D) purposes on the 30 % ceiling of punkt 3.3 (D): special = 3/7 of the others, or 1 kr beside.
    if items and draw(st.integers(0, 3)) == 0:
        others = draw(st.integers(0, 50_000)) * 7
        special = others * 3 // 7 + draw(st.sampled_from([0, 0, 1, -1]))
        items[0] = {**items[0], "category": draw(st.sampled_from(SPECIAL_CATEGORIES)), "amount": max(special, 0)}
        for item in items[1:]:
            if item.get("category") in SPECIAL_CATEGORIES:
                item["category"] = "barnehagebasert"
            item["amount"] = 0
        if len(items) > 1:
            items[1]["amount"] = others
    return items


@st.composite
def budgets(draw, amount_applied: int | None, complete: bool = False):
    line = obj(complete, {"purpose": st.sampled_from(PURPOSES), "amount": amounts},
                 {"payee": st.sampled_from(["owner", "partner"]), "description": free_text})
    out = {}
    if amount_applied is not None:
        out["amount_applied"] = amount_applied
    if complete or draw(st.integers(0, 5)):
        lines = draw(st.lists(line, min_size=int(complete), max_size=5) | st.just([]))
        if draw(st.integers(0, 2)) == 0:
            # A coordinator line on the 10 % boundary of punkt 7.2 fourth ledd (or one krone beside it).
            others = sum(x["amount"] for x in lines if x["purpose"] != "coordinator")
            others += (-others) % 9 if draw(st.booleans()) else 0
            if others != sum(x["amount"] for x in lines if x["purpose"] != "coordinator"):
                lines.append({"purpose": "implementation",
                              "amount": others - sum(x["amount"] for x in lines if x["purpose"] != "coordinator")})
            lines = [x for x in lines if x["purpose"] != "coordinator"]
            share = others // 9 + draw(st.sampled_from([0, 0, 1, -1]))
            lines.append({"purpose": "coordinator", "amount": max(share, 0), "payee": "owner"})
        out["lines"] = lines
    return out


@st.composite
def egenandel(draw, amount_applied: int | None, complete: bool = False):
    base = amount_applied if amount_applied is not None else draw(amounts)
    exact = Fraction(3 * base, 10)
    choice = draw(st.sampled_from(["exact", "below", "above", "zero", "any", "twenty"]))
    if choice == "exact":
        amount = -(-exact.numerator // exact.denominator)     # ceil: the smallest amount that is >= 30 %
    elif choice == "below":
        amount = max(-(-exact.numerator // exact.denominator) - 1, 0)
    elif choice == "above":
        amount = exact.numerator // exact.denominator + 1
    elif choice == "zero":
        amount = 0
    elif choice == "twenty":
        amount = base // 5
    else:
        amount = draw(amounts)
    return draw(obj(complete, {}, {"amount": st.just(min(amount, 100_000_000_000)),
                           "form": st.sampled_from(EGENANDEL_FORMS), "description": free_text}))


@st.composite
def behovsmeldinger(draw, year: int, scheme: str, complete: bool = False):
    # amount_applied is often a multiple of 10, so that 30 % of it is a whole krone (exactly on the boundary).
    applied_amounts = st.one_of(amounts.map(lambda a: a - a % 10), amounts)
    applied = draw(applied_amounts if complete else maybe(applied_amounts, 0.2))
    parts = {
        "submitted_on": dates_near(year),
        "needs_assessment": needs_assessments(year, complete),
        "priorities": st.lists(st.sampled_from(PRIORITIES), min_size=int(complete), max_size=3),
        "measures": measure_lists(year, scheme, complete),
        "budget": budgets(applied, complete),
        "egenandel": egenandel(applied, complete),
        "statped_ppt_involved": st.booleans(),
    }
    return draw(obj(complete, {}, parts))


# ---- partnerskap and langsiktig plan -----------------------------------------------------------------------

@st.composite
def partners(draw, complete: bool = False):
    name, org, typ = draw(st.sampled_from(PARTNERS))
    if draw(st.integers(0, 6)) == 6:
        name, typ = draw(names), draw(st.sampled_from(PARTNER_TYPES))
    roles = st.one_of(st.just(list(ROLES)), st.just(list(ROLES[:3])),
                      st.lists(st.sampled_from(ROLES), unique=True, max_size=4))
    return draw(obj(complete, {"name": st.just(name), "type": st.just(typ)}, {
        "org_number": st.just(org) | org_numbers,
        "contact_person": st.sampled_from(CONTACT_PEOPLE),
        "roles": roles,
        "teacher_education_feedback": free_text,
    }))


@st.composite
def partnerskaps(draw, year: int, complete: bool = False):
    return draw(obj(complete, {}, {
        "agreement_date": dates_near(year - 1),
        "valid_from": dates_near(year - 1),
        "valid_to": dates_near(year + 2),
        "binding": st.booleans(),
        "partners": st.lists(partners(complete), min_size=int(complete), max_size=3),
    }))


REGIONS = ("Nord", "Midt", "Sør", "Friskolenettverket")


@st.composite
def distribution_keys(draw):
    """A key of shares per region or network: adding up to 100 %, off by rounding (99.5, 100.5) or by more."""
    regions = draw(st.lists(st.sampled_from(REGIONS), unique=True, min_size=1, max_size=4))
    shares = [100 // len(regions)] * len(regions)
    shares[0] += 100 - sum(shares)
    shares[0] += draw(st.sampled_from([0, 0, 0, 0.5, -0.5, 0.51, -0.51, 10, -5]))
    key = {"shares": [{"region": r, "share": min(max(v, 0), 100)} for r, v in zip(regions, shares, strict=True)]}
    if draw(st.booleans()):
        key["basis"] = "Årsverk i hver kompetanseregion."
    return key


@st.composite
def langsiktige_planer(draw, year: int, scheme: str, complete: bool = False):
    start = year + draw(st.sampled_from([0, 0, -1, -2, 1]))
    end = year + draw(st.sampled_from([0, 1, 2, -1]))
    period = {"from_year": min(max(start, 2000), 2100), "to_year": min(max(end, 2000), 2100)}
    return draw(obj(complete, {}, {
        "forum": st.sampled_from(FORUMS),
        "adopted_on": dates_near(year - 1),
        "period": st.just(period),
        "schemes": st.one_of(st.just([scheme]), st.lists(st.sampled_from(SCHEMES), unique=True, max_size=3)),
        "priorities": st.lists(st.sampled_from(PRIORITIES), max_size=4),
        "distribution_key": distribution_keys(),
    }))


# ---- the documents of the other case kinds -----------------------------------------------------------------

KINDS = ("behovsmelding", "innstilling", "tildeling", "tilsagn", "avslag", "klage", "utbetaling", "rapport")
# Kinds drawn only when asked for (case_documents(kinds=...)), so that the default draws stay as they were.
MORE_KINDS = ("tilretteleggingssoknad",)
# The documents a case of each kind must carry (the schema's allOf), and those it usually carries besides.
KIND_DOCUMENTS = {
    "behovsmelding": ("behovsmelding",), "innstilling": ("innstilling",), "tildeling": ("tildeling",),
    "tilsagn": ("tilsagnsbrev",), "avslag": ("avslag",), "klage": ("klage", "avslag"),
    "utbetaling": ("utbetaling", "tilsagnsbrev"), "rapport": ("rapport",),
    "tilretteleggingssoknad": ("tilretteleggingssoknad",),
}
KIND_WEIGHTS = {"behovsmelding": 3, "innstilling": 2, "rapport": 2}
KIND_COMPANIONS = {
    "behovsmelding": ("partnerskap", "langsiktig_plan"), "innstilling": ("samarbeidsforum", "langsiktig_plan"),
    "tildeling": ("innstilling",), "tilsagn": (), "avslag": ("tildeling",), "klage": (), "utbetaling": (),
    "rapport": ("tilsagnsbrev",), "tilretteleggingssoknad": (),
}
DOCUMENT_NAMES = ("behovsmelding", "partnerskap", "langsiktig_plan", "innstilling", "samarbeidsforum",
                  "tildeling", "tilsagnsbrev", "avslag", "klage", "utbetaling", "rapport")
SPECIAL_LINE_TITLES = ("Tilretteleggingsmidler for ABLU og deltidsstudenter", "Grunnkompetanse for assistenter",
                       "Fagbrev barne- og ungdomsarbeider", "Kompetanseheving for fagarbeidere og assistenter")
FORUM_MEMBERS = {   # (organisation, category) of a Rogaland forum, by the group it represents
    "public_owner": ("Stavanger kommune som barnehageeier", "Sandnes kommune", "Rogaland fylkeskommune"),
    "private_owner": ("Espira Gruppen AS", "Friskolenettverket i Rogaland"),
    "kindergarten_authority": ("Kompetanseregion Nord, leder av barnehagenettverket",
                               "Kompetanseregion Midt, leder av barnehagenettverket",
                               "Kompetanseregion Sør, leder av barnehagenettverket"),
    "university": ("Universitetet i Stavanger", "Høgskulen på Vestlandet", "VID vitenskapelige høgskole"),
    "ks": ("KS Sør-Vest",), "pbl": ("PBL – Private Barnehagers Landsforbund",),
    "teacher_union": ("Utdanningsforbundet Rogaland", "Fagforbundet Rogaland", "Skolenes landsforbund"),
    "student_organisation": ("Studentorganisasjonen ved UiS",), "statped": ("Statped vest",),
    "ppt": ("PPT for Jæren", "PPT Haugaland"), "other": ("Foreldreutvalget for barnehager (FUB)",),
}
FORUM_COMPOSITION = {
    "regional_barnehage": ("kindergarten_authority", "kindergarten_authority", "public_owner", "pbl", "university",
                           "university", "teacher_union", "ks"),
    "desentralisert_skole": ("public_owner", "public_owner", "private_owner", "university", "ks", "teacher_union",
                             "teacher_union", "student_organisation"),
    "kompetanseloftet": ("public_owner", "private_owner", "pbl", "kindergarten_authority", "university", "ks",
                         "teacher_union", "statped", "ppt"),
}
TEXT_FIELDS = ("Rapport om gjennomførte tiltak, bruk av midlene og måloppnåelse innen 15. januar neste år.",
               "Midlene skal brukes etter formålet; ubrukte midler skal betales tilbake (bevilgningsreglementet).",
               "Brudd på vilkårene kan føre til at tilsagnet trekkes tilbake og midler kreves tilbakebetalt.",
               "Kollektiv, skolebasert kompetanseutvikling etter innstillingen fra samarbeidsforumet.")
CRITERIA = ("3.3A", "3.3B", "3.3C", "3.3D", "3.3E", "8", "other")
STRING_POOLS.update({   # the string fields of the other kinds' documents, for the condition generator
    "measure": MEASURE_TITLES[:3] + SPECIAL_LINE_TITLES[:2],
    "measures": MEASURE_TITLES,
    "partner": tuple(p[0] for p in PARTNERS[:4]),
    "innstilling_ref": ("ROG-2024-DEKOM-INNSTILLING", "ROG-2025-REKOM-INNSTILLING"),
    "behovsmelding": ("ROG-2024-001", "ROG-2025-002"),
    "organisation": tuple(orgs[0] for orgs in FORUM_MEMBERS.values()),
    "appellant_name": FORUMS,
    "purpose": TEXT_FIELDS[3:],
    "reporting_requirements": TEXT_FIELDS[:1], "legal_obligations": TEXT_FIELDS[1:2], "sanctions": TEXT_FIELDS[2:3],
})

# Frames and lines: the regional frames in Rogaland are tens of millions; a line is a few hundred thousand to
# ten million. Multiples of ten keep 30 % of them whole kroner, so that amounts can sit exactly on the ceiling.
frames = st.one_of(st.integers(50, 4000).map(lambda k: k * 10_000), st.integers(0, 60_000_000),
                   st.sampled_from([0, 10, 26_000_000, 30_000_000, 100_000_000_000]))
line_amounts = st.one_of(st.integers(5, 1000).map(lambda k: k * 10_000), st.integers(0, 12_000_000),
                         st.sampled_from([0, 1, 10, 300_000, 1_000_000]))


def around(day: dt.date) -> st.SearchStrategy[str]:
    """A date on a deadline, one day either side, a little or well before or after it, or any day that spring."""
    offsets = [0, 0, 0, -1, 1, -14, 7, 31, -365, 365]
    return st.one_of(
        st.sampled_from(offsets).map(lambda n: day + dt.timedelta(days=n)),
        st.dates(day - dt.timedelta(days=120), day + dt.timedelta(days=60)),
    ).map(iso)


def pruned(draw, fields: dict, required=()) -> dict:
    """Real documents are mostly complete: keep every field, or (half the time) leave each optional one out
    with a chance of one in three."""
    if not draw(st.booleans()):
        return fields
    return {k: v for k, v in fields.items() if k in required or draw(st.integers(0, 2)) < 2}


def on_share(draw, total: int, percent: int, limit: str) -> int:
    """An amount on the boundary of `percent` % of `total`, a ceiling (`limit` "at_most") or a floor
    ("at_least"): the last whole krone inside it or the first outside, or anything up to `total`."""
    exact = Fraction(percent * total, 100)
    floor = exact.numerator // exact.denominator
    ceil = -(-exact.numerator // exact.denominator)
    edge = [floor, floor + 1] if limit == "at_most" else [ceil, ceil - 1]
    value = draw(st.sampled_from(edge + edge[::-1]) | st.integers(0, max(total, 0)))
    return min(max(value, 0), 100_000_000_000)


def money_parts(draw, line: dict, regions: bool = True) -> None:
    """Now and then a head count and a rate that give the line's amount (or one krone beside it), an amount
    marked approximate (or explicitly not), and the region or network the line is for."""
    amount = line.get("amount", 0)
    if draw(st.integers(0, 2)) == 0:
        rate = draw(st.sampled_from([50_000, 10_000, 1, 80_000]))
        count = min(amount // rate, 1_000_000)
        line["head_count"] = count
        line["rate"] = rate
        line["amount"] = min(count * rate + draw(st.sampled_from([0, 1])), 100_000_000_000)
    if draw(st.integers(0, 5)) == 0:
        line["amount_approximate"] = draw(st.booleans())
    if regions and draw(st.integers(0, 2)) < 2:
        line["region"] = draw(st.sampled_from(REGIONS))


def frame_for(draw, total: int, frame: int) -> dict:
    """A frame with, now and then, money bound by earlier years: exactly what leaves the lines' total
    available, one krone more, or any amount."""
    out = {"amount": frame}
    if draw(st.integers(0, 2)) == 0:
        edge = max(frame - total, 0)
        out["bound_amount"] = min(draw(st.sampled_from([edge, edge + 1]) | st.integers(0, max(frame, 0))),
                                  100_000_000_000)
        if draw(st.booleans()):
            out["bound_description"] = "Andre år av toårige avtaler vedtatt i fjor."
    return out


def unused_funds(draw, granted: int, spent: int) -> dict:
    """What a report says about funds not used: the unused amount (what is left, or one krone beside it) and
    what happens to it; now and then nothing at all (the question 9-ubrukte-midler asks)."""
    if draw(st.integers(0, 3)) == 0:
        return {}
    return {"unused_amount": draw(st.sampled_from([max(granted - spent, 0), max(granted - spent + 1, 0)])),
            "unused_explanation": "Ubrukte midler betales tilbake."}


def key_of_lines(lines: list[dict]) -> list[dict] | None:
    """The distribution key the lines follow: each region's share of the lines that name one, to two decimals
    (so a recommendation drawn with it is in line with the plan's key)."""
    amounts: dict[str, int] = {}
    for line in lines:
        if "region" in line:
            amounts[line["region"]] = amounts.get(line["region"], 0) + line.get("amount", 0)
    total = sum(amounts.values())
    if not total:
        return None
    return [{"region": region, "share": round(100 * amount / total, 2)} for region, amount in amounts.items()]


@st.composite
def innstillinger(draw, year: int, scheme: str):
    """The forum's recommendation: by 15 March (punkt 3.4), lines as punkt 7.2 nr. 1 asks, egenandel around 30 %
    of a decentralised line (7.2 nr. 3), and the (D) purposes around 30 % of the regional frame (3.3 (D))."""
    deadline = dt.date(year, 3, 15)
    frame = draw(frames)
    count = draw(st.integers(0, 5))
    lines = []
    for index in range(count):
        line_scheme = scheme if draw(st.integers(0, 5)) < 5 else draw(st.sampled_from(SCHEMES))
        start = draw(st.dates(dt.date(year, 1, 1), dt.date(year, 12, 31)))
        end = start + dt.timedelta(days=draw(st.sampled_from([310, 320, 0, -1, 365, 700])))
        amount = draw(line_amounts)
        category = draw(st.sampled_from({"regional_barnehage": ["barnehagebasert", *SPECIAL_CATEGORIES],
                                         "desentralisert_skole": ["skolebasert"],
                                         "kompetanseloftet": ["barnehagebasert", "skolebasert"]}[line_scheme])
                        | st.sampled_from(CATEGORIES))
        partner = draw(st.sampled_from(PARTNERS))[0]
        line = {
            "recipient": draw(owners(line_scheme)),
            "scheme": line_scheme,
            "measure": draw(st.sampled_from(SPECIAL_LINE_TITLES if category in SPECIAL_CATEGORIES
                                            else MEASURE_TITLES)),
            "category": category,
            "participants": draw(st.sampled_from([150, 640, 820, 1, 0]) | st.integers(0, 5000)),
            "start": iso(start), "end": iso(end), "amount": amount, "partner": partner,
            "egenandel": on_share(draw, amount, 30, "at_least") if draw(st.integers(0, 3)) < 3 else draw(line_amounts),
            "egenandel_form": draw(st.sampled_from(EGENANDEL_FORMS)),
            "behovsmelding": f"ROG-{year}-{index + 1:03d}",
        }
        if line_scheme != "desentralisert_skole" and draw(st.booleans()):
            del line["egenandel"], line["egenandel_form"]   # only school owners owe an egenandel
        money_parts(draw, line)
        lines.append(pruned(draw, line, required=("recipient",)))
    if scheme == "regional_barnehage" and draw(st.integers(0, 3)) < 3:
        # The (D) purposes summed exactly on 30 % of the frame (allowed: "inntil"), or one krone beside it.
        ceiling = on_share(draw, frame, 30, "at_most")
        parts = draw(st.integers(1, 2))
        first = ceiling // 2 if parts == 2 else ceiling
        for share in ([first, ceiling - first] if parts == 2 else [ceiling]):
            lines.append({"recipient": {"name": "Statsforvalteren i Rogaland", "org_number": "974763230",
                                        "type": "state_body"},
                          "scheme": "regional_barnehage", "measure": draw(st.sampled_from(SPECIAL_LINE_TITLES)),
                          "category": draw(st.sampled_from(SPECIAL_CATEGORIES)), "participants": 150,
                          "start": f"{year}-08-15", "end": f"{year + 1}-06-30", "amount": share,
                          "partner": "Universitetet i Stavanger"})
        for line in lines[:-parts]:
            if line.get("category") in SPECIAL_CATEGORIES:
                line["category"] = "barnehagebasert"
                line["measure"] = MEASURE_TITLES[2]
    submitted = draw(around(deadline))
    doc = {
        "forum": draw(st.sampled_from(FORUMS)),
        "submitted_on": submitted,
        "joint": draw(st.integers(0, 4)) < 4,
        "anchored_in_plan": draw(st.integers(0, 4)) < 4,
        "ramme": pruned(draw, {**frame_for(draw, sum(x.get("amount", 0) for x in lines), frame),
                               "announced_on": draw(st.just(submitted) | around(dt.date(year, 1, 17)))},
                        required=("amount",)),
        "lines": lines,
    }
    if draw(st.integers(0, 1)) == 1:
        # An earlier deadline agreed with Statsforvalteren (punkt 3.4 third ledd): before, on or after 15 March.
        doc["agreed_deadline"] = draw(st.just(submitted) | around(dt.date(year, 3, 1)) | around(deadline))
    return pruned(draw, doc)


@st.composite
def samarbeidsfora(draw, scheme: str):
    """The forum of punkt 3.2: the usual Rogaland composition for the sub-scheme, sometimes short of a group."""
    categories = list(FORUM_COMPOSITION[scheme if draw(st.integers(0, 4)) < 4 else draw(st.sampled_from(SCHEMES))])
    shape = draw(st.sampled_from(["usual", "thinned", "few"]))
    if shape == "thinned":
        kept = draw(st.lists(st.booleans(), min_size=len(categories), max_size=len(categories)))
        categories = [c for c, keep in zip(categories, kept, strict=True) if keep]
    elif shape == "few":
        categories = []
    categories += draw(st.lists(st.sampled_from(sorted(FORUM_MEMBERS)), max_size=2))
    members = []
    for category in categories:
        member = {"organisation": draw(st.sampled_from(FORUM_MEMBERS[category])), "category": category}
        if draw(st.integers(0, 2)) == 0:
            member["name"] = draw(st.sampled_from(CONTACT_PEOPLE))
        members.append(member)
    return pruned(draw, {"name": draw(st.sampled_from(FORUMS)),
                         "secretariat": draw(st.sampled_from(["statsforvalteren", "statsforvalteren", "other"])),
                         "members": members})


@st.composite
def tildelinger(draw, year: int, scheme: str):
    """Statsforvalteren's allocation: by 15 April (punkt 3.4), as recommended unless rejected (7.3 first ledd),
    the binding agreements around "more than 50 %" of the funds (7.3 second ledd), the university's part paid
    to it directly."""
    deadline = dt.date(year, 4, 15)
    lines = []
    for _ in range(draw(st.integers(0, 6))):
        recommended = draw(line_amounts)
        rejected = draw(st.integers(0, 5)) == 5
        granted = recommended
        if rejected:
            granted = draw(st.integers(0, recommended))
        elif draw(st.integers(0, 7)) == 7:
            granted = draw(st.sampled_from([recommended + 1, max(recommended - 1, 0)]) | line_amounts)
        # the university's or college's part: typically around 40 % of the line
        uh = draw(st.sampled_from([granted * 2 // 5, 0]) | st.integers(0, granted))
        line = {"recipient": draw(owners(scheme)), "recommended_amount": recommended, "amount": granted,
                "rejected": rejected, "binding_agreement": draw(st.integers(0, 3)) < 3,
                "uh_amount": uh, "uh_paid_directly": draw(st.integers(0, 3)) < 3}
        money_parts(draw, line, regions=False)
        lines.append(pruned(draw, line, required=("recipient", "rejected")))
    if len(lines) >= 2 and draw(st.booleans()):
        # The binding agreements get exactly half (not "the main part") or one krone more or less than half.
        binding = [x for x in lines if x.get("binding_agreement")]
        other = [x for x in lines if x not in binding]
        if binding and other:
            others = sum(x.get("amount", 0) for x in other)
            target = max(others + draw(st.sampled_from([0, 0, 1, -1])), 0)
            for line in binding:
                line["amount"] = 0
                if "recommended_amount" in line and not line["rejected"]:
                    line["recommended_amount"] = 0
            binding[0]["amount"] = target
            if "recommended_amount" in binding[0] and not binding[0]["rejected"]:
                binding[0]["recommended_amount"] = target
            binding[0]["uh_amount"] = min(binding[0].get("uh_amount", 0), target)
    decided = draw(around(deadline))
    total = sum(x.get("amount", 0) for x in lines)
    frame = draw(st.sampled_from([total, total + 1, max(total - 1, 0)]) | frames)
    doc = {"decided_on": decided, "innstilling_ref": f"ROG-{year}-{draw(st.sampled_from(['DEKOM', 'REKOM']))}"
           "-INNSTILLING", "ramme": frame_for(draw, total, frame), "lines": lines}
    if draw(st.integers(0, 1)) == 1:
        doc["agreed_deadline"] = draw(st.just(decided) | around(dt.date(year, 4, 1)) | around(deadline))
    return pruned(draw, doc)


@st.composite
def tilsagnsbrever(draw, year: int, scheme: str):
    """The grant letter of punkt 7.3 third ledd: recipient with account, amount, purpose and measures, period,
    reporting, obligations and sanctions, and a payment schedule (60/40, in one, or in three)."""
    amount = draw(line_amounts)
    recipient = draw(owners(scheme))
    if draw(st.integers(0, 3)) < 3:
        recipient["account_number"] = draw(account_numbers)
    start = dt.date(year, 8, 1)
    end = start + dt.timedelta(days=draw(st.sampled_from([364, 0, -1, 700]) | st.integers(-30, 1000)))
    split = draw(st.sampled_from([[60, 40], [100], [40, 30, 30], [50, 60]]))
    shares = [amount * p // 100 for p in split]
    shares[0] += amount - sum(shares) if sum(split) == 100 else 0
    dates = [dt.date(year, 8, 15) + dt.timedelta(days=153 * i) for i in range(len(split))]
    schedule = [pruned(draw, {"date": iso(d), "amount": a, "condition": draw(st.sampled_from(
        ["Signert akseptbrev", "Halvårsstatus sendt", "Rapport godkjent"]))}, required=("date", "amount"))
        for d, a in zip(dates, shares, strict=True)]
    doc = {
        "dated": draw(around(dt.date(year, 4, 15))),
        "recipient": recipient, "amount": amount,
        "purpose": draw(st.sampled_from(TEXT_FIELDS[3:]) | free_text),
        "measures": draw(st.lists(st.sampled_from(MEASURE_TITLES), unique=True, max_size=3)),
        "period": pruned(draw, {"from": iso(start), "to": iso(end)}),
        "reporting_requirements": TEXT_FIELDS[0], "legal_obligations": TEXT_FIELDS[1], "sanctions": TEXT_FIELDS[2],
        "payment_schedule": schedule,
    }
    return pruned(draw, doc)


@st.composite
def utbetalinger(draw, letter: dict, year: int):
    """A payment under the letter (punkt 8): an installment of its schedule on or after its date, or a day
    early, or one krone off, or more than the grant."""
    schedule = letter.get("payment_schedule") or [{"date": f"{year}-08-15", "amount": draw(line_amounts)}]
    index = draw(st.integers(0, len(schedule) - 1))
    due = dt.date.fromisoformat(schedule[index]["date"])
    amount = schedule[index]["amount"] + draw(st.sampled_from([0, 0, 0, 1, -1]))
    if draw(st.integers(0, 7)) == 7:
        amount = letter.get("amount", 0) + draw(st.sampled_from([0, 1]))
    doc = {"date": iso(due + dt.timedelta(days=draw(st.sampled_from([0, 0, 5, -1, 30])))),
           "amount": min(max(amount, 0), 100_000_000_000), "installment": index + 1,
           "conditions_met": draw(st.integers(0, 4)) < 4, "registered": draw(st.integers(0, 4)) < 4}
    return pruned(draw, doc)


@st.composite
def avslager(draw, year: int):
    """A rejection under punkt 7.4: the criteria of 3.3 or punkt 8 it rests on, and the forum's answer."""
    decided = draw(around(dt.date(year, 4, 10)))
    doc = {"decided_on": decided, "scope": draw(st.sampled_from(["whole", "part", "part"])),
           "rejected_amount": draw(line_amounts),
           "criteria_failed": draw(st.lists(st.sampled_from(CRITERIA[:6]), unique=True, min_size=1, max_size=2)
                                   | st.lists(st.sampled_from(CRITERIA), unique=True, max_size=3)),
           "reasons": draw(free_text),
           "forum_response": draw(st.sampled_from(["new_recommendation", "maintained", "pending"])),
           "forum_response_on": draw(around(dt.date(year, 4, 24))),
           "appeal_information": draw(st.integers(0, 4)) < 4}
    return pruned(draw, doc)


@st.composite
def klager(draw, year: int):
    """An appeal under punkt 7.5: mostly the forum to Udir, sometimes someone else or to the wrong body."""
    doc = {"submitted_on": draw(around(dt.date(year, 4, 30))),
           "appellant": draw(st.sampled_from(["samarbeidsforum", "samarbeidsforum", "owner", "university", "other"])),
           "appellant_name": draw(st.sampled_from(FORUMS) | st.sampled_from([m[0] + " kommune"
                                                                               for m in MUNICIPALITIES])),
           "addressed_to": draw(st.sampled_from(["udir", "udir", "statsforvalteren", "kd", "other"])),
           "grounds": draw(free_text)}
    return pruned(draw, doc)


@st.composite
def rapporter(draw, year: int, scheme: str):
    """The annual report of punkt 9 with the indicators of punkt 2 and the joint evaluation of punkt 4; spending
    around the grant (punkt 10)."""
    groups = (["teachers", "leaders", "ppt", "interdisciplinary_services"] if scheme == "kompetanseloftet"
              else ["teachers", "leaders", "other_staff", "sfo"])
    done = []
    good = draw(st.integers(0, 2)) < 2
    team = good and scheme == "kompetanseloftet"       # the team around the child (punkt 2 third ledd)
    weak_team = not good and scheme == "kompetanseloftet"   # a weak report whose measures leave out the team
    for _ in range(draw(st.integers(0, 4))):
        item = {"title": draw(st.sampled_from(MEASURE_TITLES)),
                "completed": good or draw(st.booleans()), "collective": good or draw(st.booleans()),
                "unit_based": good or draw(st.booleans()),
                "target_groups": draw(st.lists(st.sampled_from(["teachers", "leaders", "other_staff"]), unique=True,
                                               min_size=1, max_size=3)
                                      if weak_team else
                                      st.lists(st.sampled_from(groups) | st.sampled_from(TARGET_GROUPS),
                                               unique=True, max_size=4)
                                      | st.sampled_from([["teachers", "ppt"], ["interdisciplinary_services"]])
                                      if not team else
                                      st.sampled_from([["teachers", "ppt"], ["leaders", "interdisciplinary_services"],
                                                       ["ppt", "interdisciplinary_services", "teachers"]])),
                "planned_with_partner": good or draw(st.booleans()),
                "carried_out_with_partner": good or draw(st.booleans())}
        done.append(pruned(draw, item, required=("title",)))
    granted = draw(line_amounts)
    spent = draw(st.sampled_from([granted, granted + 1, max(granted - 1, 0), granted * 97 // 100]) | line_amounts)
    goals = {"collective_measures": draw(free_text), "anchored_in_needs": TEXTS[0],
             "staff_involved": draw(st.integers(0, 3)) < 3, "sami_perspectives": TEXTS[4],
             "partnership": draw(free_text), "teacher_education": TEXTS[2],
             "team_around_child": "PPT og helsesykepleier var med i teamene rundt barna."}
    if not good and draw(st.booleans()):
        del goals["team_around_child"]     # a weak report leaves out the team around the child
    joint = {"by_owner": draw(st.integers(0, 4)) < 4, "by_partner": draw(st.integers(0, 4)) < 4,
             "partner": draw(st.sampled_from(PARTNERS))[0], "summary": draw(free_text)}
    doc = {"year": year + draw(st.sampled_from([0, 0, 0, 0, -1, 1])) if 2001 <= year <= 2099 else year,
           "submitted_on": draw(around(dt.date(year + 1 if year < 2100 else year, 1, 15))),
           "measures_done": done,
           "use_of_funds": pruned(draw, {"granted": granted, "spent": min(spent, 100_000_000_000),
                                         "description": draw(free_text), **unused_funds(draw, granted, spent)}),
           "goal_achievement": pruned(draw, goals), "joint_evaluation": pruned(draw, joint)}
    return pruned(draw, doc)


# An owner's application for tilretteleggingsmidler: students on the thresholds of the calls (a 40 % and a 50 %
# post, NOK 50 000, two per kindergarten) or beside them; no names, a reference per student.
PROGRAMMES = ("ablu", "ablu", "deltid_barnehagelaerer", "steinerpedagogikk_bachelor", "fagbrev_barne_ungdomsarbeider",
              "annet")
KINDERGARTENS = (("Tasta barnehage", "974600501", "Stavanger", "Rogaland"),
                 ("Lura barnehage", "974600511", "Sandnes", "Rogaland"),
                 ("Bømlo Strand barnehage", "974600572", "Bømlo", "Vestland"))


@st.composite
def students(draw, index: int):
    name, org, municipality, county = draw(st.sampled_from(KINDERGARTENS))
    student = {"ref": f"S{index + 1}", "programme": draw(st.sampled_from(PROGRAMMES)),
               "year_of_study": draw(st.integers(1, 4)), "credits": draw(st.sampled_from([0, 15, 20, 30, 60])),
               "admission": draw(st.sampled_from(["admitted", "applied"])),
               "other_pedagogical_degree": draw(st.sampled_from([False, False, True])),
               "funded_previous_year": draw(st.booleans()),
               "position_pct": draw(st.sampled_from([0, 20, 39.5, 40, 49.5, 50, 80, 100])),
               "permanent": draw(mostly), "amount": draw(st.sampled_from([0, 30_000, 49_999, 50_000, 50_001, 60_000])),
               "kindergarten": pruned(draw, {"name": name, "org_number": org, "municipality": municipality,
                                             "county": county})}
    return pruned(draw, student, required=("ref",))


@st.composite
def tilretteleggingssoknader(draw, year: int, scheme: str):
    count = draw(st.integers(1, 4))
    people = [draw(students(i)) for i in range(count)]
    doc = {"date": draw(around(dt.date(min(max(year, 2001), 2099), 8, 31))), "study_year": f"{year}/{year + 1}",
           "owner": draw(owners(scheme)), "local_priority": draw(free_text),
           "amount_applied": sum(p.get("amount", 0) for p in people), "students": people}
    return pruned(draw, doc, required=("students",))


def document(draw, name: str, case: dict, doc: dict, complete: bool = False):
    """Draw the document called `name` for the case (the grant letter first where a payment needs it);
    `complete` fills in every optional field of a behovsmelding and of its partnership and plan."""
    year, scheme = case["grant_year"], case["scheme"]
    if name == "behovsmelding":
        return draw(behovsmeldinger(year, scheme, complete))
    if name == "partnerskap":
        return draw(partnerskaps(year, complete))
    if name == "langsiktig_plan":
        return draw(langsiktige_planer(year, scheme, complete))
    if name == "innstilling":
        return draw(innstillinger(year, scheme))
    if name == "samarbeidsforum":
        return draw(samarbeidsfora(scheme))
    if name == "tildeling":
        return draw(tildelinger(year, scheme))
    if name == "tilsagnsbrev":
        return draw(tilsagnsbrever(year, scheme))
    if name == "utbetaling":
        return draw(utbetalinger(doc["tilsagnsbrev"], year))
    if name == "avslag":
        return draw(avslager(year))
    if name == "klage":
        return draw(klager(year))
    if name == "rapport":
        return draw(rapporter(year, scheme))
    if name == "tilretteleggingssoknad":
        return draw(tilretteleggingssoknader(year, scheme))
    raise ValueError(name)


# ---- the case ----------------------------------------------------------------------------------------------

@st.composite
def case_documents(draw, kinds: tuple[str, ...] = KINDS):
    """A schema-valid case document of format forskrift-case/2021.1, of one of `kinds` (case.kind): the
    documents its kind requires, usually the ones that go with them, now and then one of another kind."""
    # Weighted by how many rules read the kind's documents: most are about the behovsmelding, many about the
    # forum's recommendation (with the forum itself) and the annual report.
    kind = draw(st.sampled_from([k for k in kinds for _ in range(KIND_WEIGHTS.get(k, 1))]))
    case = draw(case_parts())
    if kind != "behovsmelding" or draw(st.integers(0, 2)):
        case["kind"] = kind                       # a case without a kind is a behovsmelding case
    doc = {"format": FORMAT, "case": case}
    if draw(st.integers(0, 9)) == 0:
        doc["$schema"] = "https://example.org/forskrift-case-2021.schema.json"
    names = list(KIND_DOCUMENTS[kind])
    names += [n for n in KIND_COMPANIONS[kind] if draw(st.integers(0, 3)) < 3]
    if draw(st.integers(0, 5)) == 5:
        names.append(draw(st.sampled_from(DOCUMENT_NAMES)))
    if "utbetaling" in names:
        names.append("tilsagnsbrev")               # a payment is checked against its grant letter
    names += [n for n in root_required() if n not in ("format", "case")]
    if "behovsmelding" not in names and draw(st.integers(0, 2)) == 2:
        del case["applicant"]                     # only a behovsmelding must name its applicant
    complete = draw(st.sampled_from([True, False]))
    for name in sorted(set(names), key=lambda n: (n == "utbetaling", n)):
        doc[name] = document(draw, name, case, doc, complete)
    if "innstilling" in doc and "shares" in doc.get("langsiktig_plan", {}).get("distribution_key", {}) \
            and draw(st.booleans()):      # the plan's key as the recommendation follows it
        shares = key_of_lines(doc["innstilling"].get("lines", []))
        if shares:
            doc["langsiktig_plan"]["distribution_key"]["shares"] = shares
    return doc


def root_required() -> frozenset[str]:
    return frozenset(default_schemas().by_id[CASE_SCHEMA_ID].get("required", ()))


# ---- random conditions over the case schema ----------------------------------------------------------------

@dataclass
class Field:
    parts: tuple[str, ...]
    ftype: FieldType
    item: Catalog | None = None      # for arrays: the fields of an item


@dataclass
class Catalog:
    """The fields reachable from an object (or a list item) without going through a list."""

    kind: str                        # the kind of the object or item itself
    ftype: FieldType
    fields: list[Field] = field(default_factory=list)


def _catalog(schemas, ftype: FieldType, depth: int = 0) -> Catalog:
    cat = Catalog(ftype.kind, ftype)

    def walk(current: FieldType, prefix: tuple[str, ...]):
        for name in schemas.field_names(current):
            if name.startswith("$") or name == "format":
                continue
            child = schemas.child(current, name)
            entry = Field(prefix + (name,), child)
            cat.fields.append(entry)
            if child.kind == "object":
                walk(child, prefix + (name,))
            elif child.kind == "array" and child.item is not None and depth < 3:
                entry.item = _catalog(schemas, child.item, depth + 1)

    if ftype.kind == "object":
        walk(ftype, ())
    return cat


_ROOT: list[Catalog] = []


def root_catalog() -> Catalog:
    if not _ROOT:
        schemas = default_schemas()
        _ROOT.append(_catalog(schemas, schemas.root(CASE_SCHEMA_ID)))
    return _ROOT[0]


NUMBER_LITERALS = (0, 1, 2, 3, 7, 10, 30, 64, 100, 2020, 2021, 2022, 2023, 2024, 30_000, 150_000, 300_000,
                   450_000, 600_000, 750_000, 1_000_000, 7_800_000, 26_000_000, 100_000_000_000)
DATE_LITERALS = ("2021-01-01", "2022-12-31", "2023-01-30", "2023-08-14", "2024-02-29", "2024-06-20",
                 "2025-12-31", "2019-01-01", "2024-03-15", "2024-03-16", "2024-04-15", "2024-08-15")
PERCENTS = (Fraction(3, 10), Fraction(1, 10), Fraction(1, 2), Fraction(1, 3), Fraction(20, 100), Fraction(1))


@dataclass(frozen=True)
class _Scope:
    """The variables bound so far, innermost last: (name or None for the case, catalog of its fields)."""

    frames: tuple
    depth: int = 0

    def bind(self, var, cat):
        return _Scope(self.frames + ((var, cat),), self.depth)

    def fields(self, pred):
        out = []
        for var, cat in self.frames:
            prefix = (var,) if var else ()
            if var and cat.kind not in ("object", "array"):
                if pred(cat.ftype):
                    out.append((prefix, cat.ftype, None))
            for entry in cat.fields:
                if pred(entry.ftype):
                    out.append((prefix + entry.parts, entry.ftype, entry.item))
        return out


def _numeric(ft):
    return ft.kind in ("number", "integer")


def _path(parts):
    return t.Path(tuple(parts))


class _Gen:
    """Draws condition trees; `draw` is Hypothesis's, so every choice shrinks."""

    def __init__(self, draw, max_depth=3):
        self.draw = draw
        self.max_depth = max_depth

    def new_var(self, scope):
        # Named by depth, so that different conditions (and siblings) reuse names over different lists.
        return f"x{len(scope.frames)}"

    def pick(self, options):
        return options[self.draw(st.integers(0, len(options) - 1))]

    def chance(self, n=2):
        return self.draw(st.integers(0, n - 1)) == 0

    # -- values --------------------------------------------------------------------------------------------

    def number_lit(self):
        choice = self.draw(st.integers(0, 3))
        if choice == 0:
            value = Fraction(self.pick(NUMBER_LITERALS))
        elif choice == 1:
            value = Fraction(self.draw(st.integers(-3, 2_000_000)))
        elif choice == 2:
            value = Fraction(self.draw(st.integers(-20, 20)), self.pick([1, 2, 4, 10, 100]))
        elif self.chance(4):
            # edges of durable-rules' number domain: beyond int64, tiny, and a fraction a float rounds to 1
            value = self.pick([Fraction(10**20), Fraction(2**63), Fraction(1, 10**7), Fraction(10**19 + 1, 10**19),
                               Fraction(-(2**63)), Fraction(2**53 + 1)])
        else:
            value = Fraction(self.draw(st.integers(0, 30)))
        return t.Lit(value, "number")

    def numeric(self, scope, depth):
        fields = scope.fields(_numeric)
        arrays = [a for a in scope.fields(lambda ft: ft.kind == "array") if a[2] is not None]
        options = ["lit", "lit"]
        if fields:
            options += ["field"] * 4
        if arrays and depth < self.max_depth:
            options += ["count", "count_where", "sum", "minmax"]
        if depth < self.max_depth:
            options += ["arith", "percent", "year"]
        choice = self.pick(options)
        if choice == "lit":
            return self.number_lit()
        if choice == "field":
            return _path(self.pick(fields)[0])
        if choice == "arith":
            op = self.pick(["+", "-", "*", "/"])
            return t.Arith(op, self.numeric(scope, depth + 1), self.numeric(scope, depth + 1))
        if choice == "percent":
            return t.Arith("*", t.Lit(self.pick(PERCENTS), "number"), self.numeric(scope, depth + 1))
        if choice == "year":
            return t.Call("year", (self.date_value(scope, depth + 1),))
        parts, _ft, item = self.pick(arrays)
        if choice == "count":
            return t.Aggregate("count", None, _path(parts))
        var = self.new_var(scope)
        inner = scope.bind(var, item)
        if choice == "count_where":
            return t.Aggregate("count", var, _path(parts), where=self.cond(inner, depth + 1))
        where = self.cond(inner, depth + 1) if self.chance() else None
        if choice == "sum":
            return t.Aggregate("sum", var, _path(parts), where=where, value=self.numeric(inner, depth + 1))
        return t.Aggregate(self.pick(["min", "max"]), var, _path(parts), where=where,
                           value=self.numeric(inner, depth + 1))

    def date_value(self, scope, depth):
        fields = scope.fields(lambda ft: ft.kind == "date")
        arrays = [a for a in scope.fields(lambda ft: ft.kind == "array") if a[2] is not None]
        options = ["lit"] + ["field"] * (4 if fields else 0)
        if depth < self.max_depth:
            options += ["call"] + (["minmax"] if arrays else [])
        choice = self.pick(options)
        if choice == "field":
            return _path(self.pick(fields)[0])
        if choice == "minmax":
            parts, _ft, item = self.pick(arrays)
            var = self.new_var(scope)
            inner = scope.bind(var, item)
            where = self.cond(inner, depth + 1) if self.chance() else None
            return t.Aggregate(self.pick(["min", "max"]), var, _path(parts), where=where,
                               value=self.date_value(inner, depth + 1))
        if choice == "call":
            year = self.pick([t.Lit(Fraction(self.pick([2021, 2023, 2024])), "number"),
                              _path(("case", "grant_year"))])
            month = t.Lit(Fraction(self.pick([1, 2, 6, 8, 12, 13, 0])), "number")
            day = t.Lit(Fraction(self.pick([1, 14, 28, 29, 30, 31, 32])), "number")
            return t.Call("date", (year, month, day))
        if self.chance(25):
            return t.Lit("2023-02-30", "date")  # matches the grammar's DATE token, but is no calendar date
        return t.Lit(self.pick(DATE_LITERALS), "date")

    def string_lit(self, parts, ft):
        if ft.enum:
            return t.Lit(self.pick(ft.enum), "string")
        pool = STRING_POOLS.get(parts[-1] if parts else "", ()) + ("", "x", "Karmøy", 'a "quoted" \\ name')
        return t.Lit(self.pick(pool), "string")

    # -- conditions ----------------------------------------------------------------------------------------

    def cond(self, scope, depth=0):
        options = ["cmp_num", "cmp_num", "cmp_str", "cmp_str", "cmp_bool", "cmp_date", "in", "contains",
                   "present", "present"]
        if depth < self.max_depth:
            options += ["quant", "quant", "quant", "not", "and", "or", "and"]
        if self.chance(40):
            return t.Const(self.draw(st.booleans()))
        return getattr(self, "c_" + self.pick(options))(scope, depth)

    def c_cmp_num(self, scope, depth):
        op = self.pick(["==", "!=", "<", "<=", ">", ">="])
        left, right = self.numeric(scope, depth + 1), self.numeric(scope, depth + 1)
        fields = scope.fields(_numeric)
        if isinstance(left, t.Lit) and isinstance(right, t.Lit) and fields:
            right = _path(self.pick(fields)[0])   # two literals fold at compile time: compare a field
        return t.Compare(op, left, right)

    def c_cmp_date(self, scope, depth):
        op = self.pick(["==", "!=", "<", "<=", ">", ">="])
        return t.Compare(op, self.date_value(scope, depth + 1), self.date_value(scope, depth + 1))

    def c_cmp_str(self, scope, depth):
        fields = scope.fields(lambda ft: ft.kind == "string")
        if not fields:
            return self.c_cmp_num(scope, depth)
        parts, ft, _ = self.pick(fields)
        op = self.pick(["==", "!="])
        if self.chance(4):
            other = self.pick(fields)[0]
            return t.Compare(op, _path(parts), _path(other))
        lit = self.string_lit(parts, ft)
        return t.Compare(op, lit, _path(parts)) if self.chance(5) else t.Compare(op, _path(parts), lit)

    def c_cmp_bool(self, scope, depth):
        fields = scope.fields(lambda ft: ft.kind == "boolean")
        if not fields:
            return self.c_cmp_num(scope, depth)
        parts = self.pick(fields)[0]
        op = self.pick(["==", "!="])
        if self.chance(4):
            return t.Compare(op, _path(parts), _path(self.pick(fields)[0]))
        return t.Compare(op, _path(parts), t.Lit(self.draw(st.booleans()), "boolean"))

    def c_in(self, scope, depth):
        fields = scope.fields(lambda ft: ft.kind in ("string", "integer", "number", "date", "boolean"))
        kind = self.pick(["field", "field", "field", "numeric"])
        if kind == "numeric" or not fields:
            value = self.numeric(scope, depth + 1)
            options = tuple(self.number_lit() for _ in range(self.draw(st.integers(1, 4))))
            return t.In(value, options)
        parts, ft, _ = self.pick(fields)
        count = self.draw(st.integers(1, 4))
        if ft.kind == "string":
            options = tuple(self.string_lit(parts, ft) for _ in range(count))
        elif ft.kind == "date":
            options = tuple(t.Lit(self.pick(DATE_LITERALS), "date") for _ in range(count))
        elif ft.kind == "boolean":
            options = tuple(t.Lit(self.draw(st.booleans()), "boolean") for _ in range(count))
        else:
            options = tuple(self.number_lit() for _ in range(count))
        return t.In(_path(parts), options)

    def c_contains(self, scope, depth):
        arrays = scope.fields(lambda ft: ft.kind == "array" and ft.item is not None
                              and ft.item.kind not in ("object", "array"))
        if not arrays:
            return self.c_present(scope, depth)
        parts, ft, _ = self.pick(arrays)
        return t.Contains(_path(parts), self.string_lit(parts, ft.item))

    def c_present(self, scope, depth):
        fields = scope.fields(lambda ft: True)
        if not fields:
            return t.Const(True)
        parts = self.pick(fields)[0]
        present = t.Present(_path(parts))
        return t.Not(present) if self.chance() else present

    def c_quant(self, scope, depth):
        arrays = [a for a in scope.fields(lambda ft: ft.kind == "array") if a[2] is not None]
        if not arrays:
            return self.c_present(scope, depth)
        parts, _ft, item = self.pick(arrays)
        var = self.new_var(scope)
        body = self.cond(scope.bind(var, item), depth + 1)
        return t.Quantified(self.pick(["any", "all", "none"]), var, _path(parts), body)

    def c_not(self, scope, depth):
        return t.Not(self.cond(scope, depth + 1))

    def width(self):
        return self.draw(st.integers(2, 8)) if self.chance(8) else self.draw(st.integers(2, 3))

    def c_and(self, scope, depth):
        return t.And(tuple(self.cond(scope, depth + 1) for _ in range(self.width())))

    def c_or(self, scope, depth):
        return t.Or(tuple(self.cond(scope, depth + 1) for _ in range(self.width())))


@st.composite
def conditions(draw, max_depth: int = 3):
    """An unbound condition tree over the case schema (bind it with Binder(default_schemas(), CASE_SCHEMA_ID))."""
    return _Gen(draw, max_depth).cond(_Scope(((None, root_catalog()),)))
