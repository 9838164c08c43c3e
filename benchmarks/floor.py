"""The floor the benchmark compares with: ten lokal-2021 rules written by hand in plain Python, each giving the
same three-valued Outcome as the reference evaluator (tests/test_benchmark_floor.py holds them equal on the
benchmark corpus). No condition tree, no engine: what a programmer would write for exactly these rules.

Rules: 1.2-1-malgruppe, 3.1-tilskuddsmottaker, 3.2-statped-ppt, 3.3a1-lokale-vurderinger,
3.3a2-ansatte-og-ledere, 3.3c2-laererutdanning, 7.1-ansatte-involvert, 7.1-grunnlag-for-forum,
7.2-3-egenandel, 7.2-ledd4-koordinator.
"""

from __future__ import annotations

from forskrift.engine.outcome import NOT_APPLICABLE, Outcome

UH = ("university", "university_college")
OWNER_TYPES = ("municipality", "county_municipality", "private_kindergarten_owner", "private_school_owner",
               "university", "university_college")
EGENANDEL_FORMS = ("cash", "wages", "release_time", "mixed")


def _get(obj, *names):
    for name in names:
        if not isinstance(obj, dict):
            return None
        obj = obj.get(name)
        if obj is None:
            return None
    return obj


def _list(obj, *names):
    found = _get(obj, *names)
    return found if isinstance(found, list) else None


def _and(*values):
    if False in values:
        return False
    return None if None in values else True


def _or(*values):
    if True in values:
        return True
    return None if None in values else False


def _not(value):
    return None if value is None else not value


def _is(value, wanted):
    return None if value is None else value == wanted


def _at_least(n, minimum):
    return None if n is None else n >= minimum


def _count_where(items, test):
    if items is None:
        return None
    n = 0
    for item in items:
        keep = test(item)
        if keep is None:
            return None
        n += keep
    return n


def _any(items, test):
    if items is None:
        return None
    results = [test(item) for item in items]
    return True if True in results else (None if None in results else False)


def _all(items, test):
    if items is None:
        return None
    results = [test(item) for item in items]
    return False if False in results else (None if None in results else True)


def _in(value, options):
    return None if value is None else value in options


def _uh_feedback(p):
    return _and(_in(p.get("type"), UH), True if p.get("teacher_education_feedback") is not None else None)


def _no_individual_students(m):
    groups = _list(m, "target_groups")
    return None if groups is None else "individual_students" in groups


def _has_group(*groups):
    def test(measure):
        found = _list(measure, "target_groups")
        return None if found is None else any(group in found for group in groups)
    return test


def _target_group_judgement(scheme, measures):
    """Groups the 2021 text names for another scheme only, or not at all, are for the caseworker to judge."""
    return _or(_any(measures, _has_group("kulturskole", "other_municipal_services", "adult_education_staff")),
               _and(_is(scheme, "regional_barnehage"), _any(measures, _has_group("sfo"))),
               _and(_not(_is(scheme, "kompetanseloftet")),
                    _any(measures, _has_group("ppt", "interdisciplinary_services"))))


def _coordinator_share(lines):
    """sum(coordinator amounts) > 10 % of sum(all amounts), exactly: 100 × a > 10 × b."""
    if lines is None:
        return None
    coordinator = total = 0
    for line in lines:
        amount = line.get("amount")
        purpose = line.get("purpose")
        if amount is None or purpose is None:
            return None
        total += amount
        if purpose == "coordinator":
            coordinator += amount
    return 100 * coordinator > 10 * total


def evaluate(doc: dict) -> dict[str, Outcome]:
    bm = doc.get("behovsmelding")
    if bm is None:
        return dict.fromkeys(RULES, NOT_APPLICABLE)
    scheme = _get(doc, "case", "scheme")
    na = bm.get("needs_assessment")
    measures = _list(bm, "measures")
    partners = _list(doc, "partnerskap", "partners")
    lines = _list(bm, "budget", "lines")
    out = {
        "1.2-1-malgruppe": Outcome(True, _and(_at_least(None if measures is None else len(measures), 1),
                                              _is(_count_where(measures, _no_individual_students), 0)),
                                   _target_group_judgement(scheme, measures)),
        "3.1-tilskuddsmottaker": Outcome(True, _all(_list(doc, "case", "applicant", "owners"),
                                                    lambda o: _in(o.get("type"), OWNER_TYPES)), None),
        "3.3a1-lokale-vurderinger": Outcome(True, _and(
            _at_least(None if _list(na, "units") is None else len(na["units"]), 1),
            _all(_list(na, "units"), lambda u: _is(u.get("local_assessment"), True)),
            _is(_get(na, "dialogue_with_partner"), True),
            _any(partners, lambda p: _in(p.get("type"), UH))), None),
        "3.3a2-ansatte-og-ledere": Outcome(True, _and(_is(_get(na, "employees_involved"), True),
                                                      _is(_get(na, "leaders_involved"), True)), None),
        "3.3c2-laererutdanning": Outcome(True, _any(partners, _uh_feedback), True),
        "7.1-ansatte-involvert": Outcome(True, _is(_get(na, "employees_involved"), True), None),
        "7.1-grunnlag-for-forum": Outcome(True, _and(
            # `is present` asks: a description there is true, one not given is unknown (missing information)
            True if _get(na, "description") is not None else None,
            _at_least(None if _list(bm, "priorities") is None else len(bm["priorities"]), 1),
            _at_least(None if measures is None else len(measures), 1)), None),
        "7.2-ledd4-koordinator": Outcome(True, _at_least(None if lines is None else len(lines), 1),
                                         _coordinator_share(lines)),
    }
    kompetanseloftet = _is(scheme, "kompetanseloftet")
    out["3.2-statped-ppt"] = NOT_APPLICABLE if kompetanseloftet is False else \
        Outcome(kompetanseloftet, _is(bm.get("statped_ppt_involved"), True), None)
    desentralisert = _is(scheme, "desentralisert_skole")
    if desentralisert is False:
        out["7.2-3-egenandel"] = NOT_APPLICABLE
    else:
        amount, applied = _get(bm, "egenandel", "amount"), _get(bm, "budget", "amount_applied")
        share = None if amount is None or applied is None else 100 * amount >= 30 * applied
        out["7.2-3-egenandel"] = Outcome(desentralisert, _and(share, _in(_get(bm, "egenandel", "form"),
                                                                         EGENANDEL_FORMS)), None)
    return out


RULES = ("1.2-1-malgruppe", "3.1-tilskuddsmottaker", "3.2-statped-ppt", "3.3a1-lokale-vurderinger",
         "3.3a2-ansatte-og-ledere", "3.3c2-laererutdanning", "7.1-ansatte-involvert", "7.1-grunnlag-for-forum",
         "7.2-3-egenandel", "7.2-ledd4-koordinator")
