"""Rules about controls, run the way a user meets them: `adflows check` on a model file."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from typer.testing import CliRunner

from flows.cli import app

FIXTURE = Path(__file__).parent.parent / "fixtures" / "controls-store.yaml"
runner = CliRunner()


def _check(path: Path, *args: str) -> dict[str, dict[str, object]]:
    result = runner.invoke(app, ["check", str(path), "--format", "json", *args])
    assert result.exit_code == 0, result.output
    return {f["key"]: f for f in json.loads(result.stdout)["findings"]}


def _variant(tmp_path: Path, change: object) -> Path:
    data = yaml.safe_load(FIXTURE.read_text(encoding="utf-8"))
    change(data)  # type: ignore[operator]
    path = tmp_path / "variant.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def test_an_opt_out_that_leaves_the_partner_app_feed_running_is_reported() -> None:
    finding = _check(FIXTURE)["control-contradicted-by-flow@acme-opt-out"]
    assert finding["severity"] == "medium" and finding["confidence"] == "high"
    assert finding["flows"] == ["upload", "app-feed"]
    assert "But the flow Partner app \u2192 Acme platform carries" in str(finding["explanation"])
    assert "Using \u2018Acme's web opt-out\u2019 does not stop" in str(finding["plain"])


def test_an_opt_out_that_covers_every_route_is_not_reported(tmp_path: Path) -> None:
    def cover_both(data: dict[str, list[dict[str, object]]]) -> None:
        data["controls"][0]["stops"] = ["upload", "app-feed"]

    assert not any(k.startswith("control-contradicted") for k in _check(_variant(tmp_path, cover_both)))


def test_a_journey_without_a_control_for_the_person_is_medium_and_names_others() -> None:
    findings = _check(FIXTURE)
    journeys = {k for k in findings if k.startswith("journey-without-person-control@")}
    # The sensor journey has the opt-out; the partner-app journey has nothing she can use.
    assert journeys == {"journey-without-person-control@journey-1"}
    finding = findings["journey-without-person-control@journey-1"]
    assert finding["severity"] == "medium"
    assert "Phone \u2192 Partner app \u2192 Acme platform" in str(finding["explanation"])


def test_a_control_the_sources_found_missing_does_not_count(tmp_path: Path) -> None:
    def missing_opt_out(data: dict[str, list[dict[str, object]]]) -> None:
        data["controls"][0]["found"] = False

    findings = _check(_variant(tmp_path, missing_opt_out))
    sensor = findings["journey-without-person-control@journey-2"]
    assert "\u2018Acme's web opt-out\u2019 was promised or expected but not found" in str(
        sensor["explanation"]
    )
    assert "control-contradicted-by-flow@acme-opt-out" not in findings  # a missing control stops nothing


def test_a_weakly_sourced_control_finding_is_worded_as_a_condition(tmp_path: Path) -> None:
    def weak_feed(data: dict[str, list[dict[str, object]]]) -> None:
        for flow in data["flows"]:
            if flow["id"] == "app-feed":
                flow["sources"] = ["blog"]

    finding = _check(_variant(tmp_path, weak_feed))["control-contradicted-by-flow@acme-opt-out"]
    assert finding["confidence"] == "low"
    assert str(finding["explanation"]).startswith("This rests on the flow Partner app \u2192 Acme platform")
    assert str(finding["plain"]).startswith("If ")
    low_floor = _check(_variant(tmp_path, weak_feed), "--min-confidence", "medium")
    assert "control-contradicted-by-flow@acme-opt-out" not in low_floor


def test_a_model_without_controls_gets_no_control_findings(tmp_path: Path) -> None:
    def no_controls(data: dict[str, object]) -> None:
        del data["controls"]

    assert not any("control" in k for k in _check(_variant(tmp_path, no_controls)))


def test_text_and_markdown_reports_show_the_control_findings() -> None:
    text = runner.invoke(app, ["check", str(FIXTURE)])
    assert "MEDIUM: control-contradicted-by-flow@acme-opt-out" in text.stdout
    assert "MEDIUM: journey-without-person-control@journey-1" in text.stdout
    markdown = runner.invoke(app, ["check", str(FIXTURE), "--format", "markdown"])
    assert "control-contradicted-by-flow" in markdown.stdout
    assert "No control found that the person can use on a journey" in markdown.stdout


def test_a_flow_the_control_acts_on_in_its_own_way_is_not_a_contradiction(tmp_path: Path) -> None:
    def acts_on_feed(data: dict[str, list[dict[str, object]]]) -> None:
        data["controls"][0]["flows"] = ["app-feed"]

    assert "control-contradicted-by-flow@acme-opt-out" not in _check(_variant(tmp_path, acts_on_feed))


def test_a_flow_listed_under_does_not_stop_counts_even_with_other_data(tmp_path: Path) -> None:
    def other_data_kept_running(data: dict[str, list[dict[str, object]]]) -> None:
        data["data"].append({"id": "steps", "name": "Step count", "kind": "event", "sources": ["invented"]})
        for flow in data["flows"]:
            if flow["id"] in ("app-location", "app-feed"):
                flow["data"] = ["steps"]
        data["controls"][0]["does_not_stop"] = ["app-feed"]

    findings = _check(_variant(tmp_path, other_data_kept_running))
    finding = findings["control-contradicted-by-flow@acme-opt-out"]
    assert "But the flow Partner app \u2192 Acme platform carries Step count" in str(finding["explanation"])


def test_other_data_to_the_same_company_is_not_a_contradiction(tmp_path: Path) -> None:
    def other_data(data: dict[str, list[dict[str, object]]]) -> None:
        data["data"].append({"id": "steps", "name": "Step count", "kind": "event", "sources": ["invented"]})
        for flow in data["flows"]:
            if flow["id"] in ("app-location", "app-feed"):
                flow["data"] = ["steps"]

    assert "control-contradicted-by-flow@acme-opt-out" not in _check(_variant(tmp_path, other_data))


def test_the_stopped_data_travelling_on_is_not_another_route(tmp_path: Path) -> None:
    def feedback(data: dict[str, list[dict[str, object]]]) -> None:
        data["controls"][0]["stops"] = ["upload", "app-feed"]
        data["flows"].append(
            {
                "id": "report-back",
                "source": "social",
                "target": "platform",
                "data": ["visit"],
                "sources": ["invented"],
            }
        )

    # Social ads gets the visit only after the stopped flows; its report back is not a second route.
    assert "control-contradicted-by-flow@acme-opt-out" not in _check(_variant(tmp_path, feedback))


def test_a_control_resting_on_a_weak_source_makes_its_finding_conditional(tmp_path: Path) -> None:
    def weak_control(data: dict[str, list[dict[str, object]]]) -> None:
        data["controls"][0]["sources"] = ["blog"]

    finding = _check(_variant(tmp_path, weak_control))["control-contradicted-by-flow@acme-opt-out"]
    assert finding["confidence"] == "low"
    assert finding["confidence_basis"] == [{"kind": "control", "id": "acme-opt-out"}]
    assert str(finding["explanation"]).startswith("This rests on the control \u2018Acme's web opt-out\u2019")
    assert "blog" in finding["sources"]


def test_trace_says_what_she_can_do_on_each_journey() -> None:
    result = runner.invoke(app, ["trace", str(FIXTURE)])
    assert result.exit_code == 0, result.output
    journeys = result.stdout.split("\n\n")
    assert "[app-feed]" in journeys[0] and "  No control found that she can use." in journeys[0]
    assert "[upload]" in journeys[1] and "  What she can do: Acme opt-out" in journeys[1]
    data = json.loads(runner.invoke(app, ["trace", str(FIXTURE), "--format", "json"]).stdout)
    assert [j["controls"] for j in data["journeys"]] == [[], ["acme-opt-out"]]
