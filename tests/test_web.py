"""The web app over HTTP: gallery, model pages with their CSP, the JSON API, limits, never a 500."""

import html
import shutil
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.web_client import local_client
from web.app import create_app

ROOT = Path(__file__).parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "tiny-store.yaml"


@pytest.fixture
def client(tmp_path: Path) -> TestClient:
    shutil.copy(FIXTURE, tmp_path / "tiny-store.yaml")
    (tmp_path / "broken.yaml").write_text("format: adflows/1\nid: broken\ntitle: [unclosed\n")
    (tmp_path / "Not An Id.yaml").write_text("ignored: true\n")
    return local_client(create_app(tmp_path))


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
    body = api.json()
    assert {k: body[k] for k in ("ok", "status", "error")} == {
        "ok": False,
        "status": 422,
        "error": "this model has errors",
    }
    assert [(e["line"], e["col"]) for e in body["errors"]] == [(4, 1)]  # located, as in the gallery


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


# --- issue 4: the JSON API, its twins, limits and security ---------------------------------------

import json  # noqa: E402
import re  # noqa: E402

from typer.testing import CliRunner  # noqa: E402

from flows.analysis import analyse  # noqa: E402
from flows.cli import app as cli_app  # noqa: E402
from flows.load import load_model  # noqa: E402
from flows.report import render_json, summary_counts  # noqa: E402
from flows.schema import schema_text  # noqa: E402
from tests.hostile import hostile_model_text  # noqa: E402
from web.security import SITE_CSP  # noqa: E402
from web.service import MAX_BODY  # noqa: E402

TINY = FIXTURE.read_bytes()
YAML = {"Content-Type": "text/yaml; charset=utf-8"}
BROKEN = sorted((ROOT / "tests" / "fixtures" / "broken").glob("*.yaml"))
VIEW_BLOCK = re.compile(r'<script type="application/json" id="adflows-view">(.*?)</script>', re.S)


def post(client: TestClient, path: str, body: bytes, **params: str) -> object:
    return client.post(path, content=body, headers=YAML, params=params)


def test_gallery_cards_show_counts_and_findings_by_severity(client: TestClient) -> None:
    card = client.get("/api/models").json()[1]
    expected = summary_counts(analyse(load_model(FIXTURE)).findings)
    assert card["findings"] == expected
    assert (card["parties"], card["flows"]) == (3, 6)
    page = client.get("/").text
    for severity, count in expected.items():
        assert f'data-severity="{severity}">{count} {severity}</span>' in page
    assert 'href="/editor?model=tiny-store"' in page


def test_model_summary_is_the_card(client: TestClient) -> None:
    summary = client.get("/api/models/tiny-store").json()
    assert summary == client.get("/api/models").json()[1]
    assert summary["links"]["view"] == "/api/models/tiny-store/view"


def test_view_json_is_exactly_the_data_in_the_page(client: TestClient) -> None:
    page = client.get("/models/tiny-store")
    assert page.headers["link"] == '</api/models/tiny-store/view>; rel="alternate"; type="application/json"'
    match = VIEW_BLOCK.search(page.text)
    assert match is not None
    view = client.get("/api/models/tiny-store/view").json()
    assert json.loads(match.group(1)) == view
    assert {"findings", "journeys", "knowledge"} <= set(view)  # the page view carries the analysis


def test_findings_are_what_the_cli_check_prints(client: TestClient, tmp_path: Path) -> None:
    served = client.get("/api/models/tiny-store/findings")
    assert served.headers["content-type"].startswith("application/json")
    # What `adflows check --format json tiny-store.yaml` prints when run in the models folder: the
    # file is named relative to that folder, never by the server's absolute path (issue 15, item 6).
    model = load_model(tmp_path / "tiny-store.yaml", filename="tiny-store.yaml")
    assert served.text == render_json(model, analyse(model).findings)
    assert str(tmp_path) not in served.text


def test_post_check_and_validate_match_the_cli(
    client: TestClient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    checked = runner.invoke(cli_app, ["check", "tiny-store.yaml", "--format", "json"])
    posted = post(client, "/api/check", TINY, filename="tiny-store.yaml")
    assert posted.status_code == 200
    assert posted.text == checked.stdout
    (tmp_path / "bad.yaml").write_bytes((ROOT / "tests/fixtures/broken/several_problems.yaml").read_bytes())
    validated = runner.invoke(cli_app, ["validate", "bad.yaml", "--format", "json"])
    cli_entry = json.loads(validated.stdout)["files"][0]
    api_entry = post(client, "/api/validate", (tmp_path / "bad.yaml").read_bytes(), filename="bad.yaml")
    assert api_entry.status_code == 200  # an invalid model is a successful validation
    assert api_entry.json() == cli_entry


def test_validate_with_view_gives_the_editor_everything(client: TestClient) -> None:
    ok = post(client, "/api/validate", TINY, view="true").json()
    assert ok["valid"] is True and ok["errors"] == []
    assert ok["view"] == post(client, "/api/view", TINY).json()
    assert "view" not in post(client, "/api/validate", TINY).json()
    bad = post(client, "/api/validate", b"format: adflows/1\nid: [\n", view="true").json()
    assert bad["valid"] is False and "view" not in bad
    assert bad["errors"][0]["file"] == "model.yaml"


def test_post_view_answers_422_with_located_errors(client: TestClient) -> None:
    text = TINY.replace(b"target: sensor,", b"target: sensr,")
    response = post(client, "/api/view", text)
    assert response.status_code == 422
    body = response.json()
    line = next(i for i, row in enumerate(text.decode().splitlines(), 1) if "sensr" in row)
    assert any(e["line"] == line and "sensr" in e["message"] for e in body["errors"])
    assert "did you mean 'sensor'" in json.dumps(body)


def test_post_render_is_the_single_file_page_as_a_download(client: TestClient) -> None:
    response = post(client, "/api/render", TINY)
    assert response.status_code == 200
    assert response.headers["content-disposition"] == 'attachment; filename="tiny-store.html"'
    csp = response.headers["content-security-policy"]
    assert "script-src 'sha256-" in csp and csp in html.unescape(response.text)
    view = json.loads(VIEW_BLOCK.search(response.text).group(1))  # type: ignore[union-attr]
    assert view == post(client, "/api/view", TINY).json()


def test_schema_is_the_cli_schema(client: TestClient) -> None:
    assert client.get("/api/schema").text == schema_text()


def test_source_serves_the_yaml_for_the_editor(client: TestClient) -> None:
    response = client.get("/api/models/tiny-store/source")
    assert response.content == TINY
    assert response.headers["content-type"].startswith("text/yaml")
    editor = client.get("/editor?model=tiny-store")
    assert "Tiny store (test fixture)" in editor.text
    assert client.get("/editor?model=..%2Fetc").status_code == 404


def test_openapi_lists_every_api_route(client: TestClient) -> None:
    paths = client.get("/api/openapi.json").json()["paths"]
    assert set(paths) == {
        "/api/models",
        "/api/models/{model_id}",
        "/api/models/{model_id}/view",
        "/api/models/{model_id}/findings",
        "/api/models/{model_id}/source",
        "/api/validate",
        "/api/view",
        "/api/render",
        "/api/check",
        "/api/schema",
    }
    assert "text/yaml" in paths["/api/view"]["post"]["requestBody"]["content"]
    docs = client.get("/api/docs")
    assert docs.status_code == 200 and "/api/models/{model_id}/findings" in docs.text


@pytest.mark.parametrize("path", BROKEN, ids=lambda p: p.name)
def test_hostile_and_broken_uploads_are_4xx_with_located_errors(client: TestClient, path: Path) -> None:
    for route in ("/api/view", "/api/render", "/api/check"):
        response = post(client, route, path.read_bytes())
        assert response.status_code == 422, (route, response.text[:300])
        errors = response.json()["errors"]
        assert errors and all(e["line"] >= 1 and e["col"] >= 1 for e in errors)
        assert "Traceback" not in response.text


def test_script_payloads_stay_inert_in_the_rendered_download(client: TestClient) -> None:
    text = hostile_model_text(FIXTURE.read_text(encoding="utf-8")).encode()
    page = post(client, "/api/render", text).text
    assert "<script>document.body" not in page and "<img src=x" not in page and "<svg onload" not in page


def test_deep_nesting_and_alias_bombs_hit_the_upload_limits(client: TestClient) -> None:
    deep = b"format: adflows/1\nx: " + b"[" * 100 + b"]" * 100 + b"\n"
    bomb = b"a: &a [x, x, x, x, x, x, x, x, x, x]\n" + b"".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\n".encode() for i in range(6)
    )
    for body, words in ((deep, "deeper than 40"), (bomb, "alias")):
        response = post(client, "/api/view", body)
        assert response.status_code == 422
        assert words in response.json()["errors"][0]["message"]


def test_body_limit_counts_declared_and_streamed_bytes(client: TestClient) -> None:
    big = b"#" * (MAX_BODY + 1)
    declared = client.post("/api/view", content=big, headers=YAML)
    assert declared.status_code == 413

    def chunks() -> object:
        for _ in range(MAX_BODY // 65536 + 2):
            yield b"#" * 65536

    streamed = client.post("/api/validate", content=chunks(), headers=YAML)  # chunked: no Content-Length
    assert streamed.status_code == 413
    assert streamed.json()["error"].startswith("the request body is larger than")


def test_wrong_content_type_is_415(client: TestClient) -> None:
    response = client.post("/api/view", content=TINY, headers={"Content-Type": "text/html"})
    assert response.status_code == 415
    assert "text/yaml" in response.json()["error"]


def test_model_ids_never_reach_the_file_system(client: TestClient) -> None:
    for model_id in ("..%2F..%2Fetc%2Fpasswd", "%2e%2e", "tiny-store.yaml", "TINY-STORE", "%00"):
        for suffix in ("", "/view", "/findings", "/source"):
            assert client.get(f"/api/models/{model_id}{suffix}").status_code == 404, (model_id, suffix)
    assert client.get("/static/../app.py").status_code == 404
    assert client.get("/static/%2e%2e/app.py").status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/editor",
        "/api/docs",
        "/api/models",
        "/api/openapi.json",
        "/static/site.css",
        "/static/editor.js",
        "/static/vis-network.min.js",
        "/static/vendor/codemirror5/codemirror.js",
        "/favicon.ico",
        "/nope",
        "/api/nope",
    ],
)
def test_every_response_has_the_site_csp_and_headers(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.headers["content-security-policy"] == SITE_CSP
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["referrer-policy"] == "no-referrer"


@pytest.mark.parametrize("path", ["/", "/editor", "/editor?model=tiny-store", "/api/docs", "/story", "/nope"])
def test_app_pages_have_no_inline_code_and_no_third_party_host(client: TestClient, path: str) -> None:
    text = client.get(path).text
    assert not re.search(r"<script(?![^>]*\bsrc=\"/static/)", text), "inline or foreign script"
    assert not re.search(r"\sstyle=|\son[a-z]+=", text, re.I), "inline style or event handler"
    assert not re.search(r"<style", text, re.I)
    for attr in re.findall(r'\b(?:src|href)="([^"]*)"', text):
        assert attr.startswith(("/", "#")), attr


def test_editor_scripts_are_ours_and_vendored(client: TestClient) -> None:
    text = client.get("/editor").text
    scripts = re.findall(r'<script src="([^"]+)"', text)
    assert scripts == [
        "/static/vendor/codemirror5/codemirror.js",
        "/static/vendor/codemirror5/yaml.js",
        "/static/vis-network.min.js",
        "/static/graph.js",
        "/static/picture.js",
        "/static/share-link.js",
        "/static/editor.js",
    ]
    for src in scripts:
        body = client.get(src).text
        assert "sourceMappingURL" not in body
    # The editor draws with the page's own rules: the served file is the one the page inlines.
    assert client.get("/static/graph.js").text in client.get("/models/tiny-store").text
    assert client.get("/static/picture.js").text in client.get("/models/tiny-store").text
    readme = (ROOT / "web/static/vendor/codemirror5/README.md").read_text()
    assert "5.65.21" in readme and (ROOT / "web/static/vendor/codemirror5/LICENSE").is_file()


def test_served_vis_network_is_the_file_the_page_inlines(client: TestClient) -> None:
    served = client.get("/static/vis-network.min.js").text
    page = client.get("/models/tiny-store").text
    assert len(served) > 100_000 and served in page


def test_starter_model_in_the_editor_is_valid(client: TestClient) -> None:
    text = client.get("/editor").text
    match = re.search(r"<textarea[^>]*>(.*?)</textarea>", text, re.S)
    assert match is not None
    yaml_text = html.unescape(match.group(1))
    assert post(client, "/api/validate", yaml_text.encode()).json()["valid"] is True


def test_model_page_is_the_file_adflows_render_writes(
    client: TestClient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Run in the models folder: the server names files relative to it (no server paths in answers)."""
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "out.html"
    result = CliRunner().invoke(cli_app, ["render", "tiny-store.yaml", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert client.get("/models/tiny-store").text == out.read_text(encoding="utf-8")
