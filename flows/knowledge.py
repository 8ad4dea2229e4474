"""Who knows what: for each party, the data items it gets and the joins it can make (analysis stage).

A party knows an item when one of its nodes holds it from the start, receives it from another party,
can work it out because the party knows everything the item is derived from, or produces it (a node
sends it without receiving it: a sensor's sighting, a report, its own app reading the phone). An `ad`
node stands for the ad being aimed and shown: identifiers on a flow into it are the targeting keys of
the system that delivers it, so they do not count as reaching the advertiser.

A *join* is the offline-to-online link: one party knows an item that reveals the person's presence in a
store (picked up by an in-store capture node, or worked out from one) and an identifier used to aim
ads at her, which is not made from that item. Models describe one person, so both are hers. Each join
carries the chain of flows that explains it: capture, the device, the ad identifier, and where that
identifier goes next.
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Iterable
from dataclasses import dataclass, field

from flows._facts import Facts, unique
from flows.model import Model


@dataclass(frozen=True)
class KnownItem:
    """One data item a party knows, and how it learns it."""

    item: str
    how: str  # holds | receives | derives | produces
    flows: tuple[str, ...] = ()
    from_parties: tuple[str, ...] = ()
    derived_from: tuple[str, ...] = ()
    transform: str | None = None


@dataclass(frozen=True)
class Join:
    """A party can tie what the person did in a store to an identifier that reaches her online."""

    party: str
    offline: tuple[str, ...]  # items revealing the visit, strongest first
    online: str  # the identifier used to aim ads
    device: str | None  # where both come from, on the person's side
    capture_flows: tuple[str, ...]  # how the first offline item reaches the party
    identifier_flows: tuple[str, ...]  # how the online identifier reaches the party
    onward_flows: tuple[str, ...]  # where the party's identifier goes to aim an ad

    @property
    def flows(self) -> tuple[str, ...]:
        return unique((*self.capture_flows, *self.identifier_flows, *self.onward_flows))


@dataclass(frozen=True)
class PartyKnowledge:
    party: str
    items: tuple[KnownItem, ...]
    audiences: tuple[str, ...]  # audiences (model.audiences ids) held by the party's nodes
    joins: tuple[Join, ...]
    _ids: frozenset[str] = field(default=frozenset(), repr=False, compare=False)

    def knows(self, item_id: str) -> bool:
        return item_id in self._ids


@dataclass(frozen=True)
class Knowledge:
    parties: tuple[PartyKnowledge, ...]

    def for_party(self, party_id: str) -> PartyKnowledge | None:
        return next((p for p in self.parties if p.party == party_id), None)


def find_knowledge(model: Model, facts: Facts | None = None) -> Knowledge:
    """Knowledge of every party except the person herself, in the model's party order."""
    facts = facts or Facts(model)
    direct = _direct_knowledge(model, facts)
    produced = _produced(model)
    paths = _PathFinder(model, facts)
    result = []
    for party in model.parties:
        if party.id in facts.person_parties:
            continue
        items = _with_derived(model, facts, direct.get(party.id, {}), produced.get(party.id, {}))
        known = frozenset(k.item for k in items)
        audiences = tuple(a.id for a in model.audiences if a.node in facts.party_nodes(party.id))
        joins = _joins(party.id, known, facts, paths)
        result.append(PartyKnowledge(party.id, items, audiences, joins, known))
    return Knowledge(tuple(result))


def _direct_knowledge(model: Model, facts: Facts) -> dict[str, dict[str, KnownItem]]:
    """party -> item -> KnownItem for what its nodes hold or receive from other parties (one pass)."""
    nodes = model.nodes_by_id
    found: dict[str, dict[str, KnownItem]] = defaultdict(dict)
    for node in model.nodes:
        for item_id in node.holds:
            found[node.party].setdefault(item_id, KnownItem(item_id, "holds"))
    received: dict[tuple[str, str], tuple[list[str], list[str]]] = {}
    for flow in model.flows:
        target, source = nodes[flow.target], nodes[flow.source]
        if target.kind == "ad" or target.id in facts.person_side or source.party == target.party:
            continue
        for item_id in flow.data:
            ids, parties = received.setdefault((target.party, item_id), ([], []))
            ids.append(flow.id)
            parties.append(source.party)
    for (party, item_id), (ids, parties) in received.items():
        found[party].setdefault(item_id, KnownItem(item_id, "receives", tuple(ids), unique(sorted(parties))))
    return found


def _produced(model: Model) -> dict[str, dict[str, list[str]]]:
    """party -> item -> flows its nodes send it on (what a node sends, the party has)."""
    nodes = model.nodes_by_id
    found: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for flow in model.flows:
        for item_id in flow.data:
            found[nodes[flow.source].party][item_id].append(flow.id)
    return found


def _with_derived(
    model: Model, facts: Facts, direct: dict[str, KnownItem], sent: dict[str, list[str]]
) -> tuple[KnownItem, ...]:
    """Add what the party works out itself (one pass in derivation order is enough), then what its
    nodes send without having received it (it makes it: a sighting, a report, an ad)."""
    known = dict(direct)
    items = model.data_by_id
    for item_id in facts.topological_items:
        item = items[item_id]
        if item_id in known or not item.derived_from or item.transform in (None, "none"):
            continue
        if all(p in known or p in sent for p in item.derived_from):
            known[item_id] = KnownItem(
                item_id, "derives", derived_from=item.derived_from, transform=item.transform
            )
    for item_id, ids in sent.items():
        known.setdefault(item_id, KnownItem(item_id, "produces", tuple(ids)))
    order = {item_id: i for i, item_id in enumerate(items)}
    return tuple(sorted(known.values(), key=lambda k: order.get(k.item, len(order))))


def _joins(party: str, known: frozenset[str], facts: Facts, paths: _PathFinder) -> tuple[Join, ...]:
    offline = [i for i in facts.topological_items if i in known and i in facts.offline_items]
    if not offline:
        return ()
    items = facts.model.data_by_id
    joins = []
    for online in sorted(known & (facts.ad_identifiers - facts.offline_items)):
        linked = [o for o in offline if not facts.lineage(o) & facts.lineage(online)]
        if not linked:
            continue
        # Lead with an identifier picked up in the store (the MAC), else the earliest visit evidence.
        linked.sort(key=lambda o: (items[o].kind != "identifier", len(facts.ancestors[o])))
        capture = paths.presence_to_party(facts.lineage(linked[0]), party)
        reach = paths.to_party(frozenset({online}), party)
        device = _first_source(facts, capture + reach)
        onward = paths.to_ad(online, party)
        joins.append(Join(party, tuple(linked), online, device, capture, reach, onward))
    return tuple(joins)


def _first_source(facts: Facts, flow_ids: Iterable[str]) -> str | None:
    flows = facts.model.flows_by_id
    return next((flows[f].source for f in flow_ids if flows[f].source in facts.person_side), None)


class _PathFinder:
    """Shortest chains of flows carrying given items (breadth-first, neighbours in id order)."""

    def __init__(self, model: Model, facts: Facts) -> None:
        self.model, self.facts = model, facts

    def _adjacency(self, items: frozenset[str]) -> dict[str, list[tuple[str, str]]]:
        adjacency: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for item_id in items:
            for flow in self.facts.flows_carrying.get(item_id, ()):
                adjacency[flow.source].append((flow.id, flow.target))
        return {k: sorted(set(v)) for k, v in adjacency.items()}

    def _origins(self, items: frozenset[str]) -> list[str]:
        """Where the items start: the person's side, and nodes that send them without receiving them."""
        received = {f.target for i in items for f in self.facts.flows_carrying.get(i, ())}
        senders = {f.source for i in items for f in self.facts.flows_carrying.get(i, ())}
        return sorted(self.facts.person_side | (senders - received))

    def _bfs(
        self, starts: list[str], adjacency: dict[str, list[tuple[str, str]]], goals: set[str]
    ) -> tuple[str, ...]:
        if goals.intersection(starts):
            return ()
        previous: dict[str, tuple[str, str]] = {}
        seen = set(starts)
        queue = deque(starts)
        while queue:
            node = queue.popleft()
            for flow_id, target in adjacency.get(node, ()):
                if target in seen:
                    continue
                seen.add(target)
                previous[target] = (node, flow_id)
                if target in goals:
                    return self._walk_back(previous, target)
                queue.append(target)
        return ()

    @staticmethod
    def _walk_back(previous: dict[str, tuple[str, str]], node: str) -> tuple[str, ...]:
        chain = []
        while node in previous:
            node, flow_id = previous[node]
            chain.append(flow_id)
        return tuple(reversed(chain))

    def to_party(self, items: frozenset[str], party: str) -> tuple[str, ...]:
        """How items (or what they are made from) get from where they start to the party's nodes."""
        own = self.facts.party_nodes(party)
        origins = self._origins(items)
        if own.intersection(origins):  # one of its own nodes reads it first (its app on the phone)
            starts = own.intersection(origins)
            first = sorted(
                f.id for i in items for f in self.facts.flows_carrying.get(i, ()) if f.source in starts
            )
            return tuple(first[:1])
        return self._bfs(origins, self._adjacency(items), set(own))

    def presence_to_party(self, items: frozenset[str], party: str) -> tuple[str, ...]:
        """How evidence of the visit gets from the person, through in-store capture, to the party."""
        adjacency = self._adjacency(items)
        for flow in self.model.flows:
            if flow.source in self.facts.person_side and flow.target in self.facts.capture_nodes:
                adjacency.setdefault(flow.source, []).append((flow.id, flow.target))
        adjacency = {k: sorted(set(v)) for k, v in adjacency.items()}
        starts = sorted(self.facts.person_side)
        return self._bfs(starts, adjacency, set(self.facts.party_nodes(party)))

    def to_ad(self, item_id: str, party: str) -> tuple[str, ...]:
        """How the party's copy of the identifier reaches an ad (or, failing that, an audience)."""
        adjacency = self._adjacency(frozenset({item_id}))
        starts = sorted(self.facts.party_nodes(party))
        for kind in ("ad", "audience"):
            goals = {n.id for n in self.model.nodes if n.kind == kind} - set(starts)
            chain = self._bfs(starts, adjacency, goals)
            if chain:
                return chain
        return ()
