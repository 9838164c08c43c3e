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
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from forskrift.batch import run_batch
from forskrift.check import Checker
from forskrift.documents.read import (
    _UNSURE,
    DEFAULT_MAX_BYTES,
    MAX_DEPTH,
    _certain_parse,
    _max_depth,
    _strict_parse,
    parse_json_bytes,
)
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


# -- the fast parse (orjson) gives what the strict parse gives, or leaves the text to it ------------------------

_KEYS = st.text(alphabet=st.sampled_from('ab:"\\æ\u0001é{['), max_size=4)
_SCALARS = (st.none() | st.booleans() | st.integers(-10**19, 10**19) | st.text(max_size=6)
            | st.floats(allow_nan=False, allow_infinity=False) | st.sampled_from([0.0, -0.0, 1e308, 5e-324, 0.1]))
_VALUES = st.recursive(_SCALARS, lambda inner: st.lists(inner, max_size=4)
                       | st.lists(st.tuples(_KEYS, inner), max_size=4), max_leaves=25)


def _text(value, ascii_only: bool, indent) -> str:
    """A JSON text of a generated value; a list of (key, value) pairs is an object, duplicate keys kept."""
    if isinstance(value, list) and value and all(isinstance(v, tuple) for v in value):
        sep = "\n" if indent else ""
        return "{" + ("," + sep).join(f"{json.dumps(k, ensure_ascii=ascii_only)}:{_text(v, ascii_only, indent)}"
                                      for k, v in value) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_text(v, ascii_only, indent) for v in value) + "]"
    return json.dumps(value, ensure_ascii=ascii_only)


def _strict(data: bytes):
    try:
        return ("value", json.dumps(_strict_parse(data, "x.json")))   # dumps: 1 and 1.0, 0.0 and -0.0 differ
    except DocumentError as exc:
        return ("error", exc.message)


@settings(max_examples=400 if os.environ.get("FORSKRIFT_THOROUGH") == "1" else 150, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(_VALUES, st.booleans(), st.booleans())
def test_the_fast_parse_gives_the_strict_parse_or_leaves_it(value, ascii_only, indent):
    data = _text(value, ascii_only, indent).encode("utf-8")
    strict, fast = _strict(data), _certain_parse(data)
    if fast is not _UNSURE:    # taken: the strict parse takes it too, and gives the same value
        assert strict == ("value", json.dumps(fast))
    if strict[0] == "value":
        assert json.dumps(parse_json_bytes(data, source="x.json")) == strict[1]
    else:                      # refused with the strict parse's message
        with pytest.raises(DocumentError) as exc:
            parse_json_bytes(data, source="x.json")
        assert exc.value.message == strict[1]


@pytest.mark.parametrize("text, message", [
    ('{"a": 1, "a": 2}', "duplicate key 'a'"),
    ('{"a": 1, "\\u0061": 2}', "duplicate key 'a'"),
    # a duplicate whose lost colon an escaped colon elsewhere would make up for in the count
    ('{"a": 1, "a": 2, "b\\u003a": 3}', "duplicate key 'a'"),
    ('{"a": [{"b": 1, "c": {"d": 1, "d": 1}}]}', "duplicate key 'd'"),
    ('{"n": 1234567890123456789}', "too large"),
    ('{"n": 18446744073709551616}', "too large"),      # orjson reads it as a float
    ('{"n": 1e400}', "not a finite number"),
    ('{"n": NaN}', "not a finite number"),
    ('{"s": "\\ud800"}', "half of a surrogate pair"),
    ("[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1), "nested deeper"),
    ('{"a": 1,}', "invalid JSON"),
])
def test_what_the_fast_parse_would_get_wrong_goes_the_strict_way(text, message):
    assert _certain_parse(text.encode("utf-8")) is _UNSURE
    with pytest.raises(DocumentError, match=message.replace("(", "\\(")):
        parse_json_bytes(text.encode("utf-8"), source="x.json")


def test_the_fast_parse_takes_a_case_file_with_colons_in_its_strings():
    data = json.dumps(SANDNES | {"note": "kl. 10:30: møte"}, ensure_ascii=False, indent=2).encode("utf-8")
    assert _certain_parse(data) == json.loads(data)
    assert _certain_parse(b"[" * MAX_DEPTH + b"]" * MAX_DEPTH) == json.loads("[" * MAX_DEPTH + "]" * MAX_DEPTH)


def test_a_file_that_grew_since_its_size_was_seen_is_read_whole_up_to_the_limit(tmp_path, monkeypatch):
    """read_json_file reads as many bytes as stat said, and one more; when that one more came, it reads on as far
    as the limit (the file grew between stat and read): the whole case, or the size error past the limit."""
    from forskrift.documents.read import read_json_file
    path = tmp_path / "grew.json"
    text = json.dumps({"a": "x" * 80})
    path.write_text(text, encoding="utf-8")
    real_stat = Path.stat

    def stale_stat(self, *args, **kwargs):
        found = real_stat(self, *args, **kwargs)
        if self == path:     # the size seen before the file grew
            return os.stat_result((found.st_mode, *found[1:6], 10, *found[7:]))
        return found
    monkeypatch.setattr(Path, "stat", stale_stat)
    assert read_json_file(path) == {"a": "x" * 80}
    with pytest.raises(DocumentError, match="over the limit of 50 bytes"):
        read_json_file(path, max_bytes=50)
