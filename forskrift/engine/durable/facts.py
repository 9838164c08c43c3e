"""Build the facts durable-rules evaluates: per group of rules, one fact holding only the fields those rules
read (dates as day numbers) and the slots — sums, counts, arithmetic — computed here, exactly."""

from __future__ import annotations

from ...conditions import reference
from ...errors import EvaluationError
from .compile import INT64_MAX, ProjNode, Slot, durable_number_ok, slot_value, whole_form


def _checked(value, what):
    """A number durable-rules would misread (beyond int64) or crash on (a float written with an exponent) is
    refused here, loudly, instead of going into the fact. The schema's bounds keep case values far inside."""
    kind = type(value)
    if kind is bool or value is None or (kind is int and -INT64_MAX <= value <= INT64_MAX):
        return value   # (what durable_number_ok answers True for at once)
    if not durable_number_ok(value):
        raise EvaluationError(f"{what} = {value!r} is a number durable-rules cannot read exactly; "
                              "evaluate this case with the reference backend")
    return value


def _convert(raw, kind, name="a field"):
    if kind == "date":
        return reference.day_number(raw)
    return _checked(raw, name)


_UNSET = object()


def _computer(slot: Slot):
    """The slot's value as a function (doc, env) -> what goes into the fact: its expression compiled once
    (conditions/reference.py); a truth value as it is, a difference in its whole-number form, another number
    checked for durable-rules."""
    fn = slot.fn
    if slot.truth:
        return fn
    if slot.difference:
        def difference(doc, env):
            found = fn(doc, env)
            return None if found is None else whole_form(found)
        return difference
    what = f"slot {slot.name}"

    def number(doc, env):
        return _checked(slot_value(fn(doc, env)), what)
    return number


def _slots_step(slots):
    """Computes a node's slots for one item (or for the case) into `out`, the same slot (a count, a sum...) of
    several groups once per case and item: the memo key is the slot's expression's key and the items' ids. A
    slot no other group has (`shared` False, set by the engine) is computed without the memo."""
    plan = tuple((_computer(slot), getattr(slot, "memo_key", id(slot)), slot.vars, "_" + slot.name,
                  getattr(slot, "shared", True)) for slot in slots)
    var_sets = tuple({slot.vars for slot in slots})
    if len(var_sets) == 1:   # the usual case: all the node's slots name the items alike, one scope for them
        names = var_sets[0]

        def slots_step_one_scope(doc, chain, ids, memo, out, prefix=True):
            env = None
            for compute, memo_key, _names, field, shared in plan:
                if shared:
                    key = (memo_key, ids)
                    found = memo.get(key, _UNSET)
                    if found is _UNSET:
                        if env is None:
                            env = dict(zip(names, chain, strict=False))
                        found = memo[key] = compute(doc, env)
                else:
                    if env is None:
                        env = dict(zip(names, chain, strict=False))
                    found = compute(doc, env)
                if found is not None:
                    out[field if prefix else field[1:]] = found
        return slots_step_one_scope

    def slots_step(doc, chain, ids, memo, out, prefix=True):
        envs = None     # the variables bound to the items, made only when a slot is computed
        for compute, memo_key, names, field, shared in plan:
            if shared:
                key = (memo_key, ids)
                found = memo.get(key, _UNSET)
                if found is _UNSET:
                    if envs is None:
                        envs = {names: dict(zip(names, chain, strict=False)) for names in var_sets}
                    found = memo[key] = compute(doc, envs[names])
            else:
                if envs is None:
                    envs = {names: dict(zip(names, chain, strict=False)) for names in var_sets}
                found = compute(doc, envs[names])
            if found is not None:
                out[field if prefix else field[1:]] = found
    return slots_step


# The projection of a group is compiled once into closures (as the conditions are, conditions/reference.py):
# each step knows whether it copies a leaf, converts a date, walks a list or descends into an object, so that
# building a fact does no dispatch on the ProjNode at run time. It was the largest part of the engine's time.

def _leaf_step(name: str, kind: str):
    if kind == "date":
        day_number = reference.day_number

        def date_step(src, doc, chain, ids, memo, out):
            raw = src.get(name)
            if raw is not None:
                value = day_number(raw)
                if value is not None:
                    out[name] = value
        return date_step

    def leaf_step(src, doc, chain, ids, memo, out):
        raw = src.get(name)
        if raw is not None:
            out[name] = raw if type(raw) is str else _checked(raw, name)
    return leaf_step


def _list_step(name: str, item_fn):
    def list_step(src, doc, chain, ids, memo, out):
        raw = src.get(name)
        if isinstance(raw, list):
            out[name] = [item_fn(item, doc, chain, ids, memo) for item in raw]
    return list_step


def _object_step(name: str, project, present: bool):
    def object_step(src, doc, chain, ids, memo, out):
        raw = src.get(name)
        if raw is not None:
            sub = project(raw, doc, chain, ids, memo)
            if sub or present:   # a presence test reads an object even when nothing in it is read
                out[name] = sub
    return object_step


def compile_projection(node: ProjNode):
    """`node` as a function (src, doc, chain, ids, memo) -> the dict the fact carries of `src`; `chain` holds the
    enclosing items, outermost first, and `ids` their ids."""
    steps = []
    for name, child in node.children.items():
        if child.items is not None:
            steps.append(_list_step(name, _compile_item(child.items, name)))
        elif child.leaf_kind is not None and not child.children:
            steps.append(_leaf_step(name, child.leaf_kind))
        else:
            steps.append(_object_step(name, compile_projection(child), child.present))
    steps = tuple(steps)

    def project(src, doc, chain, ids, memo):
        out = {}
        if isinstance(src, dict):
            for step in steps:
                step(src, doc, chain, ids, memo, out)
        return out
    return project


def _compile_item(node: ProjNode, name: str):
    if node.leaf_kind is not None and not node.children and not node.slots:
        kind, what = node.leaf_kind, f"an item of {name}"
        return lambda item, doc, chain, ids, memo: _convert(item, kind, what)
    project = compile_projection(node)
    slots = _slots_step(node.slots) if node.slots else None
    if not _has_slots(node):   # nothing below reads the enclosing items: no chain to extend
        return lambda item, doc, chain, ids, memo: project(item, doc, chain, ids, memo)

    def item_fn(item, doc, chain, ids, memo):
        inner, inner_ids = chain + [item], ids + (id(item),)
        out = project(item, doc, inner, inner_ids, memo)
        if slots is not None:
            slots(doc, inner, inner_ids, memo, out)
        return out
    return item_fn


def _has_slots(node: ProjNode) -> bool:
    return bool(node.slots) or any(_has_slots(child) for child in node.children.values()) or (
        node.items is not None and _has_slots(node.items))


def fact_builder(root: ProjNode, fact_type: str):
    """The compiled builder of one group's fact: (doc, sid, memo) -> fact. Compile it once the group's
    conditions are all compiled (the projection grows while they are) and equal slots share a memo key."""
    project = compile_projection(root)
    slots = _slots_step(root.slots) if root.slots else None

    def build(doc: dict, sid: str, memo: dict) -> dict:
        fact = project(doc, doc, [], (), memo)
        if slots is not None:
            derived: dict = {}
            slots(doc, [], (), memo, derived, prefix=False)
            if derived:
                fact["_d"] = derived
        fact["t"] = fact_type
        fact["sid"] = sid
        return fact
    return build


def build_fact(root: ProjNode, doc: dict, fact_type: str, sid: str, memo: dict | None = None) -> dict:
    """The fact of one group for one case, compiling the projection on the spot (the engine keeps each group's
    compiled builder, `fact_builder`); `memo` (one per case) shares computed slots between the groups."""
    return fact_builder(root, fact_type)(doc, sid, {} if memo is None else memo)
