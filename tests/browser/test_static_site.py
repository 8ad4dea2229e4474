"""The built static site in a real browser, served by a plain static file server from a subfolder.

`adflows build` writes the site; Python's own `http.server` (no adflows code, no headers of ours) serves
its parent folder on 127.0.0.1, so the site lives at `/sub/site/` as on a university web space or a
GitHub Pages project site. Every page must draw, with no console error and no request to another host
(the `page` fixture fails the test otherwise).
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from playwright.sync_api import Page
from typer.testing import CliRunner

from flows.cli import app

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
DRAWN = "() => document.body.dataset.drawn === '1' && !!(window.adflows && window.adflows.view)"


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # keep the test output clean
        pass


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("host")
    result = CliRunner().invoke(app, ["build", str(root / "sub" / "site"), "--models", str(ROOT / "models")])
    assert result.exit_code == 0, result.stderr
    handler = functools.partial(QuietHandler, directory=str(root))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/sub/site/"
    server.shutdown()
    server.server_close()


def test_the_gallery_lists_every_model_and_each_page_draws(page: Page, site_url: str) -> None:
    page.goto(site_url + "index.html")
    links = page.eval_on_selector_all("li.card a.open", "els => els.map(e => e.getAttribute('href'))")
    assert len(links) == len(list((ROOT / "models").glob("*.yaml")))
    for href in links:
        assert not href.startswith(("/", "http"))
        page.goto(site_url + href)
        page.wait_for_function(DRAWN, timeout=30_000)
        assert page.evaluate("window.adflows.view.nodes.length") > 0


def test_search_finds_a_company_inside_a_scenario(page: Page, site_url: str) -> None:
    page.goto(site_url)  # the folder itself: the host serves index.html
    page.wait_for_selector("form.site-search:not([hidden])")
    page.fill("#search", "cosmose")
    results = page.locator("#search-results li")
    assert results.count() >= 1
    first = results.first.locator("a")
    assert first.get_attribute("href") == "models/cosmose-omnicookie.html"
    first.click()
    page.wait_for_function(DRAWN, timeout=30_000)


def test_twins_and_pictures_open_without_errors(page: Page, site_url: str) -> None:
    response = page.goto(site_url + "models/cosmose-omnicookie.json")
    assert response is not None and response.ok
    assert '"nodes"' in response.text()
    response = page.goto(site_url + "models/cosmose-omnicookie.svg")
    assert response is not None and response.ok and page.locator("svg").count() >= 1


def test_the_404_page_leads_back_to_the_gallery(page: Page, site_url: str) -> None:
    page.goto(site_url + "404.html")
    assert page.locator("h1").inner_text() == "Page not found"
    page.click("text=Open index.html")
    page.wait_for_selector("li.card")
