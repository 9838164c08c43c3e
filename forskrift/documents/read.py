"""Read a case file's bytes into JSON safely: encoding, size, duplicate keys, depth, non-finite numbers.

orjson parses first, and its value is taken when it is certainly what the strict parse gives (`_certain_parse`);
otherwise the strict parse (the standard library's, with a hook per object) decides and names the problem."""

from __future__ import annotations

import json
import math
import re
import stat
from pathlib import Path

import orjson

from ..errors import DocumentError

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
MAX_DEPTH = 64
MAX_INT_DIGITS = 18          # every integer of at most 18 digits fits durable-rules' 64-bit integers
_ESCAPED_SURROGATE = re.compile(r"\\u[dD][89abcdefABCDEF]")


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def display_name(name: str) -> str:
    """A file name as it is shown in results and messages: always valid Unicode on one line. Bytes that are not
    UTF-8 (kept by Python as lone surrogates) become `\\xNN`, and control characters such as a newline `\\n`,
    so that JSON output stays valid and each message stays on its line."""
    if not isinstance(name, str):
        name = str(name)
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        name = name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    if _CONTROL.search(name):
        name = _CONTROL.sub(lambda m: {"\n": "\\n", "\r": "\\r", "\t": "\\t"}.get(m.group(),
                                                                              f"\\x{ord(m.group()):02x}"), name)
    return name


def _no_duplicates(pairs):
    out = {}
    for key, value in pairs:
        if key in out:
            raise _Dup(key)
        out[key] = value
    return out


class _Dup(Exception):
    def __init__(self, key):
        self.key = key


def _reject_constant(name):
    raise _NonFinite(name)


class _NonFinite(Exception):
    def __init__(self, name):
        self.name = name


class _TooLong(Exception):
    def __init__(self, text):
        self.text = text


def _checked_int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INT_DIGITS:
        raise _TooLong(text)
    return int(text)


def _checked_float(text: str) -> float:
    value = float(text)
    if math.isinf(value):
        raise _NonFinite(text if len(text) < 40 else text[:37] + "...")
    return value


# A JSON string, or an unterminated one up to the end of the text. The quantifiers are possessive and the
# closing quote optional, so the expression never backtracks and a match never fails once a quote is seen:
# each character is looked at once, whatever the input (the former pattern was quadratic on `"\"\"\"…`).
_JSON_STRING = re.compile(r'"(?:[^"\\]++|\\.)*+"?', re.DOTALL)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")


def _max_depth(text: str) -> int:
    """Nesting depth of brackets outside strings, found without recursion, in time linear in the text.
    Strings and everything but the brackets are removed by regular expressions first, so the loop runs over
    the brackets alone."""
    brackets = _NOT_BRACKET.sub("", _JSON_STRING.sub("", text))
    depth = deepest = 0
    for ch in brackets:
        if ch in "[{":
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > MAX_DEPTH:
                    return deepest
        else:
            depth -= 1
    return deepest


_DIGITS = bytes(b"0"[0] if chr(i).isdigit() and i < 128 else b" "[0] for i in range(256))   # digit → 0, else space
_LONG_NUMBER = b"0" * (MAX_INT_DIGITS + 1)
_UNSURE = object()


def _depth(value) -> int:
    """Nesting depth of a parsed JSON value's containers (1 for a flat object), without recursion."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        node, depth = stack.pop()
        items = node.values() if isinstance(node, dict) else node if isinstance(node, list) else None
        if items is None:
            continue
        deepest = max(deepest, depth)
        stack.extend((item, depth + 1) for item in items if isinstance(item, (dict, list)))
    return deepest


def _certain_parse(data: bytes):
    """The JSON value of `data` by orjson (a parser in C, several times faster), when it is certainly what the
    strict parse below gives; else _UNSURE, and the strict parse decides and names the problem. orjson refuses
    what the strict parse refuses (invalid UTF-8, lone surrogates, NaN and infinities, control characters) and
    agrees on every value, except in what is checked here: a number of more than 18 digits (which orjson would
    read as a float), nesting deeper than MAX_DEPTH, and a duplicate key (orjson keeps the last). A duplicate
    is found by counting colons: the text has one per key plus those inside strings; the parsed value written
    out again has the same count unless a key was dropped (an escaped colon, \\u003a, would upset the count:
    a text with an escape \\u0030–\\u003f goes the strict way)."""
    if _LONG_NUMBER in data.translate(_DIGITS) or b"\\u003" in data:
        return _UNSURE
    try:
        value = orjson.loads(data)
    except orjson.JSONDecodeError:
        return _UNSURE
    if data.count(b"[") + data.count(b"{") > MAX_DEPTH and _depth(value) > MAX_DEPTH:
        return _UNSURE
    if orjson.dumps(value).count(b":") != data.count(b":"):
        return _UNSURE
    return value


def parse_json_bytes(data: bytes, *, source: str = "<input>", max_bytes: int = DEFAULT_MAX_BYTES):
    """Bytes → JSON value, or a DocumentError that says what is wrong and where."""
    size = getattr(data, "size", len(data))   # an upload the web page did not keep (web/uploads.py) says its size
    if size > max_bytes:
        raise DocumentError(f"file is {size} bytes, over the limit of {max_bytes} bytes "
                            "(set --max-bytes to change it)", file=source)
    if not data.strip():
        raise DocumentError("file is empty; expected a JSON object", file=source)
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    value = _certain_parse(data if type(data) is bytes else bytes(data))
    return value if value is not _UNSURE else _strict_parse(data, source)


def _strict_parse(data: bytes, source: str):
    """The strict parse of a file's bytes (its size, emptiness and byte-order mark already seen to): the JSON
    value, or a DocumentError that says what is wrong and where."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DocumentError(f"not UTF-8: byte {exc.start} cannot be decoded; save the file as UTF-8",
                            file=source) from None
    if _max_depth(text) > MAX_DEPTH:
        raise DocumentError(f"JSON nested deeper than {MAX_DEPTH} levels", file=source)
    try:
        value = json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_reject_constant,
                           parse_float=_checked_float, parse_int=_checked_int)
    except _Dup as dup:
        raise DocumentError(f"duplicate key {dup.key!r} in a JSON object", file=source) from None
    except _NonFinite as bad:
        raise DocumentError(f"number {bad.name} is not a finite number", file=source) from None
    except _TooLong as bad:
        shown = bad.text if len(bad.text) < 40 else f"{bad.text[:12]}…({len(bad.text)} digits)"
        raise DocumentError(f"number {shown} is too large (more than {MAX_INT_DIGITS} digits)",
                            file=source) from None
    except json.JSONDecodeError as exc:
        raise DocumentError(f"invalid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})",
                            file=source, line=exc.lineno) from None
    except (ValueError, RecursionError) as exc:
        raise DocumentError(f"invalid JSON: {exc}", file=source) from None
    if _ESCAPED_SURROGATE.search(text):
        try:
            json.dumps(value, ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError as exc:
            raise DocumentError(f"a string holds \\u{ord(exc.object[exc.start]):04x}, half of a surrogate pair "
                                "without its other half: not a valid Unicode character", file=source) from None
    return value


def read_json_file(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES):
    source = display_name(str(path))
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise DocumentError("not a regular file (a device, pipe or socket); expected a case file", file=source)
        size = info.st_size
        if size > max_bytes:
            raise DocumentError(f"file is {size} bytes, over the limit of {max_bytes} bytes "
                                "(set --max-bytes to change it)", file=source)
        with path.open("rb") as handle:
            # as many bytes as the file has, and one more to see it grew since: a buffer of max_bytes + 1 made
            # for every file cost more than the parse of a case (5 MB allocated and given back each time)
            data = handle.read(size + 1)
            if len(data) > size:     # it grew: read on, as far as the limit lets a file go
                data += handle.read(max_bytes + 1 - len(data))
    except OSError as exc:
        raise DocumentError(f"cannot read file: {exc.strerror}", file=source) from None
    return parse_json_bytes(data, source=source, max_bytes=max_bytes)
