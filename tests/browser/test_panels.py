"""The analysis panels beside the graph: findings, who knows what, journeys, filters, what-if, links."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page

from tests.browser.conftest import FOREIGN_ELEMENTS
from tests.browser.test_page import FIXTURE, ROOT, open_page, view, write_page
from tests.hostile import PAYLOADS, hostile_model_text

pytestmark = pytest.mark.browser

COSMOSE = ROOT / "models" / "cosmose-omnicookie.yaml"
HASH_FINDING = "claim-anonymised-hash-reversible@claim-anonymised-34-digits"
SELECTION = "window.adflows.network.getSelection()"


@pytest.fixture
def cosmose(page: Page, tmp_path: Path) -> Page:
    open_page(page, write_page(tmp_path, COSMOSE))
    return page


def selection(page: Page) -> dict[str, list[str]]:
    result: dict[str, list[str]] = page.evaluate(SELECTION)
    return result


def finding(page: Page, key: str) -> dict[str, Any]:
    return next(f for f in view(page)["findings"] if f["key"] == key)


def test_findings_are_grouped_by_severity_with_counts(cosmose: Page) -> None:
    counts = cosmose.inner_text("#tool-findings .severity-counts")
    for word in ("High", "Medium", "Low", "Info"):
        assert word in counts
    headings = cosmose.eval_on_selector_all(
        "#tool-findings .severity-heading", "hs => hs.map(h => h.textContent)"
    )
    assert headings[0].startswith("▲ High")
    assert cosmose.is_visible(f"#tool-findings li[data-key='{HASH_FINDING}']")


def test_clicking_the_hash_finding_selects_its_flows_and_opens_nothing_else(cosmose: Page) -> None:
    item = f"#tool-findings li[data-key='{HASH_FINDING}']"
    cosmose.click(f"{item} .finding-button")
    expected = finding(cosmose, HASH_FINDING)
    assert sorted(selection(cosmose)["edges"]) == sorted(expected["flows"])
    assert cosmose.get_attribute(f"{item} .finding-button", "aria-expanded") == "true"
    body = cosmose.inner_text(f"{item} .finding-body")
    assert "34-digit" in body and "Open" in body
    # The rule id is there for experts, behind a disclosure: the list leads with plain words.
    assert "claim-anonymised-hash-reversible" in (cosmose.text_content(f"{item} .for-experts") or "")
    assert not cosmose.is_visible(f"{item} .for-experts code")
    assert "Reportedly" in body  # press-sourced flows are hedged
    assert not cosmose.is_visible("#panel")
    assert cosmose.url.endswith("#finding=" + HASH_FINDING)


def test_findings_show_confidence_beside_severity_and_the_plain_line(cosmose: Page) -> None:
    item = "#tool-findings li[data-key='claim-no-personal-data-contradicted@claim-no-personal-data']"
    assert cosmose.inner_text(f"{item} .badge--confidence") == "Low confidence"
    hashed = f"#tool-findings li[data-key='{HASH_FINDING}'] .badge--confidence"
    assert cosmose.inner_text(hashed) == "Assumed"
    cosmose.click(f"{item} .finding-button")
    body = cosmose.inner_text(f"{item} .finding-body")
    assert "In plain words: If a low-quality source is right:" in body
    assert "Low confidence — set by flow probe-main-floor" in body
    assert "This rests on the flows" in body


def test_paraphrased_claim_is_shown_as_a_paraphrase(cosmose: Page) -> None:
    key = "claim-no-installation-contradicted@claim-nothing-installed"
    cosmose.click(f"#tool-findings li[data-key='{key}'] .finding-button")
    claims = cosmose.inner_text(f"#tool-findings li[data-key='{key}'] .finding-body")
    assert "In paraphrase: nothing is installed in the store" in claims


@pytest.mark.parametrize(("party", "name"), [("cosmose", "Cosmose"), ("meta", "Meta")])
def test_knows_panel_lists_items_and_a_join(cosmose: Page, party: str, name: str) -> None:
    cosmose.click("#tool-knows summary")
    cosmose.select_option("#knows-party", party)
    result = cosmose.inner_text("#knows-result")
    assert f"What does {name}" in result and "know about the shopper?" in result
    assert "Advertising ID" in result
    assert cosmose.eval_on_selector_all("#knows-result .known-list li", "lis => lis.length") > 0
    joins = cosmose.eval_on_selector_all("#knows-result .join", "js => js.length")
    assert joins >= 1
    cosmose.click("#knows-result .join-button")
    join = next(k for k in view(cosmose)["knowledge"] if k["party"] == party)["joins"][0]
    assert sorted(selection(cosmose)["edges"]) == sorted(join["flows"])


def test_knows_panel_defaults_to_the_first_party_with_a_join(cosmose: Page) -> None:
    assert cosmose.input_value("#knows-party") == "cosmose"


def test_choosing_a_journey_highlights_it_hop_by_hop(cosmose: Page) -> None:
    cosmose.click("#tool-journeys summary")
    cosmose.click("#journey-list li[data-id='journey-4'] .journey-button")
    journey = next(j for j in view(cosmose)["journeys"] if j["id"] == "journey-4")
    picked = selection(cosmose)
    assert sorted(picked["edges"]) == sorted(journey["flows"])
    assert set(journey["nodes"]) <= set(picked["nodes"])
    hops = cosmose.eval_on_selector_all(
        "#journey-list li[data-id='journey-4'] .hop-list > li", "lis => lis.length"
    )
    assert hops == len(journey["hops"])
    assert "Phone location fixes" in cosmose.inner_text("#journey-list li[data-id='journey-4']")


def test_filter_hides_nodes_and_reset_restores(cosmose: Page) -> None:
    cosmose.click("#tool-filters summary")
    cosmose.click("#tool-filters input[data-group='kind'][value='sensor']")
    hidden = cosmose.evaluate("window.adflows.nodes.get({filter: n => n.hidden}).map(n => n.id)")
    assert sorted(hidden) == ["sensor-cashier", "sensor-fitting-room", "sensor-main-floor"]
    assert cosmose.is_visible("#filter-status")
    assert "3 things" in cosmose.inner_text("#filter-status")
    cosmose.click("#filter-status button")
    assert cosmose.evaluate("window.adflows.nodes.get({filter: n => n.hidden}).length") == 0
    assert cosmose.evaluate("window.adflows.edges.get({filter: e => e.hidden}).length") == 0
    assert not cosmose.is_visible("#filter-status")


def test_location_permission_switch_shows_the_broken_journey(cosmose: Page) -> None:
    cosmose.click("#tool-whatif summary")
    switch = "#tool-whatif input[data-switch='flow:phone-location-to-app']"
    assert cosmose.get_attribute(switch, "role") == "switch"
    cosmose.check(switch)
    result = cosmose.inner_text("#whatif-result")
    assert "Journeys that break: 1 of 4" in result
    assert "A partner app on her phone" in result
    edge = cosmose.evaluate("window.adflows.edges.get('phone-location-to-app')")
    assert edge["dashes"] == [2, 8]
    assert "1 journey broken" in cosmose.inner_text("#whatif-status")
    cosmose.uncheck(switch)
    assert "Nothing is switched off" in cosmose.inner_text("#whatif-result")
    assert not cosmose.is_visible("#whatif-status")


def test_finding_link_opens_and_highlights_it(page: Page, tmp_path: Path) -> None:
    open_page(page, write_page(tmp_path, COSMOSE) + "#finding=" + HASH_FINDING)
    item = f"#tool-findings li[data-key='{HASH_FINDING}']"
    assert page.get_attribute(f"{item} .finding-button", "aria-expanded") == "true"
    assert sorted(selection(page)["edges"]) == sorted(finding(page, HASH_FINDING)["flows"])


def test_party_link_picks_the_party(page: Page, tmp_path: Path) -> None:
    open_page(page, write_page(tmp_path, COSMOSE) + "#party=meta")
    assert page.evaluate("document.getElementById('tool-knows').open")
    assert page.input_value("#knows-party") == "meta"
    assert "What does Meta" in page.inner_text("#knows-result")
    page.evaluate("window.location.hash = '#party=cosmose'")
    page.wait_for_function("document.getElementById('knows-party').value === 'cosmose'")


def test_panel_controls_are_reachable_by_keyboard(cosmose: Page) -> None:
    cosmose.focus("#tool-findings summary")
    reached = []
    for _ in range(8):
        cosmose.keyboard.press("Tab")
        reached.append(cosmose.evaluate("document.activeElement.className"))
    assert "finding-button" in reached
    cosmose.keyboard.press("Enter")
    assert cosmose.eval_on_selector_all(".finding.is-active", "xs => xs.length") == 1
    assert cosmose.get_attribute("#knows-party", "aria-label")


def test_hostile_model_with_every_panel_used_runs_no_script(page: Page, tmp_path: Path) -> None:
    text = hostile_model_text(FIXTURE.read_text(encoding="utf-8"))
    open_page(page, write_page(tmp_path, text, filename="hostile.yaml"))
    for details in page.query_selector_all("#tools details"):
        if not details.evaluate("d => d.open"):
            details.query_selector("summary").click()
    for button in page.query_selector_all("#tools .finding-button, #tools .journey-button"):
        button.click()
    for button in page.query_selector_all("#tools .join-button, #tools .hop-list button"):
        button.click()
    for box in page.query_selector_all("#tools input[type='checkbox']"):
        box.click()
    for option in page.eval_on_selector_all("#knows-party option", "os => os.map(o => o.value)"):
        page.select_option("#knows-party", option)
    page.click("#tool-filters .tool-body > button")
    assert page.evaluate("document.body.dataset.pwned") is None
    assert page.evaluate(FOREIGN_ELEMENTS) == 0
    tools = page.inner_text("#tools")
    assert any(p.split(" ")[0] in tools for p in PAYLOADS)
