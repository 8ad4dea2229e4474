"""The page in other languages, as a reader meets it: `#lang=xx` in the link, the language switch used
with the keyboard alone, the notice for a model with no translation, and no WCAG violation in German
(docs/languages.md)."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page
from typer.testing import CliRunner

from flows.cli import app
from tests.browser.axe import assert_accessible
from tests.browser.test_page import READY, open_page

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
COSMOSE = ROOT / "models" / "cosmose-omnicookie.yaml"
UNTRANSLATED = ROOT / "models" / "wifi-hashed-mac.yaml"  # no `translations:` block


def rendered(tmp_path: Path, model: Path) -> str:
    out = tmp_path / (model.stem + ".html")
    result = CliRunner().invoke(app, ["render", str(model), "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out.as_uri()


def text(page: Page, selector: str) -> str:
    return (page.locator(selector).first.text_content() or "").strip()


def test_german_chrome_from_the_link(page: Page, tmp_path: Path) -> None:
    open_page(page, rendered(tmp_path, COSMOSE) + "#lang=de")
    assert page.evaluate("document.documentElement.lang") == "de"
    assert text(page, "#story-prev") == "← Zurück"
    assert text(page, "#story-next") == "Weiter →"
    assert text(page, "#story-play") == "Abspielen"
    assert text(page, "#story-present") == "Vortragen"
    assert text(page, "#legend-heading") == "Legende"
    assert text(page, "#legend-evidence-heading").startswith("Belegstärke")
    assert text(page, "#story-counter").startswith("Überblick · ")
    assert page.get_attribute("#network", "aria-label") == (
        "Graph, wer welche Daten an wen sendet. Die Textfassung unten hat denselben Inhalt."
    )
    # The page's own status texts, built by the scripts, are German too; a plural counts right.
    page.locator("#story-next").click()
    assert text(page, "#story-counter").startswith("Schritt 1 von ")
    # The switch: a labelled select, each language in its own name, the current one chosen.
    select = page.locator("#language-select")
    assert page.locator("label[for=language-select]").inner_text() == "Sprache"
    assert select.locator("option").all_inner_texts()[:3] == ["English", "Deutsch", "Français"]
    assert select.input_value() == "de"


def test_switching_with_the_keyboard_keeps_the_step_and_presenter_mode(page: Page, tmp_path: Path) -> None:
    open_page(page, rendered(tmp_path, COSMOSE) + "#step=2&lang=de")
    assert page.get_attribute("#story-step", "data-step") == "2"
    page.focus("#language-select")
    with page.expect_navigation():
        page.keyboard.press("ArrowDown")  # Deutsch -> Français: a change, which opens the page again
    page.wait_for_function(READY)
    assert page.evaluate("document.documentElement.lang") == "fr"
    assert page.evaluate("window.location.hash") == "#step=2&lang=fr"
    assert page.get_attribute("#story-step", "data-step") == "2"
    total = len(page.evaluate("window.adflows.view.story"))
    assert text(page, "#story-counter") == f"Étape 2 sur {total}"
    assert page.locator("#language-select").input_value() == "fr"
    # Presenter mode and the step live in the link next to the language, and survive opening it again.
    page.locator("#story-present").click()
    assert page.evaluate("window.location.hash") == "#present&step=2&lang=fr"
    page.keyboard.press("ArrowRight")
    assert page.evaluate("window.location.hash") == "#present&step=3&lang=fr"
    page.reload()
    page.wait_for_function(READY)
    assert page.evaluate("document.body.classList.contains('presenting')")
    assert page.get_attribute("#story-step", "data-step") == "3"
    assert text(page, "#story-present") == "Quitter ✕"
    assert page.evaluate("document.documentElement.lang") == "fr"


def test_a_model_without_the_language_says_so(page: Page, tmp_path: Path) -> None:
    open_page(page, rendered(tmp_path, UNTRANSLATED) + "#lang=de")
    assert page.evaluate("document.documentElement.lang") == "de"
    assert text(page, "#story-prev") == "← Zurück"
    notice = page.locator("#language-notice")
    assert notice.is_visible()
    assert notice.inner_text() == (
        "Dieses Modell hat keine Übersetzung in Deutsch. Sein Text wird im Original (English) gezeigt."
    )
    # The model's own text keeps its language for screen readers and hyphenation.
    assert page.get_attribute("#model-title", "lang") == "en"
    # Without #lang the page is English and says nothing about languages.
    open_page(page, rendered(tmp_path, UNTRANSLATED))
    assert page.evaluate("document.documentElement.lang") == "en"
    assert not page.locator("#language-notice").is_visible()
    assert text(page, "#story-prev") == "← Previous"


def test_german_page_and_presenter_mode_are_accessible(page: Page, tmp_path: Path) -> None:
    url = rendered(tmp_path, COSMOSE)
    open_page(page, url + "#lang=de")
    assert_accessible(page, "the German page")
    open_page(page, url + "#present&step=1&lang=de")
    assert page.evaluate("document.body.classList.contains('presenting')")
    assert_accessible(page, "the German page in presenter mode")
