"""Output streams (`forskrift/render/stream.py`): every format writes each result as the batch produces it,
so the first result is out before the last file is read, and the output is what the whole list would give."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from forskrift.check import Checker
from forskrift.cli import main
from forskrift.render.stream import WRITERS, JsonWriter

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "cases" / "lokal-2021").glob("*.json"))
N = 200


class _Recorder(io.StringIO):
    """stdout that notes how many files had been read when it was first written to."""

    def __init__(self, reads: list):
        super().__init__()
        self.reads = reads
        self.first_write_after = None

    def write(self, text):
        if self.first_write_after is None and text:
            self.first_write_after = len(self.reads)
        return super().write(text)


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    root = tmp_path_factory.mktemp("stream")
    for i in range(N):
        doc = json.loads(EXAMPLES[i % len(EXAMPLES)].read_text(encoding="utf-8"))
        doc["case"]["id"] = f"STREAM-{i:04d}"
        (root / f"case-{i:04d}.json").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return root


@pytest.mark.parametrize("fmt", sorted(WRITERS))
def test_the_first_result_is_written_before_the_last_file_is_read(monkeypatch, capsys, folder, fmt):
    reads: list = []
    original = Checker.check_path

    def reading(self, path):
        reads.append(path)
        return original(self, path)

    monkeypatch.setattr(Checker, "check_path", reading)
    out = _Recorder(reads)
    monkeypatch.setattr("sys.stdout", out)
    main(["check", str(folder), "--format", fmt])
    assert len(reads) == N
    assert out.first_write_after is not None and out.first_write_after < N / 2
    text = out.getvalue()
    if fmt == "json":
        assert [r["case"]["id"] for r in json.loads(text)] == [f"STREAM-{i:04d}" for i in range(N)]
    elif fmt == "jsonl":
        assert [json.loads(line)["case"]["id"] for line in text.splitlines()] == [f"STREAM-{i:04d}" for i in range(N)]
    else:
        assert text.count("STREAM-") == N


@pytest.mark.parametrize("results", [[], [{"a": 1}], [{"a": [1, {"b": "x\ny"}]}, {"c": []}]])
def test_the_json_array_is_laid_out_as_one_dump_of_the_list(results):
    out = io.StringIO()
    writer = JsonWriter(out)
    writer.header()
    for result in results:
        writer.result(result)
    writer.footer()
    assert out.getvalue() == json.dumps(results, ensure_ascii=False, indent=2) + "\n"
