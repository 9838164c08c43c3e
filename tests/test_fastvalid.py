"""The fast schema pre-check (documents/fastvalid.py) is conservative: whenever it says a document is valid,
jsonschema finds no error in it. It accepts the example cases (else it would save nothing), and a schema with a
keyword it does not know is not compiled (every document then goes through jsonschema)."""

from __future__ import annotations

import json
import os
from pathlib import Path

from hypothesis import HealthCheck, assume, given, settings
from test_fuzz import mutated_cases

from forskrift.documents.fastvalid import Compiler
from forskrift.documents.read import parse_json_bytes
from forskrift.documents.schemas import CASE_FORMATS, SchemaSet
from forskrift.errors import ForskriftError

ROOT = Path(__file__).resolve().parent.parent
SCHEMAS = SchemaSet(ROOT / "schemas")
CASE = CASE_FORMATS["forskrift-case/2021.1"]
FAST = Compiler(SCHEMAS.by_id).compile_id(CASE)
THOROUGH = os.environ.get("FORSKRIFT_THOROUGH") == "1"


def test_the_case_schema_compiles_and_accepts_the_examples():
    assert FAST is not None
    for path in sorted((ROOT / "cases" / "lokal-2021").glob("*.json")):
        assert FAST(json.loads(path.read_text(encoding="utf-8"))), path.name


@settings(max_examples=2000 if THOROUGH else 150, deadline=None, derandomize=not THOROUGH,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much])
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


def test_an_unknown_keyword_means_no_fast_check():
    by_id = {"urn:x": {"$id": "urn:x", "type": "object", "oneOf": [{"required": ["a"]}, {"required": ["b"]}]}}
    assert Compiler(by_id).compile_id("urn:x") is None
    by_id = {"urn:y": {"$id": "urn:y", "type": "string", "format": "email"}}
    assert Compiler(by_id).compile_id("urn:y") is None
