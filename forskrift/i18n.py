"""The fixed words of reports, in Norwegian bokmål (default), nynorsk and English.

Labels of coded values (statuses, decisions, schemes, partner types …) are in `schemas/vocabulary.yaml`
(`forskrift/vocabulary.py`); these are the report's own words (headings, "avgjort av", "grunnlag" …).
"""

from __future__ import annotations

from .vocabulary import label, lang_of

LANGS = ("nb", "nn", "en")


def _from_vocabulary(section: str, capitalise: bool = True) -> dict:
    from .vocabulary import vocabulary

    out = {}
    for code, labels in vocabulary()[section]["values"].items():
        out[code] = {lang: (text[:1].upper() + text[1:]) if capitalise else text for lang, text in labels.items()}
    return out


class _Lazy(dict):
    """A dict filled from the vocabulary on first use (so importing this module reads no file)."""

    def __init__(self, section: str):
        super().__init__()
        self._section = section

    def _fill(self):
        if not dict.__len__(self):
            self.update(_from_vocabulary(self._section))

    def __getitem__(self, key):
        self._fill()
        return dict.__getitem__(self, key)

    def __iter__(self):
        self._fill()
        return dict.__iter__(self)

    def __len__(self):
        self._fill()
        return dict.__len__(self)

    def items(self):
        self._fill()
        return dict.items(self)

    def get(self, key, default=None):
        self._fill()
        return dict.get(self, key, default)


STATUS = _Lazy("status")                       # status → {lang: "Oppfylt"}
DECISION = _Lazy("decision")                   # decision → {lang: "Tilskuddsberettiget"}
DECISION_DOCUMENT = _Lazy("decision_document")  # for a case about another document: "I orden"

DECISION_RULE = {
    "nb": "Et blokkerende krav som ikke er oppfylt gir «ikke tilskuddsberettiget»; ellers gir et blokkerende krav "
          "som mangler opplysninger eller krever skjønn «ikke avgjort»; ellers «tilskuddsberettiget».",
    "nn": "Eit blokkerande krav som ikkje er oppfylt gir «ikkje tilskotsberettiga»; elles gir eit blokkerande krav "
          "som manglar opplysningar eller krev skjønn «ikkje avgjort»; elles «tilskotsberettiga».",
    "en": "A blocking requirement not met makes the case not eligible; otherwise a blocking requirement with "
          "missing information or needing judgement leaves it undetermined; otherwise it is eligible.",
}

DECISION_RULE_DOCUMENT = {
    "nb": "Et blokkerende krav som ikke er oppfylt gir «ikke i orden»; ellers gir et blokkerende krav som mangler "
          "opplysninger eller krever skjønn «ikke avgjort»; ellers «i orden».",
    "nn": "Eit blokkerande krav som ikkje er oppfylt gir «ikkje i orden»; elles gir eit blokkerande krav som manglar "
          "opplysningar eller krev skjønn «ikkje avgjort»; elles «i orden».",
    "en": "A blocking requirement not met makes the document not in order; otherwise a blocking requirement with "
          "missing information or needing judgement leaves it undetermined; otherwise it is in order.",
}

WORDS = {
    "case": {"nb": "Sak", "nn": "Sak", "en": "Case"},
    "applicant": {"nb": "Søker", "nn": "Søkjar", "en": "Applicant"},
    "scheme": {"nb": "Ordning", "nn": "Ordning", "en": "Scheme"},
    "grant_year": {"nb": "Tilskuddsår", "nn": "Tilskotsår", "en": "Grant year"},
    "amount_applied": {"nb": "Omsøkt beløp", "nn": "Beløp det er søkt om", "en": "Amount applied for"},
    "document": {"nb": "Dokument", "nn": "Dokument", "en": "Document"},
    "date": {"nb": "Dato", "nn": "Dato", "en": "Date"},
    "rulebook": {"nb": "Regelverk", "nn": "Regelverk", "en": "Rulebook"},
    "decision": {"nb": "Resultat", "nn": "Resultat", "en": "Outcome"},
    "decided_by": {"nb": "avgjort av", "nn": "avgjort av", "en": "decided by"},
    "evidence": {"nb": "grunnlag", "nn": "grunnlag", "en": "evidence"},
    "evidence_more": {"nb": "flere felt", "nn": "fleire felt", "en": "more fields"},
    "missing": {"nb": "mangler", "nn": "manglar", "en": "missing"},
    "interpretation": {"nb": "tolkning", "nn": "tolking", "en": "interpretation"},
    "absence_fails": {"nb": "ikke oppgitt, og det avgjør", "nn": "ikkje oppgitt, og det avgjer",
                      "en": "not given, and that decides"},
    "judgement": {"nb": "vurder", "nn": "vurder", "en": "to judge"},
    "unverified": {"nb": "teksten er ikke verifisert mot Lovdata", "nn": "teksten er ikkje verifisert mot Lovdata",
                   "en": "text not verified against Lovdata"},
    "blocking": {"nb": "blokkerende", "nn": "blokkerande", "en": "blocking"},
    "not_blocking": {"nb": "ikke blokkerende", "nn": "ikkje blokkerande", "en": "not blocking"},
    "valid": {"nb": "gjelder", "nn": "gjeld", "en": "valid"},
    "not_applicable_count": {"nb": "regler gjelder ikke for denne saken", "nn": "reglar gjeld ikkje for denne saka",
                             "en": "rules do not apply to this case"},
    "error": {"nb": "Feil", "nn": "Feil", "en": "Error"},
    "invalid_file": {"nb": "Ugyldig fil", "nn": "Ugyldig fil", "en": "Invalid file"},
    "requirement": {"nb": "Krav", "nn": "Krav", "en": "Requirement"},
    "found": {"nb": "Funnet", "nn": "Funne", "en": "Found"},
    "source": {"nb": "kilde", "nn": "kjelde", "en": "source"},
    "open": {"nb": "åpen", "nn": "open", "en": "open"},
    "owner": {"nb": "eier", "nn": "eigar", "en": "owner"},
    "network": {"nb": "nettverk", "nn": "nettverk", "en": "network"},
    "also_cites": {"nb": "hjemmel", "nn": "heimel", "en": "cites"},
    "engine": {"nb": "Regelmotor", "nn": "Regelmotor", "en": "Engine"},
    "document_hash": {"nb": "Dokumentets sjekksum", "nn": "Sjekksummen til dokumentet", "en": "Document hash"},
    "decision_rule": {"nb": "Beslutningsregel", "nn": "Avgjerdsregel", "en": "Decision rule"},
    "findings": {"nb": "Funn etter bestemmelse", "nn": "Funn etter føresegn", "en": "Findings by provision"},
    "field": {"nb": "Felt", "nn": "Felt", "en": "Field"},
    "value": {"nb": "Verdi", "nn": "Verdi", "en": "Value"},
    "file": {"nb": "Fil", "nn": "Fil", "en": "File"},
    "case_id": {"nb": "Saks-ID", "nn": "Saks-ID", "en": "Case id"},
    "deciding": {"nb": "avgjørende", "nn": "avgjerande", "en": "deciding"},
    "call": {"nb": "Utlysning", "nn": "Utlysing", "en": "Call"},
    "forum_decision": {"nb": "Forumvedtak", "nn": "Forumvedtak", "en": "Forum decision"},
    "unverified_call": {"nb": "utlysningens tekst er ikke verifisert; kjent fra en beskrivelse",
                        "nn": "teksten i utlysinga er ikkje verifisert; kjend frå ei skildring",
                        "en": "the call's text is not verified; known from a description"},
    "rests_on_call": {"nb": "bygger på utlysningen, ikke på forskriften",
                      "nn": "byggjer på utlysinga, ikkje på forskrifta",
                      "en": "rests on the call, not on the regulation"},
    "no_call": {"nb": "ingen utlysning fra dette kontoret gjelder på sakens dato; utlysningens vilkår er ikke prøvd",
                "nn": "inga utlysing frå dette kontoret gjeld på datoen til saka; vilkåra i utlysinga er ikkje prøvde",
                "en": "no call of this office applies on the case's date; the call's conditions are not checked"},
}


def word(key: str, lang: str) -> str:
    return WORDS[key][lang_of(lang)]


__all__ = ["LANGS", "STATUS", "DECISION", "DECISION_DOCUMENT", "DECISION_RULE", "DECISION_RULE_DOCUMENT", "WORDS",
           "word", "label"]
