"""`/story`: the page that opens a story link, and the form POST that answers with the story page."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlencode

import pytest
from fastapi.testclient import TestClient

from tests.hostile import PAYLOADS
from tests.web_client import local_client
from web.app import create_app
from web.story_page import StoryFormError, yaml_from_form

ROOT = Path(__file__).parent.parent
TINY = ROOT / "tests" / "fixtures" / "tiny-store.yaml"
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
OWN_PAGE = {**FORM, "Sec-Fetch-Site": "same-origin", "Origin": "null"}  # what Chromium sends


@pytest.fixture(scope="module")
def client() -> TestClient:
    return local_client(create_app(ROOT / "models"))


def form(text: str) -> bytes:
    return urlencode({"yaml": text}).encode("ascii")


def test_the_opener_page_carries_no_model_and_loads_only_our_scripts(client: TestClient) -> None:
    response = client.get("/story")
    assert response.status_code == 200
    assert "Opening the story" in response.text
    assert '<script src="/static/share-link.js">' in response.text
    assert response.headers["cache-control"] == "no-store"


def test_a_posted_model_answers_with_its_story_page(client: TestClient) -> None:
    response = client.post("/story", content=form(TINY.read_text(encoding="utf-8")), headers=OWN_PAGE)
    assert response.status_code == 200
    assert response.headers["cache-control"] == "no-store"
    assert "script-src 'sha256-" in response.headers["content-security-policy"]
    assert '"id":"tiny-store"' in response.text


def test_a_broken_model_is_answered_with_its_problems_escaped(client: TestClient) -> None:
    text = TINY.read_text(encoding="utf-8") + f"\nnot_a_key: {PAYLOADS[0]!r}\n"
    response = client.post("/story", content=form(text), headers=OWN_PAGE)
    assert response.status_code == 200
    assert "has problems" in response.text
    assert "shared-model.yaml:" in response.text
    assert "<img src=x" not in response.text


@pytest.mark.parametrize(
    ("body", "headers", "status"),
    [
        (b"yaml=a", {"Content-Type": "text/plain"}, 415),
        (b"yaml=a", {"Content-Type": "multipart/form-data; boundary=x"}, 415),
        (b"yaml=a", {**FORM, "Sec-Fetch-Site": "cross-site"}, 403),
        (b"yaml=a", {**FORM, "Origin": "http://evil.example"}, 403),
        (b"other=a", FORM, 400),
        (b"yaml=a&yaml=b", FORM, 400),
        ("yaml=é".encode(), FORM, 400),
        (b"yaml=%ff%fe", FORM, 400),
    ],
)
def test_bad_forms_are_refused_without_a_500(
    client: TestClient, body: bytes, headers: dict[str, str], status: int
) -> None:
    response = client.post("/story", content=body, headers=headers)
    assert response.status_code == status


def test_an_oversize_form_is_refused_before_it_is_read(client: TestClient) -> None:
    response = client.post("/story", content=b"yaml=" + b"a" * (5 * 1024 * 1024), headers=FORM)
    assert response.status_code == 413


def test_a_model_over_the_loader_limit_is_a_located_problem(client: TestClient) -> None:
    response = client.post("/story", content=form("# " + "x" * (1024 * 1024 + 10)), headers=FORM)
    assert response.status_code == 200
    assert "has problems" in response.text


def test_yaml_from_form_reads_exactly_one_field() -> None:
    assert yaml_from_form(form("a: é\n")) == "a: é\n".encode()
    with pytest.raises(StoryFormError):
        yaml_from_form(b"a=1&b=2&c=3&d=4&e=5&yaml=x")
