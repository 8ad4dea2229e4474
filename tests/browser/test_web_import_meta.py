"""The Meta-export page in a real browser: choose the zip, see your own picture; nothing leaves 127.0.0.1.

Runs against a real uvicorn server (tests/browser/web_server.py); the `page` fixture fails the test on
any request that leaves 127.0.0.1, any console error and any dialog.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page

from tests.browser.web_server import WebServer, web_server  # noqa: F401  (fixture)

pytestmark = pytest.mark.browser

EXPORT = Path(__file__).resolve().parents[1] / "fixtures" / "meta-dyi" / "facebook-example.zip"
DRAWN = "() => document.body.dataset.drawn === '1' && !!(window.adflows && window.adflows.view)"


def test_a_person_drops_their_export_and_sees_their_store_visits(
    page: Page,
    web_server: WebServer,  # noqa: F811
) -> None:
    page.goto(web_server.url + "/import/meta")
    assert "Nothing is saved on disk" in page.locator(".privacy-note").inner_text()
    page.set_input_files("#export-files", str(EXPORT))
    page.click("button.primary")
    page.wait_for_function(DRAWN, timeout=30_000)
    ids = page.evaluate("window.adflows.view.nodes.map(n => n.id)")
    assert "business-northgate-outlet-mall-stores" in ids and "audience-store-visits" in ids
    assert "Your store visits" in page.content()


def test_a_broken_export_is_explained_on_the_page(
    page: Page,
    web_server: WebServer,  # noqa: F811
    tmp_path: Path,
) -> None:
    broken = tmp_path / "export.zip"
    broken.write_bytes(EXPORT.read_bytes()[:200])
    page.goto(web_server.url + "/import/meta")
    page.set_input_files("#export-files", str(broken))
    page.click("button.primary")
    page.wait_for_selector(".import-errors")
    assert "export.zip" in page.locator(".import-errors").inner_text()
