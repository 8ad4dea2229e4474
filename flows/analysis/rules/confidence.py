"""How sure a finding is, apart from how serious: the weakest evidence among what it rests on.

Analysis stage, used by `Rule.finding`. A journalist who quotes a finding puts her name on it, so each
finding says which elements set its confidence, and a finding that rests on a blog post or on the
modeller's own assumption is worded as a condition ("If ... is right: ...") that names the flow and
the source, instead of stating it as fact. The rule is documented in docs/rules.md.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from flows.input.i18n import N_, _
from flows.input.kinds import EVIDENCE, EVIDENCE_LABELS, EVIDENCE_ORDER, UNSOURCED
from flows.input.model import Claim, Control, Element, Flow, Model

# Weakest last. `unsourced` (no source, no assumption note) is weaker than a stated assumption.
RANKED_EVIDENCE: tuple[str, ...] = (*EVIDENCE_ORDER, UNSOURCED)
EVIDENCE_RANK: dict[str, int] = {level: i for i, level in enumerate(RANKED_EVIDENCE)}
# Confidence bands, most confident first, and the evidence levels that fall in each. The order of
# evidence follows the ranking: documented > documented via a secondary source > company
# claim or press > NGO estimate > secondary > assumption.
CONFIDENCES: tuple[str, ...] = ("high", "medium", "low", "assumed")
CONFIDENCE_OF: dict[str, str] = {level: info.confidence for level, info in EVIDENCE.items()}
# Findings at these confidences are worded conditionally (and the plain line too).
CONDITIONAL: frozenset[str] = frozenset({"low", "assumed"})
CONFIDENCE_LABELS: dict[str, str] = {
    "high": N_("High confidence"),
    "medium": N_("Medium confidence"),
    "low": N_("Low confidence"),
    "assumed": N_("Assumed"),
}
# Words a finding at low confidence must not use about a named party: they state wrongdoing as fact.
UNCONDITIONAL_WORDS: tuple[str, ...] = (
    "broke the law",
    "breaks the law",
    "illegal",
    "unlawful",
    "behind her back",
    "secretly",
    " hid ",
    "concealed",
    " lied",
    "violated",
)
# How many weakest elements a conditional lead names before "and N more".
LEAD_NAMED = 2


@dataclass(frozen=True)
class Confidence:
    """A finding's confidence, the evidence level that set it and the elements at that level."""

    level: str
    evidence: str | None
    basis: tuple[tuple[str, str], ...]  # (kind, id) of each element at the weakest level

    @property
    def conditional(self) -> bool:
        return self.level in CONDITIONAL


NO_ELEMENTS = Confidence("high", None, ())


def weakest(
    flows: Sequence[Flow],
    claims: Sequence[Claim],
    fallback: Sequence[tuple[str, Element]],
    controls: Sequence[Control] = (),
) -> Confidence:
    """The weakest link among the flows, claims and controls (or, when there are none, the fallback
    elements: the nodes and items a finding names). A finding that rests on no element at all (a
    finding about the model file itself) is sure: it is a fact about the file."""
    rated: list[tuple[str, str, str]] = [("flow", f.id, f.evidence) for f in flows]
    rated += [("claim", c.id, c.evidence) for c in claims]
    rated += [("control", c.id, c.evidence) for c in controls]
    if not rated:
        rated = [(kind, e.id, e.evidence) for kind, e in fallback]
    if not rated:
        return NO_ELEMENTS
    rank = EVIDENCE_RANK
    worst = max(rank.get(level, len(rank)) for _, _, level in rated)
    level = RANKED_EVIDENCE[worst] if worst < len(RANKED_EVIDENCE) else UNSOURCED
    basis = tuple((kind, id_) for kind, id_, evidence in rated if rank.get(evidence, len(rank)) == worst)
    return Confidence(CONFIDENCE_OF[level], level, basis)


def conditional_lead(model: Model, confidence: Confidence, claims: dict[str, Claim]) -> str:
    """'This rests on the flows Phone -> Sensor and Sensor -> Platform, which only 'A blog' (A student
    blog, 2018) supports. If that account is right:' naming the weakest elements (the first few, each
    source or assumption once) and what supports them.

    Each part is one message with its own plural (elements sharing a support are named together), so
    a language can order the words its own way."""
    shown = confidence.basis[:LEAD_NAMED]
    grouped: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for kind, id_ in shown:
        name, backing = _describe(model, kind, id_, claims)
        grouped.setdefault(backing, []).append((kind, name))
    parts = []
    for (support, value), named in grouped.items():
        if len(named) > 1 and all(kind == "flow" for kind, _name in named):
            what = _("the flows {flows}").format(flows=_join_two([name for _kind, name in named]))
        else:
            what = _join_two([_element_name(kind, name) for kind, name in named])
        one, many = SUPPORTS[support]
        parts.append(_(one if len(named) == 1 else many).format(what=what, **_support_values(support, value)))
    more = len(confidence.basis) - len(shown)
    listed = "; ".join(parts)
    if more > 0:
        listed += _(" (and {count} more elements at the same level)").format(count=more)
    if confidence.evidence == "secondary":
        return _("This rests on {listed}. If that account is right:").format(listed=listed)
    return _("This rests on {listed}. If that holds:").format(listed=listed)


# What supports the weakest elements: (one element, several elements), each a whole message.
SUPPORTS: dict[str, tuple[str, str]] = {
    "claim": (N_("{what} as {source} gives it"), N_("{what} as {source} give it")),
    "assumption": (
        N_("{what}, which is the modeller\u2019s assumption ({assumption})"),
        N_("{what}, which are the modeller\u2019s assumption ({assumption})"),
    ),
    "unsourced": (N_("{what}, which no source supports"), N_("{what}, which no source support")),
    "source": (N_("{what}, which only {source} supports"), N_("{what}, which only {source} support")),
}


def _support_values(support: str, value: str) -> dict[str, str]:
    return {"assumption": value} if support == "assumption" else {"source": value}


def _join_two(names: Sequence[str]) -> str:
    """'A and B' (a lead names at most LEAD_NAMED elements)."""
    if len(names) == 1:
        return names[0]
    return _("{first} and {second}").format(first=" and ".join(names[:-1]), second=names[-1])


def _element_name(kind: str, name: str) -> str:
    """How the lead names one element: 'the flow A -> B', 'the control 'X'', 'Y's statement', 'Z'."""
    if kind == "flow":
        return _("the flow {flow}").format(flow=name)
    if kind == "control":
        return _("the control \u2018{control}\u2019").format(control=name)
    if kind == "claim":
        return _("{party}\u2019s statement").format(party=name)
    return name


def _describe(model: Model, kind: str, id_: str, claims: dict[str, Claim]) -> tuple[str, tuple[str, str]]:
    """(name, (support, its value)) for one element of a finding's basis: the element's own name (a
    flow as 'A -> B', a claim as its party) and what supports it, as a key of SUPPORTS with the
    source ('Title' (Publisher, 2018) (level)) or the assumption's text."""
    if kind == "claim":
        claim = claims[id_]
        who = model.parties_by_id[claim.party].name
        return who, ("claim", f"{_source_text(model, (claim.source,))} ({_level(claim.evidence)})")
    element: Element
    if kind == "flow":
        element = model.flows_by_id[id_]
        nodes = model.nodes_by_id
        name = f"{nodes[element.source].name} \u2192 {nodes[element.target].name}"
    elif kind == "node":
        element = model.nodes_by_id[id_]
        name = f"{element.name}"
    elif kind == "control":
        element = model.controls_by_id[id_]
        name = element.name
    else:
        element = model.data_by_id[id_]
        name = f"{element.name}"
    if element.assumption:
        return name, ("assumption", _short(element.assumption))
    if not element.sources:
        return name, ("unsourced", "")
    return name, ("source", f"{_source_text(model, element.sources)} ({_level(element.evidence)})")


def _level(evidence: str) -> str:
    """An evidence level's name in running text: lower case in English, a translation as written."""
    label = EVIDENCE_LABELS.get(evidence, evidence)
    word = _(label)
    return label.lower() if word == label else word


def _source_text(model: Model, source_ids: Sequence[str]) -> str:
    """The first cited source that exists as 'Title' (Publisher, 2018), in curly quotes."""
    for source_id in source_ids:
        source = model.sources_by_id.get(source_id)
        if source is None:
            continue
        detail = ", ".join(p for p in (source.publisher, (source.date or "")[:4]) if p)
        return f"\u2018{source.title}\u2019" + (f" ({detail})" if detail else "")
    return _("an unnamed source")


def _short(text: str, limit: int = 140) -> str:
    text = " ".join(text.split()).rstrip(".")
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"


def plain_prefix(confidence: Confidence) -> str:
    """What the one-sentence plain line starts with when the finding is conditional."""
    if confidence.evidence == "secondary":
        return _("If a low-quality source is right: ")
    return _("If the model\u2019s guess is right: ")
