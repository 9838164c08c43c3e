"""`forskrift allocate`: a year's behovsmeldinger + the forum's long-term plan + the frame → the allocation
proposal (2026: fordelingsforslag), written as a case document that the rulebook then checks, with the
arithmetic of every amount printed (forskrift/allocate.py)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from ..errors import ForskriftError, UsageError


def register(sub):
    p = sub.add_parser("allocate", help="propose the allocation of a year's frame (fordelingsforslag) and explain it")
    p.add_argument("paths", nargs="+", metavar="PATH", help="behovsmeldinger (files or folders); a long-term plan "
                   "among them is used as --plan")
    p.add_argument("--plan", metavar="PLAN.json", help="the forum's long-term plan (a langsiktig_plan case)")
    p.add_argument("--frame", type=int, required=True, metavar="KR", help="the year's frame in whole kroner")
    p.add_argument("--bound", type=int, default=0, metavar="KR", help="money already bound by earlier decisions")
    p.add_argument("--tilrettelegging", type=float, default=0, metavar="PCT",
                   help="per cent of the frame (less bound money) set aside for tilretteleggingsmidler")
    p.add_argument("--date", metavar="YYYY-MM-DD", help="date of the proposal (default today)")
    p.add_argument("--presented-on", metavar="YYYY-MM-DD", help="when it was put before the samarbeidsforum")
    p.add_argument("--id", dest="case_id", metavar="ID", help="case id of the proposal")
    p.add_argument("--scheme", choices=("regional_barnehage", "desentralisert_skole", "kompetanseloftet"),
                   help="2021: the sub-scheme to recommend for (the forum recommends per sub-scheme)")
    p.add_argument("--forum", metavar="CASE.json", help="2021: a case holding the samarbeidsforum (its members)")
    p.add_argument("--announced-on", metavar="YYYY-MM-DD", help="2021: when Statsforvalteren announced the frame")
    p.add_argument("-o", "--output", required=True, metavar="FILE.json", help="where to write the proposal")
    p.add_argument("--format", choices=("text", "json"), default="text",
                   help="how to print the explanation (json: regions, lines and their arithmetic)")
    p.set_defaults(run=run)


def run(args) -> int:
    from ..allocate import application_of, propose, today
    from ..check import Checker, case_files
    from ..documents.read import read_json_file
    from ..documents.schemas import default_schemas
    checker = Checker()
    plan_case = read_json_file(Path(args.plan)) if args.plan else None
    plans_found = []
    applications, excluded, formats, offices, years = [], [], set(), set(), set()
    for item in case_files(args.paths):
        if isinstance(item, tuple):
            excluded.append((str(item[0]), str(item[0]), "invalid", [item[1].message]))
            continue
        try:
            document = read_json_file(item)
            checker.validate(document, str(item))
        except ForskriftError as exc:
            excluded.append((str(item), str(item), "invalid", [exc.message]))
            continue
        kind = document["case"].get("kind", "behovsmelding")
        if kind == "langsiktig_plan":
            plans_found.append(str(item))
            if not args.plan:
                plan_case = document
            continue
        if kind != "behovsmelding":
            continue
        if args.scheme and document["case"].get("scheme") != args.scheme:
            continue
        formats.add(document["format"])
        years.add(document["case"].get("grant_year"))
        if document["case"].get("statsforvalter"):
            offices.add(document["case"]["statsforvalter"])
        result = checker.check_document(document, str(item))
        status = result["decision"]["status"]
        if status != "eligible":
            excluded.append((document["case"]["id"], str(item), status, result["decision"]["decided_by"]))
            continue
        applications.append(document)
    if not args.plan and len(plans_found) > 1:
        raise UsageError(f"several long-term plans among the inputs ({', '.join(plans_found)}): "
                         "choose one with --plan")
    if len(formats) > 1:
        raise UsageError(f"behovsmeldinger of several formats ({', '.join(sorted(formats))}): give one year's")
    if not applications:
        raise UsageError("no eligible behovsmelding among the inputs")
    if formats == {"forskrift-case/2021.1"}:
        return _run_2021(args, applications, excluded, plan_case, years, offices)
    if plan_case is None or "langsiktig_plan" not in plan_case:
        raise UsageError("no long-term plan: give --plan PLAN.json (a case with langsiktig_plan)")
    plan = plan_case["langsiktig_plan"]
    year = max(y for y in years if y) if any(years) else int((args.date or today())[:4])
    date = args.date or today()
    schema = default_schemas()
    fields = set(schema.resolve({"$ref": "urn:forskrift:schema:fordelingsforslag-2026"}).get("properties", {}))
    line_schema = schema.resolve({"$ref": "urn:forskrift:schema:fordelingsforslag-2026"})["properties"]["lines"]
    fields |= set(line_schema.get("items", {}).get("properties", {}))
    proposal = propose([application_of(d, plan) for d in applications], excluded, plan_case, frame=args.frame,
                       bound=args.bound, set_aside_pct=args.tilrettelegging, year=year, date=date,
                       statsforvalter=next(iter(offices)) if len(offices) == 1 else None,
                       case_id=args.case_id or f"FORDELINGSFORSLAG-{year}", presented_on=args.presented_on,
                       schema_fields=fields)
    return _write(args, proposal)


def _run_2021(args, applications, excluded, plan_case, years, offices) -> int:
    """The forum's recommendation (innstilling) for one sub-scheme, from 2021 behovsmeldinger."""
    from ..allocate import propose_2021, today
    from ..documents.read import read_json_file
    from ..documents.schemas import default_schemas
    schemes = {d["case"].get("scheme") for d in applications}
    if len(schemes) != 1:
        raise UsageError(f"behovsmeldinger of several sub-schemes ({', '.join(sorted(map(str, schemes)))}): the "
                         "forum recommends per sub-scheme; choose one with --scheme")
    scheme = schemes.pop()
    plan = plan_case["langsiktig_plan"] if plan_case else applications[0].get("langsiktig_plan")
    if not plan:
        raise UsageError("no long-term plan: give --plan PLAN.json or behovsmeldinger that carry it")
    forum = None
    if args.forum:
        forum = read_json_file(Path(args.forum)).get("samarbeidsforum")
        if not forum:
            raise UsageError(f"--forum {args.forum}: the case holds no samarbeidsforum")
    year = max(y for y in years if y)
    schema = default_schemas().resolve({"$ref": "urn:forskrift:schema:innstilling-2021"})
    fields = set(schema.get("properties", {}).get("ramme", {}).get("properties", {}))
    fields |= set(schema["properties"]["lines"].get("items", {}).get("properties", {}))
    proposal = propose_2021(applications, excluded, plan, scheme=scheme, frame=args.frame, bound=args.bound,
                            set_aside_pct=args.tilrettelegging, year=year, date=args.date or today(),
                            statsforvalter=next(iter(offices)) if len(offices) == 1 else None,
                            case_id=args.case_id or f"INNSTILLING-{scheme}-{year}", forum=forum,
                            announced_on=args.announced_on, schema_fields=fields)
    return _write(args, proposal)


def _write(args, proposal) -> int:
    Path(args.output).write_text(json.dumps(proposal.document, ensure_ascii=False, indent=2) + "\n",
                                 encoding="utf-8")
    if args.format == "json":
        print(json.dumps({"regions": proposal.regions, "explanation": proposal.explanation,
                          "lines": [{"behovsmelding": line.application.case_id,
                                     "recipient": line.application.recipient, "region": line.application.region,
                                     "applied": line.application.applied, "amount": line.amount,
                                     "explanation": line.explanation} for line in proposal.lines],
                          "excluded": [{"case": c, "file": f, "decision": s, "decided_by": d}
                                       for c, f, s, d in proposal.excluded]}, ensure_ascii=False, indent=2))
    else:
        print("\n".join(proposal.explanation))
        print()
        for line in proposal.lines:
            print(f"{line.application.case_id} – {line.application.recipient} ({line.application.region}): "
                  + "; ".join(line.explanation))
        if proposal.excluded:
            print()
            print("Uten linje i forslaget:")
            for case, _file, status, decided_by in proposal.excluded:
                print(f"  {case}: {status}" + (f" ({', '.join(map(str, decided_by))})" if decided_by else ""))
    print(f"forskrift: wrote {args.output}: {len(proposal.lines)} lines, "
          f"{sum(line.amount for line in proposal.lines)} kr", file=sys.stderr)
    return 0
