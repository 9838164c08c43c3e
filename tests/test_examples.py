"""The example cases in cases/lokal-2021 and cases/kollektiv-2026 give the reports in their X.expected.txt files,
with both engines, and the decisions they were written to show. When a rule changes on purpose, run
cases/regenerate_expected.py and read the diff; when a new example is added, give it an entry in EXPECTED_DECISION."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from forskrift.check import Checker
from forskrift.cli import main
from forskrift.engine import durable
from forskrift.render.text import render_text

ROOT = Path(__file__).resolve().parent.parent
FOLDERS = (Path("cases") / "lokal-2021", Path("cases") / "kollektiv-2026")
FOLDER_OF = {p.name: folder for folder in FOLDERS for p in (ROOT / folder).glob("*.json")}
CASES = sorted(FOLDER_OF)
ENGINES = ("durable", "reference")
SCHEMES = {"regional_barnehage", "desentralisert_skole", "kompetanseloftet"}

# What each example is meant to show: file name → decision status.
EXPECTED_DECISION = {
    "desentralisert-sandnes-eligible.json": "eligible",
    "regional-barnehage-stavanger-eligible.json": "eligible",
    "kompetanseloftet-nord-rogaland-nettverk-eligible.json": "eligible",
    "desentralisert-klepp-egenandel-20-prosent-not-eligible.json": "not_eligible",
    "regional-barnehage-strand-fagskole-partner-not-eligible.json": "not_eligible",
    "desentralisert-friskole-uten-godkjenning-not-eligible.json": "not_eligible",
    "desentralisert-sola-partnerskap-mangler-undetermined.json": "undetermined",
    "kompetanseloftet-eigersund-koordinator-over-10-prosent-needs-judgement.json": "undetermined",
    # networks' behovsmeldinger
    "desentralisert-sor-nettverk-eligible.json": "eligible",
    "regional-barnehage-nord-nettverk-eligible.json": "eligible",
    # the forum's recommendations for the year, one per sub-scheme
    "innstilling-desentralisert-rogaland-2024-eligible.json": "eligible",
    "innstilling-regional-barnehage-rogaland-2024-eligible.json": "eligible",
    "innstilling-kompetanseloftet-rogaland-2024-eligible.json": "eligible",
    "innstilling-regional-barnehage-rogaland-2025-over-30-prosent-not-eligible.json": "not_eligible",
    # money against what is available: bound money, an approximate amount, the plan's distribution key
    "innstilling-regional-barnehage-rogaland-2025-bundne-midler-not-eligible.json": "not_eligible",
    "innstilling-regional-barnehage-rogaland-2025-ca-belop-undetermined.json": "undetermined",
    "innstilling-desentralisert-rogaland-2024-avvik-fra-fordelingsnokkel-undetermined.json": "undetermined",
    # the rest of the procedure
    "tildeling-desentralisert-rogaland-2024-eligible.json": "eligible",
    "tildeling-desentralisert-rogaland-2024-antall-ganger-sats-undetermined.json": "undetermined",
    "tilsagn-desentralisert-sandnes-2024-eligible.json": "eligible",
    "avslag-desentralisert-friskolenettverket-2024-eligible.json": "eligible",
    "klage-desentralisert-friskolenettverket-2024-eligible.json": "eligible",
    "utbetaling-desentralisert-sandnes-2024-eligible.json": "eligible",
    "rapport-desentralisert-sandnes-2024-eligible.json": "eligible",
    "rapport-desentralisert-sandnes-2024-ubrukte-midler-undetermined.json": "undetermined",
    # 2026: an owner's and a network's behovsmelding, one refused, one lacking its partnership; the forum's
    # long-term plan; Statsforvalteren's allocation proposal (§ 12) resting on five behovsmeldinger
    "behovsmelding-strand-eligible.json": "eligible",
    "behovsmelding-midt-nettverk-eligible.json": "eligible",
    "behovsmelding-gjesdal-fagskole-uten-forpliktende-avtale-not-eligible.json": "not_eligible",
    "behovsmelding-ha-partnerskap-mangler-undetermined.json": "undetermined",
    "langsiktig-plan-rogaland-2026-eligible.json": "eligible",
    "fordelingsforslag-rogaland-2026-eligible.json": "eligible",
    # legal fidelity (issue 10): one vocabulary; readings no stricter than the text
    "regional-barnehage-stavanger-tilretteleggingsmidler-eligible.json": "eligible",
    "desentralisert-sandnes-kulturskole-needs-judgement.json": "undetermined",
    "behovsmelding-strand-statped-partner-needs-judgement.json": "undetermined",
    "langsiktig-plan-prinsipper-uten-prosentsatser-needs-judgement.json": "undetermined",
}

# For each sub-scheme: an owner's behovsmelding, a network's behovsmelding and the forum's recommendation.
EXAMPLES_PER_SCHEME = {
    "desentralisert_skole": ("desentralisert-sandnes-eligible.json", "desentralisert-sor-nettverk-eligible.json",
                             "innstilling-desentralisert-rogaland-2024-eligible.json"),
    "regional_barnehage": ("regional-barnehage-stavanger-eligible.json",
                           "regional-barnehage-nord-nettverk-eligible.json",
                           "innstilling-regional-barnehage-rogaland-2024-eligible.json"),
    "kompetanseloftet": ("kompetanseloftet-eigersund-koordinator-over-10-prosent-needs-judgement.json",
                         "kompetanseloftet-nord-rogaland-nettverk-eligible.json",
                         "innstilling-kompetanseloftet-rogaland-2024-eligible.json"),
}

# The rules that decide the examples that are not eligible (the reason the example was written for).
EXPECTED_DECIDED_BY = {
    "desentralisert-sandnes-kulturskole-needs-judgement.json": ["1.2-1-malgruppe"],
    "behovsmelding-strand-statped-partner-needs-judgement.json": ["1-partner"],
    "langsiktig-plan-prinsipper-uten-prosentsatser-needs-judgement.json": ["9-barnehage-skole",
                                                                          "9-eier-kompetansemiljo",
                                                                          "9-tematiske-prioriteringer"],
    "desentralisert-klepp-egenandel-20-prosent-not-eligible.json": ["7.2-3-egenandel"],
    "regional-barnehage-strand-fagskole-partner-not-eligible.json": ["3.3a1-lokale-vurderinger",
                                                                     "3.3c1-partnerskap-uh"],
    "desentralisert-friskole-uten-godkjenning-not-eligible.json": ["3.1-privat-skoleeier-godkjent"],
    "desentralisert-sola-partnerskap-mangler-undetermined.json": ["3.3a1-lokale-vurderinger",
                                                                  "3.3c1-partnerskap-uh"],
    "kompetanseloftet-eigersund-koordinator-over-10-prosent-needs-judgement.json": ["7.2-ledd4-koordinator"],
    "innstilling-regional-barnehage-rogaland-2025-over-30-prosent-not-eligible.json":
        ["3.3d-innstilling-inntil-30-prosent"],
    "behovsmelding-gjesdal-fagskole-uten-forpliktende-avtale-not-eligible.json": ["1-partner"],
    "behovsmelding-ha-partnerskap-mangler-undetermined.json": ["11-i-samarbeid-med-kompetansemiljo", "1-partner"],
}


def path_of(name: str) -> Path:
    """The example's path relative to the repository root (the relative path is part of the report)."""
    return FOLDER_OF[name] / name


def expected_text(name: str) -> str:
    expected = (ROOT / FOLDER_OF[name] / name.removesuffix(".json")).with_suffix(".expected.txt")
    return expected.read_text(encoding="utf-8")


@pytest.fixture(autouse=True)
def _at_repo_root(monkeypatch):
    monkeypatch.chdir(ROOT)


@pytest.fixture(scope="module")
def checkers():
    """One checker per engine for the whole module (the durable engine builds its ruleset once)."""
    made: dict[str, Checker] = {}

    def get(engine: str) -> Checker:
        if engine == "durable" and not durable.available():
            pytest.skip(f"durable-rules cannot be imported here ({durable.IMPORT_ERROR})")
        if engine not in made:
            made[engine] = Checker(engine=engine)
        return made[engine]

    return get


def test_every_example_has_an_expected_decision_and_report():
    assert set(CASES) == set(EXPECTED_DECISION), "add new examples to EXPECTED_DECISION (and drop removed ones)"
    for name in CASES:
        assert (ROOT / FOLDER_OF[name] / name.removesuffix(".json")).with_suffix(".expected.txt").is_file(), name
    orphans = [p.name for folder in FOLDERS for p in (ROOT / folder).glob("*.expected.txt")
               if p.name.removesuffix(".expected.txt") + ".json" not in CASES]
    assert not orphans, f"expected reports without a case: {orphans}"


def test_examples_cover_every_scheme_and_decision():
    assert len(CASES) >= 6
    schemes = {_load(name)["case"].get("scheme") for name in CASES}
    assert schemes >= SCHEMES
    assert set(EXPECTED_DECISION.values()) == {"eligible", "not_eligible", "undetermined"}


def _load(name: str) -> dict:
    return json.loads((ROOT / path_of(name)).read_text(encoding="utf-8"))


@pytest.mark.parametrize("scheme", sorted(SCHEMES))
def test_each_scheme_has_owner_network_and_recommendation(scheme):
    owner, network, recommendation = (_load(n) for n in EXAMPLES_PER_SCHEME[scheme])
    assert owner["case"]["scheme"] == network["case"]["scheme"] == recommendation["case"]["scheme"] == scheme
    assert owner["case"]["applicant"]["kind"] == "owner" and "behovsmelding" in owner
    assert network["case"]["applicant"]["kind"] == "network" and "behovsmelding" in network
    assert recommendation["case"]["kind"] == "innstilling" and recommendation["innstilling"]["lines"]


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("name", CASES)
def test_other_kinds_do_not_miss_information_of_another_document(checkers, name, engine):
    """Rules for one document are not applicable to a case without it (never missing_information)."""
    doc = _load(name)
    result = checkers(engine).check_path(path_of(name))
    rulebook = checkers(engine).rulebook_for(doc, name)
    documents = {rule.id: rule.document for rule in rulebook.rules}
    for finding in result["findings"]:
        if documents[finding["rule"]] not in doc:
            assert finding["status"] == "not_applicable", finding["rule"]


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("name", CASES)
def test_example_report_and_decision(checkers, name, engine):
    result = checkers(engine).check_path(path_of(name))
    assert render_text([result], "nb") == expected_text(name)
    decision = result["decision"]
    assert decision["status"] == EXPECTED_DECISION[name]
    if name in EXPECTED_DECIDED_BY:
        assert decision["decided_by"] == EXPECTED_DECIDED_BY[name]


@pytest.mark.parametrize("name", CASES)
def test_example_through_the_command_line(capsys, name):
    """`forskrift check cases/<folder>/X.json` prints exactly X.expected.txt, and exits 0 only if eligible."""
    code = main(["check", path_of(name).as_posix()])
    out, _err = capsys.readouterr()
    assert out == expected_text(name)
    assert code == (0 if EXPECTED_DECISION[name] == "eligible" else 1)


def test_2026_examples_cover_each_kind_and_decision():
    """The 2026 examples: behovsmeldinger eligible, not eligible and undetermined, a plan and a proposal."""
    names = [n for n in CASES if FOLDER_OF[n].name == "kollektiv-2026"]
    kinds = {_load(n)["case"]["kind"] for n in names}
    assert kinds == {"behovsmelding", "langsiktig_plan", "fordelingsforslag"}
    decisions = {EXPECTED_DECISION[n] for n in names if _load(n)["case"]["kind"] == "behovsmelding"}
    assert decisions == {"eligible", "not_eligible", "undetermined"}
    proposal = _load("fordelingsforslag-rogaland-2026-eligible.json")["fordelingsforslag"]
    listed = {b["case_id"] for b in proposal["behovsmeldinger"]}
    assert {line["behovsmelding"] for line in proposal["lines"]} <= listed
    assert _load("behovsmelding-strand-eligible.json")["case"]["id"] in listed
