"""The graph that graph-file exporters write: view data (labels, styles, positions) on a MultiDiGraph.

Output stage. The graph of record (`build_graph`) holds domain objects, which no file format can store;
this walks its nodes and edges and builds a twin whose attributes are plain values taken from
`to_view`, so every exporter shows the same labels, kinds and evidence levels as the page.
Sorted by id, so the same model always gives the same file.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import networkx as nx

from flows.analysis.graph import build_graph
from flows.input.model import Model
from flows.view.graph_view import to_view

LIST_SEPARATOR = "; "
# Tooltips repeat other attributes; dash patterns become the typed `dashed` flag.
_SKIPPED = frozenset({"id", "source", "target", "title", "dashes"})


def _attributes(item: Mapping[str, Any], flat: bool) -> dict[str, Any]:
    """Drop empty values (no format can type a null) and, if asked, join lists into strings."""
    attrs: dict[str, Any] = {}
    for key, value in item.items():
        if key in _SKIPPED or value is None:
            continue
        if isinstance(value, list):
            if not value and flat:
                continue
            value = LIST_SEPARATOR.join(str(v) for v in value) if flat else list(value)
        attrs[key] = value
    attrs["dashed"] = item["dashes"] is not False
    return attrs


def export_graph(model: Model, *, flat: bool = False) -> nx.MultiDiGraph:
    """Nodes and flows of the graph of record with the view's attributes; `flat=True` makes every
    value a scalar.

    GraphML and GEXF only store scalars, so lists (`sources`, `data`, `holds`, ...) become
    `'; '`-joined strings there; JSON keeps them as lists. Booleans and integers stay typed.
    """
    record = build_graph(model)
    view = to_view(model, graph=record)
    data = {d["id"]: d for d in view["data"]}
    nodes = {n["id"]: n for n in view["nodes"]}
    edges = {e["id"]: e for e in view["edges"]}
    graph = nx.MultiDiGraph(id=model.id, title=model.title, summary=model.summary)
    for node_id in sorted(record.nodes):
        graph.add_node(node_id, **_attributes(nodes[node_id], flat))
    for source, target, flow_id in sorted(record.edges(keys=True), key=lambda edge: edge[2]):
        edge = edges[flow_id]
        attrs = _attributes(edge, flat)
        carried = [data[d] for d in edge["data"]]
        attrs["data_count"] = len(carried)
        attrs["personal"] = any(d["personal"] for d in carried)
        attrs["sensitive"] = any(d["sensitive"] for d in carried)
        graph.add_edge(source, target, key=flow_id, **attrs)
    return graph
