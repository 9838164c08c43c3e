"""Hostile input beyond the cases of test_bad_input.py: folders with symbolic-link loops, files that are not
regular files, every bad case file through the library API (`Checker.check_bytes`) and through a real process
(exit 2, one clear message, no traceback, no hang), and nonsense options."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from test_bad_input import BAD_CASES

from forskrift.check import Checker
from forskrift.cli import main
from forskrift.errors import DocumentError

ROOT = Path(__file__).resolve().parent.parent
SANDNES = ROOT / "cases" / "lokal-2021" / "desentralisert-sandnes-eligible.json"


@pytest.fixture(scope="module")
def checker():
    return Checker()


@pytest.mark.parametrize("name", sorted(BAD_CASES))
def test_check_bytes_raises_a_document_error(checker, name):
    data, phrase, _, _ = BAD_CASES[name]
    with pytest.raises(DocumentError) as caught:
        checker.check_bytes(data, f"{name}.json")
    assert phrase in caught.value.message
    assert caught.value.file == f"{name}.json"


@pytest.mark.parametrize("name", ["not-utf8", "invalid-json", "duplicate-keys", "deep", "deep-object", "nan",
                                  "infinity", "huge-integer", "string-for-number", "empty", "lone-surrogate"])
def test_a_real_process_exits_2_with_one_line(tmp_path, name):
    path = tmp_path / f"{name}.json"
    path.write_bytes(BAD_CASES[name][0])
    proc = subprocess.run([sys.executable, "-m", "forskrift", "check", str(path)], capture_output=True,
                          timeout=60, cwd=ROOT, text=True)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stdout + proc.stderr
    assert proc.stderr.startswith(f"forskrift: invalid input: {path}")
    assert len(proc.stderr.strip().splitlines()) == 1
    assert BAD_CASES[name][1] in proc.stderr


def _loop_folder(tmp_path) -> Path:
    folder = tmp_path / "cases"
    (folder / "a").mkdir(parents=True)
    (folder / "a" / "case.json").write_bytes(SANDNES.read_bytes())
    os.symlink(folder, folder / "a" / "back-to-top")          # a folder loop
    os.symlink("self.json", folder / "self.json")              # a file link to itself
    return folder


def test_a_folder_with_a_symlink_loop_ends_and_reports_it(capfd, tmp_path):
    folder = _loop_folder(tmp_path)
    code = main(["check", str(folder), "--format", "jsonl"])
    out, err = capfd.readouterr()
    results = [json.loads(line) for line in out.splitlines()]
    assert code == 2
    assert "Traceback" not in out + err
    ok = [r for r in results if "decision" in r]
    assert [r["case"]["file"] for r in ok] == [str(folder / "a" / "case.json")]
    errors = {Path(r["file"]).name: r["error"]["message"] for r in results if "error" in r}
    assert "folder loop" in errors["back-to-top"]
    assert "cannot read file" in errors["self.json"]
    assert err.strip().splitlines()[-1].endswith("1 eligible, 0 not_eligible, 0 undetermined, 2 invalid")


def test_a_symlink_loop_in_a_real_process_does_not_hang(tmp_path):
    folder = _loop_folder(tmp_path)
    proc = subprocess.run([sys.executable, "-m", "forskrift", "check", str(folder), "--format", "json"],
                          capture_output=True, timeout=60, cwd=ROOT, text=True)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert len(json.loads(proc.stdout)) == 3


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_named_pipe_is_refused_without_blocking(capfd, tmp_path):
    pipe = tmp_path / "pipe.json"
    os.mkfifo(pipe)
    code = main(["check", str(pipe), "--format", "json"])
    out, err = capfd.readouterr()
    assert code == 2
    assert "not a regular file" in json.loads(out)["error"]["message"]


@pytest.mark.parametrize("argv", [["--max-bytes", "0"], ["--max-bytes", "-5"], ["--max-bytes", "lots"],
                                  ["--jobs", "0"], ["--format", "xml"]])
def test_nonsense_options_exit_2(capfd, argv):
    with_exit = None
    try:
        with_exit = main(["check", str(SANDNES), *argv])
    except SystemExit as exc:   # argparse refuses some values itself, with exit status 2
        with_exit = exc.code
    _, err = capfd.readouterr()
    assert with_exit == 2
    assert "Traceback" not in err and "error" in err


@pytest.mark.parametrize("name", ["deep", "not-utf8", "empty", "duplicate-keys"])
def test_verify_refuses_a_hostile_result_file(capfd, tmp_path, name):
    result = tmp_path / "result.json"
    result.write_bytes(BAD_CASES[name][0])
    assert main(["verify", str(result), str(SANDNES)]) == 2
    out, err = capfd.readouterr()
    assert out == "" and err.startswith("forskrift: error: ") and "Traceback" not in err


@pytest.mark.parametrize("digit", ["¹", "²", "١", "𝟙", "⑴"])
def test_a_key_that_is_a_digit_of_another_script_is_a_clear_problem(checker, digit):
    """Found by the thorough fuzz: a key such as "¹" is a digit to `str.isdigit` but not to `int`; sorting the
    schema problems by pointer raised ValueError (a traceback) instead of reporting the document."""
    doc = json.loads(SANDNES.read_text(encoding="utf-8"))
    doc[digit] = None
    doc["behovsmelding"]["budget"][digit] = 1
    with pytest.raises(DocumentError) as caught:
        checker.check_bytes(json.dumps(doc).encode("utf-8"), "digit.json")
    assert caught.value.message
