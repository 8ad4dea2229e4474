"""`/import/meta`: a person drops their own Meta export and gets their page; nothing kept, never a 500."""

from __future__ import annotations

import io
import tempfile
import zipfile
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import flows
from web.app import create_app
from web.import_page import IMPORT_MAX_BODY

FIXTURES = Path(__file__).parent / "fixtures" / "meta-dyi"
ZIP_BYTES = (FIXTURES / "facebook-example.zip").read_bytes()
ADVERTISERS = "advertisers_using_your_activity_or_information.json"
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app(ROOT / "models"), raise_server_exceptions=False, base_url="http://127.0.0.1")


def upload(client: TestClient, *files: tuple[str, bytes], query: str = ""):  # type: ignore[no-untyped-def]
    parts = [("export", (name, data, "application/octet-stream")) for name, data in files]
    return client.post("/import/meta" + query, files=parts)


def test_the_page_says_the_export_is_kept_nowhere(client: TestClient) -> None:
    response = client.get("/import/meta")
    assert response.status_code == 200 and response.headers["cache-control"] == "no-store"
    assert "Nothing is saved on disk" in response.text and 'enctype="multipart/form-data"' in response.text
    assert 'href="/import/meta"' in client.get("/").text  # reachable from every page's navigation


def test_an_export_zip_gives_the_persons_page_with_its_own_policy(client: TestClient) -> None:
    response = upload(client, ("facebook-example.zip", ZIP_BYTES))
    assert response.status_code == 200, response.text[:500]
    assert response.headers["cache-control"] == "no-store"
    assert response.headers["content-security-policy"].startswith("default-src 'none'")
    assert "business-northgate-outlet-mall-stores" in response.text and "Your store visits" in response.text


def test_the_model_can_be_downloaded_as_yaml(client: TestClient) -> None:
    response = upload(client, ("facebook-example.zip", ZIP_BYTES), query="?as=yaml")
    assert response.status_code == 200
    assert response.headers["content-disposition"] == 'attachment; filename="my-meta-export.yaml"'
    model = flows.load_model(response.text)
    assert "Café Lumière" in {p.name for p in model.parties}


def test_json_files_and_instagram_together(client: TestClient) -> None:
    facebook = (FIXTURES / "facebook-example" / "ads_information" / ADVERTISERS).read_bytes()
    instagram = next((FIXTURES / "instagram-example").rglob(ADVERTISERS)).read_bytes()
    response = upload(client, (ADVERTISERS, facebook), (ADVERTISERS, instagram), query="?as=yaml")
    assert response.status_code == 200
    sources = {s.id for s in flows.load_model(response.text).sources}
    assert {"facebook-export", "instagram-export"} <= sources


@pytest.mark.parametrize(
    ("files", "status", "expected"),
    [
        ([("broken.zip", ZIP_BYTES[:300])], 200, "broken.zip"),
        ([("x.json", b'{"<script>alert(1)</script>": 1}')], 200, "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ([("<img src=x onerror=alert(1)>.json", b"[1")], 200, "&lt;img src=x onerror=alert(1)&gt;.json"),
        ([("export.html", b"<html><body>x</body></html>")], 200, "HTML version"),
        ([], 200, "choose your export first"),
    ],
)
def test_what_cannot_be_read_is_said_on_the_form_escaped(
    client: TestClient, files: list[tuple[str, bytes]], status: int, expected: str
) -> None:
    response = upload(client, *files) if files else client.post("/import/meta", files={"other": ("", b"")})
    assert response.status_code == status and expected in response.text
    assert "could not be read" in response.text or "choose your export" in response.text
    assert "<script>alert" not in response.text and "<img src=x" not in response.text


def test_a_body_that_is_not_a_form_is_refused_politely(client: TestClient) -> None:
    response = client.post("/import/meta", content=b"{}", headers={"content-type": "application/json"})
    assert response.status_code == 400 and "multipart/form-data" in response.text


def test_the_upload_has_its_own_body_limit_and_other_routes_keep_theirs(client: TestClient) -> None:
    big = {"content-type": "multipart/form-data; boundary=x", "content-length": str(IMPORT_MAX_BODY + 1)}
    assert client.post("/import/meta", content=b"", headers=big).status_code == 413
    two_mb = b"a: " + b"x" * (2 * 1024 * 1024)
    assert (
        client.post("/api/validate", content=two_mb, headers={"content-type": "text/yaml"}).status_code == 413
    )
    response = upload(client, ("pad.zip", ZIP_BYTES), ("padding.bin", b"\0" * (2 * 1024 * 1024)))
    assert response.status_code == 200 and "padding.bin" in response.text  # accepted, then read


def test_the_upload_never_touches_the_disk(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("an upload was written to a temporary file")

    for name in ("SpooledTemporaryFile", "TemporaryFile", "NamedTemporaryFile", "mkstemp"):
        monkeypatch.setattr(tempfile, name, refuse)
    big_zip = io.BytesIO()
    with zipfile.ZipFile(big_zip, "w") as archive:  # stored, not deflated: over 1 MB on the wire
        with zipfile.ZipFile(io.BytesIO(ZIP_BYTES)) as example:
            for info in example.infolist():
                archive.writestr(info.filename, example.read(info))
        archive.writestr("x/photos/big.jpg", b"\xff" * (3 * 1024 * 1024))
    response = upload(client, ("export.zip", big_zip.getvalue()))
    assert response.status_code == 200
    assert len(client.app.state.answers) == 0  # type: ignore[attr-defined]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    cut=st.integers(min_value=0, max_value=len(ZIP_BYTES)),
    flip=st.integers(min_value=0, max_value=len(ZIP_BYTES) - 1),
)
def test_damaged_zips_never_give_a_500(client: TestClient, cut: int, flip: int) -> None:
    damaged = bytearray(ZIP_BYTES)
    damaged[flip] ^= 0x5A
    response = upload(client, ("damaged.zip", bytes(damaged[: max(cut, 1)])))
    assert response.status_code == 200, response.text[:300]
    assert "could not be read" in response.text or "Your store visits" in response.text
