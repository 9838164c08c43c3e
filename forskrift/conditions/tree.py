"""The condition tree: frozen value objects that every later stage (type check, durable compiler, reference
evaluator, evidence, lint, mutants) works on. Nothing here evaluates anything."""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

# ---- values --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Lit:
    """A literal: number (as Fraction, exact), string, boolean or date (ISO string)."""

    value: object
    kind: str  # number | string | boolean | date


@dataclass(frozen=True)
class Path:
    """A field of the case (var is None) or of the item bound by a quantifier (var is its name)."""

    parts: tuple[str, ...]
    var: str | None = None
    kind: str = "any"            # filled in by the type check: number, integer, string, date, boolean, array...
    enum: tuple | None = None
    item_kind: str | None = None  # for arrays of scalars

    def dotted(self) -> str:
        return ".".join(((self.var,) if self.var else ()) + self.parts)


@dataclass(frozen=True)
class Aggregate:
    """count / sum / min / max over the items of an array, optionally filtered by `where`."""

    fn: str                      # count | sum | min | max
    var: str | None
    array: Path
    where: Cond | None = None
    value: Value | None = None   # for sum / min / max
    kind: str = "number"


@dataclass(frozen=True)
class Arith:
    op: str                      # + - * /
    left: Value
    right: Value
    kind: str = "number"


@dataclass(frozen=True)
class Call:
    fn: str                      # date | year
    args: tuple[Value, ...]
    kind: str = "any"


Value = Lit | Path | Aggregate | Arith | Call


# ---- conditions ----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Const:
    value: bool


@dataclass(frozen=True)
class And:
    items: tuple[Cond, ...]


@dataclass(frozen=True)
class Or:
    items: tuple[Cond, ...]


@dataclass(frozen=True)
class Not:
    item: Cond


@dataclass(frozen=True)
class Compare:
    op: str                      # == != < <= > >=
    left: Value
    right: Value


@dataclass(frozen=True)
class In:
    value: Value
    options: tuple[Lit, ...]


@dataclass(frozen=True)
class Contains:
    """An array of scalars contains a literal."""

    array: Path
    value: Lit


@dataclass(frozen=True)
class Present:
    """`path is present`. A plain test is two-valued (absent → false). With `asks` (set by the loader on the
    presence tests of a rule's requirement, conditions/absence.py) an absent field is unknown: absence asks,
    it does not condemn."""

    path: Path
    asks: bool = False


@dataclass(frozen=True)
class Quantified:
    kind: str                    # any | all | none
    var: str
    array: Path
    body: Cond = field(default_factory=lambda: Const(True))


Cond = Const | And | Or | Not | Compare | In | Contains | Present | Quantified

NEGATED = {"==": "!=", "!=": "==", "<": ">=", ">=": "<", ">": "<=", "<=": ">"}
FLIPPED = {"==": "==", "!=": "!=", "<": ">", ">": "<", "<=": ">=", ">=": "<="}


def fraction(text: str) -> Fraction:
    return Fraction(text)


def children(node) -> tuple:
    """Direct sub-nodes of a node (conditions and values), for generic walks."""
    if isinstance(node, (And, Or)):
        return node.items
    if isinstance(node, Not):
        return (node.item,)
    if isinstance(node, Compare):
        return (node.left, node.right)
    if isinstance(node, In):
        return (node.value, *node.options)
    if isinstance(node, Contains):
        return (node.array, node.value)
    if isinstance(node, Present):
        return (node.path,)
    if isinstance(node, Quantified):
        return (node.array, node.body)
    if isinstance(node, Aggregate):
        return tuple(x for x in (node.array, node.where, node.value) if x is not None)
    if isinstance(node, Arith):
        return (node.left, node.right)
    if isinstance(node, Call):
        return node.args
    return ()


def walk(node):
    yield node
    for child in children(node):
        yield from walk(child)


def to_text(node) -> str:
    """The tree written back in the condition language (used by lint, mutants and explanations)."""
    if isinstance(node, Const):
        return "true" if node.value else "false"
    if isinstance(node, And):
        return " and ".join(_wrap(i, (Or,)) for i in node.items)
    if isinstance(node, Or):
        return " or ".join(_wrap(i, (And,)) for i in node.items)
    if isinstance(node, Not):
        return "not " + _wrap(node.item, (And, Or, Compare, In, Contains, Present))
    if isinstance(node, Compare):
        return f"{to_text(node.left)} {node.op} {to_text(node.right)}"
    if isinstance(node, In):
        return f"{to_text(node.value)} in [{', '.join(to_text(o) for o in node.options)}]"
    if isinstance(node, Contains):
        return f"{to_text(node.array)} contains {to_text(node.value)}"
    if isinstance(node, Present):
        return f"{to_text(node.path)} is present"
    if isinstance(node, Quantified):
        return f"{node.kind}({node.var} in {to_text(node.array)}: {to_text(node.body)})"
    if isinstance(node, Lit):
        if node.kind == "string":
            return '"' + str(node.value).replace("\\", "\\\\").replace('"', '\\"') + '"'
        if node.kind == "boolean":
            return "true" if node.value else "false"
        if node.kind == "number":
            v = node.value
            if isinstance(v, Fraction) and v.denominator != 1:
                return str(float(v))
            return str(int(v)) if isinstance(v, Fraction) else str(v)
        return str(node.value)
    if isinstance(node, Path):
        return node.dotted()
    if isinstance(node, Aggregate):
        if node.fn == "count" and node.where is None:
            return f"count({to_text(node.array)})"
        if node.fn == "count":
            return f"count({node.var} in {to_text(node.array)} where {to_text(node.where)})"
        where = f" where {to_text(node.where)}" if node.where is not None else ""
        return f"{node.fn}({node.var} in {to_text(node.array)}{where}: {to_text(node.value)})"
    if isinstance(node, Arith):
        return f"({to_text(node.left)} {node.op} {to_text(node.right)})"
    if isinstance(node, Call):
        return f"{node.fn}({', '.join(to_text(a) for a in node.args)})"
    raise TypeError(node)


def _wrap(node, kinds) -> str:
    text = to_text(node)
    return f"({text})" if isinstance(node, kinds) else text
