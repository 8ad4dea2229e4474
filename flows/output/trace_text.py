"""Journeys and who knows what as text, for `adflows trace` and `adflows knows` (renderer stage).

Split from `flows.output.report` (the findings' reports) so each module keeps one job.
"""

from __future__ import annotations

from collections.abc import Sequence

from flows.analysis.controls import controls_on_journey, is_person_control
from flows.analysis.journeys import Hop, Journey, Journeys
from flows.analysis.knowledge import PartyKnowledge
from flows.analysis.report_journeys import ReportJourney
from flows.input.model import Model


def journeys_text(model: Model, journeys: Journeys) -> str:
    lines = []
    for journey in journeys:
        accounts = (
            " (only in the account: "
            + "; ".join(model.accounts_by_id[a].title for a in journey.accounts)
            + ")"
            if journey.accounts
            else ""
        )
        ending = "" if journey.delivered else " (the model does not show the ad reaching her)"
        lines.append(f"{journey.id}{accounts}{ending}")
        lines += _hop_lines(model, journey.hops)
        if model.controls:
            lines.append(_controls_line(model, journey))
        lines.append("")
    count = len(journeys)
    summary = f"{model.filename}: {count} journey{'s' if count != 1 else ''}"
    if journeys.capped:
        summary += f" (stopped at {journeys.limit}: the model has more; the list is cut short)"
    elif not count:
        summary += " (no path from the person through an ad back to her)"
    lines.append(summary)
    return "\n".join(lines) + "\n"


HOW_WORDS = {
    "holds": "holds it from the start",
    "receives": "receives it",
    "derives": "works it out",
    "produces": "produces it itself",
}


def knowledge_text(model: Model, knowledge: PartyKnowledge) -> str:
    items, parties = model.data_by_id, model.parties_by_id
    person = next((p.name for p in model.parties if p.kind == "person"), "the person")
    lines = [f"What does {parties[knowledge.party].name} know about {person.lower()}?", ""]
    for known in knowledge.items:
        item = items[known.item]
        how = HOW_WORDS[known.how]
        if known.from_parties:
            how += " from " + ", ".join(parties[p].name for p in known.from_parties)
        if known.derived_from:
            made = ", ".join(items[d].name for d in known.derived_from)
            how += f" from {made} ({known.transform})"
        flags = " [sensitive]" if item.sensitive else ""
        via = f"  [{', '.join(known.flows)}]" if known.flows else ""
        lines.append(f"- {item.name}{flags}: {how}{via}")
    if knowledge.audiences:
        names = {a.id: a.name for a in model.audiences}
        lines += ["", "Groups it sorts people into: " + ", ".join(names[a] for a in knowledge.audiences)]
    for join in knowledge.joins:
        lines += ["", f"It can link a store visit to an online identity ({items[join.online].name}):"]
        lines.append("  visit evidence: " + ", ".join(items[d].name for d in join.offline))
        for label, chain in (
            ("the visit", join.capture_flows),
            (items[join.online].name, join.identifier_flows),
            ("on to the ad", join.onward_flows),
        ):
            if chain:
                lines.append(f"  {label}: {_route(model, chain)}  [{', '.join(chain)}]")
    if not knowledge.items:
        lines.append("Nothing: no flow in the model reaches it.")
    return "\n".join(lines) + "\n"


def _route(model: Model, flow_ids: Sequence[str]) -> str:
    flows, nodes = model.flows_by_id, model.nodes_by_id
    stops = [flows[flow_ids[0]].source, *(flows[f].target for f in flow_ids)]
    return " \u2192 ".join(nodes[n].name for n in stops)


def report_journeys_text(model: Model, journeys: Sequence[ReportJourney], capped: bool) -> str:
    """`adflows trace`'s second part: journeys that end in an aggregate report, marked as such."""
    if not journeys:
        return ""
    items = model.data_by_id
    lines = ["", "Journeys that end in an aggregate report (no ad; the data is counted and passed on):", ""]
    for journey in journeys:
        report = ", ".join(items[d].name for d in journey.report)
        lines.append(f"{journey.id} (ends in an aggregate report: {report})")
        lines += _hop_lines(model, journey.hops)
        lines.append("")
    count = len(journeys)
    summary = f"{model.filename}: {count} journey{'s' if count != 1 else ''} ending in an aggregate report"
    if capped:
        summary += " (the list is cut short)"
    return "\n".join([*lines, summary]) + "\n"


def _controls_line(model: Model, journey: Journey) -> str:
    """'  What she can do: Wi-Fi off, App location off' or '  No control found that she can use.'"""
    on_it = controls_on_journey(model, journey)
    mine = [c.short or c.name for c in on_it if is_person_control(c)]
    others = [f"{c.short or c.name} ({c.used_by})" for c in on_it if c.found and not is_person_control(c)]
    line = f"  What she can do: {', '.join(mine)}" if mine else "  No control found that she can use."
    return line + (f" Others could: {', '.join(others)}." if others else "")


def _hop_lines(model: Model, hops: Sequence[Hop]) -> list[str]:
    """'  1. Phone → Sensor: MAC address  [probe]' for each hop of a journey."""
    nodes, items = model.nodes_by_id, model.data_by_id
    return [
        f"  {i}. {nodes[hop.source].name} \u2192 {nodes[hop.target].name}: "
        f"{', '.join(items[d].name for d in hop.data)}  [{', '.join(hop.flows)}]"
        for i, hop in enumerate(hops, 1)
    ]
