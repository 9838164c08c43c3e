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
        collect(node, doc, out)
    return [{"pointer": p, "missing": True} if v is MISSING else {"pointer": p, "value": v}
            for p, v in out.items()]
