"""The analysis stage in one call: Model -> Analysis (journeys, who knows what, findings).

`analyse` computes the shared facts once and runs the three analyses on them; `analysis_view` turns the
result into plain JSON-ready data for `flows.view.graph_view.to_view(model, extra=...)`, the JSON API
and the CLI.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flows.analysis.facts import Facts
from flows.analysis.findings import BUILTIN_RULES, Finding, Rule, run_rules
from flows.analysis.journeys import Journeys, find_journeys
from flows.analysis.knowledge import Join, Knowledge, KnownItem, PartyKnowledge, find_knowledge
from flows.analysis.rules.base import RuleContext
from flows.input.model import Model
from flows.speed.gc import paused_gc


@dataclass(frozen=True)
class Analysis:
    model: Model
    journeys: Journeys
    knowledge: Knowledge
    findings: tuple[Finding, ...]


def analyse(model: Model, rules: tuple[Rule, ...] = BUILTIN_RULES) -> Analysis:
    with paused_gc():
        facts = Facts(model)
        journeys = find_journeys(model, facts)
        knowledge = find_knowledge(model, facts)
        context = RuleContext(model, facts, journeys, knowledge)
        return Analysis(model, journeys, knowledge, run_rules(model, rules, context=context))


def analysis_view(analysis: Analysis) -> dict[str, Any]:
    """`{"findings": [...], "journeys": [...], "knowledge": [...]}` plus `journeys_capped`."""
    model = analysis.model
    return {
        "findings": [f.to_dict() for f in analysis.findings],
        "journeys": [journey_view(model, j) for j in analysis.journeys],
        "journeys_capped": analysis.journeys.capped,
        "knowledge": [knowledge_view(model, p) for p in analysis.knowledge.parties],
    }


def journey_view(model: Model, journey: Any) -> dict[str, Any]:
    nodes = model.nodes_by_id
    return {
        "id": journey.id,
        "nodes": list(journey.nodes),
        "flows": list(journey.flows),
        "ad": journey.ad,
        "delivered": journey.delivered,
        "accounts": list(journey.accounts),
        "title": " \u2192 ".join(nodes[n].name for n in journey.nodes),
        "hops": [
            {
                "source": h.source,
                "target": h.target,
                "flows": list(h.flows),
                "data": list(h.data),
                "data_names": [model.data_by_id[d].name for d in h.data],
            }
            for h in journey.hops
        ],
    }


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
