"""The analysis stage in one call: Model -> Analysis (journeys, who knows what, findings).

`analyse` computes the shared facts once and runs the three analyses on them; the view stage
(`flows.view.analysis_view`) turns the result into JSON-ready data for the page, the JSON API and the CLI.
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from flows.analysis.facts import Facts
from flows.analysis.findings import BUILTIN_RULES, Finding, Rule, run_rules
from flows.analysis.journeys import Journeys, find_journeys
from flows.analysis.knowledge import Knowledge, find_knowledge
from flows.analysis.rules.base import RuleContext
from flows.input.i18n import ENGLISH, current_language
from flows.input.model import Model


@dataclass(frozen=True)
class Analysis:
    model: Model
    graph: nx.MultiDiGraph  # the graph of record the analysis read (`flows.analysis.graph`)
    journeys: Journeys
    knowledge: Knowledge
    findings: tuple[Finding, ...]
    # The language of the findings' fixed wording: the context's when `analyse` ran (flows.input.i18n).
    language: str = ENGLISH


def analyse(
    model: Model, rules: tuple[Rule, ...] = BUILTIN_RULES, *, graph: nx.MultiDiGraph | None = None
) -> Analysis:
    """Journeys, who knows what and findings; `graph` is the model's `build_graph`, built when not given
    (pass it when the caller already has it, so it is built once per model).

    The findings' titles and plain sentences are worded in the context's language
    (`flows.input.i18n.language`), English by default."""
    facts = Facts(model, graph)
    journeys = find_journeys(model, facts)
    knowledge = find_knowledge(model, facts)
    context = RuleContext(model, facts, journeys, knowledge)
    findings = run_rules(model, rules, context=context)
    return Analysis(model, facts.graph, journeys, knowledge, findings, current_language())
