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
from collections.abc import Iterable, Mapping

import networkx as nx

from flows.input.kinds import NODE_KINDS, party_kinds_where
from flows.input.model import Model, Node

# Column floor of each node kind (a node may sit further right when a flow pushes it), and the later
# column of servers, data sets and audiences run by ad platforms or social networks, which come after
# the audiences that feed them: both from the table of kinds.
KIND_RANK: dict[str, int] = {kind: info.rank for kind, info in NODE_KINDS.items()}
LATE_KIND_RANK: dict[str, int] = {
    kind: info.late_rank for kind, info in NODE_KINDS.items() if info.late_rank is not None
}
LATE_PARTY_KINDS = party_kinds_where("late")
COLUMN_GAP = 220
ROW_GAP = 130
MAX_COLUMN = 40  # taller layers wrap into sub-columns so a 5,000-node import stays legible


def node_rank(node: Node, party_kinds: Mapping[str, str]) -> int:
    if party_kinds.get(node.party) in LATE_PARTY_KINDS and node.kind in LATE_KIND_RANK:
        return LATE_KIND_RANK[node.kind]
    return KIND_RANK.get(node.kind, 3)


def assign_layers(model: Model, graph: nx.MultiDiGraph | None = None) -> dict[str, int]:
    """Longest-path layering over forward edges, with cycles collapsed to one layer: node id -> layer."""
    return dict(zip((n.id for n in model.nodes), _layers(model, _node_index(model), graph), strict=True))


def _flow_ends(model: Model, graph: nx.MultiDiGraph | None) -> Iterable[tuple[str, str]]:
    """(source, target) of every flow: the graph of record's edges, or the model's flows when a caller
    (a test, the layout benchmark) has no graph."""
    if graph is not None:
        return graph.edges()  # type: ignore[no-any-return]
    return ((flow.source, flow.target) for flow in model.flows)


def _node_index(model: Model) -> dict[str, int]:
    """Nodes as their position in the model: the layout works on lists indexed by these numbers, which
    took half the time of dicts keyed by id on a 20,000-node model."""
    return {node.id: i for i, node in enumerate(model.nodes)}


def _layers(model: Model, index: dict[str, int], graph: nx.MultiDiGraph | None) -> list[int]:
    """The layer of each node, by index, from the graph's edges. Plain lists, linear in nodes + flows:
    networkx's condensation of a 20,000-node model took seconds, Tarjan on int lists a tenth of that."""
    party_kinds = {p.id: p.kind for p in model.parties}
    rank = [node_rank(n, party_kinds) for n in model.nodes]
    successors: list[list[int]] = [[] for _ in rank]
    for source_id, target_id in _flow_ends(model, graph):
        source, target = index[source_id], index[target_id]
        if rank[target] >= rank[source]:
            successors[source].append(target)
    components = _components(successors)
    component_of = [0] * len(rank)
    for i, members in enumerate(components):
        for node in members:
            component_of[node] = i
    layer = [rank[m[0]] if len(m) == 1 else max(rank[n] for n in m) for m in components]
    # Components come sinks first, so reversed they are in topological order: each component's
    # layer is final before it pushes its successors one layer further right.
    for i in range(len(components) - 1, -1, -1):
        pushed = layer[i] + 1  # layer[i] cannot change below: only other components are pushed
        for node in components[i]:
            for target in successors[node]:
                j = component_of[target]
                if j != i and layer[j] < pushed:
                    layer[j] = pushed
    return [layer[c] for c in component_of]


def _components(successors: list[list[int]]) -> list[list[int]]:
    """Tarjan's algorithm over nodes 0..n-1, iteratively (no recursion limit on long chains)."""
    unvisited = -1
    order = [unvisited] * len(successors)
    low = [0] * len(successors)
    on_stack = bytearray(len(successors))
    stack: list[int] = []
    components: list[list[int]] = []
    count = 0
    for root in range(len(successors)):
        if order[root] != unvisited:
            continue
        order[root] = low[root] = count
        count += 1
        stack.append(root)
        on_stack[root] = 1
        work = [(root, iter(successors[root]))]
        while work:
            node, children = work[-1]
            for child in children:
                if order[child] == unvisited:
                    order[child] = low[child] = count
                    count += 1
                    stack.append(child)
                    on_stack[child] = 1
                    work.append((child, iter(successors[child])))
                    break
                if on_stack[child] and order[child] < low[node]:
                    low[node] = order[child]
            else:
                work.pop()
                if work and low[node] < low[work[-1][0]]:
                    low[work[-1][0]] = low[node]
                if low[node] == order[node]:
                    members = []
                    while True:
                        member = stack.pop()
                        on_stack[member] = 0
                        members.append(member)
                        if member == node:
                            break
                    components.append(members)
    return components


def _order(model: Model, index: dict[str, int], layer: list[int]) -> dict[int, list[int]]:
    """Barycentre ordering by index. Each node's neighbours in other layers are listed once up front
    (layers do not change during the sweeps), so a sweep is one pass of list lookups."""
    count = len(layer)
    party_order = {p.id: i for i, p in enumerate(model.parties)}
    # A node's place before any sweep: its party's place in the model, then its own (one int, so a
    # sort key compares two numbers rather than nested tuples).
    initial = [party_order.get(n.party, 0) * count + i for i, n in enumerate(model.nodes)]
    neighbours: list[list[int]] = [[] for _ in range(count)]
    for flow in model.flows:
        source, target = index[flow.source], index[flow.target]
        neighbours[source].append(target)
        neighbours[target].append(source)
    for i, node in enumerate(model.nodes):
        if node.within:
            outer = index[node.within]
            neighbours[i].append(outer)
            neighbours[outer].append(i)
    across = [[m for m in near if layer[m] != layer[i]] for i, near in enumerate(neighbours)]
    columns: dict[int, list[int]] = defaultdict(list)
    for i in sorted(range(count), key=lambda n: (layer[n], initial[n])):
        columns[layer[i]].append(i)
    ordered = sorted(columns)
    position = [0] * count
    at = position.__getitem__
    for sweep in (ordered[1:], ordered[-2::-1]):
        # A sweep reads the places every node had when it started, not those it has just set.
        for column in columns.values():
            for place, member in enumerate(column):
                position[member] = place
        for number in sweep:
            column = columns[number]
            keys: dict[int, tuple[float, int]] = {}
            for member in column:
                near = across[member]
                centre = sum(map(at, near)) / len(near) if near else float(position[member])
                keys[member] = (centre, initial[member])
            column.sort(key=keys.__getitem__)
    return dict(columns)


def compute_layout(model: Model, graph: nx.MultiDiGraph | None = None) -> dict[str, tuple[int, int]]:
    """Positions (x, y) in pixels for every node; the same model always gives the same picture."""
    index = _node_index(model)
    ids = [node.id for node in model.nodes]
    numbered = _order(model, index, _layers(model, index, graph))
    columns = {layer: [ids[i] for i in column] for layer, column in numbered.items()}
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
