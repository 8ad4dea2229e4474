"""'What can I do?' in a real browser: markers on the hops that have a control, the details panel's part,
the journey-by-journey tool, switching a control on through the what-if, the generated last story step,
and hostile control text shown as text."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from playwright.sync_api import Page

import flows
from flows.output.page import render_html
from tests.browser.conftest import FOREIGN_ELEMENTS
from tests.browser.test_page import ROOT, open_page, view, write_page
from tests.hostile import PAYLOADS

pytestmark = pytest.mark.browser

COSMOSE = ROOT / "models" / "cosmose-omnicookie.yaml"
FIXTURE = ROOT / "tests" / "fixtures" / "controls-store.yaml"
MARKER = (
    "#network g.edge-label[data-id='{flow}'] .control-marker, "
    "#network g.edge-badge[data-id='{flow}'] .control-marker"
)


@pytest.fixture
def store(page: Page, tmp_path: Path) -> Page:
    open_page(page, write_page(tmp_path, FIXTURE))
    return page


def test_hops_with_a_control_carry_a_marker_and_others_do_not(store: Page) -> None:
    assert store.locator(MARKER.format(flow="upload")).count() >= 1
    assert store.locator(MARKER.format(flow="app-feed")).count() == 0
    title = store.text_content("#network g.edge-label[data-id='upload'] .control-marker title")
    assert title == "What can I do here: Acme's web opt-out"
    assert store.get_attribute("body", "data-control-markers") == "1"
    assert "A switch on a flow\u2019s label: someone can do something about that hop" in store.inner_text(
        "#legend-controls"
    )


def test_the_details_panel_of_a_hop_says_what_can_be_done_there(store: Page) -> None:
    store.evaluate("window.adflows.openPanel('edge', 'upload')")
    part = store.locator("#panel-body .controls-part")
    assert part.count() == 1
    text = part.inner_text()
    assert "What can I do?" in text and "Acme's web opt-out" in text
    assert "Opt-out · You" in text and "Offered by Acme Analytics" in text
    assert "What it does not do: It covers the in-store sensors only." in text
    assert "Invented for tests" in text and "Documented" in text
    store.evaluate("window.adflows.openPanel('edge', 'app-feed')")
    assert store.locator("#panel-body .controls-part").count() == 1
    assert "No control found: the model names nothing anyone can do on this hop." in store.inner_text(
        "#panel-body .controls-part"
    )
    store.evaluate("window.adflows.openPanel('node', 'store')")
    node_part = store.inner_text("#panel-body .controls-part")
    assert "A sign at the door" in node_part and "No control found" in node_part


def test_the_tool_lists_each_journey_and_switching_a_control_on_breaks_one(store: Page) -> None:
    store.click("#tool-controls summary")
    journeys = store.locator("#tool-controls .control-journey")
    assert journeys.count() == 2
    partner = store.inner_text("#tool-controls .control-journey[data-journey='journey-1']")
    assert "No control found that you can use on this journey." in partner
    sensor = store.inner_text("#tool-controls .control-journey[data-journey='journey-2']")
    assert "You can: Acme's web opt-out" in sensor
    switch = "#tool-controls .control-list [data-control-switch='acme-opt-out']"
    store.click(switch)
    assert store.get_attribute(switch, "aria-pressed") == "true"
    assert "switched on: 1 of 2 journeys break" in store.inner_text("#controls-status")
    assert "Journeys that break: 1 of 2" in store.inner_text("#whatif-result")
    edge = store.evaluate("window.adflows.edges.get('upload')")
    assert edge["dashes"] == [2, 8]  # greyed out, as the what-if greys what it cuts
    store.click(switch)
    assert store.get_attribute(switch, "aria-pressed") == "false"
    assert "Nothing is switched off" in store.inner_text("#whatif-result")


def test_the_what_if_panel_lists_controls_and_keeps_the_tool_in_step(store: Page) -> None:
    store.click("#tool-whatif summary")
    box = "#tool-whatif input[data-switch='control:acme-opt-out']"
    label = store.locator(
        "#tool-whatif label.switch", has=store.locator("input[data-switch='control:acme-opt-out']")
    )
    assert label.inner_text() == "Use Acme's web opt-out"
    assert "Controls: what someone can do" in store.inner_text("#tool-whatif")
    store.check(box)
    assert "Journeys that break: 1 of 2" in store.inner_text("#whatif-result")
    assert "1 control used" in store.inner_text("#whatif-status")
    tool_switch = "#tool-controls .control-list [data-control-switch='acme-opt-out']"
    assert store.get_attribute(tool_switch, "aria-pressed") == "true"
    assert store.text_content(tool_switch) == "Switch it off again"
    store.click("#whatif-status button")  # Undo all
    assert not store.is_checked(box)
    assert store.get_attribute(tool_switch, "aria-pressed") == "false"
    assert "Nothing is switched off" in store.inner_text("#whatif-result")


def test_the_cosmose_story_ends_with_what_a_shopper_can_do_each_with_a_source(
    page: Page, tmp_path: Path
) -> None:
    open_page(page, write_page(tmp_path, COSMOSE))
    story = view(page)["story"]
    page.evaluate(f"window.adflows.showStep({len(story)})")
    assert page.text_content("#story-title") == "What can I do?"
    narration = page.text_content("#story-narration") or ""
    controls = view(page)["controls"]
    for control in controls:
        assert (control["short"] or control["name"]) in narration
    assert narration.count("source: ") == len(controls)
    assert "Cosmose opt-out (opt-out, no control found; source: Cosmose sp. z o.o." in narration
    page.evaluate("window.adflows.present(true)")
    assert page.text_content("#story-title") == "What can I do?"


def test_the_german_cosmose_story_ends_on_what_a_shopper_can_do_in_german(page: Page, tmp_path: Path) -> None:
    """`adflows render --lang de`: the generated last step, in presenter mode, reads in German."""
    path = tmp_path / "de.html"
    path.write_text(render_html(flows.load_model(COSMOSE), lang="de"), encoding="utf-8")
    open_page(page, path.as_uri())
    story = view(page)["story"]
    page.evaluate("window.adflows.present(true)")
    page.evaluate(f"window.adflows.showStep({len(story)})")
    assert page.text_content("#story-title") == "Was kann ich tun?"
    narration = page.text_content("#story-narration") or ""
    assert narration.count("Quelle: ") == len(view(page)["controls"])
    assert "Sie: WLAN aus (Telefoneinstellung; Quelle: " in narration
    assert "source: " not in narration and "You: " not in narration


def test_hostile_control_text_stays_text(page: Page, tmp_path: Path) -> None:
    data = yaml.safe_load(FIXTURE.read_text(encoding="utf-8"))
    for key in ("name", "description", "limits"):
        data["controls"][0][key] = PAYLOADS[0]
    data["controls"][0]["short"] = PAYLOADS[0][:24]
    data["sources"][0]["title"] = PAYLOADS[1]
    path = tmp_path / "hostile.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    open_page(page, write_page(tmp_path, path))
    page.evaluate("window.adflows.openPanel('edge', 'upload')")
    page.click("#tool-controls summary")
    assert PAYLOADS[0] in page.inner_text("#panel-body .controls-part")
    assert page.evaluate("document.body.dataset.pwned") is None
    assert page.evaluate(FOREIGN_ELEMENTS) == 0
