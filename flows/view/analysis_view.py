"""The analysis as JSON-ready data: journeys, who knows what, joins and what-if results (view stage).

The analysis stage returns dataclasses of ids; the page, the JSON API and the CLI's `--format json` show
names too, so the conversion lives here, once, beside the rest of the view contract.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flows.analysis.controls import controls_on_hop, controls_on_journey
from flows.analysis.journeys import Hop, Journey
from flows.analysis.knowledge import Join, KnownItem, PartyKnowledge
from flows.analysis.report_journeys import ReportJourney
from flows.analysis.whatif import WhatIf
from flows.input.model import Model

# Past this many findings of one rule, the text and Markdown reports show that rule once, with a
# count and the first examples (an imported vendor list gives thousands of transfers); JSON keeps all.
GROUP_ABOVE = 10
GROUP_EXAMPLES = 3


def journey_view(model: Model, journey: Journey) -> dict[str, Any]:
    nodes = model.nodes_by_id
    return {
        "id": journey.id,
        "nodes": list(journey.nodes),
        "flows": list(journey.flows),
        "ad": journey.ad,
        "delivered": journey.delivered,
        "accounts": list(journey.accounts),
        "title": " \u2192 ".join(nodes[n].name for n in journey.nodes),
        "hops": hop_views(model, journey.hops),
        "controls": [c.id for c in controls_on_journey(model, journey)],
    }


def report_journey_view(model: Model, journey: ReportJourney) -> dict[str, Any]:
    """A journey that ends in an aggregate report, in the shape of `journey_view` plus `report`."""
    return {
        "id": journey.id,
        "ends_in": "aggregate-report",
        "nodes": list(journey.nodes),
        "flows": list(journey.flows),
        "report": list(journey.report),
        "title": " \u2192 ".join(model.nodes_by_id[n].name for n in journey.nodes),
        "hops": hop_views(model, journey.hops),
    }


def hop_views(model: Model, hops: Iterable[Hop]) -> list[dict[str, Any]]:
    """Each hop of a journey with its data items' names."""
    return [
        {
            "source": h.source,
            "target": h.target,
            "flows": list(h.flows),
            "data": list(h.data),
            "data_names": [model.data_by_id[d].name for d in h.data],
            "controls": [c.id for c in controls_on_hop(model, h)],
        }
        for h in hops
    ]


def knowledge_view(model: Model, party: PartyKnowledge) -> dict[str, Any]:
    return {
        "party": party.party,
        "party_name": model.parties_by_id[party.party].name,
        "items": [known_item_view(model, k) for k in party.items],
        "audiences": list(party.audiences),
        "joins": [join_view(j) for j in party.joins],
    }


def known_item_view(model: Model, known: KnownItem) -> dict[str, Any]:
    item = model.data_by_id[known.item]
    return {
        "item": known.item,
        "name": item.name,
        "kind": item.kind,
        "how": known.how,
        "flows": list(known.flows),
        "from_parties": list(known.from_parties),
        "derived_from": list(known.derived_from),
        "transform": known.transform,
        "sensitive": item.sensitive,
    }


def join_view(join: Join) -> dict[str, Any]:
    return {
        "offline": list(join.offline),
        "online": join.online,
        "device": join.device,
        "capture_flows": list(join.capture_flows),
        "identifier_flows": list(join.identifier_flows),
        "onward_flows": list(join.onward_flows),
        "flows": list(join.flows),
    }


def whatif_view(result: WhatIf) -> dict[str, Any]:
    """JSON-ready result, for the CLI's --format json and for pages."""
    model = result.before.model
    return {
        "switch": {
            "spec": result.switch.spec,
            "kind": result.switch.kind,
            "target": result.switch.target,
            "nodes": list(result.switch.nodes),
            "flows": list(result.switch.flows),
        },
        "journeys_before": len(result.before.journeys),
        "journeys_after": len(result.after.journeys),
        "broken": [journey_view(model, j) for j in result.broken],
        "kept": [journey_view(model, j) for j in result.kept],
        "findings_gone": [f.to_dict() for f in result.findings_gone],
        "findings_new": [f.to_dict() for f in result.findings_new],
        "findings_changed": [f.to_dict() for f in result.findings_changed],
    }
