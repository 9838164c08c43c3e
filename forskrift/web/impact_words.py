"""The impact page's own labels, in bokmål and English (merged into the page's words by words.py)."""

from __future__ import annotations

IMPACT_WORDS = {
    "nav_impact": {"nb": "Konsekvenser", "en": "Impact"},
    "impact_title": {"nb": "Konsekvenser av et regelverksskifte", "en": "The impact of a change of rulebook"},
    "impact_intro": {
        "nb": "Velg to regelverk og et sett saker. Hver sak vurderes etter begge regelverkene, og siden viser "
              "hvilke bestemmelser som endrer utfallet og hvilke saker som får et annet resultat. Saker i "
              "2021-formatet konverteres når det nye regelverket bare leser 2026-formatet. Ingenting lagres.",
        "en": "Choose two rulebooks and a set of cases. Each case is checked under both rulebooks, and the page "
              "shows which provisions change the outcome and which cases get another result. Cases in the 2021 "
              "format are converted when the new rulebook reads only the 2026 format. Nothing is stored."},
    "from_rulebook": {"nb": "Fra regelverk", "en": "From rulebook"},
    "to_rulebook": {"nb": "Til regelverk", "en": "To rulebook"},
    "case_set": {"nb": "Saker", "en": "Cases"},
    "shipped_set": {"nb": "… eller saker som følger med", "en": "… or cases shipped with forskrift"},
    "no_shipped": {"nb": "ingen (bare opplastede filer)", "en": "none (uploaded files only)"},
    "files_n": {"nb": "filer", "en": "files"},
    "compare": {"nb": "Sammenlign", "en": "Compare"},
    "comparing": {"nb": "Sammenligner … hver sak vurderes etter begge regelverkene.",
                  "en": "Comparing … every case is checked under both rulebooks."},
    "impact_nothing": {"nb": "Velg saksfiler, en mappe eller et sett saker som følger med.",
                       "en": "Choose case files, a folder, or a set of shipped cases."},
    "impact_results": {"nb": "Konsekvenser", "en": "Impact"},
    "compared": {"nb": "saker sammenlignet", "en": "cases compared"},
    "converted_n": {"nb": "konvertert", "en": "converted"},
    "decisions_changed": {"nb": "endret utfall", "en": "decisions changed"},
    "findings_changed": {"nb": "endrede funn", "en": "findings changed"},
    "not_compared_n": {"nb": "ikke sammenlignet", "en": "not compared"},
    "transitions": {"nb": "Endrede utfall", "en": "Changed outcomes"},
    "before": {"nb": "Før", "en": "Before"},
    "after": {"nb": "Etter", "en": "After"},
    "n_cases": {"nb": "Antall saker", "en": "Cases"},
    "no_changes": {"nb": "Ingen saker får et annet utfall.", "en": "No case gets another outcome."},
    "by_provision": {"nb": "Per bestemmelse", "en": "By provision"},
    "by_provision_intro": {
        "nb": "Hvor mange saker hver bestemmelse berører (et funn kommer til, faller bort eller endrer status), "
              "og hvor mange utfall den snur (funnet avgjorde saken før eller etter).",
        "en": "How many cases each provision touches (a finding appears, disappears or changes status), and how "
              "many outcomes it turns (the finding decided the case before or after)."},
    "provision": {"nb": "Bestemmelse", "en": "Provision"},
    "turned": {"nb": "Utfall snudd", "en": "Outcomes turned"},
    "touched": {"nb": "Saker berørt", "en": "Cases touched"},
    "turns": {"nb": "Endringer", "en": "Changes"},
    "changed_cases": {"nb": "Saker med endret utfall", "en": "Cases whose outcome changes"},
    "same_outcome": {"nb": "Saker med endrede funn, men samme utfall",
                     "en": "Cases with changed findings but the same outcome"},
    "change": {"nb": "Endring", "en": "Change"},
    "change_appears": {"nb": "nytt krav", "en": "new requirement"},
    "change_disappears": {"nb": "bortfalt krav", "en": "requirement gone"},
    "change_status_changed": {"nb": "endret status", "en": "status changed"},
    "decisive": {"nb": "avgjørende", "en": "decisive"},
    "absent": {"nb": "ikke et krav", "en": "not a requirement"},
    "converted": {"nb": "Konvertert", "en": "Converted"},
    "rule_changes": {"nb": "Endringer i reglene", "en": "Changes in the rules"},
    "rules_added": {"nb": "nye regler", "en": "rules added"},
    "rules_removed": {"nb": "regler som faller bort", "en": "rules removed"},
    "rules_changed": {"nb": "endrede regler", "en": "rules changed"},
    "provisions_added": {"nb": "nye bestemmelser", "en": "provisions added"},
    "provisions_removed": {"nb": "bestemmelser som faller bort", "en": "provisions removed"},
    "not_compared": {"nb": "Ikke sammenlignet", "en": "Not compared"},
    "reason": {"nb": "Årsak", "en": "Reason"},
    "new_comparison": {"nb": "Ny sammenligning", "en": "New comparison"},
    "other_changes": {"nb": "andre endrede funn (ikke avgjørende)", "en": "other changed findings (not decisive)"},
    "touching_only": {"nb": "bestemmelser berører saker uten å snu et utfall",
                      "en": "provisions touch cases without turning an outcome"},
    "findings_n": {"nb": "funn", "en": "findings"},
}
