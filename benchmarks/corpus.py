"""A deterministic corpus of lokal-2021 cases for the benchmark, made from the example cases in
cases/lokal-2021/ by varying their fields with a fixed seed: amounts (scaled together) and the egenandel share, the
number of measures and participants, now and then a boolean of a measure or of the needs assessment, a partner
type, the date by a few days, and optional documents left out now and then. Every case it yields validates against
the case schema (a variant that does not is drawn again), and the decisions spread over all three outcomes.

    python benchmarks/corpus.py OUT_FOLDER [--cases N] [--seed S]     # writes N files case-00000.json ...
"""

from __future__ import annotations

import argparse
import copy
import datetime as _dt
import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "cases" / "lokal-2021"
FIRST_DAY, LAST_DAY = _dt.date(2021, 2, 1), _dt.date(2025, 12, 31)


def examples() -> list[dict]:
    """The example behovsmeldinger (cases of the other kinds — innstilling, tilsagn ... — are left out: a batch
    of a county's needs reports is what the benchmark measures)."""
    docs = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(EXAMPLES.glob("*.json"))]
    return [d for d in docs if d["case"].get("kind", "behovsmelding") == "behovsmelding"]


def vary(doc: dict, rng: random.Random, index: int) -> dict:
    doc = copy.deepcopy(doc)
    case, bm = doc["case"], doc["behovsmelding"]
    case["id"] = f"BENCH-{index:06d}"
    date = _dt.date.fromisoformat(case["date"]) + _dt.timedelta(days=rng.randrange(-20, 21))
    if date.year == _dt.date.fromisoformat(case["date"]).year and FIRST_DAY <= date <= LAST_DAY:
        case["date"] = bm["submitted_on"] = date.isoformat()
    scale = rng.choice([0.5, 0.8, 1, 1, 1.25, 2, 3])
    measures = bm.get("measures", [])
    if measures:
        count = rng.choice([len(measures)] * 4 + [len(measures) + 1, len(measures) + 3])
        bm["measures"] = [copy.deepcopy(measures[i % len(measures)]) for i in range(count)]
        for m in bm["measures"]:
            if "participants" in m:
                m["participants"] = max(1, int(m["participants"] * rng.uniform(0.5, 2)))
            if "amount" in m:
                m["amount"] = int(m["amount"] * scale) // 1000 * 1000
        if rng.random() < 0.04:
            m = rng.choice(bm["measures"])
            key = rng.choice(["collective", "unit_based", "individual_further_education"])
            if key in m:
                m[key] = not m[key]
    budget = bm.get("budget")
    if budget:
        for key in ("amount_applied",):
            if key in budget:
                budget[key] = int(budget[key] * scale) // 1000 * 1000
        for line in budget.get("lines", []):
            line["amount"] = int(line["amount"] * scale * rng.uniform(0.9, 1.1)) // 1000 * 1000
        if "egenandel" in bm and "amount" in bm["egenandel"] and "amount_applied" in budget:
            ratio = rng.choice([0.2, 0.29, 0.3, 0.3, 0.32, 0.35, 0.35, 0.4, 0.5, 0.6])
            bm["egenandel"]["amount"] = int(budget["amount_applied"] * ratio)
    needs = bm.get("needs_assessment")
    if needs and rng.random() < 0.05:
        key = rng.choice(["employees_involved", "leaders_involved", "dialogue_with_partner", "description"])
        if key == "description":
            needs.pop(key, None)
        elif key in needs:
            needs[key] = not needs[key]
    partners = doc.get("partnerskap", {}).get("partners")
    if partners and rng.random() < 0.03:
        partners[0]["type"] = rng.choice(["fagskole", "other_competence_environment", "national_centre"])
    for optional, p in (("partnerskap", 0.02), ("langsiktig_plan", 0.02)):
        if optional in doc and rng.random() < p:
            del doc[optional]
    return doc


def generate(n: int, seed: int = 2021):
    """Yield n varied cases, the same ones for the same n and seed."""
    from forskrift.documents.schemas import default_schemas
    schemas = default_schemas()
    validator = schemas.validator(schemas.case_schema_id({"format": "forskrift-case/2021.1"}, "<corpus>"))
    rng = random.Random(seed)
    base = examples()
    for index in range(n):
        for _attempt in range(20):
            doc = vary(base[index % len(base)], rng, index)
            if validator.is_valid(doc):
                break
        else:
            doc = copy.deepcopy(base[index % len(base)])
            doc["case"]["id"] = f"BENCH-{index:06d}"
        yield doc


def write(folder: Path, n: int, seed: int = 2021, docs=None) -> list[Path]:
    """Write the corpus (or the given docs) as case-00000.json ... into folder."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for index, doc in enumerate(docs if docs is not None else generate(n, seed)):
        path = folder / f"case-{index:05d}.json"
        path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
        paths.append(path)
    return paths


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=2021)
    args = parser.parse_args(argv)
    paths = write(args.folder, args.cases, args.seed)
    print(f"{len(paths)} cases written to {args.folder}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    raise SystemExit(main())
