"""`forskrift rules [ID]`: list the rulebooks, or show one rulebook's provisions and rules."""

from __future__ import annotations

from .. import jsonio


def register(sub):
    p = sub.add_parser("rules", help="list rulebooks, or show a rulebook's provisions and rules")
    p.add_argument("id", nargs="?", metavar="ID", help="rulebook id or folder")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--lang", choices=("nb", "nn", "en"), default="nb",
                   help="bokmål (default), nynorsk (rule texts without a nynorsk version in bokmål) or English")
    p.add_argument("--absence-fails", action="store_true",
                   help="with ID: only the rules that declare that absence itself fails them, with the reason")
    p.add_argument("--blocking-interpretations", action="store_true",
                   help="with ID: only the blocking rules that rest on an interpretation of the text")
    p.set_defaults(run=run)


def _listing(rb, described, key: str) -> int:
    """The rules of one list (absence_fails or blocking_interpretations), each with its reason."""
    rules = {r["id"]: r for r in described["rules"]}
    heading = {"absence_fails": "rules where absence itself fails (absence_fails), with the reason",
               "blocking_interpretations": "blocking rules that rest on an interpretation of the text"}[key]
    print(f"{rb.id}: {len(described[key])} {heading}")
    for rid in described[key]:
        r = rules[rid]
        print(f"\nrule {rid} ({r['file'].rsplit('/', 1)[-1]}:{r['line']}; cites {', '.join(r['cites'])})")
        print(f"    {r['absence_fails'] if key == 'absence_fails' else r['interpretation']}")
    return 0


def run(args) -> int:
    from ..rulebook import registry
    from ..rulebook.describe import detail, summary
    if not args.id:
        books = [summary(rb) for rb in registry.all_shipped()]
        if args.format == "json":
            print(jsonio.dumps(books, indent=True))
            return 0
        for b in books:
            if "kind" in b:     # a call or forum decision: listed below
                continue
            print(f"{b['id']:<24} {b['status']:<9} {b['valid_from']} – {b['valid_to'] or 'open':<10} "
                  f"{b['instrument']:<20} {b['rules']:>3} rules  {b['provisions']:>3} provisions"
                  + ("" if b["text_verified"] else "  (text unverified)"))
        calls = [b for b in books if "kind" in b]
        if calls:
            print("\ncalls and forum decisions (checked together with the regulation they build on, for cases of "
                  "their office and period):")
        for b in calls:
            print(f"{b['id']:<40} {b['kind']:<14} {b['office']}, {b['date']}; builds on {b['builds_on']}; "
                  f"valid {b['valid_from']} – {b['valid_to'] or 'open'}; for {', '.join(b['applies_to'])}; "
                  f"{b['rules']} rules, {b['provisions']} provisions"
                  + (f"; frame {b['frame']['amount']:,} kr".replace(",", " ") if b["frame"] else "")
                  + ("" if b["text_verified"] else "  (text unverified)"))
        return 0
    rb = registry.get(args.id)
    described = detail(rb, args.lang)
    for key in ("absence_fails", "blocking_interpretations"):
        if getattr(args, key):
            if args.format == "json":
                print(jsonio.dumps([r for r in described["rules"] if r["id"] in described[key]], indent=True))
                return 0
            return _listing(rb, described, key)
    from ..engine.durable import decided_natively
    described["durable"] = decided_natively(rb)
    if args.format == "json":
        print(jsonio.dumps(described, indent=True))
        return 0
    print(f"{rb.id}: {rb.instrument.title} ({rb.instrument.id})")
    print(f"status {rb.status}; valid {rb.valid_from} – {rb.valid_to or 'open'}; "
          f"text {'verified' if rb.text_verified else 'UNVERIFIED'}; reads {', '.join(rb.reads)}")
    print(f"hash {rb.hash}")
    share = described["durable"]
    print(f"durable-rules decides {share['share']:.0%} of the {share['parts'] - share['constant']} rule parts "
          f"itself ({share['native']} natively, {share['value_slots']} on computed values, "
          f"{share['truth_slots']} by truth values computed for a known defect)")
    if rb.is_call:
        print(f"{rb.kind} of {rb.instrument.office}, {rb.instrument.date}; cited as "
              f"\"{rb.instrument.citation}, punkt …\"; builds on {rb.builds_on}; for case kinds "
              f"{', '.join(rb.applies_to)}")
        if rb.frame:
            print(f"frame {rb.frame['amount']:,} kr".replace(",", " ")
                  + f" ({rb.citation_text(rb.frame['provision'])}): {rb.frame['basis'].get(args.lang)}")
    if rb.amends:
        a = rb.amends
        print(f"amends {a['base']}: adds {', '.join(a.get('adds', [])) or 'none'}; replaces "
              f"{', '.join(a.get('replaces', [])) or 'none'}; repeals {', '.join(a.get('repeals', [])) or 'none'}"
              + "".join(f"; renumbers {r['from']} -> {r['to']}" for r in a.get("renumbers", [])))
    print()
    rules = {r["id"]: r for r in described["rules"]}
    for p in described["provisions"]:
        print(f"{p['citation']}" + (f"  [{p['origin']}]" if rb.amends else ""))
        print(f"    {p['paraphrase']}")
        for rid in p["rules"]:
            r = rules[rid]
            mark = "blocking" if r["blocking"] else "not blocking"
            if r["absence_fails"]:
                mark += "; absence fails"
            print(f"    rule {rid} ({mark}; {r['origin']}, {r['file'].rsplit('/', 1)[-1]}:{r['line']})")
        if p["no_check"]:
            print(f"    no case-level check: {p['no_check']}")
    return 0
