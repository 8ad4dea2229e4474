"""Presenter mode with the keyboard alone: reach it by Tab, step with the keys a clicker sends, open a
node's details and leave, never touching the mouse. See docs/accessibility.md."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page

from tests.browser.conftest import SETTLE
from tests.browser.test_page import ROOT, open_page, write_page

pytestmark = pytest.mark.browser

COSMOSE = ROOT / "models" / "cosmose-omnicookie.yaml"
MAX_TABS = 200
FOCUSED = """(() => { const e = document.activeElement;
  return e ? (e.id || e.getAttribute('data-id') || e.tagName) : ''; })()"""
FOCUS_VISIBLE = """(() => { const e = document.activeElement; if (!e || e === document.body) return false;
  const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0; })()"""


def step(page: Page) -> str | None:
    return page.get_attribute("#story-step", "data-step")


def tab_to(page: Page, element_id: str) -> int:
    """Press Tab until the element has focus; the number of presses, or fail."""
    for presses in range(1, MAX_TABS + 1):
        page.keyboard.press("Tab")
        if page.evaluate(FOCUSED) == element_id:
            return presses
    pytest.fail(f"#{element_id} not reached in {MAX_TABS} presses of Tab")


def test_presenter_mode_by_keyboard_alone(page: Page, tmp_path: Path) -> None:
    open_page(page, write_page(tmp_path, COSMOSE))
    last = page.evaluate("window.adflows.view.story.length")
    tab_to(page, "story-present")
    page.keyboard.press("Enter")
    assert page.evaluate("document.body.classList.contains('presenting')")
    assert page.evaluate("location.hash") == "#present&step=0"
    assert page.is_visible("#presenter-help")

    page.keyboard.press("ArrowRight")
    assert step(page) == "1"
    page.keyboard.press("PageDown")
    assert step(page) == "2"
    page.keyboard.press(" ")
    assert step(page) == "3"
    page.keyboard.press("PageUp")
    assert step(page) == "2"
    page.keyboard.press("End")
    assert step(page) == str(last)
    page.keyboard.press("Home")
    assert step(page) == "0"
    assert page.evaluate("location.hash") == "#present&step=0"

    # Tab walks only through things a presenter can see, and reaches the picture's nodes.
    page.evaluate(SETTLE)
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        assert page.evaluate(FOCUS_VISIBLE), f"focus on something hidden: {page.evaluate(FOCUSED)}"
        if page.evaluate("document.activeElement.matches('svg.picture g.node')"):
            break
    else:
        pytest.fail("no node of the picture reached by Tab in presenter mode")
    page.keyboard.press("Enter")
    assert page.is_visible("#panel")
    page.keyboard.press("Escape")
    assert not page.is_visible("#panel")
    assert page.evaluate("document.body.classList.contains('presenting')")

    page.keyboard.press("Escape")
    assert not page.evaluate("document.body.classList.contains('presenting')")
    assert page.evaluate("location.hash") == "#step=0"
