"""forskrift/jsonio.py: what every writer of results calls."""

from __future__ import annotations

import json
from fractions import Fraction

import pytest

from forskrift import jsonio


def test_compact_line_is_what_json_reads_back_and_keeps_norwegian_letters():
    value = {"søker": "Bærum kommune", "beløp": [1, 2.5, None, True], "tom": {}}
    line = jsonio.dumps(value)
    assert "\n" not in line and "Bærum" in line and "\\u" not in line
    assert json.loads(line) == value


def test_indented_output_equals_the_standard_library_with_indent_two():
    value = {"b": [1, {"c": "å"}], "a": None}
    assert jsonio.dumps(value, indent=True) == json.dumps(value, ensure_ascii=False, indent=2)


def test_sorted_keys():
    assert jsonio.dumps({"b": 1, "a": 2}, sort_keys=True) == '{"a":2,"b":1}'


def test_fractions_sets_and_tuples_become_json():
    assert json.loads(jsonio.dumps({"x": Fraction(3, 2), "y": Fraction(4, 2), "s": {2, 1}, "t": (1, 2)})) == \
        {"x": 1.5, "y": 2, "s": [1, 2], "t": [1, 2]}


def test_what_orjson_refuses_is_written_by_the_standard_library():
    big = 2**70
    assert json.loads(jsonio.dumps({"n": big})) == {"n": big}
    assert json.loads(jsonio.dumps({1: "a"})) == {"1": "a"}
    assert json.loads(jsonio.dumps({"s": "a\ud800b"})) == {"s": "a\ud800b"}   # a lone surrogate, escaped


def test_what_is_not_json_raises_type_error():
    with pytest.raises(TypeError):
        jsonio.dumps({"x": object()})


def test_bytes_and_loads():
    assert jsonio.loads(jsonio.dumps_bytes({"a": [1]})) == {"a": [1]}
