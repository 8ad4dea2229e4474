"""The first web app over HTTP: gallery, model pages with their CSP, JSON twins, errors never 500."""

import html
import shutil
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from web.app import create_app

ROOT = Path(__file__).parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "tiny-store.yaml"


@pytest.fixture
def client(tmp_path: Path) -> TestClient:
    shutil.copy(FIXTURE, tmp_path / "tiny-store.yaml")
    (tmp_path / "broken.yaml").write_text("format: adflows/1\nid: broken\ntitle: [unclosed\n")
    (tmp_path / "Not An Id.yaml").write_text("ignored: true\n")
    return TestClient(create_app(tmp_path), raise_server_exceptions=False)


def test_gallery_lists_models_and_broken_ones_with_their_errors(client: TestClient) -> None:
    response = client.get("/")
    assert response.status_code == 200
    assert "Tiny store (test fixture)" in response.text
    assert "/models/tiny-store" in response.text
    assert "broken.yaml:4:1: error: YAML syntax" in response.text
    assert "starts at line 3, column 8" in response.text
    assert "Not An Id" not in response.text
    assert "default-src 'none'" in response.headers["content-security-policy"]


def test_model_page_is_the_rendered_file_with_its_csp_header(client: TestClient) -> None:
    response = client.get("/models/tiny-store")
    assert response.status_code == 200
    csp = response.headers["content-security-policy"]
    assert "script-src 'sha256-" in csp
    assert csp in html.unescape(response.text)  # the same policy is in the page's meta tag


def test_unknown_and_traversal_ids_are_404_not_500(client: TestClient) -> None:
    for path in [
        "/models/nope",
        "/models/..%2F..%2Fetc%2Fpasswd",
        "/models/%00",
        "/api/models/x/view",
    ]:
        response = client.get(path)
        assert response.status_code == 404, path


def test_broken_model_page_is_422_with_the_error_envelope(client: TestClient) -> None:
    page = client.get("/models/broken")
    assert page.status_code == 422
    assert 'data-status="422"' in page.text
    api = client.get("/api/models/broken/view")
    assert api.status_code == 422
    assert api.json() == {"ok": False, "status": 422, "error": "this model has errors"}


def test_api_lists_models_and_serves_view_json(client: TestClient) -> None:
    listing = client.get("/api/models").json()
    assert [m["id"] for m in listing] == ["broken", "tiny-store"]
    assert listing[1]["flows"] == 6
    view = client.get("/api/models/tiny-store/view").json()
    assert {n["id"] for n in view["nodes"]} >= {"phone", "sensor", "ad"}


def test_static_assets_are_served_by_us(client: TestClient) -> None:
    css = client.get("/static/site.css")
    assert css.status_code == 200
    assert "http" not in css.text
