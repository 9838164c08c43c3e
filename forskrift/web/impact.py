"""The impact page and `POST /api/diff`: two rulebooks, a set of cases, and what changes between them.

The comparison is `forskrift.analysis.diff.diff` (the library behind `forskrift diff`), run on the web process's
engine thread with its engines. The cases are uploaded files (read in memory, never written) and, or, a set of
shipped cases chosen by name (forskrift/web/shipped.py). Only shipped rulebooks can be compared: an id is looked
up among them, never taken as a path. As on the check page, the result page carries the comparison back in a
form (its language-neutral codes: statuses, decisions, each changed finding's trace and its rule's requirement
in every language — `diff(..., codes=True)`), one part for the whole and one per case, so that switching the
language or downloading the JSON words it again (`reword`) instead of comparing again, and the server keeps
nothing.
"""

from __future__ import annotations

import json
from functools import partial

from fastapi import FastAPI, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from markupsafe import Markup
from starlette.formparsers import MultiPartException

from .. import jsonio
from ..analysis.diff import reword, without_codes
from ..documents.read import parse_json_bytes
from ..render.diff_out import render_json
from ..rulebook import registry
from ..vocabulary import lang_of as _lang
from . import shipped
from .words import words

DEFAULT_FROM, DEFAULT_TO = "lokal-2021", "kollektiv-2026"
RANK = {"not_eligible": 0, "undetermined": 1, "eligible": 2}
CHANGE_ORDER = {"appears": 0, "disappears": 1, "status_changed": 2}

DIFF_DESCRIPTION = ("The comparison: the same JSON as `forskrift diff --from ID --to ID PATH... --format json` — "
                    "`from` and `to` (the rulebooks), `rules` (provisions and rules added, removed, changed), "
                    "`summary` (counts, transitions, and per provision the cases touched and the decisions "
                    "turned), `cases` (per case the decision under each rulebook and every finding that "
                    "appears, disappears or changes status, with citations on both sides) and `not_compared`.")

DIFF_SCHEMA = {
    "type": "object",
    "required": ["from", "to", "rules", "summary", "cases", "not_compared"],
    "properties": {
        "from": {"$ref": "#/components/schemas/diff_rulebook"},
        "to": {"$ref": "#/components/schemas/diff_rulebook"},
        "rules": {"type": "object", "required": ["provisions", "rules"]},
        "summary": {"type": "object",
                    "required": ["cases", "decisions_changed", "findings_changed", "not_compared", "converted",
                                 "transitions", "provisions"],
                    "properties": {
                        "cases": {"type": "integer"}, "decisions_changed": {"type": "integer"},
                        "findings_changed": {"type": "integer"}, "not_compared": {"type": "integer"},
                        "converted": {"type": "integer"},
                        "transitions": {"type": "object", "additionalProperties": {"type": "integer"}},
                        "provisions": {"type": "array", "items": {
                            "type": "object", "required": ["provision", "cases_changed", "decisions_turned", "turns"],
                            "properties": {"provision": {"type": "string"}, "cases_changed": {"type": "integer"},
                                           "decisions_turned": {"type": "integer"},
                                           "turns": {"type": "object",
                                                     "additionalProperties": {"type": "integer"}}}}}}},
        "cases": {"type": "array", "items": {"$ref": "#/components/schemas/diff_case"}},
        "not_compared": {"type": "array", "items": {
            "type": "object", "required": ["file", "reason"],
            "properties": {"file": {"type": "string"}, "reason": {"type": "string"}}}},
    },
}
DIFF_COMPONENTS = {
    "diff": DIFF_SCHEMA,
    "diff_rulebook": {
        "type": "object", "required": ["id", "instrument", "title", "status", "valid_from", "valid_to", "hash"],
        "properties": {"id": {"type": "string"}, "instrument": {"type": "string"}, "title": {"type": "string"},
                       "status": {"enum": ["in_force", "hearing", "proposal"]}, "valid_from": {"type": "string"},
                       "valid_to": {"type": ["string", "null"]}, "text_verified": {"type": "boolean"},
                       "hash": {"type": "string"}}},
    "diff_decision": {"enum": ["eligible", "not_eligible", "undetermined"]},
    "diff_side": {
        "type": ["object", "null"], "required": ["status", "blocking", "citations", "message"],
        "properties": {"status": {"enum": ["met", "not_met", "missing_information", "needs_judgement"]},
                       "blocking": {"type": "boolean"}, "citations": {"type": "array", "items": {"type": "string"}},
                       "message": {"type": "string"}}},
    "diff_case": {
        "type": "object",
        "required": ["case", "file", "format", "kind", "converted", "decision", "decided_by", "decision_changed",
                     "findings"],
        "properties": {
            "case": {"type": "string"}, "file": {"type": "string"}, "format": {"type": "string"},
            "kind": {"type": "string", "description": "the case's document kind (behovsmelding, innstilling, "
                                                      "langsiktig_plan …): a behovsmelding is eligible or not, "
                                                      "any other document in order or not"},
            "converted": {"type": "object", "properties": {"from": {"type": ["string", "null"]},
                                                           "to": {"type": ["string", "null"]}}},
            "decision": {"type": "object", "required": ["from", "to"],
                         "properties": {"from": {"$ref": "#/components/schemas/diff_decision"},
                                        "to": {"$ref": "#/components/schemas/diff_decision"}}},
            "decided_by": {"type": "object", "required": ["from", "to"]},
            "decision_changed": {"type": "boolean"},
            "findings": {"type": "array", "items": {
                "type": "object", "required": ["rule", "change", "from", "to", "decisive", "provision"],
                "properties": {"rule": {"type": "string"},
                               "change": {"enum": ["appears", "disappears", "status_changed"]},
                               "from": {"$ref": "#/components/schemas/diff_side"},
                               "to": {"$ref": "#/components/schemas/diff_side"},
                               "decisive": {"type": "boolean"}, "provision": {"type": "string"}}}},
        }},
}


def default_pair() -> tuple[str, str]:
    ids = registry.shipped_ids()
    if DEFAULT_FROM in ids and DEFAULT_TO in ids:
        return DEFAULT_FROM, DEFAULT_TO
    return ids[0], ids[-1]


def unknown_rulebooks(*ids) -> str | None:
    """The message for ids that are not shipped rulebooks (a path is never accepted), or None."""
    shipped_ids = registry.shipped_ids()
    bad = [i for i in ids if i not in shipped_ids]
    if not bad:
        return None
    return f"no rulebook {bad[0]!r}; choose one of {', '.join(shipped_ids)}"


def unknown_set(name: str) -> str | None:
    if not name or name in shipped.available():
        return None
    return f"no case set {name!r}; choose one of {', '.join(shipped.available()) or '(none shipped)'}"


def documents(items: list[tuple[str, bytes]], set_name: str, max_bytes: int) -> list:
    """(source, read) pairs: the chosen shipped set, then the uploads (each read in memory, held to max_bytes)."""
    docs = shipped.documents(set_name) if set_name else []
    docs += [(name, partial(parse_json_bytes, data, source=name, max_bytes=max_bytes)) for name, data in items]
    return docs


def amounts_of(items: list[tuple[str, bytes]], set_name: str) -> dict:
    """file → the amount applied for (behovsmelding.budget.amount_applied) of the cases compared, where known."""
    out = {}
    sources = [(name, lambda data=data: json.loads(data)) for name, data in items]
    if set_name:
        sources = list(shipped.documents(set_name)) + sources
    for name, read in sources:
        try:
            doc = read()
            amount = ((doc.get("behovsmelding") or {}).get("budget") or {}).get("amount_applied")
        except Exception:   # noqa: BLE001 - an unreadable file is listed under not_compared by the diff
            continue
        if isinstance(amount, int) and not isinstance(amount, bool):
            out[name] = amount
    return out


def kroner_view(changed: list, amounts: dict) -> dict:
    """The money whose outcome turns: per transition, gained (now eligible) and lost (no longer eligible)."""
    per: dict = {}
    gained = lost = unknown = 0
    for case in changed:
        amount = amounts.get(case["file"])
        key = f"{case['decision']['from']} -> {case['decision']['to']}"
        if amount is None:
            unknown += 1
            continue
        per[key] = per.get(key, 0) + amount
        if case["decision"]["to"] == "eligible":
            gained += amount
        elif case["decision"]["from"] == "eligible":
            lost += amount
    return {"per_transition": per, "gained": gained, "lost": lost, "unknown": unknown}


def not_compared_view(rows: list) -> list:
    """The files not compared, grouped by their reason (a reason shared by 114 files is one line)."""
    groups: dict = {}
    for row in rows:
        groups.setdefault(row["reason"], []).append(row["file"])
    return [{"reason": reason, "n": len(files), "files": files}
            for reason, files in sorted(groups.items(), key=lambda kv: -len(kv[1]))]


def impact_view(result: dict, amounts: dict | None = None) -> dict:
    """What the result page shows, from the diff JSON: the changed cases first by their outcome before and
    after, each with its decisive findings first; and the cases whose findings but not outcome change; the
    kroner whose outcome turns; the files not compared grouped by reason."""
    def ordered(case):
        return case | {"findings": sorted(case["findings"], key=lambda f: (not f["decisive"],
                                                                            CHANGE_ORDER[f["change"]]))}

    changed = [ordered(c) for c in result["cases"] if c["decision_changed"]]
    changed.sort(key=lambda c: (RANK[c["decision"]["from"]], RANK[c["decision"]["to"]]))
    same = [c for c in result["cases"] if not c["decision_changed"] and c["findings"]]
    transitions = [{"from": k.split(" -> ")[0], "to": k.split(" -> ")[1], "n": n}
                   for k, n in result["summary"]["transitions"].items()]
    provisions = [row | {"turn_list": [{"from": k.split(" -> ")[0], "to": k.split(" -> ")[1], "n": n}
                                       for k, n in row["turns"].items()]}
                  for row in result["summary"]["provisions"]]
    amounts = amounts or {}
    money = kroner_view(changed, amounts)
    for row in transitions:
        row["kroner"] = money["per_transition"].get(f"{row['from']} -> {row['to']}")
    for case in changed:
        case["kroner"] = amounts.get(case["file"])
    for row in transitions:
        row["words"] = decision_words([c for c in changed if (c["decision"]["from"], c["decision"]["to"])
                                       == (row["from"], row["to"])])
    return {"changed": changed, "same": same, "transitions": transitions, "provisions": provisions,
            "money": money, "not_compared": not_compared_view(result["not_compared"]),
            "words": decision_words(changed)}      # the turns per provision count the changed cases


def decision_words(cases: list) -> str:
    """Whose decision words a count over these cases uses: "behovsmelding" (tilskuddsberettiget), "document"
    (i orden: an innstilling, a plan, a letter …) or "both"."""
    kinds = {case.get("kind", "behovsmelding") == "behovsmelding" for case in cases}
    return "both" if len(kinds) == 2 else "document" if kinds == {False} else "behovsmelding"


# --- the comparison the result page keeps -------------------------------------------------------------------

class KeptError(ValueError):
    """What the result page sent back is not a comparison it was given."""


def kept_parts(result: dict, amounts: dict) -> tuple[str, list[str]]:
    """The comparison as the result page keeps it: the whole without its cases (with the kroner per file, and
    each rule's requirement once per side, in every language) and one JSON text per case (each part held to the
    form's limit per field, as a case is). A side keeps its codes and citations, not its message, which is
    worded again from the codes."""
    requirements: dict = {"from": {}, "to": {}}

    def kept(side, key, rule):
        if side is None:
            return None
        codes = side["codes"]
        requirements[key][rule] = codes["requirement"]
        return {k: v for k, v in side.items() if k not in ("message", "codes")} | {
            "codes": {"reasons": codes["reasons"], "schema": codes["schema"]}}
    cases = [jsonio.dumps(case | {"findings": [change | {"from": kept(change["from"], "from", change["rule"]),
                                                         "to": kept(change["to"], "to", change["rule"])}
                                               for change in case["findings"]]})
             for case in result["cases"]]
    head = {k: v for k, v in result.items() if k != "cases"} | {"amounts": amounts, "requirements": requirements}
    return jsonio.dumps(head), cases


def textarea(text: str) -> Markup:
    """A text as the content of a <textarea>, where only & and < need escaping (a JSON text keeps its quotes
    instead of growing by a fifth with &#34;)."""
    return Markup(text.replace("&", "&amp;").replace("<", "&lt;"))


_SIDE = {"type": ["object", "null"], "required": ["status", "blocking", "citations", "codes"],
         "properties": {"status": {"enum": ["met", "not_met", "missing_information", "needs_judgement"]},
                        "blocking": {"type": "boolean"}, "citations": {"type": "array", "items": {"type": "string"}},
                        "codes": {"type": "object", "required": ["reasons", "schema"],
                                  "properties": {"reasons": {"type": "array"},
                                                 "schema": {"type": ["string", "null"]}}}}}
_REQUIREMENTS = {"type": "object", "additionalProperties": {"type": ["object", "null"],
                                                            "additionalProperties": {"type": "string"}}}
_KEPT_CASE = {"type": "object", "required": ["case", "file", "decision", "decided_by", "decision_changed", "findings"],
              "properties": {"case": {"type": "string"}, "file": {"type": "string"}, "kind": {"type": "string"},
                             "decision": {"type": "object", "required": ["from", "to"],
                                          "properties": {"from": {"enum": list(RANK)}, "to": {"enum": list(RANK)}}},
                             "decided_by": {"type": "object", "required": ["from", "to"],
                                            "additionalProperties": {"type": "array", "items": {"type": "string"}}},
                             "converted": {"type": "object"},
                             "decision_changed": {"type": "boolean"},
                             "findings": {"type": "array", "items": {
                                 "type": "object", "required": ["rule", "change", "from", "to", "decisive"],
                                 "properties": {"rule": {"type": "string"}, "change": {"enum": list(CHANGE_ORDER)},
                                                "from": _SIDE, "to": _SIDE, "decisive": {"type": "boolean"}}}}}}
_MOVE = {"type": "object", "additionalProperties": {"type": "integer"},
         "propertyNames": {"pattern": "^(eligible|not_eligible|undetermined) -> (eligible|not_eligible|undetermined)$"}}
_LISTED = {"type": "array", "items": {
    "type": "object", "required": ["rule", "cites", "requirement"],
    "properties": {"rule": {"type": "string"}, "cites": {"type": "array", "items": {"type": "string"}},
                   "requirement": {"type": "string"},
                   "texts": {"type": "object", "additionalProperties": {"type": "string"}}}}}
_RULES = {"type": "object", "required": ["provisions", "rules"],
          "properties": {"provisions": {"type": "object"},
                         "rules": {"type": "object", "required": ["added", "removed", "changed"],
                                   "properties": {"added": _LISTED, "removed": _LISTED, "changed": {
                                       "type": "array", "items": {
                                           "type": "object", "required": ["rule", "fields", "origin"],
                                           "properties": {"rule": {"type": "string"},
                                                          "fields": {"type": "array", "items": {"type": "string"}},
                                                          "origin": {"type": "object"}}}}}}}}
_SUMMARY = {"type": "object", "required": DIFF_SCHEMA["properties"]["summary"]["required"],
            "properties": DIFF_SCHEMA["properties"]["summary"]["properties"] | {
                "transitions": _MOVE,
                "provisions": {"type": "array", "items": {
                    "type": "object", "required": ["provision", "cases_changed", "decisions_turned", "turns"],
                    "properties": {"provision": {"type": "string"}, "cases_changed": {"type": "integer"},
                                   "decisions_turned": {"type": "integer"}, "turns": _MOVE}}}}}
_KEPT_HEAD = {"type": "object",
              "required": ["from", "to", "rules", "summary", "not_compared", "amounts", "requirements"],
              "properties": {"summary": _SUMMARY, "rules": _RULES,
                             "from": {"type": "object", "required": ["id"]},
                             "to": {"type": "object", "required": ["id"]},
                             "not_compared": DIFF_SCHEMA["properties"]["not_compared"],
                             "amounts": {"type": "object", "additionalProperties": {"type": "integer"}},
                             "requirements": {"type": "object", "required": ["from", "to"],
                                              "properties": {"from": _REQUIREMENTS, "to": _REQUIREMENTS}}}}


_kept_checks: dict = {}


def _valid(value, schema: dict) -> None:
    """Raise jsonschema.ValidationError unless `value` is valid: the fast conservative check first
    (documents/fastvalid.py, compiled once), jsonschema only where it is not sure (a thousandth of the time)."""
    import jsonschema

    from ..documents.fastvalid import Compiler, Unsupported
    if id(schema) not in _kept_checks:
        try:
            _kept_checks[id(schema)] = Compiler({}).compile(schema, "")
        except Unsupported:
            _kept_checks[id(schema)] = lambda v: False
    if not _kept_checks[id(schema)](value):
        jsonschema.validate(value, schema)


def from_kept(head_text: str, case_texts: list[str], lang: str) -> tuple[dict, dict]:
    """(the comparison worded in `lang`, the kroner per file) from what the result page kept; KeptError when it is
    not what the page was given."""
    import jsonschema
    try:
        head = json.loads(head_text)
        cases = [json.loads(text) for text in case_texts]
        _valid(head, _KEPT_HEAD)
        for case in cases:
            _valid(case, _KEPT_CASE)
        amounts, requirements = head.pop("amounts"), head.pop("requirements")
        for case in cases:
            for change in case["findings"]:
                for key in ("from", "to"):
                    if change[key] is not None:
                        change[key]["codes"]["requirement"] = requirements[key].get(change["rule"])
        return reword(head | {"cases": cases}, lang), amounts
    except (ValueError, jsonschema.ValidationError, KeyError, TypeError, AttributeError) as exc:
        raise KeptError("not a comparison of this page") from exc


def register(app: FastAPI, *, page, checks, max_bytes: int, open_form, read_items) -> None:
    """Add the impact page, its download and `POST /api/diff` to the application."""

    def form_page(request, lang, status_code=200, problem=None, chosen=None, set_name=""):
        first, second = chosen or default_pair()
        sets = [{"name": n, "label": shipped.label(n, lang), "count": shipped.count(n)} for n in shipped.available()]
        books = [{"id": rb.id, "status": rb.status, "valid_from": rb.valid_from, "valid_to": rb.valid_to}
                 for rb in registry.all_shipped()]
        return page(request, "impact.html", lang, status_code, books=books, sets=sets, chosen_from=first,
                    chosen_to=second, chosen_set=set_name, problem=problem, max_bytes=max_bytes)

    async def read_request(request: Request):
        """The impact form: ("kept", (head, case texts, set, number of files, lang)) from a result page that keeps
        a comparison, else ("compare", (from, to, set, lang, uploaded items, uploaded rulebook files, archive))."""
        from starlette.datastructures import UploadFile
        form = await open_form(request)
        try:
            head = form.get("kept_head")
            if isinstance(head, str):
                set_name, n_files = form.get("shipped"), form.get("n_files")
                return "kept", (head, [t for t in form.getlist("kept_case") if isinstance(t, str)],
                                set_name if isinstance(set_name, str) else "",
                                int(n_files) if isinstance(n_files, str) and n_files.isascii()
                                and n_files.isdigit() else 0,
                                _lang(form.get("lang")))
            items, lang = await read_items(form)
            first, second = form.get("from"), form.get("to")
            set_name = form.get("shipped")
            rule_files = [(u.filename, await u.read()) for u in form.getlist("rulebook_files")
                          if isinstance(u, UploadFile) and u.filename]
            archive = form.get("rulebook_archive")
            archive = await archive.read() if isinstance(archive, UploadFile) and archive.filename else None
            return "compare", (first if isinstance(first, str) else "", second if isinstance(second, str) else "",
                               set_name if isinstance(set_name, str) else "", lang, items, rule_files, archive)
        finally:
            await form.close()

    async def compare(request_data):
        """The diff of the form, or the problem that stops it (a page for the form, JSON for the download)."""
        first, second, set_name, lang, items, rule_files, archive = request_data
        t = words(lang)
        uploaded = bool(rule_files or archive)
        problem = unknown_rulebooks(first, *([] if uploaded else [second])) or unknown_set(set_name)
        if problem is None and not items and not set_name:
            problem = t("impact_nothing")
        if problem:
            return None, (first, second, set_name, lang, items), problem
        if not uploaded:
            result = await checks.adiff(first, second, documents(items, set_name, max_bytes), lang, codes=True)
            return result, (first, second, set_name, lang, items), None
        from ..errors import ForskriftError
        from .uploaded_rulebook import RulebookUploadError, UploadedRulebook
        try:
            with UploadedRulebook(rule_files, archive) as folder:
                result = await checks.adiff(first, str(folder), documents(items, set_name, max_bytes), lang,
                                            codes=True)
        except (RulebookUploadError, ForskriftError) as exc:
            return None, (first, second, set_name, lang, items), f"{t('uploaded_rulebook')}: {exc}"
        return result, (first, result["to"]["id"], set_name, lang, items), None

    def results_page(request, result, amounts, lang, set_name, n_files):
        books = {rb.id: rb for rb in registry.all_shipped()}
        head, cases = kept_parts(result, amounts)
        urls = {side: books[result[side]["id"]].instrument.url if result[side]["id"] in books else None
                for side in ("from", "to")}
        return page(request, "impact_results.html", lang, r=result, v=impact_view(result, amounts),
                    kept_head=textarea(head), kept_cases=[textarea(c) for c in cases], n_files=n_files,
                    set_name=set_name,
                    set_label=shipped.label(set_name, lang) if set_name in shipped.available() else "", urls=urls)

    @app.get("/impact", response_class=HTMLResponse, include_in_schema=False)
    async def impact_page(request: Request, lang: str = "nb"):
        return form_page(request, _lang(lang))

    @app.post("/impact", response_class=HTMLResponse, include_in_schema=False)
    async def impact_form(request: Request):
        """Compare the rulebooks over the cases of the form; or, from a result page that keeps its comparison
        (switching the language), show it again in the language asked for: nothing is compared again."""
        try:
            how, data = await read_request(request)
            if how == "kept":
                head, texts, set_name, n_files, lang = data
                result, amounts = from_kept(head, texts, lang)
                try:       # validated, but what a browser sent back is never trusted to render
                    return results_page(request, result, amounts, lang, set_name, n_files)
                except (KeyError, TypeError, ValueError, IndexError, AttributeError) as exc:
                    raise KeptError("not a comparison of this page") from exc
            result, (first, second, set_name, lang, items), problem = await compare(data)
        except MultiPartException as exc:
            return page(request, "error.html", "nb", 400, title_key="bad_request", message=exc.message)
        except KeptError as exc:
            return page(request, "error.html", "nb", 400, title_key="bad_request", message=str(exc))
        if problem:
            known = registry.shipped_ids()
            chosen = (first, second) if first in known and second in known else None
            return form_page(request, lang, 400, problem=problem, chosen=chosen,
                             set_name=set_name if set_name in shipped.available() else "")
        return results_page(request, result, amounts_of(items, set_name), lang, set_name, len(items))

    @app.post("/impact/download", include_in_schema=False)
    async def impact_download(request: Request):
        """The comparison as `forskrift diff --format json`: a result page's kept comparison worded in the
        language asked for, or (a form with cases) compared now."""
        try:
            how, data = await read_request(request)
            if how == "kept":
                head, texts, _set, _n, lang = data
                result = from_kept(head, texts, lang)[0]
            else:
                result, _, problem = await compare(data)
                if problem:
                    return JSONResponse({"error": {"message": problem}}, status_code=400)
        except MultiPartException as exc:
            return JSONResponse({"error": {"message": exc.message}}, status_code=400)
        except KeptError as exc:
            return JSONResponse({"error": {"message": str(exc)}}, status_code=400)
        return Response(render_json(without_codes(result)) + "\n", media_type="application/json; charset=utf-8",
                        headers={"content-disposition": 'attachment; filename="forskrift-impact.json"'})

    @app.post("/api/diff", tags=["impact"], summary="Compare two rulebooks over a set of cases",
              openapi_extra={
                  "requestBody": {
                      "required": False,
                      "description": "Case files as multipart/form-data: each `files` part one case document "
                                     "(reported by its file name); `folder` parts keep their relative path. Each "
                                     "file is held to the server's --max-bytes; a file that cannot be read or "
                                     "checked is listed under `not_compared` with the reason, as on the command "
                                     "line. Without files, give `cases`.",
                      "content": {"multipart/form-data": {"schema": {
                          "type": "object",
                          "properties": {"files": {"type": "array", "items": {"type": "string", "format": "binary"}},
                                         "folder": {"type": "array",
                                                    "items": {"type": "string", "format": "binary"}}}}}}},
                  "responses": {
                      "200": {"description": DIFF_DESCRIPTION,
                              "content": {"application/json": {"schema": {"$ref": "#/components/schemas/diff"}}}},
                      "413": {"description": "The request body is over the upload limit."},
                      "422": {"description": "An unknown rulebook or case set, or no cases: {error: {message}}."}}})
    async def api_diff(request: Request,
                       from_id: str = Query(alias="from", description="the rulebook before (a shipped id)"),
                       to_id: str = Query(alias="to", description="the rulebook after (a shipped id)"),
                       cases: str = Query("", description="a set of shipped cases by name: "
                                                          + ", ".join(shipped.SETS)),
                       lang: str = Query("nb", description="language of the findings' messages: nb, nn or en")):
        """`forskrift diff --from FROM --to TO PATH... --format json` over the uploaded case files and, or, a set
        of cases shipped with forskrift. Nothing is stored."""
        lang = _lang(lang)
        problem = unknown_rulebooks(from_id, to_id) or unknown_set(cases)
        if problem:
            return JSONResponse({"error": {"message": problem}}, status_code=422)
        items: list[tuple[str, bytes]] = []
        if request.headers.get("content-type", "").startswith("multipart/form-data"):
            try:
                form = await open_form(request)
            except MultiPartException as exc:
                return JSONResponse({"error": {"message": exc.message}}, status_code=400)
            try:
                items, _ = await read_items(form)
            finally:
                await form.close()
        if not items and not cases:
            return JSONResponse({"error": {"message": "no cases: upload case files (multipart `files`) or name a "
                                           f"shipped set with ?cases= ({', '.join(shipped.available())})"}},
                                status_code=422)
        result = await checks.adiff(from_id, to_id, documents(items, cases, max_bytes), lang)
        return Response(render_json(result), media_type="application/json")
