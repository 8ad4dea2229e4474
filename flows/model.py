"""Immutable domain objects with references resolved: ModelDoc -> Model.

Third stage of the pipeline. Analysis, views and renderers work on `Model` only, never on YAML or
pydantic objects, so they can rely on every reference existing and on each element knowing where it was
written (for findings that point back at a line) and how well it is supported (its evidence level).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import get_args

from flows import schema
from flows.yamldoc import RawDocument, Span

# Strongest first, as in the fact sheet's table of tags (the schema lists them in this order).
EVIDENCE_ORDER: tuple[str, ...] = get_args(schema.Evidence)
EVIDENCE_LABELS: dict[str, str] = {
    "documented": "Documented",
    "documented-via-secondary": "Documented (seen via a secondary source)",
    "company-claim": "Company claim",
    "press": "Press report",
    "ngo-estimate": "NGO estimate",
    "secondary": "Secondary / low",
    "assumption": "Assumption",
}
# Anything without a source and without an assumption note is shown as this.
UNSOURCED = "unsourced"
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
    kind: str = "other"
    description: str | None = None


@dataclass(frozen=True)
class Node(Element):
    name: str = ""
    kind: str = "platform"
    party: str = ""
    description: str | None = None
    within: str | None = None
    holds: tuple[str, ...] = ()


@dataclass(frozen=True)
class DataItem(Element):
    name: str = ""
    kind: str = "attribute"
    description: str | None = None
    persistence: str = "none"
    personal: bool = True
    sensitive: bool = False
    derived_from: tuple[str, ...] = ()
    transform: str | None = None


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


@dataclass(frozen=True)
class Audience(Element):
    name: str = ""
    rule: str = ""
    node: str | None = None
    based_on: tuple[str, ...] = ()


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
    story: tuple[Step, ...] = ()
    accepted: tuple[Accepted, ...] = ()

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
    def accounts_by_id(self) -> dict[str, Account]:
        return {a.id: a for a in self.accounts}


def strongest_evidence(source_ids: tuple[str, ...], sources: dict[str, Source]) -> str:
    """The best evidence level among the cited sources; UNSOURCED when none is cited."""
    levels = [sources[s].evidence for s in source_ids if s in sources]
    return min(levels, key=EVIDENCE_ORDER.index) if levels else UNSOURCED


_COMMON_FIELDS = frozenset({"sources", "assumption", "account"})


def resolve(doc: schema.ModelDoc, raw: RawDocument) -> Model:
    """Build the immutable Model; `raw` supplies each element's position in the file."""
    sources = tuple(
        Source(**s.model_dump(), span=raw.locate(("sources", i))) for i, s in enumerate(doc.sources)
    )
    by_id = {s.id: s for s in sources}

    def common(section: str, i: int, item: schema._Sourced) -> dict[str, object]:
        cited = tuple(item.sources)
        evidence = "assumption" if item.assumption else strongest_evidence(cited, by_id)
        return {
            "sources": cited,
            "evidence": evidence,
            "assumption": item.assumption,
            "account": item.account,
            "span": raw.locate((section, i)),
        }

    def build(section: str, cls: type, items: list) -> tuple:
        if not items:
            return ()
        # Read the fields directly: model_dump() copies every element, a large share of loading time.
        names = [n for n in type(items[0]).model_fields if n not in _COMMON_FIELDS]
        built = []
        for i, item in enumerate(items):
            fields = {}
            for name in names:
                value = getattr(item, name)
                fields[name] = tuple(value) if isinstance(value, list) else value
            built.append(cls(**fields, **common(section, i, item)))
        return tuple(built)

    claims = tuple(
        Claim(
            id=c.id,
            party=c.party,
            quote=c.quote,
            source=c.source,
            evidence=by_id[c.source].evidence,
            asserts=tuple(Assertion(a.kind, tuple(a.data), a.value, a.text) for a in c.asserts),
            note=c.note,
            span=raw.locate(("claims", i)),
        )
        for i, c in enumerate(doc.claims)
    )
    accounts = tuple(
        Account(
            a.id,
            a.title,
            a.summary,
            tuple(a.sources),
            strongest_evidence(tuple(a.sources), by_id),
            raw.locate(("accounts", i)),
        )
        for i, a in enumerate(doc.accounts)
    )
    story = tuple(
        Step(i + 1, s.title, s.narration, tuple(s.nodes), tuple(s.flows), raw.locate(("story", i)))
        for i, s in enumerate(doc.story)
    )
    accepted = tuple(
        Accepted(a.finding, a.justification, raw.locate(("accepted", i))) for i, a in enumerate(doc.accepted)
    )
    return Model(
        id=doc.id,
        title=doc.title,
        summary=doc.summary,
        filename=raw.filename,
        description=doc.description,
        sources=sources,
        parties=build("parties", Party, doc.parties),
        nodes=build("nodes", Node, doc.nodes),
        data=build("data", DataItem, doc.data),
        flows=build("flows", Flow, doc.flows),
        claims=claims,
        audiences=build("audiences", Audience, doc.audiences),
        accounts=accounts,
        story=story,
        accepted=accepted,
    )
