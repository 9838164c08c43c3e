"""The reference evaluator: the condition tree evaluated in plain Python, in three-valued logic.

True and False are answers; None means "unknown", because a field the answer depends on is missing. Numbers
are exact (Fractions); dates compare as day numbers. This is the oracle that the durable-rules backend is
tested against, the fallback where durable-rules cannot be imported, and what the fact builder uses to
precompute the aggregates durable-rules lacks.
"""

from __future__ import annotations

import datetime as _dt
from fractions import Fraction

from . import tree as t

MISSING = None


def day_number(text) -> int | None:
    """An ISO date string → a day number (proleptic Gregorian ordinal); None if it is not a date."""
    if not isinstance(text, str):
        return None
    try:
        return _dt.date.fromisoformat(text).toordinal()
    except ValueError:
        return None


def lookup(doc, parts):
    """The value at a dotted path, or None when any step is missing (null counts as missing)."""
    current = doc
    for name in parts:
        if not isinstance(current, dict):
            return None
        current = current.get(name)
        if current is None:
            return None
    return current


def exact(number) -> Fraction:
    """A document's number as the exact value it is written as: 33.3 is 333/10, not the binary float nearest to
    it (shares of 33.3 + 33.3 + 33.4 add up to exactly 100)."""
    if isinstance(number, float):
        return Fraction(repr(number))
    return Fraction(number)


def _scalar(raw, kind):
    if raw is None:
        return None
    if kind == "date":
        return day_number(raw)
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, (int, float)):
        return exact(raw)
    return raw


def path_value(path: t.Path, doc, env):
    base = env[path.var] if path.var else doc
    raw = lookup(base, path.parts) if path.parts else base
    if path.kind == "array":
        return raw if isinstance(raw, list) else None
    return _scalar(raw, path.kind if path.kind != "array" else None)


def value(node, doc, env):
    if isinstance(node, t.Lit):
        if node.kind == "date":
            return day_number(node.value)
        return node.value
    if isinstance(node, t.Path):
        return path_value(node, doc, env)
    if isinstance(node, t.Arith):
        left, right = value(node.left, doc, env), value(node.right, doc, env)
        if left is None or right is None:
            return None
        if node.op == "+":
            return left + right
        if node.op == "-":
            return left - right
        if node.op == "*":
            return left * right
        if right == 0:
            return None
        return Fraction(left) / right
    if isinstance(node, t.Aggregate):
        return aggregate(node, doc, env)
    if isinstance(node, t.Call):
        args = [value(a, doc, env) for a in node.args]
        if any(a is None for a in args):
            return None
        if node.fn == "date":
            if any(Fraction(a).denominator != 1 for a in args):
                return None
            try:
                return _dt.date(int(args[0]), int(args[1]), int(args[2])).toordinal()
            except ValueError:
                return None
        if node.fn == "year":
            return Fraction(_dt.date.fromordinal(int(args[0])).year)
    raise TypeError(f"not a value: {node!r}")


def aggregate(node: t.Aggregate, doc, env):
    items = path_value(node.array, doc, env)
    if items is None:
        return None
    chosen = []
    for item in items:
        inner = dict(env)
        if node.var:
            inner[node.var] = item
        if node.where is not None:
            keep = truth(node.where, doc, inner)
            if keep is None:
                return None
            if not keep:
                continue
        chosen.append(inner)
    if node.fn == "count":
        return Fraction(len(chosen))
    values = [value(node.value, doc, inner) for inner in chosen]
    if any(v is None for v in values):
        return None
    if node.fn == "sum":
        return sum(values, Fraction(0))
    if not values:
        return None
    return min(values) if node.fn == "min" else max(values)


def _compare(op, left, right) -> bool:
    if op == "==":
        return left == right
    if op == "!=":
        return left != right
    if op == "<":
        return left < right
    if op == "<=":
        return left <= right
    if op == ">":
        return left > right
    return left >= right


def truth(node, doc, env=None) -> bool | None:
    """Three-valued truth of a condition: True, False, or None (unknown: information is missing)."""
    env = env or {}
    if isinstance(node, t.Const):
        return node.value
    if isinstance(node, t.And):
        unknown = False
        for item in node.items:
            result = truth(item, doc, env)
            if result is False:
                return False
            if result is None:
                unknown = True
        return None if unknown else True
    if isinstance(node, t.Or):
        unknown = False
        for item in node.items:
            result = truth(item, doc, env)
            if result is True:
                return True
            if result is None:
                unknown = True
        return None if unknown else False
    if isinstance(node, t.Not):
        result = truth(node.item, doc, env)
        return None if result is None else not result
    if isinstance(node, t.Compare):
        left, right = value(node.left, doc, env), value(node.right, doc, env)
        if left is None or right is None:
            return None
        return _compare(node.op, left, right)
    if isinstance(node, t.In):
        current = value(node.value, doc, env)
        if current is None:
            return None
        # `x in [a, b]` is `x == a or x == b`; an option without a value (a date literal that is no calendar
        # date) is unknown, as it is in a comparison
        options = [value(option, doc, env) for option in node.options]
        if any(current == option for option in options if option is not None):
            return True
        return None if None in options else False
    if isinstance(node, t.Contains):
        items = path_value(node.array, doc, env)
        if items is None:
            return None
        wanted = value(node.value, doc, env)
        if wanted is None:  # a date literal that is no calendar date: unknown for every item
            return None if items else False
        return any(_scalar(i, node.array.item_kind) == wanted for i in items)
    if isinstance(node, t.Present):
        raw = lookup(env[node.path.var], node.path.parts) if node.path.var else lookup(doc, node.path.parts)
        if node.path.var and not node.path.parts:
            raw = env[node.path.var]
        if raw is None and node.asks:
            return None
        return raw is not None
    if isinstance(node, t.Quantified):
        items = path_value(node.array, doc, env)
        if items is None:
            return None
        results = []
        for item in items:
            inner = dict(env)
            inner[node.var] = item
            results.append(truth(node.body, doc, inner))
        if node.kind == "all":
            if False in results:
                return False
            return None if None in results else True
        found = True if True in results else (None if None in results else False)
        if node.kind == "none":
            return None if found is None else not found
        return found
    raise TypeError(f"not a condition: {node!r}")


# ---- compiled once: the same semantics as truth() and value(), as closures -------------------------------
#
# The reference engine and the fact builder evaluate the same conditions on every case; compiling a tree to
# closures once per rulebook saves walking it and dispatching on its node types for each case. Every closure
# takes (doc, env) and answers exactly what truth() / value() answer (tests/test_conditions.py holds them equal).

_COMPARE = {"==": lambda a, b: a == b, "!=": lambda a, b: a != b, "<": lambda a, b: a < b,
            "<=": lambda a, b: a <= b, ">": lambda a, b: a > b, ">=": lambda a, b: a >= b}


def _compile_path(path: t.Path):
    parts, var, kind = path.parts, path.var, path.kind

    if len(parts) == 1:   # the commonest paths (a field of an item, of the case) without lookup's loop
        only = parts[0]

        def raw(doc, env):
            base = env[var] if var else doc
            return base.get(only) if isinstance(base, dict) else None
    elif len(parts) == 2:
        first, second = parts

        def raw(doc, env):
            base = env[var] if var else doc
            if not isinstance(base, dict):
                return None
            base = base.get(first)
            return base.get(second) if isinstance(base, dict) else None
    else:
        def raw(doc, env):
            base = env[var] if var else doc
            return lookup(base, parts) if parts else base

    if kind == "array":
        def array(doc, env):
            found = raw(doc, env)
            return found if isinstance(found, list) else None
        return array
    if kind == "date":
        return lambda doc, env: day_number(raw(doc, env))

    def scalar(doc, env):
        found = raw(doc, env)
        if type(found) is float:
            return exact(found)
        return found   # a whole number stays an int: as exact as a Fraction, and far cheaper to add and compare
    return scalar


def compile_value(node):
    """value(node, doc, env) as a closure (doc, env) -> value."""
    if isinstance(node, t.Lit):
        constant = day_number(node.value) if node.kind == "date" else node.value
        if type(constant) is Fraction and constant.denominator == 1:
            constant = int(constant)   # 100, 2: as exact, and int arithmetic is far cheaper than Fraction's
        return lambda doc, env: constant
    if isinstance(node, t.Path):
        return _compile_path(node)
    if isinstance(node, (t.Arith, t.Aggregate, t.Call)):
        if isinstance(node, t.Arith):
            left, right, op = compile_value(node.left), compile_value(node.right), node.op

            def arith(doc, env):
                a, b = left(doc, env), right(doc, env)
                if a is None or b is None:
                    return None
                if op == "+":
                    return a + b
                if op == "-":
                    return a - b
                if op == "*":
                    return a * b
                return None if b == 0 else Fraction(a) / b
            return arith
        if isinstance(node, t.Aggregate):
            return _compile_aggregate(node)
        return lambda doc, env: value(node, doc, env)   # date() and year(): rare, not worth a closure
    raise TypeError(f"not a value: {node!r}")


def _compile_aggregate(node: t.Aggregate):
    items_of = _compile_path(node.array)
    where = compile_truth(node.where) if node.where is not None else None
    of = compile_value(node.value) if node.value is not None else None
    var, fn = node.var, node.fn

    def aggregate_(doc, env):
        items = items_of(doc, env)
        if items is None:
            return None
        inner = dict(env)   # one scope for all items (the closures keep no reference to it)
        values = []
        unknown = False     # a value unknown: the aggregate is, unless a `where` is (checked first, as in aggregate())
        for item in items:
            if var:
                inner[var] = item
            if where is not None:
                keep = where(doc, inner)
                if keep is None:
                    return None
                if not keep:
                    continue
            if fn == "count":
                values.append(True)
            elif not unknown:
                found = of(doc, inner)
                if found is None:
                    unknown = True
                else:
                    values.append(found)
        if fn == "count":
            return len(values)
        if unknown:
            return None
        if fn == "sum":
            return sum(values)
        if not values:
            return None
        return min(values) if fn == "min" else max(values)
    return aggregate_


def compile_truth(node):
    """truth(node, doc, env) as a closure (doc, env) -> True | False | None."""
    if isinstance(node, t.Const):
        constant = node.value
        return lambda doc, env: constant
    if isinstance(node, t.And):
        items = tuple(compile_truth(i) for i in node.items)

        def and_(doc, env):
            unknown = False
            for item in items:
                result = item(doc, env)
                if result is False:
                    return False
                if result is None:
                    unknown = True
            return None if unknown else True
        return and_
    if isinstance(node, t.Or):
        items = tuple(compile_truth(i) for i in node.items)

        def or_(doc, env):
            unknown = False
            for item in items:
                result = item(doc, env)
                if result is True:
                    return True
                if result is None:
                    unknown = True
            return None if unknown else False
        return or_
    if isinstance(node, t.Not):
        inner = compile_truth(node.item)

        def not_(doc, env):
            result = inner(doc, env)
            return None if result is None else not result
        return not_
    if isinstance(node, t.Compare):
        left, right, compare = compile_value(node.left), compile_value(node.right), _COMPARE[node.op]

        def compare_(doc, env):
            a, b = left(doc, env), right(doc, env)
            if a is None or b is None:
                return None
            return compare(a, b)
        return compare_
    if isinstance(node, t.In):
        current_of = compile_value(node.value)
        if all(isinstance(o, t.Lit) for o in node.options):   # the options known once: `in` asks the same
            options = tuple(o.value if o.kind != "date" else day_number(o.value) for o in node.options)
            known, unknown = tuple(o for o in options if o is not None), None in options

            def in_options(doc, env):
                current = current_of(doc, env)
                if current is None:
                    return None
                if current in known:
                    return True
                return None if unknown else False
            return in_options
        options_of = tuple(compile_value(o) for o in node.options)

        def in_(doc, env):
            current = current_of(doc, env)
            if current is None:
                return None
            options = [o(doc, env) for o in options_of]
            if any(current == option for option in options if option is not None):
                return True
            return None if None in options else False
        return in_
    if isinstance(node, t.Contains):
        items_of, wanted_of, item_kind = _compile_path(node.array), compile_value(node.value), node.array.item_kind
        if isinstance(node.value, t.Lit) and node.value.kind == "string" and isinstance(node.value.value, str):
            text = node.value.value   # equal to an item exactly when the item is that text: `in` asks the same

            def contains_text(doc, env):
                items = items_of(doc, env)
                if items is None:
                    return None
                return text in items
            return contains_text

        def contains_(doc, env):
            items = items_of(doc, env)
            if items is None:
                return None
            wanted = wanted_of(doc, env)
            if wanted is None:
                return None if items else False
            return any(_scalar(i, item_kind) == wanted for i in items)
        return contains_
    if isinstance(node, t.Present):
        var, parts = node.path.var, node.path.parts
        def get(doc, env):
            if var:
                return lookup(env[var], parts) if parts else env[var]
            return lookup(doc, parts)
        if node.asks:   # an asking presence test (conditions/absence.py): absent is unknown, never false
            return lambda doc, env: True if get(doc, env) is not None else None
        return lambda doc, env: get(doc, env) is not None
    if isinstance(node, t.Quantified):
        items_of, body, var, kind = _compile_path(node.array), compile_truth(node.body), node.var, node.kind
        # all: a false item decides (False), else True; any: a true one (True), else False; none: a true one (False)
        decides, answer, otherwise = {"all": (False, False, True), "any": (True, True, False),
                                      "none": (True, False, True)}[kind]

        def quantified_(doc, env):
            items = items_of(doc, env)
            if items is None:
                return None
            inner = dict(env)   # one scope for all items (the closures keep no reference to it)
            unknown = False
            for item in items:  # the first item that decides ends the walk (the body has no side effects)
                inner[var] = item
                result = body(doc, inner)
                if result is None:
                    unknown = True
                elif result is decides:
                    return answer
            return None if unknown else otherwise
        return quantified_
    raise TypeError(f"not a condition: {node!r}")
