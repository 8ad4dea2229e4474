"""The view the page reads for controls: each control, the controls per journey and hop, and the
story's generated "What can I do?" step with each control's source."""

from __future__ import annotations

from pathlib import Path

import flows
from flows.view.page_view import page_view

FIXTURE = Path(__file__).parent / "fixtures" / "controls-store.yaml"
TINY = Path(__file__).parent / "fixtures" / "tiny-store.yaml"


def test_controls_and_where_they_sit_on_journeys() -> None:
    view = page_view(flows.load_model(FIXTURE))
    by_id = {c["id"]: c for c in view["controls"]}
    opt_out = by_id["acme-opt-out"]
    assert opt_out["person"] is True and opt_out["used_by_label"] == "You"
    assert opt_out["kind_label"] == "Opt-out" and opt_out["offered_by_name"] == "Acme Analytics"
    assert by_id["store-sign"]["person"] is False and by_id["store-sign"]["found"] is False
    journeys = {j["id"]: j for j in view["journeys"]}
    assert journeys["journey-1"]["controls"] == []  # the partner-app route: nothing on it
    sensor_hops = {(h["source"], h["target"]): h["controls"] for h in journeys["journey-2"]["hops"]}
    assert sensor_hops[("sensor", "platform")] == ["acme-opt-out"]
    assert sensor_hops[("phone", "sensor")] == []


def test_the_story_ends_with_a_generated_step_listing_each_control_with_its_source() -> None:
    model = flows.load_model(FIXTURE)
    story = page_view(model)["story"]
    assert len(story) == len(model.story) + 1
    last = story[-1]
    assert last["title"] == "What can I do?" and last.get("generated") is True
    assert last["index"] == len(story) and last["controls"] == ["acme-opt-out", "store-sign"]
    assert "You: Acme opt-out (opt-out; source: Invented for tests, 2026, documented)." in last["narration"]
    assert (
        "The store: A sign at the door (company policy, no control found; source: An invented blog, 2026, "
        "secondary / low)." in last["narration"]
    )
    assert last["flows"] == [] and last["nodes"] == []  # the whole picture, with its control markers


def test_a_model_without_controls_keeps_its_story_as_written() -> None:
    model = flows.load_model(TINY)
    view = page_view(model)
    assert view["controls"] == [] and len(view["story"]) == len(model.story)
