"""The tracing pass: what decided a finding — the leaf tests with their values, the items of a list that failed
(or that none passed), alternatives none of which held — and its sentences in bokmål, nynorsk and English."""

from __future__ import annotations

from forskrift.conditions.bind import Binder
from forskrift.conditions.parse import parse_condition
from forskrift.documents.schemas import default_schemas
from forskrift.report.explain import Explainer
from forskrift.trace import deciding_pointers, explain

DOC = {
    "behovsmelding": {
        "egenandel": {"amount": 150000},
        "budget": {"amount_applied": 750000},
        "measures": [
            {"title": "Lesing", "end": "2025-06-30", "participants": 10},
            {"title": "Vurdering for læring", "participants": 0},
        ],
    },
}
SCHEMA = "urn:forskrift:schema:case-2021"


def condition(text: str):
    """A condition typed against the 2021 case schema, as the rulebook loader types it."""
    return Binder(default_schemas(), SCHEMA).bind(parse_condition(text))


def reasons(text: str, outcome, doc=DOC):
    return explain(condition(text), doc, outcome)


def test_a_comparison_records_both_values_and_the_percentage():
    [r] = reasons("behovsmelding.egenandel.amount >= 30 % of behovsmelding.budget.amount_applied", False)
    assert r["test"] == "compare" and r["holds"] is False and r["op"] == ">="
    assert r["left"] == {"field": "behovsmelding.egenandel.amount", "pointer": "/behovsmelding/egenandel/amount",
                         "kind": "integer", "value": 150000}
    assert r["right"]["percent"] == 30 and r["right"]["value"] == 225000
    assert r["right"]["of"]["value"] == 750000
    assert deciding_pointers([r]) == ["/behovsmelding/egenandel/amount", "/behovsmelding/budget/amount_applied"]


def test_all_lists_the_items_that_failed_and_only_those():
    [r] = reasons("all(m in behovsmelding.measures: m.participants >= 1)", False)
    assert r["test"] == "all" and r["count"] == 2
    assert [(i["index"], i["name"], i["pointer"]) for i in r["items"]] == \
        [(1, "Vurdering for læring", "/behovsmelding/measures/1")]
    [leaf] = r["items"][0]["reasons"]
    assert leaf["left"]["pointer"] == "/behovsmelding/measures/1/participants" and leaf["left"]["value"] == 0


def test_any_that_failed_says_none_passed():
    [r] = reasons("any(m in behovsmelding.measures: m.participants >= 100)", False)
    assert r["test"] == "any" and r["holds"] is False and len(r["items"]) == 2


def test_unknown_names_the_missing_field_of_the_item():
    [r] = reasons("all(m in behovsmelding.measures: m.end is present)", False)
    sentences = Explainer("nb").sentences([r])
    assert sentences == ["Tiltak 2 «Vurdering for læring» mangler sluttdatoen."]
    assert Explainer("nn").sentences([r]) == ["Tiltak 2 «Vurdering for læring» manglar sluttdatoen."]
    assert Explainer("en").sentences([r]) == ["Measure 2 «Vurdering for læring»: the end date is missing."]


def test_alternatives_none_of_which_held():
    [r] = reasons("behovsmelding.egenandel.amount > 200000 or behovsmelding.budget.amount_applied < 1000", False)
    assert r["test"] == "or" and len(r["reasons"]) == 2


def test_sentences_with_the_figures_in_three_languages():
    [r] = reasons("behovsmelding.egenandel.amount >= 30 % of behovsmelding.budget.amount_applied", False)
    schema = SCHEMA
    assert Explainer("nb", schema).sentences([r]) == [
        "Egenandelen er 150 000 kr, som er 20,0 % av omsøkt tilskudd 750 000 kr. Kravet er minst 30 % "
        "(225 000 kr); det mangler 75 000 kr."]
    assert Explainer("nn", schema).sentences([r]) == [
        "Eigendelen er 150 000 kr, som er 20,0 % av tilskotet det er søkt om 750 000 kr. Kravet er minst 30 % "
        "(225 000 kr); det manglar 75 000 kr."]
    assert Explainer("en", schema).sentences([r]) == [
        "The egenandel (own contribution) is NOK 150,000, which is 20.0 % of the grant applied for NOK 750,000. "
        "The requirement is at least 30 % (NOK 225,000); NOK 75,000 short."]


def test_a_date_is_said_as_a_date():
    [r] = reasons("behovsmelding.submitted_on <= 2025-03-15", False, {"behovsmelding": {"submitted_on": "2025-04-01"}})
    text = Explainer("nb", SCHEMA).sentences([r])[0]
    assert "1. april 2025" in text and "senest 15. mars 2025" in text


def test_a_count_that_falls_short_names_the_items_it_left_out():
    doc = {"behovsmelding": {"measures": [{"title": "Lesing", "collective": False},
                                          {"title": "Vurdering", "collective": False}]}}
    [r] = reasons("count(m in behovsmelding.measures where m.collective == true) >= 1", False, doc)
    left_out = r["left"]["left_out"]
    assert [(i["index"], i["name"]) for i in left_out] == [(0, "Lesing"), (1, "Vurdering")]
    sentences = Explainer("nb", SCHEMA).sentences([r])
    assert sentences[0] == "Antall aktuelle tiltak er 0. Kravet er minst 1."
    assert sentences[1] == "Tiltak 1 «Lesing» teller ikke med: kollektivt tiltak: nei; kravet er ja."
    # a sum that is too large lists nothing left out (more items would not help)
    [r] = reasons("count(m in behovsmelding.measures where m.collective == false) <= 1", False, doc)
    assert "left_out" not in r["left"]


# -- money: the frame available, head count × rate, approximate amounts (docs/money.md) ----------------------

INNSTILLING = {
    "innstilling": {
        "ramme": {"amount": 14000000, "bound_amount": 2000000},
        "lines": [{"title": "Nord", "amount": 9000000},
                  {"title": "Sør", "amount": 3400000, "head_count": 40, "rate": 80000}],
    },
}
FRAME = ("(innstilling.ramme.bound_amount is missing"
         " and sum(l in innstilling.lines: l.amount) <= innstilling.ramme.amount)"
         " or (not (innstilling.ramme.bound_amount is missing)"
         " and sum(l in innstilling.lines: l.amount) <= innstilling.ramme.amount - innstilling.ramme.bound_amount)"
         " or count(l in innstilling.lines where l.amount_approximate is present and l.amount_approximate == true)"
         " >= 1")


def test_an_or_that_failed_leaves_out_the_alternatives_about_another_kind_of_document():
    """The bound money is given, so `bound is missing and …` is not this document's case, and there is no
    approximate line to count: only the frame available is explained, as a sum on paper."""
    found = reasons(FRAME, False, INNSTILLING)
    assert [r["test"] for r in found] == ["compare"]
    [sentence] = Explainer("nb", SCHEMA).sentences(found)
    assert sentence == ("Summen av beløpet i linjene i innstillingen er 12 400 000 kr. Kravet er høyst rammen "
                        "14 000 000 kr minus bundne midler 2 000 000 kr = 12 000 000 kr; det er 400 000 kr for mye.")
    en = Explainer("en", SCHEMA).sentences(found)[0]
    assert "the frame NOK 14,000,000 minus the bound funds NOK 2,000,000 = NOK 12,000,000" in en
    assert "NOK 400,000 too much" in en


def test_without_bound_money_the_whole_frame_is_explained():
    doc = {"innstilling": {"ramme": {"amount": 12000000}, "lines": INNSTILLING["innstilling"]["lines"]}}
    found = reasons(FRAME, False, doc)
    assert Explainer("nn", SCHEMA).sentences(found) == [
        "Summen av beløpet i linjene i innstillinga er 12 400 000 kr. Kravet er høgst ramma (12 000 000 kr); "
        "det er 400 000 kr for mykje."]


def test_figures_that_should_agree_are_shown_side_by_side_with_the_difference():
    found = reasons("any(l in innstilling.lines: l.head_count is present and l.rate is present"
                    " and l.amount != l.head_count * l.rate)", True, INNSTILLING)
    assert Explainer("nb", SCHEMA).sentences(found) == [
        "Linje 2 «Sør»: beløpet er 3 400 000 kr, ikke antallet 40 ganger satsen 80 000 kr = 3 200 000 kr; "
        "forskjellen er 200 000 kr."]


def test_any_that_holds_lists_every_item_that_passed():
    [r] = reasons("any(m in behovsmelding.measures: m.participants >= 0)", True)
    assert [i["index"] for i in r["items"]] == [0, 1]


def test_a_yes_that_calls_for_judgement_is_stated_as_a_fact():
    doc = {"innstilling": {"lines": [{"title": "Sør", "amount": 1, "amount_approximate": True}]}}
    found = reasons("any(l in innstilling.lines: l.amount_approximate is present and l.amount_approximate == true)",
                    True, doc)
    assert Explainer("nb", SCHEMA).sentences(found) == ["Linje 1 «Sør»: beløpet er omtrentlig (ca.): ja."]


def test_missing_names_only_what_leaves_the_condition_open():
    """A line without `amount_approximate` is simply not approximate; only the absent amount is asked for."""
    from forskrift.trace import missing_pointers

    doc = {"innstilling": {"ramme": {"amount": 14000000},
                           "lines": [{"amount": 1}, {"title": "uten beløp"}]}}
    assert missing_pointers(condition(FRAME), doc) == ["/innstilling/lines/1/amount"]
    doc["innstilling"]["lines"][1]["amount"] = 2
    assert missing_pointers(condition(FRAME), doc) == []


def test_a_met_finding_of_a_rule_that_asks_for_it_states_its_margin():
    """explain_met: the frame check that holds says what is left of the frame available."""
    from forskrift.findings import _with_margin

    doc = {"innstilling": {"ramme": {"amount": 14000000, "bound_amount": 1000000},
                           "lines": INNSTILLING["innstilling"]["lines"]}}
    found = _with_margin(reasons(FRAME, True, doc))
    assert Explainer("nb", SCHEMA).sentences(found) == [
        "Summen av beløpet i linjene i innstillingen er 12 400 000 kr; rammen 14 000 000 kr minus bundne midler "
        "1 000 000 kr = 13 000 000 kr; det er 600 000 kr til overs."]
    assert Explainer("en", SCHEMA).sentences(found)[0].endswith("NOK 600,000 to spare.")
    assert "til overs" not in " ".join(Explainer("nb", SCHEMA).sentences(reasons(FRAME, True, doc)))


def test_a_judgement_that_stands_in_for_the_frame_check_shows_its_figures():
    """An amount marked "ca." sends the frame check to judgement; the caseworker still sees the arithmetic, and
    neither the alternative about documents without bound money nor the count of approximate lines."""
    from forskrift.trace import figures

    doc = {"innstilling": {"ramme": {"amount": 12000000, "bound_amount": 0},
                           "lines": [{"title": "Nord", "amount": 12400000, "amount_approximate": True}]}}
    assert Explainer("nb", SCHEMA).sentences(figures(condition(FRAME), doc)) == [
        "Summen av beløpet i linjene i innstillingen er 12 400 000 kr. Kravet er høyst rammen 12 000 000 kr minus "
        "bundne midler 0 kr = 12 000 000 kr; det er 400 000 kr for mye."]
    doc["innstilling"]["ramme"]["amount"] = 13000000
    assert Explainer("nb", SCHEMA).sentences(figures(condition(FRAME), doc))[0].endswith(
        "= 13 000 000 kr; det er 600 000 kr til overs.")
