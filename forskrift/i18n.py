"""The fixed words of reports, in Norwegian bokmål (default) and English."""

from __future__ import annotations

STATUS = {
    "met": {"nb": "Oppfylt", "en": "Met"},
    "not_met": {"nb": "Ikke oppfylt", "en": "Not met"},
    "missing_information": {"nb": "Mangler opplysninger", "en": "Missing information"},
    "needs_judgement": {"nb": "Krever skjønn", "en": "Needs judgement"},
    "not_applicable": {"nb": "Gjelder ikke", "en": "Not applicable"},
}

DECISION = {
    "eligible": {"nb": "Tilskuddsberettiget", "en": "Eligible"},
    "not_eligible": {"nb": "Ikke tilskuddsberettiget", "en": "Not eligible"},
    "undetermined": {"nb": "Ikke avgjort – krever saksbehandlers vurdering", "en": "Undetermined – needs a caseworker"},
}

# The same outcomes, worded for a case about another document than a behovsmelding (an innstilling, a grant
# letter, a report...): the document is in order, or not, under the rules for it.
DECISION_DOCUMENT = {
    "eligible": {"nb": "I orden", "en": "In order"},
    "not_eligible": {"nb": "Ikke i orden", "en": "Not in order"},
    "undetermined": DECISION["undetermined"],
}

DECISION_RULE = {
    "nb": "Et blokkerende krav som ikke er oppfylt gir «ikke tilskuddsberettiget»; ellers gir et blokkerende krav "
          "som mangler opplysninger eller krever skjønn «ikke avgjort»; ellers «tilskuddsberettiget».",
    "en": "A blocking requirement not met makes the case not eligible; otherwise a blocking requirement with "
          "missing information or needing judgement leaves it undetermined; otherwise it is eligible.",
}

WORDS = {
    "case": {"nb": "Sak", "en": "Case"},
    "rulebook": {"nb": "Regelverk", "en": "Rulebook"},
    "decision": {"nb": "Resultat", "en": "Outcome"},
    "decided_by": {"nb": "avgjort av", "en": "decided by"},
    "evidence": {"nb": "grunnlag", "en": "evidence"},
    "missing": {"nb": "mangler", "en": "missing"},
    "interpretation": {"nb": "tolkning", "en": "interpretation"},
    "judgement": {"nb": "vurder", "en": "to judge"},
    "unverified": {"nb": "teksten er ikke verifisert mot Lovdata", "en": "text not verified against Lovdata"},
    "blocking": {"nb": "blokkerende", "en": "blocking"},
    "not_blocking": {"nb": "ikke blokkerende", "en": "not blocking"},
    "valid": {"nb": "gjelder", "en": "valid"},
    "not_applicable_count": {"nb": "regler gjelder ikke for denne saken", "en": "rules do not apply to this case"},
    "error": {"nb": "Feil", "en": "Error"},
    "requirement": {"nb": "Krav", "en": "Requirement"},
    "source": {"nb": "kilde", "en": "source"},
    "open": {"nb": "åpen", "en": "open"},
}


def word(key: str, lang: str) -> str:
    return WORDS[key]["en" if lang == "en" else "nb"]
