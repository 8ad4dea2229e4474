"""Regressions found by fuzzing the API (tests/test_schemathesis.py), and the content-hash answer cache."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from flows.input.errors import ModelError
from tests.web_client import local_client
from web.app import create_app
from web.service import AnswerCache

ROOT = Path(__file__).parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "tiny-store.yaml"
YAML = {"Content-Type": "text/yaml"}


@pytest.fixture
def client(tmp_path: Path) -> TestClient:
    shutil.copy(FIXTURE, tmp_path / "tiny-store.yaml")
    return local_client(create_app(tmp_path))


def documented_types(client: TestClient, path: str, method: str, status: str) -> set[str]:
    spec = client.get("/api/openapi.json").json()
    return set(spec["paths"][path][method]["responses"][status]["content"])


def test_schema_route_documents_the_content_type_it_sends(client: TestClient) -> None:
    # schemathesis ST105: GET /api/schema sent application/schema+json, the spec said application/json.
    response = client.get("/api/schema")
    assert response.status_code == 200
    sent = response.headers["content-type"].split(";")[0]
    assert sent in documented_types(client, "/api/schema", "get", "200")


@pytest.mark.parametrize(
    ("path", "method"), [("/api/render", "post"), ("/api/models/{model_id}/source", "get")]
)
def test_other_non_json_routes_document_their_types(client: TestClient, path: str, method: str) -> None:
    assert "application/json" not in documented_types(client, path, method, "200")


@pytest.mark.parametrize("body", ["", "''\n", "{}\n", "[]\n", "- 1\n", "null\n", "\ufeff", "a: &x [*x]\n"])
def test_degenerate_bodies_are_a_located_422_on_every_post_route(client: TestClient, body: str) -> None:
    for route in ("/api/view", "/api/render", "/api/check"):
        response = client.post(route, content=body.encode("utf-8"), headers=YAML)
        assert response.status_code == 422, (route, body, response.text[:200])
        assert response.json()["ok"] is False
    response = client.post("/api/validate?view=true", content=body.encode("utf-8"), headers=YAML)
    assert response.status_code == 200 and response.json()["valid"] is False


def test_posting_a_catalogue_model_twice_is_answered_from_the_cache(client: TestClient) -> None:
    answers = client.app.state.answers  # type: ignore[attr-defined]
    body = FIXTURE.read_bytes()
    first = [client.post(route, content=body, headers=YAML) for route in ("/api/render", "/api/check")]
    assert len(answers) == 2
    second = [client.post(route, content=body, headers=YAML) for route in ("/api/render", "/api/check")]
    assert len(answers) == 2
    for a, b in zip(first, second, strict=True):
        assert a.status_code == b.status_code == 200
        assert a.content == b.content and a.headers["content-type"] == b.headers["content-type"]
    assert second[0].headers["content-disposition"] == 'attachment; filename="tiny-store.html"'
    # The file name is part of the key: the findings JSON names the file.
    named = client.post("/api/check?filename=mine.yaml", content=body, headers=YAML)
    assert named.json()["file"] == "mine.yaml" and len(answers) == 3


def test_uploaded_text_that_is_not_a_catalogue_model_is_never_kept(client: TestClient) -> None:
    answers = client.app.state.answers  # type: ignore[attr-defined]
    body = FIXTURE.read_bytes() + b"\n# my own edit\n"
    for route in ("/api/render", "/api/check"):
        assert client.post(route, content=body, headers=YAML).status_code == 200
    assert len(answers) == 0


def test_answer_cache_is_a_bounded_lru_that_stores_no_failures() -> None:
    bodies = [f"body {i}".encode() for i in range(5)]
    cache = AnswerCache(frozenset(hashlib.sha256(b).hexdigest() for b in bodies), maxsize=3)
    calls: list[int] = []

    def compute(i: int) -> int:
        calls.append(i)
        return i * 10

    for i in range(4):
        assert cache.get_or_compute("render", "m.yaml", bodies[i], lambda i=i: compute(i)) == i * 10
    assert len(cache) == 3  # body 0 was evicted
    assert cache.get_or_compute("render", "m.yaml", bodies[3], lambda: compute(99)) == 30
    assert cache.get_or_compute("check", "m.yaml", bodies[3], lambda: compute(3)) == 30  # route in key
    assert cache.get_or_compute("render", "m.yaml", bodies[0], lambda: compute(0)) == 0
    assert calls == [0, 1, 2, 3, 3, 0]

    def fail() -> int:
        raise ModelError([])

    with pytest.raises(ModelError):
        cache.get_or_compute("render", "m.yaml", bodies[4], fail)
    assert cache.get_or_compute("render", "m.yaml", bodies[4], lambda: compute(4)) == 40


def test_a_posted_file_path_is_read_as_yaml_text_never_as_a_path(client: TestClient, tmp_path: Path) -> None:
    """`load_model` reads a one-line string naming a file from disk; uploads must never reach that."""
    secret = tmp_path / "secret.yaml"
    secret.write_text("format: adflows/1\nid: secret-model\ntitle: SECRET-TITLE\nsummary: s\n")
    for route in ("/api/validate", "/api/view", "/api/check", "/api/render"):
        response = client.post(route, content=str(secret).encode(), headers={"content-type": "text/yaml"})
        assert "SECRET-TITLE" not in response.text, route
        assert "secret-model" not in response.text, route
