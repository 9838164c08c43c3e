"""The web application: the check page, the rulebook pages and the HTTP API, server-rendered with Jinja2.

Every check runs through the process's one `CheckService` (one engine per rulebook, one worker thread). Nothing
a user sends is kept after the response: uploads are read into memory, checked and dropped, and the result page
carries the language-neutral results (codes and figures) back to the browser in a form, so that switching the
language renders them again (`/report`, nothing is checked again) and downloading sends them back as JSON,
instead of the server remembering them.
"""

from __future__ import annotations

import json
import logging
from functools import partial
from pathlib import Path, PurePosixPath

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.responses import HTMLResponse, JSONResponse, Response, StreamingResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.formparsers import MultiPartException, MultiPartParser
from starlette.requests import ClientDisconnect

from .. import __version__
from ..documents.read import DEFAULT_MAX_BYTES
from ..documents.schemas import default_schemas
from ..engine.durable import decided_natively
from ..errors import ForskriftError
from ..findings import STATUSES
from ..paths import schemas_dir
from ..render.json_out import render_json
from ..report import build_report
from ..rulebook import registry
from ..rulebook.describe import detail as _detail
from ..rulebook.describe import summary as _summary
from ..vocabulary import lang_of as _lang
from . import impact, judging
from .middleware import AccessLog, BodyLimit, HostCheck, SameOrigin, SecurityHeaders
from .service import CheckService, error_line, service
from .uploads import read_form
from .view import LightCaseView, case_view, decision_summary, light_case_view, rulebook_view
from .words import words

HERE = Path(__file__).resolve().parent
DEFAULT_MAX_UPLOAD = 64 * 1024 * 1024   # one request (a batch of files); each file is also held to max_bytes
MAX_FILES = 2000
JUDGING_MAX = 20    # a result page offers the judging forms for this many cases at most (results.html)
log = logging.getLogger("forskrift.web")

FINDINGS_DESCRIPTION = ("The findings for the case: the same JSON as `forskrift check --format json` for one "
                        "file (schemas/findings.schema.json).")


REF = "#/components/schemas/"


def findings_components() -> dict:
    """The definitions of schemas/findings.schema.json as OpenAPI components (their $refs rewritten)."""
    text = (schemas_dir() / "findings.schema.json").read_text(encoding="utf-8")
    defs = json.loads(text.replace('"#/$defs/', f'"{REF}'))["$defs"]
    return defs


def create_app(*, engine: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES,
               max_upload: int = DEFAULT_MAX_UPLOAD, allowed_hosts: list[str] | None = None,
               checks: CheckService | None = None, max_in_flight: int | None = None,
               timeout: float | None = None) -> FastAPI:
    """The application. `allowed_hosts` (the Host headers accepted) guards a loopback server against DNS
    rebinding; `checks` defaults to the process's shared CheckService; `max_in_flight` bounds the bytes of all
    request bodies being received at once (default twice `max_upload`); `timeout` (seconds, 0 for none) is the
    time limit per case, if not the service's default (60 s, as `check --timeout`)."""
    checks = checks or service(engine)
    if timeout is not None:
        checks.timeout = timeout
    # Starlette writes an upload part over spool_max_size to a temporary file; no part can be larger than the
    # request, which is bounded by max_upload, so with this nothing of a case touches the disk at any size.
    MultiPartParser.spool_max_size = max(MultiPartParser.spool_max_size, max_upload + 1)
    app = FastAPI(title="forskrift", version=__version__, docs_url=None, redoc_url=None,
                  openapi_url="/api/openapi.json",
                  description="Check grant cases under FOR-2021-01-26-230 and its successors: findings with "
                              "citations and evidence, and a decision. Cases are not stored.")
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    templates.env.filters["jv"] = lambda v: v if isinstance(v, str) else json.dumps(v, ensure_ascii=False)
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")

    def _context(request: Request, lang: str, context: dict) -> dict:
        return context | dict(t=words(lang), lang=lang, path=request.url.path, version=__version__,
                              other_langs=[x for x in (("en", "nn") if lang == "nb" else ("nb", "nn")
                                                       if lang == "en" else ("nb", "en"))])

    def page(request: Request, name: str, lang: str, status_code: int = 200, **context) -> HTMLResponse:
        return templates.TemplateResponse(request, name, _context(request, lang, context), status_code=status_code)

    def streamed_page(request: Request, name: str, lang: str, **context) -> StreamingResponse:
        """A page sent as it is rendered (a long result page: see view.LightCaseView), in pieces of about 64 KB."""
        template = templates.get_template(name)
        context = _context(request, lang, context) | {"request": request}

        def pieces():
            held, size = [], 0
            for text in template.generate(context):
                held.append(text)
                size += len(text)
                if size >= 65536:
                    yield "".join(held).encode("utf-8")
                    held, size = [], 0
            yield "".join(held).encode("utf-8")

        return StreamingResponse(pieces(), media_type="text/html; charset=utf-8")

    def results_page(request: Request, lang: str, cases: list, **context):
        show = streamed_page if cases and isinstance(cases[0], LightCaseView) else page
        return show(request, "results.html", lang, cases=cases, statuses=STATUSES,
                    **decision_summary(cases, lang), **context)

    # --- pages -------------------------------------------------------------------------------------------

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    async def check_page(request: Request, lang: str = "nb"):
        return page(request, "check.html", _lang(lang), max_bytes=max_bytes, max_upload=max_upload)

    async def _open_form(request: Request):
        return await read_form(request, max_file_bytes=max_bytes, max_files=MAX_FILES,
                               max_fields=2 * MAX_FILES + 10, max_part_size=2 * max_bytes)

    async def _items(request: Request) -> tuple[list[tuple[str, bytes]], str]:
        form = await _open_form(request)
        try:
            return await _read_items(form)
        finally:
            await form.close()

    async def _read_items(form) -> tuple[list[tuple[str, bytes]], str]:
        items: list[tuple[str, bytes]] = []
        for upload in form.getlist("files"):
            if isinstance(upload, UploadFile) and upload.filename:
                items.append((PurePosixPath(upload.filename.replace("\\", "/")).name, await upload.read()))
        for upload in form.getlist("folder"):
            if isinstance(upload, UploadFile) and upload.filename:
                name = upload.filename.replace("\\", "/").lstrip("/")
                parts = PurePosixPath(name).parts
                if name.endswith(".json") and not name.endswith(".judgements.json") \
                        and not any(p.startswith(".") for p in parts):   # X.judgements.json: not a case
                    items.append((name, await upload.read()))
        pasted = form.get("pasted")
        if isinstance(pasted, str) and pasted.strip():
            items.append(("pasted.json", pasted.encode("utf-8")))
        names, texts = form.getlist("doc_name"), form.getlist("doc_text")
        for name, text in zip(names, texts, strict=False):
            if isinstance(name, str) and isinstance(text, str):
                items.append((name, text.encode("utf-8")))
        return items, _lang(form.get("lang"))

    @app.post("/check", response_class=HTMLResponse, include_in_schema=False)
    async def check_form(request: Request):
        try:
            items, lang = await _items(request)
        except MultiPartException as exc:
            return page(request, "error.html", "nb", 400, title_key="bad_request", message=exc.message)
        if not items:
            return page(request, "check.html", lang, 400, max_bytes=max_bytes, max_upload=max_upload,
                        problem=words(lang)("nothing"))
        if len(items) > JUDGING_MAX:
            # a long page (no judging forms): each case reduced to what the page keeps as it is checked, and
            # its report rendered again as the page is sent
            cases = await checks.acheck_all(items, lang, max_bytes, each=partial(light_case_view, lang=lang))
            return results_page(request, lang, cases, resend=[])
        results = await checks.acheck_all(items, lang, max_bytes)
        cases = [judging.with_judging(case_view(i, name, result, lang))
                 for i, ((name, _), result) in enumerate(zip(items, results, strict=True))]
        # the case texts go back with the page for the caseworker's judging forms (judging.py), never for a
        # file that could not be checked
        resend = [(name, "" if "error" in result else data.decode("utf-8", errors="replace"))
                  for (name, data), result in zip(items, results, strict=True)]
        return results_page(request, lang, cases, resend=resend)

    async def _kept_results(request: Request) -> tuple[list[tuple[str, dict]], str]:
        """The results a result page keeps (its hidden form), each validated against the findings schema."""
        form = await _open_form(request)
        try:
            names, texts = form.getlist("doc_name"), form.getlist("result_json")
            lang = _lang(form.get("lang"))
        finally:
            await form.close()
        validator = default_schemas().validator("urn:forskrift:schema:findings")
        kept = []
        for name, text in zip(names, texts, strict=False):
            if not isinstance(name, str) or not isinstance(text, str):
                continue
            try:
                result = json.loads(text)
            except ValueError:
                result = None
            if not isinstance(result, dict) or next(validator.iter_errors(result), None) is not None:
                result = {"file": name, "error": {"message": "not a result of `forskrift check`"}}
            kept.append((name, result))
        return kept, lang

    @app.post("/report", response_class=HTMLResponse, include_in_schema=False)
    async def report_page(request: Request):
        """The result page again, in another language, from the results it keeps: nothing is checked again."""
        try:
            kept, lang = await _kept_results(request)
        except MultiPartException as exc:
            return page(request, "error.html", "nb", 400, title_key="bad_request", message=exc.message)
        if not kept:
            return page(request, "check.html", lang, 400, max_bytes=max_bytes, max_upload=max_upload,
                        problem=words(lang)("nothing"))
        view = case_view if len(kept) <= JUDGING_MAX else light_case_view
        cases = []
        for i, (name, result) in enumerate(kept):
            cases.append(view(i, name, result, lang))
            kept[i] = None      # each result dropped once its case is made
        return results_page(request, lang, cases)

    @app.post("/report/download", include_in_schema=False)
    async def report_download(request: Request):
        """The results the page keeps, as the JSON of `forskrift check --format json` (nothing checked again)."""
        try:
            kept, lang = await _kept_results(request)
        except MultiPartException as exc:
            return JSONResponse({"error": {"message": exc.message}}, status_code=400)
        if not kept:
            return JSONResponse({"error": {"message": words(lang)("nothing")}}, status_code=400)
        body = render_json([result for _, result in kept], single=len(kept) == 1)
        return Response(body + "\n", media_type="application/json; charset=utf-8",
                        headers={"content-disposition": 'attachment; filename="forskrift-findings.json"'})

    from . import year  # the overview, the allocation and the case form (forskrift/web/year.py)
    year.register(app, page=page, read_items=_items, checks=checks, max_bytes=max_bytes)

    @app.post("/check/download", include_in_schema=False)
    async def check_download(request: Request):
        try:
            items, lang = await _items(request)
        except MultiPartException as exc:
            return JSONResponse({"error": {"message": exc.message}}, status_code=400)
        if not items:
            return JSONResponse({"error": {"message": words(lang)("nothing")}}, status_code=400)
        results = await checks.acheck_all(items, lang, max_bytes)
        body = render_json(results, single=len(results) == 1)
        return Response(body + "\n", media_type="application/json; charset=utf-8",
                        headers={"content-disposition": 'attachment; filename="forskrift-findings.json"'})

    @app.get("/rulebooks", response_class=HTMLResponse, include_in_schema=False)
    async def rulebooks_page(request: Request, lang: str = "nb"):
        books = [_summary(rb) | {"url": rb.instrument.url} for rb in registry.all_shipped()]
        return page(request, "rulebooks.html", _lang(lang), books=books)

    @app.get("/rulebooks/{rulebook_id}", response_class=HTMLResponse, include_in_schema=False)
    async def rulebook_page(request: Request, rulebook_id: str, lang: str = "nb"):
        lang = _lang(lang)
        if rulebook_id not in registry.shipped_ids():
            return page(request, "error.html", lang, 404, title_key="not_found",
                        message=f"no rulebook {rulebook_id!r}; shipped: {', '.join(registry.shipped_ids())}")
        return page(request, "rulebook.html", lang, rb=rulebook_view(registry.get(rulebook_id), lang))

    @app.get("/api", response_class=HTMLResponse, include_in_schema=False)
    async def api_page(request: Request, lang: str = "nb"):
        return page(request, "api.html", _lang(lang))

    # --- API ---------------------------------------------------------------------------------------------

    @app.post("/api/check", tags=["check"], summary="Check one case document",
              openapi_extra={
                  "requestBody": {"required": True, "description": "A case document (schemas/case-2021.schema"
                                  ".json; `format` names its version).",
                                  "content": {"application/json": {"schema": {"type": "object"}}}},
                  "responses": {
                      "200": {"description": FINDINGS_DESCRIPTION,
                              "content": {"application/json": {"schema": {"$ref": REF + "case_result"}}}},
                      "403": {"description": "A request a page of another site made the browser send."},
                      "413": {"description": "The request body is over the upload limit."},
                      "415": {"description": "The body is not declared as JSON (Content-Type)."},
                      "422": {"description": "The case is not valid JSON or does not satisfy its schema: "
                                             "{file, error: {message, pointer, line}} as on the command line.",
                              "content": {"application/json": {"schema": {"$ref": REF + "file_error"}}}}}})
    async def api_check(request: Request, lang: str = "nb", name: str = "request.json"):
        """Check the case document in the body; findings and decision as on the command line
        (`forskrift check --format json`: language-neutral codes and figures). `name`: the file name to
        report; `lang` is accepted for compatibility (a result has no language; see /api/report)."""
        body = await _case_body(request)
        if body is None:   # over the case limit: refused without holding the rest of it
            return _over_limit(name)
        [result] = await checks.acheck_all([(name, body)], _lang(lang), max_bytes)
        return Response(render_json([result], single=True), media_type="application/json",
                        status_code=422 if "error" in result else 200)

    @app.post("/api/report", tags=["check"], summary="Check one case document and answer with its report",
              openapi_extra={
                  "requestBody": {"required": True, "description": "A case document.",
                                  "content": {"application/json": {"schema": {"type": "object"}}}},
                  "responses": {
                      "200": {"description": "The report of the case in `lang` (nb, nn, en): what the text report "
                                             "and the web page say, as data (`forskrift check --format report`)."},
                      "422": {"description": "The case is not valid: {file, error: {message, pointer, line}}.",
                              "content": {"application/json": {"schema": {"$ref": REF + "file_error"}}}}}})
    async def api_report(request: Request, lang: str = "nb", name: str = "request.json"):
        """Check the case document in the body and answer with its report in `lang` (nb, nn or en)."""
        body = await _case_body(request)
        if body is None:
            return _over_limit(name)
        [result] = await checks.acheck_all([(name, body)], _lang(lang), max_bytes)
        if "error" in result:
            return Response(render_json([result], single=True), media_type="application/json", status_code=422)
        report = build_report(result, _lang(lang), registry.get(result["rulebook"]["id"]))
        return JSONResponse(report.to_dict())

    async def _case_body(request: Request) -> bytes | None:
        """The body of one case, or None as soon as it is over max_bytes (by Content-Length or as it comes), so
        that a large request holds no more than one case's worth of memory."""
        declared = request.headers.get("content-length", "")
        if declared.isascii() and declared.isdigit() and int(declared) > max_bytes:
            return None
        chunks, size = [], 0
        async for chunk in request.stream():
            size += len(chunk)
            if size > max_bytes:
                return None
            chunks.append(chunk)
        return b"".join(chunks)

    def _over_limit(name: str) -> JSONResponse:
        message = f"file is over the limit of {max_bytes} bytes (set --max-bytes to change it)"
        return JSONResponse({"file": name, "error": {"file": name, "message": message}}, status_code=422)

    @app.get("/api/rulebooks", tags=["rulebooks"], summary="The shipped rulebooks with status and validity")
    async def api_rulebooks():
        return [_summary(rb) for rb in registry.all_shipped()]

    @app.get("/api/rulebooks/{rulebook_id}", tags=["rulebooks"],
             summary="One rulebook: its provisions in order and the rules that encode each")
    async def api_rulebook(rulebook_id: str, lang: str = "nb"):
        if rulebook_id not in registry.shipped_ids():
            return JSONResponse({"error": {"message": f"no rulebook {rulebook_id!r}"}}, status_code=404)
        rulebook = registry.get(rulebook_id)
        return _detail(rulebook, _lang(lang)) | {"durable": decided_natively(rulebook)}

    judging.register(app, page=page, checks=checks, max_bytes=max_bytes, open_form=_open_form)
    impact.register(app, page=page, checks=checks, max_bytes=max_bytes, open_form=_open_form,
                    read_items=_read_items)

    # --- errors ------------------------------------------------------------------------------------------

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        if request.url.path.startswith("/api/"):
            return JSONResponse({"error": {"message": str(exc.detail)}}, status_code=exc.status_code)
        key = "not_found" if exc.status_code == 404 else "bad_request"
        return page(request, "error.html", _lang(request.query_params.get("lang")), exc.status_code,
                    title_key=key, message=str(exc.detail))

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError):
        problems = "; ".join(f"{'.'.join(map(str, e.get('loc', ())))}: {e.get('msg', '')}" for e in exc.errors())
        return JSONResponse({"error": {"message": f"invalid request: {problems}"}}, status_code=422)

    @app.exception_handler(ClientDisconnect)
    async def client_gone(request: Request, exc: ClientDisconnect):
        # the client went away while sending: nothing to answer and nothing wrong here (499, as nginx logs it)
        return Response(status_code=499)

    @app.exception_handler(ForskriftError)
    async def forskrift_error(request: Request, exc: ForskriftError):
        return JSONResponse({"error": exc.to_json()}, status_code=400)

    @app.exception_handler(Exception)
    async def server_error(request: Request, exc: Exception):
        log.error("internal error on %s %s: %s", request.method, request.url.path, type(exc).__name__)
        lang = _lang(request.query_params.get("lang"))
        if request.url.path.startswith("/api/"):
            return JSONResponse({"error": {"message": "internal error"}}, status_code=500)
        return page(request, "error.html", lang, 500, title_key="server_error", message="")

    def openapi():
        if app.openapi_schema is None:
            spec = get_openapi(title=app.title, version=app.version, description=app.description,
                               routes=app.routes)
            spec.setdefault("components", {}).setdefault("schemas", {}).update(findings_components())
            spec["components"]["schemas"].update(impact.DIFF_COMPONENTS)
            app.openapi_schema = spec
        return app.openapi_schema

    app.openapi = openapi
    app.add_middleware(BodyLimit, max_body=max_upload, max_in_flight=max_in_flight or 2 * max_upload)
    app.add_middleware(SameOrigin)
    app.add_middleware(SecurityHeaders)
    if allowed_hosts:
        app.add_middleware(HostCheck, allowed_hosts=allowed_hosts)
    app.add_middleware(AccessLog)
    return app


__all__ = ["create_app", "error_line"]
