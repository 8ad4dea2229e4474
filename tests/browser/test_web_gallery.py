"""The served site in a real browser: the gallery, and a scenario's story by keyboard and mouse.

Runs against a real uvicorn server on 127.0.0.1 (tests/browser/web_server.py); the `page` fixture fails
the test on any request that leaves 127.0.0.1, any console error and any dialog.
"""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, Response

from tests.browser.web_server import WebServer, web_server  # noqa: F401  (fixture)
from web.security import SITE_CSP

pytestmark = pytest.mark.browser

COSMOSE = "cosmose-omnicookie"
READY = "() => document.body.dataset.ready === '1'"
NODE_POINT = """id => {
  const n = window.adflows.network;
  const p = n.canvasToDOM(n.getPositions([id])[id]);
  const r = document.querySelector('#network canvas, #network svg').getBoundingClientRect();
  return {x: p.x + r.left, y: p.y + r.top, topmost: n.getNodeAt(p) === id};
}"""


def record_responses(page: Page) -> list[Response]:
    responses: list[Response] = []
    page.on("response", lambda response: responses.append(response))
    return responses


def assert_csp_everywhere(responses: list[Response]) -> None:
    """Every response from our server carries a CSP; pages of the app carry the strict site policy."""
    assert responses
    for response in responses:
        headers = response.headers
        assert "content-security-policy" in headers, response.url
        if response.request.resource_type == "document" and "/models/" not in response.url:
            assert headers["content-security-policy"] == SITE_CSP, response.url


def test_gallery_shows_every_scenario_with_counts_and_findings(
    page: Page,
    web_server: WebServer,  # noqa: F811
) -> None:
    responses = record_responses(page)
    page.goto(web_server.url + "/")
    cards = page.locator("li.card[data-model]")
    expected = sorted(p.stem for p in web_server.models.glob("*.yaml"))
    assert sorted(cards.evaluate_all("cs => cs.map(c => c.dataset.model)")) == expected
    card = page.locator(f'li.card[data-model="{COSMOSE}"]')
    assert "parties" in card.locator('[data-count="parties"]').inner_text()
    assert "flows" in card.locator('[data-count="flows"]').inner_text()
    severities = card.locator(".findings [data-severity]").evaluate_all("s => s.map(e => e.dataset.severity)")
    assert severities == ["high", "medium", "low", "info"]
    assert_csp_everywhere(responses)


def test_cosmose_story_plays_from_capture_to_the_ad_by_keyboard_and_mouse(
    page: Page,
    web_server: WebServer,  # noqa: F811
) -> None:
    responses = record_responses(page)
    page.goto(web_server.url + "/")
    with page.expect_navigation():
        page.click(f'li.card[data-model="{COSMOSE}"] h2 a')
    page.wait_for_function(READY)
    document = next(r for r in responses if r.url.endswith(f"/models/{COSMOSE}"))
    assert "script-src 'sha256-" in document.headers["content-security-policy"]
    view: dict[str, Any] = page.evaluate("window.adflows.view")
    story = view["story"]
    assert len(story) >= 3
    kinds = {n["id"]: n["kind"] for n in view["nodes"]}

    page.keyboard.press("ArrowRight")  # by keyboard
    assert page.get_attribute("#story-step", "data-step") == "1"
    assert page.text_content("#story-title") == story[0]["title"]
    for step in range(2, len(story) + 1):
        if step % 2:
            page.keyboard.press("ArrowRight")
        else:
            page.click("#story-next")  # and by mouse
        assert page.get_attribute("#story-step", "data-step") == str(step)
        assert page.text_content("#story-title") == story[step - 1]["title"]
    assert page.is_disabled("#story-next")
    authored = [step for step in story if not step.get("generated")]
    assert "ad" in {
        kinds[n] for n in authored[-1]["nodes"]
    }  # the author's story ends with the ad in her feed
    assert story[-1]["title"] == "What can I do?"  # then the generated step: what she can do about it
    page.keyboard.press("ArrowLeft")
    assert page.get_attribute("#story-step", "data-step") == str(len(story) - 1)
    assert_csp_everywhere(responses)


def test_click_a_node_for_details_and_filter(page: Page, web_server: WebServer) -> None:  # noqa: F811
    page.goto(f"{web_server.url}/models/{COSMOSE}")
    page.wait_for_function(READY)
    view: dict[str, Any] = page.evaluate("window.adflows.view")
    node = next(n for n in view["nodes"] if page.evaluate(NODE_POINT, n["id"])["topmost"])
    point = page.evaluate(NODE_POINT, node["id"])
    page.mouse.click(point["x"], point["y"])
    assert page.is_visible("#panel")
    assert page.text_content("#panel-title") == node["label"]
    page.keyboard.press("Escape")

    assert page.locator("#tool-filters").count() == 1, "the page has no filters panel (#tool-filters)"
    page.click("#tool-filters > summary")
    box = page.locator('#tool-filters fieldset[data-group="kind"] input[type="checkbox"]').first
    kind = box.get_attribute("value")
    box.uncheck()
    hidden = page.evaluate(
        "kind => window.adflows.view.nodes.filter(n => n.kind === kind)"
        ".map(n => window.adflows.nodes.get(n.id).hidden === true)",
        kind,
    )
    assert hidden and all(hidden)
    assert page.is_visible("#filter-status")


def test_a_teacher_presents_cosmose_from_the_gallery_in_one_click(
    page: Page,
    web_server: WebServer,  # noqa: F811
) -> None:
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(web_server.url + "/")
    with page.expect_navigation():
        page.click(f'li.card[data-model="{COSMOSE}"] a.present')
    page.wait_for_function(READY)
    assert page.url.endswith(f"/models/{COSMOSE}#present")
    assert page.evaluate("document.body.classList.contains('presenting')")
    box = page.locator("#network").bounding_box()
    assert box and box["width"] * box["height"] >= 0.8 * 1280 * 720
    title = page.evaluate("window.adflows.view.story[0].title")
    page.keyboard.press("ArrowRight")
    assert page.text_content("#story-title") == title
    assert page.evaluate("location.hash") == "#present&step=1"
