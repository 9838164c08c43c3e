"""The cache of parsed conditions (forskrift/conditions/parse.py): a second process reads the shipped rulebooks
without importing lark and gets the same trees; a spoilt cache is parsed anew; a text that does not parse is never
kept; the cache's name changes with the grammar and the code that builds the trees."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

PROBE = """
import json, sys
from forskrift.conditions import parse
from forskrift.rulebook import registry
trees = {}
for rid in ("lokal-2021", "kollektiv-2026"):
    for rule in registry.get(rid).rules:
        trees[rule.id] = repr(rule.condition)
parse.save()
print(json.dumps({"lark": "lark" in sys.modules, "trees": trees, "kept": len(parse._PARSED)}))
"""


def _run(cache: Path, code: str = PROBE) -> dict:
    env = dict(os.environ, FORSKRIFT_CACHE=str(cache), PYTHONPATH=str(ROOT))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=ROOT,
                         timeout=300)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout.splitlines()[-1])


def test_a_second_process_reads_the_rulebooks_without_lark_and_gets_the_same_trees(tmp_path):
    first = _run(tmp_path)
    assert first["lark"] is True and first["kept"] > 100
    assert len(list(tmp_path.glob("conditions-*.pickle"))) == 1
    second = _run(tmp_path)
    assert second["lark"] is False                       # every condition came from the cache
    assert second["trees"] == first["trees"]
    off = _run(Path("off"))                              # FORSKRIFT_CACHE=off: parsed, nothing kept
    assert off["lark"] is True and off["trees"] == first["trees"]


def test_a_spoilt_cache_is_parsed_anew_and_written_again(tmp_path):
    first = _run(tmp_path)
    kept = next(tmp_path.glob("conditions-*.pickle"))
    kept.write_bytes(b"not a pickle at all")
    again = _run(tmp_path)
    assert again["lark"] is True and again["trees"] == first["trees"]
    assert _run(tmp_path)["lark"] is False


def test_a_text_that_does_not_parse_is_not_kept_and_still_says_where(tmp_path):
    code = """
import json
from forskrift.conditions import parse
out = []
for _ in range(2):
    try:
        parse.parse_condition("case.grant_year >= ")
    except parse.ConditionSyntaxError as exc:
        out.append(str(exc))
print(json.dumps({"errors": out, "kept": "case.grant_year >= " in parse._PARSED}))
"""
    seen = _run(tmp_path, code)
    assert len(seen["errors"]) == 2 and "ends too early" in seen["errors"][0] and not seen["kept"]


def test_the_cache_is_named_by_the_grammar_and_the_tree_code(monkeypatch, tmp_path):
    from forskrift import cache
    from forskrift.conditions import parse

    monkeypatch.setattr(cache, "_FOLDER", [tmp_path])
    name = parse._file()
    assert name is not None and name.parent == tmp_path
    assert set(parse._SOURCES) >= {"grammar.lark", "lark_parser.py", "tree.py"}
    monkeypatch.setattr(parse, "_SOURCES", (*parse._SOURCES[:-1], "bind.py"))   # other code, another name
    assert parse._file() != name


def test_a_condition_not_from_a_rule_file_is_not_kept(tmp_path):
    code = """
import json
from forskrift.conditions import parse
parse.parse_condition("case.grant_year >= 2024 and case.grant_year < 2099")
parse.parse_condition("case.grant_year >= 2025", keep=True)
print(json.dumps({"kept": sorted(parse._PARSED), "new": parse._STATE["new"]}))
"""
    assert _run(tmp_path, code) == {"kept": ["case.grant_year >= 2025"], "new": 1}


@pytest.mark.parametrize("text", ["", "   "])
def test_an_empty_condition_is_refused_before_the_cache(text):
    from forskrift.conditions.parse import ConditionSyntaxError, parse_condition

    with pytest.raises(ConditionSyntaxError, match="empty"):
        parse_condition(text)
