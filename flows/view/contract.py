"""The view contract: the JSON the page, the JSON API and the exporters read, as TypedDicts.

`to_view` returns a `GraphView`; `page_view` adds the analysis sections (`PageSections`). Kinds are the
`Literal`s of the table of kinds, so a typo such as `node["kind"] == "audiance"` fails `mypy --strict`.
Keys change only by addition: the view is the JSON API's answer too, a public interface.
"""

from typing import Any, NotRequired, TypedDict

from flows.input.kinds import ControlKind, ControlUser, NodeKind, PartyKind, Transform

Dashes = bool | list[int]


class ModelInfo(TypedDict):
    id: str
    title: str
    summary: str | None
    description: str | None
    filename: str | None


class NodeView(TypedDict):
    id: str
    label: str
    kind: NodeKind
    kind_label: str
    party: str
    party_name: str
    description: str | None
    within: str | None
    holds: list[str]
    evidence: str
    evidence_label: str
    sources: list[str]
    assumption: str | None
    account: str | None
    x: int
    y: int
    color: str
    shape: str
    dashes: Dashes
    title: str


class EdgeView(TypedDict):
    id: str
    source: str
    target: str
    label: str
    data: list[str]
    data_names: list[str]
    channel: str | None
    purpose: str | None
    notice: str
    notice_label: str
    consent: str
    consent_label: str
    legal_basis: str
    retention: str | None
    description: str | None
    evidence: str
    evidence_label: str
    sources: list[str]
    assumption: str | None
    account: str | None
    dashes: Dashes
    title: str


class PartyView(TypedDict):
    id: str
    name: str
    kind: PartyKind
    description: str | None
    evidence: str
    sources: list[str]
    assumption: str | None
    account: str | None


class DataView(TypedDict):
    id: str
    name: str
    short: str | None
    kind: str
    description: str | None
    persistence: str
    personal: bool
    sensitive: bool
    derived_from: list[str]
    transform: Transform | None
    evidence: str
    sources: list[str]
    assumption: str | None
    account: str | None


class SourceView(TypedDict):
    id: str
    title: str
    publisher: str | None
    author: str | None
    date: str | None
    url: str | None
    evidence: str
    evidence_label: str
    note: str | None


class AssertionView(TypedDict):
    kind: str
    data: list[str]
    value: int | None
    text: str | None
    parties: list[str]


class ClaimView(TypedDict):
    id: str
    party: str
    quote: str
    paraphrase: bool
    source: str
    evidence: str
    note: str | None
    asserts: list[AssertionView]


class AudienceView(TypedDict):
    id: str
    name: str
    rule: str
    node: str | None
    based_on: list[str]
    evidence: str
    sources: list[str]
    assumption: str | None
    account: str | None


class AccountView(TypedDict):
    id: str
    title: str
    summary: str
    sources: list[str]
    evidence: str


class StepView(TypedDict):
    index: int
    title: str
    narration: str
    nodes: list[str]
    flows: list[str]
    controls: NotRequired[list[str]]  # the generated "What can I do?" step: the controls it lists
    generated: NotRequired[bool]  # made by adflows from the model's controls, not written by the author


class ControlView(TypedDict):
    id: str
    name: str
    short: str | None
    kind: ControlKind
    kind_label: str
    marker: str
    used_by: ControlUser
    used_by_label: str
    person: bool  # the person can use it herself, and the sources say it exists
    offered_by: str | None
    offered_by_name: str | None
    flows: list[str]
    nodes: list[str]
    stops: list[str]
    does_not_stop: list[str]
    acts_on_flows: list[str]  # every flow it names, also those it leaves running
    covers_flows: list[str]  # the flows it does something about (acts on or stops): hops with a marker
    description: str | None
    limits: str | None
    found: bool
    evidence: str
    evidence_label: str
    sources: list[str]
    assumption: str | None
    account: str | None


class LegendKind(TypedDict):
    kind: NodeKind
    label: str
    color: str
    shape: str
    shape_name: str
    meaning: str
    rank: int
    destination: bool
    switchable: bool


class LegendEvidence(TypedDict):
    level: str
    label: str
    dashes: Dashes
    style: str
    rank: int
    hedge: str | None
    hedge_short: str | None


class LegendPartyKind(TypedDict):
    kind: PartyKind
    meaning: str
    person: bool


class LegendControlKind(TypedDict):
    kind: ControlKind
    label: str
    meaning: str
    marker: str


class LegendControlUser(TypedDict):
    kind: ControlUser
    label: str
    meaning: str
    person: bool


class Legend(TypedDict):
    kinds: list[LegendKind]
    evidence: list[LegendEvidence]
    party_kinds: list[LegendPartyKind]
    control_kinds: list[LegendControlKind]
    control_users: list[LegendControlUser]


class PageSections(TypedDict, total=False):
    """What `page_view` adds for the page: JSON-ready analysis (see `flows.view.analysis_view`)."""

    findings: list[dict[str, Any]]
    journeys: list[dict[str, Any]]
    journeys_capped: bool
    knowledge: list[dict[str, Any]]
    whatif: dict[str, Any]
    limits: dict[str, Any]


class LanguageView(TypedDict):
    """The language of a page view's model text (every page view has one; docs/web.md)."""

    code: str  # the language of this view's model text
    original: str  # the model's own `language:`
    available: list[str]  # the original first, then the translations in the model's order
    rtl: bool  # `code` is written right to left (flows.input.translations.RTL_LANGUAGES)
    fallback: list[str]  # the distinct original texts this view shows untranslated (empty for the original)


class GraphView(PageSections):
    """Everything `to_view` returns (the analysis sections only after `page_view`)."""

    version: int
    model: ModelInfo
    nodes: list[NodeView]
    edges: list[EdgeView]
    parties: list[PartyView]
    data: list[DataView]
    sources: list[SourceView]
    claims: list[ClaimView]
    audiences: list[AudienceView]
    accounts: list[AccountView]
    controls: list[ControlView]
    story: list[StepView]
    legend: Legend
    drawing: NotRequired[dict[str, Any]]
    overview: NotRequired[dict[str, Any]]  # large models: the groups (docs/drawing.md)
    language: NotRequired[LanguageView]  # page views only (`page_view`), after the analysis sections
