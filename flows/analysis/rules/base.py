"""What every privacy rule shares: the Finding it reports, the Rule base class and the context it reads.

Analysis stage. A rule is one small class whose metadata are class attributes and whose `check(context)`
is a pure function returning findings; the base class validates the metadata when the class is defined,
so a rule with a bad id or severity cannot even be imported. Nothing here keeps global state: the list
of built-in rules lives in `flows.analysis.findings.BUILTIN_RULES`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

from flows.analysis.facts import Facts, unique
from flows.analysis.journeys import Journeys
from flows.analysis.knowledge import Knowledge
from flows.analysis.rules.confidence import CONFIDENCE_LABELS, conditional_lead, plain_prefix, weakest
from flows.input.i18n import _
from flows.input.model import DataItem, Element, Flow, Model, Node

SEVERITIES: tuple[str, ...] = ("high", "medium", "low", "info")  # most serious first
# LINDDUN privacy-threat categories, as kebab-case slugs.
LINDDUN: tuple[str, ...] = (
    "linking",
    "identifying",
    "non-repudiation",
    "detecting",
    "data-disclosure",
    "unawareness",
    "non-compliance",
)
# Caveats list at most this many assumed elements by name.
MAX_LISTED = 3
RULE_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)+$")


@dataclass(frozen=True, init=False)
class Finding:
    """One problem found in a model, traced to the flows, claims, items and sources behind it."""

    rule: str
    subject: str
    severity: str
    linddun: str
    title: str
    explanation: str
    nodes: tuple[str, ...] = ()
    flows: tuple[str, ...] = ()
    claims: tuple[str, ...] = ()
    data: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    accepted: bool = False
    justification: str | None = None
    confidence: str = "high"
    confidence_evidence: str | None = None
    confidence_basis: tuple[tuple[str, str], ...] = ()
    plain: str = ""
    key: str = field(init=False)

    def __init__(
        self,
        rule: str,
        subject: str,
        severity: str,
        linddun: str,
        title: str,
        explanation: str,
        nodes: tuple[str, ...] = (),
        flows: tuple[str, ...] = (),
        claims: tuple[str, ...] = (),
        data: tuple[str, ...] = (),
        sources: tuple[str, ...] = (),
        accepted: bool = False,
        justification: str | None = None,
        confidence: str = "high",
        confidence_evidence: str | None = None,
        confidence_basis: tuple[tuple[str, str], ...] = (),
        plain: str = "",
    ) -> None:
        """The generated frozen `__init__`, filled in one step: it set each field through
        `object.__setattr__` (4 us a finding; a big model has 40,000 findings)."""
        self.__dict__.update(
            rule=rule,
            subject=subject,
            severity=severity,
            linddun=linddun,
            title=title,
            explanation=explanation,
            nodes=nodes,
            flows=flows,
            claims=claims,
            data=data,
            sources=sources,
            accepted=accepted,
            justification=justification,
            confidence=confidence,
            confidence_evidence=confidence_evidence,
            confidence_basis=confidence_basis,
            plain=plain,
            key=f"{rule}@{subject}",
        )

    @property
    def sort_key(self) -> tuple[int, str]:
        return SEVERITIES.index(self.severity), self.key

    def to_dict(self) -> dict[str, Any]:
        """The fields in declaration order, tuples as lists (by hand: `asdict` deep-copies every value,
        which made this the slowest step of a big model's page)."""
        return {
            "rule": self.rule,
            "subject": self.subject,
            "severity": self.severity,
            "linddun": self.linddun,
            "title": self.title,
            "explanation": self.explanation,
            "nodes": list(self.nodes),
            "flows": list(self.flows),
            "claims": list(self.claims),
            "data": list(self.data),
            "sources": list(self.sources),
            "accepted": self.accepted,
            "justification": self.justification,
            "key": self.key,
            "confidence": self.confidence,
            "confidence_label": _(CONFIDENCE_LABELS[self.confidence]),
            "confidence_evidence": self.confidence_evidence,
            "confidence_basis": [{"kind": kind, "id": id_} for kind, id_ in self.confidence_basis],
            "plain": self.plain,
        }


@dataclass(frozen=True)
class RuleContext:
    """Everything a rule may read; all of it computed once per model."""

    model: Model
    facts: Facts
    journeys: Journeys
    knowledge: Knowledge


class Rule:
    """Base class: subclasses set the metadata below and implement `check`."""

    id: ClassVar[str]
    title: ClassVar[str]
    severity: ClassVar[str]
    linddun: ClassVar[str]
    description: ClassVar[str]  # what goes wrong, for a non-expert
    decides: ClassVar[str]  # how the rule decides, from the model's fields
    mitigation: ClassVar[str]
    references: ClassVar[tuple[str, ...]]
    # One sentence for a student, no rule ids or jargon; `{subject}` is the subject's name.
    plain: ClassVar[str]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        missing = [
            name
            for name in (
                "id",
                "title",
                "severity",
                "linddun",
                "description",
                "decides",
                "mitigation",
                "references",
                "plain",
            )
            if not getattr(cls, name, None)
        ]
        if missing:
            raise TypeError(f"rule {cls.__name__} lacks {', '.join(missing)}")
        if not RULE_ID.match(cls.id):
            raise TypeError(f"rule {cls.__name__}: id {cls.id!r} must be a kebab-case slug")
        if cls.severity not in SEVERITIES:
            raise TypeError(f"rule {cls.id}: severity {cls.severity!r} is not one of {SEVERITIES}")
        if cls.linddun not in LINDDUN:
            raise TypeError(f"rule {cls.id}: LINDDUN category {cls.linddun!r} is not one of {LINDDUN}")

    def check(self, context: RuleContext) -> Iterable[Finding]:
        raise NotImplementedError

    def finding(
        self,
        context: RuleContext,
        subject: str,
        explanation: str,
        *,
        title: str | None = None,
        nodes: Iterable[str] = (),
        flows: Iterable[str] = (),
        claims: Iterable[str] = (),
        data: Iterable[str] = (),
        plain: str | None = None,
        controls: Iterable[str] = (),
    ) -> Finding:
        """A finding of this rule. Its nodes include the ends of its flows; its sources are every source
        cited by its flows, claims, items and the nodes given explicitly, in the model's source order.

        Rules report tens of thousands of findings on a big model, so each element is looked up once
        here and handed on as an object to the caveat and citation steps."""
        model = context.model
        flows_by_id, nodes_by_id, data_by_id = model.flows_by_id, model.nodes_by_id, model.data_by_id
        given = unique(nodes)
        flow_ids = unique(flows)
        claim_ids = unique(claims)
        data_ids = unique(data)
        flow_list = [flows_by_id[f] for f in flow_ids]
        data_list = [data_by_id[d] for d in data_ids]
        ends = list(given)
        for flow in flow_list:
            ends += (flow.source, flow.target)
        node_ids = unique(ends)
        node_list = [nodes_by_id[n] for n in node_ids]
        claims_by_id = context.facts.claims_by_id
        control_list = [model.controls_by_id[c] for c in unique(controls)] if controls else []
        confidence = weakest(
            flow_list,
            [claims_by_id[c] for c in claim_ids],
            [("node", n) for n in node_list if n.kind != "person"] + [("data", d) for d in data_list],
            control_list,
        )
        explanation = _with_caveats(model, explanation, node_list, flow_list, data_list)
        line = plain if plain is not None else _(self.plain).format(subject=subject_name(model, subject))
        if confidence.conditional:
            explanation = f"{conditional_lead(model, confidence, claims_by_id)} {explanation}"
            line = plain_prefix(confidence) + line
        return Finding(
            rule=self.id,
            subject=subject,
            severity=self.severity,
            linddun=self.linddun,
            title=title or _(self.title),
            explanation=explanation,
            nodes=node_ids,
            flows=flow_ids,
            claims=claim_ids,
            data=data_ids,
            sources=_cited(
                context.facts, [*node_list[: len(given)], *control_list], flow_list, claim_ids, data_list
            ),
            confidence=confidence.level,
            confidence_evidence=confidence.evidence,
            confidence_basis=confidence.basis,
            plain=line,
        )


def _with_caveats(
    model: Model, explanation: str, nodes: list[Node], flows: list[Flow], data: list[DataItem]
) -> str:
    """The explanation plus what a reader must know to weigh it: which parts are the model's own
    assumptions and which alternative account they belong to. (A finding whose weakest link is a
    low-grade source or an assumption is also worded as a condition: see
    `flows.analysis.rules.confidence`.) A finding must not sound surer than the model it comes from.

    Most findings need no caveat: one cheap pass over the elements rules that out before any note
    is worded."""
    # The person is always an imagined stand-in; her node being illustrative is not a caveat.
    elements: list[Element] = [n for n in nodes if n.kind != "person"]
    elements += flows
    elements += data
    # An account matters only when the finding stands on that account's elements alone: when every
    # flow behind it (or, without flows, every node and item) belongs to an account.
    core: Sequence[Element] = flows or elements
    assumed = every_account = False
    for element in elements:
        if element.assumption:
            assumed = True
            break
    for element in core:
        if not element.account:
            break
    else:
        every_account = bool(core)
    if not (assumed or every_account):
        return explanation
    notes = []
    if assumed:
        labels = unique(label(model, e) for e in elements if e.assumption)
        shown = ", ".join(labels[:MAX_LISTED])
        if len(labels) > MAX_LISTED:
            shown = _("{names} and others").format(names=shown)
        notes.append(
            _("Part of this rests on the model's own assumptions, not on a source: {names}.").format(
                names=shown
            )
        )
    if every_account:
        for account_id in sorted({e.account for e in core if e.account}):
            title = model.accounts_by_id[account_id].title
            if title not in explanation:
                notes.append(
                    _(
                        "It depends on one account of events, \u2018{title}\u2019; the model shows another "
                        "account too, because the sources disagree."
                    ).format(title=title)
                )
    return " ".join([explanation, *notes])


def subject_name(model: Model, subject: str) -> str:
    """A reader's name for a finding's subject: a party, node, item or flow, or a claim's party."""
    for table in (model.parties_by_id, model.nodes_by_id, model.data_by_id):
        element = table.get(subject)
        if element is not None:
            return element.name
    flow = model.flows_by_id.get(subject)
    if flow is not None:
        return label(model, flow)
    for claim in model.claims:
        if claim.id == subject:
            return model.parties_by_id[claim.party].name
    return subject


def label(model: Model, element: Element) -> str:
    """A reader's name for an element: its name, or 'Source → Target' for a flow."""
    if isinstance(element, Flow):
        nodes = model.nodes_by_id
        return f"{nodes[element.source].name} \u2192 {nodes[element.target].name}"
    return getattr(element, "name", "") or element.id


def _cited(
    facts: Facts,
    nodes: Sequence[Element],
    flows: list[Flow],
    claims: tuple[str, ...],
    data: list[DataItem],
) -> tuple[str, ...]:
    """Every source cited by the given elements (nodes, controls) and claims, in the model's source order."""
    cited: set[str] = set()
    for element in (*nodes, *flows, *data):
        cited.update(element.sources)
    claims_by_id = facts.claims_by_id
    for claim_id in claims:
        cited.add(claims_by_id[claim_id].source)
    order = facts.source_order
    return tuple(sorted([s for s in cited if s in order], key=order.__getitem__))


# ---- small helpers for messages ---------------------------------------------------------------


def names(model: Model, ids: Iterable[str], kind: str = "data") -> str:
    """'Wi-Fi MAC address, Advertising ID and Store visit' from ids (items, nodes or parties)."""
    tables: dict[str, dict[str, Any]] = {
        "data": model.data_by_id,
        "nodes": model.nodes_by_id,
        "parties": model.parties_by_id,
    }
    table = tables[kind]
    return join_names([table[i].name for i in ids])


def join_names(labels: Sequence[str]) -> str:
    """'A, B and C' (the way `names` lists things)."""
    if len(labels) <= 1:
        return "".join(labels)
    return ", ".join(labels[:-1]) + " and " + labels[-1]


def worded_names(model: Model, ids: Iterable[str], kind: str = "data") -> str:
    """`names` joined in the context's language, for sentences that are translated as a whole (a
    sentence still built in English keeps `names`, so no "und" lands in an English sentence)."""
    tables: dict[str, dict[str, Any]] = {
        "data": model.data_by_id,
        "nodes": model.nodes_by_id,
        "parties": model.parties_by_id,
    }
    return worded_join([tables[kind][i].name for i in ids])


def worded_join(labels: Sequence[str]) -> str:
    """'A, B and C' in the context's language."""
    if len(labels) <= 1:
        return "".join(labels)
    return _("{items} and {last}").format(items=", ".join(labels[:-1]), last=labels[-1])


def party_name(model: Model, party_id: str) -> str:
    return model.parties_by_id[party_id].name


def counted(count: int, one: str, many: str) -> str:
    """'1 flow' / '3 flows' in the context's language: `one` and `many` are `N_`-marked messages with
    a `{count}` (chosen by count == 1, as the web editor does, so the same messages serve both)."""
    return _(one if count == 1 else many).format(count=count)


def plural(count: int, word: str, many: str | None = None) -> str:
    return f"{count} {word if count == 1 else many or word + 's'}"
