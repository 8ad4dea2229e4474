"""Shortest chains of flows that carry given items, for who-knows-what's joins (analysis stage).

`PathFinder` answers "how does this item reach that party" with breadth-first searches over the flows
that carry the items, neighbours in flow-id order so the same model always gives the same chain.
The searches run on sorted adjacency lists made once per item set from `Facts.flows_carrying`: one
party's question is answered from the tree of another's, which a per-query graph search cannot share.
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Iterable
from functools import cached_property

from flows.analysis.facts import Facts
from flows.input.kinds import node_kinds_by_rank
from flows.input.model import Model

Adjacency = dict[str, list[tuple[str, str]]]


class Tree:
    """A whole breadth-first search from fixed starts: the order nodes are reached in, and how.

    A search that stops at the first goal reached visits nodes in the same order as this one, so
    one tree answers "shortest chain to any of these goals" for every goal set (every party)."""

    def __init__(self, starts: list[str], adjacency: Adjacency) -> None:
        self.starts = frozenset(starts)
        self.reached: dict[str, int] = {}
        self.previous: dict[str, tuple[str, str]] = {}
        seen = set(starts)
        queue = deque(starts)
        while queue:
            node = queue.popleft()
            for flow_id, target in adjacency.get(node, ()):
                if target in seen:
                    continue
                seen.add(target)
                self.previous[target] = (node, flow_id)
                self.reached[target] = len(self.reached)
                queue.append(target)

    def chain_to(self, goals: Iterable[str]) -> tuple[str, ...]:
        """The flows to the goal reached first (empty when a start is a goal or none is reached)."""
        goals = frozenset(goals)
        if not goals.isdisjoint(self.starts):
            return ()
        reached = [(self.reached[g], g) for g in goals if g in self.reached]
        if not reached:
            return ()
        chain = []
        node = min(reached)[1]
        while node in self.previous:
            node, flow_id = self.previous[node]
            chain.append(flow_id)
        return tuple(reversed(chain))


class PathFinder:
    """Shortest chains of flows carrying given items (breadth-first, neighbours in id order).

    Adjacencies and searches that do not depend on the party are cached, keyed by the items."""

    def __init__(self, model: Model, facts: Facts) -> None:
        self.model, self.facts = model, facts
        # Advertising and account identifiers, whatever the kind of party that holds them, and whether
        # or not they were typed in the store (a Wi-Fi login): never an item radio sensing picked up.
        self.online_identifiers = facts.online_identifiers - (facts.offline_items & facts.sensed_items)
        self.offline = facts.offline_items
        # Derivation order of the offline items, to list a party's in that order without a scan each.
        self.offline_rank = {item_id: i for i, item_id in enumerate(facts.offline_in_order)}
        self._edges: dict[frozenset[str], list[tuple[str, tuple[str, str]]]] = {}
        self._adjacencies: dict[frozenset[str], Adjacency] = {}
        self._presence: dict[frozenset[str], Tree] = {}
        self._reach: dict[frozenset[str], tuple[list[str], Tree | None]] = {}
        # Flows from the person's side into an in-store capture node, off the graph of record.
        graph, capture = facts.graph, facts.capture_nodes
        self._capture_edges = [
            (source, (flow_id, target))
            for source in facts.person_side
            if source in graph
            for _, target, flow_id in graph.out_edges(source, keys=True)
            if target in capture
        ]

    def _item_edges(self, items: frozenset[str]) -> list[tuple[str, tuple[str, str]]]:
        edges = self._edges.get(items)
        if edges is None:
            carrying = self.facts.flows_carrying
            edges = [(f.source, (f.id, f.target)) for i in items for f in carrying.get(i, ())]
            self._edges[items] = edges
        return edges

    @staticmethod
    def _sorted(edges: Iterable[tuple[str, tuple[str, str]]]) -> Adjacency:
        adjacency: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for source, edge in edges:
            adjacency[source].append(edge)
        return {k: sorted(set(v)) for k, v in adjacency.items()}

    @cached_property
    def _capture(self) -> Adjacency:
        return self._sorted(self._capture_edges)

    def _with_capture(self, adjacency: Adjacency) -> Adjacency:
        """The items' adjacency plus every capture flow, the same as sorting both edge lists together:
        the capture part is sorted once, and only sources in both are merged (lists are shared, never
        changed)."""
        merged = dict(self._capture)
        for source, edges in adjacency.items():
            extra = merged.get(source)
            merged[source] = edges if extra is None else sorted({*edges, *extra})
        return merged

    def _adjacency(self, items: frozenset[str]) -> Adjacency:
        adjacency = self._adjacencies.get(items)
        if adjacency is None:
            adjacency = self._adjacencies[items] = self._sorted(self._item_edges(items))
        return adjacency

    def _origins(self, items: frozenset[str]) -> list[str]:
        """Where the items start: the person's side, and nodes that send them without receiving them."""
        carrying = self.facts.flows_carrying
        received = {f.target for i in items for f in carrying.get(i, ())}
        senders = {f.source for i in items for f in carrying.get(i, ())}
        return sorted(self.facts.person_side | (senders - received))

    def to_party(self, items: frozenset[str], party: str) -> tuple[str, ...]:
        """How items (or what they are made from) get from where they start to the party's nodes."""
        own = self.facts.party_nodes(party)
        cached = self._reach.get(items)
        if cached is None:
            cached = self._reach[items] = (self._origins(items), None)
        origins, tree = cached
        if own.intersection(origins):  # one of its own nodes reads it first (its app on the phone)
            starts = own.intersection(origins)
            carrying = self.facts.flows_carrying
            first = sorted(f.id for i in items for f in carrying.get(i, ()) if f.source in starts)
            return tuple(first[:1])
        if tree is None:
            tree = Tree(origins, self._adjacency(items))
            self._reach[items] = (origins, tree)
        return tree.chain_to(own)

    def presence_to_party(self, items: frozenset[str], party: str) -> tuple[str, ...]:
        """How evidence of the visit gets from the person, through in-store capture, to the party."""
        tree = self._presence.get(items)
        if tree is None:
            adjacency = self._with_capture(self._adjacency(items))
            tree = self._presence[items] = Tree(sorted(self.facts.person_side), adjacency)
        return tree.chain_to(self.facts.party_nodes(party))

    def to_ad(self, item_id: str, party: str) -> tuple[str, ...]:
        """How the party's copy of the identifier reaches an ad (or, failing that, an audience)."""
        starts = sorted(self.facts.party_nodes(party))
        tree = Tree(starts, self._adjacency(frozenset({item_id})))
        for kind in node_kinds_by_rank("aims_ads"):  # the ad, else an audience
            chain = tree.chain_to(self.facts.nodes_of_kind(kind).difference(starts))
            if chain:
                return chain
        return ()
