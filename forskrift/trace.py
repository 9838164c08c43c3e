"""What decided a finding: a tracing pass over a rule's condition tree, beside the engines.

An engine answers true, false or unknown for each part of a rule; `explain(node, doc, outcome)` walks the same
condition tree again on the document (with the reference evaluator's value functions) and returns the
*reasons* for that outcome — the leaf tests that gave it, with the values they computed, and for a test over a
list the items that failed it (or, for "some item must", that none passed). It runs only for findings that need
explaining (not met, missing information), so it costs nothing on the cases that pass.

A reason is plain JSON data, language-neutral (codes and figures): the report renders it in bokmål, nynorsk
or English (`forskrift/report/explain.py`). Shapes:

- a comparison: `{"test": "compare", "op": ">=", "left": V, "right": V, "holds": false}`
- membership: `{"test": "in", "value": V, "options": [...], "holds": ...}`;
  a list holds a value: `{"test": "contains", "list": V, "option": x, "holds": ...}`;
  presence: `{"test": "present", "value": V, "holds": ...}`
- alternatives none of which held: `{"test": "or", "holds": false, "reasons": [...]}`
- a test over a list: `{"test": "all" | "any" | "none", "list": V, "count": n, "holds": ...,
  "items": [{"index": i, "pointer": "/...", "name": "...", "reasons": [...]}], "more": k}`
- V, a value: a field `{"field": "behovsmelding.measures[].end", "pointer": "/...", "kind": "date",
  "value": "2025-06-30"}` (no `value` but `"missing": true` when absent; `labels` names the section of
  `schemas/vocabulary.yaml` for an enumerated field), a literal `{"literal": 1, "kind": "number"}`, a
  percentage of a value `{"percent": 30, "of": V, "value": 225000}`, arithmetic `{"op": "+", "left": V,
  "right": V, "value": ...}`, an aggregate `{"fn": "sum" | "count" | "min" | "max", "list": V,
  "field": "...", "filtered": true, "left_out": [items as above], "value": ...}` (`left_out`: the items a
  filtered count or sum leaves out, and why), a year `{"fn": "year", "of": V, "value": 2025}`.

`holds` is true, false or null (unknown). Values are exact numbers written as integers where they are whole
and as decimals otherwise; dates are ISO strings.
"""

from __future__ import annotations

import datetime as _dt
from fractions import Fraction

from .conditions import tree as t
from .conditions.reference import lookup, truth, value
from .documents.schemas import to_pointer

MAX_ITEMS = 10          # items listed for one test over a list; the rest are counted in "more"
NAME_FIELDS = ("title", "name", "measure", "case_id", "theme", "behovsmelding", "region")


def explain(node, doc, outcome) -> list[dict]:
    """The reasons why condition `node` has truth `outcome` (True, False or None) on `doc`."""
    if node is None:
        return []
    return _why(node, doc, {}, {}, outcome)


# -- values -------------------------------------------------------------------------------------------------

def _number(v):
    if isinstance(v, bool) or v is None:
        return v
    if isinstance(v, Fraction):
        return int(v) if v.denominator == 1 else round(float(v), 6)
    return v


def _plain(v, kind):
    """A computed value as JSON: dates (day numbers) as ISO strings, numbers exact."""
    if v is None:
        return None
    if kind == "date" and isinstance(v, (int, Fraction)) and not isinstance(v, bool):
        return _dt.date.fromordinal(int(v)).isoformat()
    return _number(v)


def _field_name(path: t.Path, fields: dict) -> str:
    """The dotted field a path reads, with [] for list items: behovsmelding.measures[].end."""
    if path.var:
        base = fields.get(path.var, path.var)
        return base + "[]" + ("." + ".".join(path.parts) if path.parts else "")
    return ".".join(path.parts)


def _pointer(path: t.Path, pointers: dict) -> str:
    prefix = pointers.get(path.var, "") if path.var else ""
    return prefix + to_pointer(path.parts)


def _labels(enum) -> str | None:
    if not enum:
        return None
    from .vocabulary import section_for
    return section_for(enum)


def _value(node, doc, env, ctx, left_out: bool = False) -> dict:
    """A value as JSON data; `left_out`: for a filtered count or sum, also the items it leaves out (asked for
    where more items would have met the test)."""
    pointers, fields = ctx
    if isinstance(node, t.Lit):
        return {"literal": _plain(node.value, node.kind) if node.kind != "date" else node.value, "kind": node.kind}
    if isinstance(node, t.Path):
        base = env[node.var] if node.var else doc
        raw = lookup(base, node.parts) if node.parts else base
        out = {"field": _field_name(node, fields), "pointer": _pointer(node, pointers), "kind": node.kind}
        labels = _labels(node.enum)
        if labels:
            out["labels"] = labels
        if raw is None:
            out["missing"] = True
        elif isinstance(raw, list):
            out["count"] = len(raw)
            if all(not isinstance(v, (dict, list)) for v in raw):
                out["value"] = raw
                if node.item_kind and labels is None:
                    pass
        else:
            out["value"] = raw
        return out
    if isinstance(node, t.Arith):
        computed = _plain(value(node, doc, env), node.kind)
        left = node.left
        if (node.op == "*" and isinstance(left, t.Lit) and left.kind == "number"
                and 0 < left.value < 1):
            return {"percent": _number(left.value * 100), "of": _value(node.right, doc, env, ctx),
                    "value": computed}
        return {"op": node.op, "left": _value(node.left, doc, env, ctx), "right": _value(node.right, doc, env, ctx),
                "value": computed}
    if isinstance(node, t.Aggregate):
        computed = value(node, doc, env)
        out = {"fn": node.fn, "list": _value(node.array, doc, env, ctx),
               "value": _plain(computed, node.value.kind if node.value is not None else "number")}
        if node.value is not None and isinstance(node.value, t.Path):
            out["field"] = ".".join(node.value.parts)
            out["kind"] = node.value.kind
        if node.where is not None:
            out["filtered"] = True
            excluded = _left_out(node, doc, env, ctx) if left_out else []
            if excluded:
                out["left_out"] = excluded
        return out
    if isinstance(node, t.Call):
        computed = value(node, doc, env)
        if node.fn == "date":
            return {"literal": _plain(computed, "date"), "kind": "date"}
        return {"fn": node.fn, "of": _value(node.args[0], doc, env, ctx), "value": _number(computed)}
    raise TypeError(f"not a value: {node!r}")


# -- conditions ---------------------------------------------------------------------------------------------

def _why(node, doc, env, ctx_maps, want) -> list[dict]:
    ctx = (ctx_maps.get("pointers", {}), ctx_maps.get("fields", {}))
    if isinstance(node, t.Const):
        return []
    if isinstance(node, (t.And, t.Or)):
        results = [(item, truth(item, doc, env)) for item in node.items]
        deciding = (isinstance(node, t.And) and want is True) or (isinstance(node, t.Or) and want is False)
        if deciding:        # every item took part: all true (and), all false (or)
            chosen = [item for item, r in results]
            if isinstance(node, t.Or):      # none held: leave out the alternatives about another kind of document
                chosen = [item for item in chosen if not _ruled_out(item, doc, env)] or chosen
            else:                           # all held: a presence test that guards a test beside it says nothing
                chosen = [item for item in chosen if not _plain_presence(item)] or chosen
        else:               # the items with the outcome decided it
            chosen = [item for item, r in results if r is want]
            if want is True or want is False:
                chosen = chosen[:1] if want is True else chosen   # one true item makes an `or` true
        out: list = []
        for item in chosen:
            out.extend(_why(item, doc, env, ctx_maps, want))
        if isinstance(node, t.Or) and want is False and len(out) > 1:
            return [{"test": "or", "holds": False, "reasons": out}]   # none of the alternatives held
        return out
    if isinstance(node, t.Not):
        return _why(node.item, doc, env, ctx_maps, None if want is None else not want)
    if isinstance(node, t.Compare):
        # a count or sum that fell short: which items it left out, and why (not for one that is too large)
        short_left = want is False and node.op in (">=", ">", "==")
        short_right = want is False and node.op in ("<=", "<", "==")
        return [{"test": "compare", "op": node.op, "left": _value(node.left, doc, env, ctx, short_left),
                 "right": _value(node.right, doc, env, ctx, short_right), "holds": truth(node, doc, env)}]
    if isinstance(node, t.In):
        return [{"test": "in", "value": _value(node.value, doc, env, ctx),
                 "options": [_plain(o.value, o.kind) if o.kind != "date" else o.value for o in node.options],
                 "holds": truth(node, doc, env)}]
    if isinstance(node, t.Contains):
        return [{"test": "contains", "list": _value(node.array, doc, env, ctx),
                 "option": node.value.value if node.value.kind != "number" else _number(node.value.value),
                 "holds": truth(node, doc, env)}]
    if isinstance(node, t.Present):
        return [{"test": "present", "value": _value(node.path, doc, env, ctx), "holds": truth(node, doc, env)}]
    if isinstance(node, t.Quantified):
        return [_quantified(node, doc, env, ctx_maps, want)]
    raise TypeError(f"not a condition: {node!r}")


def _plain_presence(node) -> bool:
    """A two-valued presence test: `x is missing`, `not (x is missing)`, or `x is present` where it is a guard."""
    while isinstance(node, t.Not):
        node = node.item
    return isinstance(node, t.Present) and not node.asks


def _absence_guard(node) -> bool:
    """`x is missing` or `not (x is missing)`: a test that picks the kind of document an alternative is about."""
    return isinstance(node, t.Not) and _plain_presence(node)


def _ruled_out(node, doc, env) -> bool:
    """Whether a false alternative of an `or` is about another kind of document than this one, so that saying
    why it failed would only mislead: an alternative that an absence test rules out (`bound is missing and ...`
    where the bound money is given), or one asking for at least one item of a kind there is none of
    (`count(l in lines where l.amount_approximate ...) >= 1`)."""
    if isinstance(node, t.And):
        return any(_absence_guard(item) and truth(item, doc, env) is False for item in node.items)
    if isinstance(node, t.Compare) and node.op in (">=", ">") and isinstance(node.left, t.Aggregate) \
            and node.left.fn == "count" and node.left.where is not None and isinstance(node.right, t.Lit):
        threshold = node.right.value
        return (node.op == ">=" and threshold == 1) or (node.op == ">" and threshold == 0)
    return False


def _left_out(node: t.Aggregate, doc, env, ctx) -> list[dict]:
    """The items a filtered count or sum leaves out, each with why its filter did not hold (at most
    MAX_ITEMS): what a caseworker needs when the count falls short ("the fagskole has no binding agreement")."""
    pointers, fields = ctx
    base = env[node.array.var] if node.array.var else doc
    items = lookup(base, node.array.parts) if node.array.parts else base
    if not isinstance(items, list) or not node.var:
        return []
    list_pointer = _pointer(node.array, pointers)
    inner_maps = {"pointers": dict(pointers), "fields": dict(fields)}
    inner_maps["fields"][node.var] = _field_name(node.array, fields)
    out = []
    for index, item in enumerate(items):
        inner = dict(env)
        inner[node.var] = item
        if truth(node.where, doc, inner) is not False:
            continue
        if len(out) >= MAX_ITEMS:
            break
        inner_maps["pointers"][node.var] = f"{list_pointer}/{index}"
        entry = {"index": index, "pointer": f"{list_pointer}/{index}",
                 "reasons": _why(node.where, doc, inner, inner_maps, False)}
        name = _item_name(item)
        if name:
            entry["name"] = name
        out.append(entry)
    return out


def _item_name(item) -> str | None:
    if isinstance(item, dict):
        for key in NAME_FIELDS:
            name = item.get(key)
            if isinstance(name, str) and name.strip():
                return name
    return None


def _quantified(node: t.Quantified, doc, env, ctx_maps, want) -> dict:
    pointers = dict(ctx_maps.get("pointers", {}))
    fields = dict(ctx_maps.get("fields", {}))
    ctx = (pointers, fields)
    list_value = _value(node.array, doc, env, ctx)
    list_value.pop("value", None)
    out = {"test": node.kind, "list": list_value, "count": list_value.get("count", 0),
           "holds": truth(node, doc, env)}
    base = env[node.array.var] if node.array.var else doc
    items = lookup(base, node.array.parts) if node.array.parts else base
    if not isinstance(items, list):
        return out
    list_pointer = list_value["pointer"]
    inner_maps = {"pointers": pointers, "fields": fields}
    fields[node.var] = list_value["field"]
    # which items to show, and what each must be shown to be:
    #   all  false → items whose body is false;  none false → items whose body is true;
    #   any  false → every item (none passed);   unknown → items whose body is unknown;
    #   all  true / none true → nothing to list; any true → the items that passed (what a judgement looks at)
    if want is None:
        item_want = None
    elif node.kind == "all":
        item_want = want
    elif node.kind == "none":
        item_want = not want
    else:
        item_want = want
    if want is True and node.kind in ("all", "none"):
        return out
    listed = []
    more = 0
    for index, item in enumerate(items):
        inner = dict(env)
        inner[node.var] = item
        result = truth(node.body, doc, inner)
        if result is not item_want:
            continue
        if len(listed) >= MAX_ITEMS:
            more += 1
            continue
        pointers[node.var] = f"{list_pointer}/{index}"
        entry = {"index": index, "pointer": f"{list_pointer}/{index}",
                 "reasons": _why(node.body, doc, inner, inner_maps, item_want)}
        name = _item_name(item)
        if name:
            entry["name"] = name
        if not isinstance(item, (dict, list)):
            entry["scalar"] = True      # an item of a list of values: the value speaks for itself
        listed.append(entry)
    out["items"] = listed
    if more:
        out["more"] = more
    return out


def figures(node, doc) -> list[dict]:
    """The comparisons a condition makes, each with its outcome, for a finding whose judgement stands in for
    it (an amount marked "ca." sends the frame check to judgement): its alternatives that are about this kind of
    document, each explained as it came out (a comparison that holds marked for its margin), leaving out those
    about another kind of document and the counts of a kind that let the judgement in."""
    items = node.items if isinstance(node, t.Or) else (node,)
    out: list[dict] = []
    for item in items:
        if _ruled_out(item, doc, {}):
            continue
        outcome = truth(item, doc, {})
        if outcome is None:
            continue
        for reason in _why(item, doc, {}, {}, outcome):
            if outcome is True and reason.get("test") == "compare":
                reason["margin"] = True
            out.append(reason)
    return out


def deciding_pointers(reasons) -> list[str]:
    """The pointers of the fields the reasons name, in order (the evidence that decided the finding)."""
    out: dict = {}

    def visit(node):
        if isinstance(node, dict):
            pointer = node.get("pointer")
            if isinstance(pointer, str) and ("field" in node or "kind" in node):
                out.setdefault(pointer, None)
            for key, v in node.items():
                if key != "pointer":
                    visit(v)
        elif isinstance(node, list):
            for v in node:
                visit(v)
    visit(reasons)
    return list(out)


# -- what to ask for ----------------------------------------------------------------------------------------

def missing_pointers(node, doc) -> list[str]:
    """The pointers of the absent fields that leave condition `node` unknown on `doc`, in order: the questions
    to ask. Not every absent field the condition reads: in `x is missing or x + y <= z` an absent x decides,
    and in `count(l in lines where l.f is present and l.f == true)` a line without f simply does not count.
    The walk follows only the parts whose value is unknown (what `explain(node, doc, None)` shows), down to the
    fields, including the items of a list whose missing field leaves a sum or a count unknown."""
    out: dict[str, None] = {}
    if node is not None and truth(node, doc, {}) is None:
        _ask_cond(node, doc, {}, {}, out)
    return list(out)


def _ask_pointer(path: t.Path, pointers: dict) -> str:
    return (pointers[path.var] if path.var else "") + to_pointer(path.parts)


def _ask_cond(node, doc, env, pointers, out):
    if isinstance(node, (t.And, t.Or)):
        for item in node.items:
            if truth(item, doc, env) is None:
                _ask_cond(item, doc, env, pointers, out)
    elif isinstance(node, t.Not):
        _ask_cond(node.item, doc, env, pointers, out)
    elif isinstance(node, t.Present):
        out.setdefault(_ask_pointer(node.path, pointers))
    elif isinstance(node, t.Compare):
        for side in (node.left, node.right):
            if value(side, doc, env) is None:
                _ask_value(side, doc, env, pointers, out)
    elif isinstance(node, t.In):
        if value(node.value, doc, env) is None:
            _ask_value(node.value, doc, env, pointers, out)
    elif isinstance(node, t.Contains):
        if lookup(env[node.array.var] if node.array.var else doc, node.array.parts) is None:
            out.setdefault(_ask_pointer(node.array, pointers))
    elif isinstance(node, t.Quantified):
        _ask_items(node.array, node.var, doc, env, pointers, out,
                   lambda inner: (node.body,) if truth(node.body, doc, inner) is None else ())


def _ask_items(array: t.Path, var, doc, env, pointers, out, unknown_parts):
    base = env[array.var] if array.var else doc
    items = lookup(base, array.parts) if array.parts else base
    list_pointer = _ask_pointer(array, pointers)
    if not isinstance(items, list):
        out.setdefault(list_pointer)
        return
    for index, item in enumerate(items):
        inner, inner_pointers = dict(env), dict(pointers)
        if var:
            inner[var] = item
            inner_pointers[var] = f"{list_pointer}/{index}"
        for part in unknown_parts(inner):
            if isinstance(part, tuple):       # ("value", node): a value that is unknown
                _ask_value(part[1], doc, inner, inner_pointers, out)
            else:
                _ask_cond(part, doc, inner, inner_pointers, out)


def _ask_value(node, doc, env, pointers, out):
    if isinstance(node, t.Path):
        out.setdefault(_ask_pointer(node, pointers))
    elif isinstance(node, t.Arith):
        for side in (node.left, node.right):
            if value(side, doc, env) is None:
                _ask_value(side, doc, env, pointers, out)
    elif isinstance(node, t.Call):
        for arg in node.args:
            if value(arg, doc, env) is None:
                _ask_value(arg, doc, env, pointers, out)
    elif isinstance(node, t.Aggregate):
        def unknown_parts(inner):
            if node.where is not None:
                keep = truth(node.where, doc, inner)
                if keep is None:
                    return (node.where,)
                if not keep:
                    return ()
            if node.value is not None and value(node.value, doc, inner) is None:
                return (("value", node.value),)
            return ()
        _ask_items(node.array, node.var, doc, env, pointers, out, unknown_parts)
