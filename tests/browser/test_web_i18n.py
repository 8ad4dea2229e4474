"""The web app in German in a real browser: the language chosen by the browser's Accept-Language,
`<html lang="de">`, the editor's error frame worded by its script, the switch to French, and no axe
violation on the German gallery, editor (with a model error) and import page."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from tests.browser.axe import assert_accessible
from tests.browser.test_web_editor import state_is
from tests.browser.web_server import WebServer, web_server  # noqa: F401  (fixture)

pytestmark = pytest.mark.browser


@pytest.fixture
def german(page: Page) -> Page:
    page.set_extra_http_headers({"Accept-Language": "de-DE,de;q=0.9,en;q=0.5"})
    return page


def test_gallery_in_german_and_the_switch_to_french(german: Page, web_server: WebServer) -> None:  # noqa: F811
    german.goto(web_server.url + "/")
    assert german.get_attribute("html", "lang") == "de"
    assert german.locator("h1").inner_text() == "Szenarien"
    assert_accessible(german, "the gallery in German")
    german.get_by_role("navigation", name="Sprache").get_by_role("link", name="Français").click()
    german.wait_for_url("**/?lang=fr")
    assert german.get_attribute("html", "lang") == "fr"
    assert german.locator("h1").inner_text() == "Scénarios"
    assert german.locator("nav.languages a[aria-current]").inner_text() == "Français"


def test_a_story_opened_from_the_german_gallery_is_german(german: Page, web_server: WebServer) -> None:  # noqa: F811
    """The gallery's language goes on to the model page it opens (the page reads `#lang=`), for both
    "Open the story" and "Present", whether the browser or a ?lang= link chose it."""
    german.goto(web_server.url + "/")
    german.get_by_role("link", name="Geschichte öffnen").first.click()
    german.wait_for_selector("body[data-ready='1']", state="attached")
    assert german.get_attribute("html", "lang") == "de"
    assert german.locator("#story-prev").inner_text() == "← Zurück"
    german.goto(web_server.url + "/?lang=fr")
    german.locator("a.button.present").first.click()
    german.wait_for_selector("body[data-ready='1']", state="attached")
    assert german.get_attribute("html", "lang") == "fr"
    assert german.evaluate("document.body.classList.contains('presenting')")


def test_editor_error_frame_in_german(german: Page, web_server: WebServer) -> None:  # noqa: F811
    german.goto(web_server.url + "/editor")
    state_is(german, "valid")
    assert german.get_attribute("html", "lang") == "de"
    assert german.locator("#status").inner_text().startswith("Gültig · ")
    german.evaluate("window.adflowsEditor.state.cm.setValue('title: [unclosed\\n')")
    state_is(german, "invalid")
    first = german.locator("#problems li.problem button").first
    assert first.inner_text().startswith("Zeile ") and ", Spalte " in first.inner_text()
    assert "siehe die Liste unter dem YAML" in german.locator("#status").inner_text()
    assert german.locator("#problems-heading").inner_text().startswith("Probleme")
    assert_accessible(german, "the editor in German showing a model error")


def test_import_page_in_german(page: Page, web_server: WebServer) -> None:  # noqa: F811
    page.goto(web_server.url + "/import/meta?lang=de")
    assert page.get_attribute("html", "lang") == "de"
    assert page.get_by_role("button", name="Mein Bild zeigen").is_visible()
    assert_accessible(page, "the Meta import page in German")
