"""`forskrift lint`: clean on the shipped rulebooks, and each kind of broken rule file reported with its file,
line and kind (broken copies of a shipped rulebook in tmp_path). Also the bounds check lint rests on."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from forskrift.analysis.bounds import impossible
from forskrift.analysis.lint import KINDS, lint_paths
from forskrift.cli import main
from forskrift.conditions.bind import Binder
from forskrift.conditions.parse import parse_condition
from forskrift.documents.schemas import default_schemas
from forskrift.paths import rules_dir

RULES = rules_dir()
HORING = "kollektiv-2025-horing"


def run(capsys, *args):
    code = main(["lint", *map(str, args)])
    out = capsys.readouterr()
    return code, out.out, out.err


def lint_json(capsys, *args):
    code, out, _err = run(capsys, "--format", "json", *args)
    return code, json.loads(out)


@pytest.fixture
def book(tmp_path) -> Path:
    """A working copy of the hearing proposal's rulebook, which lints clean."""
    folder = tmp_path / HORING
    shutil.copytree(RULES / HORING, folder)
    return folder


def edit(path: Path, old: str, new: str):
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def line_of(path: Path, text: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line)


def only(report, kind):
    found = [f for f in report["findings"] if f["kind"] == kind]
    assert found, f"no {kind} finding in {report['findings']}"
    return found


EXTRA_RULE = """
  - id: "{rid}"
    cites: [{{paragraf: "4"}}]
    document: behovsmelding
    source: H
    requirement:
      nb: Prøveregel.
      en: A trial rule.
    {applies}
    condition: {condition}
    interpretation:
      nb: Prøve.
      en: Trial.
    blocking: true
"""


def add_rule(book: Path, rid: str, condition: str, applies: str = "", file: str = "paragraf-4.yaml"):
    path = book / file
    applies_line = f"applies_when: {applies}" if applies else ""
    path.write_text(path.read_text(encoding="utf-8") + EXTRA_RULE.format(rid=rid, condition=condition,
                                                                         applies=applies_line), encoding="utf-8")
    return path


# ---- the shipped rulebooks ------------------------------------------------------------------------------------

@pytest.mark.parametrize("rulebook", ["kollektiv-2025-horing", "kollektiv-2026"])
def test_shipped_kollektiv_rulebooks_lint_clean(capsys, rulebook):
    code, out, _ = run(capsys, RULES / rulebook)
    assert code == 0, out
    assert out.startswith("no problems in")


def test_lokal_2021_has_no_problem_but_uncovered_provisions(capsys):
    """Only `uncovered` until the rewrite of lokal-2021 (issue 3, which adds no_check entries) lands."""
    code, report = lint_json(capsys, RULES / "lokal-2021")
    assert {f["kind"] for f in report["findings"]} <= {"uncovered"}
    assert code == (1 if report["findings"] else 0)
    for finding in report["findings"]:
        assert finding["file"].endswith("lokal-2021/rulebook.yaml") and finding["line"]


def test_uncovered_is_exactly_the_provisions_without_rule_or_no_check(capsys):
    from forskrift.rulebook import registry
    rb = registry.get("lokal-2021")
    cited = {ref for rule in rb.rules for ref in rule.cites}
    want = sorted(p.ref.key() for p in rb.provisions if p.ref not in cited and p.no_check is None)
    _, report = lint_json(capsys, RULES / "lokal-2021")
    got = sorted(f["message"].split("provision ", 1)[1].split(" of rulebook")[0] for f in report["findings"]
                 if f["kind"] == "uncovered")
    assert got == want


def test_all_rulebooks_by_default_and_kinds_listed(capsys, monkeypatch):
    monkeypatch.chdir(RULES.parent)
    code, report = lint_json(capsys)
    assert len(report["summary"]["rulebooks"]) == len(list(RULES.glob("*/rulebook.yaml"))) >= 5   # and the calls
    assert set(report["summary"]["by_kind"]) <= set(KINDS)
    assert code == (1 if report["findings"] else 0)


# ---- each kind of broken rule file ----------------------------------------------------------------------------

def test_schema_error_unknown_key(capsys, book):
    path = book / "paragraf-5.yaml"
    edit(path, "    blocking: false", "    blocking: false\n    condtion: x")
    code, out, _ = run(capsys, book)
    assert code == 1
    assert f"{path}:{line_of(path, '- id:')}: schema: Additional properties are not allowed ('condtion'" in out


def test_missing_english_text(capsys, book):
    path = book / "paragraf-5.yaml"
    edit(path, "      en: The needs report must say how owner and partner will assess the outcome of the measures.\n",
         "")
    code, report = lint_json(capsys, book)
    assert code == 1
    (finding,) = only(report, "missing-text")
    assert finding["file"] == str(path) and finding["message"] == "no English text (en) at rules/0/requirement"
    assert finding["line"] == line_of(path, "requirement:")


def test_blank_bokmal_text(capsys, book):
    path = book / "paragraf-5.yaml"
    edit(path, "      nb: Behovsmeldingen skal si hvordan eier og partner vil vurdere utbyttet av tiltakene.",
         '      nb: " "')
    code, report = lint_json(capsys, book)
    assert code == 1
    (finding,) = only(report, "missing-text")
    assert "requirement has no bokmål text (nb)" in finding["message"]
    assert finding["line"] == line_of(path, 'nb: " "')


def test_unknown_field(capsys, book):
    path = book / "paragraf-5.yaml"
    edit(path, "condition: behovsmelding.goal_assessment.description is present",
         "condition: behovsmelding.goal_assessment.descripton is present")
    code, out, _ = run(capsys, book)
    assert code == 1
    assert (f"{path}:{line_of(path, 'condition:')}: unknown-field: rule 5-vurdering-av-maloppnaelse: condition: "
            "unknown field behovsmelding.goal_assessment.descripton") in out


def test_citation_that_does_not_resolve(capsys, book):
    path = book / "paragraf-5.yaml"
    edit(path, 'cites: [{paragraf: "5"}]', 'cites: [{paragraf: "5", ledd: 2}]')
    code, out, _ = run(capsys, book)
    assert code == 1
    assert (f"{path}:{line_of(path, 'cites:')}: citation: rule 5-vurdering-av-maloppnaelse: cites § 5 andre ledd, "
            "which is not a provision of rulebook kollektiv-2025-horing") in out


def test_duplicate_rule_id(capsys, book):
    path = add_rule(book, "4-lokal-forankring", "behovsmelding.needs_assessment.description is present",
                    file="paragraf-5.yaml")
    code, report = lint_json(capsys, book)
    assert code == 1
    (finding,) = only(report, "duplicate-id")
    assert finding["file"] == str(path) and finding["line"] == line_of(path, 'id: "4-lokal-forankring"')
    assert "duplicate rule id '4-lokal-forankring' (also in paragraf-4.yaml:" in finding["message"]


def test_rule_that_can_never_apply(capsys, book):
    path = add_rule(book, "4-aldri", "behovsmelding.needs_assessment.description is present",
                    applies='case.kind == "behovsmelding" and case.kind == "langsiktig_plan"')
    code, out, _ = run(capsys, book)
    assert code == 1
    assert f"{path}:{line_of(path, 'applies_when: case.kind')}: never-applies: rule 4-aldri: it can never apply" in out


def test_empty_range_never_applies(capsys, book):
    path = add_rule(book, "4-tomt", "behovsmelding.needs_assessment.description is present",
                    applies="case.grant_year > 2026 and case.grant_year < 2027")
    code, report = lint_json(capsys, book)
    (finding,) = only(report, "never-applies")
    assert finding["line"] == line_of(path, "applies_when: case.grant_year") and finding["rule"] == "4-tomt"


def test_conflicting_rules(capsys, book):
    """The new rule forbids what 4-lokal-forankring and 11-i-samarbeid-med-kompetansemiljo require, on the same
    document: every behovsmelding fails one of them."""
    path = add_rule(book, "4-uten-ansatte", "behovsmelding.needs_assessment.employees_involved == false")
    code, report = lint_json(capsys, book)
    assert code == 1
    found = only(report, "conflict")
    others = {f["message"].split(" ", 2)[1] for f in found}
    assert others == {"4-lokal-forankring", "11-i-samarbeid-med-kompetansemiljo"}
    for finding in found:
        assert finding["file"] == str(path) and finding["rule"] == "4-uten-ansatte"
        assert finding["line"] == line_of(path, "condition: behovsmelding.needs_assessment.employees_involved == false")
        assert "and 4-uten-ansatte can both apply to a behovsmelding, but their conditions can never both be met" in \
            finding["message"]
    assert any(f["message"].startswith("rules 4-lokal-forankring (paragraf-4.yaml:") for f in found)


def test_no_conflict_when_applicability_is_disjoint(capsys, book):
    add_rule(book, "4-a", "behovsmelding.egeninnsats.amount >= 30 % of behovsmelding.budget.amount_applied",
             applies='case.applicant.kind == "owner"')
    add_rule(book, "4-b", "behovsmelding.egeninnsats.amount < 30 % of behovsmelding.budget.amount_applied",
             applies='case.applicant.kind == "network"')
    code, report = lint_json(capsys, book)
    assert report["findings"] == [] and code == 0
    # ... but overlapping applicability is a conflict: 30 % of the amount applied is required and forbidden
    add_rule(book, "4-c", "behovsmelding.egeninnsats.amount < 30 % of behovsmelding.budget.amount_applied")
    code, report = lint_json(capsys, book)
    assert code == 1 and [f["rule"] for f in report["findings"]] == ["4-c"]
    assert report["findings"][0]["kind"] == "conflict" and "4-a" in report["findings"][0]["message"]


def test_rule_that_can_never_be_met(capsys, book):
    path = add_rule(book, "4-umulig", 'case.applicant.kind == "network"', applies='case.applicant.kind == "owner"')
    _code, report = lint_json(capsys, book)
    (finding,) = only(report, "never-met")
    assert finding["line"] == line_of(path, 'condition: case.applicant.kind == "network"')


def test_uncovered_provision(capsys, book):
    rulebook = book / "rulebook.yaml"
    edit(rulebook, """    no_check:
      nb: "Regulerer Statsforvalterens oppgaver, ikke den enkelte saken."
      nn: "Regulerer oppgåvene til Statsforvaltaren, ikkje den einskilde saka."
      en: "Governs Statsforvalteren's tasks, not the single case."
""", "")
    code, out, _ = run(capsys, book)
    assert code == 1
    assert (f"{rulebook}:{line_of(rulebook, 'ref: {bestemmelse: tilskuddsforvalter}')}: uncovered: provision "
            "bestemmelsen om tilskuddsforvalter (§ ikke kjent) of rulebook kollektiv-2025-horing has no rule") in out


def test_vague_word_without_interpretation(capsys, book):
    path = book / "paragraf-5.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("    interpretation:")
    end = text.index("    blocking: false")
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    edit(path, "vil vurdere utbyttet av tiltakene.", "vil vurdere utbyttet av tiltakene på en tilstrekkelig måte.")
    code, report = lint_json(capsys, book)
    assert code == 1
    (finding,) = only(report, "vague")
    assert finding["line"] == line_of(path, "condition:") and "tilstrekkelig" in finding["message"]


def test_threshold_the_provision_does_not_state(capsys, book):
    path = book / "paragraf-5.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text[:text.index("    interpretation:")] + text[text.index("    blocking: false"):],
                    encoding="utf-8")
    edit(path, "condition: behovsmelding.goal_assessment.description is present",
         "condition: count(behovsmelding.goal_assessment.indicators) >= 3")
    code, report = lint_json(capsys, book)
    (finding,) = only(report, "vague")
    assert "the threshold(s) 3 in its conditions" in finding["message"]
    # an interpretation saying where the 3 comes from silences it
    edit(path, "    blocking: false", "    interpretation: {nb: Tre indikatorer er vår terskel., en: Ours.}\n"
         "    blocking: false")
    code, report = lint_json(capsys, book)
    assert code == 0, report


def test_yaml_error_and_every_problem_reported(capsys, book):
    """Lint goes on past the first problem: a YAML error in one file, two problems in another."""
    (book / "paragraf-9.yaml").write_text("rules:\n  - id: [unclosed\n", encoding="utf-8")
    path = book / "paragraf-5.yaml"
    edit(path, 'cites: [{paragraf: "5"}]', 'cites: [{paragraf: "55"}]')
    edit(path, "condition: behovsmelding.goal_assessment.description is present",
         "condition: behovsmelding.goal_assessment.description is presentt")
    code, report = lint_json(capsys, book)
    assert code == 1
    kinds = {(Path(f["file"]).name, f["kind"]) for f in report["findings"]}
    assert {("paragraf-9.yaml", "yaml"), ("paragraf-5.yaml", "citation"), ("paragraf-5.yaml", "condition")} <= kinds
    # the rules of § 9 are gone, so § 9 is uncovered: reported too
    assert ("rulebook.yaml", "uncovered") in kinds


def test_single_rule_file_reports_only_that_file(capsys, book):
    edit(book / "paragraf-5.yaml", 'cites: [{paragraf: "5"}]', 'cites: [{paragraf: "55"}]')
    edit(book / "paragraf-4.yaml", 'cites: [{paragraf: "4"}]\n    document: behovsmelding\n    source: H\n'
         "    requirement:\n      nb: Tiltakene", 'cites: [{paragraf: "44"}]\n    document: behovsmelding\n'
         "    source: H\n    requirement:\n      nb: Tiltakene")
    code, report = lint_json(capsys, book / "paragraf-5.yaml")
    assert code == 1 and {Path(f["file"]).name for f in report["findings"]} == {"paragraf-5.yaml"}


def test_amendment_working_copy(capsys, tmp_path, book):
    """kollektiv-2026 next to a broken copy of its base: the base's problem is reported against the base."""
    amendment = tmp_path / "kollektiv-2026"
    shutil.copytree(RULES / "kollektiv-2026", amendment)
    code, _out, _ = run(capsys, amendment)
    assert code == 0
    edit(amendment / "malgruppe.yaml", "count(behovsmelding.measures) >= 1", "count(behovsmelding.tiltak) >= 1")
    code, report = lint_json(capsys, amendment)
    assert code == 1 and only(report, "unknown-field")[0]["file"] == str(amendment / "malgruppe.yaml")


def test_unusable_input_exits_2(capsys):
    code, _out, err = run(capsys, "no/such/folder")
    assert code == 2 and "no such file or folder" in err
    with pytest.raises(SystemExit) as exc:
        main(["lint", "--format", "xml"])
    assert exc.value.code == 2


def test_not_a_rule_file_exits_2(capsys, tmp_path):
    other = tmp_path / "x.yaml"
    other.write_text("rules: []\n", encoding="utf-8")
    code, _out, err = run(capsys, other)
    assert code == 2 and "not a rule file" in err


def test_library_api_returns_the_report():
    report = lint_paths([RULES / "kollektiv-2026"])
    assert report["findings"] == [] and report["summary"]["findings"] == 0


# ---- the bounds check ---------------------------------------------------------------------------------------

BIND = Binder(default_schemas(), "urn:forskrift:schema:case-2021")


@pytest.mark.parametrize("text, proven", [
    ('case.scheme == "kompetanseloftet" and case.scheme == "desentralisert_skole"', True),
    ('case.scheme == "kompetanseloftet" or case.scheme == "desentralisert_skole"', False),
    ("case.grant_year > 2022 and case.grant_year < 2023", True),            # integers: nothing between
    ("case.grant_year >= 2022 and case.grant_year <= 2022", False),
    ("behovsmelding.egenandel.amount >= 30 % of behovsmelding.budget.amount_applied "
     "and 30 % of behovsmelding.budget.amount_applied > behovsmelding.egenandel.amount", True),
    ('case.scheme not in ["regional_barnehage", "desentralisert_skole", "kompetanseloftet"]', True),  # the enum
    ("behovsmelding.egenandel.amount is missing and behovsmelding.egenandel.amount > 3", True),
    ("count(behovsmelding.measures) >= 1 and count(behovsmelding.measures) == 0", True),
    ("all(m in behovsmelding.measures: m.amount > 3 and m.amount < 2)", False),   # true on an empty list
    ('(case.scheme == "kompetanseloftet" or case.grant_year > 2030) and case.scheme != "kompetanseloftet" '
     "and case.grant_year < 2030", True),
    ("case.date > 2023-01-01 and case.date < 2023-01-02", True),
    ("not (behovsmelding.egenandel.amount > 5) and behovsmelding.egenandel.amount >= 5", False),
])
def test_bounds(text, proven):
    assert impossible(BIND.bind(parse_condition(text))) is proven


# ---- schemas for editors ------------------------------------------------------------------------------------

EDITOR = RULES.parent / "schemas" / "editor"


@pytest.mark.parametrize("kind", ["rulefile", "rulebook"])
def test_editor_schemas_are_up_to_date(kind):
    """Regenerate with `python -m forskrift.rulebook.editor_schema` after changing a schema."""
    from forskrift.rulebook.editor_schema import bundle
    committed = json.loads((EDITOR / f"{kind}.bundled.schema.json").read_text(encoding="utf-8"))
    assert committed == bundle(kind)


def test_editor_schemas_work_standalone():
    """No reference an editor cannot resolve (no urn: ids), and alone they accept every shipped file and reject
    a misspelt key, as the editor will while policy staff type."""
    import jsonschema

    from forskrift.rulebook.yamlsafe import load_yaml_file
    schemas = {kind: json.loads((EDITOR / f"{kind}.bundled.schema.json").read_text(encoding="utf-8"))
               for kind in ("rulefile", "rulebook")}
    for schema in schemas.values():
        assert "urn:" not in json.dumps(schema)
        jsonschema.Draft7Validator.check_schema(schema)
    files = [p for p in RULES.glob("*/*.yaml")
             if not p.name.endswith("_test.yaml") and p.name not in ("mutants.yaml", "values.yaml")]
    assert len(files) > 10
    for path in files:
        data, _lines = load_yaml_file(path)
        kind = "rulebook" if path.name == "rulebook.yaml" else "rulefile"
        assert list(jsonschema.Draft7Validator(schemas[kind]).iter_errors(data)) == [], path
    data, _lines = load_yaml_file(RULES / HORING / "paragraf-5.yaml")
    data["rules"][0]["cites"] = [{"paragraf": "5", "nr": "x"}]
    data["rules"][0]["condtion"] = data["rules"][0].pop("condition")
    errors = list(jsonschema.Draft7Validator(schemas["rulefile"]).iter_errors(data))
    assert len(errors) >= 2


def test_unusable_rulebook_yaml_still_checks_the_rule_files(capsys, book):
    rulebook = book / "rulebook.yaml"
    edit(rulebook, "status: hearing", "status: horing")
    edit(book / "paragraf-5.yaml", "    blocking: false", "    blocking: nei")
    code, report = lint_json(capsys, book)
    assert code == 1
    found = {(Path(f["file"]).name, f["kind"], f["line"]) for f in report["findings"]}
    assert ("rulebook.yaml", "schema", line_of(rulebook, "status: horing")) in found
    assert ("paragraf-5.yaml", "schema", line_of(book / "paragraf-5.yaml", "blocking: nei")) in found


def test_nested_quantifiers_deep_enough_to_be_slow_are_named(capsys, book):
    nested = "".join(f"any(u{i} in behovsmelding.needs_assessment.units: " for i in range(5))
    path = add_rule(book, "4-nestet", f"'{nested}u0.local_assessment == true{')' * 5}'")
    code, report = lint_json(capsys, book)
    [finding] = only(report, "slow")
    assert code == 1
    assert finding["rule"] == "4-nestet" and finding["line"] == line_of(path, "u0.local_assessment")
    assert "nests 5 quantifiers" in finding["message"]
    three = "".join(f"any(v{i} in behovsmelding.needs_assessment.units: " for i in range(3))
    add_rule(book, "4-tre", f"'{three}v0.local_assessment == true{')' * 3}'")
    assert [f["rule"] for f in lint_json(capsys, book)[1]["findings"] if f["kind"] == "slow"] == ["4-nestet"]


@pytest.mark.parametrize("kind", ["folder", "symlink-loop", "fifo", "device"])
def test_a_rule_file_that_is_no_file_is_reported(capsys, book, kind):
    path = book / "paragraf-99.yaml"
    if kind == "folder":
        path.mkdir()
    elif kind == "symlink-loop":
        path.symlink_to(path.name)
    elif kind == "fifo":
        import os
        os.mkfifo(path)
    else:
        path.symlink_to("/dev/zero")
    code, out, err = run(capsys, book)
    assert code == 2 and out == ""
    assert err.startswith(f"forskrift: error: {path}: ") and len(err.strip().splitlines()) == 1
    assert {"folder": "a folder", "symlink-loop": "symbolic-link loop", "fifo": "not a regular file",
            "device": "not a regular file"}[kind] in err


# ---- warnings ---------------------------------------------------------------------------------------------------

def test_a_text_without_nynorsk_is_a_warning_not_a_failure(capsys, book):
    """A report in nynorsk would show the bokmål text there: lint says so, with the line, and still exits 0."""
    path = add_rule(book, "4-uten-nynorsk", "behovsmelding.egeninnsats.description is present")
    code, report = lint_json(capsys, book)
    assert code == 0 and report["findings"] == []
    warnings = [w for w in report["warnings"] if w.get("rule") == "4-uten-nynorsk"]
    assert {(w["kind"], w["message"]) for w in warnings} == {
        ("missing-nynorsk", "rule 4-uten-nynorsk: requirement has no nynorsk text (nn)"),
        ("missing-nynorsk", "rule 4-uten-nynorsk: interpretation has no nynorsk text (nn)")}
    lines = path.read_text(encoding="utf-8").splitlines()
    at = lines.index('  - id: "4-uten-nynorsk"')
    assert sorted(w["line"] for w in warnings) == [at + 5, at + 10]     # requirement:, interpretation:
    assert report["summary"]["warnings"] == len(report["warnings"]) == 2
    code, out, _ = run(capsys, book)
    assert code == 0
    assert f"{path}:{at + 5}: missing-nynorsk: (warning) rule 4-uten-nynorsk: requirement has no nynorsk" in out
    assert out.splitlines()[-2].startswith("no problems in")
    assert out.splitlines()[-1] == "2 warning(s) (missing-nynorsk 2); warnings do not make lint fail"


def test_a_blank_nynorsk_text_and_a_paraphrase_without_one_are_warned_about(capsys, book):
    edit(book / "paragraf-5.yaml", "      nn: Behovsmeldinga skal seie korleis eigaren og partnaren vil vurdere "
         "utbytet av tiltaka.", '      nn: " "')
    rulebook = book / "rulebook.yaml"
    text = rulebook.read_text(encoding="utf-8")
    line = next(line for line in text.splitlines() if "nn: \"Nye kjenneteikn" in line)
    rulebook.write_text(text.replace(line + "\n", ""), encoding="utf-8")
    code, report = lint_json(capsys, book)
    assert code == 0 and report["findings"] == []
    got = sorted((Path(w["file"]).name, w["message"]) for w in report["warnings"])
    assert got == [("paragraf-5.yaml", "rule 5-vurdering-av-maloppnaelse: requirement has no nynorsk text (nn)"),
                   ("rulebook.yaml", "provision § 5: paraphrase has no nynorsk text (nn)")]
