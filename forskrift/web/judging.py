"""The caseworker's side of the result page: record judgements on open findings, recompute the decision, and
download the judgement document or the draft decision letter (Word or HTML).

As everywhere on the page, nothing is kept on the server: the form carries the case text and the judgement
document so far back to the browser, and every request sends them again.
"""

from __future__ import annotations

import datetime as _dt
import json

from fastapi import FastAPI, Request
from fastapi.responses import Response
from starlette.formparsers import MultiPartException

from .. import judgements
from ..check import document_hash
from ..documents.read import parse_json_bytes
from ..errors import ForskriftError, UsageError
from .view import case_view, decision_summary

ACTIONS = ("recompute", "judgements", "letter_docx", "letter_html")


def _text(form, key: str) -> str:
    value = form.get(key)
    return value.strip() if isinstance(value, str) else ""


def _values(text: str) -> list[dict]:
    """Lines "/pointer = JSON" of the form's values field."""
    out = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        pointer, sep, value = line.partition("=")
        pointer = pointer.strip()
        if not sep or not pointer.startswith("/"):
            raise UsageError(f"line {number} of the values: expected /json/pointer = JSON value")
        try:
            out.append({"pointer": pointer, "value": json.loads(value)})
        except ValueError:
            raise UsageError(f"line {number} of the values: {value.strip()[:60]!r} is not JSON "
                             "(a text goes in double quotes)") from None
    return out


def new_entries(form) -> list[dict]:
    """The judgements entered in the form: one per open finding whose conclusion was chosen."""
    by = _text(form, "by")
    entries = []
    for key in form.keys():
        if not key.startswith("conclusion-"):
            continue
        rule, conclusion = key.removeprefix("conclusion-"), _text(form, key)
        if not conclusion:
            continue
        if conclusion not in ("met", "not_met", "information_received"):
            raise UsageError(f"{rule}: unknown conclusion {conclusion!r}")
        reason = _text(form, f"reason-{rule}")
        if not reason:
            raise UsageError(f"{rule}: write the reason for the conclusion")
        if not by:
            raise UsageError("write who concludes (name or initials)")
        values = _values(_text(form, f"values-{rule}")) if conclusion == "information_received" else []
        if conclusion == "information_received" and not values:
            raise UsageError(f"{rule}: information received needs the values (one /pointer = JSON per line)")
        entries.append({"rule": rule, "conclusion": conclusion, "reason": reason, "values": values, "by": by})
    return entries


def judge(checker, name: str, text: str, judged_text: str, entries: list[dict], now: str):
    """(doc, judgement document or None, result): the case checked with the judgements so far plus `entries`.
    Runs on the engine thread."""
    doc = parse_json_bytes(text.encode("utf-8"), source=name)
    checker.validate(doc, name)
    judged = judgements.parse(judged_text.encode("utf-8"), "judgements") if judged_text else None
    if judged is not None and judged["case"]["document_hash"] != document_hash(doc):
        raise UsageError("the judgements on the page were made on another version of this case; start again")
    result = judgements.apply(checker, doc, name, judged, "judgements") if judged else \
        checker.check_document(doc, name)
    for entry in entries:
        if judged is None:
            judged = judgements.new_document(result)
        judged["judgements"].append(judgements.record(checker, doc, result, rule_id=entry["rule"],
                                           conclusion=entry["conclusion"], values=entry["values"],
                                           reason=entry["reason"], by=entry["by"], at=now, source=name))
        judgements.validate(judged, "judgements")
        result = judgements.apply(checker, doc, name, judged, "judgements")
    return doc, judged, result


def with_judging(view: dict) -> dict:
    """A case of the result page with what its judging section lists: each open finding (to judge) and each
    finding a caseworker concluded, in the report's words and order."""
    if "error" in view.get("result", {"error": 1}):
        return view | {"judging": []}
    concluded = {f["rule"]: f.get("caseworker", []) for f in view["result"]["findings"]}
    items = []
    for group in view["report"].groups:
        for finding in group.findings:
            entries = concluded.get(finding.rule, [])
            is_open = finding.status in judgements.OPEN and (
                not entries or entries[-1]["conclusion"] == "information_received")
            if is_open or entries:
                items.append({"rule": finding.rule, "citation": group.citation, "requirement": finding.requirement,
                              "status_label": finding.status_label, "open": is_open, "caseworker": entries})
    return view | {"judging": items}


def register(app: FastAPI, *, page, checks, max_bytes: int, open_form) -> None:
    """Add POST /judge: recompute with judgements, or download the judgements or the letter."""

    @app.post("/judge", include_in_schema=False)
    async def judge_form(request: Request):
        try:
            form = await open_form(request)
        except MultiPartException as exc:
            return page(request, "error.html", "nb", 400, title_key="bad_request", message=exc.message)
        try:
            lang = "en" if form.get("lang") == "en" else "nb"
            action = _text(form, "action") or "recompute"
            name, text = _text(form, "case_name") or "case.json", form.get("case_text")
            judged_text, letter_lang = _text(form, "judgements"), _text(form, "letter_lang") or None
            try:
                if action not in ACTIONS:
                    raise UsageError(f"unknown action {action!r}")
                if not isinstance(text, str) or not text.strip():
                    raise UsageError("no case was sent")
                if letter_lang not in (None, "nb", "nn"):
                    raise UsageError(f"unknown letter language {letter_lang!r}")
                entries = new_entries(form)
            except UsageError as exc:
                return page(request, "error.html", lang, 400, title_key="bad_request", message=exc.message)
        finally:
            await form.close()
        now = _dt.datetime.now(_dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")

        def work(checker):
            checker.lang = lang
            doc, judged, result = judge(checker, name, text, judged_text, entries, now)
            draft = None
            if action.startswith("letter_"):
                from ..letter.draft import make
                draft = make(checker, doc, name, fmt=action.removeprefix("letter_"), lang=letter_lang,
                             judgements=judged, judgements_source="judgements")
            return judged, result, draft

        try:
            judged, result, draft = await checks.arun(work)
        except ForskriftError as exc:
            return page(request, "error.html", lang, 400, title_key="bad_request", message=str(exc))
        if action == "judgements":
            body = json.dumps(judged or {}, ensure_ascii=False, indent=2) + "\n"
            filename = name.rsplit("/", 1)[-1].removesuffix(".json") + judgements.SUFFIX
            return Response(body, media_type="application/json; charset=utf-8",
                            headers={"content-disposition": f'attachment; filename="{_ascii(filename)}"'})
        if draft is not None:
            return Response(draft.data, media_type=draft.media_type,
                            headers={"content-disposition": f'attachment; filename="{_ascii(draft.filename)}"'})
        view = with_judging(case_view(0, name, result, lang))
        return page(request, "results.html", lang, cases=[view], resend=[(name, text)],
                    statuses=("met", "not_met", "missing_information", "needs_judgement", "not_applicable"),
                    judged={0: json.dumps(judged, ensure_ascii=False) if judged else ""},
                    **decision_summary([view], lang))


def _ascii(name: str) -> str:
    return "".join(c if c.isascii() and (c.isalnum() or c in "-_.") else "-" for c in name)
