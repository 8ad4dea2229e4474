"""Facts derived once from a Model and its graph, shared by journeys, knowledge and the rules.

Analysis stage. What counts as "the person's side", which items are really personal or persistent once
transforms are followed, which nodes capture data in a store, and which flows carry which item.
Everything is computed lazily in one linear pass and kept on a frozen object, so each analysis step
reads the same answers.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

import networkx as nx

from flows.analysis.graph import build_graph
from flows.input.kinds import node_kinds_where, party_kinds_where, transforms_where
from flows.input.model import Claim, DataItem, Flow, Model

# Transform and kind traits from the table of kinds (`flows.input.kinds`): linking transforms keep a
# one-to-one link with the input (WP216: pseudonymisation is not anonymisation; FTC v. Nomi: a hashed
# MAC is still a persistent identifier); masking ones only hide it; keyed ones need a secret to undo.
LINKING_TRANSFORMS = transforms_where("linking")
MASKING_TRANSFORMS = transforms_where("masking")
KEYED_TRANSFORMS = transforms_where("keyed")
PERSISTENCE_ORDER: tuple[str, ...] = ("persistent", "resettable", "rotating", "session", "none")
# Identifiers that stay with a person long enough to follow her across visits.
LASTING = frozenset({"persistent", "resettable"})
# Parties whose nodes deliver ads and match identifiers to accounts; nodes that capture data in a
# store; nodes whose incoming identifiers aim ads.
AD_PARTY_KINDS = party_kinds_where("ad_party")
CAPTURE_KINDS = node_kinds_where("captures")
AIMING_KINDS = node_kinds_where("aims_ads")
# Identifiers that name an account or the person (`identifies`); without that field, read from the
# item's id or name: a hash of an e-mail is still keyed on the e-mail, so the words are enough.
NAMING_IDENTIFIES = frozenset({"account", "person"})
NAMING_WORD = re.compile(
    r"\b(e-?mails?|phone numbers?|full names?|real names?|accounts?|log-?ins?|loyalty"
    r"|customer ids?|user ids?)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, init=False)
class Facts:
    """Answers about one model that several analysis steps need, with its graph of record."""

    model: Model
    graph: nx.MultiDiGraph

    def __init__(self, model: Model, graph: nx.MultiDiGraph | None = None) -> None:
        """`graph` is `build_graph(model)` (or a view of it, for a what-if); built here when not given."""
        self.__dict__.update(model=model, graph=build_graph(model) if graph is None else graph)

    @cached_property
    def person_parties(self) -> frozenset[str]:
        people = party_kinds_where("is_person")
        return frozenset(p.id for p in self.model.parties if p.kind in people)

    @cached_property
    def person_side(self) -> frozenset[str]:
        """The person and what she carries: nodes of kind person, or owned by a person party."""
        return frozenset(
            n.id for n in self.model.nodes if n.kind == "person" or n.party in self.person_parties
        )

    @cached_property
    def capture_nodes(self) -> frozenset[str]:
        """Nodes that pick data up in a store: sensors, places, and anything placed within a place."""
        return frozenset(n.id for n in self.model.nodes if n.kind in CAPTURE_KINDS or n.within is not None)

    @cached_property
    def ancestors(self) -> dict[str, frozenset[str]]:
        """Every item each item is made from, directly or not (the model has no derivation cycles)."""
        items = self.model.data_by_id
        memo: dict[str, frozenset[str]] = {}
        for item_id in self.topological_items:
            parents = [p for p in items[item_id].derived_from if p in items]
            found: set[str] = set(parents)
            for parent in parents:
                found |= memo[parent]
            memo[item_id] = frozenset(found)
        return memo

    @cached_property
    def topological_items(self) -> tuple[str, ...]:
        """Item ids, each after all the items it is derived from (author order otherwise)."""
        items = self.model.data_by_id
        order: list[str] = []
        done: set[str] = set()
        for start in items:
            stack = [(start, False)]
            while stack:
                item_id, expanded = stack.pop()
                if item_id in done or item_id not in items:
                    continue
                if expanded:
                    done.add(item_id)
                    order.append(item_id)
                    continue
                stack.append((item_id, True))
                stack.extend((p, False) for p in reversed(items[item_id].derived_from) if p not in done)
        return tuple(order)

    def lineage(self, item_id: str) -> frozenset[str]:
        """The item and everything it is made from."""
        found = self._lineages.get(item_id)
        return found if found is not None else frozenset({item_id})

    @cached_property
    def _lineages(self) -> dict[str, frozenset[str]]:
        return {item_id: found | {item_id} for item_id, found in self.ancestors.items()}

    @cached_property
    def personal(self) -> frozenset[str]:
        """Items about the person: marked personal, or made from a personal item by a linking transform."""
        items = self.model.data_by_id
        found: set[str] = set()
        for item_id in self.topological_items:
            item = items[item_id]
            inherits = item.transform in LINKING_TRANSFORMS and any(p in found for p in item.derived_from)
            if item.personal or inherits:
                found.add(item_id)
        return frozenset(found)

    @cached_property
    def persistence(self) -> dict[str, str]:
        """How stable each item is once linking transforms are followed (a hash is as stable as its input)."""
        items = self.model.data_by_id
        result: dict[str, str] = {}
        for item_id in self.topological_items:
            item = items[item_id]
            levels = [item.persistence]
            if item.transform in LINKING_TRANSFORMS:
                levels += [result[p] for p in item.derived_from if p in result]
            result[item_id] = min(levels, key=PERSISTENCE_ORDER.index)
        return result

    def is_lasting_identifier(self, item_id: str) -> bool:
        """A personal identifier that stays the same long enough to recognise the person again."""
        item = self.model.data_by_id[item_id]
        return item.kind == "identifier" and item_id in self.personal and self.persistence[item_id] in LASTING

    def masked_roots(self, item_id: str) -> tuple[DataItem, ...]:
        """Personal identifiers this item is a hash, truncation or encryption of (directly or not)."""
        items = self.model.data_by_id
        roots: list[DataItem] = []
        seen: set[str] = set()
        stack = [item_id]
        while stack:
            current = items[stack.pop()]
            if current.transform not in MASKING_TRANSFORMS:
                continue
            for parent_id in current.derived_from:
                parent = items.get(parent_id)
                if parent is None or parent_id in seen:
                    continue
                seen.add(parent_id)
                if parent.kind == "identifier" and parent_id in self.personal:
                    roots.append(parent)
                stack.append(parent_id)
        return tuple(sorted(roots, key=lambda d: d.id))

    def masking_steps(self, item_id: str) -> frozenset[str]:
        """Every masking transform between the item and the identifiers it hides (hash, keyed-hash,
        truncate, encrypt): whether a key stands in the way decides if trying every input reverses it."""
        items = self.model.data_by_id
        steps: set[str] = set()
        seen: set[str] = set()
        stack = [item_id]
        while stack:
            current = items[stack.pop()]
            if current.transform not in MASKING_TRANSFORMS:
                continue
            steps.add(current.transform)
            for parent_id in current.derived_from:
                if parent_id in items and parent_id not in seen:
                    seen.add(parent_id)
                    stack.append(parent_id)
        return frozenset(steps)

    @cached_property
    def flows_carrying(self) -> dict[str, tuple[Flow, ...]]:
        """Item id -> the flows that carry it, in author order."""
        found: dict[str, list[Flow]] = defaultdict(list)
        for flow in self.model.flows:
            for item_id in flow.data:
                found[item_id].append(flow)
        return {k: tuple(v) for k, v in found.items()}

    @cached_property
    def flows_out(self) -> dict[str, tuple[tuple[int, Flow], ...]]:
        """Node id -> (position in the model, flow) of each flow leaving it."""
        found: dict[str, list[tuple[int, Flow]]] = defaultdict(list)
        for i, flow in enumerate(self.model.flows):
            found[flow.source].append((i, flow))
        return {k: tuple(v) for k, v in found.items()}

    def personal_data(self, flow: Flow) -> tuple[str, ...]:
        """The flow's personal items, in its order (looked up once per flow of the model)."""
        known = self._personal_data.get(flow.id)
        if known is not None and known[0] is flow:
            return known[1]
        return tuple(d for d in flow.data if d in self.personal)

    @cached_property
    def flow_personal(self) -> tuple[tuple[str, ...], ...]:
        """`personal_data` of each flow, aligned with `model.flows`: loops over every flow zip the two
        instead of paying a method call and a dict lookup per flow (80,000 flows in a big model)."""
        personal = self.personal
        return tuple(tuple(d for d in f.data if d in personal) if f.data else () for f in self.model.flows)

    @cached_property
    def _personal_data(self) -> dict[str, tuple[Flow, tuple[str, ...]]]:
        return {f.id: (f, items) for f, items in zip(self.model.flows, self.flow_personal, strict=True)}

    @cached_property
    def offline_items(self) -> frozenset[str]:
        """Personal items that reveal presence in a store: picked up by or reported from a capture
        node, and what is worked out from them (except by enrichment)."""
        captured: set[str] = set()
        capture = self.capture_nodes
        person = self.person_side
        flows = list(zip(self.model.flows, self.flow_personal, strict=True))
        # What a node in the store gets from elsewhere (a social sign-in's profile, sent by another
        # company's server) says nothing about presence, even when the node passes it on.
        handed_in: dict[str, set[str]] = defaultdict(set)
        for flow, carried in flows:
            if (
                carried
                and flow.target in capture
                and flow.source not in person
                and flow.source not in capture
            ):
                handed_in[flow.target].update(carried)
        for flow, carried in flows:
            if not carried:
                continue
            if flow.target in capture and flow.source in person:
                captured.update(carried)
            elif flow.source in capture:
                outside = handed_in.get(flow.source, ())
                captured.update(d for d in carried if d not in outside)
        items = self.model.data_by_id
        found: set[str] = set()
        for item_id in self.topological_items:
            item = items[item_id]
            # Enrichment adds outside facts keyed on an ID; it does not say where the person was.
            inherits = item.transform != "enrich" and any(p in found for p in item.derived_from)
            if item_id in self.personal and (item_id in captured or inherits):
                found.add(item_id)
        return frozenset(found)

    @cached_property
    def offline_in_order(self) -> tuple[str, ...]:
        """`offline_items` in derivation order (`topological_items`)."""
        offline = self.offline_items
        return tuple(i for i in self.topological_items if i in offline)

    @cached_property
    def ad_identifiers(self) -> frozenset[str]:
        """Personal identifiers used to aim ads: carried into an audience or ad node, or into a node of
        an ad platform, ad-tech company or social network."""
        parties = self.model.parties_by_id
        person_side = self.person_side
        aimed = {
            n.id
            for n in self.model.nodes
            if (n.kind in AIMING_KINDS or parties[n.party].kind in AD_PARTY_KINDS) and n.id not in person_side
        }
        items = self.model.data_by_id
        identifiers = {d for d in self.personal if items[d].kind == "identifier"}
        found: set[str] = set()
        # Per flow only a set lookup; the item test runs on the few flows into an aimed node.
        for flow in self.model.flows:
            if flow.target in aimed:
                found.update(identifiers.intersection(flow.data))
        return frozenset(found)

    @cached_property
    def naming_identifiers(self) -> frozenset[str]:
        """Personal identifiers that name an account or the person: `identifies: account|person`, or
        (when `identifies` is not given) an id or name that says e-mail, phone number, account,
        login, loyalty card, customer or user ID; and lasting items made from them by a linking
        transform (a hashed e-mail still names the account it was made from)."""
        items = self.model.data_by_id
        found: set[str] = set()
        for item_id in self.topological_items:
            item = items[item_id]
            if item.kind != "identifier" or item_id not in self.personal:
                continue
            if item.identifies is not None:
                named = item.identifies in NAMING_IDENTIFIES
            else:
                named = bool(NAMING_WORD.search(item_id.replace("-", " ")) or NAMING_WORD.search(item.name))
            inherits = item.transform in LINKING_TRANSFORMS and any(p in found for p in item.derived_from)
            if named or inherits:
                found.add(item_id)
        return frozenset(found)

    @cached_property
    def sensed_items(self) -> frozenset[str]:
        """Items picked up by physical capture (a flow from the person's side into a sensor node) and
        everything made from them: what radio sensing learns, as opposed to what she types or signs in."""
        sensors = self.nodes_of_kind("sensor")
        captured = {
            d
            for flow in self.model.flows
            if flow.source in self.person_side and flow.target in sensors
            for d in flow.data
        }
        ancestors = self.ancestors
        return frozenset(captured | {i for i, found in ancestors.items() if found & captured})

    @cached_property
    def online_identifiers(self) -> frozenset[str]:
        """Identifiers that tie data to an online or account identity: advertising identifiers
        (carried to an ad, audience or ad company), identifiers that name an account or the person,
        and any `identifies: advertising` item; never one picked up by physical sensing."""
        items = self.model.data_by_id
        declared = {d for d in self.personal if items[d].identifies == "advertising"}
        return frozenset((self.ad_identifiers | self.naming_identifiers | declared) - self.sensed_items)

    def party_nodes(self, party_id: str) -> frozenset[str]:
        return self._nodes_by_party.get(party_id, frozenset())

    @cached_property
    def _nodes_by_party(self) -> dict[str, frozenset[str]]:
        return group_ids((node.party, node.id) for node in self.model.nodes)

    def sphere(self, party_id: str) -> frozenset[str]:
        """A party's own nodes plus every node placed within a place it owns (sensors in its store)."""
        own = self.party_nodes(party_id)
        placed = self._placed_within
        return own.union(*(placed[n] for n in own if n in placed))

    @cached_property
    def _placed_within(self) -> dict[str, frozenset[str]]:
        return group_ids((node.within, node.id) for node in self.model.nodes if node.within is not None)

    def nodes_of_kind(self, kind: str) -> frozenset[str]:
        return self._nodes_by_kind.get(kind, frozenset())

    @cached_property
    def _nodes_by_kind(self) -> dict[str, frozenset[str]]:
        return group_ids((node.kind, node.id) for node in self.model.nodes)

    @cached_property
    def source_order(self) -> dict[str, int]:
        """Source id -> position in the model, to list cited sources in the model's order."""
        return {s.id: i for i, s in enumerate(self.model.sources)}

    @cached_property
    def claims_by_id(self) -> dict[str, Claim]:
        return {c.id: c for c in self.model.claims}


def group_ids(pairs: Iterable[tuple[str, str]]) -> dict[str, frozenset[str]]:
    """{key: the ids paired with it} from (key, id) pairs, e.g. each party's nodes."""
    found: dict[str, set[str]] = defaultdict(set)
    for key, id_ in pairs:
        found[key].add(id_)
    return {k: frozenset(v) for k, v in found.items()}


def unique(values: Iterable[str]) -> tuple[str, ...]:
    """Values in first-seen order, without repeats."""
    return tuple(dict.fromkeys(values))
