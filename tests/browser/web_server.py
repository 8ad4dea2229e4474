"""A real adflows server for browser tests: uvicorn on 127.0.0.1, a free port, a temp copy of models/.

Import the `web_server` fixture (and `guarded_page` for fresh browser contexts) from a test module:
`from tests.browser.web_server import web_server  # noqa: F401`. The server runs in a thread, starts
within a bounded wait, and stops at the end of the session.
"""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
import uvicorn
from playwright.sync_api import Browser, Page

from tests.browser.conftest import Guard
from web.app import create_app

ROOT = Path(__file__).resolve().parents[2]
STARTUP_SECONDS = 15.0


@dataclass(frozen=True)
class WebServer:
    url: str
    models: Path


@pytest.fixture(scope="session")
def web_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebServer]:
    models = tmp_path_factory.mktemp("models")
    for path in sorted((ROOT / "models").glob("*.yaml")):
        shutil.copy(path, models / path.name)
    with running_server(models) as server:
        yield server


@contextmanager
def running_server(models: Path) -> Iterator[WebServer]:
    """Serve `models` on 127.0.0.1 (a free port) until the block ends; for fixtures of any scope."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(
        create_app(models), log_level="warning", access_log=False, lifespan="off", ws="none"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + STARTUP_SECONDS
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            pytest.fail(f"the adflows server did not start within {STARTUP_SECONDS} s")
        time.sleep(0.05)
    try:
        yield WebServer(f"http://127.0.0.1:{port}", models)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


@contextmanager
def guarded_context_page(browser: Browser) -> Iterator[Page]:
    """A page in a brand-new browser context (no shared storage), with the same guard as `page`."""
    guard = Guard()
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    guard.attach(page)
    try:
        yield page
    finally:
        context.close()
    problems = guard.problems()
    if problems:
        pytest.fail("page misbehaved:\n" + "\n".join(problems))


@pytest.fixture
def fresh_page(browser: Browser) -> Callable[[], object]:
    """`with fresh_page() as page:` opens a page in a new context, guarded like the `page` fixture."""
    return lambda: guarded_context_page(browser)
