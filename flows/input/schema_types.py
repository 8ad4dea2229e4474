"""The building blocks of the model format's pydantic classes: ids, texts and the strict base class.

Shared by `schema` (the elements) and `translation_schema` (their translated texts), so both
parts of the format measure a name or a description by the same limits.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

# Ids are kebab-case slugs: they end up in URLs, HTML ids and finding keys, so keep them boring.
SLUG_PATTERN = r"^[a-z0-9][a-z0-9-]{0,79}$"
Slug = Annotated[
    str,
    StringConstraints(pattern=SLUG_PATTERN),
    Field(description="A kebab-case id: lower-case letters, digits and '-', at most 80 characters."),
]
# A web address as RFC 3986 allows it: none of the characters it excludes (space, <>"{}|\^`) and no
# quote, so a URL stays one token in Markdown, HTML attributes, Mermaid and DOT (issue 15).
URL_PATTERN = r"^https?://[^\s<>\"'{}|\\^`\x00-\x1f\x7f]+$"
Text = Annotated[str, StringConstraints(max_length=20_000)]
ShortText = Annotated[str, StringConstraints(min_length=1, max_length=300)]
SHORT_NAME_LIMIT = 24  # a data item's `short:` name, drawn on flow labels
ShortName = Annotated[str, StringConstraints(min_length=1, max_length=SHORT_NAME_LIMIT)]


class Strict(BaseModel):
    """Every model class forbids unknown keys and is immutable once parsed."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True, strict=True)
