"""Mutation testing of the rules: change one rule's condition a little and see whether the rule tests notice.

A *mutant* is a rulebook in which one rule's typed condition tree (its `condition`, its `applies_when` or the
`when` of its judgement) is replaced by a slightly different tree, built in memory with `dataclasses.replace`
— no file is written. Operators:

- `flip-comparison`: `<` ↔ `<=`, `>` ↔ `>=`, `==` ↔ `!=`;
- `negate`: the whole part, and each comparison (`<` → `>=`), `is present`, `in` and `contains`;
- `drop-conjunct` / `drop-disjunct`: one item of an `and` / an `or` left out;
- `shift-threshold`: a number ± 1 (a percentage literal such as `30 %` ± 5 points);
- `swap-quantifier`: `any` ↔ `all`, `none` → `any`;
- `drop-option`: one option of an `in [...]` list left out;
- `remove-not`: `not X` → `X`;
- `applies-when-true`: `applies_when` replaced by `true` (the rule applies whenever its document is there).

A mutant is **killed** when some rule test of the rulebook (an amendment's include its inherited ones) gets an
expectation wrong under it. Tests run on the reference evaluator (`forskrift/conditions/reference.py`), and
only the mutated rule is evaluated again: each test's document is read, validated and checked once, and a
mutant's result is that result with the mutated rule's finding and the decision made anew. That is exactly
what a full check of the mutated rulebook gives (tests/test_mutants.py compares the two), and the durable
backend's agreement with the reference evaluator is the subject of the differential tests.

A mutant is **equivalent** — not counted — when it gives the same truth as the original on every test input
*and* a simple check shows it cannot differ: the same text, or an option dropped from `in [...]` that the
field's enumeration does not allow. A surviving mutant may be **explained** in `rules/<id>/mutants.yaml`
(rule, operator, the mutated text as reported, and a reason in nb and en); explained survivors are reported
separately and not counted. `mutation_score` is killed / (mutants − equivalent − explained), in percent.
"""

from __future__ import annotations

import dataclasses
import time
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

from ..check import Checker
from ..conditions import tree as t
from ..conditions.reference import truth
from ..decision import decide
from ..engine.outcome import Outcome, rule_parts
from ..errors import ForskriftError, RuleFileError
from ..findings import make_finding
from ..rulebook.load import MUTANTS_FILE
from ..rulebook.model import Rulebook
from ..rulebook.yamlsafe import load_yaml_file
from . import ruletests

EXPLAINED_FILE = MUTANTS_FILE
PARTS = ("condition", "applies_when", "judgement_when")


@dataclass(frozen=True)
class Mutant:
    rule: str
    part: str                       # condition | applies_when | judgement_when
    operator: str
    original: str                   # the part's text before
    mutated: str                    # the part's text after
    tree: object                    # the mutated typed condition of that part

    def key(self) -> tuple:
        return (self.rule, self.operator, self.mutated)

    def to_json(self) -> dict:
        return {"rule": self.rule, "part": self.part, "operator": self.operator, "original": self.original,
                "mutated": self.mutated}


# -- operators ---------------------------------------------------------------------------------------------

FLIP = {"<": "<=", "<=": "<", ">": ">=", ">=": ">", "==": "!=", "!=": "=="}
SWAP = {"any": "all", "all": "any", "none": "any"}


def _step(value: Fraction) -> Fraction:
    """1 for whole numbers; 5 percentage points for a literal between 0 and 1 (a `30 %` is parsed as 0.3)."""
    if value.denominator != 1 and 0 < value < 1:
        return Fraction(5, 100)
    return Fraction(1)


def _here(node):
    """(operator, replacement) for the mutations of this node itself (not of its children)."""
    if isinstance(node, t.Compare):
        yield "flip-comparison", dataclasses.replace(node, op=FLIP[node.op])
        if t.NEGATED[node.op] != FLIP[node.op]:
            yield "negate", dataclasses.replace(node, op=t.NEGATED[node.op])
    elif isinstance(node, (t.Present, t.In, t.Contains)):
        yield "negate", t.Not(node)
    if isinstance(node, t.In) and len(node.options) > 1:
        for i in range(len(node.options)):
            yield "drop-option", dataclasses.replace(node, options=node.options[:i] + node.options[i + 1:])
    elif isinstance(node, (t.And, t.Or)):
        name = "drop-conjunct" if isinstance(node, t.And) else "drop-disjunct"
        for i in range(len(node.items)):
            rest = node.items[:i] + node.items[i + 1:]
            yield name, rest[0] if len(rest) == 1 else dataclasses.replace(node, items=rest)
    elif isinstance(node, t.Not):
        yield "remove-not", node.item
    elif isinstance(node, t.Quantified):
        yield "swap-quantifier", dataclasses.replace(node, kind=SWAP[node.kind])
    elif isinstance(node, t.Lit) and node.kind == "number" and isinstance(node.value, Fraction):
        step = _step(node.value)
        yield "shift-threshold", dataclasses.replace(node, value=node.value + step)
        yield "shift-threshold", dataclasses.replace(node, value=node.value - step)


def _rebuilt(node, index: int, child):
    """`node` with its index-th child (in tree.children order) replaced."""
    if isinstance(node, (t.And, t.Or)):
        items = list(node.items)
        items[index] = child
        return dataclasses.replace(node, items=tuple(items))
    if isinstance(node, t.Not):
        return dataclasses.replace(node, item=child)
    if isinstance(node, t.Compare):
        return dataclasses.replace(node, **{("left", "right")[index]: child})
    if isinstance(node, t.In):
        if index == 0:
            return dataclasses.replace(node, value=child)
        options = list(node.options)
        options[index - 1] = child
        return dataclasses.replace(node, options=tuple(options))
    if isinstance(node, t.Contains):
        return dataclasses.replace(node, **{("array", "value")[index]: child})
    if isinstance(node, t.Present):
        return dataclasses.replace(node, path=child)
    if isinstance(node, t.Quantified):
        return dataclasses.replace(node, **{("array", "body")[index]: child})
    if isinstance(node, t.Aggregate):
        names = [n for n in ("array", "where", "value") if getattr(node, n) is not None]
        return dataclasses.replace(node, **{names[index]: child})
    if isinstance(node, t.Arith):
        return dataclasses.replace(node, **{("left", "right")[index]: child})
    if isinstance(node, t.Call):
        args = list(node.args)
        args[index] = child
        return dataclasses.replace(node, args=tuple(args))
    raise TypeError(node)


def mutations(node):
    """Every (operator, mutated tree) one change away from `node`, in a stable order."""
    yield from _here(node)
    if isinstance(node, t.In):
        kids = (node.value,)            # options are literals to drop, not numbers to shift
    elif isinstance(node, t.Contains):
        kids = ()
    else:
        kids = t.children(node)
    for index, child in enumerate(kids):
        if isinstance(child, t.Path):
            continue
        for operator, mutated in mutations(child):
            yield operator, _rebuilt(node, index, mutated)


def _parts(rule) -> dict:
    out = {}
    if rule.condition is not None:
        out["condition"] = rule.condition
    if isinstance(rule.applies, t.And) and len(rule.applies.items) == 2:
        out["applies_when"] = rule.applies.items[1]
    if rule.judgement is not None and rule.judgement.when is not None:
        out["judgement_when"] = rule.judgement.when
    return out


def rule_mutants(rule) -> list[Mutant]:
    out, seen = [], set()
    for part, node in _parts(rule).items():
        original = t.to_text(node)
        candidates = [("negate", t.Not(node))] if not isinstance(node, t.Not) else []
        if part == "applies_when":
            candidates.append(("applies-when-true", t.Const(True)))
        candidates.extend(mutations(node))
        for operator, mutated in candidates:
            text = t.to_text(mutated)
            if (part, text) in seen:
                continue
            seen.add((part, text))
            out.append(Mutant(rule.id, part, operator, original, text, mutated))
    return out


def mutated_rule(rule, mutant: Mutant):
    """The rule with the mutant's part replaced (a new frozen Rule; the original is untouched)."""
    if mutant.part == "condition":
        return dataclasses.replace(rule, condition=mutant.tree)
    if mutant.part == "applies_when":
        present = rule.applies.items[0]
        applies = present if mutant.tree == t.Const(True) else t.And((present, mutant.tree))
        return dataclasses.replace(rule, applies=applies)
    return dataclasses.replace(rule, judgement=dataclasses.replace(rule.judgement, when=mutant.tree))


def mutated_rulebook(rulebook: Rulebook, mutant: Mutant) -> Rulebook:
    """A whole rulebook with one rule mutated, in memory (used to confirm the incremental evaluation)."""
    rules = [mutated_rule(r, mutant) if r.id == mutant.rule else r for r in rulebook.rules]
    return dataclasses.replace(rulebook, rules=rules, hash=f"{rulebook.hash}+mutant:{'/'.join(mutant.key())}")


# -- equivalence -------------------------------------------------------------------------------------------

def _changed(a, b):
    """The innermost pair of differing sub-trees of two trees that differ in one place."""
    while type(a) is type(b):
        ka, kb = t.children(a), t.children(b)
        if len(ka) != len(kb):
            break
        diffs = [(x, y) for x, y in zip(ka, kb, strict=True) if x != y]
        if len(diffs) != 1:
            break
        a, b = diffs[0]
    return a, b


def obviously_equivalent(original, mutant: Mutant) -> str | None:
    """A reason why the mutant cannot differ from the original, or None (the check is deliberately simple)."""
    if t.to_text(original) == mutant.mutated:
        return "the mutated condition reads the same"
    if mutant.operator == "drop-option":
        before, after = _changed(original, mutant.tree)
        if isinstance(before, t.In) and isinstance(after, t.In) and isinstance(before.value, t.Path):
            dropped = [o for o in before.options if o not in after.options]
            enum = before.value.enum
            if enum is not None and dropped and all(o.value not in enum for o in dropped):
                return f"the option {t.to_text(dropped[0])} is not among the values the case schema allows"
    return None


# -- explained survivors -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Explanation:
    rule: str
    operator: str
    mutated: str
    reason: dict
    file: str
    line: int | None


def load_explanations(rulebook: Rulebook) -> list[Explanation]:
    """rules/<id>/mutants.yaml: `explained: [{rule, operator, mutated, reason: {nb, en}}]`. An amendment also has
    its base's explanations of the rules it neither replaces nor repeals. Raises RuleFileError."""
    inherited = []
    base = ruletests.base_of(rulebook)
    if base is not None:
        changed = set(rulebook.amends.get("replaces", [])) | set(rulebook.amends.get("repeals", []))
        inherited = [e for e in load_explanations(base) if e.rule not in changed]
    path = Path(rulebook.folder) / EXPLAINED_FILE
    if not path.is_file():
        return inherited
    data, lines = load_yaml_file(path)
    source = str(path)
    if not isinstance(data, dict) or set(data) != {"explained"} or not isinstance(data["explained"], list):
        raise RuleFileError("a mutants file holds one key, `explained`, a list of "
                            "{rule, operator, mutated, reason: {nb, en}}", file=source)
    out = []
    for index, item in enumerate(data["explained"]):
        line = lines.line_of(("explained", index))
        if not isinstance(item, dict) or set(item) != {"rule", "operator", "mutated", "reason"}:
            raise RuleFileError("each entry has exactly rule, operator, mutated and reason", file=source, line=line)
        reason = item["reason"]
        if not (isinstance(reason, dict) and set(reason) == {"nb", "en"}
                and all(isinstance(v, str) and v.strip() for v in reason.values())):
            raise RuleFileError("reason needs nb and en text", file=source, line=line)
        if item["rule"] not in rulebook.rule_index:
            raise RuleFileError(f"rulebook {rulebook.id} has no rule {item['rule']!r}", file=source, line=line)
        out.append(Explanation(str(item["rule"]), str(item["operator"]), str(item["mutated"]), reason, source,
                               line))
    return inherited + out


# -- running -----------------------------------------------------------------------------------------------

@dataclass
class _Prepared:
    test: ruletests.RuleTest
    doc: dict
    result: dict


@dataclass
class RulebookRun:
    rulebook: str
    mutants: int = 0
    killed: int = 0
    equivalent: list = field(default_factory=list)
    explained: list = field(default_factory=list)
    survivors: list = field(default_factory=list)
    stale_explanations: list = field(default_factory=list)
    errors: list = field(default_factory=list)     # tests that cannot run, or fail before mutation
    tests: int = 0
    seconds: float = 0.0

    @property
    def counted(self) -> int:
        return self.mutants - len(self.equivalent) - len(self.explained)

    @property
    def score(self) -> float:
        return 100.0 if self.counted == 0 else round(100.0 * self.killed / self.counted, 1)

    def to_json(self) -> dict:
        return {"rulebook": self.rulebook, "mutation_score": self.score, "mutants": self.mutants,
                "killed": self.killed, "survived": len(self.survivors), "equivalent_count": len(self.equivalent),
                "explained_count": len(self.explained), "tests": self.tests, "seconds": round(self.seconds, 2),
                "survivors": self.survivors, "explained_survivors": self.explained, "equivalent": self.equivalent,
                "stale_explanations": self.stale_explanations, "errors": self.errors}


def _prepare(rulebook: Rulebook, checker: Checker, run: RulebookRun) -> list[_Prepared]:
    out = []
    for source in ruletests.test_sources(rulebook):
        try:
            tests = ruletests.load_source(source, rulebook)
        except ForskriftError as exc:
            run.errors.append({"file": str(source.path), **exc.to_json()})
            continue
        for test in tests:
            try:
                doc, name = ruletests.build_input(test, rulebook)
                result = checker.check_document(doc, name)
            except ForskriftError as exc:
                run.errors.append({"test": test.id, "file": test.file, "message": str(exc)})
                continue
            expected, actual, _ = ruletests.compare(test, result)
            if expected != actual:
                run.errors.append({"test": test.id, "file": test.file,
                                   "message": "the test fails on the rulebook as written; fix it first"})
                continue
            out.append(_Prepared(test, doc, result))
    return out


def _killed(rulebook: Rulebook, rule, prepared: list[_Prepared], lang: str) -> bool:
    parts = rule_parts(rule)
    for item in prepared:
        # by id: a call's findings follow its regulation's in the result
        index = next(i for i, f in enumerate(item.result["findings"]) if f["rule"] == rule.id)
        try:
            outcome = Outcome(**{name: (truth(cond, item.doc) if cond is not None else None)
                                 for name, cond in parts.items()})
        except (ArithmeticError, ValueError, TypeError):
            return True     # the mutant breaks evaluation (e.g. a shifted day gives no date): the test notices
        finding = make_finding(rulebook, rule, outcome, item.doc, lang)
        findings = list(item.result["findings"])
        findings[index] = finding
        result = dict(item.result, findings=findings, decision=decide(findings, lang))
        expected, actual, _ = ruletests.compare(item.test, result)
        if expected != actual:
            return True
    return False


def _same_truth(rule, mutant_rule, prepared: list[_Prepared]) -> bool:
    a, b = rule_parts(rule), rule_parts(mutant_rule)
    for item in prepared:
        for name in a:
            if a[name] is b[name]:
                continue
            try:
                if truth(a[name], item.doc) != truth(b[name], item.doc):
                    return False
            except (ArithmeticError, ValueError, TypeError):
                return False
    return True


def run_rulebook(rulebook: Rulebook, rules=None, lang: str = "nb") -> RulebookRun:
    """Mutate every rule (or the named ones) of a rulebook and run its rule tests against each mutant."""
    started = time.perf_counter()
    run = RulebookRun(rulebook.id)
    try:
        explanations = load_explanations(rulebook)
    except ForskriftError as exc:
        run.errors.append({"file": str(Path(rulebook.folder) / EXPLAINED_FILE), **exc.to_json()})
        explanations = []
    checker = Checker(rules=str(rulebook.folder), engine="reference", lang=lang, calls=False)
    checker._fixed = rulebook       # the rulebook object given (it may be a mutated or an in-memory one)
    prepared = _prepare(rulebook, checker, run)
    run.errors.extend(ruletests.stale_not_inherited(rulebook))
    run.tests = len(prepared)
    explained = {(e.rule, e.operator, e.mutated): e for e in explanations}
    used = set()
    wanted = set(rules) if rules else None
    for rule in rulebook.rules:
        if wanted is not None and rule.id not in wanted:
            continue
        # only tests whose case has the rule's document can see it (no mutant touches that part of applies);
        # those that name the rule go first, as they are likeliest to kill
        touching = sorted((p for p in prepared if rule.document in p.doc),
                          key=lambda p: rule.id not in p.test.findings)
        original_parts = _parts(rule)
        for mutant in rule_mutants(rule):
            run.mutants += 1
            new_rule = mutated_rule(rule, mutant)
            if _killed(rulebook, new_rule, touching, lang):
                run.killed += 1
                continue
            info = mutant.to_json()
            reason = obviously_equivalent(original_parts[mutant.part], mutant)
            if reason and _same_truth(rule, new_rule, touching):
                run.equivalent.append({**info, "reason": reason})
                continue
            explanation = explained.get(mutant.key())
            if explanation is not None:
                used.add(mutant.key())
                run.explained.append({**info, "reason": explanation.reason})
                continue
            run.survivors.append(info)
    for key, e in explained.items():
        if key not in used and (wanted is None or e.rule in wanted):
            run.stale_explanations.append({"rule": e.rule, "operator": e.operator, "mutated": e.mutated,
                                           "file": e.file, "line": e.line,
                                           "message": "no surviving mutant matches this explanation"})
    run.seconds = time.perf_counter() - started
    return run


def run_all(rulebooks, rules=None, lang: str = "nb") -> dict:
    runs = [run_rulebook(rb, rules, lang) for rb in rulebooks]
    killed = sum(r.killed for r in runs)
    counted = sum(r.counted for r in runs)
    return {
        "mutation_score": 100.0 if counted == 0 else round(100.0 * killed / counted, 1),
        "engine": "reference",
        "mutants": sum(r.mutants for r in runs), "killed": killed,
        "survived": sum(len(r.survivors) for r in runs),
        "equivalent": sum(len(r.equivalent) for r in runs),
        "explained": sum(len(r.explained) for r in runs),
        "seconds": round(sum(r.seconds for r in runs), 2),
        "rulebooks": [r.to_json() for r in runs],
        "survivors": [{"rulebook": r.rulebook, **s} for r in runs for s in r.survivors],
        "explained_survivors": [{"rulebook": r.rulebook, **s} for r in runs for s in r.explained],
    }


def exit_code(report: dict, fail_under: float | None) -> int:
    if any(r["errors"] or r["stale_explanations"] for r in report["rulebooks"]):
        return 2
    if fail_under is not None and any(r["mutation_score"] < fail_under for r in report["rulebooks"]):
        return 1
    return 0


def render_text(report: dict) -> str:
    lines = []
    for r in report["rulebooks"]:
        lines.append(f"{r['rulebook']}: mutation_score {r['mutation_score']}% — {r['killed']} of {r['mutants']} "
                     f"mutants killed, {r['survived']} survived, {r['explained_count']} explained, "
                     f"{r['equivalent_count']} equivalent ({r['tests']} tests, {r['seconds']} s)")
        for e in r["errors"]:
            where = e.get("test") or e.get("file", "")
            lines.append(f"  ERROR {where}: {e.get('message')}")
        for s in r["stale_explanations"]:
            lines.append(f"  STALE {s['file']}:{s['line']}: {s['rule']} {s['operator']}: {s['message']}")
        for s in r["survivors"]:
            lines.append(f"  SURVIVED {s['rule']} [{s['part']}] {s['operator']}: {s['mutated']}")
    lines.append(f"mutation_score {report['mutation_score']}% ({report['killed']} of {report['mutants']} killed; "
                 f"engine {report['engine']}; {report['seconds']} s)")
    return "\n".join(lines) + "\n"
