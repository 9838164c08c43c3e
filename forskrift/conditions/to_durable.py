"""Compile typed condition trees into durable-rules JSON conditions, in three-valued logic.

Each condition becomes two durable conditions: T (it is certainly true) and F (it is certainly false); when
neither fires, the answer is unknown (a field is missing). durable-rules gives exactly that for comparisons on
a missing field (both false), so most leaves map one to one. What durable-rules cannot express — sums,
counts, arithmetic, dates built from fields, comparisons of two fields inside a list, the length of a list —
becomes a *slot*: a value the fact builder computes in Python before the engine sees the case, named `_d.kN`
on the case and `_kN` on an item of a list.

The compiler also records the *projection*: which fields of the case each group's fact must carry, so that a
fact holds only what its rules read (durable-rules accepts at most 253 properties per fact).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

from . import reference
from . import tree as t

TRUE, FALSE = True, False

_DURABLE_OP = {"<": "$lt", "<=": "$lte", ">": "$gt", ">=": "$gte", "!=": "$neq"}


@dataclass
class Slot:
    name: str                        # key on the fact (root: inside "_d") or on the item
    depth: int                       # 0 = the case; n = an item n lists deep
    vars: tuple[str, ...]            # the variables bound at each depth, outermost first
    expr: object                     # a Value, or a Cond when `truth`
    truth: bool


@dataclass
class ProjNode:
    """What of a JSON object the fact must carry: sub-objects, lists (with their item node), leaves, slots."""

    children: dict[str, ProjNode] = field(default_factory=dict)
    leaf_kind: str | None = None     # a scalar field: its kind (dates become day numbers)
    items: ProjNode | None = None    # a list: what each item carries
    slots: list[Slot] = field(default_factory=list)

    def child(self, name: str) -> ProjNode:
        if name not in self.children:
            self.children[name] = ProjNode()
        return self.children[name]

    def property_count(self) -> int:
        """Properties as durable-rules counts them: nested scalars flattened, a list counts once."""
        count = len(self.slots)
        for node in self.children.values():
            if node.items is not None or node.leaf_kind is not None:
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


MAX_EXPRESSIONS = 24   # durable-rules allows 32 expressions in one rule's sequence (MAX_SEQUENCE_EXPRESSIONS)


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


def _and(*parts):
    out = []
    for part in parts:
        if part is FALSE:
            return FALSE
        if part is TRUE:
            continue
        if isinstance(part, dict) and "$and" in part and len(part) == 1:
            out.extend(part["$and"])
            continue
        out.append(part)
    if not out:
        return TRUE
    return out[0] if len(out) == 1 else {"$and": out}


def _or(*parts):
    out = []
    for part in parts:
        if part is TRUE:
            return TRUE
        if part is FALSE:
            continue
        if isinstance(part, dict) and "$or" in part and len(part) == 1:
            out.extend(part["$or"])
            continue
        out.append(part)
    if not out:
        return FALSE
    return out[0] if len(out) == 1 else {"$or": out}


def durable_literal(lit: t.Lit):
    if lit.kind == "date":
        return reference.day_number(lit.value)
    if lit.kind == "number":
        value = Fraction(lit.value)
        return int(value) if value.denominator == 1 else float(value)
    return lit.value


def slot_value(value):
    """A slot's computed value as it goes into the fact."""
    if isinstance(value, Fraction):
        return int(value) if value.denominator == 1 else float(value)
    return value


class GroupCompiler:
    """Compiles the conditions of one group of rules (one durable fact type) and collects its projection."""

    def __init__(self):
        self.root = ProjNode()
        self.slots: list[Slot] = []
        self._slot_index: dict[tuple, Slot] = {}

    # -- public --------------------------------------------------------------------------------------------

    def compile(self, cond) -> tuple[object, object]:
        """(T, F) durable conditions for a typed condition; each may be the constant True or False."""
        return self._cond(cond, [])

    # -- slots and paths -----------------------------------------------------------------------------------

    def _slot(self, expr, frames: list[_Frame], truth: bool) -> str:
        if frames and frames[-1].items.leaf_kind is not None:
            raise _Escalate  # an item that is a plain value cannot carry a slot: compute one level up
        key = (expr, tuple(f.var for f in frames), truth)
        slot = self._slot_index.get(key)
        if slot is None:
            slot = Slot(f"k{len(self.slots)}", len(frames), tuple(f.var for f in frames), expr, truth)
            self.slots.append(slot)
            self._slot_index[key] = slot
            owner = frames[-1].items if frames else self.root
            owner.slots.append(slot)
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

    def _truth_slot(self, node, frames):
        path = self._slot(node, frames, truth=True)
        return {path: True}, {path: False}

    def _cond(self, node, frames):
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
            target = self._operand(node.value, frames)
            if target is None or target[0] == "lit":
                return self._truth_slot(node, frames) if target is None else self._fold(node)
            path = target[1]
            values = [durable_literal(o) for o in node.options]
            return _or(*({path: v} for v in values)), _and(*({"$neq": {path: v}} for v in values))
        if isinstance(node, t.Contains):
            path = self._field(node.array, frames)
            if path is None:
                return self._truth_slot(node, frames)
            value = durable_literal(node.value)
            true = {"$iany": {path: {"$i": value}}}
            length = self._length(node.array, frames)
            false = _and({"$gte": {length: 0}}, _or({length: 0}, {"$iall": {path: {"$neq": {"$i": value}}}}))
            return true, false
        if isinstance(node, t.Present):
            if node.path.var and not node.path.parts:
                return TRUE, FALSE
            if node.path.kind in ("object", "array", "any"):
                return self._truth_slot(node, frames)
            path = self._field(node.path, frames)
            if path is None:
                return self._truth_slot(node, frames)
            return {"$ex": {path: 1}}, {"$nex": {path: 1}}
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
            parts[index] = self._truth_slot(items[index], frames)
        return parts

    def _fold(self, node):
        value = reference.truth(node, {}, {})
        return (TRUE, FALSE) if value else (FALSE, TRUE)

    def _operand(self, value, frames):
        """('lit', v) | ('field', durable path) | None (needs a slot in this context)."""
        if isinstance(value, t.Lit):
            return "lit", durable_literal(value)
        if isinstance(value, t.Path):
            path = self._field(value, frames)
            return None if path is None else ("field", path)
        return "field", self._slot(value, frames, truth=False)

    def _compare(self, node: t.Compare, frames):
        left, right = self._operand(node.left, frames), self._operand(node.right, frames)
        if left is None or right is None:
            return self._truth_slot(node, frames)
        if left[0] == "lit" and right[0] == "lit":
            return self._fold(node)
        op = node.op
        if left[0] == "lit":
            left, right, op = right, left, t.FLIPPED[op]
        if right[0] == "lit":
            return self._leaf(op, left[1], right[1]), self._leaf(t.NEGATED[op], left[1], right[1])
        if frames:  # durable-rules cannot compare two fields of a list item ($m does not resolve $i)
            return self._truth_slot(node, frames)
        guard = _and({"$ex": {left[1]: 1}}, {"$ex": {right[1]: 1}})
        ref = {"$m": right[1]}
        return (_and(guard, self._leaf(op, left[1], ref)),
                _and(guard, self._leaf(t.NEGATED[op], left[1], ref)))

    @staticmethod
    def _leaf(op, path, value):
        if op == "==":
            return {path: value}
        return {_DURABLE_OP[op]: {path: value}}

    def _quantified(self, node: t.Quantified, frames):
        found = self._array(node.array, frames)
        if found is None:
            return self._truth_slot(node, frames)
        path, items = found
        inner = frames + [_Frame(node.var, items)]
        try:
            body_true, body_false = self._cond(node.body, inner)
        except _Escalate:
            return self._truth_slot(node, frames)
        if max(size(body_true), size(body_false)) + 6 > MAX_EXPRESSIONS:
            return self._truth_slot(node, frames)
        length = self._length(node.array, frames)
        exists = {"$gte": {length: 0}}  # the length slot is there exactly when the list is
        empty = {length: 0}

        def some(cond):
            if cond is TRUE:
                return {"$gt": {length: 0}}
            if cond is FALSE:
                return FALSE
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
