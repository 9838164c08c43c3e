"""Condition text → the tree of `tree.py`, through a cache of parsed conditions: the Lark parser
(`lark_parser.py`) is imported only for a text the cache does not hold.

The cache is a pickle in the user's cache folder (`forskrift/cache.py`, where lark keeps its parser tables too),
named by a fingerprint of the grammar and of the code that builds the tree, so that a changed grammar or tree is
never read from an old cache; its key is the condition text itself, so a changed rule file is parsed again.
Only the conditions of rule files are kept (the rulebook loader asks for it: conditions made up by a test or
typed into a tool are not), only those that parse, and at most MAX_KEPT of them. A cold check of a shipped
rulebook then needs no lark."""

from __future__ import annotations

import atexit
from pathlib import Path

from .. import __version__, cache
from .syntax import MAX_DEPTH, ConditionSyntaxError  # noqa: F401 - the parser's error, named here for its callers

MAX_KEPT = 5_000   # texts kept across processes (the shipped rulebooks have some 500; uploads must not grow it)
_SOURCES = ("grammar.lark", "lark_parser.py", "tree.py", "syntax.py", "parse.py")


_PARSED: dict[str, object] = {}
_STATE = {"loaded": False, "new": 0}


def parse_condition(text: str, keep: bool = False):
    """Condition text → condition tree. Raises ConditionSyntaxError with the line and column in the text.
    `keep`: a rule file's condition, kept for the next process (see above)."""
    if not isinstance(text, str) or not text.strip():
        raise ConditionSyntaxError("empty condition")
    if not _STATE["loaded"]:
        _load()
    tree = _PARSED.get(text)
    if tree is None:
        from .lark_parser import parse_text

        tree = parse_text(text)
        if keep and len(_PARSED) < MAX_KEPT:
            _PARSED[text] = tree
            _STATE["new"] += 1
            if _STATE["new"] == 1:
                atexit.register(save)
    return tree


def _file() -> Path | None:
    folder = cache.folder()
    if folder is None:
        return None
    here = Path(__file__).parent
    code = cache.files_fingerprint([here / name for name in _SOURCES], __version__.encode())
    return folder / f"conditions-{code[:16]}.pickle" if code else None


def _load() -> None:
    _STATE["loaded"] = True
    path = _file()
    kept = cache.read_pickle(path) if path is not None else None
    if isinstance(kept, dict):   # else none yet, or spoilt: the conditions are parsed again and written anew
        for text, tree in kept.items():
            _PARSED.setdefault(text, tree)


def save() -> None:
    """Write the parsed conditions for the next process (atomically; nothing is kept where it cannot be)."""
    if not _STATE["new"]:
        return
    path = _file()
    if path is not None and cache.write_pickle(path, _PARSED):
        _STATE["new"] = 0
