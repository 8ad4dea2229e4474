"""The server answers only to the hosts it was started for, and refuses cross-site writes (issue 15, 4).

Before the fix `Host: evil.example` got 200 on every route (a DNS-rebinding page could read the
models' source), `/static` redirected to `http://evil.example/static/`, and a cross-site `text/plain`
POST (a CORS simple request, no preflight) was computed.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from tests.web_client import local_client
from web.app import create_app
from web.hosts import AllowedHosts, host_name

ROOT = Path(__file__).parent.parent
TINY = ROOT / "tests" / "fixtures" / "tiny-store.yaml"
YAML = {"Content-Type": "text/yaml"}
ROUTES = (
    "/",
    "/models/tiny-store",
    "/editor",
    "/api/models",
    "/api/models/tiny-store/source",
    "/static/site.css",
)


@pytest.fixture
def client(tmp_path: Path) -> TestClient:
    shutil.copy(TINY, tmp_path / "tiny-store.yaml")
    return local_client(create_app(tmp_path))


@pytest.mark.parametrize("route", [*ROUTES, "/static"])
@pytest.mark.parametrize(
    "host", ["evil.example", "evil.example:8000", "127.0.0.1.evil.example", "localhost.:80@x"]
)
def test_other_hosts_are_refused_on_every_route(client: TestClient, route: str, host: str) -> None:
    response = client.get(route, headers={"Host": host}, follow_redirects=False)
    assert response.status_code == 400
    assert "does not answer to the host" in response.text
    assert "location" not in response.headers
    assert "content-security-policy" in response.headers  # refused inside the guard: headers still set
    assert "tiny-store" not in response.text.replace("/models/tiny-store", "")


@pytest.mark.parametrize("host", ["127.0.0.1:8000", "localhost:8000", "LOCALHOST", "[::1]:8000", "127.0.0.1"])
def test_loopback_hosts_are_answered(client: TestClient, host: str) -> None:
    for route in ROUTES:
        assert client.get(route, headers={"Host": host}).status_code == 200, (route, host)


def test_static_redirect_stays_on_this_host(client: TestClient) -> None:
    response = client.get("/static", follow_redirects=False)
    assert response.status_code in (307, 404)
    assert "evil" not in response.headers.get("location", "")


def test_allowed_hosts_for_a_bind_address() -> None:
    local = AllowedHosts.for_bind("127.0.0.1")
    assert local.admits("localhost") and local.admits("::1") and not local.admits("10.0.0.5")
    lan = AllowedHosts.for_bind("192.168.1.20", ["adflows.school.lan."])
    assert lan.admits("192.168.1.20") and lan.admits("adflows.school.lan") and not lan.admits("192.168.1.21")
    everywhere = AllowedHosts.for_bind("0.0.0.0")
    assert everywhere.admits("192.168.1.21") and everywhere.admits("fe80::1")
    assert not everywhere.admits("evil.example")  # a name can be rebound; an address cannot
    assert host_name("[::1]:8000") == "::1"
    assert host_name("Example.ORG.:80") == "example.org"
    assert host_name("a b") is None and host_name("::1") is None and host_name("[::1") is None


@pytest.mark.parametrize(
    "content_type", ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data"]
)
def test_cross_site_simple_posts_are_refused(client: TestClient, content_type: str) -> None:
    for route in ("/api/validate", "/api/check", "/api/render", "/api/view"):
        response = client.post(route, content=TINY.read_bytes(), headers={"Content-Type": content_type})
        assert response.status_code == 415, (route, content_type)


def test_json_bodies_are_accepted(client: TestClient) -> None:
    body = b'{"format": "adflows/1", "id": "j", "title": "J", "summary": "s"}'
    response = client.post("/api/validate", content=body, headers={"Content-Type": "application/json"})
    assert response.status_code == 200
    assert response.json()["valid"] is True


@pytest.mark.parametrize(
    "headers",
    [
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "same-site"},
        {"Origin": "http://evil.example"},
        {"Origin": "null"},
        {"Origin": "http://127.0.0.1:9999"},
    ],
)
def test_browser_writes_from_other_sites_are_refused(client: TestClient, headers: dict[str, str]) -> None:
    response = client.post("/api/check", content=TINY.read_bytes(), headers={**YAML, **headers})
    assert response.status_code == 403
    assert response.json()["error"].startswith("a page from another site cannot")


def test_writes_from_our_own_pages_and_from_scripts_are_answered(client: TestClient) -> None:
    own = {"Sec-Fetch-Site": "same-origin", "Origin": "http://127.0.0.1:8000"}
    assert client.post("/api/check", content=TINY.read_bytes(), headers={**YAML, **own}).status_code == 200
    assert client.post("/api/check", content=TINY.read_bytes(), headers=YAML).status_code == 200  # curl


def test_a_form_post_from_our_own_page_with_origin_null_is_answered(client: TestClient) -> None:
    """Chromium sends `Origin: null` with a same-origin form POST under `Referrer-Policy: no-referrer`."""
    own_form = {"Sec-Fetch-Site": "same-origin", "Origin": "null"}
    response = client.post("/api/check", content=TINY.read_bytes(), headers={**YAML, **own_form})
    assert response.status_code == 200
    forged = {"Sec-Fetch-Site": "cross-site", "Origin": "http://127.0.0.1:8000"}
    assert client.post("/api/check", content=TINY.read_bytes(), headers={**YAML, **forged}).status_code == 403


def test_serve_says_which_hosts_it_answers_to(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import uvicorn

    from flows.cli import app

    seen: dict[str, object] = {}
    monkeypatch.setattr(uvicorn, "run", lambda application, **kwargs: seen.update(app=application, **kwargs))
    result = CliRunner().invoke(
        app, ["serve", "--models", str(tmp_path), "--host", "192.168.1.20", "--allow-host", "adflows.lan"]
    )
    assert result.exit_code == 0, result.output
    assert "answering to the hosts 127.0.0.1, 192.168.1.20, ::1, adflows.lan, localhost" in result.stderr
    served = TestClient(seen["app"], base_url="http://adflows.lan:8000")  # type: ignore[arg-type]
    assert served.get("/api/models").status_code == 200
    assert TestClient(seen["app"]).get("/api/models").status_code == 400  # 'testserver'  # type: ignore[arg-type]
