"""`forskrift check` over a folder of many files: JSON lines in input order, the same with worker processes,
one result per input (failed files with their reason), a summary line on stderr, the exit code of `check`."""

from __future__ import annotations

import json
import random
from collections import Counter
from pathlib import Path

import pytest

from forskrift.cli import main
from forskrift.documents.schemas import SchemaSet

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "cases" / "lokal-2021").glob("*.json"))
N = 300


@pytest.fixture(scope="module")
def findings_validator():
    return SchemaSet(ROOT / "schemas").validator("urn:forskrift:schema:findings")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """300 files in nested folders: the examples with new ids, a few broken files among them."""
    folder = tmp_path_factory.mktemp("corpus")
    rng = random.Random(6)
    expected = {}
    for i in range(N):
        sub = folder / f"batch-{i % 3}"
        sub.mkdir(exist_ok=True)
        path = sub / f"case-{i:04d}.json"
        if i % 50 == 7:
            path.write_bytes(b'{"format": "forskrift-case/2021.1", "case": ')
            expected[str(path)] = "invalid"
            continue
        source = EXAMPLES[rng.randrange(len(EXAMPLES))]
        doc = json.loads(source.read_text(encoding="utf-8"))
        doc["case"]["id"] = f"BATCH-{i:04d}"
        path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
        expected[str(path)] = _expected_status(source.name)
    (folder / "README.txt").write_text("not a case", encoding="utf-8")
    return folder, expected


def _lines(out: str) -> list[dict]:
    return [json.loads(line) for line in out.splitlines()]


def _file(result: dict) -> str:
    return result["file"] if "error" in result else result["case"]["file"]


def _strip(result: dict) -> dict:
    return {k: v for k, v in result.items() if k != "record"}


def _expected_status(name: str) -> str:
    """The decision an example's name announces (a case that needs judgement stays undetermined)."""
    for ending, status in (("-not-eligible.json", "not_eligible"), ("-eligible.json", "eligible"),
                           ("-undetermined.json", "undetermined"), ("-needs-judgement.json", "undetermined")):
        if name.endswith(ending):
            return status
    raise AssertionError(f"example {name} does not name its decision")


def test_jsonl_gives_one_result_per_file_in_sorted_order(capfd, corpus, findings_validator):
    folder, expected = corpus
    code, (out, err) = main(["check", str(folder), "--format", "jsonl"]), capfd.readouterr()
    results = _lines(out)
    assert len(results) == N
    assert [_file(r) for r in results] == sorted(expected)
    for result in results:
        assert list(findings_validator.iter_errors(result)) == []
    invalid = [r for r in results if "error" in r]
    assert [r["file"] for r in invalid] == sorted(p for p, kind in expected.items() if kind == "invalid")
    assert all("invalid JSON" in r["error"]["message"] for r in invalid)
    assert code == 2
    counts = {k: sum(1 for r in results if ("invalid" if "error" in r else r["decision"]["status"]) == k)
              for k in ("eligible", "not_eligible", "undetermined", "invalid")}
    assert err.strip().splitlines()[-1] == (
        f"forskrift: {N} files checked: {counts['eligible']} eligible, {counts['not_eligible']} not_eligible, "
        f"{counts['undetermined']} undetermined, {counts['invalid']} invalid")
    assert err.count("forskrift: invalid input: ") == counts["invalid"] == 6
    assert "Traceback" not in err


def test_jobs_give_the_same_results_in_the_same_order(capfd, corpus):
    folder, _ = corpus
    main(["check", str(folder), "--format", "jsonl"])
    one, err_one = capfd.readouterr()
    code = main(["check", str(folder), "--format", "jsonl", "--jobs", "3"])
    three, err_three = capfd.readouterr()
    assert code == 2
    assert [_strip(r) for r in _lines(one)] == [_strip(r) for r in _lines(three)]
    assert err_one.splitlines()[-1] == err_three.splitlines()[-1]


def test_jobs_with_json_format_and_exit_code(capfd, tmp_path):
    for i, source in enumerate(EXAMPLES):
        (tmp_path / f"{i}.json").write_bytes(source.read_bytes())
    code = main(["check", str(tmp_path), "--format", "json", "--jobs", "2", "--engine", "reference"])
    out, err = capfd.readouterr()
    results = json.loads(out)
    assert len(results) == len(EXAMPLES)
    assert [r["engine"]["name"] for r in results] == ["reference"] * len(EXAMPLES)
    assert code == 1   # some examples are not eligible; none invalid
    counts = Counter(r["decision"]["status"] for r in results)
    assert counts["not_eligible"] >= 1 and counts["eligible"] >= 1
    assert err.strip() == (f"forskrift: {len(EXAMPLES)} files checked: {counts['eligible']} eligible, "
                           f"{counts['not_eligible']} not_eligible, {counts['undetermined']} undetermined, 0 invalid")


def test_decisions_follow_the_examples(capfd, corpus):
    folder, expected = corpus
    main(["check", str(folder), "--format", "jsonl"])
    out, _ = capfd.readouterr()
    for result in _lines(out):
        kind = expected[_file(result)]
        if kind != "invalid":
            assert result["decision"]["status"] == kind, _file(result)


def test_all_eligible_batch_exits_0_and_a_single_file_has_no_summary(capfd, tmp_path):
    eligible = [p for p in EXAMPLES if p.name.endswith("-eligible.json") and "not-eligible" not in p.name]
    for i, source in enumerate(eligible):
        (tmp_path / f"{i}.json").write_bytes(source.read_bytes())
    assert main(["check", str(tmp_path), "--format", "jsonl", "--jobs", "2"]) == 0
    out, err = capfd.readouterr()
    assert len(out.splitlines()) == len(eligible)
    assert err.strip() == f"forskrift: {len(eligible)} files checked: {len(eligible)} eligible, 0 not_eligible, " \
        "0 undetermined, 0 invalid"
    assert main(["check", str(eligible[0]), "--format", "jsonl"]) == 0
    out, err = capfd.readouterr()
    assert len(out.splitlines()) == 1 and err == ""


@pytest.mark.parametrize("value", ["0", "-1", "two"])
def test_bad_jobs_value_exits_2(capfd, value):
    assert main(["check", str(EXAMPLES[0]), "--jobs", value]) == 2
    _, err = capfd.readouterr()
    assert f"--jobs {value!r}" in err and "Traceback" not in err


def test_no_progress_bar_when_stderr_is_not_a_terminal(capfd, corpus):
    folder, _ = corpus
    main(["check", str(folder), "--format", "jsonl"])
    _, err = capfd.readouterr()
    assert "\r" not in err and "case/s" not in err


class _Terminal:
    """A stand-in for stderr that says it is a terminal and keeps what is written to it."""

    def __init__(self):
        self.parts: list[str] = []

    def isatty(self):
        return True

    def write(self, text):
        self.parts.append(text)
        return len(text)

    def flush(self):
        pass


def test_progress_bar_on_a_terminal_and_results_unchanged(capsys, monkeypatch, tmp_path):
    for i, source in enumerate(EXAMPLES):
        (tmp_path / f"{i}.json").write_bytes(source.read_bytes())
    terminal = _Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    code = main(["check", str(tmp_path), "--format", "jsonl"])
    out = capsys.readouterr().out
    written = "".join(terminal.parts)
    assert code == 1
    assert len(out.splitlines()) == len(EXAMPLES)
    assert f"/{len(EXAMPLES)}" in written and "case" in written          # the bar: "8/8 [..., case/s]"
    assert written.rstrip().splitlines()[-1].startswith(f"forskrift: {len(EXAMPLES)} files checked: ")


def test_a_worker_that_dies_loses_nothing(tmp_path):
    """A file that kills its worker gets an error result; every other file its real result, in order."""
    from forskrift.batch import run_batch, work_items
    from forskrift.check import Checker
    names = []
    for i in range(24):
        name = f"{i:02d}-{'crash' if i in (5, 17) else 'case'}.json"
        (tmp_path / name).write_bytes(EXAMPLES[i % len(EXAMPLES)].read_bytes())
        names.append(name)
    items = work_items([str(tmp_path)])
    options = {"rules": None, "date": None, "engine": "reference", "lang": "nb", "max_bytes": 5_000_000}
    results = list(run_batch(items, Checker(**options), options, jobs=2, setup="batch_faults:install"))
    assert [Path(_file(r)).name for r in results] == names
    died = [Path(r["file"]).name for r in results if "error" in r]
    assert died == ["05-crash.json", "17-crash.json"]
    assert all("worker process checking this file died" in r["error"]["message"] for r in results if "error" in r)
    assert all(r["decision"]["status"] == _expected_status(EXAMPLES[i % len(EXAMPLES)].name)
               for i, r in enumerate(results) if "error" not in r)


def _timeout_corpus(tmp_path, slow: tuple[int, ...], word: str) -> list[str]:
    names = []
    for i in range(12):
        name = f"{i:02d}-{word if i in slow else 'case'}.json"
        (tmp_path / name).write_bytes(EXAMPLES[i % len(EXAMPLES)].read_bytes())
        names.append(name)
    return names


def test_a_file_over_the_time_limit_in_a_worker_is_reported_and_the_batch_goes_on(tmp_path):
    """A worker stuck on a file (signals blocked, as in C code) is killed at the limit; the file gets an error
    result, the rest of its chunk is checked by a new worker, in order."""
    from forskrift.batch import run_batch, work_items
    from forskrift.check import Checker
    names = _timeout_corpus(tmp_path, (3, 8), "hang")
    options = {"rules": None, "date": None, "engine": "reference", "lang": "nb", "max_bytes": 5_000_000}
    results = list(run_batch(work_items([str(tmp_path)]), Checker(**options), options, jobs=2,
                             setup="batch_faults:install", timeout=6))
    assert [Path(_file(r)).name for r in results] == names
    late = {Path(r["file"]).name: r["error"]["message"] for r in results if "error" in r}
    assert sorted(late) == ["03-hang.json", "08-hang.json"]
    assert all("longer than 6 s" in message and "--timeout" in message for message in late.values())


def test_a_file_over_the_time_limit_in_this_process_is_reported(tmp_path, monkeypatch):
    import time

    from forskrift.batch import run_batch, work_items
    from forskrift.check import Checker
    names = _timeout_corpus(tmp_path, (4,), "slow")
    original = Checker.check_path

    def slow(self, path):
        if "slow" in path.name:
            while True:
                time.sleep(0.01)
        return original(self, path)

    monkeypatch.setattr(Checker, "check_path", slow)
    options = {"rules": None, "date": None, "engine": None, "lang": "nb", "max_bytes": 5_000_000}
    checker = Checker(**options)
    results = list(run_batch(work_items([str(tmp_path)]), checker, options, jobs=1, timeout=5))
    assert [Path(_file(r)).name for r in results] == names
    assert [Path(r["file"]).name for r in results if "error" in r] == ["04-slow.json"]
    fresh = Checker(**options)   # the files after the one given up are checked as by a new checker
    assert [_strip(r) | {"record": None} for r in results if "error" not in r] == \
        [_strip(fresh.check_path(tmp_path / n)) | {"record": None} for n in names if "slow" not in n]


@pytest.mark.parametrize("value", ["-1", "soon", "nan", "inf"])
def test_bad_timeout_value_exits_2(capfd, value):
    assert main(["check", str(EXAMPLES[0]), "--timeout", value]) == 2
    _, err = capfd.readouterr()
    assert f"--timeout {value!r}" in err and "Traceback" not in err
