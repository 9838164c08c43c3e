"""Absence asks, it does not condemn (forskrift/conditions/absence.py), on every rulebook.

The property: deleting any optional field from a case document (a field whose deletion leaves the case valid
against its schema: an applicant's behovsmelding, partnerskap or langsiktig plan, a report, the forum's and
the authority's documents alike) never turns a finding into `not_met` — except in a rule that declares
`absence_fails` with its reason — and never turns the decision into `not_eligible` unless such a declared rule
decides it. A field whose schema gives a default (a marker such as `amount_approximate`) is not deleted: its
absence states the default.

Seeds: every shipped example case (cases/lokal-2021), the corpus (cases/corpus, 2021 and 2026 formats) and
cases made by the strategies of tests/strategies*.py. Every optional field of a seed is deleted in turn (in a
list, the fields of its first items). The
default run takes the shipped examples, every fifth corpus case and 15 generated cases per rulebook;
FORSKRIFT_THOROUGH=1 takes the whole corpus and 150 generated cases per rulebook.
"""

from __future__ import annotations

import copy
import json
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from forskrift.check import Checker
from forskrift.conditions import tree as t
from forskrift.conditions.absence import asking, asks, can_fail, presence_paths
from forskrift.conditions.reference import truth
from forskrift.errors import DocumentError
from forskrift.render.text import render_case
from forskrift.rulebook import registry

try:
    from tests import strategies as s21
    from tests import strategies_2026 as s26
except ImportError:  # tests/ is not a package: pytest puts tests/ itself on sys.path
    import strategies as s21
    import strategies_2026 as s26

ROOT = Path(__file__).resolve().parent.parent
THOROUGH = os.environ.get("FORSKRIFT_THOROUGH") == "1"
STRIDE = 1 if THOROUGH else 5
GENERATED = 150 if THOROUGH else 15
ITEMS = 6 if THOROUGH else 2      # items of a list whose fields are deleted (every item is alike)
FORMATS = {"lokal-2021": "forskrift-case/2021.1", "kollektiv-2025-horing": "forskrift-case/2026.1",
           "kollektiv-2026": "forskrift-case/2026.1"}
STRATEGIES = {"lokal-2021": s21.case_documents, "kollektiv-2025-horing": s26.case_documents,
              "kollektiv-2026": s26.case_documents}

_checkers: dict = {}


def checker(rulebook: str) -> Checker:
    if rulebook not in _checkers:   # the reference engine: tests/test_backends_agree.py holds durable to it
        _checkers[rulebook] = Checker(rules=rulebook, engine="reference")
    return _checkers[rulebook]


def seeds(rulebook: str) -> list[Path]:
    fmt = FORMATS[rulebook]
    files = sorted((ROOT / "cases" / "lokal-2021").glob("*.json")) if fmt.endswith("2021.1") else []
    corpus = sorted((ROOT / "cases" / "corpus" / ("2025" if fmt.endswith("2021.1") else "2026")).glob("*.json"))
    return files + corpus[::STRIDE]


def field_pointers(node, parts=()):
    """The key paths of every field of a document, outermost first; inside a list, the fields of its first
    ITEMS items (an allocation proposal lists a hundred alike behovsmeldinger)."""
    if isinstance(node, dict):
        for key, value in node.items():
            if parts == () and key in ("format", "case"):
                if key == "case":
                    yield from field_pointers(value, ("case",))
                continue
            yield parts + (key,)
            yield from field_pointers(value, parts + (key,))
    elif isinstance(node, list):
        for index, item in enumerate(node[:ITEMS]):
            yield from field_pointers(item, parts + (index,))


def without(doc: dict, parts: tuple) -> dict:
    out = copy.deepcopy(doc)
    node = out
    for part in parts[:-1]:
        node = node[part]
    del node[parts[-1]]
    return out


def defaulted() -> set[str]:
    """Fields whose schema gives a default (`amount_approximate`: false): absent, the document states the
    default (an amount not marked "ca." is the amount stated), so deleting one changes what the document says
    instead of leaving something unsaid, and the property does not apply to it."""
    common = json.loads((ROOT / "schemas" / "common.schema.json").read_text(encoding="utf-8"))
    return {name for name, definition in common["$defs"].items() if "default" in definition}


DEFAULTED = defaulted()


def declared(rulebook: str) -> set[str]:
    return {r.id for r in registry.get(rulebook).rules if r.absence_fails is not None}


def violations(rulebook: str, doc: dict) -> list[str]:
    """Every optional field of `doc` whose deletion condemns where it should ask."""
    check = checker(rulebook)
    before = check.check_document(doc, "<seed>")
    was = {f["rule"]: f["status"] for f in before["findings"]}
    allowed = declared(rulebook)
    out = []
    for parts in field_pointers(doc):
        if parts[-1] in DEFAULTED:
            continue
        smaller = without(doc, parts)
        try:
            after = check.check_document(smaller, "<deleted>")
        except DocumentError:
            continue   # a required field: the schema asks for it before any rule runs
        pointer = "/" + "/".join(map(str, parts))
        turned = [f["rule"] for f in after["findings"]
                  if f["status"] == "not_met" and was[f["rule"]] != "not_met"]
        for rid in turned:
            if rid not in allowed:
                out.append(f"deleting {pointer}: {rid} turned not_met")
        decision = after["decision"]
        if decision["status"] == "not_eligible" and before["decision"]["status"] != "not_eligible":
            if not set(decision["decided_by"]) & set(turned) & allowed:
                out.append(f"deleting {pointer}: decision turned not_eligible by {decision['decided_by']}")
    return out


@pytest.mark.parametrize("rulebook", sorted(FORMATS))
def test_deleting_an_optional_field_of_a_shipped_case_asks(rulebook):
    checked = 0
    problems = []
    for path in seeds(rulebook):
        doc = json.loads(path.read_text(encoding="utf-8"))
        if doc.get("format") != FORMATS[rulebook]:
            continue
        checked += 1
        problems += [f"{path.relative_to(ROOT)}: {p}" for p in violations(rulebook, doc)]
    assert checked >= 10
    assert problems == []


@pytest.mark.parametrize("rulebook", sorted(FORMATS))
def test_deleting_an_optional_field_of_a_generated_case_asks(rulebook):
    @settings(max_examples=GENERATED, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(doc=STRATEGIES[rulebook]())
    def run(doc):
        assert violations(rulebook, doc) == []

    run()


# ---- the mechanism ----------------------------------------------------------------------------------------

def _path(*parts):
    return t.Path(tuple(parts), kind="string")


def test_a_presence_test_in_a_requirement_asks():
    cond = asking(t.And((t.Present(_path("a")), t.Compare("==", _path("b"), t.Lit("x", "string")))))
    assert truth(cond, {"b": "x"}) is None          # silent: ask
    assert truth(cond, {"a": "text", "b": "x"}) is True
    assert truth(cond, {"a": "text", "b": "y"}) is False
    assert asks(cond) and can_fail(cond)
    assert presence_paths(cond) == []


def test_absence_stays_an_answer_under_not_none_and_where():
    missing = asking(t.Or((t.Not(t.Present(_path("d"))), t.Compare("<", _path("p"), _path("d")))))
    assert truth(missing, {}) is True                # `d is missing or ...`: absence is what is tested
    listed = t.Path(("items",), kind="array")
    none = asking(t.Quantified("none", "i", listed, t.Present(t.Path(("x",), var="i", kind="string"))))
    assert truth(none, {"items": [{}]}) is True
    assert not asks(none) and not asks(missing)


def test_a_condition_that_only_asks_cannot_fail():
    only = asking(t.And((t.Present(_path("a")), t.Present(_path("b")))))
    assert not can_fail(only)
    assert truth(only, {"a": "x"}) is None
    assert can_fail(t.And((t.Present(_path("a")), t.Present(_path("b")))))   # plain: absent is false


def test_every_shipped_rulebook_declares_absence_fails_with_a_reason_only_on_plain_presence_tests():
    for rulebook in FORMATS:
        for rule in registry.get(rulebook).rules:
            if rule.absence_fails is not None:
                assert rule.absence_fails.nb and rule.absence_fails.en
                assert presence_paths(rule.condition), rule.id   # it declares something it tests
                assert not asks(rule.condition), rule.id


def test_a_declared_rule_shows_its_reason_in_the_finding():
    doc = json.loads((ROOT / "cases" / "lokal-2021" / "tilsagn-desentralisert-sandnes-2024-eligible.json")
                     .read_text(encoding="utf-8"))
    del doc["tilsagnsbrev"]["sanctions"]
    result = checker("lokal-2021").check_document(doc, "<test>")
    finding = next(f for f in result["findings"] if f["rule"] == "7.3-3-6-sanksjoner")
    assert finding["status"] == "not_met"
    assert finding["absence_fails"] == {"absent": ["/tilsagnsbrev/sanctions"]}   # a code; the reason is worded
    assert result["decision"]["status"] == "not_eligible"
    text = render_case(result, "nb")
    assert "ikke oppgitt, og det avgjør:" in text and "/tilsagnsbrev/sanctions" in text
    assert "Statsforvalterens eget vedtak" in text
    assert "Statsforvalteren's own decision" in render_case(result, "en")


def test_a_silent_behovsmelding_asks_instead_of_refusing():
    doc = json.loads((ROOT / "cases" / "lokal-2021" / "desentralisert-sandnes-eligible.json")
                     .read_text(encoding="utf-8"))
    del doc["behovsmelding"]["needs_assessment"]["description"]
    result = checker("lokal-2021").check_document(doc, "<test>")
    finding = next(f for f in result["findings"] if f["rule"] == "7.1-grunnlag-for-forum")
    assert finding["status"] == "missing_information"
    assert finding["missing"] == ["/behovsmelding/needs_assessment/description"]
    assert "absence_fails" not in finding
    assert result["decision"]["status"] == "undetermined"
