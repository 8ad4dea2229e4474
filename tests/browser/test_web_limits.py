"""The editor with a model holding a thousand problems: the first 200 listed and the rest counted.

Issue 15, item 2: the server lists at most MAX_PROBLEMS problems and counts the rest (`more_errors`);
the editor must say how many there are in all, not only how many were listed.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from flows.input.problem_cap import MAX_PROBLEMS
from tests.browser.web_server import WebServer, web_server  # noqa: F401  (fixture)

pytestmark = pytest.mark.browser

MANY = "format: adflows/1\nid: many\ntitle: Many\nsummary: s\nsources: [" + ",".join(["1"] * 1000) + "]\n"


def test_editor_lists_the_first_problems_and_counts_the_rest(page: Page, web_server: WebServer) -> None:  # noqa: F811
    page.goto(web_server.url + "/editor")
    page.wait_for_function(
        "() => document.getElementById('editor').dataset.state === 'valid'", timeout=15_000
    )
    page.evaluate("text => window.adflowsEditor.state.cm.setValue(text)", MANY)
    page.wait_for_function(
        "() => document.getElementById('editor').dataset.state === 'invalid'", timeout=15_000
    )
    assert page.locator("#problems li").count() == MAX_PROBLEMS + 1
    assert page.locator("#problem-count").inner_text() == "1000"
    assert page.locator("#problems li.more").inner_text() == "… and 800 more, not listed: fix these first."
    assert page.locator("#status").inner_text().startswith("1000 problems")
