"""Compile typed condition trees into durable-rules JSON conditions, in three-valued logic.

Each condition becomes two durable conditions: T (it is certainly true) and F (it is certainly false); when
neither fires, the answer is unknown (a field is missing). durable-rules gives exactly that for comparisons on
a missing field (both false), so most leaves map one to one. What durable-rules cannot express — sums,
counts, arithmetic, dates built from fields, comparisons of two fields inside a list, the length of a list —
becomes a *slot*: a value the fact builder computes in Python before the engine sees the case, named `_d.kN`
on the case and `_kN` on an item of a list. So does what durable-rules 2.0.28 evaluates wrongly or not at all
(found by tests/test_backends_agree.py): inside a list, an `$or` whose branches test different properties
(`mixed_or`); comparisons with fractions, products, quotients or numbers beyond int64 (`exact_whole`,
`durable_number_ok`); and parts too wide for its alpha stack (`ALPHA_STACK`).

The compiler also records the *projection*: which fields of the case each group's fact must carry, so that a
fact holds only what its rules read (durable-rules accepts at most 253 properties per fact).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from fractions import Fraction

import orjson

from ...conditions import reference
from ...conditions import tree as t

TRUE, FALSE = True, False

_DURABLE_OP = {"<": "$lt", "<=": "$lte", ">": "$gt", ">=": "$gte", "!=": "$neq"}
_TESTS = frozenset(_DURABLE_OP.values()) | {"$ex", "$mt", "$imt"}   # {op: {path: value}}


@dataclass
class Slot:
    name: str                        # key on the fact (root: inside "_d") or on the item
    depth: int                       # 0 = the case; n = an item n lists deep
    vars: tuple[str, ...]            # the variables bound at each depth, outermost first
    expr: object                     # a Value, or a Cond when `truth`
    truth: bool
    difference: bool = False         # a difference L − R, held in its whole-number form (see whole_form)
    fn: object = field(default=None, compare=False, repr=False)   # expr compiled: (doc, env) -> value

    def __post_init__(self):
        self.fn = reference.compile_truth(self.expr) if self.truth else reference.compile_value(self.expr)


@dataclass
class ProjNode:
    """What of a JSON object the fact must carry: sub-objects, lists (with their item node), leaves, slots."""

    children: dict[str, ProjNode] = field(default_factory=dict)
    leaf_kind: str | None = None     # a scalar field: its kind (dates become day numbers)
    items: ProjNode | None = None    # a list: what each item carries
    slots: list[Slot] = field(default_factory=list)
    present: bool = False            # a presence test reads it: the fact carries it even when it is empty

    def child(self, name: str) -> ProjNode:
        if name not in self.children:
            self.children[name] = ProjNode()
        return self.children[name]

    def property_count(self) -> int:
        """Properties as durable-rules counts them: nested scalars flattened, a list counts once."""
        count = len(self.slots)
        for node in self.children.values():
            if node.items is not None or node.leaf_kind is not None or (node.present and not node.children):
                count += 1
            else:
                count += node.property_count()
        return count


class _Escalate(Exception):
    """Raised inside a list of plain values when a slot is needed; the enclosing quantifier becomes a slot."""


@dataclass
class _Frame:
    var: str
    items: ProjNode


# What durable-rules 2.0.28 gets wrong or cannot do: the only reasons a part of a rule is decided by a truth
# value computed in Python (a truth slot) instead of by durable-rules' own network. Each has a regression
# test that shows the defect on durable-rules itself (tests/test_durable_defects.py).
DEFECTS = {
    "mixed_or": "inside $iany/$iall, an $or whose branches test different properties answers for the item's "
                "last property only (see mixed_or)",
    "item_reference": "inside $iany/$iall, $m cannot name a field of the same item or of the case: a string "
                      "field of an item cannot be compared with another field",
    "outer_field": "inside $iany/$iall, a condition cannot read a field outside the item (of the case or of "
                   "an enclosing item)",
    "plain_items": "a list of plain values (strings) has no place for a property computed for its items (a "
                   "limit of the data model rather than a defect)",
    "numbers": "a float written with an exponent crashes durable-rules and integers beyond int64 saturate, so a "
               "literal or field that may hold one cannot go into a condition as it is",
    "expressions": "a rule whose condition holds too many expressions fails to load with error 113 "
                   "(MAX_SEQUENCE_EXPRESSIONS)",
    "alpha_stack": "a fact whose alpha nodes need more than 64 stack entries fails with error 303",
}

MAX_EXPRESSIONS = 24   # durable-rules allows 32 expressions in one rule's sequence (MAX_SEQUENCE_EXPRESSIONS)
ALPHA_STACK = 60       # durable-rules walks a fact's alpha nodes with a stack of 64 (MAX_STACK_SIZE, events.c);
#                        past it, assert fails with error 303
PARTS_PER_GROUP = 18   # engine/durable/__init__.py: 6 rules × 3 parts, each a T and an F condition under one fact type


def size(cond) -> int:
    """Expressions a durable condition costs: each test, and two for each $and/$or group."""
    if cond is TRUE or cond is FALSE:
        return 0
    if isinstance(cond, dict) and len(cond) == 1:
        (key, value), = cond.items()
        if key in ("$and", "$or"):
            return 2 + sum(size(c) for c in value)
        if key in ("$iany", "$iall"):
            (_, body), = value.items()
            return 1 + size(body)
    return 1


def _junction(op: str, absorbing, neutral, parts):
    """`$and` (absorbing FALSE, neutral TRUE) or `$or` (absorbing TRUE, neutral FALSE) of the parts, folded:
    constants removed or absorbing, nested groups of the same operator flattened, a single part unwrapped."""
    out = []
    for part in parts:
        if part is absorbing:
            return absorbing
        if part is neutral:
            continue
        if isinstance(part, dict) and op in part and len(part) == 1:
            out.extend(part[op])
            continue
        out.append(part)
    if not out:
        return neutral
    return out[0] if len(out) == 1 else {op: out}


def _and(*parts):
    return _junction("$and", FALSE, TRUE, parts)


def _or(*parts):
    return _junction("$or", TRUE, FALSE, parts)


def width(cond) -> int:
    """How many alpha nodes a durable condition can put on durable-rules' stack at once: one per alternative
    path outside lists (every branch of an `$or`); `$iany` / `$iall` bodies are walked without the stack."""
    if cond is TRUE or cond is FALSE:
        return 0
    if isinstance(cond, dict) and len(cond) == 1:
        (key, value), = cond.items()
        if key == "$or":
            return sum(width(c) for c in value)
        if key == "$and":
            return 1 + sum(width(c) - 1 for c in value)
    return 1


def _heads(cond) -> set[str]:
    """The properties a durable condition's alpha heads test first, leaving out `$nex` tests (durable-rules
    keeps those in a separate list that it checks before the others)."""
    if isinstance(cond, dict) and len(cond) == 1:
        (key, value), = cond.items()
        if key == "$and":
            return _heads(value[0])
        if key == "$or":
            return set().union(*(_heads(c) for c in value))
        if key == "$nex":
            return set()
        if key in _TESTS:
            (path, _), = value.items()
            return {path}
        return {key}  # equality ({path: value}), or $iany / $iall (the list's own path is the head)
    return set()


def mixed_or(cond) -> bool:
    """Whether a durable condition holds an `$or` whose branches start on different properties.

    Inside `$iany` / `$iall`, durable-rules 2.0.28 gets such an `$or` wrong: `isArrayMatch` and `isNextMatch`
    (events.c) walk the item's properties and let every alpha head they evaluate overwrite the match flag, so
    the answer is that of the head on the item's *last* property, e.g. `$iany` over `[{"p": 0, "q": 1}]` of
    `{"$or": [{"$i.p": 0}, {"$i.q": 5}]}` is false. An `$or` over one property is right (its heads share a
    hash bucket and the first match stops the walk), and so are `$nex` branches.
    """
    if isinstance(cond, dict) and len(cond) == 1:
        (key, value), = cond.items()
        if key == "$or" and len(_heads(cond)) > 1:
            return True
        if key in ("$and", "$or"):
            return any(mixed_or(c) for c in value)
        if key in ("$iany", "$iall"):
            (_, body), = value.items()
            return mixed_or(body)
    return False


INT64_MAX = 2**63 - 1   # durable-rules reads larger integers as this value (they saturate)


def durable_number_ok(value) -> bool:
    """Whether durable-rules reads a number as written by json.dumps, and compares it exactly.

    Integers beyond ±(2**63 - 1) saturate; a float written with an exponent (1e-07, 1e+22)
    makes create_ruleset fail with error 204 in a condition, and crashes the process (SIGSEGV) in a fact.
    """
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return True
    if isinstance(value, int):
        return -INT64_MAX <= value <= INT64_MAX
    text = repr(value)
    if "e" in text or "n" in text:   # an exponent, inf or nan
        return False
    return b"e" not in orjson.dumps(value)   # the facts are written by orjson (forskrift/jsonio.py)


def _safe_literal(lit: t.Lit) -> bool:
    """Whether a literal can go into a durable condition and compares with the fact's values as the exact
    reference does: not an exponent float, not beyond int64, and not a fraction whose float rounds onto or
    across a whole number."""
    value = durable_literal(lit)
    if not durable_number_ok(value):
        return False
    if isinstance(value, float):
        exact = Fraction(lit.value)
        return not value.is_integer() and math.floor(value) == math.floor(exact)
    return True


def exact_whole(value) -> bool:
    """Whether a value slot is a whole number that durable-rules holds exactly: counts, and sums, minima,
    maxima, + and - of whole fields (the schema bounds them), dates (day numbers) and small whole literals.
    A comparison that involves anything else (* or /, percentages, fractions, fields that may hold decimals)
    is compared in exact whole-number form instead (see GroupCompiler._difference)."""
    if isinstance(value, t.Lit):
        return (value.kind == "number" and Fraction(value.value).denominator == 1
                and abs(value.value) <= 2**31)
    if isinstance(value, t.Path):
        return value.kind in ("integer", "date")
    if isinstance(value, t.Aggregate):
        return value.fn == "count" or exact_whole(value.value)
    if isinstance(value, t.Arith):
        return value.op in ("+", "-") and exact_whole(value.left) and exact_whole(value.right)
    if isinstance(value, t.Call):
        return value.fn in ("date", "year")   # a day number or a year (None when not a date: no slot value)
    return False


def _numeric(value) -> bool:
    """Whether a value is a number (or a date: a day number) in every case where it has one."""
    if isinstance(value, t.Lit):
        return value.kind in ("number", "date")
    if isinstance(value, t.Path):
        return value.kind in ("number", "integer", "date")
    return isinstance(value, (t.Aggregate, t.Arith, t.Call))


def _held(value) -> bool:
    """Whether durable-rules can hold a number as it is: a safe literal or a whole value (see exact_whole)."""
    return _safe_literal(value) if isinstance(value, t.Lit) else exact_whole(value)


def whole_form(difference) -> int:
    """The exact whole-number form of a difference L − R, which has the sign of L − R and is zero exactly when
    L = R: its numerator in lowest terms (the denominator is positive), held within int64 (which keeps the
    sign). `a >= 0.3 * b` is so compared as `numerator(a − 3/10 · b) >= 0`, the same as `10·a − 3·b >= 0`."""
    # type(), not isinstance: Fraction's metaclass is ABCMeta, whose isinstance is slow (values are int or Fraction)
    numerator = difference.numerator if type(difference) is Fraction else int(difference)
    return max(-INT64_MAX, min(INT64_MAX, numerator))


def _reads(cond, slot: Slot) -> bool:
    """Whether a durable condition reads a slot (by its path on the case or on an item)."""
    if isinstance(cond, dict):
        return any(key in (f"_d.{slot.name}", f"$i._{slot.name}") or _reads(value, slot)
                   for key, value in cond.items())
    if isinstance(cond, list):
        return any(_reads(item, slot) for item in cond)
    return False


def durable_literal(lit: t.Lit):
    if lit.kind == "date":
        return reference.day_number(lit.value)
    if lit.kind == "number":
        value = Fraction(lit.value)
        return int(value) if value.denominator == 1 else float(value)
    return lit.value


def slot_value(value):
    """A slot's computed value as it goes into the fact."""
    if type(value) is Fraction:   # see whole_form
        return int(value) if value.denominator == 1 else float(value)
    return value


class GroupCompiler:
    """Compiles the conditions of one group of rules (one durable fact type) and collects its projection."""

    def __init__(self):
        self.root = ProjNode()
        self.slots: list[Slot] = []
        self._slot_index: dict[tuple, Slot] = {}
        self.slot_defects: dict[str, str] = {}   # truth slot name → the defect behind it (see DEFECTS)
        # Alternatives beyond one per T and F condition that the group's fact can still push on durable-rules'
        # alpha stack: every part's heads hang under the one node of the group's fact type.
        self._spare_alternatives = ALPHA_STACK - 2 * PARTS_PER_GROUP

    # -- public --------------------------------------------------------------------------------------------

    def compile(self, cond) -> tuple[object, object]:
        """(T, F) durable conditions for a typed condition; each may be the constant True or False.
        Afterwards `used` holds the slots they read."""
        self._used: list[Slot] = []
        true, false = self._cond(cond, [])
        extra = max(width(true) - 1, 0) + max(width(false) - 1, 0)
        if extra > self._spare_alternatives:  # too wide for the alpha stack (see ALPHA_STACK): one slot
            true, false = self._truth_slot(cond, [], "alpha_stack")
            extra = 0
        self._spare_alternatives -= extra
        self.used = [slot for slot in self._used if _reads(true, slot) or _reads(false, slot)]
        return true, false

    # -- slots and paths -----------------------------------------------------------------------------------

    def _slot(self, expr, frames: list[_Frame], truth: bool, difference: bool = False) -> str:
        if frames and frames[-1].items.leaf_kind is not None:
            raise _Escalate  # an item that is a plain value cannot carry a slot: compute one level up
        owner = frames[-1].items if frames else self.root
        # The same expression under the same variable names can range over different lists (`any(x in a: ...)`
        # and `any(x in b: ...)`): a slot is shared only by conditions on the same list's items.
        key = (expr, tuple(f.var for f in frames), truth, difference, id(owner))
        slot = self._slot_index.get(key)
        if slot is None:
            slot = Slot(f"k{len(self.slots)}", len(frames), tuple(f.var for f in frames), expr, truth, difference)
            self.slots.append(slot)
            self._slot_index[key] = slot
            owner.slots.append(slot)
        self._used.append(slot)
        return f"$i._{slot.name}" if frames else f"_d.{slot.name}"

    def _node_for(self, path: t.Path, frames: list[_Frame]) -> tuple[str, ProjNode] | None:
        """The durable path of a field and its projection node, or None when durable cannot address it."""
        if frames:
            if path.var != frames[-1].var:
                return None
            node = frames[-1].items
            prefix = "$i"
        else:
            if path.var is not None:
                return None
            node = self.root
            prefix = ""
        for name in path.parts:
            node = node.child(name)
        dotted = ".".join(path.parts)
        if prefix:
            dotted = prefix + ("." + dotted if dotted else "")
        return dotted, node

    def _field(self, path: t.Path, frames):
        found = self._node_for(path, frames)
        if found is None:
            return None
        dotted, node = found
        if path.kind == "array":
            if node.items is None:
                node.items = ProjNode(leaf_kind=path.item_kind if path.item_kind not in ("object",) else None)
        elif path.parts:
            node.leaf_kind = path.kind
        return dotted

    def _array(self, path: t.Path, frames):
        found = self._node_for(path, frames)
        if found is None:
            return None
        dotted, node = found
        if node.items is None:
            node.items = ProjNode(leaf_kind=path.item_kind if path.item_kind not in ("object",) else None)
        return dotted, node.items

    def _length(self, array: t.Path, frames) -> str:
        return self._slot(t.Aggregate("count", None, array, kind="integer"), frames, truth=False)

    # -- conditions ----------------------------------------------------------------------------------------

    def _truth_slot(self, node, frames, defect: str):
        """A truth value computed in Python, only where durable-rules is known to fail (see DEFECTS)."""
        if defect not in DEFECTS:
            raise KeyError(f"a truth slot needs a documented durable-rules defect, not {defect!r}")
        path = self._slot(node, frames, truth=True)
        self.slot_defects.setdefault(path.split(".")[-1].lstrip("_"), defect)
        return {path: True}, {path: False}

    def _cond(self, node, frames):
        true, false = self._cond_parts(node, frames)
        if frames and (mixed_or(true) or mixed_or(false)):  # inside a list: see mixed_or
            return self._truth_slot(node, frames, "mixed_or")
        return true, false

    def _cond_parts(self, node, frames):
        if isinstance(node, t.Const):
            return (TRUE, FALSE) if node.value else (FALSE, TRUE)
        if isinstance(node, (t.And, t.Or)):
            parts = self._bounded([self._cond(i, frames) for i in node.items], node.items, frames)
            if isinstance(node, t.And):
                return _and(*(p[0] for p in parts)), _or(*(p[1] for p in parts))
            return _or(*(p[0] for p in parts)), _and(*(p[1] for p in parts))
        if isinstance(node, t.Not):
            true, false = self._cond(node.item, frames)
            return false, true
        if isinstance(node, t.Compare):
            return self._compare(node, frames)
        if isinstance(node, t.In):
            if isinstance(node.value, t.Lit):
                return self._fold(node)
            if not all(_safe_literal(o) for o in node.options):
                return self._truth_slot(node, frames, "numbers")
            target = self._operand(node.value, frames)
            if target is None or target[0] == "lit":
                return self._truth_slot(node, frames, self._unaddressable(node.value, frames)) \
                    if target is None else self._fold(node)
            path = target[1]
            values = [durable_literal(o) for o in node.options]
            known = [v for v in values if v is not None]   # an option that is no calendar date is unknown
            true = _or(*({path: v} for v in known))
            false = _and(*({"$neq": {path: v}} for v in known)) if len(known) == len(values) else FALSE
            return true, false
        if isinstance(node, t.Contains):
            native = _safe_literal(node.value) and node.array.item_kind != "number"   # see exact_whole
            path = self._field(node.array, frames) if native else None
            if path is None:
                return self._truth_slot(node, frames, self._unaddressable(node.array, frames) if native
                                        else "numbers")
            value = durable_literal(node.value)
            length = self._length(node.array, frames)
            if value is None:  # a literal that is no calendar date: unknown for every item
                return FALSE, {length: 0}
            true = {"$iany": {path: {"$i": value}}}
            false = _and({"$gte": {length: 0}}, _or({length: 0}, {"$iall": {path: {"$neq": {"$i": value}}}}))
            return true, false
        if isinstance(node, t.Present):
            if node.path.var and not node.path.parts:
                return TRUE, FALSE
            if node.path.kind in ("object", "array", "any"):
                found = self._node_for(node.path, frames)   # durable-rules' $ex answers for objects and lists
                if found is None:
                    return self._truth_slot(node, frames, "outer_field")
                path, target = found
                target.present = True
            else:
                path = self._field(node.path, frames)
                if path is None:
                    return self._truth_slot(node, frames, "outer_field")
            # an asking presence test (conditions/absence.py) is never false: absent is unknown
            return {"$ex": {path: 1}}, (FALSE if node.asks else {"$nex": {path: 1}})
        if isinstance(node, t.Quantified):
            return self._quantified(node, frames)
        raise TypeError(f"cannot compile {node!r}")

    def _bounded(self, parts, items, frames):
        """Keep a group within durable-rules' expression limit: the largest parts become truth slots."""
        parts = list(parts)
        while sum(max(size(p[0]), size(p[1])) for p in parts) + 2 > MAX_EXPRESSIONS:
            index = max(range(len(parts)), key=lambda i: max(size(parts[i][0]), size(parts[i][1])))
            if max(size(parts[index][0]), size(parts[index][1])) <= 1:
                break
            parts[index] = self._truth_slot(items[index], frames, "expressions")
        return parts

    def _fold(self, node):
        value = reference.truth(node, {}, {})
        if value is None:   # e.g. a date literal that is no calendar date: unknown, as in the reference
            return FALSE, FALSE
        return (TRUE, FALSE) if value else (FALSE, TRUE)

    def _unaddressable(self, value, frames) -> str:
        """Why durable-rules cannot address a value: a field of an enclosing scope inside a list item."""
        return "outer_field" if frames else "numbers"

    def _operand(self, value, frames):
        """('lit', v) | ('field', durable path) | None (compare in Python: a truth slot)."""
        if isinstance(value, t.Lit):
            return ("lit", durable_literal(value)) if _safe_literal(value) else None
        if isinstance(value, t.Path):
            if value.kind == "number":   # may be a float that durable-rules cannot read (see durable_number_ok)
                return None
            path = self._field(value, frames)
            return None if path is None else ("field", path)
        if not exact_whole(value):
            return None
        return "field", self._slot(value, frames, truth=False)

    def _compare(self, node: t.Compare, frames):
        if isinstance(node.left, t.Lit) and isinstance(node.right, t.Lit):
            return self._fold(node)
        literal = isinstance(node.left, t.Lit) or isinstance(node.right, t.Lit)
        if _numeric(node.left) and _numeric(node.right) and (
                (frames and not literal) or not _held(node.left) or not _held(node.right)):
            return self._difference(node, frames)
        left, right = self._operand(node.left, frames), self._operand(node.right, frames)
        if left is None or right is None:
            side = node.left if left is None else node.right
            return self._truth_slot(node, frames, "numbers" if isinstance(side, t.Lit) or _numeric(side)
                                    else self._unaddressable(side, frames))
        if left[0] == "lit" and right[0] == "lit":
            return self._fold(node)
        op = node.op
        if left[0] == "lit":
            left, right, op = right, left, t.FLIPPED[op]
        if right[0] == "lit":
            if right[1] is None:  # a date literal that is no calendar date: unknown, as in the reference
                return FALSE, FALSE
            return self._leaf(op, left[1], right[1]), self._leaf(t.NEGATED[op], left[1], right[1])
        if frames:  # durable-rules cannot compare two fields of a list item ($m does not resolve $i)
            return self._truth_slot(node, frames, "item_reference")
        guard = _and({"$ex": {left[1]: 1}}, {"$ex": {right[1]: 1}})
        ref = {"$m": right[1]}
        return (_and(guard, self._leaf(op, left[1], ref)),
                _and(guard, self._leaf(t.NEGATED[op], left[1], ref)))

    def _difference(self, node: t.Compare, frames):
        """`L op R` on numbers as `L − R op 0`: the difference is one value slot computed exactly and held in
        its whole-number form (see whole_form), the comparison is durable-rules'. So are percentages and
        fractions compared, and two fields of one list item (which `$m` cannot address)."""
        difference = t.Arith("-", node.left, node.right, "number")
        path = self._slot(difference, frames, truth=False, difference=True)
        return self._leaf(node.op, path, 0), self._leaf(t.NEGATED[node.op], path, 0)

    @staticmethod
    def _leaf(op, path, value):
        if op == "==":
            return {path: value}
        return {_DURABLE_OP[op]: {path: value}}

    def _quantified(self, node: t.Quantified, frames):
        found = self._array(node.array, frames)
        if found is None:
            return self._truth_slot(node, frames, "outer_field")
        path, items = found
        inner = frames + [_Frame(node.var, items)]
        try:
            body_true, body_false = self._cond_parts(node.body, inner)
            some_body, every_body = (body_false, body_true) if node.kind == "all" else (body_true, body_false)
            branches = some_body["$or"] if isinstance(some_body, dict) and "$or" in some_body else [some_body]
            if mixed_or(every_body) or any(mixed_or(b) for b in branches):
                body_true, body_false = self._truth_slot(node.body, inner, "mixed_or")
        except _Escalate:
            return self._truth_slot(node, frames, "plain_items")
        if max(size(body_true), size(body_false)) + 6 > MAX_EXPRESSIONS:
            return self._truth_slot(node, frames, "expressions")
        length = self._length(node.array, frames)
        exists = {"$gte": {length: 0}}  # the length slot is there exactly when the list is
        empty = {length: 0}

        def some(cond):
            if cond is TRUE:
                return {"$gt": {length: 0}}
            if cond is FALSE:
                return FALSE
            if isinstance(cond, dict) and "$or" in cond:  # any(a or b) = any(a) or any(b): see mixed_or
                return _or(*({"$iany": {path: branch}} for branch in cond["$or"]))
            return {"$iany": {path: cond}}

        def every(cond):
            if cond is TRUE:
                return exists
            if cond is FALSE:
                return _and(exists, empty)
            return _and(exists, _or(empty, {"$iall": {path: cond}}))

        if node.kind == "all":
            return every(body_true), some(body_false)
        true, false = some(body_true), every(body_false)
        return (false, true) if node.kind == "none" else (true, false)
