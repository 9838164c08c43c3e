"""`forskrift allocate` over a year's behovsmeldinger proposes an allocation that its own rulebook accepts, never
gives anyone more than asked, follows the plan's splits and distribution key, and explains every amount."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from forskrift.allocate import application_of, propose
from forskrift.check import Checker
from forskrift.cli import main

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "cases" / "corpus" / "2026"
PLAN = CORPUS / "ROG-2026-LANGSIKTIG-PLAN.json"


@pytest.fixture(scope="module")
def corpus_proposal(tmp_path_factory):
    out = tmp_path_factory.mktemp("allocate") / "forslag.json"
    paths = [str(p) for p in sorted(CORPUS.glob("ROG-2026-BM-*.json"))]
    code = main(["allocate", *paths, "--plan", str(PLAN), "--frame", "68000000", "--bound", "4000000",
                 "--tilrettelegging", "10", "--date", "2026-02-20", "--presented-on", "2026-03-05", "-o", str(out)])
    assert code == 0
    return json.loads(out.read_text(encoding="utf-8"))


def test_the_proposal_over_the_corpus_passes_its_rulebook(corpus_proposal):
    result = Checker().check_document(corpus_proposal, "forslag.json")
    assert result["rulebook"]["id"] == "kollektiv-2026"
    assert result["decision"]["status"] == "eligible", [
        (f["rule"], f["status"]) for f in result["findings"] if f["status"] not in ("met", "not_applicable")]


def test_within_the_frame_and_never_more_than_applied(corpus_proposal):
    proposal = corpus_proposal["fordelingsforslag"]
    total = sum(line["amount"] for line in proposal["lines"])
    available = 68_000_000 - 4_000_000 - 6_400_000           # less bound money and 10 % tilretteleggingsmidler
    assert available - 100 <= total <= available
    applied = {}
    for path in CORPUS.glob("ROG-2026-BM-*.json"):
        doc = json.loads(path.read_text(encoding="utf-8"))
        applied[doc["case"]["id"]] = doc["behovsmelding"]["budget"]["amount_applied"]
    for line in proposal["lines"]:
        assert 0 <= line["amount"] <= applied[line["behovsmelding"]]
        assert line["to_owners"] + line["to_partners"] == line["amount"]
        assert line["kindergarten"] + line["school"] == line["amount"]


def test_only_eligible_behovsmeldinger_get_lines(corpus_proposal):
    checker = Checker()
    ids = {line["behovsmelding"] for line in corpus_proposal["fordelingsforslag"]["lines"]}
    for path in CORPUS.glob("ROG-2026-BM-*.json"):
        result = checker.check_path(path)
        assert (result["case"]["id"] in ids) == (result["decision"]["status"] == "eligible"), path.name


def _examples():
    docs = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(CORPUS.glob("ROG-2026-BM-*-ok.json"))]
    plan = json.loads(PLAN.read_text(encoding="utf-8"))
    return docs, plan


def test_distribution_key_shares_give_each_region_its_share():
    docs, plan = _examples()
    plan = copy.deepcopy(plan)
    plan["langsiktig_plan"]["distribution_key"]["shares"] = [
        {"region": "Nord", "share": 30}, {"region": "Midt", "share": 40}, {"region": "Sør", "share": 20},
        {"region": "Friskolenettverket", "share": 10}]
    apps = [application_of(d, plan["langsiktig_plan"]) for d in docs]
    proposal = propose(apps, [], plan, frame=20_000_000, year=2026, date="2026-02-20", statsforvalter="Rogaland",
                       case_id="T", presented_on="2026-03-05", schema_fields={"region"})
    by_region = {}
    for line in proposal.lines:
        by_region[line.application.region] = by_region.get(line.application.region, 0) + line.amount
    for region, share in (("Nord", 30), ("Midt", 40), ("Sør", 20), ("Friskolenettverket", 10)):
        assert by_region.get(region, 0) <= 20_000_000 * share // 100
        assert proposal.regions[region]["budget"] == 20_000_000 * share // 100
    assert any("Fordelingsnøkkel" in text for text in proposal.explanation)
    line = proposal.lines[0]
    assert any("region" in part for part in line.explanation) and line.explanation[0].startswith("søkt")
    assert all("region" in line for line in proposal.document["fordelingsforslag"]["lines"])


def test_applications_under_the_frame_are_granted_in_full_when_the_plan_allows():
    docs, plan = _examples()
    apps = [application_of(d, plan["langsiktig_plan"]) for d in docs]
    applied = sum(a.applied for a in apps)
    proposal = propose(apps, [], plan, frame=applied * 10, year=2026, date="2026-02-20", statsforvalter=None,
                       case_id="T")
    granted = sum(line.amount for line in proposal.lines)
    # the plan's kindergarten share and special-needs share bind the total, not the frame
    assert granted < applied
    assert any("begrenset av planens fordeling" in text for text in proposal.explanation)


def test_several_plans_must_be_chosen(capsys, tmp_path):
    assert main(["allocate", str(CORPUS), "--frame", "1000000", "-o", str(tmp_path / "x.json")]) == 2
    assert "choose one with --plan" in capsys.readouterr().err


CORPUS_2025 = ROOT / "cases" / "corpus" / "2025"
FORUMS = {scheme: ROOT / "cases" / "lokal-2021" / f"innstilling-{name}-rogaland-2024-eligible.json"
          for scheme, name in (("desentralisert_skole", "desentralisert"), ("regional_barnehage", "regional-barnehage"),
                               ("kompetanseloftet", "kompetanseloftet"))}


@pytest.mark.parametrize("scheme, frame", [("desentralisert_skole", 31_400_000), ("desentralisert_skole", 9_000_000),
                                           ("regional_barnehage", 10_000_000), ("kompetanseloftet", 7_000_000)])
def test_the_2021_recommendation_passes_lokal_2021(tmp_path, scheme, frame):
    out = tmp_path / "innstilling.json"
    assert main(["allocate", str(CORPUS_2025), "--scheme", scheme, "--frame", str(frame), "--date", "2025-03-10",
                 "--announced-on", "2025-01-19", "--forum", str(FORUMS[scheme]), "-o", str(out),
                 *(["--tilrettelegging", "30"] if scheme == "regional_barnehage" else [])]) == 0
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["case"]["kind"] == "innstilling" and doc["case"]["scheme"] == scheme
    result = Checker().check_document(doc, "innstilling.json")
    assert result["rulebook"]["id"] == "lokal-2021"
    assert result["decision"]["status"] == "eligible", [
        (f["rule"], f["status"]) for f in result["findings"] if f.get("blocking") and f["status"] != "met"
        and f["status"] != "not_applicable"]
    lines = doc["innstilling"]["lines"]
    assert sum(line["amount"] for line in lines) <= frame
    applied: dict = {}
    for path in CORPUS_2025.glob("*.json"):
        case = json.loads(path.read_text(encoding="utf-8"))
        if case["case"].get("scheme") == scheme and "behovsmelding" in case:
            applied[case["case"]["id"]] = case["behovsmelding"]["budget"]["amount_applied"]
    granted: dict = {}
    for line in lines:
        granted[line["behovsmelding"]] = granted.get(line["behovsmelding"], 0) + line["amount"]
        if scheme == "desentralisert_skole":
            assert line["egenandel"] * 100 >= 30 * line["amount"]
    assert all(granted[c] <= applied[c] for c in granted)
