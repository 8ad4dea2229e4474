"""Diff of two models: Cosmose against Cosmose without the partner apps' location permission."""

from __future__ import annotations

import json
import re
from pathlib import Path

from typer.testing import CliRunner

from flows.cli import app
from flows.input.load import load_model
from flows.output.diff import diff_models

ROOT = Path(__file__).parent.parent
COSMOSE = ROOT / "models" / "cosmose-omnicookie.yaml"
runner = CliRunner()


def without_permission(tmp_path: Path) -> Path:
    """Cosmose with the location-permission flow into the partner app deleted (and its mentions in the
    story, the controls and the German translation)."""
    text = COSMOSE.read_text(encoding="utf-8")
    text, removed = re.subn(
        r"  - id: phone-location-to-app\n.*?(?=\n  - id: )", "", text, count=1, flags=re.S
    )
    assert removed == 1
    # Its German texts go with it: a translation of a flow the model lacks is an error.
    text, removed = re.subn(r"\n      phone-location-to-app:\n(?:        .*\n)+", "\n", text, count=1)
    assert removed == 1
    text = text.replace("flows: [phone-location-to-app]", "flows: []")
    text = text.replace("stops: [phone-location-to-app]", "stops: []")
    text = text.replace(
        "flows: [phone-location-to-app, custom-audience-upload]", "flows: [custom-audience-upload]"
    )
    path = tmp_path / "no-permission.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_diff_lists_the_removed_flow_and_broken_journey(tmp_path: Path) -> None:
    b = without_permission(tmp_path)
    result = diff_models(load_model(COSMOSE), load_model(b))
    assert result.section("flows").removed == ("phone-location-to-app",)
    assert not result.section("flows").added and not result.section("parties").removed
    journeys = result.section("journeys")
    assert len(journeys.removed) == 1 and "A partner app on her phone" in journeys.removed[0]
    assert not journeys.added


def test_cli_diff_text_and_json(tmp_path: Path) -> None:
    b = without_permission(tmp_path)
    text = runner.invoke(app, ["diff", str(COSMOSE), str(b)])
    assert text.exit_code == 0, text.output
    assert "Flows: 0 added, 1 removed, 0 changed" in text.stdout
    assert "  - phone-location-to-app" in text.stdout
    assert "  - Her smartphone -> A partner app on her phone" in text.stdout
    data = json.loads(runner.invoke(app, ["diff", str(COSMOSE), str(b), "-f", "json"]).stdout)
    assert data["flows"]["removed"] == ["phone-location-to-app"] and not data["same"]


def test_cli_diff_html_marks_both_graphs(tmp_path: Path) -> None:
    b = without_permission(tmp_path)
    out = tmp_path / "diff.html"
    result = runner.invoke(app, ["diff", str(COSMOSE), str(b), "--format", "html", "-o", str(out)])
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert page.count('src="data:image/svg+xml;base64,') == 2
    assert "<script" not in page and "http://" not in page.split("</style>")[1].split("<img")[0]
    assert "default-src 'none'" in page
    assert "<li class=removed>- phone-location-to-app</li>" in page


def test_same_model_has_no_differences() -> None:
    result = diff_models(load_model(COSMOSE), load_model(COSMOSE))
    assert result.empty
    text = runner.invoke(app, ["diff", str(COSMOSE), str(COSMOSE)]).stdout
    assert "No differences" in text


def test_changed_party_name_is_listed(tmp_path: Path) -> None:
    text = COSMOSE.read_text(encoding="utf-8").replace("name: Cosmose\n", "name: Cosmose AI\n", 1)
    b = tmp_path / "renamed.yaml"
    b.write_text(text, encoding="utf-8")
    changed = diff_models(load_model(COSMOSE), load_model(b)).section("parties").changed
    assert [(c.id, c.fields) for c in changed] == [("cosmose", ("name",))]
