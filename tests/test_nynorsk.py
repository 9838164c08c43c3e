"""Nynorsk rule texts: every text of every shipped rule file and rulebook has bokmål, nynorsk and English; the
nynorsk is not bokmål under another key; a report in nynorsk shows the rules' nynorsk texts, and bokmål only
where a rule file has no nynorsk (which `forskrift lint` warns about, tests/test_lint.py)."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest

from forskrift.check import Checker
from forskrift.paths import rules_dir
from forskrift.report import build_report
from forskrift.report.model import rulebook_of
from forskrift.rulebook.model import Text
from forskrift.rulebook.yamlsafe import load_yaml_file

ROOT = Path(__file__).resolve().parent.parent
RULE_FILES = sorted(p for p in rules_dir().glob("*/*.yaml")
                    if not p.name.endswith("_test.yaml") and p.name not in ("mutants.yaml", "values.yaml"))
EXAMPLES = sorted(p for folder in ("lokal-2021", "kollektiv-2026", "tilrettelegging")
                  for p in (ROOT / "cases" / folder).glob("*.json"))

# Words that are bokmål and not nynorsk (nynorsk: ikkje, kva, korleis, kven, kvar, vere, berre, skule, eigar,
# tilskot, eining, frå, dei, vart, tilsette …). Text in «» or `` is a quotation or a code and is left out.
BOKMAL_ONLY = ("ikke", "hva", "hvordan", "hvem", "hvis", "hver", "hvert", "hvilke", "være", "noen", "bare",
               "skole", "skoler", "eier", "eiere", "eieren", "tilskudd", "tilskuddet", "enhet", "enheter", "fra",
               "mye", "dem", "ble", "ansatte", "mottaker", "mottakere", "høyskole", "høyskoler", "forskriften",
               "egen", "eget", "egne", "ordningen", "saken", "en", "et", "gjelder", "midlene", "behovsmeldingen",
               "tiltakene", "andelen", "nevner", "sier", "Statsforvalteren", "Statsforvalterens", "saksbehandler",
               "saksbehandleren", "behandles", "tjeneste", "tjenester", "tjenesten")
_BOKMAL = re.compile(r"(?<![\w-])(" + "|".join(BOKMAL_ONLY) + r")(?![\w-])")


def _texts(node, at=()):
    """Every text ({nb, en, nn?}) in a rule file's data, with where it is."""
    if isinstance(node, dict):
        if "nb" in node and "en" in node:
            yield at, node
        for key, value in node.items():
            yield from _texts(value, at + (key,))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _texts(value, at + (i,))


def _all_texts():
    for path in RULE_FILES:
        data, _lines = load_yaml_file(path)
        for at, text in _texts(data):
            yield path, at, text


def test_the_rule_files_hold_texts():
    texts = list(_all_texts())
    assert len({path.parent.name for path, _at, _text in texts}) >= 5      # every shipped rulebook
    assert len(texts) >= 300


@pytest.mark.parametrize("path", RULE_FILES, ids=[f"{p.parent.name}/{p.name}" for p in RULE_FILES])
def test_every_rule_text_has_bokmal_nynorsk_and_english(path):
    data, lines = load_yaml_file(path)
    found = list(_texts(data))
    for at, text in found:
        where = f"{path}:{lines.line_of(at)}"
        for lang in ("nb", "nn", "en"):
            assert isinstance(text.get(lang), str) and text[lang].strip(), f"{where}: no {lang} text"
        plain = re.sub(r"«[^»]*»|`[^`]*`", "", text["nn"])
        assert not _BOKMAL.findall(plain), f"{where}: bokmål words in the nynorsk text: {_BOKMAL.findall(plain)}"


def test_nynorsk_is_not_the_bokmal_text():
    """A few short texts read the same in both (a heading, «Udir er klageinstans.»); the rest are written."""
    texts = [text for _path, _at, text in _all_texts()]
    same = [text["nb"] for text in texts if text["nn"] == text["nb"]]
    assert len(same) <= 10, same


@pytest.fixture(scope="module")
def checker():
    return Checker()


@pytest.mark.parametrize("case", EXAMPLES, ids=[f"{p.parent.name}/{p.stem}" for p in EXAMPLES])
def test_a_nynorsk_report_shows_the_rules_nynorsk_texts(checker, case):
    result = checker.check_path(case)
    if "error" in result:
        pytest.skip(f"{case.name}: not a checkable case")
    report = build_report(result, "nn")
    rulebook = rulebook_of(result)
    books = [rulebook, *_calls(result)]
    rules = {rule.id: rule for book in books for rule in book.rules}
    shown = [f for group in report.groups for f in group.findings]
    assert shown
    for finding in shown:
        rule = rules[finding.rule]
        assert rule.requirement.nn and finding.requirement == rule.requirement.nn, finding.rule
        if rule.interpretation is not None:
            assert finding.interpretation == rule.interpretation.nn
        if finding.judgement is not None:
            assert finding.judgement == rule.judgement.text.nn
    for group in report.groups:
        if group.paraphrase is not None:
            assert not _BOKMAL.findall(re.sub(r"«[^»]*»|`[^`]*`", "", group.paraphrase)), group.paraphrase
    for item in report.not_applicable:
        assert item.requirement == rules[item.rule].requirement.nn


def _calls(result):
    from forskrift.rulebook import registry
    return [registry.get(call["id"]) for call in result.get("calls", []) if call["id"] in registry.shipped_ids()]


def test_a_text_without_nynorsk_falls_back_to_bokmal_only_there():
    text = Text("Kravet er oppfylt.", "The requirement is met.")
    assert (text.get("nn"), text.get("nb")) == ("Kravet er oppfylt.", "Kravet er oppfylt.")
    assert text.get("en") == "The requirement is met."
    written = replace(text, nn="Kravet er oppfylt her.")
    assert written.get("nn") == "Kravet er oppfylt her." and written.get("nb") == "Kravet er oppfylt."
    assert replace(text, nn="").get("nn") == "Kravet er oppfylt."
