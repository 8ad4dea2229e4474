"""What a person sees: the exported page draws, clicks open details, the story plays, XSS stays inert."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page

import flows
from flows.render_html import render_html
from tests.browser.conftest import FOREIGN_ELEMENTS, SETTLE
from tests.hostile import PAYLOADS, hostile_model_text

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "mini-store.yaml"
MODELS = [*sorted((ROOT / "models").glob("*.yaml")), FIXTURE]

READY = "document.body.dataset.ready === '1'"
# Page coordinates of a node's centre, or of a point on an edge, from vis-network's own geometry.
NODE_POINT = """id => {
  const n = window.adflows.network;
  const p = n.canvasToDOM(n.getPositions([id])[id]);
  const r = document.querySelector('#network canvas, #network svg').getBoundingClientRect();
  return {x: p.x + r.left, y: p.y + r.top, topmost: n.getNodeAt(p) === id};
}"""
# A point on some edge that is on screen, not under a node or the panel, and near no other flow.
# Points along each edge are tried, not only the midpoint: compact layouts cross flows in the middle.
CLICKABLE_EDGE = """() => {
  const n = window.adflows.network;
  if (n.kind === 'svg') {
    // The SVG picture: an edge label (or its count badge) on screen, on top where it is drawn.
    for (const g of document.querySelectorAll('#network .edge-label, #network .edge-badge')) {
      const r = g.getBoundingClientRect();
      if (r.width === 0) continue;
      const x = r.left + r.width / 2, y = r.top + r.height / 2;
      if (x < 5 || y < 5 || x > innerWidth - 5 || y > innerHeight - 5) continue;
      const hit = document.elementFromPoint(x, y);
      if (hit && hit.closest('.edge-label, .edge-badge') === g) return {id: g.dataset.id, x: x, y: y};
    }
    return null;
  }
  const canvas = document.querySelector('#network canvas, #network svg').getBoundingClientRect();
  for (const id of window.adflows.edges.getIds()) {
    const [a, b] = n.getConnectedNodes(id);
    const pos = n.getPositions([a, b]);
    for (const t of [0.5, 0.4, 0.6, 0.3, 0.7]) {
      const x = pos[a].x + (pos[b].x - pos[a].x) * t;
      const at = n.canvasToDOM({x: x, y: pos[a].y + (pos[b].y - pos[a].y) * t});
      if (at.x < 5 || at.y < 5 || at.x > canvas.width - 5 || at.y > canvas.height - 5) continue;
      if (n.getNodeAt(at) !== undefined || n.getEdgeAt(at) !== id) continue;
      const near = [];
      for (const d of [6, 12]) {
        for (const [dx, dy] of [[-d, 0], [d, 0], [0, -d], [0, d], [-d, -d], [d, d], [-d, d], [d, -d]]) {
          near.push(n.getEdgeAt({x: at.x + dx, y: at.y + dy}));
        }
      }
      if (near.some((other) => other !== undefined && other !== id)) continue;
      return {id: id, x: at.x + canvas.left, y: at.y + canvas.top};
    }
  }
  return null;
}"""


def write_page(tmp_path: Path, model_source: Any, name: str = "page.html", **kwargs: Any) -> str:
    model = flows.load_model(model_source, **kwargs)
    path = tmp_path / name
    path.write_text(render_html(model), encoding="utf-8")
    return path.as_uri()


def open_page(page: Page, url: str) -> None:
    page.goto(url)
    page.wait_for_function(READY)


def settle(page: Page) -> None:
    """Wait until the picture's camera stands still (the SVG picture animates its moves)."""
    page.evaluate(SETTLE)


def view(page: Page) -> dict[str, Any]:
    result: dict[str, Any] = page.evaluate("window.adflows.view")
    return result


def click_node(page: Page, node_id: str) -> None:
    # The SVG picture zooms no further out than labels stay legible: bring the node on screen first.
    page.locator("#network").scroll_into_view_if_needed()
    page.evaluate(
        "id => { const n = window.adflows.network; if (n.kind === 'svg') n.reveal([id], []); }", node_id
    )
    settle(page)
    point = page.evaluate(NODE_POINT, node_id)
    page.mouse.click(point["x"], point["y"])


@pytest.mark.parametrize("model_path", MODELS, ids=lambda p: p.name)
def test_page_draws_and_opens_details(page: Page, tmp_path: Path, model_path: Path) -> None:
    url = write_page(tmp_path, model_path)
    open_page(page, url)
    size = page.evaluate(
        "(() => { const c = document.querySelector('#network canvas, #network svg');"
        " if (!c) return [0, 0]; const r = c.getBoundingClientRect(); return [r.width, r.height]; })()"
    )
    assert size[0] > 0 and size[1] > 0
    data = view(page)
    assert page.text_content("#model-title") == data["model"]["title"]

    node = data["nodes"][0]
    click_node(page, node["id"])
    assert page.is_visible("#panel")
    assert page.text_content("#panel-title") == node["label"]
    assert page.text_content("#panel .badge") == node["evidence_label"]

    page.keyboard.press("Escape")
    assert not page.is_visible("#panel")

    page.locator("#network").scroll_into_view_if_needed()
    settle(page)
    edge = page.evaluate(CLICKABLE_EDGE)
    assert edge is not None, "no point on any edge is clear of nodes and other flows"
    page.mouse.click(edge["x"], edge["y"])
    assert page.is_visible("#panel")
    assert page.get_attribute("#panel", "data-id") == edge["id"]
    assert page.get_attribute("#panel", "data-kind") == "edge"


def test_panel_shows_sources_with_safe_links(page: Page, tmp_path: Path) -> None:
    open_page(page, write_page(tmp_path, FIXTURE))
    page.evaluate("window.adflows.openPanel('node', 'sensor')")
    links = page.eval_on_selector_all(
        "#panel a", "as => as.map(a => [a.textContent, a.href, a.rel, a.target])"
    )
    assert links == [
        ["Vendor product page", "https://example.org/vendor", "noopener noreferrer", "_blank"],
        ["Shops track phones, report says", "https://example.org/press", "noopener noreferrer", "_blank"],
    ]
    assert "Company claim" in page.text_content("#panel .badge")


def test_edge_panel_lists_what_the_person_was_told(page: Page, tmp_path: Path) -> None:
    open_page(page, write_page(tmp_path, FIXTURE))
    page.evaluate("window.adflows.openPanel('edge', 'upload')")
    text = page.text_content("#panel")
    for expected in (
        "Wi-Fi MAC address, Store visit",
        "Internet upload",
        "A sign in the store",
        "Can opt out",
        "Legitimate interest",
        "unlimited",
        "Company claim",
    ):
        assert expected in text


def test_story_goes_forward_with_arrow_key_and_updates_url(page: Page, tmp_path: Path) -> None:
    open_page(page, write_page(tmp_path, FIXTURE))
    assert page.get_attribute("#story-step", "data-step") == "0"
    page.keyboard.press("ArrowRight")
    assert page.get_attribute("#story-step", "data-step") == "1"
    assert page.evaluate("location.hash") == "#step=1"
    assert page.text_content("#story-title") == "Walking past"
    selected = page.evaluate("window.adflows.network.getSelection()")
    assert "probe" in selected["edges"] and "phone" in selected["nodes"]
    page.keyboard.press("ArrowRight")
    assert page.evaluate("location.hash") == "#step=2"
    page.keyboard.press("ArrowLeft")
    assert page.get_attribute("#story-step", "data-step") == "1"
    page.click("#story-next")
    page.click("#story-next")
    assert page.get_attribute("#story-step", "data-step") == "3"
    assert page.is_disabled("#story-next")


def test_url_fragment_opens_a_step(page: Page, tmp_path: Path) -> None:
    open_page(page, write_page(tmp_path, FIXTURE) + "#step=2")
    assert page.get_attribute("#story-step", "data-step") == "2"
    assert page.text_content("#story-title") == "Into the cloud"
    assert sorted(page.evaluate("window.adflows.network.getSelectedEdges()")) == ["upload"]


def test_play_button_toggles(page: Page, tmp_path: Path) -> None:
    open_page(page, write_page(tmp_path, FIXTURE))
    page.click("#story-play")
    assert page.get_attribute("#story-play", "aria-pressed") == "true"
    assert page.get_attribute("#story-step", "data-step") == "1"
    page.click("#story-play")
    assert page.get_attribute("#story-play", "aria-pressed") == "false"


def test_account_highlights_its_elements(page: Page, tmp_path: Path) -> None:
    open_page(page, write_page(tmp_path, FIXTURE))
    page.click('#accounts-list button:has-text("The NGO\'s account")')
    selection = page.evaluate("window.adflows.network.getSelection()")
    assert sorted(selection["nodes"]) == ["audience"]
    assert sorted(selection["edges"]) == ["push", "segment"]


def test_flow_table_sorts(page: Page, tmp_path: Path) -> None:
    open_page(page, write_page(tmp_path, FIXTURE))
    column = "#flow-table-head th[data-key='data']"
    cells = "#flow-table-body tr td:nth-child(2)"
    page.click(f"{column} button")
    assert page.get_attribute(column, "aria-sort") == "ascending"
    ascending = page.eval_on_selector_all(cells, "tds => tds.map(td => td.textContent)")
    assert ascending == sorted(ascending, key=str.casefold)
    page.click(f"{column} button")
    assert page.get_attribute(column, "aria-sort") == "descending"
    descending = page.eval_on_selector_all(cells, "tds => tds.map(td => td.textContent)")
    assert descending == sorted(ascending, key=str.casefold, reverse=True)
    assert page.eval_on_selector_all("#flow-table-head th[aria-sort]", "ths => ths.length") == 1


def test_text_alternative_lists_story_and_sources(page: Page, tmp_path: Path) -> None:
    open_page(page, write_page(tmp_path, FIXTURE))
    assert page.eval_on_selector_all("#narrative-list > li", "lis => lis.length") == 3
    assert page.eval_on_selector_all("#flow-table-body tr", "trs => trs.length") == 6
    assert page.eval_on_selector_all("#sources-list > li", "lis => lis.length") == 4
    # The NGO study has no URL, so it is plain text, not a link.
    assert page.eval_on_selector_all("#sources-list a", "as => as.length") == 3


def test_hostile_model_stays_inert(page: Page, tmp_path: Path) -> None:
    text = hostile_model_text(FIXTURE.read_text(encoding="utf-8"))
    open_page(page, write_page(tmp_path, text, filename="hostile.yaml"))
    data = view(page)
    for node in data["nodes"]:
        page.keyboard.press("Escape")  # the details drawer covers the right of the graph
        settle(page)
        point = page.evaluate(NODE_POINT, node["id"])
        page.mouse.move(point["x"], point["y"])
        page.wait_for_timeout(50)
        if point["topmost"]:
            page.mouse.click(point["x"], point["y"])
        else:  # another node's shape covers this one's centre
            page.evaluate("id => window.adflows.openPanel('node', id)", node["id"])
        assert page.text_content("#panel-title") == node["label"]
    for edge in data["edges"]:
        page.evaluate("id => window.adflows.openPanel('edge', id)", edge["id"])
        assert (edge["purpose"] or "") in page.text_content("#panel")
    page.keyboard.press("Escape")
    page.locator("#network").scroll_into_view_if_needed()
    settle(page)
    edge = page.evaluate(CLICKABLE_EDGE)
    assert edge is not None
    page.mouse.click(edge["x"], edge["y"])
    assert page.get_attribute("#panel", "data-id") == edge["id"]
    for account in data["accounts"]:
        page.evaluate("id => window.adflows.highlightAccount(id)", account["id"])
    for step in range(len(data["story"]) + 1):
        page.keyboard.press("ArrowRight")
        assert page.text_content("#story-title") == data["story"][min(step, len(data["story"]) - 1)]["title"]
    page.click("#flow-table-head th button")
    page.evaluate("window.adflows.openPanel('node', 'person')")

    assert page.evaluate("document.body.dataset.pwned") is None
    assert page.evaluate(FOREIGN_ELEMENTS) == 0
    # The payloads are shown as literal text.
    assert page.text_content("#model-title") == data["model"]["title"]
    assert data["model"]["title"].startswith(PAYLOADS[0])
    panel = page.text_content("#panel")
    assert data["nodes"][0]["description"] in panel
    assert any(p in panel for p in PAYLOADS)


def test_guard_records_external_requests(page: Page, guard: Any) -> None:
    """The network guard itself works: a request to another host is aborted and recorded."""
    page.set_content('<img src="http://example.invalid/pixel.png">')
    page.wait_for_function("document.images[0].complete")
    page.wait_for_timeout(200)
    assert guard.blocked == ["http://example.invalid/pixel.png"]
    guard.blocked.clear()
    guard.errors.clear()  # the aborted image load is also logged as a console error
