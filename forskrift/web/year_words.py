"""The web page's words for a year's work: the overview, the allocation page and the case form (nb, en)."""

from __future__ import annotations

YEAR_WORDS = {
    "nav_overview": {"nb": "Oversikt", "en": "Overview"},
    "nav_allocation": {"nb": "Fordeling", "en": "Allocation"},
    "nav_form": {"nb": "Skriv en sak", "en": "Write a case"},
    "skip": {"nb": "Hopp til hovedinnholdet", "en": "Skip to main content"},
    "overview_title": {"nb": "Oversikt over årets saker", "en": "Overview of the year's cases"},
    "overview_intro": {"nb": "Last opp sakene (eller velg et sett som følger med). Du får én linje per sak og "
                                 "summer per region, eier og ordning, og kan søke, filtrere, sortere, skrive ut og "
                                 "eksportere tabellen. Ingenting lagres.",
                       "en": "Upload the cases (or choose a shipped set). You get one row per case and totals per "
                             "region, owner and scheme, and can search, filter, sort, print and export the table. "
                             "Nothing is stored."},
    "shipped_set": {"nb": "… eller et sett som følger med", "en": "… or a shipped set"},
    "none_chosen": {"nb": "(ingen)", "en": "(none)"},
    "show": {"nb": "Vis oversikt", "en": "Show overview"},
    "search": {"nb": "Søk", "en": "Search"},
    "export_csv": {"nb": "Eksporter CSV", "en": "Export CSV"},
    "export_xlsx": {"nb": "Eksporter Excel (xlsx)", "en": "Export Excel (xlsx)"},
    "print": {"nb": "Skriv ut", "en": "Print"},
    "totals": {"nb": "Summer", "en": "Totals"},
    "allocation_title": {"nb": "Forslag til fordeling", "en": "Allocation proposal"},
    "allocation_intro": {"nb": "Last opp årets behovsmeldinger og forumets langsiktige plan, og oppgi rammen. "
                                   "Bare tilskuddsberettigede behovsmeldinger får en linje; hvert beløp forklares.",
                         "en": "Upload the year's behovsmeldinger and the forum's long-term plan, and give the frame. "
                               "Only eligible behovsmeldinger get a line; every amount is explained."},
    "plan_file": {"nb": "Langsiktig plan (JSON)", "en": "Long-term plan (JSON)"},
    "frame": {"nb": "Ramme (kr)", "en": "Frame (NOK)"},
    "bound": {"nb": "Bundne midler (kr)", "en": "Bound money (NOK)"},
    "set_aside": {"nb": "Tilretteleggingsmidler (% av rammen etter bundne midler)",
                  "en": "Tilretteleggingsmidler (% of the frame less bound money)"},
    "presented_on": {"nb": "Lagt fram for samarbeidsforum (dato)", "en": "Put before the forum (date)"},
    "propose": {"nb": "Foreslå fordeling", "en": "Propose"},
    "per_region": {"nb": "Per region", "en": "Per region"},
    "per_owner": {"nb": "Per eier eller nettverk", "en": "Per owner or network"},
    "lines": {"nb": "Linjene og regnestykket", "en": "The lines and their arithmetic"},
    "arithmetic": {"nb": "Regnestykket", "en": "The arithmetic"},
    "excluded": {"nb": "Uten linje i forslaget", "en": "Without a line"},
    "share": {"nb": "Andel", "en": "Share"},
    "budget": {"nb": "Regionens del (kr)", "en": "Region's part (NOK)"},
    "applied": {"nb": "Søkt (kr)", "en": "Applied for (NOK)"},
    "granted": {"nb": "Foreslått (kr)", "en": "Proposed (NOK)"},
    "not_allocated": {"nb": "Ikke fordelt (kr)", "en": "Not allocated (NOK)"},
    "applications": {"nb": "Søknader", "en": "Applications"},
    "recipient": {"nb": "Mottaker", "en": "Recipient"},
    "download_proposal": {"nb": "Last ned forslaget (JSON)", "en": "Download the proposal (JSON)"},
    "proposal_check": {"nb": "Forslaget kontrollert mot regelverket",
                       "en": "The proposal checked against the rulebook"},
    "form_title": {"nb": "Skriv eller rett en sak", "en": "Write or correct a case"},
    "form_intro": {"nb": "Skjemaet er laget fra sakens skjema. Fyll ut og trykk «Kontroller»: alle feil vises på "
                             "én gang ved feltet sitt. Last ned saken som JSON når den er i orden.",
                   "en": "The form is made from the case schema. Fill it in and press “Check”: every problem is shown "
                         "at once beside its field. Download the case as JSON when it is in order."},
    "form_year": {"nb": "Regelverksår", "en": "Rulebook year"},
    "form_load": {"nb": "Hent en sak (JSON) for å rette den", "en": "Load a case (JSON) to correct it"},
    "form_open": {"nb": "Åpne skjemaet", "en": "Open the form"},
    "form_check": {"nb": "Kontroller", "en": "Check"},
    "form_download": {"nb": "Last ned JSON", "en": "Download JSON"},
    "form_problems": {"nb": "Problemer i saken", "en": "Problems in the case"},
    "form_ok": {"nb": "Saken følger skjemaet.", "en": "The case follows the schema."},
    "add_row": {"nb": "Legg til linje", "en": "Add a line"},
    "row": {"nb": "Linje", "en": "Line"},
    "result_of_check": {"nb": "Resultat", "en": "Outcome"},
}
