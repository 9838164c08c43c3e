"""Absence asks, it does not condemn: the presence tests of a rule's requirement made three-valued.

A requirement that a document *says* something (`behovsmelding.needs_assessment.description is present`)
cannot be found unmet because the document is silent: the applicant may simply not have written it. So, in a
rule's `condition`, a presence test in a *positive* position — reached through `and`, `or` and the body of
`all(...)`/`any(...)` — is an asking test: present → true, absent → unknown, and the finding is
`missing_information` with the pointer of what to ask for.

A presence test keeps its plain, two-valued meaning where absence is itself what is tested: under `not`
(`x is missing` is `not (x is present)`), in the body of `none(...)`, in the `where` filter of an aggregate,
in `applies_when` and in `judgement.when` (those are guards, not requirements), and in every rule that
declares `absence_fails` with its reason (a mandatory field of the authority's own grant letter; a private
school owner who shows no approval).
"""

from __future__ import annotations

import dataclasses

from . import tree as t


def asking(node):
    """The condition with every presence test in a positive logical position made an asking test."""
    if isinstance(node, t.Present):
        return dataclasses.replace(node, asks=True)
    if isinstance(node, (t.And, t.Or)):
        return dataclasses.replace(node, items=tuple(asking(i) for i in node.items))
    if isinstance(node, t.Quantified) and node.kind in ("all", "any"):
        return dataclasses.replace(node, body=asking(node.body))
    return node


def asks(node) -> bool:
    """Whether the condition holds an asking presence test."""
    return any(isinstance(n, t.Present) and n.asks for n in t.walk(node))


def can_fail(node) -> bool:
    """Whether the condition can be false on some case (conservative: True unless it is certainly never false).
    A condition made only of asking presence tests is never false: it is met or asks."""
    if isinstance(node, t.Present):
        return not node.asks
    if isinstance(node, t.Const):
        return not node.value
    if isinstance(node, t.And):
        return any(can_fail(i) for i in node.items)
    if isinstance(node, t.Or):
        return all(can_fail(i) for i in node.items)
    if isinstance(node, t.Quantified) and node.kind == "all":
        return can_fail(node.body)
    return True


def presence_paths(node) -> list:
    """The paths of the plain (two-valued) presence tests of a condition, in order."""
    return [n.path for n in t.walk(node) if isinstance(n, t.Present) and not n.asks]
