"""Rules about controls: journeys the person cannot stop herself, and controls a flow works around.

Analysis stage. Both read the model's `controls:` (see docs/model-format.md) and stay silent on a model
that lists none: without controls the model has not been asked "what can she do?", so silence there is
not a finding about the flows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import networkx as nx

from flows.analysis.controls import controls_on_journey, is_person_control
from flows.analysis.rules.base import Finding, Rule, RuleContext, label, party_name, worded_join, worded_names
from flows.input.i18n import N_, _
from flows.input.kinds import CONTROL_KINDS
from flows.input.model import Control, Flow, Model


def journey_words(model: Model, nodes: Iterable[str]) -> str:
    """'Phone → Sensor → … → Ad', a journey as a reader names it."""
    return " \u2192 ".join(model.nodes_by_id[n].name for n in nodes)


class JourneyWithoutPersonControl(Rule):
    id = "journey-without-person-control"
    title = N_("No control found that the person can use on a journey")
    severity = "medium"
    linddun = "unawareness"
    description = (
        "On this journey from her visit to an ad, the model names no setting, opt-out or right that the "
        "person can use herself to stop any of its hops. She can only hope that a store, a platform or a "
        "regulator acts for her. 'No control found' is a finding in itself: it is what a class or a "
        "campaign can point at."
    )
    decides = (
        "Each journey (see `adflows trace`) of a model that lists `controls`, when no control with "
        "`used_by: person` and `found: true` names one of its flows or nodes. One finding per journey; "
        "the controls others could use, and those the sources found missing, are named in the text."
    )
    mitigation = (
        "Offer the person a control on the first hop (a notice with an opt-out at the store, an OS "
        "permission the flow depends on); if one exists, add it to the model under `controls` with its "
        "source."
    )
    references = (
        "GDPR Art. 21 (right to object) and Art. 12 (transparent means to exercise rights)",
        "FTC v. Nomi Technologies (2015): an in-store opt-out promised but not offered",
    )
    plain = N_("Nothing in this model lets the person stop this journey herself.")

    def check(self, context: RuleContext) -> Iterable[Finding]:
        model = context.model
        if not model.controls:
            return
        for journey in context.journeys:
            on_it = controls_on_journey(model, journey)
            if any(is_person_control(c) for c in on_it):
                continue
            path = journey_words(model, journey.nodes)
            text = _("No control the person can use herself is known on the journey {path}.").format(
                path=path
            )
            missing = [c.name for c in on_it if not c.found]
            others = [c.name for c in on_it if c.found]
            if missing:
                if len(missing) == 1:
                    said = N_("The sources say {controls} was promised or expected but not found.")
                else:
                    said = N_("The sources say {controls} were promised or expected but not found.")
                text += " " + _(said).format(controls=worded_join(_quoted(missing)))
            if others:
                text += " " + _("Others could act: {controls}.").format(controls=worded_join(_quoted(others)))
            flows = set(journey.flows)
            left = [c.name for c in model.controls if c.found and flows.intersection(c.does_not_stop)]
            if left:
                running = (
                    N_("{controls} leaves part of it running.")
                    if len(left) == 1
                    else N_("{controls} leave part of it running.")
                )
                text += " " + _(running).format(controls=worded_join(_quoted(left)))
            yield self.finding(
                context,
                journey.id,
                text,
                flows=journey.flows,
                plain=_("Nothing in this model lets the person stop the journey {path} herself.").format(
                    path=path
                ),
            )


class ControlContradictedByFlow(Rule):
    id = "control-contradicted-by-flow"
    title = N_("A control is worked around by another flow")
    severity = "medium"
    linddun = "unawareness"
    description = (
        "A control stops some flows into a company, but another flow carries the same data to the same "
        "company and the control does not cover it. A person who uses the control believes she is out, "
        "while the company still receives her data by the other route (an opt-out for a store's sensors "
        "that leaves the partner-app feed running)."
    )
    decides = (
        "Each control with `stops` and `found: true`. For each flow it stops, the party that receives "
        "it (the target node's party) and the data it carries, with everything each item is derived "
        "from. Another flow into a node of that same party contradicts the control when it comes from "
        "another party and carries one of those items, or when the control lists it under "
        "`does_not_stop` (the author says it keeps running). Flows the control names under `stops` or "
        "`flows` (it acts on them; its `limits` say how), flows into the nodes the stopped flows start "
        "from (the same route) and flows out of the nodes they lead to (the stopped data travelling "
        "on) do not count. One finding per control, naming every such flow."
    )
    mitigation = (
        "Make the control cover every route by which the company receives the same data (one opt-out "
        "for sensors, partner apps and bought data), and say plainly what it does not cover."
    )
    references = (
        "FTC v. Nomi Technologies (2015): opt-out and notice representations",
        "GDPR Art. 21: an objection covers the processing, not one collection channel",
    )
    plain = N_("Using {subject} does not stop the company getting the same data another way.")

    def check(self, context: RuleContext) -> Iterable[Finding]:
        model, facts = context.model, context.facts
        for control in model.controls:
            if not control.found or not control.stops:
                continue
            stopped = [model.flows_by_id[f] for f in control.stops]
            downstream = _downstream(facts.graph, {f.target for f in stopped}, facts.person_side)
            around, received, common = _work_arounds(model, control, stopped, facts.lineage, downstream)
            if not around:
                continue
            label_ = CONTROL_KINDS[control.kind].label
            kind = _(label_)
            kind = label_.lower() if kind == label_ else kind  # lower case in English running text
            company = worded_join([party_name(model, p) for p in _parties(model, stopped)])
            if len(stopped) == 1:
                stops = N_(
                    "\u2018{control}\u2019 ({kind}) stops the flow {stopped}, which brings {received} to "
                    "{company}."
                )
            else:
                stops = N_(
                    "\u2018{control}\u2019 ({kind}) stops the flows {stopped}, which bring {received} to "
                    "{company}."
                )
            if len(around) == 1:
                but = N_(
                    "But the flow {around} carries {common} to the same company, and the control does not "
                    "cover it: someone who uses it still has data about her collected by the other route."
                )
            else:
                but = N_(
                    "But the flows {around} carry {common} to the same company, and the control does not "
                    "cover them: someone who uses it still has data about her collected by the other route."
                )
            text = (
                _(stops).format(
                    control=control.name,
                    kind=kind,
                    stopped=_flow_list(model, stopped),
                    received=worded_names(model, received),
                    company=company,
                )
                + " "
                + _(but).format(around=_flow_list(model, around), common=worded_names(model, common))
            )
            yield self.finding(
                context,
                control.id,
                text,
                flows=[*control.stops, *(f.id for f in around)],
                data=common,
                controls=[control.id],
                plain=_(
                    "Using \u2018{control}\u2019 does not stop the company getting the same data another way."
                ).format(control=control.name),
            )


def _downstream(graph: nx.MultiDiGraph, starts: set[str], person_side: frozenset[str]) -> set[str]:
    """The nodes the stopped flows lead to, and everything after them up to the person's side: flows
    from there are the stopped data travelling on (cut with it), not another route. The walk stops at
    her side, where the ad comes back to her phone and every route starts again."""
    found = set(starts) - person_side
    queue = list(found)
    while queue:
        for after in graph.successors(queue.pop()):
            if after not in found and after not in person_side:
                found.add(after)
                queue.append(after)
    return found


def _work_arounds(
    model: Model,
    control: Control,
    stopped: list[Flow],
    lineage_of: Callable[[str], frozenset[str]],
    downstream: set[str],
) -> tuple[list[Flow], tuple[str, ...], tuple[str, ...]]:
    """(flows that work around the control, the items the stopped flows carry, the items in common).

    `lineage_of(item)` is the item with everything it is made from, so a flow carrying a hash of
    the stopped MAC address, or the visit inferred from it, counts as carrying the same data."""
    nodes = model.nodes_by_id
    recipients = _parties(model, stopped)
    received = tuple(dict.fromkeys(d for f in stopped for d in f.data))
    roots = {root for item in received for root in lineage_of(item)}
    exempt = {*control.stops, *control.flows}  # what it stops, and what it acts on in its own way
    route = {f.source for f in stopped}  # flows into these feed the stopped flows: the same route
    kept_running = set(control.does_not_stop)
    around: list[Flow] = []
    common: dict[str, None] = {}
    for flow in model.flows:
        into = nodes[flow.target].party
        if flow.id in exempt or into not in recipients or flow.target in route or flow.source in downstream:
            continue
        shared = [d for d in flow.data if not roots.isdisjoint(lineage_of(d))]
        if flow.id in kept_running:
            around.append(flow)
            common.update(dict.fromkeys(shared or flow.data))
        elif shared and nodes[flow.source].party != into:
            around.append(flow)
            common.update(dict.fromkeys(shared))
    return around, received, tuple(common)


def _parties(model: Model, flows: list[Flow]) -> tuple[str, ...]:
    nodes = model.nodes_by_id
    return tuple(dict.fromkeys(nodes[f.target].party for f in flows))


def _flow_list(model: Model, flows: list[Flow]) -> str:
    """'A -> B and C -> D' (the messages say 'the flow' or 'the flows' themselves)."""
    return worded_join([label(model, f) for f in flows])


def _quoted(values: list[str]) -> list[str]:
    return [f"\u2018{v}\u2019" for v in values]
