"""One error envelope for the whole web app, locked (datasette's tests/test_error_shape.py is the model).

Every error status the app can send, on an API path and on a page path, must have exactly the fields
`ok`, `status`, `error`, `errors` (JSON) or show the same fields (HTML), carry the security headers, and
never contain traceback text. Adding a status or a field means changing this test on purpose.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import httpx2
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.web_client import local_client
from web.errors import ENVELOPE_KEYS
from web.security import SITE_CSP
from web.service import MAX_BODY

ROOT = Path(__file__).parent.parent
PROBLEM_KEYS = {"file", "line", "col", "message", "path", "hint"}
SECRET = "secret-detail-that-must-not-leak"
YAML = {"Content-Type": "text/yaml"}


def boom() -> None:
    raise RuntimeError(SECRET)


@pytest.fixture
def client(tmp_path: Path) -> TestClient:
    from web.app import create_app

    shutil.copy(ROOT / "tests" / "fixtures" / "tiny-store.yaml", tmp_path / "tiny-store.yaml")
    (tmp_path / "broken.yaml").write_text("format: adflows/1\nid: broken\ntitle: [unclosed\n")
    app: FastAPI = create_app(tmp_path)
    # Test-only routes that fail the way a bug would; production has none.
    app.add_api_route("/api/_boom", boom, include_in_schema=False)
    app.add_api_route("/_boom", boom, include_in_schema=False)
    return local_client(app)


def chunked_body() -> object:
    for _ in range(MAX_BODY // 65536 + 2):
        yield b"#" * 65536


Call = Callable[[TestClient], httpx2.Response]
CASES: list[tuple[str, int, Call]] = [
    ("api 404 unknown route", 404, lambda c: c.get("/api/nope")),
    ("api 404 unknown model", 404, lambda c: c.get("/api/models/nope/view")),
    ("page 404 unknown route", 404, lambda c: c.get("/nope")),
    ("page 404 unknown model", 404, lambda c: c.get("/models/nope")),
    ("page 404 static file", 404, lambda c: c.get("/static/nope.js")),
    ("api 405", 405, lambda c: c.delete("/api/models")),
    ("page 405", 405, lambda c: c.post("/", content=b"x")),
    ("api 413 declared", 413, lambda c: c.post("/api/view", content=b"#" * (MAX_BODY + 1), headers=YAML)),
    ("api 413 streamed", 413, lambda c: c.post("/api/view", content=chunked_body(), headers=YAML)),
    ("page 413 declared", 413, lambda c: c.post("/editor", content=b"#" * (MAX_BODY + 1))),
    ("api 415", 415, lambda c: c.post("/api/check", content=b"x", headers={"Content-Type": "text/html"})),
    ("api 422 model", 422, lambda c: c.post("/api/view", content=b"format: adflows/1\n", headers=YAML)),
    ("api 422 catalogue model", 422, lambda c: c.get("/api/models/broken/findings")),
    ("api 422 request", 422, lambda c: c.post("/api/validate?view=maybe", content=b"x", headers=YAML)),
    ("page 422 catalogue model", 422, lambda c: c.get("/models/broken")),
    ("api 500", 500, lambda c: c.get("/api/_boom")),
    ("page 500", 500, lambda c: c.get("/_boom")),
]


@pytest.mark.parametrize(("name", "status", "call"), CASES, ids=[c[0] for c in CASES])
def test_error_envelope(client: TestClient, name: str, status: int, call: Call) -> None:
    response = call(client)
    assert response.status_code == status
    assert response.headers["content-security-policy"] == SITE_CSP
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "Traceback" not in response.text and SECRET not in response.text
    if name.startswith("api"):
        assert response.headers["content-type"] == "application/json"
        body = response.json()
        assert tuple(body) == ENVELOPE_KEYS
        assert body["ok"] is False and body["status"] == status
        assert isinstance(body["error"], str) and body["error"]
        assert isinstance(body["errors"], list)
        for problem in body["errors"]:
            assert set(problem) == PROBLEM_KEYS
    else:
        assert response.headers["content-type"].startswith("text/html")
        assert f'data-status="{status}"' in response.text
        assert f"<h1>Error {status}</h1>" in response.text


def test_located_problems_are_shown_in_html_too(client: TestClient) -> None:
    api = client.get("/api/models/broken/view").json()
    page = client.get("/models/broken").text
    assert api["errors"]
    for problem in api["errors"]:
        assert f'data-line="{problem["line"]}" data-col="{problem["col"]}"' in page
        assert f"{problem['file']}:{problem['line']}:{problem['col']}:" in page


def test_405_keeps_its_allow_header(client: TestClient) -> None:
    assert client.delete("/api/models").headers["allow"] == "GET"
