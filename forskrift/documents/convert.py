"""Convert a case between document formats, where a rulebook cannot read a case's own format.

Only one conversion exists: **forskrift-case/2021.1 → forskrift-case/2026.1**, for a behovsmelding. It lets the
impact report (`forskrift diff`) check last year's applications under the 2026 regulation. It is a mapping of
what the 2021 documents say, never an invention:

- the sub-scheme (`case.scheme`) is dropped: the 2026 scheme has none; measures get `sector` from their 2021
  category (barnehagebasert → barnehage, skolebasert → skole) and `special_education` when the case was under
  kompetanseløftet;
- `needs_assessment.made_by` is the applicant's kind (owner or network);
- the egenandel becomes the egeninnsats (its description, form and amount): the owner's own contribution is
  the owner's own effort; a 2021 case without an egenandel has no egeninnsats;
- the partnership's `binding` flag is carried to each partner;
- the 2021 long-term plan is left out: it is a plan per sub-scheme without the § 9 guidelines, and a 2026
  behovsmelding does not carry the plan;
- the needs assessment's `sami_perspectives` is carried over (the 2026 format has it: an aim of the new
  regulation, asked about by a non-blocking rule); upper-secondary units (`kind: videregaende`) are carried
  over as they are, so the 2026 scope rule sees them;
- fields with no 2026 counterpart (statped_ppt_involved, teacher_education_feedback) are dropped; nothing is
  added that the 2021 case does not say (e.g. no `goal_assessment`).

`case.converted_from` records the original format, so every report can say the case was converted.
"""

from __future__ import annotations

import copy

from ..errors import DocumentError


def _copy(value):
    """A copy of a parsed JSON value (dicts, lists and immutable scalars): what copy.deepcopy gives, several times
    faster; anything else goes to copy.deepcopy."""
    kind = type(value)
    if kind is dict:
        return {k: _copy(v) for k, v in value.items()}
    if kind is list:
        return [_copy(v) for v in value]
    if value is None or kind in (str, int, float, bool):
        return value
    return copy.deepcopy(value)


CATEGORY_SECTOR = {"barnehagebasert": "barnehage", "skolebasert": "skole", "grunnkompetanse": "barnehage",
                   "kompetanseheving_fagarbeidere_assistenter": "barnehage",
                   "fagbrev_barne_ungdomsarbeider": "barnehage", "tilretteleggingsmidler": "barnehage"}


def _2021_to_2026(doc: dict) -> dict:
    case = doc["case"]
    out_case = {k: _copy(case[k]) for k in ("id", "date", "grant_year", "statsforvalter",
                                                     "competence_region", "applicant") if k in case}
    out_case["kind"] = "behovsmelding"
    out_case["converted_from"] = doc["format"]
    out = {"format": "forskrift-case/2026.1", "case": out_case}
    src = doc.get("behovsmelding", {})
    bm: dict = {}
    for key in ("submitted_on", "priorities", "budget"):
        if key in src:
            bm[key] = _copy(src[key])
    if "needs_assessment" in src:
        na = {k: _copy(v) for k, v in src["needs_assessment"].items()}
        na["made_by"] = case["applicant"]["kind"]
        bm["needs_assessment"] = na
    if "measures" in src:
        measures = []
        for m in src["measures"]:
            new = {k: _copy(v) for k, v in m.items() if k != "category"}
            if m.get("category") in CATEGORY_SECTOR:
                new["sector"] = CATEGORY_SECTOR[m["category"]]
            if case.get("scheme") == "kompetanseloftet":
                new["special_education"] = True
            measures.append(new)
        bm["measures"] = measures
    if "egenandel" in src:
        eg = src["egenandel"]
        ein: dict = {}
        if "description" in eg:
            ein["description"] = eg["description"]
        if "form" in eg:
            ein["forms"] = [eg["form"]]
        if "amount" in eg:
            ein["amount"] = eg["amount"]
        bm["egeninnsats"] = ein
    out["behovsmelding"] = bm
    if "partnerskap" in doc:
        ps = doc["partnerskap"]
        new_ps = {k: ps[k] for k in ("agreement_date", "valid_from", "valid_to") if k in ps}
        partners = []
        for p in ps.get("partners", []):
            new = {k: _copy(v) for k, v in p.items() if k != "teacher_education_feedback"}
            if "binding" in ps:
                new["binding"] = ps["binding"]
            partners.append(new)
        new_ps["partners"] = partners
        out["partnerskap"] = new_ps
    return out


CONVERSIONS = {("forskrift-case/2021.1", "forskrift-case/2026.1"): _2021_to_2026}


def can_convert(source_format: str, readable: tuple) -> str | None:
    """The first format among `readable` that a case of `source_format` can be converted to, or None."""
    for target in readable:
        if (source_format, target) in CONVERSIONS:
            return target
    return None


def convert(doc: dict, target: str, source: str = "<input>") -> dict:
    key = (doc.get("format"), target)
    if key not in CONVERSIONS:
        raise DocumentError(f"no conversion from {doc.get('format')!r} to {target!r}", file=source,
                            pointer="/format")
    kind = doc.get("case", {}).get("kind", "behovsmelding")
    if kind != "behovsmelding":
        raise DocumentError(f"only behovsmelding cases convert to {target!r}; this case is about {kind!r}",
                            file=source, pointer="/case/kind")
    return CONVERSIONS[key](doc)
