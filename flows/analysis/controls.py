"""Which controls sit on which hops and journeys (analysis stage: Model + Journeys -> controls per hop).

A control sits on a hop when it names one of the hop's flows (under `flows`, `stops` or
`does_not_stop`) or one of the hop's nodes. The page's markers and "What can I do?" panels, the
journey check and the letter all read these answers, so a control is placed the same way everywhere.
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
    """The model's controls that name any of `flows` or `nodes`, in the model's order."""
    flow_set, node_set = set(flows), set(nodes)
    return tuple(
        c for c in model.controls if flow_set.intersection(c.acts_on_flows) or node_set.intersection(c.nodes)
    )


def controls_on_hop(model: Model, hop: Hop) -> tuple[Control, ...]:
    return controls_on(model, hop.flows, (hop.source, hop.target))


def controls_on_journey(model: Model, journey: Journey) -> tuple[Control, ...]:
    return controls_on(model, journey.flows, journey.nodes)
