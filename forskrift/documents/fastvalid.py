"""A fast, conservative pre-check of a case document against its JSON Schema.

jsonschema is thorough but slow (about 5 ms for an example case, most of the time of a check). The case
schemas use a small subset of JSON Schema, so each is compiled here once into plain Python checks. The
compiled check is *conservative*: it answers True only when the document certainly satisfies the schema, and
False whenever it is not sure (a float where an integer is wanted, an enum of mixed types, a list whose items
cannot be compared cheaply...). False costs nothing in correctness: `Checker` then runs jsonschema, which
decides and names the problem. A schema with a keyword this module does not know is not compiled at all, and
every document of it goes through jsonschema.

Combinators: `allOf` and `anyOf` combine conservative checks (each "True" is certain, so "all hold" and "one
holds" are too). `if`, `not` and `oneOf` need an *exact* answer for their sub-schemas, because a sub-schema
that fails makes the whole pass (`not`), chooses `else` (`if`), or keeps the count at one (`oneOf`): a
conservative False there would be a wrong answer, not a cautious one. Those sub-schemas are compiled in an
exact mode (`Compiler.exact`) that knows only type, const, enum (of scalars), required, properties, not and
allOf, each decided exactly as jsonschema decides it (1.0 is an integer, 1 equals 1.0, True does not equal 1);
anything else there makes the schema Unsupported. The case schemas use this for the documents a case must
bundle, chosen by `case.kind` with `if`/`then`.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Callable

Check = Callable[[object], bool]

ANNOTATIONS = {"$schema", "$id", "$defs", "$comment", "title", "description", "examples", "default",
               "deprecated", "readOnly", "writeOnly"}
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class Unsupported(Exception):
    """The schema uses a keyword (or a form of one) the fast check does not implement."""


def _yes(_value) -> bool:
    return True


def _no(_value) -> bool:
    return False


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


_TYPES: dict[str, Check] = {
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),   # 1.0: not sure, jsonschema decides
    "number": _is_number,
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
}


_DATES: set = set()      # date strings seen to be valid (at most _DATES_KEPT)
_DATES_KEPT = 50_000


def _is_date(value) -> bool:
    if not isinstance(value, str):
        return False
    if value in _DATES:
        return True
    if not _DATE.fullmatch(value):
        return False
    try:
        _dt.date.fromisoformat(value)
    except ValueError:
        return False
    if len(_DATES) < _DATES_KEPT:
        _DATES.add(value)
    return True


def _members(values: list) -> Check:
    if any(isinstance(v, (dict, list)) for v in values):
        raise Unsupported("enum of objects or arrays")
    if all(isinstance(v, str) for v in values):
        allowed = frozenset(values)
        return lambda v: isinstance(v, str) and v in allowed
    pairs = [(type(v), v) for v in values]
    return lambda v: any(type(v) is kind and v == member for kind, member in pairs)


def _exact_members(values: list) -> Check:
    """enum/const decided exactly as jsonschema's equality does: bool apart from numbers, 1 equal to 1.0."""
    if any(isinstance(v, (dict, list)) for v in values):
        raise Unsupported("enum of objects or arrays")
    if all(isinstance(v, str) for v in values):
        allowed = frozenset(values)
        return lambda v: isinstance(v, str) and v in allowed

    def equal(v, member) -> bool:
        if isinstance(member, bool) or isinstance(v, bool):
            return isinstance(member, bool) and isinstance(v, bool) and v == member
        if member is None:
            return v is None
        if isinstance(member, str):
            return isinstance(v, str) and v == member
        return _is_number(v) and v == member
    return lambda v: any(equal(v, member) for member in values)


def _exact_integer(value) -> bool:
    if isinstance(value, bool):
        return False
    return isinstance(value, int) or (isinstance(value, float) and value.is_integer())


_EXACT_TYPES: dict[str, Check] = {**_TYPES, "integer": _exact_integer}


def _unique(items: list) -> bool:
    if all(isinstance(i, (str, int, float, bool)) or i is None for i in items):
        return len(set(items)) == len(items)   # set equality merges at least what JSON equality merges
    return False


class Compiler:
    """Compiles schemas (by $id, with $ref resolved across files) into conservative checks."""

    def __init__(self, by_id: dict[str, dict]):
        self.by_id = by_id
        self.memo: dict[tuple[str, int], Check] = {}

    def compile_id(self, schema_id: str) -> Check | None:
        try:
            return self.compile(self.by_id[schema_id], schema_id)
        except Unsupported:
            return None

    def _resolve(self, ref: str, base: str) -> tuple[dict, str]:
        uri, _, fragment = ref.partition("#")
        uri = uri or base
        if uri not in self.by_id:
            raise Unsupported(f"reference to an unknown schema {ref}")
        node = self.by_id[uri]
        for part in (p for p in fragment.split("/") if p):
            part = part.replace("~1", "/").replace("~0", "~")
            if not isinstance(node, dict) or part not in node:
                raise Unsupported(f"unresolvable reference {ref}")
            node = node[part]
        return node, uri

    def compile(self, schema, base: str) -> Check:
        if schema is True:
            return _yes
        if schema is False:
            return _no
        if not isinstance(schema, dict):
            raise Unsupported("schema is not an object")
        key = (base, id(schema))
        if key in self.memo:
            return self.memo[key]
        cell: list[Check] = []
        self.memo[key] = lambda v: cell[0](v)      # a reference back to a schema being compiled
        check = self._build(schema, base)
        cell.append(check)
        self.memo[key] = check
        return check

    def exact(self, schema) -> Check:
        """A check that is True exactly when jsonschema says valid (for `if`, `not`, `oneOf`); a small subset."""
        if schema is True or schema is False:
            return _yes if schema else _no
        if not isinstance(schema, dict):
            raise Unsupported("schema is not an object")
        unknown = set(schema) - ANNOTATIONS - {"type", "enum", "const", "required", "properties", "not", "allOf"}
        if unknown:
            raise Unsupported(f"keywords {sorted(unknown)} where an exact answer is needed")
        checks: list[Check] = []
        if "type" in schema:
            kinds = [schema["type"]] if isinstance(schema["type"], str) else list(schema["type"])
            if any(k not in _EXACT_TYPES for k in kinds):
                raise Unsupported(f"type {schema['type']}")
            tests = [_EXACT_TYPES[k] for k in kinds]
            checks.append(lambda v: any(t(v) for t in tests))
        if "enum" in schema:
            checks.append(_exact_members(list(schema["enum"])))
        if "const" in schema:
            checks.append(_exact_members([schema["const"]]))
        required = tuple(schema.get("required", ()))
        props = {name: self.exact(sub) for name, sub in schema.get("properties", {}).items()}
        if required or props:
            props_items = tuple(props.items())

            def check_object(v):
                if not isinstance(v, dict):
                    return True
                for name in required:
                    if name not in v:
                        return False
                for name, sub in props_items:
                    if name in v and not sub(v[name]):
                        return False
                return True
            checks.append(check_object)
        if "not" in schema:
            inner = self.exact(schema["not"])
            checks.append(lambda v: not inner(v))
        checks.extend(self.exact(sub) for sub in schema.get("allOf", ()))
        return _all_of(checks)

    def _build(self, schema: dict, base: str) -> Check:
        if "$id" in schema and schema["$id"] in self.by_id:
            base = schema["$id"]
        unknown = set(schema) - ANNOTATIONS - {
            "type", "enum", "const", "properties", "required", "additionalProperties", "items", "minItems",
            "maxItems", "uniqueItems", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum",
            "minLength", "maxLength", "pattern", "format", "$ref", "allOf", "anyOf", "oneOf", "not", "if",
            "then", "else"}
        if unknown:
            raise Unsupported(f"keywords {sorted(unknown)}")
        checks: list[Check] = []
        if "$ref" in schema:
            target, target_base = self._resolve(schema["$ref"], base)
            checks.append(self.compile(target, target_base))
        kind = schema.get("type")
        single = kind if isinstance(kind, str) else None    # one type: the checks of its values test it too
        typed: list[Check] = []
        if "enum" in schema:
            typed.append(_members(list(schema["enum"])))
        if "const" in schema:
            typed.append(_members([schema["const"]]))
        by_type = [*self._object_checks(schema, base, strict=single == "object"),
                   *self._array_checks(schema, base, strict=single == "array"),
                   *_scalar_checks(schema, single)]
        if kind is not None:
            kinds = [kind] if isinstance(kind, str) else list(kind)
            if any(k not in _TYPES for k in kinds):
                raise Unsupported(f"type {kind}")
            strings_only = single == "string" and "const" not in schema and "enum" in schema and all(
                isinstance(v, str) for v in schema["enum"])        # _members then tests for a string itself
            if not (any(getattr(c, "strict", False) for c in by_type) or strings_only):
                tests = [_TYPES[k] for k in kinds]
                checks.append(tests[0] if len(tests) == 1 else (lambda v, tests=tests: any(t(v) for t in tests)))
        checks.extend(typed)
        checks.extend(by_type)
        checks.extend(self._combinators(schema, base))
        return _all_of(checks)

    def _combinators(self, schema: dict, base: str) -> list[Check]:
        out: list[Check] = [self.compile(sub, base) for sub in schema.get("allOf", ())]
        if "anyOf" in schema:
            options = [self.compile(sub, base) for sub in schema["anyOf"]]
            out.append(lambda v: any(o(v) for o in options))
        if "oneOf" in schema:
            exact = [self.exact(sub) for sub in schema["oneOf"]]
            out.append(lambda v: sum(1 for e in exact if e(v)) == 1)
        if "not" in schema:
            inner = self.exact(schema["not"])
            out.append(lambda v: not inner(v))
        if "if" in schema:     # without "if", jsonschema ignores "then" and "else"
            condition = self.exact(schema["if"])
            then = self.compile(schema.get("then", True), base)
            otherwise = self.compile(schema.get("else", True), base)
            out.append(lambda v: then(v) if condition(v) else otherwise(v))
        return out

    def _object_checks(self, schema: dict, base: str, strict: bool = False) -> list[Check]:
        """properties, additionalProperties and required, as one check; it holds for a value that is no
        object unless `strict` (the schema's one type is object: then the check tests the type too)."""
        out: list[Check] = []
        props = {name: self.compile(sub, base) for name, sub in schema.get("properties", {}).items()}
        extra = schema.get("additionalProperties", True)
        extra_check = None if extra is True else self.compile(extra, base)
        required = tuple(schema.get("required", ()))
        if props or extra_check is not None or required:
            def check_object(v, props=props, extra_check=extra_check, required=required):
                if not isinstance(v, dict):
                    return not strict
                for name in required:
                    if name not in v:
                        return False
                for name, value in v.items():
                    sub = props.get(name)
                    if sub is not None:
                        if not sub(value):
                            return False
                    elif extra_check is not None and not extra_check(value):
                        return False
                return True
            check_object.strict = strict
            out.append(check_object)
        return out

    def _array_checks(self, schema: dict, base: str, strict: bool = False) -> list[Check]:
        """items, minItems, maxItems and uniqueItems, as one check; it holds for a value that is no list unless
        `strict` (the schema's one type is array)."""
        if "items" in schema and not isinstance(schema["items"], (dict, bool)):
            raise Unsupported("items as a list")
        item = self.compile(schema["items"], base) if "items" in schema else None
        low, high = schema.get("minItems"), schema.get("maxItems")
        unique = schema.get("uniqueItems") is True
        if item is None and low is None and high is None and not unique:
            return []

        def check_array(v):
            if not isinstance(v, list):
                return not strict
            if (low is not None and len(v) < low) or (high is not None and len(v) > high):
                return False
            if item is not None:
                for i in v:
                    if not item(i):
                        return False
            return not unique or _unique(v)
        check_array.strict = strict
        return [check_array]


def _all_of(checks: list[Check]) -> Check:
    """One check that holds when every one of `checks` holds (unrolled for the usual short lists)."""
    if not checks:
        return _yes
    if len(checks) == 1:
        return checks[0]
    if len(checks) == 2:
        a, b = checks
        return lambda v: a(v) and b(v)
    if len(checks) == 3:
        a, b, c = checks
        return lambda v: a(v) and b(v) and c(v)
    checks = tuple(checks)

    def all_hold(v):
        for check in checks:
            if not check(v):
                return False
        return True
    return all_hold


def _scalar_checks(schema: dict, single: str | None = None) -> list[Check]:
    """The keywords about numbers (bounds) and strings (lengths, pattern, date format), as at most one check for
    numbers and one for strings. Each holds for a value of another type, unless `single`, the schema's one type,
    is the type it is about: then it tests the type too (`strict`)."""
    out: list[Check] = []
    bounds = []
    for keyword in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        if keyword in schema:
            bound = schema[keyword]
            if not _is_number(bound):
                raise Unsupported(f"{keyword} {bound!r}")
            bounds.append((keyword, bound))
    if bounds:
        low = max((b for k, b in bounds if k == "minimum"), default=None)
        high = min((b for k, b in bounds if k == "maximum"), default=None)
        above = max((b for k, b in bounds if k == "exclusiveMinimum"), default=None)
        below = min((b for k, b in bounds if k == "exclusiveMaximum"), default=None)
        number_strict = single in ("number", "integer")
        integral = single == "integer"     # 1.0: not sure (as _TYPES["integer"]), jsonschema decides

        def number_bounds(v):
            if not isinstance(v, (int, float)) or isinstance(v, bool) or (integral and not isinstance(v, int)):
                return not number_strict
            return ((low is None or v >= low) and (high is None or v <= high)
                    and (above is None or v > above) and (below is None or v < below))
        number_bounds.strict = number_strict
        out.append(number_bounds)
    shortest, longest = schema.get("minLength"), schema.get("maxLength")
    pattern = re.compile(schema["pattern"]).search if "pattern" in schema else None
    if "format" in schema and schema["format"] != "date":
        raise Unsupported(f"format {schema['format']}")
    date = "format" in schema
    if shortest is not None or longest is not None or pattern is not None or date:
        string_strict = single == "string"

        def string_checks(v):
            if not isinstance(v, str):
                return not string_strict
            return ((shortest is None or len(v) >= shortest) and (longest is None or len(v) <= longest)
                    and (pattern is None or pattern(v) is not None) and (not date or _is_date(v)))
        string_checks.strict = string_strict
        out.append(string_checks)
    return out
