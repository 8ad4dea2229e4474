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
from tests.browser.conftest import SETTLE

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
COSMOSE = ROOT / "models" / "cosmose-omnicookie.yaml"
UNTRANSLATED = ROOT / "models" / "wifi-hashed-mac.yaml"  # no `translations:` block


# Resolves once the page has drawn and wired itself up. A promise, not wait_for_function: polling a
# predicate needs eval, which the page's CSP forbids (conftest.SETTLE does the same).
WHEN_READY = """() => new Promise((resolve) => {
  const ready = () => document.body.dataset.ready === '1' && window.adflows;
  const check = () => (ready() ? resolve(true) : setTimeout(check, 20));
  check();
})"""


def wait_ready(page: Page) -> None:
    page.evaluate(WHEN_READY)


def open_page(page: Page, url: str) -> None:
    page.goto(url)
    wait_ready(page)


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
    # A reader is told before choosing that a choice opens the page again (WCAG 3.2.2, On Input).
    assert select.get_attribute("aria-describedby") == "language-help"
    assert text(page, "#language-help").startswith("Die Wahl einer Sprache öffnet die Seite neu")


def test_switching_with_the_keyboard_keeps_the_step_and_presenter_mode(page: Page, tmp_path: Path) -> None:
    open_page(page, rendered(tmp_path, COSMOSE) + "#step=2&lang=de")
    assert page.get_attribute("#story-step", "data-step") == "2"
    page.focus("#language-select")
    with page.expect_event("load"):
        page.keyboard.press("ArrowDown")  # Deutsch -> Français: a change, which opens the page again
    wait_ready(page)
    assert page.evaluate("document.documentElement.lang") == "fr"
    assert page.evaluate("window.location.hash") == "#step=2&lang=fr"
    assert page.get_attribute("#story-step", "data-step") == "2"
    total = len(page.evaluate("window.adflows.view.story"))
    assert text(page, "#story-counter") == f"Étape 2 sur {total}"
    assert page.locator("#language-select").input_value() == "fr"
    # The page opened again with the focus on the switch: the next arrow key goes on through the list.
    assert page.evaluate("document.activeElement.id") == "language-select"
    with page.expect_event("load"):
        page.keyboard.press("ArrowUp")  # Français -> Deutsch, without finding the switch again
    wait_ready(page)
    assert page.evaluate("document.documentElement.lang") == "de"
    assert page.evaluate("document.activeElement.id") == "language-select"
    with page.expect_event("load"):
        page.keyboard.press("ArrowDown")
    wait_ready(page)
    assert page.locator("#language-select").input_value() == "fr"
    # A page opened by a link, not by the switch, keeps the browser's own focus.
    page.reload()
    wait_ready(page)
    assert page.evaluate("document.activeElement.id") != "language-select"
    # Presenter mode and the step live in the link next to the language, and survive opening it again.
    page.locator("#story-present").click()
    assert page.evaluate("window.location.hash") == "#present&step=2&lang=fr"
    page.keyboard.press("ArrowRight")
    assert page.evaluate("window.location.hash") == "#present&step=3&lang=fr"
    page.reload()
    wait_ready(page)
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


TRANSLATED = ROOT / "tests" / "fixtures" / "translations" / "small-translated.yaml"
# The German translation of the fixture is complete; a copy leaves a description and a name untranslated.
UNTRANSLATED_LINE = (
    "loyalty-app: {name: Treue-App, description: Sammelt einen Stempel für jedes zehnte Brot.}"
)


def translated_page(tmp_path: Path, *, drop_german_texts: bool = False) -> str:
    source = TRANSLATED.read_text(encoding="utf-8")
    if drop_german_texts:
        assert UNTRANSLATED_LINE in source
        source = source.replace(UNTRANSLATED_LINE, "loyalty-app: {name: Treue-App}")
        assert "ad-server: {name: Werbeserver}" in source
        source = source.replace("ad-server: {name: Werbeserver}", "ad-server: {}")
    model = tmp_path / "small-translated.yaml"
    model.write_text(source, encoding="utf-8")
    return rendered(tmp_path, model)


# A node's label as drawn: its lines (one <tspan> each) joined with a space.
NODE_LABEL = """id => [...document.querySelectorAll('#network g.node[data-id="' + id + '"] text tspan')]
  .map((line) => line.textContent).join(' ')"""


def node_label(page: Page, node_id: str) -> str:
    return str(page.evaluate(NODE_LABEL, node_id))


def test_the_german_view_shows_the_german_names(page: Page, tmp_path: Path) -> None:
    open_page(page, translated_page(tmp_path) + "#lang=de")
    assert text(page, "#model-title") == "Treue-App einer Bäckerei (Testmodell)"
    assert node_label(page, "loyalty-app") == "Treue-App"
    assert node_label(page, "ad-server") == "Werbeserver"
    assert page.get_attribute("#model-title", "lang") == "de"
    assert not page.locator("#language-notice").is_visible()  # the model has German
    options = page.locator("#language-select option").all_inner_texts()
    assert options == ["English", "Deutsch", "Français", "العربية"]  # catalogs' and the model's languages
    page.locator("#story-next").click()
    assert text(page, "#story-title") == "Ein Stempel"
    assert page.locator(".fallback").count() == 0  # nothing shown untranslated
    # English stays one link away: the original view, English chrome (a changed #lang opens the page again).
    with page.expect_event("load"):
        page.evaluate("window.location.hash = '#lang=en'")
    wait_ready(page)
    assert node_label(page, "loyalty-app") == "Loyalty app"
    assert text(page, "#story-play") == "Play"


def test_a_regional_code_opens_the_models_view_in_its_language(page: Page, tmp_path: Path) -> None:
    """`#lang=de-AT` (an Austrian reader's link) shows the model's German view, as it shows the German
    chrome, and does not claim the model has no German."""
    open_page(page, translated_page(tmp_path) + "#lang=de-AT")
    assert text(page, "#model-title") == "Treue-App einer Bäckerei (Testmodell)"
    assert node_label(page, "loyalty-app") == "Treue-App"
    assert text(page, "#story-prev") == "← Zurück"
    assert not page.locator("#language-notice").is_visible()
    assert page.locator("#language-select").input_value() == "de"
    options = page.locator("#language-select option").all_inner_texts()
    assert options == ["English", "Deutsch", "Français", "العربية"]


def test_a_link_with_two_languages_still_switches_to_the_one_chosen(page: Page, tmp_path: Path) -> None:
    """The first `lang=` of a link counts; choosing another in the switch opens the page in that one,
    not in a second `lang=` the link happened to carry."""
    open_page(page, rendered(tmp_path, COSMOSE) + "#step=2&lang=de&lang=fr")
    assert page.evaluate("document.documentElement.lang") == "de"
    with page.expect_event("load"):
        page.select_option("#language-select", "en")
    wait_ready(page)
    assert page.evaluate("document.documentElement.lang") == "en"
    assert page.evaluate("window.location.hash") == "#step=2&lang=en"


def test_the_focus_status_quotes_the_name_as_german_does(page: Page, tmp_path: Path) -> None:
    open_page(page, rendered(tmp_path, COSMOSE) + "#lang=de")
    page.fill("#find-input", "Cosmose-Plattform")
    page.keyboard.press("Enter")
    status = page.locator("#focus-status")
    status.wait_for()
    assert status.inner_text().startswith("Fokus auf „Cosmose-Plattform“: ")


def test_who_knows_what_words_how_an_item_is_worked_out_in_german(page: Page, tmp_path: Path) -> None:
    """The model's transform ids (`enrich`, `hash`) are words of the chrome, not shown as written."""
    open_page(page, rendered(tmp_path, COSMOSE) + "#lang=de")
    page.click("#tool-knows summary")
    body = page.locator("#tool-knows").inner_text()
    assert "durch Anreicherung aus" in body
    assert "durch enrich" not in body
    # The person's name keeps its article in lower case inside the question, as German writes it.
    assert "Was weiß Cosmose über die Kundin?" in body
    page.goto("about:blank")  # a new #lang on the same page would open it again under the test's feet
    open_page(page, rendered(tmp_path, COSMOSE) + "#lang=en")
    page.click("#tool-knows summary")
    assert "by enrichment from" in page.locator("#tool-knows").inner_text()


def test_a_text_missing_in_german_is_marked_as_not_translated(page: Page, tmp_path: Path) -> None:
    open_page(page, translated_page(tmp_path, drop_german_texts=True) + "#lang=de")
    page.evaluate("window.adflows.openPanel('node', 'loyalty-app')")
    original = page.locator("#panel-body .fallback", has_text="Collects a stamp for every tenth loaf.")
    assert original.count() == 1
    assert original.get_attribute("lang") == "en"
    assert original.get_attribute("title") == "Nicht übersetzt: in der Originalsprache (English) angezeigt."
    # A visible cue, not only the tooltip: a dotted underline.
    assert "dotted" in original.evaluate("e => getComputedStyle(e).textDecorationStyle")
    # The translated texts around it are not marked.
    assert page.locator("#panel-title").get_attribute("class") in (None, "")
    assert text(page, "#panel-title") == "Treue-App"
    assert_accessible(page, "a German panel with a text in English")
    # In the picture: the label keeps its text; its lang says English and its tooltip says why.
    assert node_label(page, "ad-server") == "Ad server"
    marked = page.evaluate("""() => {
      const g = document.querySelector('#network g.node[data-id="ad-server"]');
      const line = g.querySelector('text tspan');
      return [line.getAttribute('class'), line.getAttribute('lang'), g.querySelector('title').textContent];
    }""")
    assert marked[0] == "fallback" and marked[1] == "en"
    assert marked[2].endswith("\nNicht übersetzt: in der Originalsprache (English) angezeigt.")


def test_arabic_runs_right_to_left_and_draws_arabic_names(page: Page, tmp_path: Path) -> None:
    from tests.browser.test_legibility import legibility

    open_page(page, translated_page(tmp_path) + "#present&lang=ar")
    page.evaluate("window.adflows.showStep(1)")
    for container in ("#model-title", "#story-title", "#story-narration", "#narrative-list"):
        assert page.get_attribute(container, "dir") == "rtl", container
        assert page.get_attribute(container, "lang") == "ar", container
    assert page.get_attribute("#network", "lang") == "ar"
    # The overview's title and help are the chrome's (English) words: left to right, full stop at the end.
    page.evaluate("window.adflows.showStep(0)")
    assert page.get_attribute("#story-narration", "dir") == "auto"
    assert page.get_attribute("#story-narration", "lang") == "en"
    assert page.evaluate("getComputedStyle(document.getElementById('story-narration')).direction") == "ltr"
    # Model text among the chrome's words (panels, details): each paragraph takes its own direction.
    assert page.evaluate("document.getElementById('panel-body').classList.contains('bidi-mixed')")
    note = page.locator("#tool-findings .tool-note").first
    assert note.evaluate("e => getComputedStyle(e).unicodeBidi") == "plaintext"
    assert text(page, "#model-title") == "تطبيق الولاء لمخبز (نموذج اختبار)"
    assert node_label(page, "loyalty-app") == "تطبيق الولاء"
    assert node_label(page, "bread-lovers") == "محبو الخبز"
    # The chrome has no Arabic catalog: English chrome, the page says nothing is missing in the model.
    assert page.evaluate("document.documentElement.lang") == "en"
    assert text(page, "#story-present") == "Exit ✕"
    assert not page.locator("#language-notice").is_visible()
    for step in range(4):
        page.evaluate("n => window.adflows.showStep(n)", step)
        page.evaluate(SETTLE)
        m = legibility.measure(page.evaluate("window.adflows.geometry()"))
        assert m["nodes_in_view"] > 0 and m["node_overlaps"] == 0 and m["label_overlaps"] == 0, (step, m)
    # The Arabic label is drawn whole inside its node's box (right-to-left text measured like any other).
    fits = page.evaluate("""() => {
      const g = document.querySelector('#network g.node[data-id="loyalty-app"]');
      const t = g.querySelector('text').getBBox(), r = g.querySelector('rect').getBBox();
      return t.width > 0 && t.x >= r.x - 1 && t.x + t.width <= r.x + r.width + 1;
    }""")
    assert fits
    # Two Arabic texts are missing: the details of the app show its English description, marked.
    page.evaluate("window.adflows.openPanel('node', 'loyalty-app')")
    marked = page.locator("#panel-body .fallback")
    assert marked.count() == 1 and marked.get_attribute("lang") == "en"


def test_plural_rules_are_read_as_gettext_reads_them(page: Page, tmp_path: Path) -> None:
    """The page's small reader of plural expressions (no eval under the CSP) agrees with gettext's own
    evaluation (Python's) for the page's languages and for Arabic's six forms; junk falls back to n != 1."""
    import gettext

    from babel.messages.catalog import Catalog

    open_page(page, rendered(tmp_path, UNTRANSLATED))
    numbers = [*range(0, 130), 1000, 1000000, 2000000]
    for lang in ("en", "de", "fr", "ar", "pl", "ru"):
        expr = Catalog(locale=lang).plural_expr
        expected = [gettext.c2py(expr)(n) for n in numbers]
        got = page.evaluate(
            "([expr, ns]) => ns.map(window.adflowsPage.i18n.pluralRule({ plural: expr }))",
            [expr, numbers],
        )
        assert got == expected, lang
    for junk in ("n ? alert(1) : 0", "(n != 1", "window", ""):
        got = page.evaluate("e => [0, 1, 2].map(window.adflowsPage.i18n.pluralRule({ plural: e }))", junk)
        assert got == [1, 0, 1], junk


def test_french_plural_forms_on_the_page(page: Page, tmp_path: Path) -> None:
    open_page(page, rendered(tmp_path, UNTRANSLATED) + "#lang=fr")
    tn = "([s, p, n]) => window.adflowsPage.i18n.tn(s, p, n)"
    assert (
        page.evaluate(tn, ["Overview · {n} step", "Overview · {n} steps", 0])
        == "Vue d\u2019ensemble · 0 étape"
    )
    assert (
        page.evaluate(tn, ["Overview · {n} step", "Overview · {n} steps", 2])
        == "Vue d\u2019ensemble · 2 étapes"
    )
    # A message the catalog does not have yet: English, with the English rule.
    assert page.evaluate(tn, ["{n} widget", "{n} widgets", 0]) == "0 widgets"
    assert page.evaluate("window.adflowsPage.i18n.t('Not a {word} message', { word: 'known' })") == (
        "Not a known message"
    )


def test_a_page_rendered_in_german_opens_in_german_and_switches_back(page: Page, tmp_path: Path) -> None:
    out = tmp_path / "bakery-de.html"
    result = CliRunner().invoke(app, ["render", str(TRANSLATED), "--lang", "de", "-o", str(out)])
    assert result.exit_code == 0, result.output
    open_page(page, out.as_uri())  # no #lang: the default view's language, for the model and the chrome
    assert page.evaluate("document.documentElement.lang") == "de"
    assert text(page, "#story-prev") == "← Zurück"
    assert node_label(page, "loyalty-app") == "Treue-App"
    assert page.locator("#language-select").input_value() == "de"
    page.focus("#language-select")
    with page.expect_event("load"):
        page.keyboard.press("ArrowUp")  # Deutsch -> English
    wait_ready(page)
    assert page.evaluate("window.location.hash") == "#lang=en"
    assert page.evaluate("document.documentElement.lang") == "en"
    assert node_label(page, "loyalty-app") == "Loyalty app"
    assert text(page, "#story-prev") == "← Previous"
