"""Journeys: every path from the person's side to an ad and back to her (analysis stage, Model -> Journeys).

A journey starts at a node on the person's side (the person, or a device she carries), follows flows
that carry personal data through other parties' nodes until it reaches an `ad` node, and ends when the
ad reaches a node on her side again (through any flows: the ad itself is usually not personal data).
Each hop joins two nodes and lists every qualifying flow between them, so parallel flows do not multiply
journeys. Enumeration is a depth-first search over simple paths on adjacency lists read off the graph
of record (`flows.analysis.graph`), pruned up front to nodes that can still reach an ad (and, after it,
the person), and bounded by a journey limit, a hop limit and a step budget,
so large models stay fast; `Journeys.capped` says when a bound cut the list short.
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from itertools import pairwise

from flows.analysis.facts import Facts, unique
from flows.input.model import Model

MAX_JOURNEYS = 100
MAX_HOPS = 16
MAX_STEPS = 200_000  # DFS expansions before giving up; keeps pathological graphs near-linear

Adjacency = dict[str, list[tuple[str, tuple[str, ...]]]]


@dataclass(frozen=True)
class Hop:
    """One step of a journey: the flows from `source` to `target` and the data items they carry."""

    source: str
    target: str
    flows: tuple[str, ...]
    data: tuple[str, ...]


@dataclass(frozen=True)
class Journey:
    id: str
    nodes: tuple[str, ...]
    hops: tuple[Hop, ...]
    ad: str
    delivered: bool  # the ad reaches the person's side again
    accounts: tuple[str, ...]  # alternative accounts the journey depends on (empty: shared by all)

    @property
    def flows(self) -> tuple[str, ...]:
        return tuple(f for hop in self.hops for f in hop.flows)


@dataclass(frozen=True)
class Journeys:
    journeys: tuple[Journey, ...]
    capped: bool
    limit: int

    def __iter__(self) -> Iterator[Journey]:
        return iter(self.journeys)

    def __len__(self) -> int:
        return len(self.journeys)


def find_journeys(
    model: Model,
    facts: Facts | None = None,
    *,
    limit: int = MAX_JOURNEYS,
    max_hops: int = MAX_HOPS,
    max_steps: int = MAX_STEPS,
) -> Journeys:
    """All journeys, shortest first, then by node ids; at most `limit` of them."""
    facts = facts or Facts(model)
    person = facts.person_side
    before, after, into_before = _adjacencies(facts)
    ads = set(facts.nodes_of_kind("ad"))
    reach_ad = _reaching(ads, into_before, exclude=person)
    reach_person = _reaching(person, facts.graph.pred, exclude=frozenset())
    search = _Search(before, after, person, ads, reach_ad, reach_person, limit, max_hops, max_steps)
    for start in sorted(person):
        search.run(start)
    found = sorted(search.found, key=lambda path: (len(path), [n for n, _ in path]))
    journeys = tuple(_journey(f"journey-{i}", path, model, facts, ads) for i, path in enumerate(found, 1))
    return Journeys(journeys, search.capped, limit)


Reverse = Mapping[str, Iterable[str]]  # target -> sources (the graph's `pred` is one)


def _adjacencies(facts: Facts) -> tuple[Adjacency, Adjacency, Reverse]:
    """Both phases' adjacencies, source -> sorted [(target, sorted flow ids)], read off the graph of
    record, and the reverse of the first (target -> sources); the second's reverse is the graph's own.

    Before the ad only flows carrying personal data count; after it every flow does."""
    personal = facts.personal
    before: Adjacency = {}
    after: Adjacency = {}
    into_before: dict[str, set[str]] = defaultdict(set)
    for source, targets in facts.graph.adj.items():
        row_before = []
        row_after = []
        for target, keyed in sorted(targets.items()):
            every = sorted(keyed)
            row_after.append((target, tuple(every)))
            carrying = [f for f in every if not personal.isdisjoint(keyed[f]["data"])]
            if carrying:
                row_before.append((target, tuple(carrying)))
                into_before[target].add(source)
        if row_after:
            after[source] = row_after
        if row_before:
            before[source] = row_before
    return before, after, into_before


def _reaching(goals: Iterable[str], reverse: Reverse, exclude: frozenset[str]) -> set[str]:
    """Nodes with a path to one of `goals` (reverse breadth-first search; linear in the flows)."""
    seen = set(goals)
    queue = deque(seen)
    while queue:
        node = queue.popleft()
        for source in reverse.get(node, ()):
            if source not in seen and source not in exclude:
                seen.add(source)
                queue.append(source)
    return seen


Path = tuple[tuple[str, tuple[str, ...]], ...]  # (node, flows that led to it)


class _Search:
    """Iterative depth-first search over simple paths, in two phases: before and after the ad."""

    def __init__(
        self,
        before: Adjacency,
        after: Adjacency,
        person: frozenset[str],
        ads: set[str],
        reach_ad: set[str],
        reach_person: set[str],
        limit: int,
        max_hops: int,
        max_steps: int,
    ) -> None:
        self.before, self.after, self.person, self.ads = before, after, person, ads
        self.reach_ad, self.reach_person = reach_ad, reach_person
        self.limit, self.max_hops, self.steps_left = limit, max_hops, max_steps
        self.found: list[Path] = []
        self.capped = False

    def run(self, start: str) -> None:
        path: list[tuple[str, tuple[str, ...]]] = [(start, ())]
        on_path = {start}
        stack = [iter(self._next(start, False, on_path))]
        while stack and not self.capped:
            step = next(stack[-1], None)
            if step is None:
                stack.pop()
                on_path.discard(path.pop()[0])
                continue
            self.steps_left -= 1
            if self.steps_left < 0:
                self.capped = True
                break
            target, flows, after_ad = step
            if after_ad and target in self.person:
                self._record((*path, (target, flows)))
                continue
            if len(path) > self.max_hops:
                continue
            path.append((target, flows))
            on_path.add(target)
            phase = after_ad or target in self.ads
            if target in self.ads and not any(t in self.reach_person for t, _ in self.after.get(target, ())):
                self._record(tuple(path))  # the model does not show the ad reaching her
            stack.append(iter(self._next(target, phase, on_path)))

    def _next(
        self, node: str, after_ad: bool, on_path: set[str]
    ) -> Iterator[tuple[str, tuple[str, ...], bool]]:
        adjacency = self.after if after_ad else self.before
        useful = self.reach_person if after_ad else self.reach_ad
        for target, flows in adjacency.get(node, ()):
            if after_ad and target in self.person:
                yield target, flows, True
            elif target not in on_path and target not in self.person and target in useful:
                yield target, flows, after_ad

    def _record(self, path: Path) -> None:
        if len(self.found) >= self.limit:
            self.capped = True
            return
        self.found.append(path)


def _journey(journey_id: str, path: Path, model: Model, facts: Facts, ads: set[str]) -> Journey:
    flows = model.flows_by_id
    nodes = model.nodes_by_id
    hops = tuple(
        Hop(source, target, ids, unique(d for f in ids for d in flows[f].data))
        for (source, _), (target, ids) in pairwise(path)
    )
    node_ids = tuple(n for n, _ in path)
    accounts = unique(
        sorted(
            {a for h in hops for f in h.flows if (a := flows[f].account)}
            | {a for n in node_ids if (a := nodes[n].account)}
        )
    )
    ad = next(n for n in node_ids if n in ads)
    return Journey(journey_id, node_ids, hops, ad, node_ids[-1] in facts.person_side, accounts)
