"""The fixed words of the web page, in bokmål (default), nynorsk (words_nn.py) and English. A case's report comes
from the report model (forskrift/report/) in the chosen language; these are only the page's own labels."""

from __future__ import annotations

from ..i18n import DECISION, DECISION_DOCUMENT, STATUS
from ..vocabulary import label
from .impact_words import IMPACT_WORDS
from .words_nn import NN
from .year_words import YEAR_WORDS, YEAR_WORDS_NN

WORDS = {
    "app": {"nb": "forskrift – kontroll av behovsmeldinger", "en": "forskrift – checking needs reports"},
    "nav_check": {"nb": "Kontroller saker", "en": "Check cases"},
    "nav_rulebooks": {"nb": "Regelverk", "en": "Rulebooks"},
    "nav_api": {"nb": "API", "en": "API"},
    "lang_nb": {"nb": "Bokmål", "en": "Norsk (bokmål)"},
    "lang_nn": {"nb": "Nynorsk", "en": "Norsk (nynorsk)"},
    "lang_en": {"nb": "English", "en": "English"},
    "applicant": {"nb": "Søker", "en": "Applicant"},
    "check_title": {"nb": "Kontroller saker", "en": "Check cases"},
    "check_intro": {"nb": "Last opp én eller flere saksfiler (JSON), slipp dem her, eller lim inn JSON. Filene "
                              "kontrolleres mot regelverket som gjaldt på saksdatoen. Ingenting lagres på serveren.",
                    "en": "Upload one or more case files (JSON), drop them here, or paste JSON. Each case is checked "
                          "against the rulebook in force on its date. Nothing is stored on the server."},
    "files": {"nb": "Saksfiler", "en": "Case files"},
    "folder": {"nb": "… eller en hel mappe", "en": "… or a whole folder"},
    "drop": {"nb": "Slipp saksfiler her", "en": "Drop case files here"},
    "paste": {"nb": "Eller lim inn én sak som JSON", "en": "Or paste one case as JSON"},
    "language": {"nb": "Språk i rapporten", "en": "Report language"},
    "submit": {"nb": "Kontroller", "en": "Check"},
    "nothing": {"nb": "Velg minst én fil, eller lim inn JSON.", "en": "Choose at least one file, or paste JSON."},
    "results": {"nb": "Resultat av kontrollen", "en": "Result of the check"},
    "overview": {"nb": "Oversikt", "en": "Overview"},
    "cases_checked": {"nb": "saker kontrollert", "en": "cases checked"},
    "case_checked": {"nb": "sak kontrollert", "en": "case checked"},
    "invalid_files": {"nb": "ugyldige filer", "en": "invalid files"},
    "file": {"nb": "Fil", "en": "File"},
    "case_id": {"nb": "Saks-ID", "en": "Case id"},
    "scheme": {"nb": "Ordning", "en": "Scheme"},
    "date": {"nb": "Dato", "en": "Date"},
    "grant_year": {"nb": "Tilskuddsår", "en": "Grant year"},
    "decision": {"nb": "Resultat", "en": "Outcome"},
    "decided_by": {"nb": "Avgjort av", "en": "Decided by"},
    "decision_rule": {"nb": "Beslutningsregel", "en": "Decision rule"},
    "filter_decision": {"nb": "Vis resultat", "en": "Show outcome"},
    "filter_status": {"nb": "Vis saker med funn", "en": "Show cases with findings"},
    "all": {"nb": "alle", "en": "all"},
    "shown": {"nb": "vises", "en": "shown"},
    "sort": {"nb": "Sorter", "en": "Sort"},
    "error": {"nb": "Ugyldig fil", "en": "Invalid file"},
    "download": {"nb": "Last ned JSON", "en": "Download JSON"},
    "print": {"nb": "Skriv ut rapport", "en": "Print report"},
    "new_check": {"nb": "Ny kontroll", "en": "New check"},
    "switch_report": {"nb": "Vis rapporten på engelsk", "en": "Show the report in Norwegian"},
    "rulebook": {"nb": "Regelverk", "en": "Rulebook"},
    "engine": {"nb": "Regelmotor", "en": "Engine"},
    "document_hash": {"nb": "Dokumentets sjekksum", "en": "Document hash"},
    "findings": {"nb": "Funn etter bestemmelse", "en": "Findings by provision"},
    "requirement": {"nb": "Krav", "en": "Requirement"},
    "message": {"nb": "Formulering", "en": "Wording"},
    "evidence": {"nb": "Grunnlag i dokumentet", "en": "Evidence in the document"},
    "field": {"nb": "Felt", "en": "Field"},
    "value": {"nb": "Verdi", "en": "Value"},
    "missing_value": {"nb": "mangler", "en": "missing"},
    "missing": {"nb": "Mangler", "en": "Missing"},
    "interpretation": {"nb": "Tolkning", "en": "Interpretation"},
    "judgement": {"nb": "Vurder", "en": "To judge"},
    "unverified": {"nb": "Teksten er ikke verifisert mot Lovdata", "en": "Text not verified against Lovdata"},
    "blocking": {"nb": "blokkerende", "en": "blocking"},
    "not_blocking": {"nb": "ikke blokkerende", "en": "not blocking"},
    "also_cites": {"nb": "Hjemmel", "en": "Cites"},
    "rule": {"nb": "Regel", "en": "Rule"},
    "not_applicable_n": {"nb": "regler gjelder ikke for denne saken", "en": "rules do not apply to this case"},
    "source": {"nb": "Kilde", "en": "Source"},
    "rulebooks_title": {"nb": "Regelverk", "en": "Rulebooks"},
    "rulebooks_intro": {"nb": "Regelverkene som følger med, med status og gyldighet. Velg ett for å se "
                                  "bestemmelsene i rekkefølge og reglene som kontrollerer hver av dem.",
                        "en": "The shipped rulebooks with status and validity. Choose one to see its provisions "
                              "in order and the rules that check each."},
    "status": {"nb": "Status", "en": "Status"},
    "valid": {"nb": "Gyldighet", "en": "Validity"},
    "open": {"nb": "åpen", "en": "open"},
    "instrument": {"nb": "Forskrift", "en": "Instrument"},
    "provisions": {"nb": "Bestemmelser", "en": "Provisions"},
    "rules": {"nb": "Regler", "en": "Rules"},
    "text_verified": {"nb": "Tekst verifisert", "en": "Text verified"},
    "yes": {"nb": "ja", "en": "yes"},
    "no": {"nb": "nei", "en": "no"},
    "reads": {"nb": "Leser saksformat", "en": "Reads case formats"},
    "coverage": {"nb": "Dekning", "en": "Coverage"},
    "covered": {"nb": "kontrolleres av regler", "en": "checked by rules"},
    "no_check_n": {"nb": "uten kontroll på saksnivå, med begrunnelse",
                   "en": "no case-level check, with the reason"},
    "uncovered": {"nb": "verken regel eller begrunnelse", "en": "neither a rule nor a reason"},
    "no_check": {"nb": "Ingen kontroll på saksnivå", "en": "No case-level check"},
    "uncovered_one": {"nb": "Ingen regel, og ingen begrunnelse for hvorfor ingen regel finnes.",
                      "en": "No rule, and no reason given why there is none."},
    "condition": {"nb": "Vilkår", "en": "Condition"},
    "applies_when": {"nb": "Gjelder når", "en": "Applies when"},
    "official_text": {"nb": "Offisiell tekst", "en": "Official text"},
    "api_title": {"nb": "HTTP-API", "en": "HTTP API"},
    "not_found": {"nb": "Finnes ikke", "en": "Not found"},
    "too_large": {"nb": "Forespørselen er for stor", "en": "Request too large"},
    "bad_request": {"nb": "Ugyldig forespørsel", "en": "Bad request"},
    "server_error": {"nb": "Noe gikk galt på serveren; saken er ikke lagret eller logget.",
                     "en": "Something went wrong on the server; the case was neither stored nor logged."},
    "status_in_force": {"nb": "i kraft", "en": "in force"},
    "status_hearing": {"nb": "på høring", "en": "in hearing"},
    "status_proposal": {"nb": "forslag", "en": "proposal"},
    "judge_heading": {"nb": "Saksbehandlers vurdering og vedtaksbrev",
                      "nn": "Vurderinga til sakshandsamaren og vedtaksbrev", "en": "Caseworker's judgement and letter"},
    "judge_legend": {"nb": "Saksbehandlers vurdering",
                     "nn": "Vurderinga til sakshandsamaren", "en": "Caseworker's judgement"},
    "conclusion": {"nb": "Konklusjon", "nn": "Konklusjon", "en": "Conclusion"},
    "choose": {"nb": "– ikke vurdert –", "nn": "– ikkje vurdert –", "en": "– not judged –"},
    "info_received": {"nb": "Opplysninger mottatt", "nn": "Opplysningar mottekne", "en": "Information received"},
    "judge_reason": {"nb": "Begrunnelse", "nn": "Grunngiving", "en": "Reason"},
    "values_label": {"nb": "Mottatte opplysninger, én per linje: /peker = JSON-verdi",
                     "nn": "Mottekne opplysningar, éi per linje: /peikar = JSON-verdi",
                     "en": "Information received, one per line: /pointer = JSON value"},
    "by": {"nb": "Saksbehandler", "nn": "Sakshandsamar", "en": "Caseworker"},
    "save_recompute": {"nb": "Lagre vurderingene og avgjør på nytt",
                       "nn": "Lagre vurderingane og avgjer på nytt", "en": "Save the judgements and decide again"},
    "download_judgements": {"nb": "Last ned vurderingene (JSON)",
                            "nn": "Last ned vurderingane (JSON)", "en": "Download the judgements (JSON)"},
    "letter_lang": {"nb": "Brevets målform", "nn": "Målforma i brevet", "en": "Letter's written standard"},
    "by_case": {"nb": "etter saken", "nn": "etter saka", "en": "as the case says"},
    "bokmal": {"nb": "bokmål", "nn": "bokmål", "en": "bokmål"},
    "nynorsk": {"nb": "nynorsk", "nn": "nynorsk", "en": "nynorsk"},
    "letter_docx": {"nb": "Last ned vedtaksbrev (Word)",
                    "nn": "Last ned vedtaksbrev (Word)", "en": "Download the decision letter (Word)"},
    "letter_html": {"nb": "Last ned vedtaksbrev (HTML)",
                    "nn": "Last ned vedtaksbrev (HTML)", "en": "Download the decision letter (HTML)"},
    "letter_note": {"nb": "Brevet er et utkast. For en sak som ikke er avgjort, lister det hva som er åpent.",
                    "nn": "Brevet er eit utkast. For ei sak som ikkje er avgjord, listar det opp kva som er ope.",
                    "en": "The letter is a draft. For an undetermined case it lists what is still open."},
    "judged_by": {"nb": "Saksbehandlers vurdering",
                  "nn": "Vurderinga til sakshandsamaren", "en": "Caseworker's judgement"},
    "judgements_applied": {"nb": "vurderinger brukt", "nn": "vurderingar brukte", "en": "judgements applied"},
    "not_applied": {"nb": "Ikke brukt", "nn": "Ikkje brukt", "en": "Not applied"},
    "judge_alone": {"nb": "Last opp én sak om gangen for å vurdere den og lage vedtaksbrev.",
                    "nn": "Last opp éi sak om gongen for å vurdere henne og lage vedtaksbrev.",
                    "en": "Upload one case at a time to judge it and draft the letter."},
}

WORDS.update(IMPACT_WORDS)
WORDS.update(YEAR_WORDS)
for _key, _text in YEAR_WORDS_NN.items():      # the impact page's words of issue 16 get their nynorsk here too
    WORDS.get(_key, {}).setdefault("nn", _text)
for _key, _text in NN.items():
    if _key in WORDS:
        WORDS[_key]["nn"] = _text

DECISION_ERROR = {"nb": "Ugyldig fil", "nn": "Ugyldig fil", "en": "Invalid file"}


def words(lang: str):
    """A lookup function for templates: t("key"), t.status("met"), t.decision("eligible"). Nynorsk words are
    used where written (`nn`), bokmål where not."""
    lang = lang if lang in ("nb", "nn", "en") else "nb"

    def t(key: str) -> str:
        entry = WORDS[key]
        return entry.get(lang) or entry["nb"]

    t.status = lambda s: STATUS[s][lang]
    t.decision = lambda d: DECISION_ERROR.get(lang, DECISION_ERROR["nb"]) if d == "error" else DECISION[d][lang]
    t.decision_document = lambda d: DECISION_DOCUMENT[d][lang]     # «i orden»: a document other than a behovsmelding
    t.rb_status = lambda s: WORDS.get(f"status_{s}", {}).get(lang) or WORDS.get(f"status_{s}", {}).get("nb", s)
    t.scheme = lambda s: label("scheme", s, lang) if s else ""
    t.lang = lang
    return t
