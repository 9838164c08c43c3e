"""The fast schema pre-check (documents/fastvalid.py) is conservative: whenever it says a document is valid,
jsonschema finds no error in it. jsonschema is the oracle throughout. The check compiles for every case format
and accepts the example and corpus cases (else it would save nothing); the documents a case must bundle for
its `case.kind` (allOf of if/then) are decided exactly, so that a case missing one is never let through; and a
schema with a keyword it does not know is not compiled (every document then goes through jsonschema).

Fast by default; FORSKRIFT_THOROUGH=1 runs many more examples."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from test_fuzz import _get, _places, mutated_cases, values

from forskrift.documents.fastvalid import Compiler
from forskrift.documents.read import parse_json_bytes
from forskrift.documents.schemas import CASE_FORMATS, SchemaSet
from forskrift.errors import ForskriftError

ROOT = Path(__file__).resolve().parent.parent
SCHEMAS = SchemaSet(ROOT / "schemas")
CASE = CASE_FORMATS["forskrift-case/2021.1"]
FAST_BY_ID = {sid: Compiler(SCHEMAS.by_id).compile_id(sid) for sid in CASE_FORMATS.values()}
FAST = FAST_BY_ID[CASE]
THOROUGH = os.environ.get("FORSKRIFT_THOROUGH") == "1"
PROPERTY = settings(max_examples=2000 if THOROUGH else 150, deadline=None, derandomize=not THOROUGH,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.filter_too_much])

CASE_FILES = [*sorted((ROOT / "cases" / "lokal-2021").glob("*.json")),
              *sorted((ROOT / "cases" / "corpus").rglob("*.json"))]
CASES = [json.loads(p.read_text(encoding="utf-8")) for p in CASE_FILES]
# the values case.kind may take in each format, from the schema itself
KINDS = {fmt: SCHEMAS.by_id[sid]["properties"]["case"]["properties"]["kind"]["enum"]
         for fmt, sid in CASE_FORMATS.items()}
ALL_KINDS = sorted({kind for kinds in KINDS.values() for kind in kinds})


def valid(doc) -> bool:
    return SCHEMAS.validator(CASE_FORMATS[doc["format"]]).is_valid(doc)


def fast(doc) -> bool:
    return FAST_BY_ID[CASE_FORMATS[doc["format"]]](doc)


def test_every_case_schema_compiles_and_accepts_the_examples_and_the_corpus():
    assert all(check is not None for check in FAST_BY_ID.values()), FAST_BY_ID
    assert {doc["format"] for doc in CASES} == set(CASE_FORMATS)
    for path, doc in zip(CASE_FILES, CASES, strict=True):
        assert fast(doc), path.relative_to(ROOT)


def test_the_case_schema_compiles_and_accepts_the_examples():
    assert FAST is not None
    for path in sorted((ROOT / "cases" / "lokal-2021").glob("*.json")):
        assert FAST(json.loads(path.read_text(encoding="utf-8"))), path.name


def _representatives() -> list[dict]:
    """One case of each format and kind present in the examples and the corpus."""
    seen = {}
    for doc in CASES:
        seen.setdefault((doc["format"], doc["case"].get("kind")), doc)
    return list(seen.values())


def test_the_documents_of_each_kind_are_decided_exactly():
    """Every kind (and none) on a case of every format and kind, with each bundled document dropped in turn:
    the fast check and jsonschema agree exactly (the if/then clauses are decided, not just given up on)."""
    agreed = {True: 0, False: 0}
    for original in _representatives():
        documents = [None] + [key for key in original if key not in ("format", "case", "$schema")]
        for kind in [None, "no-such-kind"] + ALL_KINDS:
            for dropped in documents:
                doc = json.loads(json.dumps(original))
                doc["case"].pop("kind", None)
                if kind is not None:
                    doc["case"]["kind"] = kind
                doc.pop(dropped, None)
                assert fast(doc) == valid(doc), (original["case"]["id"], kind, dropped)
                agreed[valid(doc)] += 1
    assert agreed[True] > 20 and agreed[False] > 100, agreed


@st.composite
def case_mutations(draw) -> dict:
    """An example or corpus case of either format, changed 1-3 times: a document dropped, the kind changed
    (to one of either format's kinds, or removed), the format swapped, or a value replaced by one of another
    type, or a key dropped."""
    doc = json.loads(json.dumps(draw(st.sampled_from(CASES))))
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        action = draw(st.sampled_from(["drop document", "kind", "kind", "format", "replace", "replace", "drop"]))
        case = doc.get("case")
        if action == "drop document":
            doc.pop(draw(st.sampled_from(sorted(k for k in doc if k != "format") or ["format"])), None)
        elif action == "kind" and isinstance(case, dict):
            kind = draw(st.sampled_from([None] + ALL_KINDS))
            case.pop("kind", None)
            if kind is not None:
                case["kind"] = kind
        elif action == "format":
            doc["format"] = draw(st.sampled_from(sorted(CASE_FORMATS)))
        elif action in ("replace", "drop"):
            path = draw(st.sampled_from(list(_places(doc))[1:]))
            parent, last = _get(doc, path[:-1]), path[-1]
            if action == "replace":
                parent[last] = draw(values)
            elif last != "format":
                del parent[last]
    return doc


@PROPERTY
@given(doc=case_mutations())
def test_valid_by_the_fast_check_means_valid_by_jsonschema_in_every_format_and_kind(doc):
    assume(isinstance(doc.get("format"), str) and doc["format"] in CASE_FORMATS)
    if fast(doc):
        assert list(SCHEMAS.validator(CASE_FORMATS[doc["format"]]).iter_errors(doc)) == []


@PROPERTY
@given(data=mutated_cases())
def test_valid_by_the_fast_check_means_valid_by_jsonschema(data):
    try:
        doc = parse_json_bytes(data)
    except ForskriftError:
        assume(False)
    if FAST(doc):
        assert list(SCHEMAS.validator(CASE).iter_errors(doc)) == []


def test_exact_type_and_value_cases():
    doc = json.loads((ROOT / "cases" / "lokal-2021" / "desentralisert-sandnes-eligible.json").read_text("utf-8"))
    validator = SCHEMAS.validator(CASE)
    for path, value in [(("case", "grant_year"), 2025.0), (("case", "grant_year"), True),
                        (("case", "grant_year"), "2025"), (("case", "date"), "2025-02-30"),
                        (("case", "date"), "２０２５-01-29"), (("case", "id"), ""),
                        (("behovsmelding", "egenandel", "amount"), 10 ** 12)]:
        changed = json.loads(json.dumps(doc))
        target = changed
        for step in path[:-1]:
            target = target[step]
        target[path[-1]] = value
        if FAST(changed):   # otherwise jsonschema decides (2025.0 is an integer to it, and valid)
            assert list(validator.iter_errors(changed)) == [], (path, value)


TRICKY = [None, True, False, 0, 1, 1.0, 1.5, -1, 2, "1", "", "a", "b", [], [1], [True], {}, {"a": 1},
          {"a": True}, {"a": 1.0}, {"b": None}, {"a": 1, "b": 2}, {"a": "x", "b": "y"}]

# each an "if", "not" or "oneOf" around sub-schemas the exact mode must decide as jsonschema does; True where
# nothing conservative is involved, so that the whole answer is exact too
COMBINED = [
    ({"not": {"type": "integer"}}, True),
    ({"not": {"const": 1}}, True),
    ({"not": {"enum": [1, True, None, "a"]}}, True),
    ({"not": {"const": False}}, True),
    ({"not": {"type": ["number", "string"]}}, True),
    ({"not": {"required": ["a"], "properties": {"a": {"type": "integer"}}}}, True),
    ({"not": {"allOf": [{"required": ["a"]}, {"not": {"required": ["b"]}}]}}, True),
    ({"oneOf": [{"required": ["a"]}, {"required": ["b"]}]}, True),
    ({"oneOf": [{"type": "integer"}, {"type": "number"}]}, True),
    ({"oneOf": [True, {"const": 1}]}, True),
    ({"anyOf": [{"type": "string", "minLength": 1}, {"type": "null"}]}, False),
    ({"allOf": [{"type": "object"}, {"properties": {"a": {"maximum": 1}}}]}, False),
    ({"if": {"properties": {"a": {"const": 1}}}, "then": {"required": ["b"]}, "else": {"type": "array"}}, True),
    ({"if": {"type": "integer"}, "then": {"minimum": 1}}, False),
    ({"else": {"type": "string"}}, True),      # without "if", "else" is ignored
]


@pytest.mark.parametrize(("schema", "exact"), COMBINED, ids=[json.dumps(s) for s, _ in COMBINED])
def test_combinators_against_jsonschema(schema, exact):
    compiled = Compiler({"urn:t": {"$id": "urn:t", **schema}}).compile_id("urn:t")
    assert compiled is not None
    oracle = Draft202012Validator(schema)
    for value in TRICKY:
        if compiled(value):
            assert oracle.is_valid(value), value
    if exact:
        assert [compiled(v) for v in TRICKY] == [oracle.is_valid(v) for v in TRICKY]


def test_an_unknown_keyword_means_no_fast_check():
    for schema in [{"type": "object", "patternProperties": {"^a": {"type": "string"}}},
                   {"type": "string", "format": "email"},
                   {"not": {"minimum": 1}},                                # not exact-decidable here
                   {"if": {"const": 1}, "then": True, "else": {"maxProperties": 0}},
                   {"if": {"$ref": "#/$defs/x"}, "then": False, "$defs": {"x": {"type": "string"}}},
                   {"oneOf": [{"type": "string", "pattern": "a"}, {"type": "string"}]}]:
        assert Compiler({"urn:x": {"$id": "urn:x", **schema}}).compile_id("urn:x") is None, schema


# a schema of one type folds the type test into the check of its values' keywords (one call per value, not one
# per keyword): each must still refuse a value of another type, and accept exactly what jsonschema accepts
ONE_TYPE = [
    {"type": "string", "maxLength": 1}, {"type": "string", "minLength": 1, "pattern": "^[ab]"},
    {"type": "string", "format": "date"}, {"type": "string", "enum": ["a", "b"]}, {"type": "string"},
    {"type": "integer", "minimum": 0, "maximum": 1}, {"type": "integer", "exclusiveMinimum": 0},
    {"type": "number", "maximum": 1}, {"type": "number", "exclusiveMaximum": 1.5, "minimum": -1},
    {"type": "object", "required": ["a"]}, {"type": "object", "properties": {"a": {"type": "integer"}},
                                            "additionalProperties": False},
    {"type": "array", "items": {"type": "integer"}, "minItems": 1}, {"type": "array", "uniqueItems": True},
    {"type": "array", "maxItems": 0}, {"type": ["string", "null"], "minLength": 1},
    {"minLength": 1}, {"minimum": 1}, {"items": {"type": "string"}}, {"required": ["a"]},
]


@pytest.mark.parametrize("schema", ONE_TYPE, ids=[json.dumps(s) for s in ONE_TYPE])
def test_a_schema_of_one_type_decides_as_jsonschema(schema):
    compiled = Compiler({"urn:t": {"$id": "urn:t", **schema}}).compile_id("urn:t")
    oracle = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    for value in [*TRICKY, "2025-01-29", "2025-02-30", "ab", [1, 1], [1, 2], [], 0.5, 1.5, -2]:
        # a whole float where an integer is wanted is left to jsonschema (conservative), nothing else
        unsure = '"integer"' in json.dumps(schema) and any(
            isinstance(v, float) and v.is_integer() for v in [value, *(value.values() if isinstance(value, dict)
                                                                  else value if isinstance(value, list) else [])])
        assert compiled(value) == (oracle.is_valid(value) and not unsure), value
