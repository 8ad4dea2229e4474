"""The editor in a real browser: typing updates the live graph, errors point at their lines, share
links round-trip in a fresh browser, downloads work, damaged or oversize links say so.

Runs against a real uvicorn server on 127.0.0.1; every page is guarded (no request leaves 127.0.0.1,
no console error, no dialog).
"""

from __future__ import annotations

import json
import random
import string
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path

import pytest
from playwright.sync_api import Page

from tests.browser.web_server import WebServer, fresh_page, web_server  # noqa: F401  (fixtures)
from web.security import SITE_CSP

pytestmark = pytest.mark.browser

FreshPage = Callable[[], AbstractContextManager[Page]]


def state_is(page: Page, state: str) -> None:
    page.wait_for_function(
        "s => document.getElementById('editor').dataset.state === s", arg=state, timeout=15_000
    )


def open_editor(page: Page, url: str) -> None:
    response = page.goto(url)
    assert response is not None and response.headers["content-security-policy"] == SITE_CSP
    state_is(page, "valid")


def text(page: Page) -> str:
    value: str = page.evaluate("window.adflowsEditor.state.cm.getValue()")
    return value


def line_of(page: Page, needle: str) -> int:
    """1-based number of the first line containing `needle`."""
    return next(i for i, row in enumerate(text(page).split("\n"), 1) if needle in row)


def type_at_end_of_line(page: Page, line: int, typed: str) -> None:
    page.evaluate(
        "line => { const cm = window.adflowsEditor.state.cm;"
        " cm.focus(); cm.setCursor({line: line - 1, ch: cm.getLine(line - 1).length}); }",
        line,
    )
    page.keyboard.type(typed)


def node_count(page: Page) -> int:
    return int(page.evaluate("window.adflowsEditor.state.nodes.length"))


# One line (flow style): the editor keeps the previous line's indentation after Enter.
NEW_NODE = "\n  - {id: typed-node, name: A node typed in the editor, kind: platform, party: example-vendor}"


def test_typing_a_node_updates_the_live_graph(page: Page, web_server: WebServer) -> None:  # noqa: F811
    open_editor(page, web_server.url + "/editor")
    before = node_count(page)
    assert before > 0
    type_at_end_of_line(page, line_of(page, "nodes:"), NEW_NODE)
    page.wait_for_function("n => window.adflowsEditor.state.nodes.length === n", arg=before + 1)
    state_is(page, "valid")
    assert page.evaluate("window.adflowsEditor.state.nodes.get('typed-node').label") == (
        "A node typed in the editor"
    )
    assert "Valid" in page.inner_text("#status")


def test_errors_are_listed_and_marked_at_their_line(page: Page, web_server: WebServer) -> None:  # noqa: F811
    open_editor(page, web_server.url + "/editor")
    before = node_count(page)
    type_at_end_of_line(page, line_of(page, "nodes:"), NEW_NODE.replace("example-vendor", "no-such-party"))
    state_is(page, "invalid")
    bad_line = line_of(page, "no-such-party")
    item = page.locator(f'#problems li[data-line="{bad_line}"]')
    assert "no-such-party" in item.inner_text()
    marked = page.evaluate(
        "line => !!(window.adflowsEditor.state.cm.lineInfo(line - 1).gutterMarkers || {})['cm-problems']",
        bad_line,
    )
    assert marked
    assert page.locator(".CodeMirror .problem-marker").count() >= 1
    assert node_count(page) == before  # the graph keeps the last valid version
    # Clicking the entry puts the cursor on that line.
    item.locator("button").click()
    assert page.evaluate("window.adflowsEditor.state.cm.getCursor().line") == bad_line - 1
    # Break the YAML itself: a syntax error is listed too, then fixing it clears the marks.
    page.keyboard.press("End")
    page.keyboard.type(": [")
    page.wait_for_function("() => document.getElementById('problems').innerText.includes('YAML syntax')")
    for _ in range(len("no-such-party}: [")):
        page.keyboard.press("Backspace")
    page.keyboard.type("example-vendor}")
    state_is(page, "valid")
    assert page.locator(".CodeMirror .problem-marker").count() == 0
    assert page.locator(".CodeMirror .problem-line").count() == 0
    assert page.locator("#problems li").count() == 0


def test_share_link_reopens_the_model_in_a_fresh_browser(
    page: Page,
    web_server: WebServer,  # noqa: F811
    fresh_page: FreshPage,  # noqa: F811
) -> None:
    # wifi-hashed-mac: Cosmose, with its German translation, is too large for a share link.
    open_editor(page, web_server.url + "/editor?model=wifi-hashed-mac")
    type_at_end_of_line(page, 1, " (edited for the share test)")
    state_is(page, "valid")
    original = text(page)
    page.click("#share-button")
    page.wait_for_function("() => document.getElementById('share-url').value.includes('#yaml=')")
    link = page.input_value("#share-url")
    assert link.startswith(web_server.url + "/editor#yaml=")
    assert page.url == link
    with fresh_page() as other:
        open_editor(other, link)
        assert text(other) == original
        assert node_count(other) == node_count(page)


def test_damaged_links_say_so_without_console_errors(page: Page, web_server: WebServer) -> None:  # noqa: F811
    for fragment in ("#yaml=not*base64!", "#yaml=AAAAAAAA", "#yaml=" + "q" * 41):
        page.goto(web_server.url + "/editor" + fragment)
        state_is(page, "valid")  # the editor still works, on its starter model
        page.wait_for_selector("#notice:not([hidden])")
        assert "cannot be opened" in page.inner_text("#notice")


def test_too_long_for_a_link_says_so(page: Page, web_server: WebServer) -> None:  # noqa: F811
    open_editor(page, web_server.url + "/editor")
    noise = "".join(random.Random(4).choices(string.ascii_letters + string.digits, k=60_000))
    page.evaluate("t => window.adflowsEditor.state.cm.replaceRange(t, {line: 0, ch: 0})", f"# {noise}\n")
    state_is(page, "valid")
    page.click("#share-button")
    page.wait_for_selector("#notice:not([hidden])")
    assert "too large for a share link" in page.inner_text("#notice")
    assert page.is_hidden("#share")


def test_downloads(page: Page, web_server: WebServer, tmp_path: Path) -> None:  # noqa: F811
    open_editor(page, web_server.url + "/editor")
    files = {}
    for button in ("download-yaml", "download-json", "download-html", "download-png"):
        with page.expect_download() as info:
            page.click(f"#{button}")
        download = info.value
        target = tmp_path / download.suggested_filename
        download.save_as(target)
        files[button] = target
    assert files["download-yaml"].name == "my-model.yaml"
    assert files["download-yaml"].read_text(encoding="utf-8") == text(page)
    assert json.loads(files["download-json"].read_text(encoding="utf-8"))["model"]["id"] == "my-model"
    page_html = files["download-html"].read_text(encoding="utf-8")
    assert files["download-html"].name == "my-model.html"
    assert page_html.startswith("<!doctype html>") and 'id="adflows-view"' in page_html
    assert files["download-png"].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
