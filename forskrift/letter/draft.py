"""One draft letter for one case: check it (with the caseworker's judgements, if any), choose the language
(the applicant's written standard unless overridden), build the content and fill the template."""

from __future__ import annotations

from dataclasses import dataclass

from ..i18n import STATUS
from . import model
from .render import render


@dataclass
class Draft:
    data: bytes
    fmt: str
    lang: str
    lang_reason: str
    decision: str
    letter: dict
    result: dict

    @property
    def filename(self) -> str:
        safe = "".join(c if c.isalnum() or c in "-_" else "-" for c in self.result["case"]["id"])
        return f"vedtak-{safe}-{self.lang}.{self.fmt}"

    @property
    def media_type(self) -> str:
        return ("application/vnd.openxmlformats-officedocument.wordprocessingml.document" if self.fmt == "docx"
                else "text/html; charset=utf-8")


def check_lang(lang: str) -> str:
    """The language the findings are worded in for a letter in `lang`: nynorsk once the rules speak it."""
    return lang if lang in STATUS["met"] else "nb"


def make(checker, doc: dict, source: str, *, fmt: str, lang: str | None = None, judgements: dict | None = None,
         judgements_source: str = "<judgements>", today: str | None = None, folder=None) -> Draft:
    chosen, why = model.written_standard(doc)
    if lang is not None:
        chosen, why = lang, "chosen with --lang"
    previous = checker.lang
    checker.lang = check_lang(chosen)
    try:
        if judgements is not None:
            from .. import judgements as judging
            result = judging.apply(checker, doc, source, judgements, judgements_source)
        else:
            result = checker.check_document(doc, source)
    finally:
        checker.lang = previous
    from ..judgements import patched_document
    # the facts as found: the case with the information the caseworker received
    letter = model.build(result, patched_document(doc, result), chosen, today=today, folder=folder)
    return Draft(data=render(letter, fmt, folder), fmt=fmt, lang=chosen, lang_reason=why,
                 decision=result["decision"]["status"], letter=letter, result=result)
