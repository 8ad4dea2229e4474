"""GraphML, GEXF and node-link JSON: written through the CLI, read back with networkx, compared."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from typer.testing import CliRunner

from flows.cli import app
from flows.input.load import load_model
from flows.output.export._graph import export_graph

ROOT = Path(__file__).parent.parent
MODELS = [ROOT / "models" / "cosmose-omnicookie.yaml", ROOT / "tests" / "fixtures" / "tiny-store.yaml"]
runner = CliRunner()


def run_export(model: Path, fmt: str, out: Path) -> Path:
    result = runner.invoke(app, ["export", str(model), "--format", fmt, "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert f"wrote {out}" in result.stderr
    return out


def edge_table(graph: nx.MultiDiGraph) -> dict[str, tuple[str, str, dict[str, Any]]]:
    return {key: (u, v, dict(data)) for u, v, key, data in graph.edges(keys=True, data=True)}


def assert_same_graph(read: nx.MultiDiGraph, expected: nx.MultiDiGraph) -> None:
    assert sorted(read.nodes) == sorted(expected.nodes)
    for node, attrs in expected.nodes(data=True):
        assert read.nodes[node] == attrs, node
    assert edge_table(read) == edge_table(expected)


@pytest.mark.parametrize("model_path", MODELS, ids=lambda p: p.stem)
def test_node_link_json_round_trips_with_lists(tmp_path: Path, model_path: Path) -> None:
    out = run_export(model_path, "json", tmp_path / "model.json")
    data = json.loads(out.read_text(encoding="utf-8"))
    read = nx.node_link_graph(data, edges="edges")
    expected = export_graph(load_model(model_path))
    assert read.is_multigraph() and read.is_directed()
    assert_same_graph(read, expected)
    assert read.graph["title"] == expected.graph["title"]
    first = next(iter(data["edges"]))
    assert isinstance(first["sources"], list) and isinstance(first["personal"], bool)


@pytest.mark.parametrize("model_path", MODELS, ids=lambda p: p.stem)
def test_graphml_round_trips_typed_attributes(tmp_path: Path, model_path: Path) -> None:
    out = run_export(model_path, "graphml", tmp_path / "model.graphml")
    read = nx.read_graphml(out, force_multigraph=True)
    expected = export_graph(load_model(model_path), flat=True)
    assert_same_graph(read, expected)
    assert read.graph["title"] == expected.graph["title"]
    text = out.read_text(encoding="utf-8")
    assert 'attr.name="x" attr.type="long"' in text
    assert 'attr.name="personal" attr.type="boolean"' in text


@pytest.mark.parametrize("model_path", MODELS, ids=lambda p: p.stem)
def test_gexf_round_trips_for_gephi(tmp_path: Path, model_path: Path) -> None:
    out = run_export(model_path, "gexf", tmp_path / "model.gexf")
    simple = nx.read_gexf(out)  # a DiGraph when no two flows share both ends: rebuild the keys
    read = nx.MultiDiGraph()
    read.add_nodes_from(simple.nodes(data=True))
    if simple.is_multigraph():
        read.add_edges_from(simple.edges(keys=True, data=True))
    else:
        read.add_edges_from((u, v, d["id"], d) for u, v, d in simple.edges(data=True))
    expected = export_graph(load_model(model_path), flat=True)
    for node, attrs in read.nodes(data=True):
        viz = attrs.pop("viz")  # Gephi's colour and position, from the view
        assert viz["position"]["x"] == float(expected.nodes[node]["x"])
        assert viz["color"]["r"] == int(expected.nodes[node]["color"][1:3], 16)
    for _, _, key, attrs in read.edges(keys=True, data=True):
        assert attrs.pop("id") == key
    assert_same_graph(read, expected)
    assert "lastmodifieddate" not in out.read_text(encoding="utf-8")


def test_flattened_lists_and_typed_values() -> None:
    graph = export_graph(load_model(MODELS[0]), flat=True)
    upload = graph.edges["audience-just-looking", "meta-ads-platform", "custom-audience-upload"]
    assert upload["data"] == "advertising-id; audience-segment"
    assert upload["data_count"] == 2 and upload["personal"] is True
    values = [v for _, attrs in graph.nodes(data=True) for v in attrs.values()]
    values += [v for *_, attrs in graph.edges(keys=True, data=True) for v in attrs.values()]
    assert all(isinstance(v, str | bool | int) for v in values)
