"""The pages for a year's work: the overview of the cases (search, filter, sort, print, export CSV/xlsx), the
allocation proposal per region and per owner, and the case form made from the schema (every problem beside its
field, save as JSON, check). Registered on the app by `register` (an APIRouter; app.py adds one line)."""

from __future__ import annotations

import json

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from starlette.datastructures import UploadFile

from .. import overview
from ..errors import ForskriftError
from ..vocabulary import lang_of as _lang
from . import shipped
from .uploads import read_form
from .view import shipped_rulebook

MAX_ROWS = 200


def _doc(data: bytes):
    try:
        doc = json.loads(data)
    except ValueError:
        return None
    return doc if isinstance(doc, dict) else None


def register(app, *, page, read_items, checks, max_bytes: int):
    router = APIRouter(include_in_schema=False)

    async def _items_and_shipped(request: Request):
        form = await read_form(request, max_file_bytes=max_bytes, max_files=2000, max_fields=4000,
                               max_part_size=2 * max_bytes)
        try:
            items, lang = await _read(form)
            chosen = form.get("shipped")
            values = {k: v for k, v in form.multi_items() if isinstance(v, str)}
        finally:
            await form.close()
        if isinstance(chosen, str) and chosen in shipped.available():
            for source, read in shipped.documents(chosen):
                try:
                    items.append((source, json.dumps(read(), ensure_ascii=False).encode("utf-8")))
                except ForskriftError:
                    continue
        return items, lang, (chosen if isinstance(chosen, str) else ""), values

    async def _read(form):
        items, lang = [], _lang(form.get("lang"))
        for field in ("files", "folder"):
            for upload in form.getlist(field):
                if isinstance(upload, UploadFile) and upload.filename and upload.filename.endswith(".json"):
                    items.append((upload.filename.replace("\\", "/").lstrip("/"), await upload.read()))
        names, texts = form.getlist("doc_name"), form.getlist("doc_text")
        for name, text in zip(names, texts, strict=False):
            if isinstance(name, str) and isinstance(text, str):
                items.append((name, text.encode("utf-8")))
        return items, lang

    async def _codes(items, lang):
        """The overview's rows as codes (overview.row_codes): what the page keeps to word them again."""
        results = await checks.acheck_all(items, lang, max_bytes)
        return [overview.row_codes(result, None if "error" in result else _doc(data))
                for (_name, data), result in zip(items, results, strict=True)]

    def _words(codes, lang):
        """Rows in words; an open question's requirement is read from the shipped rulebook its row names, by id
        only (a kept row comes back from the browser: a path in it is never read)."""
        return [overview.row_words(c, lang, shipped_rulebook({"rulebook": {"id": c.get("rulebook")}})
                                   if c.get("status") != "invalid" else None) for c in codes]

    async def _rows(items, lang):
        return _words(await _codes(items, lang), lang)

    def _overview_page(request, lang, codes, chosen, resend, status_code=200):
        rows = _words(codes, lang)
        totals = overview.Totals()
        for row in rows:
            totals.add(row)
        return page(request, "overview.html", lang, status_code, sets=_sets(lang), rows=rows,
                    columns=overview.COLUMNS, heading=lambda key: overview.heading(key, lang), totals=totals,
                    groups=overview.GROUPS, total_columns=overview.TOTAL_COLUMNS, resend=resend, chosen=chosen,
                    kept=json.dumps(codes, ensure_ascii=False, separators=(",", ":")))

    # --- the overview ----------------------------------------------------------------------------------------

    @router.get("/overview", response_class=HTMLResponse)
    async def overview_page(request: Request, lang: str = "nb"):
        lang = _lang(lang)
        return page(request, "overview.html", lang, sets=_sets(lang), rows=None)

    @router.post("/overview", response_class=HTMLResponse)
    async def overview_form(request: Request):
        items, lang, chosen, _values = await _items_and_shipped(request)
        if not items:
            return page(request, "overview.html", lang, 400, sets=_sets(lang), rows=None,
                        problem=_t(lang, "nothing"))
        codes = await _codes(items, lang)
        resend = [(name, data.decode("utf-8", errors="replace")) for name, data in items] if not chosen else []
        return _overview_page(request, lang, codes, chosen, resend)

    @router.post("/overview/words", response_class=HTMLResponse)
    async def overview_words(request: Request):
        """The overview again in another language, from the rows the page keeps (codes): nothing is checked
        again. A kept form that was spoilt on the way is a 400, never a 500."""
        form = await read_form(request, max_file_bytes=max_bytes, max_files=0, max_fields=4000,
                               max_part_size=2 * max_bytes)
        try:
            # the switch's button says the language to word in (the form's own `lang` is the page's)
            lang = _lang(form.get("to_lang") or form.get("lang"))
            kept, chosen = form.get("kept"), form.get("shipped")
            resend = [(n, t) for n, t in zip(form.getlist("doc_name"), form.getlist("doc_text"), strict=False)
                      if isinstance(n, str) and isinstance(t, str)]
        finally:
            await form.close()
        try:
            codes = json.loads(kept) if isinstance(kept, str) else None
            if not isinstance(codes, list) or not all(isinstance(c, dict) for c in codes):
                raise ValueError("not a list of rows")
            return _overview_page(request, lang, codes, chosen if isinstance(chosen, str) else "", resend)
        except (ValueError, TypeError, KeyError, AttributeError) as exc:
            return page(request, "error.html", lang, 400, title_key="bad_request",
                        message=f"the kept overview could not be read again ({type(exc).__name__})")

    @router.post("/overview/export")
    async def overview_export(request: Request, format: str = "csv"):
        items, lang, _chosen, _values = await _items_and_shipped(request)
        rows = await _rows(items, lang)
        if format == "xlsx":
            return Response(overview.xlsx_bytes(rows, lang),
                            media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                            headers={"content-disposition": 'attachment; filename="oversikt.xlsx"'})
        return Response(overview.csv_text(rows, lang), media_type="text/csv; charset=utf-8",
                        headers={"content-disposition": 'attachment; filename="oversikt.csv"'})

    # --- the allocation ----------------------------------------------------------------------------------------

    @router.get("/allocation", response_class=HTMLResponse)
    async def allocation_page(request: Request, lang: str = "nb"):
        lang = _lang(lang)
        return page(request, "allocation.html", lang, sets=_sets(lang), proposal=None, values={})

    @router.post("/allocation", response_class=HTMLResponse)
    async def allocation_form(request: Request):
        from ..allocate import application_of, propose, today
        items, lang, _chosen, values = await _items_and_shipped(request)
        plan_name = values.get("plan_name", "")
        documents, plans = [], []
        for name, data in items:
            doc = _doc(data)
            if doc is None:
                continue
            kind = (doc.get("case") or {}).get("kind", "behovsmelding")
            if kind == "langsiktig_plan" and (not plan_name or name.endswith(plan_name)):
                plans.append((name, doc))
            elif kind == "behovsmelding":
                documents.append((name, data, doc))
        problem = None
        try:
            frame = int(values.get("frame") or 0)
            bound = int(values.get("bound") or 0)
            set_aside = float((values.get("set_aside") or "0").replace(",", "."))
        except ValueError:
            frame, bound, set_aside = 0, 0, 0.0
            problem = _t(lang, "frame")
        if not plans:
            problem = _t(lang, "plan_file")
        elif len(plans) > 1:
            problem = _t(lang, "plan_file") + ": " + ", ".join(name for name, _ in plans)
        elif frame <= 0 or not documents:
            problem = problem or _t(lang, "frame")
        if problem:
            return page(request, "allocation.html", lang, 400, sets=_sets(lang), proposal=None, values=values,
                        problem=problem)
        plan_case = plans[0][1]
        results = await checks.acheck_all([(name, data) for name, data, _ in documents], lang, max_bytes)
        eligible, excluded = [], []
        for (name, _data, doc), result in zip(documents, results, strict=True):
            if "error" in result:
                excluded.append((name, name, "invalid", [result["error"]["message"]]))
            elif result["decision"]["status"] != "eligible":
                excluded.append((result["case"]["id"], name, result["decision"]["status"],
                                 result["decision"]["decided_by"]))
            elif doc.get("format") == "forskrift-case/2026.1":
                eligible.append(doc)
        if not eligible:
            return page(request, "allocation.html", lang, 400, sets=_sets(lang), proposal=None, values=values,
                        problem=_t(lang, "nothing"))
        try:
            proposal = propose([application_of(d, plan_case["langsiktig_plan"]) for d in eligible], excluded,
                               plan_case, frame=frame, bound=bound, set_aside_pct=set_aside,
                               year=max(d["case"].get("grant_year", 0) for d in eligible),
                               date=values.get("date") or min(today(), values.get("presented_on") or today()),
                               statsforvalter=None,
                               case_id="FORDELINGSFORSLAG", presented_on=values.get("presented_on") or None,
                               schema_fields=set())
        except ForskriftError as exc:
            return page(request, "allocation.html", lang, 400, sets=_sets(lang), proposal=None, values=values,
                        problem=exc.message)
        text = json.dumps(proposal.document, ensure_ascii=False, indent=2)
        check = await checks.acheck_all([("fordelingsforslag.json", text.encode("utf-8"))], lang, max_bytes)
        owners: dict = {}
        for line in proposal.lines:
            entry = owners.setdefault(line.application.recipient, {"applied": 0, "granted": 0, "lines": 0})
            entry["applied"] += line.application.applied
            entry["granted"] += line.amount
            entry["lines"] += 1
        from ..i18n import DECISION_DOCUMENT
        result = check[0]
        label = (DECISION_DOCUMENT[result["decision"]["status"]][lang] if "decision" in result
                 else result["error"]["message"])
        return page(request, "allocation.html", lang, sets=_sets(lang), proposal=proposal, values=values,
                    owners=owners, proposal_json=text, check=result, check_label=label)

    @router.post("/download/json")
    async def download_json(request: Request):
        form = await request.form(max_fields=10, max_part_size=20 * max_bytes)
        try:
            text = form.get("document") or "{}"
            name = form.get("filename") or "sak.json"
        finally:
            await form.close()
        safe = "".join(c for c in str(name) if c.isalnum() or c in "-_.") or "sak.json"
        return Response(str(text) + "\n", media_type="application/json; charset=utf-8",
                        headers={"content-disposition": f'attachment; filename="{safe}"'})

    # --- the case form -----------------------------------------------------------------------------------------

    @router.get("/form", response_class=HTMLResponse)
    async def form_page(request: Request, lang: str = "nb", year: int = 2026):
        from ..intake.layout import Layout
        lang = _lang(lang)
        year = year if year in (2021, 2026) else 2026
        layout = Layout(year, lang)
        rows = {s.path: 1 for s in layout.sheets if s.kind == "table"}
        return page(request, "form.html", lang, **_form_context(layout, {}, rows, {}, None, None, lang))

    @router.post("/form", response_class=HTMLResponse)
    async def form_submit(request: Request):
        from ..intake.formdata import document_of, values_of
        from ..intake.layout import Layout
        form = await read_form(request, max_file_bytes=max_bytes, max_files=1, max_fields=5000,
                               max_part_size=2 * max_bytes)
        try:
            lang = _lang(form.get("lang"))
            try:
                year = int(form.get("year") or 2026)
            except ValueError:
                year = 2026
            year = year if year in (2021, 2026) else 2026
            upload = form.get("load")
            loaded = await upload.read() if isinstance(upload, UploadFile) and upload.filename else None
            values = {k: v for k, v in form.multi_items() if isinstance(v, str)}
        finally:
            await form.close()
        action = values.get("action", "check")
        if loaded is not None:
            doc = _doc(loaded) or {}
            year = 2021 if doc.get("format") == "forskrift-case/2021.1" else 2026
            layout = Layout(year, lang)
            form_values, rows = values_of(layout, doc)
            rows = {path: max(1, n) for path, n in rows.items()}
        else:
            layout = Layout(year, lang)
            form_values = values
            rows = {}
            for sheet in layout.sheets:
                if sheet.kind == "table":
                    try:
                        n = int(values.get("rows:" + "/".join(sheet.path), "1"))
                    except ValueError:
                        n = 1
                    rows[sheet.path] = max(1, min(MAX_ROWS, n))
            if action.startswith("add:"):
                path = tuple(action[4:].split("/"))
                if path in rows:
                    rows[path] = min(MAX_ROWS, rows[path] + 1)
        document, by_input, problems = document_of(layout, form_values, rows)
        if action == "download" and not problems:
            return Response(json.dumps(document, ensure_ascii=False, indent=2) + "\n",
                            media_type="application/json; charset=utf-8",
                            headers={"content-disposition": 'attachment; filename="sak.json"'})
        result = None
        if not problems and action in ("check", "download"):
            text = json.dumps(document, ensure_ascii=False).encode("utf-8")
            result = (await checks.acheck_all([("sak.json", text)], lang, max_bytes))[0]
        return page(request, "form.html", lang,
                    **_form_context(layout, form_values, rows, by_input, problems, result, lang))

    app.include_router(router)


def _form_context(layout, values, rows, by_input, problems, result, lang):
    from ..intake.template import NO, YES, enum_choices, field_key, table_columns
    sheets = []
    for sheet in layout.sheets:
        if sheet.kind == "table" and sheet.parent is not None:
            continue
        entry = {"title": sheet.title, "help": sheet.help, "kind": sheet.kind, "path": "/".join(sheet.path)}
        if sheet.kind == "form":
            entry["fields"] = [_field_view(field_key(sheet, f), f, None, values, by_input, lang, enum_choices, YES, NO)
                               for f in sheet.fields]
        else:
            columns = [(key, text, f) for key, text, _h, f in table_columns(sheet, lang) if f is not None]
            entry["columns"] = [{"key": key, "heading": text, "help": f.help} for key, text, f in columns]
            entry["rows"] = [[_field_view(key, f, row, values, by_input, lang, enum_choices, YES, NO)
                              for key, _text, f in columns] for row in range(rows.get(sheet.path, 1))]
            entry["count"] = rows.get(sheet.path, 1)
        sheets.append(entry)
    return {"year": layout.year, "sheets": sheets, "problems": problems, "result": result,
            "document_ok": problems is not None and not problems}


def _field_view(key, field, row, values, by_input, lang, enum_choices, yes, no):
    from ..intake.formdata import input_name
    name = input_name(key, row)
    choices = None
    if field.enum and not field.is_list:
        choices = list(enum_choices(field.enum, lang).values())
    elif field.scalar_kind == "boolean" and not field.is_list:
        choices = [yes[lang], no[lang]]
    return {"name": name, "id": "f-" + name.replace("/", "-").replace("*", "x").replace("#", "-"),
            "heading": field.heading + (" *" if field.required else ""), "help": field.help,
            "value": values.get(name, ""), "choices": choices, "problems": by_input.get(name, []),
            "kind": field.scalar_kind, "list": field.is_list}


def _sets(lang):
    return [(name, shipped.label(name, lang)) for name in shipped.available()]


def _t(lang, key):
    from .words import words
    return words(lang)(key)


__all__ = ["register"]
