"""FastAPI application: the gallery, each model's offline page, the live editor, and the JSON API.

A thin layer over `flows`: routes look models up in the catalogue and hand them to `flows` functions
(through `web.service`). The page for a model is byte-for-byte the file `adflows render` writes, sent
with its own hashed Content-Security-Policy as a header; every other response gets the site policy
(`web.security.SITE_CSP`). Every asset is served from here: no CDN, no web font, no analytics.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles

from flows.input.catalog import load_catalog
from flows.input.starter import starter_model
from flows.output.page import PICTURE_SCRIPTS, inline_script, vis_dir
from web.api import catalog_entry, openapi_operations, router
from web.errors import TEMPLATES, WebError, install_error_handlers
from web.hosts import AllowedHosts, with_host_check
from web.i18n import request_language
from web.import_page import IMPORT_MAX_BODY, IMPORT_PATH, add_import_routes
from web.script_words import EDITOR_WORDS, script_words
from web.security import with_guard
from web.service import MAX_BODY, UPLOAD_LIMITS, AnswerCache, PreparedCache, card
from web.story_page import STORY_MAX_BODY, STORY_PATH, add_story_routes

HERE = Path(__file__).parent
# A source-map comment would make devtools ask for a file we do not serve.
_SOURCE_MAP = re.compile(r"\n?//# sourceMappingURL=\S+\s*$|/\*# sourceMappingURL=\S+ \*/\s*$")
# The page's scripts the editor draws with, in load order (served from flows/output/static).
EDITOR_PAGE_SCRIPTS = ("graph.js", *PICTURE_SCRIPTS)
VIS_FILES = {"vis-network.min.js": "text/javascript", "vis-network.css": "text/css"}


@cache
def vis_asset(name: str) -> bytes:
    """The vis-network file the single-file page inlines, read from the same place (pyvis's copy) and
    the same way (text with universal newlines, no source-map comment), so the bytes match the page's."""
    text = vis_dir().joinpath(name).read_text(encoding="utf-8")
    return _SOURCE_MAP.sub("", text).encode("utf-8")


def editor_text(request: Request, model_id: str | None) -> str:
    """The editor's first text: a catalogue model's YAML, or the commented starter model."""
    if model_id:
        entry = request.app.state.catalog.get(model_id)
        if entry is None:
            raise WebError(404, f"no model named {model_id[:100]!r}")
        text: str = entry.text.decode("utf-8", errors="replace")
        return text
    text = starter_model("my-model", "My model", path_hint="model.yaml")
    # The starter opens with a note for VS Code users about a schema path; in the browser it only confuses.
    if text.startswith("# yaml-language-server"):
        text = text.split("\n#\n", 1)[1]
    return text


def create_app(models_dir: Path, *, allowed_hosts: AllowedHosts | None = None) -> FastAPI:
    """Build the app for one models folder; the catalogue is read once, at start-up.

    `allowed_hosts` are the `Host` names it answers to (`web.hosts`); by default the loopback names,
    as for `adflows serve` on 127.0.0.1.
    """
    app = FastAPI(
        title="adflows",
        summary="Ad-tech data-flow models: list, view, validate, render and check them.",
        docs_url=None,  # FastAPI's docs page loads Swagger UI from a CDN; /api/docs is our own page
        redoc_url=None,
        openapi_url="/api/openapi.json",
    )
    app.state.catalog = load_catalog(models_dir)
    app.state.prepared = PreparedCache()
    app.state.answers = AnswerCache(frozenset(e.digest for e in app.state.catalog.values() if e.model))
    install_error_handlers(app)
    with_host_check(app, allowed_hosts or AllowedHosts.for_bind("127.0.0.1"))
    # Added last: outermost, so the host check's refusals get its headers.
    with_guard(app, MAX_BODY, larger={IMPORT_PATH: IMPORT_MAX_BODY, STORY_PATH: STORY_MAX_BODY})
    app.include_router(router)
    add_pages(app)
    add_import_routes(app)
    add_story_routes(app)
    for name, media_type in VIS_FILES.items():
        add_vis_route(app, name, media_type)
    add_graph_route(app)

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        # Browsers ask for it on every page (the single-file viewer too); a 404 would be a console error.
        return Response((HERE / "static" / "favicon.svg").read_bytes(), media_type="image/svg+xml")

    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    return app


@cache
def page_script(name: str) -> bytes:
    """One of the page's scripts (flows/output/static: graph.js, the picture's), so the editor draws a
    model as the page does; exactly as the page inlines it (`inline_script`: no comment lines)."""
    text = resources.files("flows.output").joinpath("static", name).read_text(encoding="utf-8")
    return inline_script(text).encode("utf-8")


def graph_script() -> bytes:
    """The page's vis-network drawing rules (flows/output/static/graph.js)."""
    return page_script("graph.js")


def add_graph_route(app: FastAPI) -> None:
    """The page's drawing scripts the editor loads: graph.js and the picture's (PICTURE_SCRIPTS, in order)."""
    for name in EDITOR_PAGE_SCRIPTS:
        add_page_script_route(app, name)


def add_page_script_route(app: FastAPI, name: str) -> None:
    @app.get(f"/static/{name}", include_in_schema=False)
    def page_script_file() -> Response:
        return Response(page_script(name), media_type="text/javascript")


def add_vis_route(app: FastAPI, name: str, media_type: str) -> None:
    @app.get(f"/static/{name}", include_in_schema=False)
    def vis_file() -> Response:
        return Response(vis_asset(name), media_type=media_type)


def add_pages(app: FastAPI) -> None:
    """The HTML pages; each names its JSON twin with a `Link: rel=alternate` header."""

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def gallery(request: Request) -> Response:
        state = request.app.state
        cards = [card(entry, state.prepared.get(entry)) for entry in state.catalog.values()]
        return TEMPLATES.TemplateResponse(
            request, "gallery.html.j2", {"cards": cards}, headers=alternate("/api/models")
        )

    @app.get("/models/{model_id}", response_class=HTMLResponse, include_in_schema=False)
    def model_page(request: Request, model_id: str) -> Response:
        _, prepared = catalog_entry(request, model_id)
        page = prepared.page
        headers = {"Content-Security-Policy": page.csp, **alternate(f"/api/models/{model_id}/view")}
        return HTMLResponse(page.html, headers=headers)

    @app.get("/editor", response_class=HTMLResponse, include_in_schema=False)
    def editor(request: Request, model: str | None = None) -> Response:
        context = {
            "text": editor_text(request, model),
            "max_bytes": UPLOAD_LIMITS.max_bytes,
            "from_model": model,
            "page_scripts": EDITOR_PAGE_SCRIPTS,
            "words": script_words(EDITOR_WORDS, request_language(request)[0]),
        }
        return TEMPLATES.TemplateResponse(request, "editor.html.j2", context, headers=alternate("/api/view"))

    @app.get("/api/docs", response_class=HTMLResponse, include_in_schema=False)
    def api_docs(request: Request) -> Response:
        context: dict[str, Any] = {
            "operations": openapi_operations(request.app.openapi()),
            "max_body": MAX_BODY,
            "limits": UPLOAD_LIMITS,
        }
        return TEMPLATES.TemplateResponse(
            request, "api_docs.html.j2", context, headers=alternate("/api/openapi.json")
        )


def alternate(url: str) -> dict[str, str]:
    return {"Link": f'<{url}>; rel="alternate"; type="application/json"'}
