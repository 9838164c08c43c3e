"""Provision references: their citation text in Norwegian legal style (and English), their data form, their
parents, and that every rule of lokal-2021 cites provisions its rulebook lists."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from forskrift.rulebook import registry
from forskrift.rulebook.citations import Ref

ROOT = Path(__file__).resolve().parent.parent
RULES = ROOT / "rules" / "lokal-2021"


@pytest.mark.parametrize(("data", "nb", "en"), [
    ({"punkt": "7.2", "nr": 3}, "punkt 7.2 nr. 3", "punkt 7.2 no. 3"),
    ({"punkt": "3.3", "letter": "D", "nr": 4}, "punkt 3.3 (D) nr. 4", "punkt 3.3 (D) no. 4"),
    ({"punkt": "3.3", "letter": "B"}, "punkt 3.3 (B)", "punkt 3.3 (B)"),
    ({"punkt": "7.1", "ledd": 3, "nr": 2}, "punkt 7.1 tredje ledd nr. 2", "punkt 7.1 third paragraph no. 2"),
    ({"punkt": "7.2", "ledd": 4}, "punkt 7.2 fjerde ledd", "punkt 7.2 fourth paragraph"),
    ({"punkt": "3.1"}, "punkt 3.1", "punkt 3.1"),
    ({"punkt": "10", "ledd": 2}, "punkt 10 andre ledd", "punkt 10 second paragraph"),
    ({"paragraf": "9", "ledd": 1, "bokstav": "a"}, "§ 9 første ledd bokstav a", "§ 9 first paragraph letter a"),
    ({"paragraf": "12a", "ledd": 7, "bokstav": "c", "nr": 2}, "§ 12a sjuende ledd bokstav c nr. 2",
     "§ 12a seventh paragraph letter c no. 2"),
    ({"paragraf": "3"}, "§ 3", "§ 3"),
    ({"innledning": True, "ledd": 1, "nr": 2}, "innledningen første ledd nr. 2", "introduction first paragraph no. 2"),
    ({"innledning": True}, "innledningen", "introduction"),
    ({"punkt": "1", "ledd": 20}, "punkt 1 tjuende ledd", "punkt 1 twentieth paragraph"),
    ({"punkt": "1", "ledd": 11}, "punkt 1 ellevte ledd", "punkt 1 eleventh paragraph"),
])
def test_ref_text(data, nb, en):
    ref = Ref.from_data(data)
    assert ref.text() == nb
    assert ref.text("nb") == nb
    assert ref.text("en") == en
    assert ref.key() == nb


def test_every_ordinal_is_distinct_and_in_order():
    nb = [Ref("punkt", "1", ledd=n).text("nb").removeprefix("punkt 1 ").removesuffix(" ledd") for n in range(1, 21)]
    en = [Ref("punkt", "1", ledd=n).text("en").removeprefix("punkt 1 ").removesuffix(" paragraph")
          for n in range(1, 21)]
    assert nb[:5] == ["første", "andre", "tredje", "fjerde", "femte"]
    assert en[:5] == ["first", "second", "third", "fourth", "fifth"]
    assert len(set(nb)) == len(set(en)) == 20


@pytest.mark.parametrize("data", [
    {"punkt": "7.2", "nr": 3},
    {"punkt": "3.3", "letter": "D", "nr": 4},
    {"punkt": "7.1", "ledd": 3, "nr": 2},
    {"paragraf": "9", "ledd": 1, "bokstav": "a"},
    {"innledning": True, "ledd": 1},
    {"innledning": True},
])
def test_ref_data_round_trip(data):
    ref = Ref.from_data(data)
    assert ref.to_data() == data
    assert Ref.from_data(ref.to_data()) == ref


def test_from_data_reads_the_unit_and_narrowing():
    assert Ref.from_data({"punkt": "3.3", "letter": "D", "nr": 4}) == Ref("punkt", "3.3", letter="D", nr=4)
    assert Ref.from_data({"paragraf": "9", "ledd": 1, "bokstav": "a"}) == Ref("paragraf", "9", ledd=1, bokstav="a")
    assert Ref.from_data({"innledning": True, "ledd": 2}) == Ref("innledning", "", ledd=2)
    assert Ref.from_data({"punkt": "7.2", "nr": 3}) != Ref.from_data({"punkt": "7.2", "ledd": 3})


def test_refs_are_hashable_and_equal_by_value():
    refs = {Ref.from_data({"punkt": "7.2", "nr": 3}), Ref("punkt", "7.2", nr=3)}
    assert refs == {Ref("punkt", "7.2", nr=3)}


def test_parent_chain():
    chain = []
    ref = Ref("punkt", "7.1", ledd=3, nr=2)
    while ref is not None:
        chain.append(ref.key())
        ref = ref.parent()
    assert chain == ["punkt 7.1 tredje ledd nr. 2", "punkt 7.1 tredje ledd", "punkt 7.1", "punkt 7"]
    assert Ref("punkt", "3.3", letter="D", nr=4).parent() == Ref("punkt", "3.3", letter="D")
    assert Ref("punkt", "3.3", letter="D").parent() == Ref("punkt", "3.3")
    assert Ref("paragraf", "9", ledd=1, bokstav="a").parent() == Ref("paragraf", "9", ledd=1)
    assert Ref("paragraf", "9").parent() is None
    assert Ref("innledning", "", ledd=1).parent() == Ref("innledning", "")


def test_citation_text_of_the_rulebook():
    rb = registry.get("lokal-2021")
    ref = Ref("punkt", "7.2", nr=3)
    assert rb.citation_text(ref) == "forskrift 26. januar 2021 nr. 230 punkt 7.2 nr. 3"
    assert rb.citation_text(ref, "en") == "forskrift 26. januar 2021 nr. 230 punkt 7.2 no. 3"


# -- the rules of lokal-2021 cite provisions that exist -----------------------------------------------------


def _listed_refs() -> set[Ref]:
    meta = yaml.safe_load((RULES / "rulebook.yaml").read_text(encoding="utf-8"))
    return {Ref.from_data(p["ref"]) for p in meta["provisions"]}


def _cited_refs_by_rule() -> dict[str, list[Ref]]:
    out: dict[str, list[Ref]] = {}
    for path in sorted(RULES.glob("*.yaml")):
        if path.name in ("rulebook.yaml", "mutants.yaml", "values.yaml") or path.name.endswith("_test.yaml"):
            continue
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for rule in data["rules"]:
            out[rule["id"]] = [Ref.from_data(c) for c in rule["cites"]]
    return out


def test_every_rule_of_lokal_2021_cites_listed_provisions():
    """Read from the YAML files directly, so the loader's own check is not what is tested."""
    listed = _listed_refs()
    cited = _cited_refs_by_rule()
    assert len(cited) >= 18
    unknown = {rid: [r.key() for r in refs if r not in listed] for rid, refs in cited.items()}
    assert {rid: keys for rid, keys in unknown.items() if keys} == {}


def test_loaded_rulebook_agrees_with_the_files():
    rb = registry.get("lokal-2021")
    cited = _cited_refs_by_rule()
    assert {r.id: list(r.cites) for r in rb.rules} == cited
    assert {p.ref for p in rb.provisions} == _listed_refs()
    for rule in rb.rules:
        assert rule.cites, rule.id
        for ref in rule.cites:
            provision = rb.provision(ref)
            assert provision is not None, f"{rule.id} cites {ref.key()}"
            assert provision.ref == ref
            assert provision.paraphrase.nb and provision.paraphrase.en


def test_known_citations_of_lokal_2021():
    rb = registry.get("lokal-2021")
    first = {r.id: r.cites[0].key() for r in rb.rules}
    assert first["7.2-3-egenandel"] == "punkt 7.2 nr. 3"
    assert first["3.3d-saerskilte-formaal-kun-barnehage"] == "punkt 3.3 (D)"
    assert first["7.1-grunnlag-for-forum"] == "punkt 7.1 tredje ledd"
    assert [c.key() for c in rb.rule_index["3.3d-saerskilte-formaal-kun-barnehage"].cites][-1] == \
        "punkt 3.3 (D) nr. 4"
    assert [c.key() for c in rb.rule_index["7.1-grunnlag-for-forum"].cites][2] == "punkt 7.1 tredje ledd nr. 2"


def test_provisions_are_listed_once():
    meta = yaml.safe_load((RULES / "rulebook.yaml").read_text(encoding="utf-8"))
    keys = [Ref.from_data(p["ref"]).key() for p in meta["provisions"]]
    assert len(keys) == len(set(keys))
