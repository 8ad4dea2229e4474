"""Story links in a real browser: the editor's "Story link" opens the model's story page in presenter
mode at the step it names, in a fresh browser; a damaged link says so; a model with problems lists them,
escaped. Runs against a real uvicorn server on 127.0.0.1 (no request leaves it, no console error).
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager

import pytest
from playwright.sync_api import Page

from tests.browser.test_web_editor import open_editor, state_is, type_at_end_of_line
from tests.browser.web_server import WebServer, fresh_page, web_server  # noqa: F401  (fixtures)
from tests.hostile import PAYLOADS

pytestmark = pytest.mark.browser

FreshPage = Callable[[], AbstractContextManager[Page]]


def story_link(page: Page, server: WebServer, model: str) -> str:
    open_editor(page, server.url + f"/editor?model={model}")
    page.click("#share-button")
    page.wait_for_function("() => document.getElementById('story-url').value.includes('#yaml=')")
    link = page.input_value("#story-url")
    assert link.startswith(server.url + "/story#yaml=") and link.endswith("&present")
    return link


def test_a_story_link_opens_the_story_in_presenter_mode_at_its_step(
    page: Page,
    web_server: WebServer,  # noqa: F811
    fresh_page: FreshPage,  # noqa: F811
) -> None:
    # The largest bundled model that fits in a link (Cosmose, with its German translation, does not:
    # the editor says it is too large for a share link).
    link = story_link(page, web_server, "wifi-hashed-mac")
    with fresh_page() as other:
        other.goto(link + "&step=3")
        other.wait_for_function(
            "() => window.adflows && window.adflows.view && document.body.classList.contains('presenting')"
        )
        assert other.evaluate("window.adflows.view.model.id") == "wifi-hashed-mac"
        assert other.url.endswith("/story#present&step=3")  # the model is not in the address any more
        other.wait_for_function("() => /STEP 3 OF/i.test(document.body.innerText)")
        geometry = other.evaluate("window.adflows.geometry()")
        assert geometry["nodes"], "the picture is drawn"
    # The page's language travels with the link too (docs/languages.md), and nothing else does.
    with fresh_page() as other:
        other.goto(link + "&step=2&lang=de&focus=x")
        other.wait_for_function("() => window.adflows && document.body.classList.contains('presenting')")
        assert other.url.endswith("/story#present&step=2&lang=de")
        assert other.evaluate("document.documentElement.lang") == "de"
        other.wait_for_function("() => /SCHRITT 2 VON/i.test(document.body.innerText)")
    # A link without lang= opens in the reader's language, as the story page itself is.
    with fresh_page() as other:
        other.set_extra_http_headers({"Accept-Language": "de-AT,de;q=0.9"})
        other.goto(link + "&step=2")
        other.wait_for_function("() => window.adflows && document.body.classList.contains('presenting')")
        assert other.url.endswith("/story#present&step=2&lang=de")
        assert other.evaluate("document.documentElement.lang") == "de"


def test_a_damaged_story_link_says_so_and_sends_nothing(page: Page, web_server: WebServer) -> None:  # noqa: F811
    posts: list[str] = []
    page.on("request", lambda r: posts.append(r.url) if r.method == "POST" else None)
    page.goto(web_server.url + "/story#yaml=AAAAAAAA&present")
    page.wait_for_selector("#story-status.error")
    assert "cannot be opened" in page.inner_text("#story-status")
    page.goto(web_server.url + "/story")
    page.wait_for_selector("#story-status.error")
    assert "holds no story" in page.inner_text("#story-status")
    assert posts == []


def test_a_story_link_to_a_broken_model_lists_its_problems_as_text(
    page: Page,
    web_server: WebServer,  # noqa: F811
) -> None:
    open_editor(page, web_server.url + "/editor")
    type_at_end_of_line(page, 1, "\nnot_a_key: " + repr(PAYLOADS[0]))
    state_is(page, "invalid")
    page.click("#share-button")
    page.wait_for_function("() => document.getElementById('story-url').value.includes('#yaml=')")
    page.goto(page.input_value("#story-url"))
    page.wait_for_selector(".story-errors .problem")
    assert "has problems" in page.inner_text(".story-errors")
    assert page.evaluate("document.body.dataset.pwned") is None
    assert page.locator(".story-errors img").count() == 0
