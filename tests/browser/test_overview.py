"""The overview of a large model in Debian's Chromium: groups first, a group's members, one vendor with its
own flows, Find into a group, and back; the packed payload rebuilt into the documented view.

Runs on IAB Europe's TCF vendor list v17 (711 nodes, 6,931 flows), imported with `flows.input.importers.gvl`
and rendered once per module. Floors are counts (drawn elements, overlaps), never times. Expected
members and flows come from the model in Python.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page

from flows.input.importers.gvl import import_gvl, read_gvl
from flows.input.load import load_model
from flows.output.page import render_html
from flows.view.overview import MAX_DRAWN
from flows.view.page_view import page_view
from tests.browser.test_page import open_page, settle

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
GVL_V17 = ROOT / "tests" / "fixtures" / "tcf-gvl" / "vendor-list-v17.json"
LEVEL = "document.body.dataset.overviewLevel"
DRAWN_NODES = "[...document.querySelectorAll('svg.picture g.node')].map(g => g.dataset.id)"
DRAWN_EDGES = "[...document.querySelectorAll('svg.picture g.edge')].map(g => g.dataset.id)"


@pytest.fixture(scope="module")
def gvl(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    assert GVL_V17.exists(), f"the vendor-list fixture is missing: {GVL_V17}"
    model = load_model(import_gvl(read_gvl(GVL_V17.read_bytes())).yaml(), filename="tcf-gvl.yaml")
    path = tmp_path_factory.mktemp("overview") / "gvl.html"
    path.write_text(render_html(model), encoding="utf-8")
    view = page_view(model)
    yield {"url": path.as_uri(), "model": model, "view": view}


@pytest.fixture
def viewport() -> dict[str, int]:
    """The overview is read on a projector (the shared `page` fixture opens at this size)."""
    return {"width": 1280, "height": 720}


def _overlaps(boxes: list[list[float]]) -> int:
    def hit(a: list[float], b: list[float]) -> bool:
        return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]

    return sum(hit(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1 :])


def test_packed_payload_becomes_the_documented_view(page: Page, gvl: dict[str, Any]) -> None:
    open_page(page, gvl["url"])
    got = page.evaluate("JSON.stringify({nodes: adflows.view.nodes, edges: adflows.view.edges})")
    expected = gvl["view"]
    assert json.loads(got) == json.loads(json.dumps({"nodes": expected["nodes"], "edges": expected["edges"]}))
    assert page.evaluate("'packed' in window.adflows.view") is False


def test_overview_draws_groups_without_overlaps_at_projector_size(page: Page, gvl: dict[str, Any]) -> None:
    open_page(page, gvl["url"])
    settle(page)
    assert page.evaluate(LEVEL) == "overview"
    geometry = page.evaluate("window.adflows.geometry()")
    groups = gvl["view"]["overview"]["groups"]
    drawn_edges = {s["id"] for s in geometry["segs"]}
    assert len(geometry["nodes"]) == len(groups)
    assert len(geometry["nodes"]) + len(drawn_edges) <= MAX_DRAWN
    assert _overlaps([n["box"] for n in geometry["nodes"]]) == 0
    assert _overlaps([label["box"] for label in geometry["labels"] if not label.get("edge")]) == 0
    assert min(label["font"] for label in geometry["labels"]) >= 10
    labels = page.eval_on_selector_all("svg.picture g.node text", "ts => ts.map(t => t.textContent)")
    assert any("platforms" in text for text in labels)
    assert "711 nodes in " in page.inner_text(".overview-bar")


def test_click_opens_a_group_then_a_member_with_its_own_flows_and_back(
    page: Page, gvl: dict[str, Any]
) -> None:
    model = gvl["model"]
    groups = gvl["view"]["overview"]["groups"]
    biggest = max(groups, key=lambda g: g["count"])
    open_page(page, gvl["url"])
    page.click(f"svg.picture g.node[data-id='{biggest['id']}']")
    assert page.evaluate(LEVEL) == "group"
    assert page.url.endswith("#group=" + biggest["id"])
    first_page = [model.nodes[i].id for i in biggest["members"][:20]]
    drawn = page.evaluate(DRAWN_NODES)
    assert [n for n in drawn if not n.startswith("overview:")] == first_page
    assert f"members 1\u201320 of {biggest['count']}" in page.inner_text(".overview-bar")  # an en dash

    page.click(".overview-bar button:has-text('Next')")
    drawn = page.evaluate(DRAWN_NODES)
    assert [n for n in drawn if not n.startswith("overview:")] == [
        model.nodes[i].id for i in biggest["members"][20:40]
    ]

    member = model.nodes[biggest["members"][20]]
    page.click(f"svg.picture g.node[data-id='{member.id}']")
    assert page.evaluate(LEVEL) == "focus"
    own = {f.id for f in model.flows if member.id in (f.source, f.target)}
    assert set(page.evaluate(DRAWN_EDGES)) == own
    assert page.inner_text("#panel-title") == member.name
    assert "with its own flows" in page.inner_text(".overview-bar")

    page.click(".overview-bar button:has-text('Overview')")
    assert page.evaluate(LEVEL) == "overview"
    assert set(page.evaluate(DRAWN_NODES)) == {g["id"] for g in groups}


def test_enter_on_a_group_and_the_url_fragment_open_it(page: Page, gvl: dict[str, Any]) -> None:
    groups = gvl["view"]["overview"]["groups"]
    open_page(page, gvl["url"])
    page.focus(f"svg.picture g.node[data-id='{groups[2]['id']}']")
    page.keyboard.press("Enter")
    assert page.evaluate(LEVEL) == "group"
    assert groups[2]["label"] in page.inner_text(".overview-bar")

    open_page(page, gvl["url"].split("#")[0] + "#group=" + groups[-1]["id"])
    assert page.evaluate(LEVEL) == "group"
    assert groups[-1]["label"] in page.inner_text(".overview-bar")


def test_find_reaches_a_single_vendor_inside_a_group(page: Page, gvl: dict[str, Any]) -> None:
    model = gvl["model"]
    vendor = next(n for n in model.nodes if "google" in n.name.lower())
    open_page(page, gvl["url"])
    page.fill("#find-input", vendor.name)
    page.press("#find-input", "Enter")
    settle(page)
    assert page.evaluate(LEVEL) == "focus"
    drawn = set(page.evaluate(DRAWN_NODES))
    assert vendor.id in drawn
    own = {f.id for f in model.flows if vendor.id in (f.source, f.target)}
    assert set(page.evaluate(DRAWN_EDGES)) == own
    assert page.inner_text("#panel-title") == vendor.name
    group = next(g for g in gvl["view"]["overview"]["groups"] if model.nodes.index(vendor) in g["members"])
    page.click(".overview-bar button:has-text('Group:')")
    assert page.evaluate(LEVEL) == "group"
    assert group["label"] in page.inner_text(".overview-bar")
    page.click(".overview-bar button:has-text('Overview')")
    assert page.evaluate(LEVEL) == "overview"


def test_findings_arrive_grouped_by_rule(page: Page, gvl: dict[str, Any]) -> None:
    open_page(page, gvl["url"])
    limits = gvl["view"]["limits"]
    heads = page.eval_on_selector_all(".finding-rule-group", "xs => xs.map(x => x.textContent)")
    big = {rule: n for rule, n in limits["findings_by_rule"].items() if n > limits["findings_grouped_above"]}
    assert big and len(heads) == len(big)
    for rule, count in big.items():
        assert any(f"{count:,} findings of the rule “{rule}”" in head for head in heads)
