"""The reusable parts: each, pasted into a minimal model beside the phone it needs, validates."""

import json

import pytest
from typer.testing import CliRunner

import flows
from flows.cli import app
from flows.input.parts import SECTIONS, list_parts, part_items, part_text

runner = CliRunner()
EXPECTED = {"phone", "app-with-sdk", "social-ad-platform", "in-store-sensor"}


def pasted(*names: str) -> str:
    """A minimal model with the items of `names` appended to its lists, as an author would paste them."""
    model: dict[str, object] = {
        "format": "adflows/1",
        "id": "pasted",
        "title": "Parts pasted together",
        "summary": "Test model.",
    }
    for section in SECTIONS:
        model[section] = [item for name in names for item in part_items(name)[section]]
    return json.dumps(model)  # JSON is YAML, and keeps every value's type


def test_the_bundled_parts() -> None:
    assert set(list_parts()) >= EXPECTED


@pytest.mark.parametrize("name", list_parts())
def test_part_pasted_beside_the_phone_validates(name: str) -> None:
    model = flows.load_model(pasted(*dict.fromkeys(["phone", name])), filename=f"{name}.yaml")
    assert model.nodes


def test_all_parts_together_validate() -> None:
    model = flows.load_model(pasted(*list_parts()))
    assert len(model.flows) == sum(len(part_items(name)["flows"]) for name in list_parts())


@pytest.mark.parametrize("name", list_parts())
def test_part_text_teaches_what_to_rename(name: str) -> None:
    text = part_text(name)
    assert text.startswith("# PART: ")
    assert "WHAT TO RENAME" in text and "HOW TO USE IT" in text
    items = part_items(name)
    elements = [item for section in SECTIONS for item in items[section]]
    assert elements and all(item.get("assumption") for item in elements)
    # Only the four sections, so an author copies list items and nothing else.
    assert set(flows.input.yamldoc.load_yaml(text).data) <= set(SECTIONS)


def test_unknown_part_names_the_closest() -> None:
    with pytest.raises(ValueError, match=r"unknown part 'phon' \(did you mean 'phone'\?\)"):
        part_text("phon")
    with pytest.raises(ValueError, match="unknown part"):
        part_text("../cli")


def test_cli_lists_and_prints_parts() -> None:
    listed = runner.invoke(app, ["parts"])
    assert listed.exit_code == 0
    assert [line.split()[0] for line in listed.stdout.splitlines()] == list(list_parts())
    shown = runner.invoke(app, ["parts", "phone"])
    assert shown.exit_code == 0 and shown.stdout == part_text("phone")
    unknown = runner.invoke(app, ["parts", "phon"])
    assert unknown.exit_code == 2 and "did you mean 'phone'" in unknown.stderr
