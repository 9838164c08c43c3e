"""Check a condition tree against the case schema (schema first, as Cedar does) and annotate it with types.

Every field a condition names must exist in the document's JSON Schema; comparisons must compare like with
like; a string compared with an enumerated field must be one of its values. The result is the same tree with
each Path carrying its variable binding and kind, ready for the compilers.
"""

from __future__ import annotations

from dataclasses import replace

from ..documents.schemas import FieldType, SchemaSet
from . import tree as t


class ConditionTypeError(ValueError):
    """A condition names an unknown field or compares values of different kinds."""


_NUMERIC = ("number", "integer")


def _same_kind(a: str, b: str) -> bool:
    if a in _NUMERIC and b in _NUMERIC:
        return True
    return a == b or "any" in (a, b)


class Binder:
    def __init__(self, schemas: SchemaSet, root_schema_id: str):
        self.schemas = schemas
        self.root = schemas.root(root_schema_id)

    def bind(self, node):
        return self._cond(node, {})

    # -- conditions ----------------------------------------------------------------------------------------

    def _cond(self, node, scope: dict[str, FieldType]):
        if isinstance(node, t.Const):
            return node
        if isinstance(node, t.And):
            return t.And(tuple(self._cond(i, scope) for i in node.items))
        if isinstance(node, t.Or):
            return t.Or(tuple(self._cond(i, scope) for i in node.items))
        if isinstance(node, t.Not):
            return t.Not(self._cond(node.item, scope))
        if isinstance(node, t.Compare):
            left, right = self._value(node.left, scope), self._value(node.right, scope)
            lk, rk = _kind(left), _kind(right)
            if not _same_kind(lk, rk):
                raise ConditionTypeError(f"cannot compare {t.to_text(left)} ({lk}) with {t.to_text(right)} ({rk})")
            if node.op not in ("==", "!=") and lk in ("boolean", "array", "object"):
                raise ConditionTypeError(f"'{node.op}' cannot order {lk} values ({t.to_text(left)})")
            if lk == "string" and node.op not in ("==", "!="):
                raise ConditionTypeError(f"'{node.op}' cannot order text values ({t.to_text(left)})")
            for a, b in ((left, right), (right, left)):
                self._check_enum(a, b)
            return t.Compare(node.op, left, right)
        if isinstance(node, t.In):
            value = self._value(node.value, scope)
            if not node.options:
                raise ConditionTypeError(f"empty list after 'in' ({t.to_text(value)})")
            for option in node.options:
                if not _same_kind(_kind(value), option.kind):
                    raise ConditionTypeError(f"list item {t.to_text(option)} is {option.kind}, but "
                                             f"{t.to_text(value)} is {_kind(value)}")
                self._check_enum(value, option)
            return t.In(value, node.options)
        if isinstance(node, t.Contains):
            array = self._path(node.array, scope)
            if array.kind != "array" or array.item_kind in (None, "object", "array"):
                raise ConditionTypeError(f"'contains' needs a list of values; {array.dotted()} is {array.kind}")
            if not _same_kind(array.item_kind, node.value.kind):
                raise ConditionTypeError(f"{array.dotted()} holds {array.item_kind} values, not "
                                         f"{node.value.kind} ({t.to_text(node.value)})")
            if array.enum and node.value.value not in array.enum:
                raise ConditionTypeError(f"{t.to_text(node.value)} is not a value {array.dotted()} can hold; "
                                         f"expected one of {', '.join(map(str, array.enum))}")
            return t.Contains(array, node.value)
        if isinstance(node, t.Present):
            return t.Present(self._path(node.path, scope))
        if isinstance(node, t.Quantified):
            array, item = self._array(node.array, scope)
            if node.var in scope:
                raise ConditionTypeError(f"variable {node.var!r} is already bound")
            inner = dict(scope)
            inner[node.var] = item
            return t.Quantified(node.kind, node.var, array, self._cond(node.body, inner))
        raise ConditionTypeError(f"unexpected element {node!r}")

    def _check_enum(self, field, literal):
        if isinstance(field, t.Path) and field.enum and isinstance(literal, t.Lit) and literal.kind == "string":
            if literal.value not in field.enum:
                raise ConditionTypeError(f"{t.to_text(literal)} is not a value {field.dotted()} can hold; "
                                         f"expected one of {', '.join(map(str, field.enum))}")

    # -- values --------------------------------------------------------------------------------------------

    def _value(self, node, scope):
        if isinstance(node, t.Lit):
            return node
        if isinstance(node, t.Path):
            path = self._path(node, scope)
            if path.kind in ("object", "array", "any"):
                raise ConditionTypeError(f"{path.dotted()} is {path.kind}; compare one of its fields instead")
            return path
        if isinstance(node, t.Aggregate):
            array, item = self._array(node.array, scope)
            inner = dict(scope)
            if node.var:
                if node.var in scope:
                    raise ConditionTypeError(f"variable {node.var!r} is already bound")
                inner[node.var] = item
            where = self._cond(node.where, inner) if node.where is not None else None
            value = None
            kind = "integer"
            if node.value is not None:
                value = self._value(node.value, inner)
                kind = _kind(value)
                if node.fn == "sum" and kind not in _NUMERIC:
                    raise ConditionTypeError(f"sum needs numbers; {t.to_text(value)} is {kind}")
                if kind not in _NUMERIC + ("date",):
                    raise ConditionTypeError(f"{node.fn} needs numbers or dates; {t.to_text(value)} is {kind}")
            return t.Aggregate(node.fn, node.var, array, where, value, kind)
        if isinstance(node, t.Arith):
            left, right = self._value(node.left, scope), self._value(node.right, scope)
            for side in (left, right):
                if _kind(side) not in _NUMERIC:
                    raise ConditionTypeError(f"'{node.op}' needs numbers; {t.to_text(side)} is {_kind(side)}")
            return t.Arith(node.op, left, right, "number")
        if isinstance(node, t.Call):
            args = tuple(self._value(a, scope) for a in node.args)
            if node.fn == "date":
                if len(args) != 3 or any(_kind(a) not in _NUMERIC for a in args):
                    raise ConditionTypeError("date(...) takes three numbers: year, month, day")
                return t.Call("date", args, "date")
            if node.fn == "year":
                if len(args) != 1 or _kind(args[0]) != "date":
                    raise ConditionTypeError("year(...) takes one date")
                return t.Call("year", args, "integer")
            raise ConditionTypeError(f"unknown function {node.fn}")
        raise ConditionTypeError(f"unexpected value {node!r}")

    def _array(self, node: t.Path, scope):
        array = self._path(node, scope)
        if array.kind != "array":
            raise ConditionTypeError(f"{array.dotted()} is {array.kind}, not a list")
        ftype = self._field(node, scope)
        return array, ftype.item

    def _field(self, node: t.Path, scope) -> FieldType:
        parts = node.parts
        if node.var is None and parts[0] in scope:
            current, var, rest = scope[parts[0]], parts[0], parts[1:]
        else:
            current, var, rest = self.root, node.var, parts
            if var is not None:
                current = scope[var]
        walked = [var] if var else []
        for name in rest:
            child = self.schemas.child(current, name)
            if child is None:
                known = self.schemas.field_names(current)
                where = ".".join(walked) or "the case"
                hint = f"; {where} has: {', '.join(known)}" if known else f"; {where} is {current.describe()}"
                raise ConditionTypeError(f"unknown field {'.'.join(walked + [name])}{hint}")
            current = child
            walked.append(name)
        return current

    def _path(self, node: t.Path, scope) -> t.Path:
        ftype = self._field(node, scope)
        parts = node.parts
        var = node.var
        if var is None and parts[0] in scope:
            var, parts = parts[0], parts[1:]
        item_kind = ftype.item.kind if ftype.kind == "array" and ftype.item else None
        enum = ftype.enum if ftype.kind != "array" else (ftype.item.enum if ftype.item else None)
        return replace(node, parts=tuple(parts), var=var, kind=ftype.kind, enum=enum, item_kind=item_kind)


def _kind(value) -> str:
    if isinstance(value, t.Lit):
        return value.kind
    return getattr(value, "kind", "any")


def paths_read(node) -> list[t.Path]:
    """Every field path a condition reads, in order of appearance, without repeats."""
    seen, out = set(), []
    for sub in t.walk(node):
        if isinstance(sub, t.Path) and sub not in seen:
            seen.add(sub)
            out.append(sub)
    return out
