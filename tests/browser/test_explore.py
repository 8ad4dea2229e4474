"""Exploring a big imported model on the page: find and focus, legal-basis and "flows into" filters.

Runs on IAB Europe's TCF vendor list v17 (711 nodes, 6,931 flows: the page's large mode), imported with
`flows.input.importers.gvl` and rendered once per module. Expected sets come from the model data in Python
(and, for purposes, from the vendor list itself), never from the page.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page

from flows.input.importers.gvl import import_gvl, read_gvl
from flows.input.load import load_model
from flows.output.page import render_html, render_view
from flows.view.page_view import page_view
from tests.browser.conftest import FOREIGN_ELEMENTS
from tests.browser.test_page import FIXTURE, ROOT, open_page, write_page
from tests.hostile import PAYLOADS, hostile_model_text

pytestmark = pytest.mark.browser

GVL_V17 = ROOT / "tests" / "fixtures" / "tcf-gvl" / "vendor-list-v17.json"
COSMOSE = ROOT / "models" / "cosmose-omnicookie.yaml"
SHOWN_NODES = "window.adflows.nodes.get({filter: n => !n.hidden}).map(n => n.id)"
SHOWN_EDGES = "window.adflows.edges.get({filter: e => !e.hidden}).map(e => e.id)"
# A filter change measured from the click to two animation frames later (the redraw included).
TIMED_CLICK = """async (selector) => {
  const t = performance.now();
  document.querySelector(selector).click();
  await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
  return performance.now() - t;
}"""
# Generous for a busy 2-core CI machine; typical is 0.2-0.5 s (see the report in the task notes).
MAX_FILTER_SECONDS = 2.5


@pytest.fixture(scope="module")
def gvl(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    assert GVL_V17.exists(), f"the vendor-list fixture is missing: {GVL_V17}"
    raw = GVL_V17.read_bytes()
    imported = import_gvl(read_gvl(raw))
    model_dict = imported.model
    model = load_model(imported.yaml(), filename="tcf-gvl.yaml")
    path = tmp_path_factory.mktemp("gvl") / "gvl.html"
    path.write_text(render_html(model), encoding="utf-8")
    # The same view without its overview: vis-network's large mode, which draws any large view that
    # has no `overview` (the page itself opens on the overview, tests/browser/test_overview.py).
    without = {k: v for k, v in page_view(model).items() if k != "overview"}
    vis_path = path.with_name("gvl-vis.html")
    vis_path.write_text(render_view(without).html, encoding="utf-8")
    yield {"url": path.as_uri(), "vis_url": vis_path.as_uri(), "model": model_dict, "list": json.loads(raw)}


@pytest.fixture
def gvl_page(page: Page, gvl: dict[str, Any]) -> Page:
    open_page(page, gvl["url"])
    return page


def shown(page: Page) -> tuple[set[str], set[str]]:
    return set(page.evaluate(SHOWN_NODES)), set(page.evaluate(SHOWN_EDGES))


def around(model: dict[str, Any], node_ids: set[str]) -> tuple[set[str], set[str]]:
    """Nodes and flows a focus on these nodes should leave: the nodes, their neighbours, their flows."""
    flows = [f for f in model["flows"] if f["source"] in node_ids or f["target"] in node_ids]
    nodes = set(node_ids) | {f["source"] for f in flows} | {f["target"] for f in flows}
    return nodes, {f["id"] for f in flows}


def vendors_declaring(gvl_list: dict[str, Any], purpose: int) -> set[str]:
    return {
        f"vendor-{v['id']}"
        for v in gvl_list["vendors"].values()
        if not v.get("deletedDate") and purpose in [*v.get("purposes", []), *v.get("legIntPurposes", [])]
    }


def test_search_focuses_a_vendor_and_show_everything_restores(gvl_page: Page, gvl: dict[str, Any]) -> None:
    model = gvl["model"]
    google = [n for n in model["nodes"] if "google" in n["name"].lower()]
    assert google, "the v17 list has a Google vendor"
    total_nodes, total_flows = len(model["nodes"]), len(model["flows"])

    gvl_page.fill("#find-input", "Google")
    options = gvl_page.eval_on_selector_all(
        "#find-results [role=option] .find-name", "xs => xs.map(x => x.textContent)"
    )
    assert options and all("google" in o.lower() for o in options)
    assert len(options) <= 20
    assert gvl_page.get_attribute("#find-input", "aria-expanded") == "true"
    first = next(n for n in google if n["name"] == options[0])
    gvl_page.press("#find-input", "Enter")

    nodes, flows = around(model, {first["id"]})
    assert shown(gvl_page) == (nodes, flows)
    assert gvl_page.evaluate("window.adflows.nodes.get({filter: n => !n.hidden}).length") == len(nodes)
    assert len(nodes) < 40  # a vendor, the device and its purposes and features
    assert gvl_page.is_visible("#panel")
    assert gvl_page.inner_text("#panel-title") == first["name"]
    status = gvl_page.inner_text("#focus-status")
    assert f"Focused on “{first['name']}”" in status and "Show everything" in status
    assert gvl_page.url.endswith("#focus=" + first["id"])
    assert gvl_page.is_hidden("#find-results")

    gvl_page.click("#focus-status button")
    after = shown(gvl_page)
    assert (len(after[0]), len(after[1])) == (total_nodes, total_flows)
    assert gvl_page.is_hidden("#focus-status")
    assert "#focus=" not in gvl_page.url
    assert gvl_page.input_value("#find-input") == ""


def test_find_keyboard_arrow_enter_and_escape(gvl_page: Page, gvl: dict[str, Any]) -> None:
    gvl_page.fill("#find-input", "purpose 3")
    gvl_page.press("#find-input", "ArrowDown")
    active = gvl_page.get_attribute("#find-input", "aria-activedescendant")
    assert active == "find-option-0"
    assert gvl_page.get_attribute(f"#{active}", "aria-selected") == "true"
    gvl_page.press("#find-input", "Escape")
    assert gvl_page.input_value("#find-input") == ""
    assert gvl_page.is_hidden("#find-results")
    assert len(shown(gvl_page)[0]) == len(gvl["model"]["nodes"])  # nothing was focused
    gvl_page.fill("#find-input", "zzzz-no-such-thing")
    assert "No matches" in gvl_page.inner_text("#find-count")
    gvl_page.press("#find-input", "Enter")
    assert gvl_page.is_hidden("#focus-status")


def test_unticking_consent_hides_consent_flows_only(gvl_page: Page, gvl: dict[str, Any]) -> None:
    model = gvl["model"]
    gvl_page.click("#tool-filters summary")
    labels = gvl_page.inner_text("#tool-filters fieldset[data-group='legal']")
    for word in ("Consent", "Legitimate interest", "None stated"):
        assert word in labels
    seconds = (
        gvl_page.evaluate(TIMED_CLICK, "#tool-filters input[data-group='legal'][value='consent']") / 1000
    )
    nodes, flows = shown(gvl_page)
    consent = {f["id"] for f in model["flows"] if f.get("legal_basis", "unknown") == "consent"}
    assert consent and flows == {f["id"] for f in model["flows"]} - consent
    assert len(nodes) == len(model["nodes"])  # nodes stay: only flows are hidden
    status = gvl_page.inner_text("#filter-status")
    assert f"{len(consent):,} flows hidden" in status and "hide flows only" in status
    assert seconds < MAX_FILTER_SECONDS
    gvl_page.click("#filter-status button")
    assert len(shown(gvl_page)[1]) == len(model["flows"])


def test_flows_into_purpose_1_shows_the_vendors_that_declare_it(gvl_page: Page, gvl: dict[str, Any]) -> None:
    gvl_page.click("#tool-filters summary")
    boxes = gvl_page.eval_on_selector_all(
        "#tool-filters input[data-group='into']", "bs => bs.map(b => b.value)"
    )
    assert "purpose-1" in boxes and len(boxes) <= 60
    seconds = (
        gvl_page.evaluate(TIMED_CLICK, "#tool-filters input[data-group='into'][value='purpose-1']") / 1000
    )
    nodes, flows = shown(gvl_page)
    vendors = vendors_declaring(gvl["list"], 1)
    assert vendors
    assert nodes == vendors | {"purpose-1"}
    assert flows == {f["id"] for f in gvl["model"]["flows"] if f["target"] == "purpose-1"}
    assert seconds < MAX_FILTER_SECONDS
    # Composes with the legal-basis filter: purpose 1 on consent only leaves the legitimate-interest vendors.
    gvl_page.click("#tool-filters input[data-group='legal'][value='consent']")
    li_vendors = {
        f"vendor-{v['id']}"
        for v in gvl["list"]["vendors"].values()
        if not v.get("deletedDate") and 1 in v.get("legIntPurposes", []) and 1 not in v.get("purposes", [])
    }
    assert shown(gvl_page)[0] == li_vendors | {"purpose-1"}


def test_focus_link_works_on_load_and_on_hash_change(page: Page, gvl: dict[str, Any]) -> None:
    open_page(page, gvl["url"] + "#focus=purpose-3")
    vendors = vendors_declaring(gvl["list"], 3)
    nodes, flows = shown(page)
    assert nodes == vendors | {"purpose-3"}
    assert flows == around(gvl["model"], {"purpose-3"})[1]
    assert page.is_visible("#focus-status")
    page.evaluate("window.location.hash = '#focus=vendor-755'")
    page.wait_for_function("document.getElementById('panel-title').textContent.includes('Google')")
    assert shown(page) == around(gvl["model"], {"vendor-755"})


def test_large_mode_legend_says_line_styles_show_on_selection(gvl_page: Page) -> None:
    heading = gvl_page.inner_text("#legend-evidence-heading")
    assert "when it is selected" in heading
    assert gvl_page.is_visible("#legend-evidence-note")


def test_large_mode_builds_the_filters_after_the_first_frame_all_ticked(gvl_page: Page) -> None:
    """Large graphs put the filter checkboxes off until after the first frame; closed panel, no click."""
    assert gvl_page.evaluate("document.getElementById('tool-filters').open") is False
    gvl_page.wait_for_selector("#tool-filters input[data-group='legal']", state="attached")
    ticked = gvl_page.eval_on_selector_all(
        "#tool-filters input[type='checkbox']", "bs => bs.map(b => [b.dataset.group, b.checked])"
    )
    assert ticked and all(checked == (group != "into") for group, checked in ticked)
    assert len(shown(gvl_page)[1]) == len(gvl_page.evaluate("window.adflows.view.edges"))


# Painted samples of the graph's canvas (it is clear wherever nothing was drawn).
COUNT_INK = """function countInk() {
  const canvas = document.querySelector('#network canvas');
  const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  let ink = 0;
  for (let i = 3; i < pixels.length; i += 16) if (pixels[i] > 64) ink++;
  return ink;
}"""
# Runs in the page before its own scripts: what the first frame held, seen from its afterDrawing.
FIRST_FRAME_PROBE = (
    COUNT_INK
    + """
new MutationObserver((_, observer) => {
  if (!document.body || document.body.dataset.drawn !== '1') return;
  observer.disconnect();
  const ready = document.body.dataset.ready || null;
  window.firstFrame = { ready: ready, panels: Boolean(window.adflows), ink: countInk() };
}).observe(document, {subtree: true, attributes: true, attributeFilter: ['data-drawn']});
"""
)
INK = f"() => ({COUNT_INK})()"


def test_large_graph_first_frame_sketches_the_flows_then_vis_takes_them_over(
    page: Page, gvl: dict[str, Any]
) -> None:
    """The first frame comes before vis has an object per flow, yet already shows every flow."""
    page.context.add_init_script(FIRST_FRAME_PROBE)
    open_page(page, gvl["vis_url"])
    first = page.evaluate("window.firstFrame")
    assert first["ready"] is None and first["panels"] is False  # drawn before the rest was set up
    assert page.evaluate("window.adflows.edges.length") == len(gvl["model"]["flows"])
    page.evaluate("new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))")
    ink_now = page.evaluate(INK)
    # Flows are most of the picture: without the sketch the first frame would hold the nodes alone.
    # (Measured on this list: 45,957 painted samples with the sketch, 45,977 after vis took over, 24,692
    # with the nodes alone.)
    assert 0.85 * ink_now < first["ink"] < 1.15 * ink_now, (first["ink"], ink_now)


def test_small_model_legend_is_unchanged(page: Page, tmp_path: Path) -> None:
    open_page(page, write_page(tmp_path, COSMOSE))
    assert page.inner_text("#legend-evidence-heading") == "Evidence (line and border style)"
    assert page.is_hidden("#legend-evidence-note")


def test_party_and_data_item_focus_on_a_small_model(page: Page, tmp_path: Path) -> None:
    open_page(page, write_page(tmp_path, COSMOSE))
    model = page.evaluate("window.adflows.view")
    found = page.evaluate("window.adflows.panels.find('cosmose')")
    party = next(f for f in found if f["kind"] == "party")
    party_nodes = {n["id"] for n in model["nodes"] if n["party"] == party["id"]}
    assert len(party_nodes) > 1
    page.evaluate("id => window.adflows.panels.focus(id, 'party')", party["id"])
    edges = [e for e in model["edges"] if e["source"] in party_nodes or e["target"] in party_nodes]
    expected = party_nodes | {e["source"] for e in edges} | {e["target"] for e in edges}
    assert shown(page) == (expected, {e["id"] for e in edges})
    # A data item: the flows carrying it and the nodes holding it.
    item = model["data"][0]["id"]
    page.evaluate("id => window.adflows.panels.focus(id, 'data')", item)
    carrying = [e for e in model["edges"] if item in e["data"]]
    holders = {n["id"] for n in model["nodes"] if item in n["holds"]}
    ends = {e["source"] for e in carrying} | {e["target"] for e in carrying}
    assert shown(page) == (holders | ends, {e["id"] for e in carrying})
    assert "#focus=" in page.url
    # Focus composes with the filters: hiding a kind while focused keeps both in force.
    page.evaluate("id => window.adflows.panels.focus(id, 'party')", party["id"])
    page.click("#tool-filters summary")
    page.click("#tool-filters input[data-group='kind'][value='sensor']")
    kind = {n["id"]: n["kind"] for n in model["nodes"]}
    kept = [e for e in edges if kind[e["source"]] != "sensor" and kind[e["target"]] != "sensor"]
    own = {n for n in party_nodes if kind[n] != "sensor"}
    assert shown(page) == (
        own | {e["source"] for e in kept} | {e["target"] for e in kept},
        {e["id"] for e in kept},
    )
    assert page.is_visible("#focus-status") and page.is_visible("#filter-status")
    page.click("#focus-status button")
    assert all(kind[n] != "sensor" for n in shown(page)[0])  # the filter outlives the focus
    page.click("#filter-status button")
    assert len(shown(page)[0]) == len(model["nodes"])


def test_filter_and_focus_timings_on_the_vendor_list(gvl_page: Page) -> None:
    """One filter change and one focus on ~7,000 flows, each well under the bound (typically < 0.5 s)."""
    timings = {}
    started = time.perf_counter()
    gvl_page.evaluate("window.adflows.panels.focus('vendor-755')")
    timings["focus"] = time.perf_counter() - started
    started = time.perf_counter()
    gvl_page.evaluate("window.adflows.panels.clearFocus()")
    timings["clear"] = time.perf_counter() - started
    gvl_page.click("#tool-filters summary")
    timings["legal"] = (
        gvl_page.evaluate(TIMED_CLICK, "#tool-filters input[data-group='legal'][value='consent']") / 1000
    )
    print("timings (s):", {k: round(v, 3) for k, v in timings.items()})
    assert all(t < MAX_FILTER_SECONDS for t in timings.values()), timings


def test_hostile_model_with_search_used_runs_no_script(page: Page, tmp_path: Path) -> None:
    text = hostile_model_text(FIXTURE.read_text(encoding="utf-8"))
    open_page(page, write_page(tmp_path, text, filename="hostile.yaml"))
    for query in ("<img", "script", "svg", "alert", "&amp;", "\u2028", "name"):
        page.fill("#find-input", query)
        page.press("#find-input", "ArrowDown")
        page.press("#find-input", "Enter")
    page.fill("#find-input", "<")
    options = page.eval_on_selector_all("#find-results [role=option]", "xs => xs.map(x => x.textContent)")
    assert any(p.split(" ")[0] in o for o in options for p in PAYLOADS)
    page.press("#find-input", "Enter")
    assert page.is_visible("#focus-status")
    page.click("#tool-filters summary")
    for box in page.query_selector_all(
        "#tool-filters input[data-group='legal'], #tool-filters input[data-group='into']"
    ):
        box.click()
    page.click("#focus-status button")
    assert page.evaluate("document.body.dataset.pwned") is None
    assert page.evaluate(FOREIGN_ELEMENTS) == 0


TWO_FRAMES = "new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))"


def drag_ink(page: Page, steps: int = 8) -> tuple[int, int]:
    """Painted samples in the middle of a drag of the graph's view, then after letting go."""
    box = page.locator("#network canvas").bounding_box()
    assert box is not None
    x, y = box["x"] + 4, box["y"] + 4  # a corner of the fitted view: empty, so the view moves
    page.mouse.move(x, y)
    page.mouse.down()
    for step in range(1, steps + 1):
        page.mouse.move(x + 3 * step, y + 2 * step)
    page.evaluate(TWO_FRAMES)
    during = page.evaluate(INK)
    page.mouse.up()
    page.evaluate(TWO_FRAMES)
    return during, page.evaluate(INK)


def test_large_graph_sketches_its_shown_nodes_while_dragged(page: Page, gvl: dict[str, Any]) -> None:
    """vis hides a large graph's nodes and flows during a drag; a sketch of the nodes stands in (not a
    blank canvas), leaves out what the filters hide, and vis draws everything again on release."""
    open_page(page, gvl["vis_url"])
    gvl_page = page
    gvl_page.evaluate(TWO_FRAMES)
    full = gvl_page.evaluate(INK)
    during, after = drag_ink(gvl_page)
    assert 0.2 * full < during < 0.8 * full, (during, full)  # the nodes, without the flows
    assert 0.85 * full < after < 1.15 * full, (after, full)
    # Hide the vendors (platform nodes, most of the picture) with the kind filter: the sketch leaves
    # them out too, and draws the rest.
    gvl_page.click("#tool-filters summary")
    gvl_page.click("#tool-filters input[data-group='kind'][value='platform']")
    vendors = sum(1 for n in gvl["model"]["nodes"] if n["kind"] == "platform")
    assert len(gvl_page.evaluate(SHOWN_NODES)) == len(gvl["model"]["nodes"]) - vendors
    filtered_during, _ = drag_ink(gvl_page)
    assert 0 < filtered_during < during / 3, (filtered_during, during)
