"""The export registry and the `adflows export` command: every format, stable output, clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from flows.cli import app
from flows.input.load import load_model
from flows.output.export import FORMATS, export

ROOT = Path(__file__).parent.parent
COSMOSE = ROOT / "models" / "cosmose-omnicookie.yaml"
FIXTURE = ROOT / "tests" / "fixtures" / "tiny-store.yaml"
runner = CliRunner()


def test_registry_names_the_issue_formats() -> None:
    names = [f.name for f in FORMATS]
    assert names == ["json", "graphml", "gexf", "mermaid", "dot", "kumu", "csv", "svg", "png"]
    assert len({f.extension for f in FORMATS}) == len(FORMATS)


@pytest.mark.parametrize("fmt", [f for f in FORMATS if f.name != "png"], ids=lambda f: f.name)
def test_every_format_is_deterministic(fmt: object) -> None:
    model = load_model(FIXTURE)
    assert export(model, fmt.name) == export(load_model(FIXTURE), fmt.name)  # type: ignore[attr-defined]


@pytest.mark.parametrize("fmt", FORMATS, ids=lambda f: f.name)
def test_cli_writes_each_format_for_cosmose(tmp_path: Path, fmt: object) -> None:
    name, extension = fmt.name, fmt.extension  # type: ignore[attr-defined]
    out = tmp_path / f"cosmose{extension}"
    result = runner.invoke(app, ["export", str(COSMOSE), "--format", name, "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.stat().st_size > 500


def test_cli_defaults_to_model_name_and_writes_stdout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["export", str(FIXTURE), "-f", "gexf"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "tiny-store.gexf").read_bytes().startswith(b"<?xml")
    piped = runner.invoke(app, ["export", str(FIXTURE), "-f", "mermaid", "-o", "-"])
    assert piped.exit_code == 0 and "flowchart LR" in piped.stdout


def test_cli_errors_are_messages(tmp_path: Path) -> None:
    unknown = runner.invoke(app, ["export", str(FIXTURE), "-f", "pdf"])
    assert unknown.exit_code == 2
    assert "unknown format 'pdf'; choose one of: json, graphml" in unknown.stderr
    broken = tmp_path / "broken.yaml"
    broken.write_text(FIXTURE.read_text().replace("target: sensor,", "target: sensr,", 1))
    bad = runner.invoke(app, ["export", str(broken), "-f", "json", "-o", str(tmp_path / "x.json")])
    assert bad.exit_code == 1 and "unknown target 'sensr'" in bad.stderr
    assert "Traceback" not in bad.output and not (tmp_path / "x.json").exists()
    with pytest.raises(ValueError, match="unknown export format 'pdf'"):
        export(load_model(FIXTURE), "pdf")
