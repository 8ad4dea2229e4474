"""Markup in a URL, a model title, a broken model's key or a model's YAML stays text in a real browser.

Issue 15, item 1: the CSP stops scripts but not `<meta http-equiv=refresh>`, so before the fix each of
these pages navigated away to http://127.0.0.1:9/x as soon as it loaded, and `</textarea>` in a YAML
comment ended the editor's text early. Each test loads the page, waits for it to settle, and checks
that the browser is still on it, that the payload is shown as text, and that no `<meta>` or `<b>`
element came from model text.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from playwright.sync_api import Browser, Page

from tests.browser.conftest import Guard
from tests.browser.web_server import WebServer, running_server
from tests.hostile_site import BOLD, HOSTILE_TITLE, META, TEXTAREA_END, write_hostile_models

pytestmark = pytest.mark.browser

# Long enough for a 0-second refresh to start (it begins right after the page is parsed).
SETTLE_MS = 1500
REFRESHES = "() => document.querySelectorAll('meta[http-equiv]').length"
BOLD_ELEMENTS = "() => [...document.querySelectorAll('main b')].map(b => b.textContent)"


@pytest.fixture
def error_page(browser: Browser) -> Iterator[Page]:
    """The guarded `page`, except that the 404 these pages answer with is expected in the console."""
    guard = Guard()
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    guard.attach(page)
    yield page
    context.close()
    problems = [p for p in guard.problems() if "responded with a status of 404" not in p]
    if problems:
        pytest.fail("page misbehaved:\n" + "\n".join(problems))


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebServer]:
    folder: Path = tmp_path_factory.mktemp("hostile-models")
    write_hostile_models(folder)
    with running_server(folder) as server:
        yield server


def stays_on(page: Page, url: str) -> None:
    """Open `url` and check that nothing in it moved the browser elsewhere."""
    navigations: list[str] = []
    page.on(
        "framenavigated", lambda frame: navigations.append(frame.url) if frame == page.main_frame else None
    )
    page.goto(url)
    page.wait_for_timeout(SETTLE_MS)
    assert page.url == url, f"navigated away to {page.url}"
    assert navigations == [url], navigations
    assert page.evaluate(REFRESHES) == 0
    assert page.evaluate(BOLD_ELEMENTS) == []


@pytest.mark.parametrize("payload", [BOLD, META])
@pytest.mark.parametrize("route", ["/{}", "/models/{}", "/editor?model={}"])
def test_error_pages_show_the_reflected_text(
    error_page: Page, hostile_server: WebServer, route: str, payload: str
) -> None:
    url = hostile_server.url + route.format(quote(payload, safe=""))
    stays_on(error_page, url)
    assert payload in error_page.locator("main").inner_text()


def test_gallery_shows_hostile_title_and_broken_key_as_text(page: Page, hostile_server: WebServer) -> None:
    stays_on(page, hostile_server.url + "/")
    assert page.locator('li.card[data-model="hostile"] h2').inner_text() == HOSTILE_TITLE
    broken = page.locator('li.card[data-model="broken-hostile"] pre.errors').inner_text()
    assert f"unknown key '{META}'" in broken


def test_editor_holds_the_whole_yaml_with_its_textarea_end(page: Page, hostile_server: WebServer) -> None:
    stays_on(page, hostile_server.url + "/editor?model=hostile")
    page.wait_for_function(
        "() => document.getElementById('editor').dataset.state === 'valid'", timeout=15_000
    )
    text = page.evaluate("window.adflowsEditor.state.cm.getValue()")
    expected = (hostile_server.models / "hostile.yaml").read_text(encoding="utf-8")
    assert text == expected
    assert f"# {TEXTAREA_END}" in text
