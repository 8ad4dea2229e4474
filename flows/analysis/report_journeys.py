"""Journeys that end in an aggregate report rather than an ad (analysis stage, Model -> ReportJourneys).

`flows.analysis.journeys` follows personal data to an ad and back to the person. Much in-store tracking ends
elsewhere: in counts and dwell times sold to a retailer or an advertiser. `adflows trace` shows those
journeys too, marked as such, so a reader sees that the data went somewhere even when no ad follows.
One breadth-first search from the person's side over flows carrying personal data gives the shortest
route to every node; each flow that carries an item made by the `aggregate` transform then closes one
journey.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

from flows.analysis.facts import Facts, unique
from flows.analysis.journeys import Hop
from flows.input.model import Model

MAX_REPORT_JOURNEYS = 100


@dataclass(frozen=True)
class ReportJourney:
    id: str
    nodes: tuple[str, ...]
    hops: tuple[Hop, ...]
    report: tuple[str, ...]  # the aggregate items the last flow carries

    @property
    def flows(self) -> tuple[str, ...]:
        return tuple(f for hop in self.hops for f in hop.flows)


def find_report_journeys(
    model: Model, facts: Facts | None = None, *, limit: int = MAX_REPORT_JOURNEYS
) -> tuple[tuple[ReportJourney, ...], bool]:
    """Journeys from the person's side to each flow carrying an aggregate report, shortest route
    first; at most `limit` (the bool says whether the list was cut short)."""
    facts = facts or Facts(model)
    items = model.data_by_id
    person = facts.person_side
    previous = _shortest_routes(model, facts)
    journeys: list[ReportJourney] = []
    capped = False
    for flow in model.flows:
        report = tuple(d for d in flow.data if items[d].transform == "aggregate")
        if not report or flow.target in person:
            continue
        if flow.source not in person and flow.source not in previous:
            continue  # no personal data reaches the node that makes the report
        if len(journeys) >= limit:
            capped = True
            break
        chain = [flow.id]
        node = flow.source
        while node in previous:
            node, flow_id = previous[node]
            chain.append(flow_id)
        chain.reverse()
        journeys.append(_journey(model, f"report-journey-{len(journeys) + 1}", chain, report))
    return tuple(journeys), capped


def _shortest_routes(model: Model, facts: Facts) -> dict[str, tuple[str, str]]:
    """node -> (previous node, flow) on a shortest route from the person's side over personal flows."""
    adjacency: dict[str, list[tuple[str, str]]] = {}
    for flow, carried in zip(model.flows, facts.flow_personal, strict=True):
        if carried:
            adjacency.setdefault(flow.source, []).append((flow.target, flow.id))
    starts = sorted(facts.person_side)
    seen = set(starts)
    previous: dict[str, tuple[str, str]] = {}
    queue = deque(starts)
    while queue:
        node = queue.popleft()
        for target, flow_id in sorted(adjacency.get(node, ())):
            if target not in seen:
                seen.add(target)
                previous[target] = (node, flow_id)
                queue.append(target)
    return previous


def _journey(model: Model, journey_id: str, chain: list[str], report: tuple[str, ...]) -> ReportJourney:
    flows = model.flows_by_id
    hops = tuple(Hop(flows[f].source, flows[f].target, (f,), unique(flows[f].data)) for f in chain)
    nodes = (hops[0].source, *(h.target for h in hops))
    return ReportJourney(journey_id, nodes, hops, report)
