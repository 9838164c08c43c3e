"""Reading a case file (`forskrift/documents/read.py`) and validating it take time in proportion to the input.

The inputs here once took minutes or hours (a nesting pre-scan that backtracked on an unterminated string of
escaped quotes: 80 KB took 43 s; jsonschema comparing distinct objects pairwise for `uniqueItems`: 8,000 took
50 s). Each is checked in this process under the batch's time limit per file: a regression shows as a time-out
result instead of the clear message asserted, never as a test that waits for hours. The sizes are at the file
size limit in thorough mode (FORSKRIFT_THOROUGH=1); `benchmarks/bench_hostile.py` prints the timings.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from forskrift.batch import run_batch
from forskrift.check import Checker
from forskrift.documents.read import DEFAULT_MAX_BYTES, _max_depth
from forskrift.errors import DocumentError

ROOT = Path(__file__).resolve().parent.parent
SANDNES = json.loads((ROOT / "cases" / "lokal-2021" / "desentralisert-sandnes-eligible.json").read_text("utf-8"))
SIZE = DEFAULT_MAX_BYTES - 1000 if os.environ.get("FORSKRIFT_THOROUGH") == "1" else 400_000


def _case_with(**measure) -> bytes:
    doc = json.loads(json.dumps(SANDNES))
    doc["behovsmelding"]["measures"] = [dict(doc["behovsmelding"]["measures"][0], **measure)]
    return json.dumps(doc).encode()


HOSTILE = {
    "unterminated string of escaped quotes": (b'{"a": "' + b'\\"' * (SIZE // 2), "Unterminated string"),
    "unterminated string of backslashes": (b'[[["' + b"\\\\" * (SIZE // 2), "Unterminated string"),
    "quotes without ends": (b'{"a": ' + b'"x' * (SIZE // 2), "invalid JSON"),
    "brackets inside a string": (b'["' + b"[{" * (SIZE // 2) + b'"]', "expected a JSON object"),
    "open brackets": (b"[" * SIZE, "nested deeper than 64"),
    "distinct objects where items must be unique": (
        _case_with(target_groups=[{"n": i} for i in range(SIZE // 16)]), "/behovsmelding/measures/0/target_groups"),
}


@pytest.fixture(scope="module")
def checker():
    return Checker(warn=lambda _m: None)


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_input_is_refused_well_within_the_time_limit(tmp_path, checker, name):
    data, phrase = HOSTILE[name]
    path = tmp_path / "hostile.json"
    path.write_bytes(data)
    [result] = run_batch([str(path)], checker, {}, timeout=60)
    assert "error" in result
    assert "longer than" not in result["error"]["message"]
    assert phrase in result["error"]["message"] or phrase == result["error"].get("pointer")


@pytest.mark.parametrize("text, depth", [
    ('{"a": [1, {"b": "]]]"}]}', 3), ('["\\"[[["]', 1), ('["\\\\", [[]]]', 3), ('{"a": "[[[', 1),
    ('"\\', 0), ("[" * 70, 65), ('["\\u005b", "x\\\\\\"[["]', 1)])
def test_nesting_depth_ignores_brackets_in_strings(text, depth):
    assert _max_depth(text) == depth


def test_many_problems_are_counted_up_to_a_bound(checker):
    data = _case_with()
    doc = json.loads(data)
    doc["behovsmelding"]["measures"] = [{"title": 17}] * 5000
    with pytest.raises(DocumentError) as caught:
        checker.check_bytes(json.dumps(doc).encode(), "many.json")
    from forskrift.documents.problems import MAX_ERRORS
    assert f"({MAX_ERRORS} problemer i dokumentet)" in caught.value.message   # counted up to the bound


def test_unique_items_still_finds_equal_items(checker):
    data = _case_with(target_groups=["teachers", "leaders", "teachers"])
    with pytest.raises(DocumentError) as caught:
        checker.check_bytes(data, "dup.json")
    assert caught.value.pointer == "/behovsmelding/measures/0/target_groups"
    assert "uten like element" in caught.value.message
