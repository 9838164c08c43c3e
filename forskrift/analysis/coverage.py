"""Provision coverage: for each provision of a rulebook, the rules that encode it (or the recorded reason why no
case-level check exists, `no_check`), and the rule tests that exercise each status of those rules.

Definitions (also in docs/coverage.md):

- a provision is **accounted for** when a rule cites it or it carries `no_check`;
  `provision_coverage` is the percent of provisions accounted for;
- a rule is **tested** when rule tests expect both its positive status and `not_met`; the positive status is
  `met`, or `needs_judgement` for a rule whose judgement is always called for (no `when`); a rule without a
  condition (judgement only) cannot be `not_met`, and is tested when a test expects `needs_judgement`;
  a rule whose condition only asks for what the document must say (conditions/absence.py) cannot be
  `not_met` either, and needs a test expecting `missing_information` instead;
  `rule_test_coverage` is the percent of rules tested;
- a rule **reads optional data** when a field its conditions read (not only as `is present`/`is missing`) may
  be absent under the case schema — apart from the rule's own document, which decides whether it applies, and
  the fields its `applies_when` requires to be present (`langsiktig_plan.distribution_key.shares is present`:
  the rule does not apply without them, so it cannot ask for them);
  such a rule also needs a test expecting `missing_information` (`missing_information_coverage`).

Coverage is computed from what the tests *expect*; `forskrift test` checks that the expectations hold.
"""

from __future__ import annotations

from ..conditions import tree as t
from ..conditions.absence import can_fail
from ..documents.schemas import CASE_FORMATS, FieldType, SchemaSet, default_schemas
from ..rulebook.model import Rulebook
from . import ruletests

TESTED_STATUSES = ("met", "not_met", "missing_information", "needs_judgement", "not_applicable")


# -- which rules read optional data ------------------------------------------------------------------------

def _document_requirements(case_schema: dict, document: str) -> dict[tuple, set]:
    """Fields the case schema requires when `document` is present (its `if: {required: [document]}` blocks):
    parent path → required names."""
    out: dict[tuple, set] = {}
    for block in case_schema.get("allOf", []):
        then = block.get("then", {})
        if block.get("if") != {"required": [document]}:
            continue

        def collect(schema, path):
            out.setdefault(path, set()).update(schema.get("required", []))
            for name, sub in schema.get("properties", {}).items():
                if isinstance(sub, dict):
                    collect(sub, path + (name,))

        collect(then, ())
    return out


class _OptionalReads:
    def __init__(self, schemas: SchemaSet, schema_id: str, document: str, guarded: frozenset = frozenset()):
        self.schemas = schemas
        self.root = schemas.root(schema_id)
        self.document = document
        self.extra = _document_requirements(schemas.by_id[schema_id], document)
        self.guarded = guarded          # root paths the rule's applies_when requires to be present
        self.found: list[str] = []

    def _required(self, parent: FieldType, path: tuple) -> set:
        names = set((parent.schema or {}).get("required", []))
        return names | self.extra.get(path, set())

    def path(self, node: t.Path, scope: dict):
        """Record the path if some part of it may be absent."""
        if node.var is not None:
            current, prefix, rooted = scope[node.var], (), False
        else:
            current, prefix, rooted = self.root, (), True
        for index, name in enumerate(node.parts):
            if rooted and index == 0 and name == self.document:
                optional = False
            elif rooted and node.parts[:index + 1] in self.guarded:
                optional = False
            else:
                optional = current.kind == "object" and name not in self._required(current, prefix if rooted
                                                                                    else ("*",))
            child = self.schemas.child(current, name)
            if optional:
                self.found.append(node.dotted())
                return
            if child is None:
                return
            current, prefix = child, prefix + (name,)

    def item_type(self, array: t.Path, scope: dict) -> FieldType | None:
        if array.var is not None:
            current = scope[array.var]
        else:
            current = self.root
        for name in array.parts:
            current = self.schemas.child(current, name)
            if current is None:
                return None
        return current.item

    def visit(self, node, scope: dict):
        if node is None or isinstance(node, (t.Present, t.Lit, t.Const)):
            return
        if isinstance(node, t.Path):
            self.path(node, scope)
            return
        if isinstance(node, (t.Quantified, t.Aggregate)):
            self.path(node.array, scope)
            inner = dict(scope)
            if node.var is not None:
                item = self.item_type(node.array, scope)
                if item is not None:
                    inner[node.var] = item
            for child in t.children(node):
                if child is not node.array:
                    self.visit(child, inner)
            return
        for child in t.children(node):
            self.visit(child, scope)


def _guarded(applies) -> frozenset:
    """The root paths an applies_when requires to be present: its plain `x is present` tests, alone or joined by
    `and` (a rule does not apply without them, so it never asks for them)."""
    items = applies.items if isinstance(applies, t.And) else (applies,)
    paths = [item.path.parts for item in items if isinstance(item, t.Present) and item.path.var is None]
    return frozenset(parts[:end] for parts in paths for end in range(1, len(parts) + 1))   # and their parents


def optional_reads(rule, schemas: SchemaSet | None = None, fmt: str = "forskrift-case/2021.1") -> list[str]:
    """The fields a rule reads that may be absent (its own document aside), in order, without repeats."""
    schemas = schemas or default_schemas()
    applies = rule.applies.items[1] if isinstance(rule.applies, t.And) and len(rule.applies.items) == 2 else None
    walker = _OptionalReads(schemas, CASE_FORMATS[fmt], rule.document, _guarded(applies))
    for node in (applies, rule.condition, rule.judgement.when if rule.judgement else None):
        walker.visit(node, {})
    return list(dict.fromkeys(walker.found))


# -- coverage ----------------------------------------------------------------------------------------------

def positive_status(rule) -> str:
    if rule.judgement is not None and rule.judgement.when is None:
        return "needs_judgement"
    return "met"


def required_statuses(rule) -> tuple[str, ...]:
    if rule.condition is None:
        return ("needs_judgement",)
    if not can_fail(rule.condition):   # only asks for what the document must say: met, or ask
        return (positive_status(rule), "missing_information")
    return (positive_status(rule), "not_met")


def _percent(part: int, whole: int) -> float:
    return 100.0 if whole == 0 else round(100.0 * part / whole, 1)


def coverage(rulebook: Rulebook, tests: list | None = None, lang: str = "nb") -> dict:
    tests = ruletests.load_tests(rulebook) if tests is None else tests
    schemas = default_schemas()
    by_rule: dict[str, dict[str, list[str]]] = {r.id: {} for r in rulebook.rules}
    for test in tests:
        for rid, want in test.findings.items():
            by_rule.setdefault(rid, {}).setdefault(want.status, []).append(test.id)

    rules_out = []
    for rule in rulebook.rules:
        statuses = by_rule[rule.id]
        needed = required_statuses(rule)
        optional = optional_reads(rule, schemas, rulebook.reads[0])
        rules_out.append({
            "rule": rule.id, "file": rule.file, "line": rule.line, "document": rule.document,
            "cites": [c.key() for c in rule.cites],
            "tests": {s: statuses[s] for s in TESTED_STATUSES if s in statuses},
            "needs": list(needed), "tested": all(s in statuses for s in needed),
            "untested_statuses": [s for s in needed if s not in statuses],
            "reads_optional": optional,
            "missing_information_tested": (not optional) or "missing_information" in statuses,
        })
    rule_info = {r["rule"]: r for r in rules_out}

    citing: dict = {}
    for rule in rulebook.rules:
        for ref in rule.cites:
            citing.setdefault(ref, []).append(rule.id)
    provisions_out = []
    for p in rulebook.provisions:
        rids = citing.get(p.ref, [])
        provisions_out.append({
            "provision": p.ref.key(), "citation": rulebook.citation_text(p.ref), "text": p.ref.text(lang),
            "paraphrase": p.paraphrase.get(lang), "rules": rids,
            "no_check": p.no_check.get(lang) if p.no_check else None,
            "accounted_for": bool(rids) or p.no_check is not None,
            "tests": {rid: rule_info[rid]["tests"] for rid in rids},
        })

    accounted = sum(1 for p in provisions_out if p["accounted_for"])
    tested = sum(1 for r in rules_out if r["tested"])
    optional_rules = [r for r in rules_out if r["reads_optional"]]
    optional_tested = sum(1 for r in optional_rules if r["missing_information_tested"])
    return {
        "rulebook": rulebook.id,
        "instrument": rulebook.instrument.id,
        "provisions": provisions_out,
        "rules": rules_out,
        "totals": {
            "provisions": len(provisions_out), "accounted_for": accounted,
            "by_rules": sum(1 for p in provisions_out if p["rules"]),
            "by_no_check": sum(1 for p in provisions_out if not p["rules"] and p["no_check"]),
            "rules": len(rules_out), "rules_tested": tested,
            "rules_reading_optional_data": len(optional_rules), "missing_information_tested": optional_tested,
            "tests": len(tests),
        },
        "provision_coverage": _percent(accounted, len(provisions_out)),
        "rule_test_coverage": _percent(tested, len(rules_out)),
        "missing_information_coverage": _percent(optional_tested, len(optional_rules)),
    }


def render_text(report: dict) -> str:
    lines = [f"Regelverk {report['rulebook']} ({report['instrument']})", ""]
    for p in report["provisions"]:
        mark = "✓" if p["accounted_for"] else "✗"
        lines.append(f"{mark} {p['text']}")
        if p["no_check"] and not p["rules"]:
            lines.append(f"    no_check: {p['no_check']}")
        for rid in p["rules"]:
            tests = p["tests"][rid]
            counts = ", ".join(f"{status} {len(ids)}" for status, ids in tests.items()) or "no tests"
            lines.append(f"    {rid}: {counts}")
        if not p["accounted_for"]:
            lines.append("    NOT ACCOUNTED FOR: no rule cites it and it has no no_check")
    untested = [r for r in report["rules"] if not r["tested"]]
    no_missing = [r for r in report["rules"] if not r["missing_information_tested"]]
    if untested or no_missing:
        lines.append("")
    for r in untested:
        lines.append(f"untested: {r['rule']} has no test expecting {', '.join(r['untested_statuses'])}")
    for r in no_missing:
        lines.append(f"untested: {r['rule']} reads optional data ({', '.join(r['reads_optional'])}) but no test "
                     "expects missing_information")
    tot = report["totals"]
    lines += [
        "",
        f"provisions: {tot['accounted_for']}/{tot['provisions']} accounted for ({tot['by_rules']} by rules, "
        f"{tot['by_no_check']} by no_check)",
        f"rules: {tot['rules_tested']}/{tot['rules']} tested met and not met; "
        f"{tot['missing_information_tested']}/{tot['rules_reading_optional_data']} reading optional data tested "
        "with missing information",
        f"provision_coverage {report['provision_coverage']}%  rule_test_coverage {report['rule_test_coverage']}%  "
        f"missing_information_coverage {report['missing_information_coverage']}%",
    ]
    return "\n".join(lines) + "\n"
