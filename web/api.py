"""The JSON API under /api: the same data as the HTML pages, from the same `flows` functions as the CLI.

Read routes look ids up in the catalogue only (ids never become paths). Write-free POST routes take a
model as YAML text in the body, load it under `UPLOAD_LIMITS`, answer, and keep nothing (render and
check answers for text that is exactly a catalogue model are kept by content hash: `AnswerCache`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, cast

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from flows.input.catalog import Entry
from flows.input.errors import ModelError, invalid_entry
from flows.input.model import Model
from flows.input.schema import schema_text
from flows.output.report import render_json
from flows.view.contract import GraphView
from web.content_type import MODEL_TYPES, require_model_type
from web.errors import WebError
from web.service import MAX_BODY, Prepared, card, load_upload, upload_name

YAML_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "description": f"The model as YAML text (UTF-8, at most {MAX_BODY:,} bytes).",
        "content": {kind: {"schema": {"type": "string"}} for kind in MODEL_TYPES},
    }
}
T = TypeVar("T")
FILENAME = Query(
    default=None,
    max_length=100,
    description="A file name for error messages (`NAME:line:col: error: ...`); default model.yaml.",
)


class Problem(BaseModel):
    file: str | None
    line: int | None
    col: int | None
    message: str
    path: list[str | int]
    hint: str | None


class ErrorEnvelope(BaseModel):
    """The one error shape of the app (see `web.errors`)."""

    ok: bool = False
    status: int
    error: str
    errors: list[Problem]


ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorEnvelope, "description": what}
    for status, what in (
        (404, "No model with that id, or no such route"),
        (405, "Method not allowed"),
        (413, "Request body too large"),
        (415, "Body not sent as YAML text"),
        (422, "The model (or the request) has problems; `errors` lists them with line and column"),
        (500, "A bug in adflows (never with traceback text)"),
    )
}


def plain(view: GraphView) -> dict[str, Any]:
    """The typed view as the API documents it: a JSON object (FastAPI would otherwise rebuild the
    answer from the TypedDict, and the OpenAPI schema would change)."""
    return cast(dict[str, Any], view)


router = APIRouter(prefix="/api", tags=["models"], responses=ERRORS)


def catalog_entry(request: Request, model_id: str) -> tuple[Entry, Prepared]:
    """A loaded catalogue model, or the envelope: 404 unknown id, 422 with its located problems."""
    entry: Entry | None = request.app.state.catalog.get(model_id)
    if entry is None:
        raise WebError(404, f"no model named {model_id[:100]!r}")
    prepared = request.app.state.prepared.get(entry)
    if prepared is None:
        raise WebError(422, "this model has errors", [p.to_dict() for p in entry.problems])
    return entry, prepared


async def read_yaml(request: Request) -> bytes:
    """The body, if it was sent as YAML or JSON; 415 otherwise (the guard has already bounded its size)."""
    require_model_type(request)
    return await request.body()


async def load_or_422(request: Request, filename: str | None) -> Model:
    body = await read_yaml(request)
    try:
        return await run_in_threadpool(load_upload, body, upload_name(filename))
    except ModelError as exc:
        raise WebError.from_model_error(exc) from None


async def cached_answer(
    request: Request, route: str, filename: str | None, answer: Callable[[Model], T]
) -> T:
    """`answer` for the uploaded model, through the app's content-hash cache; 422 if it does not load."""
    body = await read_yaml(request)
    name = upload_name(filename)

    def compute() -> T:
        return answer(load_upload(body, name))

    try:
        return await run_in_threadpool(request.app.state.answers.get_or_compute, route, name, body, compute)
    except ModelError as exc:
        raise WebError.from_model_error(exc) from None


def json_text(text: str, **headers: str) -> Response:
    return Response(text, media_type="application/json", headers=headers)


@router.get("/models", summary="List the models")
def list_models(request: Request) -> list[dict[str, Any]]:
    """Every model in the catalogue: counts and findings by severity, or its located problems."""
    state = request.app.state
    return [card(entry, state.prepared.get(entry)) for entry in state.catalog.values()]


@router.get("/models/{model_id}", summary="One model's summary")
def model_summary(request: Request, model_id: str) -> dict[str, Any]:
    """Title, summary, counts of parties, nodes and flows, and open findings by severity."""
    entry, prepared = catalog_entry(request, model_id)
    return card(entry, prepared)


@router.get("/models/{model_id}/view", summary="One model's view data (JSON twin of its page)")
def model_view(request: Request, model_id: str) -> dict[str, Any]:
    """Exactly the data embedded in `/models/{id}`: nodes with positions, edges, story, findings."""
    return plain(catalog_entry(request, model_id)[1].view)


@router.get("/models/{model_id}/findings", summary="One model's findings")
def model_findings(request: Request, model_id: str) -> Response:
    """The same JSON as `adflows check --format json`."""
    return json_text(catalog_entry(request, model_id)[1].findings_json)


@router.get(
    "/models/{model_id}/source",
    summary="One model's YAML",
    response_class=Response,
    responses={200: {"content": {"text/yaml": {}}}},
)
def model_source(request: Request, model_id: str) -> Response:
    """The model file as written, to open a copy in the editor."""
    entry: Entry | None = request.app.state.catalog.get(model_id)
    if entry is None:
        raise WebError(404, f"no model named {model_id[:100]!r}")
    return Response(entry.text, media_type="text/yaml; charset=utf-8")


@router.post("/validate", summary="Validate a model", openapi_extra=YAML_BODY)
async def validate(
    request: Request,
    filename: str | None = FILENAME,
    view: bool = Query(default=False, description="Also return the view data when the model is valid."),
) -> dict[str, Any]:
    """`{"file", "valid", "errors"}`: one file's entry of `adflows validate --format json`.

    An invalid model is a successful validation (200 with `valid: false`), not an error. With
    `view=true` a valid model's answer also has `view` (what `POST /api/view` returns): the live editor
    uses this, so that a typo is an answer, not a failed request in the browser's console.
    """
    name = upload_name(filename)
    body = await read_yaml(request)
    try:
        model = await run_in_threadpool(load_upload, body, name)
    except ModelError as exc:
        return invalid_entry(name, exc)
    result: dict[str, Any] = {"file": name, "valid": True, "errors": []}
    if view:
        result["view"] = await run_in_threadpool(lambda: plain(Prepared(model).view))
    return result


@router.post("/view", summary="A model's view data", openapi_extra=YAML_BODY)
async def view(request: Request, filename: str | None = FILENAME) -> dict[str, Any]:
    """The view the page would draw, with findings; 422 with the located problems if it does not load."""
    model = await load_or_422(request, filename)
    return await run_in_threadpool(lambda: plain(Prepared(model).view))


@router.post(
    "/render",
    summary="Render a model as the single-file page",
    openapi_extra=YAML_BODY,
    response_class=Response,
    responses={200: {"content": {"text/html": {}}}},
)
async def render(request: Request, filename: str | None = FILENAME) -> Response:
    """The same offline HTML file `adflows render` writes, as a download."""
    model_id, page = await cached_answer(request, "render", filename, lambda m: (m.id, Prepared(m).page))
    return Response(
        page.html,
        media_type="text/html; charset=utf-8",
        headers={
            "Content-Disposition": f'attachment; filename="{model_id}.html"',
            "Content-Security-Policy": page.csp,
        },
    )


@router.post("/check", summary="Run the privacy rules on a model", openapi_extra=YAML_BODY)
async def check(request: Request, filename: str | None = FILENAME) -> Response:
    """The same JSON as `adflows check --format json`."""
    findings = await cached_answer(
        request, "check", filename, lambda m: render_json(m, Prepared(m).analysis.findings)
    )
    return json_text(findings)


@router.get(
    "/schema",
    summary="The JSON Schema of the model format",
    response_class=Response,
    responses={200: {"content": {"application/schema+json": {}}}},
)
def schema() -> Response:
    """The same text as `adflows schema`."""
    return Response(schema_text(), media_type="application/schema+json")


def openapi_operations(spec: dict[str, Any]) -> list[dict[str, Any]]:
    """The operations of an OpenAPI document, flattened for the HTML docs page."""
    operations = []
    for path, methods in spec.get("paths", {}).items():
        for method, op in methods.items():
            body = op.get("requestBody", {}).get("content", {})
            operations.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": op.get("summary", ""),
                    "description": op.get("description", ""),
                    "body": sorted(body),
                    "parameters": [
                        {"name": p["name"], "in": p["in"], "description": p.get("description", "")}
                        for p in op.get("parameters", [])
                    ],
                    "responses": sorted(op.get("responses", {})),
                }
            )
    return operations
