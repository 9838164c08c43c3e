"""A loaded rulebook kept for the next process (forskrift/rulebook/kept.py): a second process gets the same
rulebook without loading it; a changed rule file, a spoilt file or an amending rulebook is loaded anew."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PROBE = """
import json, sys
from forskrift.rulebook import registry
loaded = []
original = registry.load_rulebook
def counting(folder, *a, **k):
    loaded.append(str(folder))
    return original(folder, *a, **k)
registry.load_rulebook = counting
rb = registry.get(sys.argv[1])
print(json.dumps({"loaded": loaded, "hash": rb.hash, "rules": [repr(r) for r in rb.rules],
                  "provisions": [repr(p) for p in rb.provisions]}))
"""


def _run(cache: Path, rulebook: str) -> dict:
    env = dict(os.environ, FORSKRIFT_CACHE=str(cache), PYTHONPATH=str(ROOT))
    out = subprocess.run([sys.executable, "-c", PROBE, rulebook], capture_output=True, text=True, env=env,
                         cwd=ROOT, timeout=300)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout.splitlines()[-1])


def test_a_second_process_gets_the_same_rulebook_without_loading_it(tmp_path):
    first = _run(tmp_path, "lokal-2021")
    assert len(first["loaded"]) == 1 and len(list((tmp_path / "rulebooks").glob("*.pickle"))) == 1
    second = _run(tmp_path, "lokal-2021")
    assert second["loaded"] == []
    assert second == dict(first, loaded=[])
    off = _run(Path("off"), "lokal-2021")          # FORSKRIFT_CACHE=off: loaded, nothing kept
    assert len(off["loaded"]) == 1 and off["rules"] == first["rules"]


def test_a_changed_rule_file_is_loaded_anew(tmp_path):
    copy = tmp_path / "lokal-2021"
    shutil.copytree(ROOT / "rules" / "lokal-2021", copy)
    cache = tmp_path / "cache"
    first = _run(cache, str(copy))
    assert _run(cache, str(copy))["loaded"] == []
    rule_file = sorted(p for p in copy.glob("*.yaml") if not p.name.endswith("_test.yaml")
                       and p.name not in ("rulebook.yaml", "values.yaml", "mutants.yaml"))[0]
    rule_file.write_text(rule_file.read_text(encoding="utf-8") + "\n# a comment changes the content\n",
                         encoding="utf-8")
    again = _run(cache, str(copy))
    assert len(again["loaded"]) == 1 and again["hash"] != first["hash"]
    assert _run(cache, str(copy))["loaded"] == []


def test_a_spoilt_kept_rulebook_is_loaded_anew(tmp_path):
    first = _run(tmp_path, "lokal-2021")
    for kept in (tmp_path / "rulebooks").glob("*.pickle"):
        kept.write_bytes(b"\x80\x05not a pickle")
    again = _run(tmp_path, "lokal-2021")
    assert len(again["loaded"]) == 1 and again["rules"] == first["rules"]
    assert _run(tmp_path, "lokal-2021")["loaded"] == []


def test_a_rulebook_that_amends_another_is_not_kept(tmp_path):
    from forskrift.rulebook import registry

    amending = [rb.id for rb in registry.all_shipped() if rb.amends]
    assert amending, "a shipped rulebook amends another"
    first = _run(tmp_path, amending[0])
    again = _run(tmp_path, amending[0])     # loaded again, not kept: its base could change under it
    assert [Path(f).name for f in again["loaded"]] == [amending[0]] and again["rules"] == first["rules"]
