"""`adflows new` and the starter model: it writes a commented file that validates and renders."""

from pathlib import Path

import pytest
from typer.testing import CliRunner

import flows
from flows.cli import app
from flows.input.starter import starter_model, suggest_id

runner = CliRunner()


def test_new_writes_a_model_that_validates_and_renders(tmp_path: Path) -> None:
    target = tmp_path / "shop-sensor.yaml"
    result = runner.invoke(app, ["new", "shop-sensor", "-o", str(target), "--title", 'A "shop": #1'])
    assert result.exit_code == 0, result.output
    assert f"wrote {target}" in result.stderr
    for step in ("adflows validate", "adflows render", "adflows serve"):
        assert step in result.stderr
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../docs/model.schema.json\n")
    model = flows.load_model(target)
    assert (model.id, model.title) == ("shop-sensor", 'A "shop": #1')
    assert len(model.story) == 3
    from flows.output.page import render_html

    assert "shop-sensor" in render_html(model)


def test_every_starter_element_is_marked_as_an_assumption() -> None:
    model = flows.load_model(starter_model("starter"))
    kinds = {node.kind for node in model.nodes}
    assert {"person", "device", "place", "sensor", "app", "sdk", "platform", "audience", "ad"} <= kinds
    elements = (*model.parties, *model.nodes, *model.data, *model.flows, *model.audiences)
    assert all(element.assumption for element in elements)


def test_new_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    target = tmp_path / "mine.yaml"
    target.write_text("my work\n", encoding="utf-8")
    refused = runner.invoke(app, ["new", "mine", "-o", str(target)])
    assert refused.exit_code == 1
    assert "already exists" in refused.stderr and "--force" in refused.stderr
    assert target.read_text(encoding="utf-8") == "my work\n"
    forced = runner.invoke(app, ["new", "mine", "-o", str(target), "--force"])
    assert forced.exit_code == 0, forced.output
    assert flows.load_model(target).id == "mine"


@pytest.mark.parametrize("name", ["My Model", "under_score", "Upper", "a" * 81, "dots.yaml"])
def test_new_rejects_a_bad_name(tmp_path: Path, name: str) -> None:
    result = runner.invoke(app, ["new", name, "-o", str(tmp_path / "x.yaml")])
    assert result.exit_code == 2
    assert f"'{name}' is not a valid model id" in result.stderr
    assert not (tmp_path / "x.yaml").exists()


def test_new_defaults_to_the_models_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert runner.invoke(app, ["new", "loose"]).exit_code == 0
    assert (tmp_path / "loose.yaml").is_file()
    (tmp_path / "models").mkdir()
    assert runner.invoke(app, ["new", "kept"]).exit_code == 0
    assert flows.load_model(tmp_path / "models" / "kept.yaml").title == "Kept"


def test_bad_title_is_a_usage_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["new", "x", "-o", str(tmp_path / "x.yaml"), "--title", "t" * 301])
    assert result.exit_code == 2
    assert "title must be 1 to 300 characters" in result.stderr


def test_suggest_id() -> None:
    assert suggest_id("My Café Model") == "my-cafe-model"
    assert suggest_id("!!!") == "my-model"


# The slips docs/authoring.md uses to show real error messages, applied to a fresh starter model.
SLIPS = (
    ("    party: example-vendor\n    within: shop", "    party: example-vender\n    within: shop"),
    ("    persistence: resettable", "    persistent: resettable"),
    ("    notice: none\n    consent: none", "    notice: no\n    consent: none"),
)


def test_authoring_guide_shows_real_error_messages(tmp_path: Path) -> None:
    """The messages quoted in docs/authoring.md are the ones the loader gives today, lines included."""
    guide = (Path(__file__).parent.parent / "docs" / "authoring.md").read_text(encoding="utf-8")
    text = starter_model("shop-wifi-sensor")
    for old, new in SLIPS:
        assert old in text
        text = text.replace(old, new, 1)
    with pytest.raises(flows.ModelError) as caught:
        flows.load_model(text, filename="models/shop-wifi-sensor.yaml")
    messages = [problem.format() for problem in caught.value.problems]
    assert len(messages) == 3
    for message in messages:
        assert message in guide, f"docs/authoring.md should quote: {message}"
    indent = starter_model("shop-wifi-sensor").replace(
        "  - id: phone-to-app\n    source: phone", "  - id: phone-to-app\n   source: phone", 1
    )
    with pytest.raises(flows.ModelError) as caught:
        flows.load_model(indent, filename="models/shop-wifi-sensor.yaml")
    assert caught.value.problems[0].format() in guide
