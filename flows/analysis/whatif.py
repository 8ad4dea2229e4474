"""What-if: switch off a flow, a node or an OS permission, and see which journeys and findings go.

Analysis stage, on top of `analyse`: Model + switch -> a smaller Model (and a networkx view of the
graph of record without the switched-off nodes and flows) -> Analysis, compared with the original.
A switch is a flow id, a node id (the node and every flow touching it), or `permission:NODE` (every
flow granted by an OS permission, `consent: os-permission`, that starts or ends at NODE, e.g.
`permission:partner-app` for the location permission of the partner apps), or `control:ID` (switch a
control on: every flow it `stops` is cut, so the result shows which journeys the control would break).
Prefix `flow:` or `node:` when a flow and a node share an id.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, replace

from flows.analysis.findings import UNMATCHED, Finding
from flows.analysis.graph import without_elements
from flows.analysis.journeys import Journey
from flows.analysis.run import Analysis, analyse
from flows.input.i18n import N_, _
from flows.input.model import Model

PERMISSION = "os-permission"
PREFIXES = ("flow:", "node:", "permission:", "control:")


class UnknownSwitchError(ValueError):
    """The thing to switch off is not in the model (the message names the choices)."""


@dataclass(frozen=True)
class Switch:
    """What is switched off, resolved to the model's nodes and flows."""

    spec: str
    kind: str  # flow | node | permission | control
    target: str
    nodes: tuple[str, ...]
    flows: tuple[str, ...]

    @property
    def label(self) -> str:
        return {"flow": "flow", "node": "node", "permission": "OS permissions of", "control": "control"}[
            self.kind
        ] + f" '{self.target}'"

    @property
    def switches_on(self) -> bool:
        """A control is switched on (it cuts what it stops); everything else is switched off."""
        return self.kind == "control"


@dataclass(frozen=True)
class WhatIf:
    switch: Switch
    before: Analysis
    after: Analysis
    broken: tuple[Journey, ...]  # journeys of `before` whose path no longer exists
    kept: tuple[Journey, ...]
    findings_gone: tuple[Finding, ...]
    findings_new: tuple[Finding, ...]
    findings_changed: tuple[Finding, ...]  # still reported, but no longer through the same flows


def permission_flows(model: Model, node_id: str) -> tuple[str, ...]:
    return tuple(f.id for f in model.flows if f.consent == PERMISSION and node_id in (f.source, f.target))


def switches(model: Model) -> list[str]:
    """Every switch the model offers, for help text and "did you mean"."""
    permissions = sorted({n for f in model.flows if f.consent == PERMISSION for n in (f.source, f.target)})
    return (
        [f"permission:{n}" for n in permissions]
        + [f"control:{c.id}" for c in model.controls if c.stops]
        + sorted(n.id for n in model.nodes)
        + sorted(f.id for f in model.flows)
    )


def resolve_switch(model: Model, spec: str) -> Switch:
    """Turn `spec` into a Switch; raise UnknownSwitchError with a "did you mean" when it matches nothing."""
    kind, _, name = spec.partition(":") if spec.startswith(PREFIXES) else ("", "", spec)
    is_flow, is_node = name in model.flows_by_id, name in model.nodes_by_id
    control = model.controls_by_id.get(name) if kind == "control" else None
    if control is not None and control.stops:
        return Switch(spec, "control", name, (), control.stops)
    if kind == "permission" and is_node and permission_flows(model, name):
        return Switch(spec, "permission", name, (), permission_flows(model, name))
    if kind in ("", "flow") and is_flow and not (kind == "" and is_node):
        return Switch(spec, "flow", name, (), (name,))
    if kind in ("", "node") and is_node and not (kind == "" and is_flow):
        touching = tuple(f.id for f in model.flows if name in (f.source, f.target))
        return Switch(spec, "node", name, (name,), touching)
    if kind == "" and is_flow and is_node:
        message = f"'{spec}' is both a flow and a node; write flow:{spec} or node:{spec}"
    elif kind == "permission" and is_node:
        message = f"node '{name}' has no flow with consent: {PERMISSION}"
    elif control is not None:
        message = f"control '{name}' stops no flow (give it 'stops: [flow ids]' to switch it on)"
    elif kind == "control":
        message = f"no control called '{name}'"
    else:
        message = f"nothing to switch off called '{spec}'"
    close = difflib.get_close_matches(spec, switches(model), n=3)
    hint = f" (did you mean {' or '.join(repr(c) for c in close)}?)" if close else ""
    raise UnknownSwitchError(message + hint)


def without(model: Model, nodes: set[str], flows: set[str]) -> Model:
    """The model minus some nodes and flows, with every reference to them dropped too."""
    return replace(
        model,
        nodes=tuple(
            replace(n, within=None) if n.within in nodes else n for n in model.nodes if n.id not in nodes
        ),
        flows=tuple(f for f in model.flows if f.id not in flows),
        audiences=tuple(replace(a, node=None) if a.node in nodes else a for a in model.audiences),
        controls=tuple(
            replace(
                c,
                flows=tuple(f for f in c.flows if f not in flows),
                nodes=tuple(n for n in c.nodes if n not in nodes),
                stops=tuple(f for f in c.stops if f not in flows),
                does_not_stop=tuple(f for f in c.does_not_stop if f not in flows),
            )
            for c in model.controls
        ),
        story=tuple(
            replace(
                s,
                nodes=tuple(n for n in s.nodes if n not in nodes),
                flows=tuple(f for f in s.flows if f not in flows),
            )
            for s in model.story
        ),
    )


def journey_path(journey: Journey) -> tuple[str, ...]:
    return journey.nodes


def _real(findings: tuple[Finding, ...]) -> dict[str, Finding]:
    # A stale acceptance is an artefact of removing things, not a finding about the flows.
    return {f.key: f for f in findings if f.rule != UNMATCHED.id}


def what_if(model: Model, spec: str, before: Analysis | None = None) -> WhatIf:
    """Switch off `spec` and compare the analyses before and after."""
    switch = resolve_switch(model, spec)
    before = before or analyse(model)
    nodes, flows = set(switch.nodes), set(switch.flows)
    # The smaller model's graph is a view of the one already built: no second `build_graph`.
    after = analyse(without(model, nodes, flows), graph=without_elements(before.graph, nodes, flows))
    remaining = {journey_path(j) for j in after.journeys}
    old, new = _real(before.findings), _real(after.findings)
    return WhatIf(
        switch,
        before,
        after,
        broken=tuple(j for j in before.journeys if journey_path(j) not in remaining),
        kept=tuple(j for j in before.journeys if journey_path(j) in remaining),
        findings_gone=tuple(f for k, f in old.items() if k not in new),
        findings_new=tuple(f for k, f in new.items() if k not in old),
        findings_changed=tuple(f for k, f in new.items() if k in old and f.flows != old[k].flows),
    )


SWITCH_WORDS = {
    "flow": N_("flow '{target}'"),
    "node": N_("node '{target}'"),
    "permission": N_("OS permissions of '{target}'"),
    "control": N_("control '{target}'"),
}


def format_whatif(result: WhatIf) -> str:
    """Plain text for the terminal: what was switched off, broken journeys, findings gone. The fixed
    words are in the context's language (`flows.input.i18n.language`), like the findings' titles."""
    model = result.before.model
    names = model.nodes_by_id
    switch = result.switch
    label = _(SWITCH_WORDS[switch.kind]).format(target=switch.target)
    if switch.switches_on:
        line = _("Switched on: {switch}, which stops {count} flow(s): {flows}")
    else:
        line = _("Switched off: {switch} ({count} flow(s): {flows})")
    flows = ", ".join(switch.flows) or ("" if switch.switches_on else _("none"))
    lines = [line.format(switch=label, count=len(switch.flows), flows=flows)]
    lines.append(
        _("Journeys from a visit to an ad: {before} before, {after} after; {broken} broken.").format(
            before=len(result.before.journeys), after=len(result.after.journeys), broken=len(result.broken)
        )
    )
    for journey in result.broken:
        lines.append(
            "  " + _("broken: {path}").format(path=" -> ".join(names[n].name for n in journey.nodes))
        )
    for journey in result.kept:
        path = " -> ".join(names[n].name for n in journey.nodes)
        lines.append("  " + _("still works: {path}").format(path=path))
    lines.append(_("Findings that disappear: {count}").format(count=len(result.findings_gone)))
    lines += [f"  - {f.key} [{f.severity}]: {f.title}" for f in result.findings_gone]
    if result.findings_changed:
        changed = _("Findings still reported, through other flows: {count}")
        lines.append(changed.format(count=len(result.findings_changed)))
        lines += [f"  ~ {f.key} [{f.severity}]: {f.title}" for f in result.findings_changed]
    if result.findings_new:
        lines.append(_("Findings that appear: {count}").format(count=len(result.findings_new)))
        lines += [f"  + {f.key} [{f.severity}]: {f.title}" for f in result.findings_new]
    return "\n".join(lines) + "\n"
