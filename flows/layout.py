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
    """Longest-path layering over forward edges, with cycles collapsed to one layer.

    Plain dicts and lists, linear in nodes + flows: building a networkx graph and its condensation
    took seconds on a 20,000-node model."""
    party_kinds = {p.id: p.kind for p in model.parties}
    rank = {n.id: node_rank(n, party_kinds) for n in model.nodes}
    successors: dict[str, list[str]] = {node_id: [] for node_id in rank}
    for flow in model.flows:
        if rank[flow.target] >= rank[flow.source]:
            successors[flow.source].append(flow.target)
    components = strongly_connected(list(rank), successors)
    component_of = {node_id: i for i, members in enumerate(components) for node_id in members}
    # Most components are single nodes; a generator per component cost more than the rest of the loop.
    layer = [rank[m[0]] if len(m) == 1 else max(rank[n] for n in m) for m in components]
    # Components come sinks first, so reversed they are in topological order: each component's
    # layer is final before it pushes its successors one layer further right.
    for i in range(len(components) - 1, -1, -1):
        pushed = layer[i] + 1  # layer[i] cannot change below: only other components are pushed
        for node_id in components[i]:
            for target in successors[node_id]:
                j = component_of[target]
                if j != i and layer[j] < pushed:
                    layer[j] = pushed
    return {node_id: layer[component_of[node_id]] for node_id in rank}


def strongly_connected(nodes: list[str], successors: dict[str, list[str]]) -> list[list[str]]:
    """Tarjan's strongly connected components, iteratively (no recursion limit on long chains).

    Components are returned in reverse topological order: every component after all it reaches."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []
    for root in nodes:
        if root in index:
            continue
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        work = [(root, iter(successors[root]))]
        while work:
            node, children = work[-1]
            for child in children:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(successors[child])))
                    break
                if child in on_stack and index[child] < low[node]:
                    low[node] = index[child]
            else:
                work.pop()
                if work and low[node] < low[work[-1][0]]:
                    low[work[-1][0]] = low[node]
                if low[node] == index[node]:
                    members = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        members.append(member)
                        if member == node:
                            break
                    components.append(members)
    return components


def order_layers(model: Model, layers: dict[str, int]) -> dict[int, list[str]]:
    """Order each layer by the barycentre of its neighbours to reduce crossings (two sweeps).

    Each node's neighbours in other layers are listed once up front (layers do not change during the
    sweeps), so a sweep is one pass of list lookups: filtering every neighbour list again in each
    sort key was most of the layout time on a 20,000-node model.
    """
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
    get_layer = layers.get
    across = {
        node_id: [m for m in neighbours.get(node_id, ()) if get_layer(m) != layer]
        for node_id, layer in layers.items()
    }
    columns: dict[int, list[str]] = defaultdict(list)
    for node_id in sorted(layers, key=lambda n: (layers[n], initial[n])):
        columns[layers[node_id]].append(node_id)
    ordered = sorted(columns)
    for sweep in (ordered[1:], ordered[-2::-1]):
        position = {n: i for col in columns.values() for i, n in enumerate(col)}
        for layer in sweep:
            keys = {}
            for node_id in columns[layer]:
                near = across[node_id]
                centre = (
                    sum(map(position.__getitem__, near)) / len(near) if near else float(position[node_id])
                )
                keys[node_id] = (centre, initial[node_id])
            columns[layer].sort(key=keys.__getitem__)
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
