"""Unit tests for flows.view.page_view: the page view composes the view, the analysis and the
precomputed what-ifs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import flows
from flows.analysis.run import analyse
from flows.view import page_view as page
from flows.view.analysis_view import journey_view, knowledge_view
from flows.view.graph_view import to_view
from flows.view.page_view import page_view, switch_specs, whatif_section
from tests.factory import store_model

ROOT = Path(__file__).resolve().parents[1]
COSMOSE = ROOT / "models" / "cosmose-omnicookie.yaml"


@pytest.fixture(scope="module")
def cosmose() -> flows.Model:
    return flows.load_model(COSMOSE)


def test_page_view_is_the_view_plus_the_analysis(cosmose: flows.Model) -> None:
    data = page_view(cosmose)
    plain = to_view(cosmose)
    analysis = analyse(cosmose)
    assert {k: data[k] for k in plain} == plain
    assert data["findings"] == [
        f.to_dict() for f in analysis.findings
    ]  # nothing capped on a bundled scenario
    assert data["journeys"] == [journey_view(cosmose, j) for j in analysis.journeys]
    assert data["knowledge"] == [knowledge_view(cosmose, p) for p in analysis.knowledge.parties]
    assert set(data) == set(plain) | {
        "findings",
        "journeys",
        "journeys_capped",
        "knowledge",
        "whatif",
        "limits",
        "language",
    }
    assert data["language"] == {
        "code": "en",
        "original": "en",
        "available": ["en"],
        "rtl": False,
        "fallback": [],
    }
    assert data["limits"]["findings_total"] == len(analysis.findings)
    assert not data["limits"].get("knowledge_capped")


def test_page_view_is_deterministic_json(cosmose: flows.Model) -> None:
    first = json.dumps(page_view(cosmose), sort_keys=False)
    assert first == json.dumps(page_view(flows.load_model(COSMOSE)), sort_keys=False)


def test_switches_are_permission_flows_then_apps_sdks_and_sensors(cosmose: flows.Model) -> None:
    specs = switch_specs(cosmose)
    assert specs[:2] == ["flow:phone-location-to-app", "flow:meta-app-ad-id"]
    assert "node:partner-app" in specs and "node:cosmose-sdk" in specs and "node:sensor-cashier" in specs
    assert not any(s.startswith("node:cosmose-platform") for s in specs)


def test_location_permission_switch_breaks_the_partner_app_journey(cosmose: flows.Model) -> None:
    data = page_view(cosmose)
    switch = next(s for s in data["whatif"]["switches"] if s["id"] == "flow:phone-location-to-app")
    journeys = {j["id"]: j for j in data["journeys"]}
    assert switch["broken"] == ["journey-4"]
    assert "partner-app" in journeys["journey-4"]["nodes"]
    assert switch["flows"] == ["phone-location-to-app"]
    assert switch["journeys_after"] == len(journeys) - 1
    keys = {f["key"] for f in data["findings"]}
    assert set(switch["findings_gone"] + switch["findings_changed"]) <= keys


def test_node_switch_lists_its_flows_and_the_findings_that_go() -> None:
    model = store_model().build()
    section = whatif_section(model)
    sensor = next(s for s in section["switches"] if s["id"] == "node:sensor")
    assert sensor["nodes"] == ["sensor"]
    assert sorted(sensor["flows"]) == ["probe", "sighting"]
    before = {f.key for f in analyse(model).findings}
    assert sensor["findings_gone"] and set(sensor["findings_gone"]) <= before


def test_whatif_is_skipped_with_a_reason_when_there_are_too_many_switches(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    model = store_model().build()
    monkeypatch.setattr(page, "MAX_SWITCHES", 1)
    section = whatif_section(model)
    assert section["switches"] == []
    assert "adflows whatif" in section["skipped"]


def test_findings_and_knowledge_are_capped_and_the_page_is_told(
    cosmose: flows.Model, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(page, "MAX_FINDINGS", 3)
    monkeypatch.setattr(page, "MAX_IDS", 2)
    monkeypatch.setattr(page, "MAX_KNOWN_ITEMS", 2)
    monkeypatch.setattr(page, "MAX_KNOWLEDGE_PARTIES", 2)
    data = page_view(cosmose)
    limits = data["limits"]
    assert len(data["findings"]) == 3 and limits["findings_shown"] == 3
    assert limits["findings_total"] == sum(limits["findings_by_severity"].values()) > 3
    first = data["findings"][0]
    assert len(first["flows"]) == 2 and first["more"]["flows"] > 0
    assert limits["knowledge_capped"] and limits["knowledge_parties_shown"] == 2
    parties = [p["party"] for p in data["knowledge"]]
    assert parties == ["cosmose", "meta"]  # the two that can link a visit, in the model's order
    assert all(len(p["items"]) <= 2 and p["items_total"] >= len(p["items"]) for p in data["knowledge"])
