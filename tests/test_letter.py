"""The draft decision letter: made from the shipped examples (2021 and 2026; tilsagn, avslag, undetermined and
undetermined resolved by a caseworker's judgement), in bokmål and nynorsk; the Word files are opened with
python-docx and read."""

from __future__ import annotations

import copy
import io
import json
from pathlib import Path

import docx
import pytest

from forskrift import judgements
from forskrift.check import Checker
from forskrift.cli import main
from forskrift.letter import make_docx_template, model
from forskrift.letter.draft import make

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "cases" / "lokal-2021"
EIGERSUND = EXAMPLES / "kompetanseloftet-eigersund-koordinator-over-10-prosent-needs-judgement.json"
SOLA = EXAMPLES / "desentralisert-sola-partnerskap-mangler-undetermined.json"
KLEPP = EXAMPLES / "desentralisert-klepp-egenandel-20-prosent-not-eligible.json"
SANDNES = EXAMPLES / "desentralisert-sandnes-eligible.json"
EXAMPLES_2026 = ROOT / "cases" / "kollektiv-2026"
OK_2026 = EXAMPLES_2026 / "behovsmelding-strand-eligible.json"
NO_2026 = EXAMPLES_2026 / "behovsmelding-gjesdal-fagskole-uten-forpliktende-avtale-not-eligible.json"
HA_2026 = EXAMPLES_2026 / "behovsmelding-ha-partnerskap-mangler-undetermined.json"
TODAY = "2025-03-12"


@pytest.fixture(scope="module")
def checker():
    return Checker(engine="reference")


def _doc(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _judged(case: Path) -> dict:
    return judgements.load(case.parent / "judgements" / judgements.for_case(case).name)


def _text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    return "\n".join(p.text for p in document.paragraphs)


def _headings(data: bytes) -> list[str]:
    document = docx.Document(io.BytesIO(data))
    return [p.text for p in document.paragraphs if p.style.name.startswith(("Heading", "Title"))]


def _letter(checker, case, fmt="docx", **kw):
    return make(checker, _doc(case), str(case), fmt=fmt, today=TODAY, **kw)


def test_tilsagn_2021_after_judgement_bokmal(checker):
    draft = _letter(checker, EIGERSUND, judgements=_judged(EIGERSUND), lang="nb")
    assert draft.decision == "eligible"
    text = _text(draft.data)
    headings = _headings(draft.data)
    assert headings[0] == "Vedtak om tilskudd – tilsagn"
    for heading in ("Hva det er søkt om", "Faktiske forhold", "Rettslig grunnlag", "Statsforvalterens vurdering",
                    "Vedtak", "Vilkår for tilskuddet", "Rapportering og kontroll", "Klageadgang",
                    "Innsyn i sakens dokumenter"):
        assert heading in headings
    assert "UTKAST" in text and "12. mars 2025" in text and "ROG-2025-KOMPL-SOR-004" in text
    assert "Eigersund kommune, Org.nr. 964964610, Kontonr. 32018332360" in text          # punkt 7.3 nr. 1
    assert "tilsagn om tilskudd på inntil kr\u00a0600\u00a0000 for tilskuddsåret 2025" in text
    assert "forskrift 26. januar 2021 nr. 230 punkt 7.2 fjerde ledd" in text
    # the caseworker's conclusion and reason, in the assessment of the provision
    assert "Saksbehandlers vurdering: Oppfylt: Koordinatorfunksjonen (kr 140 000" in text
    assert "(Kari Nordmann, 10. mars 2025)" in text
    # the grant letter's content under punkt 7.3 tredje ledd, and the right of appeal and access
    assert "punkt 7.3 tredje ledd" in text and "(nr. 6)" in text
    assert "årlig til Statsforvalteren" in text and "(punkt 9)" in text
    assert "forvaltningsloven § 28" in text and "tre uker" in text and "§ 29" in text
    assert "punkt 7.5" in text and "Utdanningsdirektoratet er klageinstans" in text
    assert "forvaltningsloven § 18" in text
    assert "egenandel" not in text.lower().split("vilkår for tilskuddet")[1].split("rapportering")[0]  # not desentr.
    assert "{{" not in text and "{%" not in text


def test_undetermined_letter_says_what_is_open_and_decides_nothing_nynorsk(checker):
    draft = _letter(checker, EIGERSUND, lang="nn")
    assert draft.decision == "undetermined" and draft.lang == "nn"
    headings = _headings(draft.data)
    assert headings[0] == "Saka er ikkje avgjord – utkast med opne punkt"
    assert headings[1] == "Dette må avklarast før saka kan avgjerast"
    for heading in ("Vedtak", "Klagerett", "Vilkår for tilskotet"):
        assert heading not in headings
    text = _text(draft.data)
    assert "Dette brevet er ikkje eit vedtak" in text
    assert "punkt 7.2 fjerde ledd: Berre ein avgrensa del av midlane kan gå til koordinering. – Krev vurdering" in text
    assert "tilsegn" not in text.lower()


def test_avslag_2021_nynorsk_names_the_failed_provisions(checker):
    draft = _letter(checker, KLEPP)                      # Klepp kommune has chosen nynorsk (in the case)
    assert draft.decision == "not_eligible" and draft.lang == "nn"
    headings = _headings(draft.data)
    assert headings[0] == "Vedtak om tilskot – avslag"
    assert "Klagerett" in headings and "Innsyn i dokumenta i saka" in headings
    assert "Vilkår for tilskotet" not in headings
    text = _text(draft.data)
    assert "Statsforvaltaren avslår søknaden frå Klepp kommune" in text
    reasons = text.split("Søknaden oppfyller ikkje desse vilkåra:")[1].split("Klagerett")[0]
    assert "punkt 7.2 nr. 3" in reasons
    assert "forvaltningslova § 29" in text and "tre veker" in text and "forvaltningslova § 18" in text
    assert "Ikkje oppfylt" in text
    assert "Eigendel / eigeninnsats: kr\u00a0150\u00a0000, Løn til lærarar" in text


def test_information_received_letter_2021(checker):
    draft = _letter(checker, SOLA, judgements=_judged(SOLA), lang="nb", fmt="html")
    assert draft.decision == "eligible"
    page = draft.data.decode("utf-8")
    assert "Opplysninger mottatt: Sola kommune ettersendte 9. februar 2024 partnerskapsavtalen" in page
    assert "Universitetet i Stavanger" in page
    assert "egenandel på minst 30 prosent" in page              # desentralisert ordning: its own condition
    assert 'lang="nb"' in page


@pytest.mark.parametrize(("case", "lang", "decision", "title"), [
    (OK_2026, "nb", "eligible", "Vedtak om tilskudd – tilsagn"),
    (OK_2026, "nn", "eligible", "Vedtak om tilskot – tilsegn"),
    (NO_2026, "nn", "not_eligible", "Vedtak om tilskot – avslag"),
])
def test_letters_2026(checker, case, lang, decision, title):
    draft = _letter(checker, case, lang=lang)
    assert draft.decision == decision
    text = _text(draft.data)
    assert _headings(draft.data)[0] == title
    assert "forskrift om tilskudd til kollektiv kompetanseutvikling" in text
    assert "punkt 7.3" not in text                                  # the 2021 grant letter content is 2021's
    assert "§ 28 første ledd" in text and "ikke verifisert" in text.replace("ikkje", "ikke")
    html = _letter(checker, case, fmt="html", lang=lang).data.decode("utf-8")
    assert title in html and "{{" not in html


def test_2026_undetermined_resolved_by_judgement_nynorsk(checker):
    assert _letter(checker, HA_2026).decision == "undetermined"
    draft = _letter(checker, HA_2026, judgements=_judged(HA_2026), lang="nn")
    assert draft.decision == "eligible"
    text = _text(draft.data)
    assert _headings(draft.data)[0] == "Vedtak om tilskot – tilsegn"
    assert "Hå kommune, Org.nr. 942938939, Kontonr. 30875420436" in text
    assert "Opplysningar mottekne: Hå kommune sendte 2. februar 2026 samarbeidsavtalen" in text
    assert "(Ingrid Vik, 3. februar 2026)" in text
    assert "Samarbeidspartnar(ar): Universitetet i Stavanger" in text     # the facts with the information received
    assert "Statsforvaltaren i Rogaland" in text and "Statsforvalteren i" not in text
    assert "Vurderinga til sakshandsamaren: Oppfylt: Før- og etterundersøkelse" in text
    assert "Partnarskapet skal rapportere" in text and "Klagerett" in _headings(draft.data)


def test_the_written_standard_of_the_case_chooses_the_language(checker, tmp_path):
    doc = _doc(SANDNES)
    doc["case"]["applicant"]["owners"][0]["written_standard"] = "nn"
    draft = make(checker, doc, "case.json", fmt="docx", today=TODAY)
    assert draft.lang == "nn" and "written standard" in draft.lang_reason
    assert _headings(draft.data)[0] == "Vedtak om tilskot – tilsegn"
    assert make(checker, doc, "case.json", fmt="docx", lang="nb").lang == "nb"      # --lang overrides
    mixed = copy.deepcopy(doc)
    mixed["case"]["applicant"]["owners"].append(mixed["case"]["applicant"]["owners"][0] | {"written_standard": "nb"})
    assert model.written_standard(mixed)[0] == "nb"
    assert model.written_standard(_doc(SANDNES)) == ("nb", "no written standard stated for the applicant; "
                                                           "bokmål by default")


def test_what_the_case_says_is_escaped(checker):
    doc = _doc(SANDNES)
    doc["behovsmelding"]["measures"][0]["title"] = "Lesing & skriving <b>nå</b>"
    html = make(checker, doc, "case.json", fmt="html").data.decode("utf-8")
    assert "Lesing &amp; skriving &lt;b&gt;nå&lt;/b&gt;" in html
    assert "Lesing & skriving <b>nå</b>" in _text(make(checker, doc, "case.json", fmt="docx").data)


def test_command_line(tmp_path, capsys):
    out = tmp_path / "brev.docx"
    judged = EIGERSUND.parent / "judgements" / judgements.for_case(EIGERSUND).name
    assert main(["letter", str(EIGERSUND), "--judgements", str(judged), "--format", "docx", "-o", str(out),
                 "--date", TODAY]) == 0
    assert "eligible" in capsys.readouterr().err
    assert "Vedtak om tilskudd – tilsagn" in _text(out.read_bytes())
    assert main(["letter", str(EIGERSUND), "--format", "html", "--lang", "nn", "-o", str(tmp_path / "b.html")]) == 1
    assert "undetermined" in capsys.readouterr().err
    innstilling = EXAMPLES / "innstilling-desentralisert-rogaland-2024-eligible.json"
    assert main(["letter", str(innstilling), "--format", "docx", "-o", str(out)]) == 2
    assert "answers an application" in capsys.readouterr().err
    assert main(["letter", str(SANDNES), "--format", "docx", "--templates", str(tmp_path / "none")]) == 2


def test_an_office_template_folder_is_used(tmp_path, checker):
    folder = tmp_path / "office"
    folder.mkdir()
    for name in ("phrases-nb.yaml", "phrases-nn.yaml", "vedtak.docx"):
        (folder / name).write_bytes((model.templates_dir() / name).read_bytes())
    (folder / "vedtak.html").write_text("<p>Statsforvalteren i Rogaland: {{ letter.title }}</p>", encoding="utf-8")
    draft = make(checker, _doc(SANDNES), "case.json", fmt="html", folder=str(folder))
    assert draft.data.decode("utf-8") == "<p>Statsforvalteren i Rogaland: Vedtak om tilskudd – tilsagn</p>"


def test_committed_word_template_holds_the_scripts_paragraphs(tmp_path):
    committed = docx.Document(str(model.templates_dir() / "vedtak.docx"))
    assert [(p.style.name, p.text) for p in committed.paragraphs] == make_docx_template.PARAGRAPHS
    fresh = tmp_path / "fresh.docx"
    make_docx_template.build(fresh)
    assert [p.text for p in docx.Document(str(fresh)).paragraphs] == [t for _, t in make_docx_template.PARAGRAPHS]


def test_phrase_files_have_the_same_keys():
    def keys(data, prefix=""):
        out = set()
        for key, value in data.items():
            out.add(prefix + str(key))
            if isinstance(value, dict):
                out |= keys(value, f"{prefix}{key}.")
        return out
    assert keys(model.phrases("nb")) == keys(model.phrases("nn"))
