"""A deterministic layered layout that reads left to right along the journey.

Part of the view stage. vis-network's own hierarchical layout and physics take tens of seconds on a
thousand nodes (measured in the foundation issue), so positions are computed here, in linear time, and
the page draws with physics off. Columns follow the journey: person -> device -> capture -> vendor ->
data set -> audience -> ad platform -> ad. Edges that run backwards (the ad delivered to the phone) are
ignored when assigning columns, so they cannot turn the picture into a hairball.
"""

from __future__ import annotations

import math
from collections import defaultdict

import networkx as nx

from flows.model import Model, Node

# Column floor of each node kind; a node may sit further right when a flow pushes it.
KIND_RANK: dict[str, int] = {
    "person": 0,
    "device": 1,
    "place": 2,
    "sensor": 2,
    "app": 2,
    "sdk": 2,
    "platform": 3,
    "dataset": 4,
    "audience": 5,
    "ad": 9,
}
# Servers, data sets and audiences run by ad platforms or social networks come after the audiences
# that feed them (a vendor's segment is uploaded, then matched into the platform's own audience).
LATE_PARTY_KINDS = frozenset({"ad-platform", "social-network"})
LATE_KIND_RANK: dict[str, int] = {"platform": 6, "dataset": 7, "audience": 8}
COLUMN_GAP = 220
ROW_GAP = 130
MAX_COLUMN = 40  # taller layers wrap into sub-columns so a 5,000-node import stays legible


def node_rank(node: Node, party_kinds: dict[str, str]) -> int:
    if party_kinds.get(node.party) in LATE_PARTY_KINDS and node.kind in LATE_KIND_RANK:
        return LATE_KIND_RANK[node.kind]
    return KIND_RANK.get(node.kind, 3)


def assign_layers(model: Model) -> dict[str, int]:
    """Longest-path layering over forward edges, with cycles collapsed to one layer."""
    party_kinds = {p.id: p.kind for p in model.parties}
    rank = {n.id: node_rank(n, party_kinds) for n in model.nodes}
    forward = nx.DiGraph()
    forward.add_nodes_from(rank)
    forward.add_edges_from((f.source, f.target) for f in model.flows if rank[f.target] >= rank[f.source])
    dag = nx.condensation(forward)
    members = dag.graph["mapping"]
    by_component: dict[int, list[str]] = defaultdict(list)
    for node_id, component in members.items():
        by_component[component].append(node_id)
    layer_of_component: dict[int, int] = {}
    for component in nx.topological_sort(dag):
        floor = max(rank[n] for n in by_component[component])
        pushed = [layer_of_component[p] + 1 for p in dag.predecessors(component)]
        layer_of_component[component] = max([floor, *pushed])
    return {node_id: layer_of_component[c] for node_id, c in members.items()}


def order_layers(model: Model, layers: dict[str, int]) -> dict[int, list[str]]:
    """Order each layer by the barycentre of its neighbours to reduce crossings (two sweeps)."""
    party_order = {p.id: i for i, p in enumerate(model.parties)}
    initial = {n.id: (party_order.get(n.party, 0), i) for i, n in enumerate(model.nodes)}
    neighbours: dict[str, list[str]] = defaultdict(list)
    for flow in model.flows:
        neighbours[flow.source].append(flow.target)
        neighbours[flow.target].append(flow.source)
    for node in model.nodes:
        if node.within:
            neighbours[node.id].append(node.within)
            neighbours[node.within].append(node.id)
    columns: dict[int, list[str]] = defaultdict(list)
    for node_id in sorted(layers, key=lambda n: (layers[n], initial[n])):
        columns[layers[node_id]].append(node_id)
    ordered = sorted(columns)
    for sweep in (ordered[1:], ordered[-2::-1]):
        position = {n: i for col in columns.values() for i, n in enumerate(col)}
        for layer in sweep:

            def barycentre(
                node_id: str, position: dict[str, int] = position
            ) -> tuple[float, tuple[int, int]]:
                near = [position[m] for m in neighbours[node_id] if layers.get(m) != layers[node_id]]
                centre = sum(near) / len(near) if near else float(position[node_id])
                return (centre, initial[node_id])

            columns[layer].sort(key=barycentre)
    return dict(columns)


def compute_layout(model: Model) -> dict[str, tuple[int, int]]:
    """Positions (x, y) in pixels for every node; the same model always gives the same picture."""
    columns = order_layers(model, assign_layers(model))
    positions: dict[str, tuple[int, int]] = {}
    x = 0
    for layer in sorted(columns):
        nodes = columns[layer]
        wraps = max(1, math.ceil(len(nodes) / MAX_COLUMN))
        per_column = math.ceil(len(nodes) / wraps)
        for i, node_id in enumerate(nodes):
            sub, row = divmod(i, per_column)
            height = min(per_column, len(nodes) - sub * per_column)
            y = (row - (height - 1) / 2) * ROW_GAP
            positions[node_id] = (x + sub * COLUMN_GAP // 2, round(y))
        x += COLUMN_GAP + (wraps - 1) * COLUMN_GAP // 2
    return positions
