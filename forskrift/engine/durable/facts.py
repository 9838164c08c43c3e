"""Build the facts durable-rules evaluates: per group of rules, one fact holding only the fields those rules
read (dates as day numbers) and the slots — sums, counts, arithmetic — computed here, exactly."""

from __future__ import annotations

from ...conditions import reference
from ...errors import EvaluationError
from .compile import ProjNode, Slot, durable_number_ok, slot_value, whole_form


def _checked(value, what):
    """A number durable-rules would misread (beyond int64) or crash on (a float written with an exponent) is
    refused here, loudly, instead of going into the fact. The schema's bounds keep case values far inside."""
    if not durable_number_ok(value):
        raise EvaluationError(f"{what} = {value!r} is a number durable-rules cannot read exactly; "
                              "evaluate this case with the reference backend")
    return value


def _convert(raw, kind, name="a field"):
    if kind == "date":
        return reference.day_number(raw)
    return _checked(raw, name)


def _slot_result(slot: Slot, doc, chain: list, memo: dict):
    # The same slot (a count, a sum...) often serves rules of several groups: compute it once per case and item.
    key = (getattr(slot, "memo_key", id(slot)), tuple(map(id, chain)))
    if key not in memo:
        env = {var: item for var, item in zip(slot.vars, chain, strict=False)}
        found = slot.fn(doc, env)   # the slot's expression, compiled once (conditions/reference.py)
        if slot.truth:
            memo[key] = found
        elif slot.difference:
            memo[key] = None if found is None else whole_form(found)
        else:
            memo[key] = _checked(slot_value(found), f"slot {slot.name}")
    return memo[key]


def _project(node: ProjNode, src, doc, chain: list, memo: dict) -> dict:
    out = {}
    if isinstance(src, dict):
        for name, child in node.children.items():
            raw = src.get(name)
            if raw is None:
                continue
            if child.items is not None:
                if not isinstance(raw, list):
                    continue
                out[name] = [_project_item(child.items, item, doc, chain, name, memo) for item in raw]
            elif child.leaf_kind is not None and not child.children:
                value = _convert(raw, child.leaf_kind, name)
                if value is not None:
                    out[name] = value
            else:
                sub = _project(child, raw, doc, chain, memo)
                if sub or child.present:   # a presence test reads an object even when nothing in it is read
                    out[name] = sub
    return out


def _project_item(node: ProjNode, item, doc, chain: list, name: str, memo: dict):
    if node.leaf_kind is not None and not node.children and not node.slots:
        return _convert(item, node.leaf_kind, f"an item of {name}")
    inner = chain + [item]
    out = _project(node, item, doc, inner, memo)
    for slot in node.slots:
        value = _slot_result(slot, doc, inner, memo)
        if value is not None:
            out["_" + slot.name] = value
    return out


def build_fact(root: ProjNode, doc: dict, fact_type: str, sid: str, memo: dict | None = None) -> dict:
    """The fact of one group for one case; `memo` (one per case) shares computed slots between the groups."""
    memo = {} if memo is None else memo
    fact = _project(root, doc, doc, [], memo)
    derived = {}
    for slot in root.slots:
        value = _slot_result(slot, doc, [], memo)
        if value is not None:
            derived[slot.name] = value
    if derived:
        fact["_d"] = derived
    fact["t"] = fact_type
    fact["sid"] = sid
    return fact
