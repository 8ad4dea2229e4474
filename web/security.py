"""The outermost guard of the web app: security headers, a request-size limit and no bare 500s.

A pure ASGI middleware (not `@app.middleware("http")`) so that it also wraps the error paths: a body
that grows past the limit while streaming (no Content-Length) is cut off at the limit, and an
unexpected exception still gets the error envelope and the security headers, with no traceback text.
Nothing here reads or logs request bodies; it only counts their bytes.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from starlette.datastructures import Headers, MutableHeaders
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from web.errors import WebError, error_response

LOG = logging.getLogger("adflows.web")

# Pages of the app itself: only our own files, nothing inline, nothing from another host.
SITE_CSP = "; ".join(
    (
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data: blob:",
        "connect-src 'self'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
}


def too_large(limit: int) -> WebError:
    return WebError(413, f"the request body is larger than the limit of {limit:,} bytes")


class GuardMiddleware:
    """Add the headers to every response, enforce `max_body`, and turn crashes into a 500 envelope.

    A response that sets its own Content-Security-Policy (the single-file viewer, with its hashed
    scripts) keeps it; every other response gets `SITE_CSP`.
    """

    def __init__(self, app: ASGIApp, *, max_body: int, larger: Mapping[str, int] | None = None) -> None:
        self.app = app
        self.max_body = max_body
        self.larger = dict(larger or {})  # exact path -> its own limit (the Meta-export upload)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def send_guarded(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    headers.setdefault(name, value)
                headers.setdefault("Content-Security-Policy", SITE_CSP)
            await send(message)

        limit = self.larger.get(scope.get("path", ""), self.max_body)
        declared = Headers(scope=scope).get("content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > limit):
            status = 413 if declared.isdigit() else 400
            message = too_large(limit).detail if status == 413 else "bad Content-Length header"
            await error_response(Request(scope), status, message)(scope, receive, send_guarded)
            return
        try:
            await self.app(scope, self._counting(receive, limit), send_guarded)
        except Exception as exc:
            if started:  # too late for a clean answer; the server closes the connection
                raise
            await self._crashed(scope, receive, send_guarded, exc)

    def _counting(self, receive: Receive, limit: int) -> Receive:
        """`receive` that raises 413 (inside the route, so its handler answers) past `limit` bytes."""
        received = 0

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise too_large(limit)
            return message

        return counted

    async def _crashed(self, scope: Scope, receive: Receive, send: Send, exc: Exception) -> None:
        request = Request(scope)
        if isinstance(exc, WebError):  # the 413 above, raised where no handler caught it
            response = error_response(request, exc.status_code, str(exc.detail), exc.errors)
        else:
            # The traceback goes to the server's log (path only: never the body or query), not to the client.
            LOG.error("internal error on %s %s", scope.get("method"), scope.get("path"), exc_info=exc)
            response = error_response(request, 500, "internal error: this is a bug in adflows")
        await response(scope, receive, send)


def with_guard(app: Any, max_body: int, larger: Mapping[str, int] | None = None) -> None:
    """Install the guard outermost among the app's own middleware; `larger` gives paths their own limit."""
    app.add_middleware(GuardMiddleware, max_body=max_body, larger=larger)
