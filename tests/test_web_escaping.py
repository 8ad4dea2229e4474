"""Every web template escapes what it shows: the 404 page, gallery cards and the editor (issue 15, 1).

Before the fix Starlette's `select_autoescape()` skipped our `*.html.j2` templates, so a `<meta>`
refresh in a URL, a model title or a broken model's unknown key went into the page as markup, and
`</textarea>` in a model's YAML ended the editor's textarea. The browser half of these checks is in
`tests/browser/test_web_escaping.py`.
"""

from __future__ import annotations

import html
from pathlib import Path
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from markupsafe import escape

from tests.hostile_site import BOLD, HOSTILE_TITLE, META, TEXTAREA_END, write_hostile_models
from tests.web_client import local_client
from web.app import create_app
from web.errors import TEMPLATES

WEB_TEMPLATES = Path(__file__).parent.parent / "web" / "templates"


@pytest.fixture
def client(tmp_path: Path) -> TestClient:
    write_hostile_models(tmp_path)
    return local_client(create_app(tmp_path))


def assert_shown_as_text(page: str, payload: str) -> None:
    assert payload not in page
    assert str(escape(payload)) in page


def test_every_web_template_is_autoescaped() -> None:
    """A new page added later is escaped too, whatever its file name."""
    names = sorted(p.name for p in WEB_TEMPLATES.glob("*.j2"))
    assert names
    autoescape = TEMPLATES.env.autoescape
    for name in names:
        assert autoescape is True or autoescape(name), name
    assert TEMPLATES.env.from_string("{{ text }}").render(text=BOLD) == html.escape(BOLD)


@pytest.mark.parametrize("payload", [BOLD, META, TEXTAREA_END])
@pytest.mark.parametrize("where", ["/{}", "/models/{}", "/editor?model={}", "/api-not/{}"])
def test_reflected_text_in_error_pages_is_escaped(client: TestClient, payload: str, where: str) -> None:
    response = client.get(where.format(quote(payload, safe="")))
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert_shown_as_text(response.text, payload)


def test_gallery_escapes_a_valid_models_title(client: TestClient) -> None:
    page = client.get("/").text
    card = page[page.index('data-model="hostile"') :]
    card = card[: card.index("</li>")]
    assert_shown_as_text(card, HOSTILE_TITLE)


def test_gallery_escapes_a_broken_models_unknown_key(client: TestClient) -> None:
    page = client.get("/").text
    card = page[page.index('data-model="broken-hostile"') :]
    card = card[: card.index("</li>")]
    assert "unknown key" in card
    assert_shown_as_text(card, META)


def test_editor_keeps_textarea_end_inside_the_textarea(client: TestClient) -> None:
    page = client.get("/editor?model=hostile").text
    assert page.count("</textarea>") == 1  # only the template's own
    assert str(escape(TEXTAREA_END)) in page
    assert META not in page
