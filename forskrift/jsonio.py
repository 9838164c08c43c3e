"""JSON out of the project: every writer of results (check, batch lines, diff, reports) serialises here.

orjson writes a result several times faster than the standard library's `json.dumps`, always as UTF-8
(Norwegian letters stay letters, as `ensure_ascii=False` gives). Values of types it does not know are turned
into JSON here (a Fraction becomes a number, a set a sorted list); what orjson refuses (an integer beyond 64
bits, a key that is no string) is written by the standard library instead, which raises TypeError for what is
not JSON at all.
"""

from __future__ import annotations

import json
from fractions import Fraction

import orjson

_PRETTY = orjson.OPT_INDENT_2
_SORTED = orjson.OPT_SORT_KEYS


def _default(value):
    if isinstance(value, Fraction):
        return int(value) if value.denominator == 1 else float(value)
    if isinstance(value, (set, frozenset)):
        return sorted(value)
    if isinstance(value, tuple):
        return list(value)
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def _plain(value, *, indent: bool, sort_keys: bool) -> str:
    """The standard library's answer, for what orjson refuses (integers beyond 64 bits)."""
    return json.dumps(value, ensure_ascii=False, indent=2 if indent else None, sort_keys=sort_keys,
                      separators=None if indent else (",", ":"), default=_default)


def dumps_bytes(value, *, indent: bool = False, sort_keys: bool = False) -> bytes:
    """`value` as UTF-8 JSON: compact (one line) by default, or indented by two spaces."""
    option = (_PRETTY if indent else 0) | (_SORTED if sort_keys else 0)
    try:
        return orjson.dumps(value, default=_default, option=option)
    except orjson.JSONEncodeError:
        # an integer beyond 64 bits, or a key that is no string: the standard library writes these (and
        # raises TypeError for what is not JSON at all)
        text = _plain(value, indent=indent, sort_keys=sort_keys)
        try:
            return text.encode("utf-8")
        except UnicodeEncodeError:   # a lone surrogate in a string: written as an escape instead
            return json.dumps(value, indent=2 if indent else None, sort_keys=sort_keys, default=_default,
                              separators=None if indent else (",", ":")).encode("ascii")


def dumps(value, *, indent: bool = False, sort_keys: bool = False) -> str:
    """`value` as JSON text: compact (one line) by default, or indented by two spaces."""
    return dumps_bytes(value, indent=indent, sort_keys=sort_keys).decode("utf-8")


def loads(data: str | bytes):
    """JSON text or bytes → value (documents are read by documents/read.py, which checks more)."""
    return orjson.loads(data)
