"""The `language:` and `translations:` keys of the model format: pydantic classes for the texts.

Per element only the fields that carry prose are listed, all optional: a text left out falls back to
the original. Ids, kinds and references are never translated, and neither are a claim's quote or a
source's title, which stay as published. The checks that need the whole model (an unknown id, a
translation of an empty field, too many story steps) are in `flows.input.translations`.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, StringConstraints

from flows.input.schema_types import ShortName, ShortText, Strict, Text

LANGUAGE_PATTERN = r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$"
LanguageCode = Annotated[
    str,
    StringConstraints(pattern=LANGUAGE_PATTERN, max_length=35),
    Field(description="A BCP 47 language tag, primary subtag in lower case: en, de, fr, ar, pt-BR."),
]


class _Assumed(Strict):
    assumption: Text | None = None


class NamedTexts(_Assumed):
    """A party's or a node's texts."""

    name: ShortText | None = None
    description: Text | None = None


class DataTexts(NamedTexts):
    short: ShortName | None = None


class FlowTexts(_Assumed):
    purpose: Text | None = None
    channel: ShortText | None = None
    retention: ShortText | None = None
    description: Text | None = None


class AudienceTexts(_Assumed):
    name: ShortText | None = None
    rule: Text | None = None


class ControlTexts(DataTexts):
    limits: Text | None = None


class AccountTexts(Strict):
    title: ShortText | None = None
    summary: Text | None = None


class NoteTexts(Strict):
    """A claim's or a source's note: the quote and the source's title stay as published."""

    note: Text | None = None


class StepTexts(Strict):
    title: ShortText | None = None
    narration: Text | None = None


class TranslationDoc(Strict):
    """One language's texts, by element id (the story by position, in the order of `story:`)."""

    title: ShortText | None = None
    summary: Text | None = None
    description: Text | None = None
    parties: dict[str, NamedTexts] = Field(default_factory=dict)
    nodes: dict[str, NamedTexts] = Field(default_factory=dict)
    data: dict[str, DataTexts] = Field(default_factory=dict)
    flows: dict[str, FlowTexts] = Field(default_factory=dict)
    audiences: dict[str, AudienceTexts] = Field(default_factory=dict)
    controls: dict[str, ControlTexts] = Field(default_factory=dict)
    accounts: dict[str, AccountTexts] = Field(default_factory=dict)
    claims: dict[str, NoteTexts] = Field(default_factory=dict)
    sources: dict[str, NoteTexts] = Field(default_factory=dict)
    story: list[StepTexts] = Field(default_factory=list)


# Section of a translation -> the class of one element's texts (the story's are listed by position).
TEXT_CLASSES: dict[str, type[Strict]] = {
    "parties": NamedTexts,
    "nodes": NamedTexts,
    "data": DataTexts,
    "flows": FlowTexts,
    "audiences": AudienceTexts,
    "controls": ControlTexts,
    "accounts": AccountTexts,
    "claims": NoteTexts,
    "sources": NoteTexts,
    "story": StepTexts,
}
MODEL_TEXTS = ("title", "summary", "description")
