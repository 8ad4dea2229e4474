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

import heapq
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

from flows.analysis.facts import Facts, unique
from flows.analysis.knowledge_paths import PathFinder
from flows.input.model import Model


@dataclass(frozen=True, init=False)
class KnownItem:
    """One data item a party knows, and how it learns it."""

    item: str
    how: str  # holds | receives | derives | produces
    flows: tuple[str, ...] = ()
    from_parties: tuple[str, ...] = ()
    derived_from: tuple[str, ...] = ()
    transform: str | None = None

    def __init__(
        self,
        item: str,
        how: str,
        flows: tuple[str, ...] = (),
        from_parties: tuple[str, ...] = (),
        derived_from: tuple[str, ...] = (),
        transform: str | None = None,
    ) -> None:
        """The generated frozen `__init__`, filled in one step (a big model's parties know 285,000
        items; setting each field through `object.__setattr__` made this a third of the cost)."""
        self.__dict__.update(
            item=item,
            how=how,
            flows=flows,
            from_parties=from_parties,
            derived_from=derived_from,
            transform=transform,
        )


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

    def known(self, item_id: str) -> KnownItem | None:
        """How the party knows the item (None when it does not)."""
        return self._by_item.get(item_id)

    @cached_property
    def _by_item(self) -> dict[str, KnownItem]:
        return {k.item: k for k in self.items}


@dataclass(frozen=True)
class Knowledge:
    parties: tuple[PartyKnowledge, ...]

    def for_party(self, party_id: str) -> PartyKnowledge | None:
        return self._by_party.get(party_id)

    @cached_property
    def _by_party(self) -> dict[str, PartyKnowledge]:
        found: dict[str, PartyKnowledge] = {}
        for party in self.parties:
            found.setdefault(party.party, party)
        return found


def find_knowledge(model: Model, facts: Facts | None = None) -> Knowledge:
    """Knowledge of every party except the person herself, in the model's party order.

    Everything per party reads indexes built once here, so the cost grows with what each party knows,
    not with parties x model size."""
    facts = facts or Facts(model)
    direct, produced = _direct_knowledge(model, facts)
    paths = PathFinder(model, facts)
    derivation = _Derivation(model, facts)
    nodes = model.nodes_by_id
    audiences: dict[str, list[str]] = defaultdict(list)
    for audience in model.audiences:
        if audience.node in nodes:
            audiences[nodes[audience.node].party].append(audience.id)
    result = []
    for party in model.parties:
        if party.id in facts.person_parties:
            continue
        items, known = derivation.with_derived(direct.get(party.id, {}), produced.get(party.id, {}))
        joins = _joins(party.id, known, facts, paths)
        result.append(PartyKnowledge(party.id, items, tuple(audiences.get(party.id, ())), joins, known))
    return Knowledge(tuple(result))


def _direct_knowledge(
    model: Model, facts: Facts
) -> tuple[dict[str, dict[str, KnownItem]], dict[str, dict[str, list[str]]]]:
    """In one pass over the flows: party -> item -> KnownItem for what its nodes hold or receive from
    other parties, and party -> item -> flows its nodes send it on (what a node sends, the party has)."""
    party_of: dict[str, str] = dict(facts.graph.nodes(data="party"))
    # Flows into these nodes tell their party nothing: an ad's targeting keys, the person's side.
    not_told = facts.person_side | facts.nodes_of_kind("ad")
    found: dict[str, dict[str, KnownItem]] = defaultdict(dict)
    for node in model.nodes:
        if node.holds:
            known = found[node.party]
            for item_id in node.holds:
                if item_id not in known:
                    known[item_id] = KnownItem(item_id, "holds")
    # party -> item -> (flows, sending parties), in the order flows first bring each item.
    received: dict[str, dict[str, tuple[list[str], set[str]]]] = defaultdict(dict)
    produced: dict[str, dict[str, list[str]]] = defaultdict(dict)
    for flow in model.flows:
        source_party = party_of[flow.source]
        sent = produced[source_party]
        for item_id in flow.data:
            ids = sent.get(item_id)
            if ids is None:
                sent[item_id] = [flow.id]
            else:
                ids.append(flow.id)
        target = flow.target
        if target in not_told or source_party == party_of[target]:
            continue
        by_item = received[party_of[target]]
        for item_id in flow.data:
            entry = by_item.get(item_id)
            if entry is None:
                by_item[item_id] = ([flow.id], {source_party})
            else:
                entry[0].append(flow.id)
                entry[1].add(source_party)
    for party, by_item in received.items():
        known = found[party]
        for item_id, (ids, parties) in by_item.items():
            if item_id not in known:
                known[item_id] = KnownItem(item_id, "receives", tuple(ids), tuple(sorted(parties)))
    return found, produced


class _Derivation:
    """What a party works out itself; the model-wide part (derivation order, item order) is built once."""

    def __init__(self, model: Model, facts: Facts) -> None:
        items = model.data_by_id
        # Only items with inputs and a real transform can be worked out; keep derivation order.
        self.derivable = tuple(
            items[i]
            for i in facts.topological_items
            if items[i].derived_from and items[i].transform not in (None, "none")
        )
        self.children: dict[str, list[int]] = defaultdict(list)
        for position, item in enumerate(self.derivable):
            for parent in unique(item.derived_from):
                self.children[parent].append(position)
        self.order = {item_id: i for i, item_id in enumerate(items)}
        # What a party that works an item out knows about it does not depend on the party: one
        # (immutable) entry per derivable item, shared by every party that derives it.
        self.derived = tuple(
            KnownItem(item.id, "derives", derived_from=item.derived_from, transform=item.transform)
            for item in self.derivable
        )

    def with_derived(
        self, direct: dict[str, KnownItem], sent: dict[str, list[str]]
    ) -> tuple[tuple[KnownItem, ...], frozenset[str]]:
        """Add what the party works out itself, then what its nodes send without having received it
        (it makes it: a sighting, a report, an ad). Returns the items in model order and their ids.

        Same as one pass over all derivable items in derivation order, but it only looks at items
        made from something the party has: candidates come off a heap in derivation order, and an
        item derived here can only make later items candidates."""
        known = dict(direct)
        children, derivable, derived = self.children, self.derivable, self.derived
        queued: set[int] = set()
        for item_id in children.keys() & (known.keys() | sent.keys()):
            queued.update(children[item_id])
        heap = sorted(queued)
        while heap:
            position = heapq.heappop(heap)
            item = derivable[position]
            if item.id in known or not all(p in known or p in sent for p in item.derived_from):
                continue
            known[item.id] = derived[position]
            for i in children.get(item.id, ()):
                if i not in queued:
                    queued.add(i)
                    heapq.heappush(heap, i)
        for item_id, ids in sent.items():
            if item_id not in known:  # build the KnownItem only when it is kept
                known[item_id] = KnownItem(item_id, "produces", tuple(ids))
        order = self.order
        known_ids = frozenset(known)
        if order.keys() >= known_ids:  # always, for a validated model: sort ids in C
            return tuple(known[i] for i in sorted(known, key=order.__getitem__)), known_ids
        last = len(order)
        return tuple(sorted(known.values(), key=lambda k: order.get(k.item, last))), known_ids


def _joins(party: str, known: frozenset[str], facts: Facts, paths: PathFinder) -> tuple[Join, ...]:
    mine = known & paths.offline
    if not mine:
        return ()
    offline = sorted(mine, key=paths.offline_rank.__getitem__)
    items = facts.model.data_by_id
    joins = []
    for online in sorted(known & paths.online_identifiers):
        reach_online = facts.lineage(online)
        linked = [o for o in offline if facts.lineage(o).isdisjoint(reach_online)]
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
