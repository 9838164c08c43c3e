"""The Lark grammar's parser: condition text into the tree of `tree.py`; no eval of anything in a rule file.

Imported only when a condition is not in the parsed-conditions cache (`parse.py`): importing lark is a fifth of a
cold check."""

from __future__ import annotations

from fractions import Fraction
from functools import lru_cache
from pathlib import Path as FsPath

import lark
from lark import Lark, Token, Transformer, Tree, v_args
from lark.exceptions import LarkError, UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken

from .. import cache
from . import tree as t
from .syntax import MAX_DEPTH, ConditionSyntaxError


def _too_deep(tree) -> bool:
    """Whether the parse tree is deeper than MAX_DEPTH, found without recursion (the tree is built without it;
    everything after it — building, binding, compiling, evaluating — recurses along it)."""
    stack = [(tree, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            return True
        if isinstance(node, Tree):
            stack.extend((child, depth + 1) for child in node.children)
    return False


@lru_cache(maxsize=1)
def _parser() -> Lark:
    grammar = (FsPath(__file__).parent / "grammar.lark").read_text(encoding="utf-8")
    # lark's own cache of the parser tables (a tenth of a cold check), kept in the user's cache folder under a
    # name that changes with the grammar and lark's version
    folder = cache.folder()
    kept = str(folder / f"grammar-{cache.fingerprint(grammar.encode(), lark.__version__.encode())[:16]}.lark") \
        if folder is not None else False
    return Lark(grammar, parser="lalr", lexer="contextual", propagate_positions=False, maybe_placeholders=True,
                cache=kept)


_READABLE = {
    "COMP": "a comparison (== != < <= > >=)", "NAME": "a field name", "NUMBER": "a number",
    "PERCENT": "a percentage", "STRING": "a text in quotes", "DATE": "a date (YYYY-MM-DD)", "LPAR": "'('",
    "RPAR": "')'", "LSQB": "'['", "RSQB": "']'", "COMMA": "','", "COLON": "':'", "DOT": "'.'", "PLUS": "'+'",
    "MINUS": "'-'", "STAR": "'*'", "SLASH": "'/'", "QUANT": "any/all/none", "AGG": "sum/min/max",
    "FUNC": "date/year", "$END": "end of the condition",
}


def _number(token: Token) -> Fraction:
    return Fraction(str(token))


@v_args(inline=True)
class _Build(Transformer):
    def or_(self, *items):
        return items[0] if len(items) == 1 else t.Or(tuple(items))

    def and_(self, *items):
        return items[0] if len(items) == 1 else t.And(tuple(items))

    def not_(self, item):
        return t.Not(item)

    def compare(self, left, op, right):
        return t.Compare(str(op), left, right)

    def in_(self, value, options):
        return t.In(value, options)

    def not_in(self, value, options):
        return t.Not(t.In(value, options))

    def contains(self, array, value):
        if not isinstance(array, t.Path):
            raise ConditionSyntaxError("'contains' needs a field holding a list on its left")
        if not isinstance(value, t.Lit):
            raise ConditionSyntaxError("'contains' needs a literal value on its right")
        return t.Contains(array, value)

    def present(self, path):
        return t.Present(path)

    def missing(self, path):
        return t.Not(t.Present(path))

    def quantified(self, kind, var, array, body):
        return t.Quantified(str(kind), str(var), array, body)

    def true(self):
        return t.Const(True)

    def false(self):
        return t.Const(False)

    def add(self, a, b):
        return t.Arith("+", a, b)

    def sub(self, a, b):
        return t.Arith("-", a, b)

    def mul(self, a, b):
        return t.Arith("*", a, b)

    def div(self, a, b):
        return t.Arith("/", a, b)

    def percent_of(self, pct, value):
        return t.Arith("*", self.percent(pct), value)

    def neg(self, value):
        if isinstance(value, t.Lit) and value.kind == "number":
            return t.Lit(-value.value, "number")
        return t.Arith("-", t.Lit(Fraction(0), "number"), value)

    def number(self, token):
        return t.Lit(_number(token), "number")

    def percent(self, token):
        return t.Lit(Fraction(str(token).rstrip("%").strip()) / 100, "number")

    def string(self, token):
        raw = str(token)[1:-1]
        return t.Lit(raw.replace('\\"', '"').replace("\\\\", "\\"), "string")

    def date_lit(self, token):
        return t.Lit(str(token), "date")

    def true_lit(self):
        return t.Lit(True, "boolean")

    def false_lit(self):
        return t.Lit(False, "boolean")

    def list(self, *items):
        return tuple(i for i in items if i is not None)

    def path(self, *names):
        return t.Path(tuple(str(n) for n in names))

    def count_all(self, array):
        return t.Aggregate("count", None, array)

    def count_where(self, var, array, where):
        return t.Aggregate("count", str(var), array, where=where)

    def aggregate(self, fn, var, array, where, value):
        return t.Aggregate(str(fn), str(var), array, where=where, value=value)

    def call(self, fn, *args):
        return t.Call(str(fn), tuple(a for a in args if a is not None))


def parse_text(text: str):
    """Condition text → condition tree. Raises ConditionSyntaxError with the line and column in the text."""
    try:
        parsed = _parser().parse(text)
        if _too_deep(parsed):
            raise ConditionSyntaxError(f"the condition is nested too deeply (more than {MAX_DEPTH} levels of "
                                       "parentheses, `not`, operators or quantifiers); split it into simpler parts")
        return _Build().transform(parsed)
    except UnexpectedToken as exc:
        expected = sorted({_READABLE.get(x, x.lower()) for x in exc.expected if not x.startswith("__")})[:10]
        if exc.token.type == "$END":
            raise ConditionSyntaxError(f"the condition ends too early; expected {', '.join(expected)}") from None
        raise ConditionSyntaxError(f"unexpected {exc.token.value!r}; expected {', '.join(expected)}",
                                   exc.line, exc.column) from None
    except UnexpectedCharacters as exc:
        raise ConditionSyntaxError(f"unexpected character {text[exc.pos_in_stream]!r}",
                                   exc.line, exc.column) from None
    except UnexpectedEOF:
        raise ConditionSyntaxError("the condition ends too early") from None
    except UnexpectedInput as exc:
        raise ConditionSyntaxError(str(exc).splitlines()[0], getattr(exc, "line", None),
                                   getattr(exc, "column", None)) from None
    except ConditionSyntaxError:
        raise
    except LarkError as exc:
        inner = exc.__context__ if isinstance(exc.__context__, ConditionSyntaxError) else None
        if inner:
            raise inner from None
        raise ConditionSyntaxError(str(exc).splitlines()[0]) from None
