"""Write the Word template of the draft decision letter, forskrift/letter/templates/vedtak.docx.

The template is committed; an office may open it in Word and change layout, letterhead, fonts and order, keeping
the {{ ... }} and {%p ... %} tags (docxtpl, Jinja2 syntax). The wording is in phrases-<lang>.yaml, so one
template serves bokmål and nynorsk. This script made the first version and is kept so that the template can be
made again from nothing:

    python -m forskrift.letter.make_docx_template [OUT.docx]

tests/test_letter.py checks that the committed template still holds the paragraphs listed here.
"""

from __future__ import annotations

import sys
from pathlib import Path

# (style, text) per paragraph; "{%p ... %}" paragraphs are docxtpl's paragraph-level tags (removed when filled)
PARAGRAPHS: list[tuple[str, str]] = [
    ("Intense Quote", "{{ letter.draft }}"),
    ("Normal", "{{ letter.office }}"),
    ("Normal", "{{ p.date }}: {{ letter.date }}    {{ p.our_ref }}: {{ letter.our_ref }}"),
    ("Normal", "{{ p.to }}:"),
    ("Normal", "{%p for r in letter.recipients %}"),
    ("Normal", "{{ r.name }}, {{ p.org_number }} {{ r.org_number }}{% if r.account_number %}, "
               "{{ p.account_number }} {{ r.account_number }}{% endif %}"),
    ("Normal", "{%p endfor %}"),
    ("Title", "{{ letter.title }}"),
    ("Normal", "{{ letter.intro }}"),
    ("Normal", "{%p if letter.open %}"),
    ("Heading 1", "{{ p.heading.open }}"),
    ("Normal", "{{ p.open_intro }}"),
    ("Normal", "{%p for o in letter.open %}"),
    ("List Bullet", "{{ o.citation }}: {{ o.requirement }} – {{ o.what }}"),
    ("Normal", "{%p endfor %}"),
    ("Normal", "{%p endif %}"),
    ("Normal", "{%p if letter.not_applied %}"),
    ("Normal", "{{ p.not_applied }}"),
    ("Normal", "{%p for n in letter.not_applied %}"),
    ("List Bullet", "{{ n }}"),
    ("Normal", "{%p endfor %}"),
    ("Normal", "{%p endif %}"),
    ("Heading 1", "{{ p.heading.applied }}"),
    ("Normal", "{{ p.scheme }}: {{ letter.applied.scheme }}"),
    ("Normal", "{{ p.grant_year }}: {{ letter.applied.grant_year }}"),
    ("Normal", "{{ p.amount_applied }}: {{ letter.applied.amount }}"),
    ("Normal", "{%p for m in letter.applied.measures %}"),
    ("List Bullet", "{{ m.title }}{% if m.amount %}, {{ m.amount }}{% endif %}{% if m.period %}; {{ p.period }} "
                    "{{ m.period }}{% endif %}{% if m.participants %}; {{ m.participants }}{% endif %}"),
    ("Normal", "{%p endfor %}"),
    ("Heading 1", "{{ p.heading.facts }}"),
    ("Normal", "{%p for f in letter.facts %}"),
    ("List Bullet", "{{ f.label }}: {{ f.value }}"),
    ("Normal", "{%p endfor %}"),
    ("Heading 1", "{{ p.heading.legal_basis }}"),
    ("Normal", "{{ letter.legal_basis.intro }}"),
    ("Normal", "{%p for c in letter.legal_basis.provisions %}"),
    ("List Bullet", "{{ c }}"),
    ("Normal", "{%p endfor %}"),
    ("Normal", "{{ letter.legal_basis.fvl }}"),
    ("Heading 1", "{{ p.heading.assessment }}"),
    ("Normal", "{%p for g in letter.assessment %}"),
    ("Heading 2", "{{ g.citation }}"),
    ("Normal", "{%p for i in g['items'] %}"),
    ("Normal", "{{ i.requirement }} {{ i.status }}."),
    ("Normal", "{%p for c in i.caseworker %}"),
    ("Normal", "{{ c.label }}: {{ c.reason }} ({{ c.by }}, {{ c.at }})"),
    ("Normal", "{%p endfor %}"),
    ("Normal", "{%p if i.interpretation %}"),
    ("Normal", "{{ p.interpretation }}: {{ i.interpretation }}"),
    ("Normal", "{%p endif %}"),
    ("Normal", "{%p for e in i.evidence %}"),
    ("List Bullet", "{{ e }}"),
    ("Normal", "{%p endfor %}"),
    ("Normal", "{%p endfor %}"),
    ("Normal", "{%p endfor %}"),
    ("Normal", "{%p if letter.decision %}"),
    ("Heading 1", "{{ p.heading.decision }}"),
    ("Normal", "{{ letter.decision.text }}"),
    ("Normal", "{%p if letter.decision.amount_note %}"),
    ("Normal", "{{ letter.decision.amount_note }}"),
    ("Normal", "{%p endif %}"),
    ("Normal", "{%p if letter.decision.reasons %}"),
    ("Normal", "{{ letter.decision.reason_intro }}"),
    ("Normal", "{%p for r in letter.decision.reasons %}"),
    ("List Bullet", "{{ r }}"),
    ("Normal", "{%p endfor %}"),
    ("Normal", "{%p endif %}"),
    ("Normal", "{%p endif %}"),
    ("Normal", "{%p if letter.conditions %}"),
    ("Heading 1", "{{ p.heading.conditions }}"),
    ("Normal", "{%p for c in letter.conditions %}"),
    ("List Bullet", "{{ c }}"),
    ("Normal", "{%p endfor %}"),
    ("Normal", "{%p endif %}"),
    ("Normal", "{%p if letter.reporting %}"),
    ("Heading 1", "{{ p.heading.reporting }}"),
    ("Normal", "{%p for r in letter.reporting %}"),
    ("List Bullet", "{{ r }}"),
    ("Normal", "{%p endfor %}"),
    ("Normal", "{%p endif %}"),
    ("Normal", "{%p if letter.grant_letter %}"),
    ("Normal", "{{ letter.grant_letter.intro }}"),
    ("Normal", "{%p for g in letter.grant_letter['items'] %}"),
    ("List Number", "{{ g }}"),
    ("Normal", "{%p endfor %}"),
    ("Normal", "{%p endif %}"),
    ("Normal", "{%p if letter.appeal %}"),
    ("Heading 1", "{{ p.heading.appeal }}"),
    ("Normal", "{{ letter.appeal }}"),
    ("Heading 1", "{{ p.heading.access }}"),
    ("Normal", "{{ letter.access }}"),
    ("Normal", "{%p endif %}"),
    ("Normal", "{{ letter.closing }}"),
    ("Normal", "{{ letter.office }}"),
    ("Normal", "{{ letter.signature }}"),
    ("Normal", "forskrift: {{ letter.record.rulebook }} {{ letter.record.rulebook_hash }}; "
               "{{ letter.record.document_hash }}{% if letter.record.judgements %}; {{ letter.record.judgements }}"
               "{% endif %}"),
]


def build(out: Path) -> None:
    import docx
    document = docx.Document()
    for style, text in PARAGRAPHS:
        document.add_paragraph(text, style=style)
    document.core_properties.title = "Vedtak – utkast (forskrift)"
    document.save(str(out))


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    out = Path(argv[0]) if argv else Path(__file__).resolve().parent / "templates" / "vedtak.docx"
    build(out)
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
