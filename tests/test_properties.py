"""Property-based consistency suite: properties that must hold for every schema-valid case, under every
rulebook (lokal-2021 on 2021 cases of every case kind from `strategies.py`; kollektiv-2025-horing and
kollektiv-2026 on 2026 cases from `strategies_2026.py`).

- no exception, and output valid against schemas/findings.schema.json;
- every citation resolves to a provision of its rulebook;
- the decision follows from the findings by the documented rule (README, forskrift/decision.py);
- determinism: the same case with its keys and its unordered lists shuffled gives the same statuses and
  decision (evidence pointers name list positions, so they may differ and are not compared);
- the durable-rules backend and the reference evaluator give the same findings;
- removing a field a met rule needs gives `missing_information` (or leaves it met), never `not_met`;
- monotonicity where the law is monotone (each with its legal reason below);
- lint's bounds check is sound: a condition it proves impossible is never true;
- the 2021 generator reaches every rule of lokal-2021, both met and not met (else these properties say little
  about it).

Engines are created once per module (one Checker per rulebook and engine). The default run is fast;
FORSKRIFT_THOROUGH=1 runs ten times as many examples.
"""

from __future__ import annotations

import copy
import os
import random

import pytest
from hypothesis import HealthCheck, Phase, event, given, note, settings
from hypothesis import strategies as st

from forskrift.analysis.bounds import impossible
from forskrift.check import Checker
from forskrift.conditions import tree as t
from forskrift.conditions.absence import can_fail
from forskrift.conditions.bind import Binder
from forskrift.conditions.reference import truth
from forskrift.decision import decide
from forskrift.documents.schemas import default_schemas
from forskrift.engine import durable
from forskrift.engine.reference import ReferenceEngine
from forskrift.errors import DocumentError
from forskrift.paths import schemas_dir
from forskrift.rulebook import registry
from forskrift.rulebook.citations import Ref

try:
    from tests import strategies as s21
    from tests import strategies_2026 as s26
except ImportError:  # tests/ is not a package: pytest puts tests/ itself on sys.path
    import strategies as s21
    import strategies_2026 as s26

THOROUGH = os.environ.get("FORSKRIFT_THOROUGH") == "1"
EXAMPLES = 500 if THOROUGH else 50
SETTINGS = dict(max_examples=EXAMPLES, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

RULEBOOKS = {"lokal-2021": s21.case_documents, "kollektiv-2025-horing": s26.case_documents,
             "kollektiv-2026": s26.case_documents}
ENGINE = "durable" if durable.available() else "reference"
SCHEMAS = default_schemas()
FINDINGS = SCHEMAS.validator("urn:forskrift:schema:findings")

_checkers: dict = {}


def checker(rulebook: str, engine: str = ENGINE) -> Checker:
    """One Checker (so one engine) per rulebook and backend for the whole module."""
    key = (rulebook, engine)
    if key not in _checkers:
        _checkers[key] = Checker(rules=rulebook, engine=engine)
    return _checkers[key]


def check(rulebook: str, doc: dict, engine: str = ENGINE) -> dict:
    return checker(rulebook, engine).check_document(doc, "<generated>")


def statuses(result: dict) -> dict:
    return {f["rule"]: f["status"] for f in result["findings"]}


def docs_for(rulebook: str):
    return RULEBOOKS[rulebook]()


each_rulebook = pytest.mark.parametrize("rulebook", sorted(RULEBOOKS))


# ---- output, citations, decision -------------------------------------------------------------------------------

def documented_decision(findings: list[dict]) -> tuple[str, list[str]]:
    """The rule as the README states it, written out again here: a blocking requirement not met → not eligible;
    else a blocking one with missing information or needing judgement → undetermined; else eligible."""
    blocking = [f for f in findings if f.get("blocking")]     # a rule that does not apply holds no `blocking`
    failed = [f["rule"] for f in blocking if f["status"] == "not_met"]
    if failed:
        return "not_eligible", failed
    open_ = [f["rule"] for f in blocking if f["status"] in ("missing_information", "needs_judgement")]
    if open_:
        return "undetermined", open_
    return "eligible", [f["rule"] for f in blocking if f["status"] == "met"]


@each_rulebook
@settings(**SETTINGS)
@given(data=st.data())
def test_output_citations_and_decision(rulebook, data):
    doc = data.draw(docs_for(rulebook))
    result = check(rulebook, doc)                         # no exception on a schema-valid case
    assert list(FINDINGS.iter_errors(result)) == []       # the output is valid against the findings schema
    book = registry.get(rulebook)
    assert [f["rule"] for f in result["findings"]] == [r.id for r in book.rules]
    for finding in result["findings"]:                    # every citation resolves to a provision of its book
        if finding["status"] == "not_applicable":          # a rule that does not apply cites nothing in a result
            assert set(finding) == {"rule", "status"}
            continue
        for key in finding["cites"]:
            cite = result["provisions"][key]                 # each cited provision once, in the result's table
            ref = Ref.from_data(cite["ref"])
            assert book.provision(ref) is not None, cite
            assert key == ref.key()
            assert f"{result['rulebook']['citation']} {key}" == book.citation_text(ref)
    decision = result["decision"]                         # the decision follows from the findings
    assert (decision["status"], decision["decided_by"]) == documented_decision(result["findings"])
    # non-blocking findings never change it
    flipped = [dict(f, status="not_met") if f.get("blocking") is False else f for f in result["findings"]]
    assert decide(flipped)["status"] == decision["status"]


# ---- determinism ----------------------------------------------------------------------------------------------

# Lists whose order carries no meaning in law: owners of a network, partners, measures, budget lines, units,
# target groups, forms of egeninnsats, roles, the plan's themes and key factors, allocation lines and the
# behovsmeldinger received; in 2021 also the lines of the recommendation and of the allocation, the forum's
# members, the measures of a grant letter, the criteria of a rejection and the measures of a report.
# (Priorities are left in order: an owner's order of priority may mean something; so is a grant letter's payment
# schedule, since a payment names its installment by position.)
UNORDERED = {
    ("case", "applicant", "owners"), ("partnerskap", "partners"), ("partnerskap", "partners", "roles"),
    ("behovsmelding", "measures"), ("behovsmelding", "measures", "target_groups"),
    ("behovsmelding", "measures", "units"), ("behovsmelding", "budget", "lines"),
    ("behovsmelding", "needs_assessment", "units"), ("behovsmelding", "egeninnsats", "forms"),
    ("langsiktig_plan", "schemes"), ("langsiktig_plan", "thematic_priorities"),
    ("langsiktig_plan", "distribution_key", "factors"), ("fordelingsforslag", "lines"),
    ("fordelingsforslag", "behovsmeldinger"), ("fordelingsforslag", "behovsmeldinger", "partners"),
    ("fordelingsforslag", "behovsmeldinger", "needs_assessment", "units"),
    ("innstilling", "lines"), ("tildeling", "lines"), ("samarbeidsforum", "members"), ("tilsagnsbrev", "measures"),
    ("avslag", "criteria_failed"), ("rapport", "measures_done"), ("rapport", "measures_done", "target_groups"),
}


def shuffled(value, rng: random.Random, path=()):
    """A copy with every object's keys in a random order and every unordered list permuted."""
    if isinstance(value, dict):
        keys = list(value)
        rng.shuffle(keys)
        return {k: shuffled(value[k], rng, path + (k,)) for k in keys}
    if isinstance(value, list):
        items = [shuffled(v, rng, path) for v in value]
        if path in UNORDERED:
            rng.shuffle(items)
        return items
    return value


def without_time(result: dict) -> dict:
    return {**result, "record": {k: v for k, v in result["record"].items() if k != "checked_at"}}


@each_rulebook
@settings(**SETTINGS)
@given(data=st.data(), rng=st.randoms(use_true_random=False))
def test_determinism_under_shuffling(rulebook, data, rng):
    doc = data.draw(docs_for(rulebook))
    first = check(rulebook, doc)
    again = check(rulebook, shuffled(doc, rng))
    # statuses and the decision, not the evidence: its pointers name list positions, which the shuffle moves
    assert statuses(again) == statuses(first)
    assert again["decision"]["status"] == first["decision"]["status"]
    assert again["decision"]["decided_by"] == first["decision"]["decided_by"]
    # and twice the same case: identical, but for the time of the check (record.checked_at)
    assert without_time(check(rulebook, doc)) == without_time(first | {"engine": again["engine"]})


# ---- the backends agree ---------------------------------------------------------------------------------------

@pytest.mark.skipif(not durable.available(), reason="durable-rules does not import here")
@each_rulebook
@settings(**SETTINGS)
@given(data=st.data())
def test_durable_and_reference_agree(rulebook, data):
    doc = data.draw(docs_for(rulebook))
    got, want = check(rulebook, doc, "durable"), check(rulebook, doc, "reference")
    assert got["findings"] == want["findings"]
    assert got["decision"] == want["decision"]


# ---- removing a field a rule needs -----------------------------------------------------------------------------

def _template(path: t.Path, scope: dict) -> tuple:
    return (scope[path.var] if path.var else ()) + path.parts


def needed_fields(rule) -> set[tuple]:
    """Fields (as key paths from the case, list positions left out) a rule reads for their value and never
    tests only for presence: without them its answer is unknown. A field under `is present` / `is missing` is
    left out — its absence is an answer (e.g. "the description is missing" is not_met, rightly)."""
    value, presence = set(), set()

    def walk(node, scope):
        if isinstance(node, t.Present):
            presence.add(_template(node.path, scope))
            return
        if isinstance(node, (t.Quantified, t.Aggregate)):
            array = _template(node.array, scope)
            value.add(array)
            inner = dict(scope)
            if node.var:
                inner[node.var] = array
            for child in t.children(node):
                if child is not node.array:
                    walk(child, inner)
            return
        if isinstance(node, t.Path):
            value.add(_template(node, scope))
            return
        for child in t.children(node):
            walk(child, scope)

    for node in (rule.applies, rule.condition, rule.judgement.when if rule.judgement else None):
        if node is not None:
            walk(node, {})
    return value - presence


def _without(doc: dict, pointer: str) -> dict | None:
    parts = [int(p) if p.isdigit() else p for p in pointer.strip("/").split("/")]
    out = copy.deepcopy(doc)
    parent = out
    for part in parts[:-1]:
        parent = parent[part]
    if not isinstance(parent, dict):
        return None
    del parent[parts[-1]]
    try:
        SCHEMAS.validate_case(out)
    except DocumentError:
        return None        # a required field: removing it does not give a schema-valid case
    return out


@each_rulebook
@settings(**SETTINGS)
@given(data=st.data())
def test_removing_a_needed_field_never_gives_not_met(rulebook, data):
    doc = data.draw(docs_for(rulebook))
    result = check(rulebook, doc)
    book = registry.get(rulebook)
    for finding in result["findings"]:
        if finding["status"] != "met":
            continue
        needed = needed_fields(book.rule_index[finding["rule"]])
        candidates = [e["pointer"] for e in finding["evidence"] if not e.get("missing")
                      and tuple(p for p in e["pointer"].strip("/").split("/") if not p.isdigit()) in needed]
        candidates = [(p, smaller) for p in candidates if (smaller := _without(doc, p)) is not None]
        if not candidates:
            continue
        pointer, smaller = data.draw(st.sampled_from(candidates), label=f"field removed for {finding['rule']}")
        event(f"{rulebook}: removed a field of a met rule")
        after = statuses(check(rulebook, smaller))[finding["rule"]]
        assert after in ("missing_information", "met"), f"{finding['rule']} without {pointer}: {after}"


# ---- monotonicity where the law is monotone ----------------------------------------------------------------------

def _egenandel_rules(book):
    return [r.id for r in book.rules if ("behovsmelding", "egenandel", "amount") in needed_fields(r)]


@settings(**SETTINGS)
@given(doc=s21.case_documents(kinds=("behovsmelding",)),
       extra=st.integers(1, 10**9) | st.sampled_from([1, 10, 10_000]))
def test_raising_the_egenandel_never_creates_an_egenandel_breach(doc, extra):
    """Punkt 7.2 nr. 3 sets a floor ("minst 30 %" of the grant) and no ceiling: more own contribution can never
    breach it."""
    amount = doc.get("behovsmelding", {}).get("egenandel", {}).get("amount")
    if amount is None:
        return
    book = registry.get("lokal-2021")
    rules = _egenandel_rules(book)
    assert rules, "no rule reads the egenandel"
    before = statuses(check("lokal-2021", doc))
    raised = copy.deepcopy(doc)
    raised["behovsmelding"]["egenandel"]["amount"] = min(amount + extra, 100_000_000_000)
    after = statuses(check("lokal-2021", raised))
    for rid in rules:
        if before[rid] != "not_met":
            assert after[rid] != "not_met", f"{rid}: {before[rid]} -> not_met when the egenandel rose"


@pytest.mark.parametrize("rulebook", ["kollektiv-2025-horing", "kollektiv-2026"])
@settings(**SETTINGS)
@given(data=st.data(), extra=st.integers(1, 10**9))
def test_the_size_of_the_egeninnsats_changes_nothing(rulebook, data, extra):
    """From 2026 the egenandel of 30 % is replaced by an egeninnsats of no prescribed size: its amount (an
    optional estimate) can neither meet nor breach a requirement."""
    doc = data.draw(docs_for(rulebook))
    effort = doc.get("behovsmelding", {}).get("egeninnsats")
    if effort is None:
        return
    raised = copy.deepcopy(doc)
    raised["behovsmelding"]["egeninnsats"]["amount"] = min(effort.get("amount", 0) + extra, 100_000_000_000)
    assert statuses(check(rulebook, raised)) == statuses(check(rulebook, doc))


def with_staff_involved(doc: dict) -> dict | None:
    """The same case where the staff took part in every needs assessment it contains (or reports on)."""
    out = copy.deepcopy(doc)
    changed = False
    if "behovsmelding" in out:
        out["behovsmelding"].setdefault("needs_assessment", {})["employees_involved"] = True
        changed = True
    if "rapport" in out:     # 2021: the report says the needs were found in processes that involved the staff
        out["rapport"].setdefault("goal_achievement", {})["staff_involved"] = True
        changed = True
    for summary in out.get("fordelingsforslag", {}).get("behovsmeldinger", []):
        summary.setdefault("needs_assessment", {})["employees_involved"] = True
        changed = True
    return out if changed else None


@each_rulebook
@settings(**SETTINGS)
@given(data=st.data())
def test_adding_staff_involvement_never_removes_a_met_finding(rulebook, data):
    """Involving the staff is required (punkt 3.3 (A) nr. 2 in 2021; §§ 4 and 11, and so § 12, from 2026) and
    forbidden nowhere: a case where the staff also took part can only meet more."""
    doc = data.draw(docs_for(rulebook))
    involved = with_staff_involved(doc)
    if involved is None:
        return
    before, after = statuses(check(rulebook, doc)), statuses(check(rulebook, involved))
    lost = {rid: after[rid] for rid, status in before.items() if status == "met" and after[rid] != "met"}
    assert not lost, f"met findings lost when the staff took part: {lost}"


# ---- lint's bounds check is sound --------------------------------------------------------------------------------

BINDER = Binder(SCHEMAS, s21.CASE_SCHEMA_ID)


@settings(**SETTINGS)
@given(conds=st.lists(s21.conditions(max_depth=2), min_size=1, max_size=4), negate=st.booleans(),
       docs=st.lists(s21.case_documents(), min_size=1, max_size=3))
def test_what_lint_proves_impossible_is_never_true(conds, negate, docs):
    bound = [BINDER.bind(c) for c in conds]
    if negate:
        bound.append(t.Not(bound[0]))       # c and not c: never true, often provable
    node = t.And(tuple(bound))
    if not impossible(node):
        return
    event("proved impossible")
    note(t.to_text(node))
    for doc in docs:
        assert truth(node, doc) is not True


# ---- the 2021 generator reaches every rule ----------------------------------------------------------------------

COVERAGE_EXAMPLES = 4000 if THOROUGH else 1000
# Rules that cannot come out both met and not met on a schema-valid case, with the reason (none at present:
# each can be both, and the test below fails if the generator does not show it).
ONE_SIDED: dict[str, str] = {
    "3.3d4-tilrettelegging-lokal-prioritering": "judgement only, no condition: it always asks for judgement",
}


def test_generator_reaches_every_lokal_2021_rule(monkeypatch):
    """Over many generated 2021 cases of every kind, every rule of lokal-2021 applies, and its condition comes
    out true and false at least once each (three-valued, by the reference evaluator; for a rule that is judgement
    only, its judgement's `when`). A rule the generator never reaches is untested by every property above."""
    # A fixed seed gives fixed examples only if hypothesis draws from a fixed pool of constants. Hypothesis
    # (>= 6.131) mixes into its draws the literals of every local module in sys.modules, so the examples of this
    # seed depended on which test modules had run before (the test passed alone and failed in a full run, on a
    # different rule each time). An empty pool makes the run the same in any order; so does an empty cache of
    # the pools per kind of draw, which earlier tests fill with their local constants. (Private names:
    # hypothesis is pinned to a minor release in pyproject.toml.)
    from hypothesis.internal.cache import LRUCache
    from hypothesis.internal.conjecture import providers
    monkeypatch.setattr(providers, "_get_local_constants", providers.Constants)
    monkeypatch.setattr(providers, "CONSTANTS_CACHE", LRUCache(1024))
    book = registry.get("lokal-2021")
    engine = ReferenceEngine(book)
    seen: dict[str, set] = {rule.id: set() for rule in book.rules}
    judgement_only = {rule.id: rule.condition is None for rule in book.rules}
    kinds: set = set()

    @settings(max_examples=COVERAGE_EXAMPLES, deadline=None, database=None, derandomize=True,
              phases=[Phase.generate], suppress_health_check=list(HealthCheck))
    @given(doc=s21.case_documents())
    def observe(doc):
        kinds.add(doc["case"].get("kind", "behovsmelding"))
        for rid, outcome in engine.evaluate(doc).items():
            if outcome.applies:
                # a rule without a condition (judgement only) is reached both ways by its judgement's `when`
                answer = outcome.judgement if judgement_only[rid] else outcome.condition
                seen[rid].add("met" if answer is True else "not_met" if answer is False else "unknown")

    observe()
    # the application for tilretteleggingsmidler, drawn on its own (the default draws stay as they were)
    settings(max_examples=COVERAGE_EXAMPLES // 4, deadline=None, database=None, derandomize=True,
             phases=[Phase.generate], suppress_health_check=list(HealthCheck))(
        given(doc=s21.case_documents(kinds=s21.MORE_KINDS))(observe.hypothesis.inner_test))()
    assert kinds == set(s21.KINDS) | set(s21.MORE_KINDS)
    never = sorted(rid for rid, got in seen.items() if not got)
    assert not never, f"rules never applicable in {COVERAGE_EXAMPLES} generated cases: {never}"
    # a rule whose condition only asks for what the document must say (conditions/absence.py) is never
    # not_met: it must be reached met and unknown instead
    wanted = {rule.id: {"met", "not_met" if can_fail(rule.condition) else "unknown"} for rule in book.rules}
    lacking = {rid: sorted(wanted[rid] - got) for rid, got in seen.items()
               if not wanted[rid] <= got and rid not in ONE_SIDED}
    assert not lacking, f"rules never met / never not met in {COVERAGE_EXAMPLES} generated cases: {lacking}"
    assert set(ONE_SIDED) <= set(seen), "ONE_SIDED names a rule lokal-2021 does not have"


def test_egenandel_rule_found():
    """The monotone property above is about a real rule: the one that reads the egenandel's amount."""
    assert _egenandel_rules(registry.get("lokal-2021")) == ["7.2-3-egenandel"]


def test_schemas_dir_has_the_findings_schema():
    assert (schemas_dir() / "findings.schema.json").is_file()
