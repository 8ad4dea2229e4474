"""Journeys and who knows what as text, for `adflows trace` and `adflows knows` (renderer stage).

Split from `flows.output.report` (the findings' reports) so each module keeps one job. The fixed words
are in the context's language (`flows.input.i18n.language`: `--lang`), the model's text as given.
"""

from __future__ import annotations

from collections.abc import Sequence

from flows.analysis.controls import controls_on_journey, is_person_control
from flows.analysis.journeys import Hop, Journey, Journeys
from flows.analysis.knowledge import PartyKnowledge
from flows.analysis.report_journeys import ReportJourney
from flows.input.i18n import N_, _, in_sentence
from flows.input.model import Model


def journeys_text(model: Model, journeys: Journeys) -> str:
    lines = []
    for journey in journeys:
        titles = "; ".join(model.accounts_by_id[a].title for a in journey.accounts)
        accounts = _(" (only in the account: {accounts})").format(accounts=titles) if journey.accounts else ""
        ending = "" if journey.delivered else _(" (the model does not show the ad reaching her)")
        lines.append(f"{journey.id}{accounts}{ending}")
        lines += _hop_lines(model, journey.hops)
        if model.controls:
            lines.append(_controls_line(model, journey))
        lines.append("")
    count = len(journeys)
    summary = f"{model.filename}: " + _counted(count, N_("{count} journey"), N_("{count} journeys"))
    if journeys.capped:
        summary += _(" (stopped at {limit}: the model has more; the list is cut short)").format(
            limit=journeys.limit
        )
    elif not count:
        summary += _(" (no path from the person through an ad back to her)")
    lines.append(summary)
    return "\n".join(lines) + "\n"


HOW_WORDS = {
    "holds": N_("holds it from the start"),
    "receives": N_("receives it"),
    "derives": N_("works it out"),
    "produces": N_("produces it itself"),
}


def _counted(count: int, one: str, many: str) -> str:
    return _(one if count == 1 else many).format(count=count)


def knowledge_text(model: Model, knowledge: PartyKnowledge) -> str:
    items, parties = model.data_by_id, model.parties_by_id
    person = next((p.name for p in model.parties if p.kind == "person"), _("the person"))
    question = _("What does {party} know about {person}?")
    lines = [question.format(party=parties[knowledge.party].name, person=in_sentence(person)), ""]
    for known in knowledge.items:
        item = items[known.item]
        how = _(HOW_WORDS[known.how])
        if known.from_parties:
            how += _(" from {names}").format(names=", ".join(parties[p].name for p in known.from_parties))
        if known.derived_from:
            made = ", ".join(items[d].name for d in known.derived_from)
            how += _(" from {names}").format(names=made) + f" ({known.transform})"
        flags = " [" + _("sensitive") + "]" if item.sensitive else ""
        via = f"  [{', '.join(known.flows)}]" if known.flows else ""
        lines.append(f"- {item.name}{flags}: {how}{via}")
    if knowledge.audiences:
        names = {a.id: a.name for a in model.audiences}
        groups = ", ".join(names[a] for a in knowledge.audiences)
        lines += ["", _("Groups it sorts people into: {groups}").format(groups=groups)]
    for join in knowledge.joins:
        online = items[join.online].name
        lines += [
            "",
            _("It can link a store visit to an online identity ({identity}):").format(identity=online),
        ]
        offline = ", ".join(items[d].name for d in join.offline)
        lines.append("  " + _("visit evidence: {items}").format(items=offline))
        for label, chain in (
            (_("the visit"), join.capture_flows),
            (online, join.identifier_flows),
            (_("on to the ad"), join.onward_flows),
        ):
            if chain:
                lines.append(f"  {label}: {_route(model, chain)}  [{', '.join(chain)}]")
    if not knowledge.items:
        lines.append(_("Nothing: no flow in the model reaches it."))
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
    lines = [
        "",
        _("Journeys that end in an aggregate report (no ad; the data is counted and passed on):"),
        "",
    ]
    for journey in journeys:
        report = ", ".join(items[d].name for d in journey.report)
        lines.append(journey.id + _(" (ends in an aggregate report: {report})").format(report=report))
        lines += _hop_lines(model, journey.hops)
        lines.append("")
    count = len(journeys)
    summary = f"{model.filename}: " + _counted(
        count,
        N_("{count} journey ending in an aggregate report"),
        N_("{count} journeys ending in an aggregate report"),
    )
    if capped:
        summary += _(" (the list is cut short)")
    return "\n".join([*lines, summary]) + "\n"


def _controls_line(model: Model, journey: Journey) -> str:
    """'  What she can do: Wi-Fi off, App location off' or '  No control found that she can use.'"""
    on_it = controls_on_journey(model, journey)
    mine = [c.short or c.name for c in on_it if is_person_control(c)]
    others = [f"{c.short or c.name} ({c.used_by})" for c in on_it if c.found and not is_person_control(c)]
    line = "  " + (
        _("What she can do: {controls}").format(controls=", ".join(mine)) if mine else _(NO_CONTROL)
    )
    return line + (" " + _("Others could: {controls}.").format(controls=", ".join(others)) if others else "")


NO_CONTROL = N_("No control found that she can use.")


def _hop_lines(model: Model, hops: Sequence[Hop]) -> list[str]:
    """'  1. Phone → Sensor: MAC address  [probe]' for each hop of a journey."""
    nodes, items = model.nodes_by_id, model.data_by_id
    return [
        f"  {i}. {nodes[hop.source].name} \u2192 {nodes[hop.target].name}: "
        f"{', '.join(items[d].name for d in hop.data)}  [{', '.join(hop.flows)}]"
        for i, hop in enumerate(hops, 1)
    ]
