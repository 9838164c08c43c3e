"""`forskrift sum`: the applications to an office added up per call and compared with the call's frame, with the
arithmetic shown (forskrift/analysis/frame.py)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from forskrift.analysis.frame import kr, tally
from forskrift.cli import main

ROOT = Path(__file__).resolve().parent.parent
FOLDER = ROOT / "cases" / "tilrettelegging"


@pytest.fixture(scope="module")
def report():
    return tally([FOLDER], engine="reference")


def test_each_office_is_counted_under_its_own_call(report):
    by_call = {c["call"]: c for c in report["calls"]}
    assert set(by_call) == {"rogaland-tilrettelegging-2025-2026", "oslo-viken-tilrettelegging-2022-2023"}
    rogaland = by_call["rogaland-tilrettelegging-2025-2026"]
    assert len(rogaland["applications"]) == len(list(FOLDER.glob("rogaland-*.json")))
    assert rogaland["frame"]["amount"] == 8021700
    # the 2026 application has no call with a frame (none is shipped for 2026): listed, not counted
    assert not report["errors"]
    assert [item["case"] for item in report["without_call"]] == ["ROG-TM-2026-RANDABERG"]


def test_the_figures_add_up(report):
    for call in report["calls"]:
        applications = call["applications"]
        assert call["applied"] == sum(sum(a["amounts"]) for a in applications)
        assert call["applied"] == sum(call["by_decision"].values())
        assert call["may_be_granted"] == call["by_decision"]["eligible"] + call["by_decision"]["undetermined"]
        assert call["difference"] == call["frame"]["amount"] - call["may_be_granted"]
        assert call["within_frame"] == (call["difference"] >= 0)
    stavanger = next(a for c in report["calls"] for a in c["applications"] if a["case"] == "ROG-TM-2025-STAVANGER")
    assert stavanger["amounts"] == [50000, 40000, 50000] and stavanger["amount"] == 140000


def test_a_student_without_an_amount_is_counted_as_unknown(report):
    strand = next(a for c in report["calls"] for a in c["applications"] if a["case"] == "ROG-TM-2025-STRAND")
    assert strand["students_without_amount"] == 1 and strand["amount"] == 0
    rogaland = next(c for c in report["calls"] if c["call"] == "rogaland-tilrettelegging-2025-2026")
    assert rogaland["incomplete"] == 1


def test_text_shows_the_arithmetic(capsys):
    code = main(["sum", str(FOLDER / "rogaland-stavanger-2025-eligible.json"),
                 str(FOLDER / "rogaland-karmoy-fast-stilling-ikke-oppgitt-undetermined.json")])
    out = capsys.readouterr().out
    assert code == 0
    assert "Ramme: 8 021 700 kr" in out
    assert "3 stud.: 50 000 + 40 000 + 50 000 = 140 000 kr  [i orden]" in out
    assert "Søkt i alt: 140 000 + 50 000 = 190 000 kr" in out
    assert "Ramme − kan innvilges: 8 021 700 kr − 190 000 kr = 7 831 700 kr (innenfor rammen)" in out


def test_over_the_frame_exits_1_and_says_so(tmp_path, capsys):
    call = tmp_path / "rogaland-tilrettelegging-2025-2026"
    shutil.copytree(ROOT / "rules" / "rogaland-tilrettelegging-2025-2026", call)
    meta = call / "rulebook.yaml"
    meta.write_text(meta.read_text(encoding="utf-8").replace("amount: 8021700", "amount: 100000"), encoding="utf-8")
    stavanger = str(FOLDER / "rogaland-stavanger-2025-eligible.json")
    code = main(["sum", "--rules", str(call), "--format", "json", stavanger])
    data = json.loads(capsys.readouterr().out)
    assert code == 1
    (only,) = data["calls"]
    assert (only["frame"]["amount"], only["may_be_granted"], only["difference"]) == (100000, 140000, -40000)
    assert main(["sum", "--rules", str(call), str(FOLDER / "rogaland-stavanger-2025-eligible.json")]) == 1
    assert "100 000 kr − 140 000 kr = -40 000 kr (over rammen" in capsys.readouterr().out


def test_a_bad_file_is_named_and_exits_2(tmp_path, capsys):
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    assert main(["sum", str(bad), str(FOLDER / "rogaland-stavanger-2025-eligible.json")]) == 2
    assert "bad.json" in capsys.readouterr().out


def test_kr_groups_thousands():
    assert kr(8021700) == "8 021 700 kr" and kr(-40000) == "-40 000 kr" and kr(0) == "0 kr"


def test_text_in_nynorsk(capsys):
    code = main(["sum", str(FOLDER / "rogaland-stavanger-2025-eligible.json"),
                 str(FOLDER / "rogaland-karmoy-fast-stilling-ikke-oppgitt-undetermined.json"), "--lang", "nn"])
    out = capsys.readouterr().out
    assert code == 0 and "2 søknader, 4 studentar:" in out
    assert "Kan innvilgast (i orden + ikkje avgjort): 140 000 kr + 50 000 kr = 190 000 kr" in out
    assert "Ramme − kan innvilgast: 8 021 700 kr − 190 000 kr = 7 831 700 kr (innanfor ramma)" in out
