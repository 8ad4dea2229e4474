"""What-if on the Cosmose model: the partner apps' location permission off breaks the app journey."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from flows.analysis.whatif import UnknownSwitchError, resolve_switch, what_if, without
from flows.cli import app
from flows.input.load import load_model

ROOT = Path(__file__).parent.parent
COSMOSE = ROOT / "models" / "cosmose-omnicookie.yaml"
FIXTURE = ROOT / "tests" / "fixtures" / "tiny-store.yaml"
runner = CliRunner()


def test_permission_off_breaks_only_the_partner_app_journey() -> None:
    result = what_if(load_model(COSMOSE), "permission:partner-app")
    assert result.switch.flows == ("phone-location-to-app",)
    assert [j.nodes[1] for j in result.broken] == ["partner-app"]
    assert result.kept and all("partner-app" not in j.nodes for j in result.kept)
    assert len(result.after.journeys) == len(result.before.journeys) - 1


def test_cli_whatif_permission_text_and_json() -> None:
    text = runner.invoke(app, ["whatif", str(COSMOSE), "--without", "permission:partner-app"])
    assert text.exit_code == 0, text.output
    assert "Switched off: OS permissions of 'partner-app'" in text.stdout
    assert "broken: Her smartphone -> A partner app on her phone" in text.stdout
    assert "Findings that disappear:" in text.stdout
    data = json.loads(
        runner.invoke(
            app, ["whatif", str(COSMOSE), "--without", "permission:partner-app", "-f", "json"]
        ).stdout
    )
    assert data["journeys_before"] - data["journeys_after"] == len(data["broken"]) == 1
    assert data["broken"][0]["nodes"][:2] == ["shopper-phone", "partner-app"]


def test_node_off_removes_its_flows_and_findings() -> None:
    model = load_model(COSMOSE)
    result = what_if(model, "meta-custom-audience")
    assert result.after.journeys.journeys == ()
    assert "claim-group-size-ad-reaches-each-member@claim-groups-of-20" in {
        f.key for f in result.findings_gone
    }
    assert all(f.rule != "accepted-finding-unmatched" for f in result.findings_new)


def test_flow_off_in_tiny_store_breaks_everything() -> None:
    result = what_if(load_model(FIXTURE), "probe")
    assert result.broken and not result.kept


def test_without_drops_references() -> None:
    model = load_model(FIXTURE)
    smaller = without(model, {"store"}, set())
    assert smaller.nodes_by_id["sensor"].within is None
    assert "store" not in smaller.nodes_by_id


def test_unknown_and_ambiguous_switches() -> None:
    model = load_model(COSMOSE)
    with pytest.raises(UnknownSwitchError, match="did you mean 'permission:partner-app'"):
        resolve_switch(model, "permission:partner-ap")
    with pytest.raises(UnknownSwitchError, match="has no flow with consent: os-permission"):
        resolve_switch(model, "permission:cosmose-platform")
    assert resolve_switch(model, "flow:probe-cashier").kind == "flow"
    result = runner.invoke(app, ["whatif", str(COSMOSE), "--without", "no-such-thing"])
    assert result.exit_code == 2 and "nothing to switch off called 'no-such-thing'" in result.stderr


CONTROLS = ROOT / "tests" / "fixtures" / "controls-store.yaml"


def test_cli_whatif_switches_a_control_on_and_names_the_journeys_it_breaks() -> None:
    text = runner.invoke(app, ["whatif", str(CONTROLS), "--without", "control:acme-opt-out"])
    assert text.exit_code == 0, text.output
    assert "Switched on: control 'acme-opt-out', which stops 1 flow(s): upload" in text.stdout
    assert "broken: Phone -> Sensor -> Acme platform" in text.stdout
    assert "still works: Phone -> Partner app -> Acme platform" in text.stdout
    # Its own finding (worked around by the partner-app feed) goes: with the flow cut, nothing is left
    # for it to stop.
    assert "- control-contradicted-by-flow@acme-opt-out" in text.stdout
    data = json.loads(
        runner.invoke(
            app, ["whatif", str(CONTROLS), "--without", "control:acme-opt-out", "-f", "json"]
        ).stdout
    )
    assert data["switch"]["kind"] == "control" and data["switch"]["flows"] == ["upload"]
    assert [j["id"] for j in data["broken"]] == ["journey-2"]


def test_cli_whatif_refuses_a_control_that_stops_nothing_and_an_unknown_one() -> None:
    empty = runner.invoke(app, ["whatif", str(CONTROLS), "--without", "control:store-sign"])
    assert empty.exit_code == 2
    assert "control 'store-sign' stops no flow (give it 'stops: [flow ids]'" in empty.stderr
    typo = runner.invoke(app, ["whatif", str(CONTROLS), "--without", "control:acme-opt-ot"])
    assert typo.exit_code == 2
    assert "no control called 'acme-opt-ot' (did you mean 'control:acme-opt-out'?)" in typo.stderr
    assert "Traceback" not in empty.output + typo.output


def test_page_precomputes_a_switch_per_control_that_stops_flows() -> None:
    from flows.view.page_view import page_view

    switches = {s["id"]: s for s in page_view(load_model(CONTROLS))["whatif"]["switches"]}
    control = switches["control:acme-opt-out"]
    assert control["kind"] == "control" and control["flows"] == ["upload"]
    assert control["broken"] == ["journey-2"]
    assert "control:store-sign" not in switches  # it names a node but stops no flow
