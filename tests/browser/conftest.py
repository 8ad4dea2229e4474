"""Playwright fixtures driving Debian's chromium, with a guard on every page.

The guard aborts and records any request that would leave the machine (anything but file:, data:,
blob: and http(s)://127.0.0.1), and records console errors, uncaught page errors and dialogs. A test
fails at teardown if any of those happened, so no browser test can pass while the page leaks.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Dialog, Page, Playwright, Request, Route, sync_playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-gpu",
]
LOCAL_SCHEMES = frozenset({"file", "data", "blob"})


def is_local(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in LOCAL_SCHEMES:
        return True
    return parts.scheme in ("http", "https") and parts.hostname == "127.0.0.1"


@dataclass
class Guard:
    blocked: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def on_route(self, route: Route) -> None:
        if is_local(route.request.url):
            route.continue_()
        else:
            self.record(route.request.url)
            route.abort()

    def on_request(self, request: Request) -> None:
        if not is_local(request.url):
            self.record(request.url)

    def record(self, url: str) -> None:
        if url not in self.blocked:
            self.blocked.append(url)

    def on_dialog(self, dialog: Dialog) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def attach(self, page: Page) -> None:
        page.route("**/*", self.on_route)
        page.on("request", self.on_request)
        page.on("dialog", self.on_dialog)
        page.on("pageerror", lambda exc: self.errors.append(f"pageerror: {exc}"))
        page.on(
            "console",
            lambda msg: self.errors.append(f"console: {msg.text}") if msg.type == "error" else None,
        )

    def problems(self) -> list[str]:
        return (
            [f"external request: {url}" for url in self.blocked]
            + self.errors
            + [f"dialog: {d}" for d in self.dialogs]
        )


@pytest.fixture(scope="session")
def playwright_instance() -> Iterator[Playwright]:
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright_instance: Playwright) -> Iterator[Browser]:
    browser = playwright_instance.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture
def guard() -> Guard:
    return Guard()


@pytest.fixture
def viewport() -> dict[str, int]:
    """The page's window; a test module overrides this fixture to read the page at another size."""
    return {"width": 1400, "height": 1000}


@pytest.fixture
def page(browser: Browser, guard: Guard, viewport: dict[str, int]) -> Iterator[Page]:
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    guard.attach(page)
    yield page
    context.close()
    problems = guard.problems()
    if problems:
        pytest.fail("page misbehaved:\n" + "\n".join(problems))


# Elements a hostile model must never smuggle in. The page draws its own pictures as SVG (svg.picture,
# the legend's svg.line-sample and svg.control-sample); inside them only shapes and text, never images,
# links, scripts or HTML.
FOREIGN_ELEMENTS = (
    "document.querySelectorAll('img, iframe, object, embed, "
    "svg:not(.picture):not(.line-sample):not(.control-sample), "
    "svg image, svg foreignObject, svg script, svg a, svg use').length"
)

# Resolves once the picture's camera stands still (the SVG picture animates its moves). A promise, not
# wait_for_function: polling a predicate needs eval, which the page's CSP forbids.
SETTLE = """() => new Promise((resolve) => {
  const check = () => {
    const n = window.adflows && window.adflows.network;
    if (n && n.isMoving && n.isMoving()) requestAnimationFrame(check);
    else requestAnimationFrame(() => resolve(true));
  };
  check();
})"""
