"""One error envelope for the whole web app: JSON under /api, the same fields in an HTML page elsewhere.

`{"ok": false, "status": N, "error": "...", "errors": [located problems]}` is the only error shape the
app sends (datasette's `handle_exception.py` is the model); `tests/test_error_shape.py` locks it. Each
entry of `errors` has the fields of `flows.input.errors.Problem.to_dict()`: file, line, col, message, path and
hint (file, line and col are null for problems with the request itself rather than a model).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import jinja2
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException

from flows.input.errors import ModelError
from web.i18n import install_translations, language_context

# Every template is escaped, whatever its name: Starlette's default (`select_autoescape()`) escapes only
# names ending in .html/.htm/.xml, so our `*.html.j2` templates were not escaped at all (issue 15).
# Each template gets the request's language (`web.i18n`): `_()` and `{% trans %}` word our own text in it.
TEMPLATES = Jinja2Templates(
    env=jinja2.Environment(
        loader=jinja2.FileSystemLoader(Path(__file__).parent / "templates"),
        autoescape=True,
    ),
    context_processors=[language_context],
)
install_translations(TEMPLATES.env)
ENVELOPE_KEYS = ("ok", "status", "error", "errors")


class WebError(StarletteHTTPException):
    """An HTTP error that may carry located problems (a model's errors) for the envelope."""

    def __init__(
        self,
        status: int,
        message: str,
        errors: Sequence[Mapping[str, Any]] = (),
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(status, message, dict(headers) if headers else None)
        self.errors = [dict(e) for e in errors]

    @classmethod
    def from_model_error(cls, exc: ModelError, message: str | None = None) -> WebError:
        count = exc.count
        default = f"the model has {count:,} problem{'s' if count != 1 else ''}"
        if exc.more:
            default += f"; the first {len(exc.problems)} are listed"
        return cls(422, message or default, exc.to_list())


def envelope(status: int, message: str, errors: Iterable[Mapping[str, Any]] = ()) -> dict[str, Any]:
    return {"ok": False, "status": status, "error": message, "errors": [dict(e) for e in errors]}


def is_api_path(path: str) -> bool:
    return path == "/api" or path.startswith("/api/")


def error_response(
    request: Request,
    status: int,
    message: str,
    errors: Iterable[Mapping[str, Any]] = (),
    headers: Mapping[str, str] | None = None,
) -> Response:
    """The envelope as JSON for API paths, else as the error page; both carry the same fields."""
    body = envelope(status, message, errors)
    if is_api_path(request.url.path):
        return JSONResponse(body, status_code=status, headers=headers)
    return TEMPLATES.TemplateResponse(request, "error.html.j2", body, status_code=status, headers=headers)


def request_problem(error: Mapping[str, Any]) -> dict[str, Any]:
    """A FastAPI request-validation error as a problem entry (no file: the request itself is wrong)."""
    location = [str(part) for part in error.get("loc", ())]
    return {
        "file": None,
        "line": None,
        "col": None,
        "message": f"{'.'.join(location)}: {error.get('msg', 'invalid')}",
        "path": location,
        "hint": None,
    }


def install_error_handlers(app: FastAPI) -> None:
    """Route every HTTP and request error through `error_response`; 500s are the middleware's job."""

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        errors = getattr(exc, "errors", ())
        message = str(exc.detail)
        if exc.status_code == 404 and message == "Not Found":  # Starlette's default: say what was missing
            message = f"nothing here: {request.url.path[:200]}"
        return error_response(request, exc.status_code, message, errors, exc.headers)

    @app.exception_handler(RequestValidationError)
    async def request_error(request: Request, exc: RequestValidationError) -> Response:
        problems = [request_problem(e) for e in exc.errors()]
        return error_response(request, 422, "the request is not valid", problems)
