"""Kumu blueprint JSON and the CSV of flows: shapes as their readers document them, and inert text."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from typer.testing import CliRunner

from flows.cli import app
from flows.input.load import load_model
from flows.output.export.table import COLUMNS, to_csv

ROOT = Path(__file__).parent.parent
COSMOSE = ROOT / "models" / "cosmose-omnicookie.yaml"
FIXTURE = ROOT / "tests" / "fixtures" / "tiny-store.yaml"
runner = CliRunner()


def export_text(fmt: str, tmp_path: Path, model: Path = COSMOSE) -> str:
    out = tmp_path / f"out.{fmt}"
    result = runner.invoke(app, ["export", str(model), "--format", fmt, "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out.read_text(encoding="utf-8")


def test_kumu_blueprint_has_the_documented_shape(tmp_path: Path) -> None:
    """Kumu's "JSON / Blueprints" guide: elements with label/type, connections with from/to (ids)."""
    blueprint = json.loads(export_text("kumu", tmp_path))
    model = load_model(COSMOSE)
    assert set(blueprint) == {"elements", "connections"}
    elements, connections = blueprint["elements"], blueprint["connections"]
    assert [e["id"] for e in elements] == sorted(n.id for n in model.nodes)
    for element in elements:
        assert isinstance(element["label"], str) and element["label"]
        assert isinstance(element["type"], str) and isinstance(element["tags"], list)
    element_ids = {e["id"] for e in elements}
    assert len(connections) == len(model.flows)
    for connection in connections:
        assert connection["from"] in element_ids and connection["to"] in element_ids
        assert connection["direction"] == "directed" and connection["type"] == "Data flow"
    # Kumu wants ids unique across elements and connections together.
    all_ids = [e["id"] for e in elements] + [c["id"] for c in connections]
    assert len(all_ids) == len(set(all_ids))
    upload = next(c for c in connections if c["Flow"] == "custom-audience-upload")
    assert upload["from"] == "audience-just-looking" and upload["to"] == "meta-ads-platform"
    assert upload["Evidence"] == "Assumption" and "Advertising ID" in upload["Data"]


def test_csv_lists_every_flow(tmp_path: Path) -> None:
    rows = list(csv.DictReader(io.StringIO(export_text("csv", tmp_path), newline="")))
    model = load_model(COSMOSE)
    assert [r["id"] for r in rows] == sorted(f.id for f in model.flows)
    assert tuple(rows[0]) == COLUMNS
    flow = model.flows_by_id["phone-location-to-app"]
    row = next(r for r in rows if r["id"] == flow.id)
    assert (row["source"], row["target"], row["consent"]) == (flow.source, flow.target, "os-permission")
    assert row["data"] == "; ".join(flow.data)


def test_csv_defuses_formulas_and_keeps_commas_and_quotes() -> None:
    text = FIXTURE.read_text(encoding="utf-8").replace(
        "name: Wi-Fi MAC address,", 'name: "=HYPERLINK(\\"http://x\\",\\"a, b\\")",', 1
    )
    rows = list(csv.DictReader(io.StringIO(to_csv(load_model(text)), newline="")))
    probe = next(r for r in rows if r["id"] == "probe")
    assert probe["data_names"] == '\'=HYPERLINK("http://x","a, b")'
