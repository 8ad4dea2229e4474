"""The analysis stage in one call: Model -> Analysis (journeys, who knows what, findings).

`analyse` computes the shared facts once and runs the three analyses on them; `analysis_view` turns the
result into plain JSON-ready data for `flows.view.to_view(model, extra=...)`, the JSON API and the CLI.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flows._facts import Facts
from flows.findings import BUILTIN_RULES, Finding, Rule, run_rules
from flows.journeys import Journeys, find_journeys
from flows.knowledge import Knowledge, PartyKnowledge, find_knowledge
from flows.model import Model
from flows.rules.base import RuleContext


@dataclass(frozen=True)
class Analysis:
    model: Model
    journeys: Journeys
    knowledge: Knowledge
    findings: tuple[Finding, ...]


def analyse(model: Model, rules: tuple[Rule, ...] = BUILTIN_RULES) -> Analysis:
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
    items = model.data_by_id
    return {
        "party": party.party,
        "party_name": model.parties_by_id[party.party].name,
        "items": [
            {
                "item": k.item,
                "name": items[k.item].name,
                "kind": items[k.item].kind,
                "how": k.how,
                "flows": list(k.flows),
                "from_parties": list(k.from_parties),
                "derived_from": list(k.derived_from),
                "transform": k.transform,
                "sensitive": items[k.item].sensitive,
            }
            for k in party.items
        ],
        "audiences": list(party.audiences),
        "joins": [
            {
                "offline": list(j.offline),
                "online": j.online,
                "device": j.device,
                "capture_flows": list(j.capture_flows),
                "identifier_flows": list(j.identifier_flows),
                "onward_flows": list(j.onward_flows),
                "flows": list(j.flows),
            }
            for j in party.joins
        ],
    }
