"""Which `Host` the server answers to, and which cross-site writes it refuses: DNS rebinding and CSRF.

A page on `evil.example` can make its own name resolve to 127.0.0.1 (DNS rebinding): the browser then
treats our server as part of evil.example and lets that page read every answer, the models' source
included. The answer is to serve only requests whose `Host` names this server: the loopback names,
the address it was started on, and names the operator adds (`adflows serve --allow-host`). An IP
address in `Host` is safe to accept when the server listens on every interface (0.0.0.0): a page can
only rebind a *name* it owns, never an address.

Starlette's `TrustedHostMiddleware` does the first half, but answers in plain text without our error
envelope and knows nothing of wildcard binds; this pure ASGI middleware does both halves and sits
inside `web.security.GuardMiddleware`, so its refusals carry the security headers too.

The second half: a browser sends `Sec-Fetch-Site` (and `Origin`) with every write. A POST, PUT, PATCH
or DELETE from another site is refused with 403, whatever its content type, so a form or a
`text/plain` fetch on another site cannot drive the API. Clients that send neither header (curl, the
CLI, scripts) are not browsers and are not affected.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from starlette.applications import Starlette
from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.types import ASGIApp, Receive, Scope, Send

from web.errors import error_response

LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})
WILDCARD_BINDS = frozenset({"0.0.0.0", "::", ""})
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# What browsers send on a request from a page of this same server, or typed into the address bar.
SAME_ORIGIN_FETCHES = frozenset({"same-origin", "none"})


def host_name(header: str) -> str | None:
    """The name or address in a `Host` header without its port, lower-cased; None if malformed."""
    value = header.strip().lower()
    if value.startswith("["):  # [::1]:8000
        end = value.find("]")
        if end < 0:
            return None
        name, rest = value[1:end], value[end + 1 :]
        port = rest[1:] if rest.startswith(":") else None if rest else ""
    elif value.count(":") > 1:  # an IPv6 address must be in brackets in a Host header
        return None
    else:
        name, _, port = value.partition(":")
    if port is None or (port and not port.isdigit()):
        return None
    name = name.rstrip(".")
    if not name or any(c.isspace() or c in "/\\@?#" for c in name):
        return None
    return name


def is_ip_address(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


@dataclass(frozen=True)
class AllowedHosts:
    """The names the server answers to; `any_address` also admits every IP address (wildcard bind)."""

    names: frozenset[str]
    any_address: bool = False

    @classmethod
    def for_bind(cls, host: str = "127.0.0.1", extra: Iterable[str] = ()) -> AllowedHosts:
        """The hosts for a server started on `host`: loopback names, `host` itself, and `extra`.

        On a wildcard bind (0.0.0.0, ::) other machines reach the server by one of its addresses or by
        the machine's name, which are added; a name from the network's DNS goes in `extra`.
        """
        names = set(LOOPBACK_NAMES) | {n.strip().lower().rstrip(".") for n in extra if n.strip()}
        bind = host.strip().strip("[]").lower()
        wildcard = bind in WILDCARD_BINDS
        if wildcard:
            names |= {socket.gethostname().lower(), socket.getfqdn().lower()}
        else:
            names.add(bind)
        return cls(frozenset(names), any_address=wildcard)

    def admits(self, name: str) -> bool:
        return name in self.names or (self.any_address and is_ip_address(name))

    def describe(self) -> str:
        shown = ", ".join(sorted(self.names))
        return shown + (", and any IP address of this machine" if self.any_address else "")


class HostCheckMiddleware:
    """Refuse (400) a request whose `Host` is not allowed, and (403) a browser's cross-site write."""

    def __init__(self, app: ASGIApp, *, allowed: AllowedHosts) -> None:
        self.app = app
        self.allowed = allowed

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":  # lifespan; the app has no websocket routes
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        problem = self.host_problem(headers) or self.cross_site_problem(scope, headers)
        if problem is None:
            await self.app(scope, receive, send)
            return
        status, message = problem
        await error_response(Request(scope), status, message)(scope, receive, send)

    def host_problem(self, headers: Headers) -> tuple[int, str] | None:
        raw = headers.get("host")
        if raw is None:
            return 400, "the request has no Host header"
        name = host_name(raw)
        if name is None or not self.allowed.admits(name):
            shown = raw[:100].encode("ascii", "backslashreplace").decode("ascii")
            allowed = self.allowed.describe()
            return 400, f"this server does not answer to the host {shown!r}; it answers to {allowed}"
        return None

    def cross_site_problem(self, scope: Scope, headers: Headers) -> tuple[int, str] | None:
        if scope.get("method", "GET") in SAFE_METHODS:
            return None
        fetch_site = headers.get("sec-fetch-site")
        if fetch_site is not None:
            # A browser sets Sec-Fetch-Site itself and no page can forge it, so when it is present it
            # decides. Origin alone is not enough: Chromium sends `Origin: null` on a form POST from
            # our own page under `Referrer-Policy: no-referrer`, the policy the pages are served with.
            if fetch_site.lower() in SAME_ORIGIN_FETCHES:
                return None
            return 403, "a page from another site cannot send requests that change or compute things here"
        origin = headers.get("origin")  # an older browser without Fetch Metadata
        if origin is not None and not self.same_origin(origin, headers.get("host", "")):
            return 403, "a page from another site cannot send requests that change or compute things here"
        return None

    def same_origin(self, origin: str, host: str) -> bool:
        """Whether an `Origin` header names this server as the request reached it (scheme aside)."""
        if origin == "null":  # a sandboxed frame or a file:// page: never this server's own page
            return False
        try:
            netloc = urlsplit(origin).netloc
        except ValueError:
            return False
        return netloc.lower() == host.strip().lower()


def with_host_check(app: Starlette, allowed: AllowedHosts) -> None:
    """Install the check on a FastAPI/Starlette app; call it before `web.security.with_guard`, so the
    guard (added last, hence outermost) wraps its refusals with the security headers."""
    app.add_middleware(HostCheckMiddleware, allowed=allowed)
