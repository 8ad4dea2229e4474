"""Which controls sit on which hops and journeys (analysis stage: Model + Journeys -> controls per hop).

A control sits on a hop when it does something about one of the hop's flows (names it under `flows`
or `stops`) or names one of the hop's nodes. A flow it lists under `does_not_stop` is one it leaves
running: the page shows that in the flow's details, but it does not make the control one that acts
on the journey. The journey check, the journeys' and hops' views and the letter read these answers,
so a control is placed the same way everywhere.
"""

from __future__ import annotations

from collections.abc import Iterable

from flows.analysis.journeys import Hop, Journey
from flows.input.kinds import CONTROL_USERS
from flows.input.model import Control, Model


def is_person_control(control: Control) -> bool:
    """The person can use it herself, and the sources say it exists."""
    return control.found and CONTROL_USERS[control.used_by].is_person


def controls_on(model: Model, flows: Iterable[str], nodes: Iterable[str]) -> tuple[Control, ...]:
    """The model's controls that act on any of `flows` or name any of `nodes`, in the model's order."""
    flow_set, node_set = set(flows), set(nodes)
    return tuple(
        c for c in model.controls if flow_set.intersection(c.covers_flows) or node_set.intersection(c.nodes)
    )


def controls_on_hop(model: Model, hop: Hop) -> tuple[Control, ...]:
    return controls_on(model, hop.flows, (hop.source, hop.target))


def controls_on_journey(model: Model, journey: Journey) -> tuple[Control, ...]:
    return controls_on(model, journey.flows, journey.nodes)
