"""A small, sound check that a condition can never be true: lint's test for rules that never apply and for
rules that contradict each other.

The condition is put in disjunctive normal form (negations pushed onto the atoms, which is valid in the
three-valued logic of the evaluator: `not (x == a)` is true exactly when `x != a` is true). A conjunction is
impossible when the atoms it puts on one field of the case cannot all hold:

- `==` / `in` leave no value (`x == "a" and x == "b"`, `x in ["a"] and x not in ["a"]`, or every value an
  enumerated field can hold is excluded);
- numeric or date bounds leave an empty range (`x >= 30 and x < 10`, `x > 3 and x < 4` for an integer);
- `x is missing` together with any test of x that needs a value (a comparison, `in`, `is present`).

The same holds for any expression over the case (a sum, a count, `30 % of` a field), and a comparison of two
such expressions is read as their difference compared with 0 (`x >= 30 % of y` and `x < 30 % of y` cannot
both hold). Expressions over the item of an enclosing quantifier, and quantifiers themselves, are left out,
which can only make a conjunction look possible. So `impossible(c)` True is a proof; False means "not proven
impossible". When the normal form would exceed `MAX_TERMS` conjunctions, an `or` is treated as unknown (again
only weakening the check).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from fractions import Fraction

from ..conditions import tree as t
from ..conditions.reference import day_number

MAX_TERMS = 256


@dataclass(frozen=True)
class Atom:
    """A test of one case field against literals: op is == != < <= > >= in notin present missing."""

    key: str
    kind: str
    enum: tuple | None
    op: str
    values: tuple


_OPAQUE = "opaque"


def _literal(lit: t.Lit):
    if lit.kind == "date":
        return day_number(lit.value)
    return lit.value


def _closed(node, bound=frozenset()) -> bool:
    """The value depends on the case alone (no variable of an enclosing quantifier)."""
    if isinstance(node, t.Path):
        return node.var is None or node.var in bound
    if isinstance(node, (t.Aggregate, t.Quantified)):
        inner = bound | {node.var} if node.var else bound
        return _closed(node.array, bound) and all(_closed(c, inner) for c in t.children(node) if c is not node.array)
    return all(_closed(c, bound) for c in t.children(node))


def _kind(node) -> str:
    kind = getattr(node, "kind", "any")
    return "integer" if kind == "date" else kind


def _term(node):
    """(key, kind, enum) of a value lint can reason about: one expression over the case, not a literal."""
    if isinstance(node, t.Lit) or not _closed(node):
        return None
    if isinstance(node, t.Path) and node.kind in ("array", "object", "any"):
        return None
    return t.to_text(node), _kind(node), node.enum if isinstance(node, t.Path) else None


def _atom(node, negated: bool):
    """The atom of a leaf condition (or None when it says nothing lint can use). A comparison of two
    expressions `a op b` becomes the difference `a - b op 0`, written with the two in a fixed order."""
    if isinstance(node, t.Compare):
        op, left, right = (t.NEGATED[node.op] if negated else node.op), node.left, node.right
        if isinstance(left, t.Lit) and not isinstance(right, t.Lit):
            op, left, right = t.FLIPPED[op], right, left
        term = _term(left)
        if term is None:
            return None
        if isinstance(right, t.Lit):
            value = _literal(right)
            return None if value is None else Atom(*term, op, (value,))
        other = _term(right)
        if other is None:
            return None
        if term[0] > other[0]:
            op, term, other = t.FLIPPED[op], other, term
        if term[1] in ("string", "boolean") or other[1] in ("string", "boolean"):
            if op not in ("==", "!=") or term[1] != other[1]:
                return None
            kind = term[1]
        else:
            kind = "integer" if term[1] == other[1] == "integer" else "number"
        return Atom(f"{term[0]} - {other[0]}", kind, None, op, (Fraction(0) if kind not in ("string", "boolean")
                                                                    else "=",))
    if isinstance(node, t.In):
        term = _term(node.value)
        if term is None:
            return None
        values = tuple(_literal(o) for o in node.options)
        if any(v is None for v in values):
            return None
        return Atom(*term, "notin" if negated else "in", values)
    if isinstance(node, t.Present):
        if node.path.var is not None:
            return None
        return Atom(node.path.dotted(), node.path.kind, node.path.enum, "missing" if negated else "present", ())
    return None


def dnf(node, negated: bool = False) -> list[list] | None:
    """Conjunctions (lists of atoms, `False`, or None for an unknown atom); None when it grows too large."""
    if isinstance(node, t.Not):
        return dnf(node.item, not negated)
    if isinstance(node, t.Const):
        return [[]] if node.value != negated else [[False]]
    if isinstance(node, (t.And, t.Or)):
        conjunctive = isinstance(node, t.And) != negated
        parts = [dnf(item, negated) for item in node.items]
        if conjunctive:
            terms: list[list] = [[]]
            for part in parts:
                if part is None:
                    continue           # unknown: left out of the conjunction (weaker, still sound)
                if len(terms) * len(part) > MAX_TERMS:
                    continue
                terms = [a + b for a in terms for b in part]
            return terms
        if any(part is None for part in parts):
            return [[]]                # an `or` with an unknown branch: could be anything
        terms = [term for part in parts for term in part]
        return terms if len(terms) <= MAX_TERMS else [[]]
    atom = _atom(node, negated)
    return [[atom]] if atom is not None else [[]]


@dataclass
class _Range:
    present: bool = False
    missing: bool = False
    allowed: set | None = None
    excluded: set = field(default_factory=set)
    low: object = None
    low_strict: bool = False
    high: object = None
    high_strict: bool = False


def _tighten(rng: _Range, op: str, value):
    if op in (">", ">="):
        if rng.low is None or value > rng.low or (value == rng.low and op == ">"):
            rng.low, rng.low_strict = value, op == ">"
    else:
        if rng.high is None or value < rng.high or (value == rng.high and op == "<"):
            rng.high, rng.high_strict = value, op == "<"


def _in_range(rng: _Range, value) -> bool:
    if rng.low is not None and (value < rng.low or (value == rng.low and rng.low_strict)):
        return False
    if rng.high is not None and (value > rng.high or (value == rng.high and rng.high_strict)):
        return False
    return True


def _range_empty(rng: _Range, discrete: bool) -> bool:
    if rng.low is None or rng.high is None:
        return False
    low, high = Fraction(rng.low), Fraction(rng.high)
    if discrete:
        low = Fraction(math.floor(low) + 1 if rng.low_strict else math.ceil(low))
        high = Fraction(math.ceil(high) - 1 if rng.high_strict else math.floor(high))
        return low > high
    return low > high or (low == high and (rng.low_strict or rng.high_strict))


def term_impossible(term: list) -> bool:
    """A conjunction of atoms that cannot all be true."""
    ranges: dict[str, tuple[_Range, Atom]] = {}
    for atom in term:
        if atom is False:
            return True
        if atom is None:
            continue
        rng = ranges.setdefault(atom.key, (_Range(), atom))[0]
        if atom.op == "missing":
            rng.missing = True
            continue
        rng.present = True
        if atom.op in ("==", "in"):
            values = set(atom.values)
            rng.allowed = values if rng.allowed is None else rng.allowed & values
        elif atom.op in ("!=", "notin"):
            rng.excluded |= set(atom.values)
        elif atom.op in ("<", "<=", ">", ">="):
            _tighten(rng, atom.op, atom.values[0])
    for rng, atom in ranges.values():
        if rng.missing and rng.present:
            return True
        ordered = atom.kind in ("number", "integer", "date")
        discrete = atom.kind in ("integer", "date")
        allowed = rng.allowed
        if allowed is None and atom.enum:
            allowed = set(atom.enum)
        if allowed is None and atom.kind == "boolean":
            allowed = {True, False}
        if allowed is not None:
            left = {v for v in allowed if v not in rng.excluded}
            if ordered:
                left = {v for v in left if _in_range(rng, v)}
            if not left:
                return True
        if ordered and _range_empty(rng, discrete):
            return True
        if ordered and discrete and rng.low is not None and rng.high is not None and not allowed:
            # an integer range of a few values, all excluded
            low = math.floor(Fraction(rng.low)) + 1 if rng.low_strict else math.ceil(Fraction(rng.low))
            high = math.ceil(Fraction(rng.high)) - 1 if rng.high_strict else math.floor(Fraction(rng.high))
            if high - low < 16 and all(Fraction(v) in rng.excluded for v in range(low, high + 1)):
                return True
    return False


def impossible(*conditions) -> bool:
    """True when the conjunction of the conditions can never be true (a proof); False when not proven."""
    node = t.And(tuple(c for c in conditions if c is not None))
    terms = dnf(node)
    return terms is not None and all(term_impossible(term) for term in terms)
