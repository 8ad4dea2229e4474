"""The model format, version 1: pydantic classes that mirror the YAML one to one.

Second stage of the pipeline (YAML text -> RawDocument -> **ModelDoc** -> Model). Field names here are
the YAML keys; `extra="forbid"` turns every typo into a located error instead of silently ignored data.
Cross-references (a flow naming an unknown node) are checked later, in `validate`, where the whole
document is known.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Annotated, Any, Literal

from pydantic import Field, StringConstraints
from pydantic_core import SchemaValidator, core_schema

from flows.input.kinds import ControlKind, ControlUser, Evidence, NodeKind, PartyKind, Transform
from flows.input.schema_types import (
    SHORT_NAME_LIMIT,
    SLUG_PATTERN,
    URL_PATTERN,
    ShortName,
    ShortText,
    Slug,
    Strict,
    Text,
)
from flows.input.translation_schema import LANGUAGE_PATTERN, LanguageCode, TranslationDoc

FORMAT_VERSION = "adflows/1"
# Names that moved to `schema_types`, still importable from here.
__all__ = ["SHORT_NAME_LIMIT", "SLUG_PATTERN", "URL_PATTERN", "ShortText", "Slug", "Text"]

DataKind = Literal["identifier", "attribute", "event", "inference"]
Persistence = Literal["persistent", "resettable", "rotating", "session", "none"]
# What an identifier points at; the linkage and re-identification rules read it.
Identifies = Literal["device", "advertising", "account", "person"]
Notice = Literal[
    "none",
    "sign-in-store",
    "privacy-policy",
    "in-app-prompt",
    "os-prompt",
    "wifi-login-page",
    "social-sign-in",
    "unknown",
]
Consent = Literal["none", "opt-out", "opt-in", "os-permission", "unknown"]
LegalBasis = Literal[
    "consent",
    "legitimate-interest",
    "contract",
    "legal-obligation",
    "none-stated",
    "unknown",
]
AssertionKind = Literal[
    "no-personal-data",
    "identifiers-anonymised",
    "min-group-size",
    "opt-out-offered",
    "no-installation-in-store",
    "not-identified",
    "aggregated-only",
    "other",
]


_Strict = Strict


class _Sourced(_Strict):
    """Fields every element shares: what supports it, and whether it is only an assumption."""

    sources: list[Slug] = Field(
        default_factory=list, description="Ids of the sources that support this element."
    )
    assumption: Text | None = Field(
        default=None,
        description="Set when the element is a modelling assumption: say what is assumed and why.",
    )
    account: Slug | None = Field(
        default=None,
        description="Id of the alternative account this element belongs to, where sources disagree.",
    )


class SourceDoc(_Strict):
    id: Slug
    title: ShortText
    publisher: ShortText | None = None
    author: ShortText | None = None
    date: Annotated[str, StringConstraints(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")] | None = Field(
        default=None, description="Publication date as YYYY, YYYY-MM or YYYY-MM-DD."
    )
    url: Annotated[str, StringConstraints(pattern=URL_PATTERN, max_length=2000)] | None = None
    evidence: Evidence
    note: Text | None = None


class PartyDoc(_Sourced):
    id: Slug
    name: ShortText
    kind: PartyKind
    description: Text | None = None


class NodeDoc(_Sourced):
    id: Slug
    name: ShortText
    kind: NodeKind
    party: Slug
    description: Text | None = None
    within: Slug | None = Field(
        default=None, description="Id of a place node this node sits in (a sensor in a store)."
    )
    holds: list[Slug] = Field(
        default_factory=list, description="Data items this node holds from the start (a phone's MAC)."
    )


class DataItemDoc(_Sourced):
    id: Slug
    name: ShortText
    short: ShortName | None = Field(
        default=None,
        description="A short name for flow labels in the picture (at most 24 characters); the full name "
        "stays in the details. Without it, long names are abbreviated.",
    )
    kind: DataKind
    description: Text | None = None
    persistence: Persistence = Field(
        default="none", description="How long an identifier stays the same for one person."
    )
    personal: bool = Field(default=True, description="Whether the item relates to an identifiable person.")
    sensitive: bool = Field(default=False, description="Whether the item reveals a sensitive place or trait.")
    derived_from: list[Slug] = Field(default_factory=list)
    transform: Transform | None = Field(default=None, description="How the item is made from `derived_from`.")
    identifies: Identifies | None = Field(
        default=None,
        description=(
            "For identifiers: what it points at. `device` (a MAC address), `advertising` (IDFA/AAID), "
            "`account` (a login, a loyalty card, a social account) or `person` (name, e-mail, phone)."
        ),
    )


class FlowDoc(_Sourced):
    id: Slug
    source: Slug
    target: Slug
    data: list[Slug] = Field(min_length=1)
    channel: ShortText | None = None
    purpose: Text | None = None
    notice: Notice = "unknown"
    consent: Consent = "unknown"
    legal_basis: LegalBasis = "unknown"
    retention: ShortText | None = Field(
        default=None, description="How long the recipient keeps the data, in words ('unlimited')."
    )
    description: Text | None = None


class AssertionDoc(_Strict):
    kind: AssertionKind
    data: list[Slug] = Field(
        default_factory=list, description="Data items the assertion is about, where it names some."
    )
    value: int | None = Field(default=None, description="A number, e.g. the minimum group size.")
    parties: list[Slug] = Field(
        default_factory=list,
        description="For `aggregated-only`: the recipients the claim is about (all others if empty).",
    )
    text: Text | None = None


class ClaimDoc(_Strict):
    id: Slug
    party: Slug
    quote: Text
    paraphrase: bool = Field(
        default=False,
        description="True when `quote` is the source's paraphrase of the party, not its own words.",
    )
    source: Slug
    asserts: list[AssertionDoc] = Field(default_factory=list)
    note: Text | None = None


class AudienceDoc(_Sourced):
    id: Slug
    name: ShortText
    rule: Text
    node: Slug | None = Field(default=None, description="The audience node that holds it, if any.")
    based_on: list[Slug] = Field(default_factory=list, description="Data items the rule reads.")


class ControlDoc(_Sourced):
    """Something that could stop (part of) a journey: a phone setting, an opt-out, a right, a rule."""

    id: Slug
    name: ShortText
    short: ShortName | None = Field(
        default=None, description="A short name for the page's markers and lists (at most 24 characters)."
    )
    kind: ControlKind = Field(description="What kind of control it is (see docs/model-format.md).")
    used_by: ControlUser = Field(
        description="Who can use it: the person herself, the store, an app maker, a platform, another "
        "company or a regulator."
    )
    offered_by: Slug | None = Field(
        default=None, description="Id of the party that offers or runs it (the company behind an opt-out)."
    )
    flows: list[Slug] = Field(default_factory=list, description="Ids of the flows it acts on.")
    nodes: list[Slug] = Field(default_factory=list, description="Ids of the nodes it acts on.")
    stops: list[Slug] = Field(
        default_factory=list, description="Ids of the flows it stops when it is used and works."
    )
    does_not_stop: list[Slug] = Field(
        default_factory=list,
        description="Ids of flows it leaves running although a reader might expect it to stop them.",
    )
    description: Text | None = Field(default=None, description="What it does and how to use it, in words.")
    limits: Text | None = Field(default=None, description="What it does not stop, or how it fails, in words.")
    found: bool = Field(
        default=True,
        description="False when the sources show it does not exist: looked for and not found, or "
        "promised and missing (the page and the check then call it 'no control found').",
    )


class AccountDoc(_Strict):
    id: Slug
    title: ShortText
    summary: Text
    sources: list[Slug] = Field(min_length=1)


class StepDoc(_Strict):
    title: ShortText
    narration: Text
    nodes: list[Slug] = Field(default_factory=list)
    flows: list[Slug] = Field(default_factory=list)


class AcceptedDoc(_Strict):
    finding: Annotated[str, StringConstraints(pattern=r"^[a-z0-9-]+@[a-z0-9-]+$")]
    justification: Annotated[str, StringConstraints(min_length=10, max_length=5000)]


class ModelDoc(_Strict):
    """The whole document. Lists (not maps) keep the author's order, which the story and legend use."""

    format: Literal["adflows/1"] = Field(description="Format version; always 'adflows/1' for now.")
    id: Slug
    title: ShortText
    summary: Text
    description: Text | None = None
    sources: list[SourceDoc] = Field(default_factory=list)
    parties: list[PartyDoc] = Field(default_factory=list)
    nodes: list[NodeDoc] = Field(default_factory=list)
    data: list[DataItemDoc] = Field(default_factory=list)
    flows: list[FlowDoc] = Field(default_factory=list)
    claims: list[ClaimDoc] = Field(default_factory=list)
    audiences: list[AudienceDoc] = Field(default_factory=list)
    accounts: list[AccountDoc] = Field(default_factory=list)
    controls: list[ControlDoc] = Field(
        default_factory=list,
        description="What the person, the store, a platform or a regulator can do about the flows.",
    )
    story: list[StepDoc] = Field(default_factory=list)
    accepted: list[AcceptedDoc] = Field(default_factory=list)
    language: LanguageCode = Field(default="en", description="The language of the model's own text.")
    translations: dict[str, TranslationDoc] = Field(
        default_factory=dict,
        description="The model's text in other languages, one entry per language code; any text left "
        "out falls back to the original.",
        json_schema_extra={"propertyNames": {"pattern": LANGUAGE_PATTERN}},
    )


def json_schema() -> dict[str, object]:
    """The JSON Schema editors use to autocomplete models; committed and kept fresh by a test."""
    schema = ModelDoc.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "adflows model, format adflows/1"
    return schema


def schema_text() -> str:
    """`json_schema()` as the exact text of `docs/model.schema.json` (sorted keys, trailing newline)."""
    return json.dumps(json_schema(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


@cache
def plain_validator() -> SchemaValidator:
    """A validator for `ModelDoc` that returns plain dicts and lists instead of pydantic objects.

    Made from `ModelDoc`'s own core schema with every model swapped for a typed dict of the same fields,
    defaults and config, so it accepts exactly what `ModelDoc` accepts and yields what `model_dump()`
    would. On a 20,000-node model it takes half the time of `ModelDoc.model_validate`: building ~100,000
    model instances (each with its fields-set and private slots) was most of the cost. It only answers
    "valid or not"; the located error messages still come from `ModelDoc` (see `flows.input.validate`).

    One difference, on purpose: ids are not stripped of surrounding whitespace first (a quarter of the
    remaining time), so a padded id such as "' node-1'" fails here while `ModelDoc` accepts it. The
    caller then falls back to `ModelDoc`. Whatever this validator accepts, `ModelDoc` accepts with the
    same result: an id that matches the slug pattern holds no whitespace, so stripping leaves it as is.
    """
    return SchemaValidator(_as_typed_dicts(ModelDoc.__pydantic_core_schema__))


def _as_typed_dicts(node: Any) -> Any:
    if isinstance(node, dict) and node.get("type") == "str" and node.get("pattern") == SLUG_PATTERN:
        return {**node, "strip_whitespace": False}
    if isinstance(node, dict) and node.get("type") == "model":
        fields = {
            name: core_schema.typed_dict_field(
                _as_typed_dicts(field["schema"]), required=field["schema"]["type"] != "default"
            )
            for name, field in node["schema"]["fields"].items()
        }
        config: Any = node.get("config") or {}
        return core_schema.typed_dict_schema(
            fields,
            extra_behavior=config.get("extra_fields_behavior"),
            strict=config.get("strict"),
            config=config,
            ref=node.get("ref"),
        )
    if isinstance(node, dict):
        return {key: _as_typed_dicts(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_as_typed_dicts(value) for value in node]
    return node
