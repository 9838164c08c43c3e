"""The rule tests beside the rule files (rules/<id>/*_test.yaml) pass with both engines; `forskrift test`
reports failures with a diff and bad input with exit 2; the JSON-pointer changes of a test input work."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from forskrift.analysis import ruletests
from forskrift.cli import main
from forskrift.engine import durable
from forskrift.rulebook import registry

ROOT = Path(__file__).resolve().parent.parent
RULEBOOKS = registry.all_shipped()
TESTS = [(rb, test) for rb in RULEBOOKS for test in ruletests.load_tests(rb)]
ENGINES = ("durable", "reference")


@pytest.fixture(scope="module")
def runners():
    made: dict = {}

    def get(engine):
        if engine == "durable" and not durable.available():
            pytest.skip(f"durable-rules cannot be imported here ({durable.IMPORT_ERROR})")
        return made.setdefault(engine, ruletests.Runner(engine))

    return get


def test_every_shipped_rulebook_has_rule_tests():
    for rb in RULEBOOKS:
        assert ruletests.test_files(rb), rb.id


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("rulebook,test", TESTS, ids=[f"{rb.id}/{t.id}" for rb, t in TESTS])
def test_rule_test(runners, engine, rulebook, test):
    result = runners(engine).run(test, rulebook)
    assert result.outcome == "passed", "\n".join(result.diff) or result.error


# -- the runner and the command ------------------------------------------------------------------------

def _copy_rulebook(tmp_path: Path) -> Path:
    """A working copy of lokal-2021 at tmp/rules/lokal-2021 with the cases it needs at tmp/cases."""
    folder = tmp_path / "rules" / "lokal-2021"
    shutil.copytree(ROOT / "rules" / "lokal-2021", folder)
    shutil.copytree(ROOT / "cases", tmp_path / "cases")
    return folder


def _write_test(folder: Path, text: str):
    for old in folder.glob("*_test.yaml"):
        old.unlink()
    (folder / "x_test.yaml").write_text(text, encoding="utf-8")


def test_failing_test_reports_a_diff_and_exits_1(tmp_path, capsys):
    folder = _copy_rulebook(tmp_path)
    _write_test(folder, """tests:
  - name: wrong on purpose
    input:
      base: cases/lokal-2021/desentralisert-sandnes-eligible.json
      set: {/behovsmelding/egenandel/amount: 1}
    expect:
      decision: eligible
      findings:
        7.2-3-egenandel: {status: met, citation: punkt 7.2 nr. 2}
""")
    code = main(["test", str(folder)])
    out = capsys.readouterr().out
    assert code == 1
    assert "FAIL" in out and "x_test.yaml:2 wrong on purpose" in out
    assert "-decision: eligible" in out and "+decision: not_eligible" in out
    assert "-7.2-3-egenandel: met [punkt 7.2 nr. 2]" in out
    assert "+7.2-3-egenandel: not_met [forskrift 26. januar 2021 nr. 230 punkt 7.2 nr. 3]" in out
    assert "0 passed, 1 failed" in out


def test_explains_compares_the_words_of_the_explanation(tmp_path, capsys):
    """`explains` holds the arithmetic a caseworker reads: words it does not find fail the test, with the whole
    explanation in the diff."""
    folder = _copy_rulebook(tmp_path)
    _write_test(folder, """tests:
  - name: right words
    input: {case: cases/lokal-2021/desentralisert-klepp-egenandel-20-prosent-not-eligible.json}
    expect:
      decision: not_eligible
      findings:
        7.2-3-egenandel: {status: not_met, explains: "det mangler 75 000 kr"}
  - name: wrong words
    input: {case: cases/lokal-2021/desentralisert-klepp-egenandel-20-prosent-not-eligible.json}
    expect:
      decision: not_eligible
      findings:
        7.2-3-egenandel: {status: not_met, explains: "det mangler 1 kr"}
""")
    code = main(["test", str(folder)])
    out = capsys.readouterr().out
    assert code == 1
    assert "x_test.yaml:8 wrong words" in out and "right words" not in out
    assert '-7.2-3-egenandel: not_met explains="det mangler 1 kr"' in out
    assert "+7.2-3-egenandel: not_met explains=\"Egenandelen er" in out and "det mangler 75 000 kr" in out
    assert "1 passed, 1 failed" in out


def test_json_format(tmp_path, capsys):
    folder = _copy_rulebook(tmp_path)
    _write_test(folder, """tests:
  - name: ok
    input: {case: cases/lokal-2021/desentralisert-sandnes-eligible.json}
    expect: {decision: eligible, findings: {7.2-3-egenandel: met}}
""")
    assert main(["test", str(folder), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["summary"] == {"passed": 1, "failed": 0, "error": 0}
    assert data["results"][0]["test"] == "x_test.yaml::ok"


@pytest.mark.parametrize("text,message", [
    ("tests:\n  - name: a\n    input: {case: cases/none.json}\n"
     "    expect: {decision: eligible, findings: {7.2-3-egenandel: met}}\n",
     "no case file 'cases/none.json'"),
    ("tests:\n  - name: a\n    input: {case: cases/lokal-2021/desentralisert-sandnes-eligible.json}\n"
     "    expect: {decision: eligible, findings: {no-such-rule: met}}\n", "has no rule 'no-such-rule'"),
    ("tests:\n  - name: a\n    input: {case: x.json, base: y.json}\n"
     "    expect: {decision: eligible, findings: {7.2-3-egenandel: met}}\n", "input names either `case`"),
    ("tests:\n  - name: a\n    input: {base: cases/lokal-2021/desentralisert-sandnes-eligible.json,\n"
     "            remove: [/nope/x]}\n"
     "    expect: {decision: eligible, findings: {7.2-3-egenandel: met}}\n", "/nope/x: no 'nope'"),
    ("tests:\n  - name: a\n    input: {case: cases/lokal-2021/desentralisert-sandnes-eligible.json}\n"
     "    expect: {decision: eligible, findings: {7.2-3-egenandel: mett}}\n", "a finding is a status"),
    ("tests:\n  - name: a\n    input: {base: cases/lokal-2021/desentralisert-sandnes-eligible.json, "
     "set: {/case/scheme: skole}}\n    expect: {decision: eligible, findings: {7.2-3-egenandel: met}}\n",
     "/case/scheme"),
    ("tests: [\n", "YAML error"),
    ("tests:\n  - &a {name: a}\n", "anchors and aliases"),
])
def test_bad_input_exits_2(tmp_path, capsys, text, message):
    folder = _copy_rulebook(tmp_path)
    _write_test(folder, text)
    code = main(["test", str(folder)])
    captured = capsys.readouterr()
    assert code == 2
    assert message in captured.out + captured.err
    assert "Traceback" not in captured.out + captured.err


def test_unknown_rulebook_exits_2(capsys):
    assert main(["test", "no-such-rulebook"]) == 2
    assert "no rulebook 'no-such-rulebook'" in capsys.readouterr().err


def test_apply_changes():
    doc = {"a": {"b": [1, 2]}, "c": 1}
    out = ruletests.apply_changes(doc, {"/a/b/-": 3, "/a/b/0": 9, "/x/y": {"z": True}, "/a~1b": 1}, ["/c"])
    assert out == {"a": {"b": [9, 2, 3]}, "x": {"y": {"z": True}}, "a/b": 1}
    assert doc == {"a": {"b": [1, 2]}, "c": 1}
    with pytest.raises(KeyError):
        ruletests.apply_changes(doc, {"/a/b/7": 1}, None)
    with pytest.raises(KeyError):
        ruletests.apply_changes(doc, None, ["/a/q"])
