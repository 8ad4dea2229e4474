"""FastAPI application: the gallery of bundled models and each model's offline page.

Routes only look models up in the catalogue and hand them to `flows` renderers. The page for a model is
byte-for-byte the file `adflows render` writes, sent with the same Content-Security-Policy as a header.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException

from flows.catalog import Entry, load_catalog
from flows.render_html import render_view
from flows.view import to_view

HERE = Path(__file__).parent
SITE_CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self' data:; base-uri 'none'; "
    "form-action 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def create_app(models_dir: Path) -> FastAPI:
    """Build the app for one models folder; the catalogue is read once, at start-up."""
    app = FastAPI(title="adflows", docs_url="/api/docs", redoc_url=None, openapi_url="/api/openapi.json")
    app.state.catalog = load_catalog(models_dir)
    app.state.pages = {}
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Any) -> Response:
        response: Response = await call_next(request)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        response.headers.setdefault("Content-Security-Policy", SITE_CSP)
        return response

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        return error_response(request, templates, exc.status_code, str(exc.detail))

    @app.exception_handler(RequestValidationError)
    async def request_error(request: Request, exc: RequestValidationError) -> Response:
        return error_response(request, templates, 422, "the request is not valid")

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def gallery(request: Request) -> Response:
        cards = [card(entry) for entry in app.state.catalog.values()]
        return templates.TemplateResponse(request, "gallery.html.j2", {"cards": cards})

    @app.get("/models/{model_id}", response_class=HTMLResponse, include_in_schema=False)
    def model_page(model_id: str) -> Response:
        entry = find_entry(app, model_id)
        if entry.model is None:
            raise StarletteHTTPException(422, "this model has errors; see the gallery")
        page = app.state.pages.get(entry.digest)
        if page is None:
            page = app.state.pages[entry.digest] = render_view(to_view(entry.model))
        return HTMLResponse(page.html, headers={"Content-Security-Policy": page.csp})

    @app.get("/api/models")
    def list_models() -> list[dict[str, Any]]:
        """Every model in the catalogue, with its counts or its located problems."""
        return [card(entry) for entry in app.state.catalog.values()]

    @app.get("/api/models/{model_id}/view")
    def model_view(model_id: str) -> dict[str, Any]:
        """The view data the page draws: nodes with positions, edges, sources, story."""
        entry = find_entry(app, model_id)
        if entry.model is None:
            raise StarletteHTTPException(422, "this model has errors")
        return to_view(entry.model)

    return app


def find_entry(app: FastAPI, model_id: str) -> Entry:
    """Look an id up in the catalogue only; ids never become paths."""
    entry = app.state.catalog.get(model_id)
    if entry is None:
        raise StarletteHTTPException(404, f"no model named {model_id!r}")
    return entry


def card(entry: Entry) -> dict[str, Any]:
    """What the gallery and the API say about one model."""
    if entry.model is None:
        return {
            "id": entry.id,
            "ok": False,
            "title": entry.id,
            "errors": [p.format() for p in entry.problems],
        }
    model = entry.model
    return {
        "id": entry.id,
        "ok": True,
        "title": model.title,
        "summary": model.summary,
        "parties": len(model.parties),
        "nodes": len(model.nodes),
        "flows": len(model.flows),
        "sources": len(model.sources),
        "steps": len(model.story),
    }


def error_response(request: Request, templates: Jinja2Templates, status: int, message: str) -> Response:
    """One error envelope: JSON under /api, the same fields in an HTML page elsewhere."""
    body = {"ok": False, "status": status, "error": message}
    if request.url.path.startswith("/api"):
        return JSONResponse(body, status_code=status)
    return templates.TemplateResponse(request, "error.html.j2", body, status_code=status)
