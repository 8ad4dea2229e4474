"""Immutable domain objects with references resolved: ModelDoc -> Model.

Third stage of the pipeline. Analysis, views and renderers work on `Model` only, never on YAML or
pydantic objects, so they can rely on every reference existing and on each element knowing where it was
written (for findings that point back at a line) and how well it is supported (its evidence level).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

from flows.input.kinds import (
    EVIDENCE_ORDER,
    UNSOURCED,
    ControlKind,
    ControlUser,
    NodeKind,
    PartyKind,
    Transform,
)
from flows.input.translation_texts import TextKey, Translation, build_translations, original_spans
from flows.input.yamldoc import RawDocument, Span

# Evidence levels strongest first, their labels and the level of anything unsourced: `kinds`.
# Position of elements made in code rather than read from a file.
NOWHERE = Span(1, 1)


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    evidence: str
    publisher: str | None = None
    author: str | None = None
    date: str | None = None
    url: str | None = None
    note: str | None = None
    span: Span = NOWHERE


@dataclass(frozen=True)
class Element:
    """Fields shared by every sourced element."""

    id: str
    sources: tuple[str, ...]
    evidence: str
    assumption: str | None
    account: str | None
    span: Span


@dataclass(frozen=True)
class Party(Element):
    name: str = ""
    kind: PartyKind = "other"
    description: str | None = None


@dataclass(frozen=True)
class Node(Element):
    name: str = ""
    kind: NodeKind = "platform"
    party: str = ""
    description: str | None = None
    within: str | None = None
    holds: tuple[str, ...] = ()


@dataclass(frozen=True)
class DataItem(Element):
    name: str = ""
    short: str | None = None
    kind: str = "attribute"
    description: str | None = None
    persistence: str = "none"
    personal: bool = True
    sensitive: bool = False
    derived_from: tuple[str, ...] = ()
    transform: Transform | None = None
    identifies: str | None = None


@dataclass(frozen=True)
class Flow(Element):
    source: str = ""
    target: str = ""
    data: tuple[str, ...] = ()
    channel: str | None = None
    purpose: str | None = None
    notice: str = "unknown"
    consent: str = "unknown"
    legal_basis: str = "unknown"
    retention: str | None = None
    description: str | None = None


@dataclass(frozen=True)
class Assertion:
    kind: str
    data: tuple[str, ...] = ()
    value: int | None = None
    text: str | None = None
    parties: tuple[str, ...] = ()


@dataclass(frozen=True)
class Claim:
    id: str
    party: str
    quote: str
    source: str
    evidence: str
    asserts: tuple[Assertion, ...] = ()
    note: str | None = None
    span: Span = NOWHERE
    paraphrase: bool = False


@dataclass(frozen=True)
class Audience(Element):
    name: str = ""
    rule: str = ""
    node: str | None = None
    based_on: tuple[str, ...] = ()


@dataclass(frozen=True)
class Control(Element):
    """What someone can do about some flows: what it acts on, what it stops and what it leaves running."""

    name: str = ""
    short: str | None = None
    kind: ControlKind = "opt-out"
    used_by: ControlUser = "person"
    offered_by: str | None = None
    flows: tuple[str, ...] = ()
    nodes: tuple[str, ...] = ()
    stops: tuple[str, ...] = ()
    does_not_stop: tuple[str, ...] = ()
    description: str | None = None
    limits: str | None = None
    found: bool = True

    @property
    def acts_on_flows(self) -> tuple[str, ...]:
        """Every flow it names: those it acts on, stops or leaves running, each once, in that order."""
        return tuple(dict.fromkeys((*self.flows, *self.stops, *self.does_not_stop)))

    @property
    def covers_flows(self) -> tuple[str, ...]:
        """The flows it does something about: those it acts on or stops (not those it leaves running)."""
        return tuple(dict.fromkeys((*self.flows, *self.stops)))


@dataclass(frozen=True)
class Account:
    id: str
    title: str
    summary: str
    sources: tuple[str, ...]
    evidence: str
    span: Span = NOWHERE


@dataclass(frozen=True)
class Step:
    index: int
    title: str
    narration: str
    nodes: tuple[str, ...] = ()
    flows: tuple[str, ...] = ()
    span: Span = NOWHERE


@dataclass(frozen=True)
class Accepted:
    finding: str
    justification: str
    span: Span = NOWHERE


@dataclass(frozen=True)
class Model:
    """A whole scenario. Tuples keep the author's order; the `*_by_id` maps give O(1) lookups."""

    id: str
    title: str
    summary: str
    filename: str
    description: str | None = None
    sources: tuple[Source, ...] = ()
    parties: tuple[Party, ...] = ()
    nodes: tuple[Node, ...] = ()
    data: tuple[DataItem, ...] = ()
    flows: tuple[Flow, ...] = ()
    claims: tuple[Claim, ...] = ()
    audiences: tuple[Audience, ...] = ()
    accounts: tuple[Account, ...] = ()
    controls: tuple[Control, ...] = ()
    story: tuple[Step, ...] = ()
    accepted: tuple[Accepted, ...] = ()
    # The language of the model's own text, and its translations (`flows.input.translations`).
    language: str = "en"
    translations: tuple[Translation, ...] = ()
    # Set on a translated copy (`translations.translated`): the language its texts are now in.
    text_language: str | None = None
    # Where each translatable original text is written (models with translations only).
    text_spans: tuple[tuple[TextKey, Span], ...] = ()

    @property
    def shown_language(self) -> str:
        """The language of the texts this Model holds: a translation's, or the original."""
        return self.text_language or self.language

    @cached_property
    def sources_by_id(self) -> dict[str, Source]:
        return {s.id: s for s in self.sources}

    @cached_property
    def parties_by_id(self) -> dict[str, Party]:
        return {p.id: p for p in self.parties}

    @cached_property
    def nodes_by_id(self) -> dict[str, Node]:
        return {n.id: n for n in self.nodes}

    @cached_property
    def data_by_id(self) -> dict[str, DataItem]:
        return {d.id: d for d in self.data}

    @cached_property
    def flows_by_id(self) -> dict[str, Flow]:
        return {f.id: f for f in self.flows}

    @cached_property
    def controls_by_id(self) -> dict[str, Control]:
        return {c.id: c for c in self.controls}

    @cached_property
    def accounts_by_id(self) -> dict[str, Account]:
        return {a.id: a for a in self.accounts}


def strongest_evidence(source_ids: tuple[str, ...], sources: dict[str, Source]) -> str:
    """The best evidence level among the cited sources; UNSOURCED when none is cited."""
    levels = [sources[s].evidence for s in source_ids if s in sources]
    return min(levels, key=EVIDENCE_ORDER.index) if levels else UNSOURCED


# Elements whose lists become tuples, besides `sources` (handled with the evidence).
_TUPLE_FIELDS: dict[type, tuple[str, ...]] = {
    Party: (),
    Node: ("holds",),
    DataItem: ("derived_from",),
    Flow: ("data",),
    Audience: ("based_on",),
    Control: ("flows", "nodes", "stops", "does_not_stop"),
}


def resolve(doc: dict[str, Any], raw: RawDocument) -> Model:
    """Build the immutable Model from `validate`'s checked data; `raw` supplies each element's position.

    Runs once per element of a model that may have 100,000 of them, so it copies the checked dicts
    (which hold every field, defaults filled in) rather than reading fields one by one, and works out
    each distinct list of cited sources' evidence once.
    """
    sources = tuple(Source(**s, span=raw.locate(("sources", i))) for i, s in enumerate(doc["sources"]))
    by_id = {s.id: s for s in sources}
    evidence_of: dict[tuple[str, ...], str] = {}

    def build(section: str, cls: type) -> tuple[Any, ...]:
        """One section's elements. Each is `cls(**fields)` made without calling `__init__`: a frozen
        dataclass's `__init__` sets each field through `object.__setattr__`, a call per field, which
        was over half of `resolve` (5 us against 0.6 us an element). This is sound because the
        element classes have no `__post_init__` and `fields` holds every field (the checked dicts
        hold them all; tests/test_fast_paths.py compares with the constructor). The instance dict
        is not key-shared: ~300 bytes more per element."""
        tuple_fields = _TUPLE_FIELDS[cls]
        locate = raw.locate
        new = object.__new__
        built = []
        for i, item in enumerate(doc[section]):
            fields = dict(item)
            cited = fields["sources"] = tuple(item["sources"])
            if item["assumption"]:
                fields["evidence"] = "assumption"
            else:
                evidence = evidence_of.get(cited)
                if evidence is None:
                    evidence = evidence_of[cited] = strongest_evidence(cited, by_id)
                fields["evidence"] = evidence
            for name in tuple_fields:
                fields[name] = tuple(item[name])
            fields["span"] = locate((section, i))
            element: Any = new(cls)
            element.__dict__.update(fields)
            built.append(element)
        return tuple(built)

    claims = tuple(
        Claim(
            id=c["id"],
            party=c["party"],
            quote=c["quote"],
            source=c["source"],
            evidence=by_id[c["source"]].evidence,
            asserts=tuple(
                Assertion(a["kind"], tuple(a["data"]), a["value"], a["text"], tuple(a["parties"]))
                for a in c["asserts"]
            ),
            note=c["note"],
            span=raw.locate(("claims", i)),
            paraphrase=c["paraphrase"],
        )
        for i, c in enumerate(doc["claims"])
    )
    accounts = tuple(
        Account(
            a["id"],
            a["title"],
            a["summary"],
            tuple(a["sources"]),
            strongest_evidence(tuple(a["sources"]), by_id),
            raw.locate(("accounts", i)),
        )
        for i, a in enumerate(doc["accounts"])
    )
    story = tuple(
        Step(
            i + 1, s["title"], s["narration"], tuple(s["nodes"]), tuple(s["flows"]), raw.locate(("story", i))
        )
        for i, s in enumerate(doc["story"])
    )
    accepted = tuple(
        Accepted(a["finding"], a["justification"], raw.locate(("accepted", i)))
        for i, a in enumerate(doc["accepted"])
    )
    return Model(
        id=doc["id"],
        title=doc["title"],
        summary=doc["summary"],
        filename=raw.filename,
        description=doc["description"],
        sources=sources,
        parties=build("parties", Party),
        nodes=build("nodes", Node),
        data=build("data", DataItem),
        flows=build("flows", Flow),
        claims=claims,
        audiences=build("audiences", Audience),
        accounts=accounts,
        controls=build("controls", Control),
        story=story,
        accepted=accepted,
        language=doc["language"],
        translations=build_translations(doc, raw),
        text_spans=original_spans(doc, raw),
    )
