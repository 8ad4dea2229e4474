"""Which content types a POSTed model may have: YAML or JSON, never a type a plain HTML form can send.

A page on another site can POST `text/plain`, `application/x-www-form-urlencoded` or
`multipart/form-data` to any server without asking first (a CORS "simple request"); any other type
makes the browser ask the server first (a preflight), which this server never grants. So the API
takes models only as YAML or JSON (JSON is YAML), and a cross-site form or `text/plain` fetch is
refused with 415 before the body is read. `web.hosts` adds the second lock (`Sec-Fetch-Site`/`Origin`).
"""

from __future__ import annotations

from starlette.requests import Request

from web.errors import WebError

MODEL_TYPES = ("text/yaml", "application/yaml", "application/x-yaml", "application/json")


def media_type(request: Request) -> str:
    """The request's media type, lower-cased, without parameters such as `charset`."""
    return request.headers.get("content-type", "").split(";")[0].strip().lower()


def require_model_type(request: Request, allowed: tuple[str, ...] = MODEL_TYPES) -> None:
    """Raise 415 (the error envelope) unless the body was sent as one of `allowed`."""
    media = media_type(request)
    if media not in allowed:
        shown = media[:100] or "none"
        raise WebError(
            415,
            f"send the model as text/yaml (or application/yaml, application/json); got content type {shown}",
        )
