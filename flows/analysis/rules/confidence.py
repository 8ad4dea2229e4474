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
    source or assumption once) and what supports them."""
    shown = confidence.basis[:LEAD_NAMED]
    grouped: dict[str, list[str]] = {}
    for kind, id_ in shown:
        name, support = _describe(model, kind, id_, claims)
        grouped.setdefault(support, []).append(name)
    parts = []
    for support, named in grouped.items():
        what = " and ".join(named)
        if len(named) > 1:
            if all(n.startswith("the flow ") for n in named):
                what = "the flows " + " and ".join(n.removeprefix("the flow ") for n in named)
            support = support.replace(" supports", " support").replace(" gives it", " give it")
            support = support.replace(", which is the", ", which are the")
        parts.append(f"{what}{support}")
    more = len(confidence.basis) - len(shown)
    listed = "; ".join(parts) + (f" (and {more} more elements at the same level)" if more > 0 else "")
    if confidence.evidence == "secondary":
        return f"This rests on {listed}. If that account is right:"
    return f"This rests on {listed}. If that holds:"


def _describe(model: Model, kind: str, id_: str, claims: dict[str, Claim]) -> tuple[str, str]:
    """(name, ', which only ... supports') for one element of a finding's basis."""
    if kind == "claim":
        claim = claims[id_]
        who = model.parties_by_id[claim.party].name
        level = EVIDENCE_LABELS.get(claim.evidence, claim.evidence).lower()
        return f"{who}\u2019s statement", f" as {_source_text(model, (claim.source,))} ({level}) gives it"
    element: Element
    if kind == "flow":
        element = model.flows_by_id[id_]
        nodes = model.nodes_by_id
        name = f"the flow {nodes[element.source].name} \u2192 {nodes[element.target].name}"
    elif kind == "node":
        element = model.nodes_by_id[id_]
        name = f"{element.name}"
    elif kind == "control":
        element = model.controls_by_id[id_]
        name = f"the control \u2018{element.name}\u2019"
    else:
        element = model.data_by_id[id_]
        name = f"{element.name}"
    if element.assumption:
        return name, f", which is the modeller\u2019s assumption ({_short(element.assumption)})"
    if not element.sources:
        return name, ", which no source supports"
    level = EVIDENCE_LABELS.get(element.evidence, element.evidence).lower()
    return name, f", which only {_source_text(model, element.sources)} ({level}) supports"


def _source_text(model: Model, source_ids: Sequence[str]) -> str:
    """The first cited source that exists as 'Title' (Publisher, 2018), in curly quotes."""
    for source_id in source_ids:
        source = model.sources_by_id.get(source_id)
        if source is None:
            continue
        detail = ", ".join(p for p in (source.publisher, (source.date or "")[:4]) if p)
        return f"\u2018{source.title}\u2019" + (f" ({detail})" if detail else "")
    return "an unnamed source"


def _short(text: str, limit: int = 140) -> str:
    text = " ".join(text.split()).rstrip(".")
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"


def plain_prefix(confidence: Confidence) -> str:
    """What the one-sentence plain line starts with when the finding is conditional."""
    if confidence.evidence == "secondary":
        return _("If a low-quality source is right: ")
    return _("If the model\u2019s guess is right: ")
