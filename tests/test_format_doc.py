"""docs/model-format.md stays true: its example is the fixture, loads clean, and every key is documented."""

from __future__ import annotations

import re
from pathlib import Path
from typing import get_args

import pytest
from pydantic import BaseModel

import flows
from flows.input import schema
from flows.input.translation_schema import TEXT_CLASSES

ROOT = Path(__file__).parent.parent
DOC = ROOT / "docs" / "model-format.md"
FIXTURE = ROOT / "tests" / "fixtures" / "format-example.yaml"


def first_yaml_block(markdown: str) -> str:
    match = re.search(r"^```yaml\n(.*?)^```", markdown, re.DOTALL | re.MULTILINE)
    assert match, f"{DOC.name} has no ```yaml block"
    return match.group(1)


def test_documented_example_is_the_fixture() -> None:
    assert first_yaml_block(DOC.read_text(encoding="utf-8")) == FIXTURE.read_text(encoding="utf-8")


def test_documented_example_loads_clean() -> None:
    text = first_yaml_block(DOC.read_text(encoding="utf-8"))
    from_doc = flows.load_model(text, filename="docs/model-format.md")
    from_file = flows.load_model(FIXTURE)
    assert from_doc.nodes and from_doc.flows and from_doc.story
    assert [n.id for n in from_doc.nodes] == [n.id for n in from_file.nodes]


def test_documented_example_marks_every_element_as_assumption() -> None:
    model = flows.load_model(FIXTURE)
    elements = [*model.parties, *model.nodes, *model.data, *model.flows, *model.audiences]
    assert {e.evidence for e in elements} == {"assumption"}


CLASSES: tuple[type[BaseModel], ...] = (
    schema.ModelDoc,
    schema.SourceDoc,
    schema.PartyDoc,
    schema.NodeDoc,
    schema.DataItemDoc,
    schema.FlowDoc,
    schema.ClaimDoc,
    schema.AssertionDoc,
    schema.AudienceDoc,
    schema.AccountDoc,
    schema.ControlDoc,
    schema.StepDoc,
    schema.AcceptedDoc,
    *TEXT_CLASSES.values(),
)
KEYS = sorted({name for cls in CLASSES for name in cls.model_fields})
ENUMS = (
    schema.Evidence,
    schema.PartyKind,
    schema.NodeKind,
    schema.DataKind,
    schema.Transform,
    schema.Persistence,
    schema.Notice,
    schema.Consent,
    schema.LegalBasis,
    schema.AssertionKind,
    schema.Identifies,
    schema.ControlKind,
    schema.ControlUser,
)
VALUES = sorted({value for enum in ENUMS for value in get_args(enum)})


@pytest.mark.parametrize("key", KEYS)
def test_every_schema_key_is_documented(key: str) -> None:
    assert f"`{key}`" in DOC.read_text(encoding="utf-8"), f"document the key `{key}`"


@pytest.mark.parametrize("value", VALUES)
def test_every_allowed_value_is_documented(value: str) -> None:
    assert f"`{value}`" in DOC.read_text(encoding="utf-8"), f"document the value `{value}`"
