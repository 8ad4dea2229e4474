"""Controls as the page shows them: each control's view, and the story's generated last step.

View stage (Model -> JSON-ready data). The page draws a marker on every hop a control names, lists the
controls per hop and per journey under "What can I do?", and ends the story with a step that lists
them, each with its source, so a class that has followed a visit to an ad ends on what it can do.
"""

from __future__ import annotations

from flows.analysis.controls import is_person_control
from flows.input.i18n import N_, _, in_sentence, ngettext
from flows.input.kinds import CONTROL_KINDS, CONTROL_USERS
from flows.input.model import Control, Model
from flows.view.contract import ControlView, StepView
from flows.view.elements import evidence_label

CONTROLS_STEP_TITLE = N_("What can I do?")
NOT_FOUND = N_("no control found")


def control_view(model: Model, control: Control) -> ControlView:
    kind, user = CONTROL_KINDS[control.kind], CONTROL_USERS[control.used_by]
    return {
        "id": control.id,
        "name": control.name,
        "short": control.short,
        "kind": control.kind,
        "kind_label": _(kind.label),
        "marker": kind.marker,
        "used_by": control.used_by,
        "used_by_label": _(user.label),
        "person": is_person_control(control),
        "offered_by": control.offered_by,
        "offered_by_name": model.parties_by_id[control.offered_by].name if control.offered_by else None,
        "flows": list(control.flows),
        "nodes": list(control.nodes),
        "stops": list(control.stops),
        "does_not_stop": list(control.does_not_stop),
        "acts_on_flows": list(control.acts_on_flows),
        "covers_flows": list(control.covers_flows),
        "description": control.description,
        "limits": control.limits,
        "found": control.found,
        "evidence": control.evidence,
        "evidence_label": evidence_label(control.evidence),
        "sources": list(control.sources),
        "assumption": control.assumption,
        "account": control.account,
    }


def control_views(model: Model) -> list[ControlView]:
    return [control_view(model, c) for c in model.controls]


def controls_step(model: Model) -> StepView | None:
    """The story's last step, made from the controls: who can do what, each with its source.

    The person's own controls come first, then what others can do; a control the sources found
    missing says so ("no control found"). The step lights nothing: it shows the whole picture, where
    the page marks every hop that has a control (the controls act all along the journey, so lighting
    them would dim a scattered half of the picture). None when the model lists no controls. Worded in
    the context's language (`flows.input.i18n.language`), like the rest of a translated view."""
    if not model.controls:
        return None
    ordered = sorted(model.controls, key=lambda c: (not is_person_control(c), not c.found))
    lines = [_control_sentence(model, c) for c in ordered]
    mine = [c for c in model.controls if is_person_control(c)]
    opening = (
        _("What you can do yourself comes first, then what others could do.")
        if mine
        else _("The sources name nothing you can do yourself: no control found. Others could act.")
    )
    return {
        "index": len(model.story) + 1,
        "title": _(CONTROLS_STEP_TITLE),
        "narration": " ".join([opening, *lines]),
        "nodes": [],
        "flows": [],
        "controls": [c.id for c in ordered],
        "generated": True,
    }


def _control_sentence(model: Model, control: Control) -> str:
    """'You: Wi-Fi off (phone setting; source: IETF, documented, and 1 more).' Short, for a projector:
    the page's "What can I do?" panel has the full text and every source."""
    kind = in_sentence(_(CONTROL_KINDS[control.kind].label))
    missing = ", " + _(NOT_FOUND) if not control.found else ""
    assumed = "; " + _("partly the model's assumption") if control.assumption and control.sources else ""
    return _("{who}: {name} ({details}).").format(
        who=_(CONTROL_USERS[control.used_by].label),
        name=control.short or control.name,
        details=f"{kind}{missing}; {_source_words(model, control)}{assumed}",
    )


def _source_words(model: Model, control: Control) -> str:
    """The first source as 'publisher, year, evidence', and how many more there are."""
    cited = [model.sources_by_id[s] for s in control.sources if s in model.sources_by_id]
    if not cited:
        return _("no source") if not control.assumption else _("the model's own assumption")
    first = cited[0]
    name = first.publisher or first.title
    when = f", {first.date[:4]}" if first.date and first.date[:4] not in name else ""
    others = len(cited) - 1
    more = ngettext(", and {count} more", ", and {count} more", others).format(count=others) if others else ""
    evidence = in_sentence(evidence_label(first.evidence))
    return _("source: {name}, {evidence}").format(name=f"{name}{when}", evidence=evidence) + more
