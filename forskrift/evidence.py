"""The evidence of a finding: the JSON pointer and value of every field a rule read, found by walking its
conditions over the document (items of lists included), and which of them are missing."""

from __future__ import annotations

from .conditions import tree as t
from .conditions.reference import lookup
from .documents.schemas import to_pointer

MISSING = object()


def _resolve(path: t.Path, doc, bindings):
    """(pointer parts, value) for each place a path stands for under the current bindings."""
    if path.var:
        bases = bindings.get(path.var, [])
    else:
        bases = [((), doc)]
    for prefix, base in bases:
        value = lookup(base, path.parts) if path.parts else base
        yield prefix + path.parts, value


def collect(node, doc, out: dict, bindings=None):
    """Fill `out` (pointer → value or MISSING) with the fields a condition reads, in order."""
    bindings = bindings or {}
    if node is None:
        return
    if isinstance(node, (t.Quantified, t.Aggregate)):
        items_for_var = []
        for parts, value in _resolve(node.array, doc, bindings):
            if value is None:
                out.setdefault(to_pointer(parts), MISSING)
                continue
            if isinstance(value, list):
                scalars = all(not isinstance(v, (dict, list)) for v in value)
                if not value or (scalars and node.var is None):
                    out.setdefault(to_pointer(parts), value)
                items_for_var.extend((parts + (i,), item) for i, item in enumerate(value))
        inner = dict(bindings)
        if node.var:
            inner[node.var] = items_for_var
        rest = (node.body,) if isinstance(node, t.Quantified) else tuple(
            x for x in (node.where, node.value) if x is not None)
        for child in rest:
            collect(child, doc, out, inner)
        return
    if isinstance(node, t.Path):
        for parts, value in _resolve(node, doc, bindings):
            if node.kind == "object" and value is not None:
                continue  # presence of a whole document or object: its fields speak for it
            out.setdefault(to_pointer(parts), MISSING if value is None else value)
        return
    for child in t.children(node):
        collect(child, doc, out, bindings)


def evidence_for(nodes, doc) -> list[dict]:
    out: dict = {}
    for node in nodes:
        walker = _compiled(node)
        if walker is not None:
            walker(doc, out, {})
    return [{"pointer": p, "missing": True} if v is MISSING else {"pointer": p, "value": v}
            for p, v in out.items()]


# -- the same walk, compiled once per condition node into closures ------------------------------------------
#
# `collect` above is the plain statement of the walk; `_compiled(node)` gives a function (doc, out, bindings)
# that fills `out` exactly as `collect(node, doc, out)` does (same pointers, values and order), with the tree
# traversal, the type tests and the pointers of fixed paths done once instead of for every case. Bindings
# map a variable to [(pointer of the item, item)]. tests/test_evidence_compiled.py holds the two equal.

_COMPILED: dict[int, tuple[object, object]] = {}


def _compiled(node):
    if node is None:
        return None
    hit = _COMPILED.get(id(node))
    if hit is not None and hit[0] is node:
        return hit[1]
    walker = _compile(node)
    _COMPILED[id(node)] = (node, walker)
    return walker


def _path_walker(path: t.Path):
    """A function (doc, bindings) → [(pointer, value)] for each place the path stands for."""
    parts = path.parts
    suffix = to_pointer(parts)
    var = path.var

    get = _getter(parts)

    def values(doc, bindings):
        if var:
            return [(prefix + suffix, get(base)) for prefix, base in bindings.get(var, ())]
        return [(suffix, get(doc))]
    return values


def _getter(parts):
    """lookup(base, parts) as a function of base; a path of one field (an item's) without lookup's loop."""
    if not parts:
        return lambda base: base
    if len(parts) == 1:
        only = parts[0]
        return lambda base: base.get(only) if isinstance(base, dict) else None
    return lambda base: lookup(base, parts)


def _compile(node):
    if isinstance(node, (t.Quantified, t.Aggregate)):
        values = _path_walker(node.array)
        var = node.var
        rest = (node.body,) if isinstance(node, t.Quantified) else tuple(
            x for x in (node.where, node.value) if x is not None)
        children = [w for w in (_compiled(child) for child in rest) if w is not None]

        def walk_list(doc, out, bindings):
            items_for_var = []
            for pointer, value in values(doc, bindings):
                if value is None:
                    out.setdefault(pointer, MISSING)
                    continue
                if isinstance(value, list):
                    if not value or (var is None and all(not isinstance(v, (dict, list)) for v in value)):
                        out.setdefault(pointer, value)
                    items_for_var.extend((f"{pointer}/{i}", item) for i, item in enumerate(value))
            if children:
                inner = dict(bindings)
                if var:
                    inner[var] = items_for_var
                for child in children:
                    child(doc, out, inner)
        return walk_list
    if isinstance(node, t.Path):
        values = _path_walker(node)
        is_object = node.kind == "object"

        def walk_path(doc, out, bindings):
            for pointer, value in values(doc, bindings):
                if value is None:
                    out.setdefault(pointer, MISSING)
                elif not is_object:
                    out.setdefault(pointer, value)
        return walk_path
    children = [w for w in (_compiled(child) for child in t.children(node)) if w is not None]
    if not children:
        return None
    if len(children) == 1:
        return children[0]

    def walk_all(doc, out, bindings):
        for child in children:
            child(doc, out, bindings)
    return walk_all
