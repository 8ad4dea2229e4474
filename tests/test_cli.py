"""The foundation commands as a user runs them: exit codes, messages, files written, no tracebacks."""

import json
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from flows.cli import app

ROOT = Path(__file__).parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "tiny-store.yaml"
runner = CliRunner()


def broken_copy(tmp_path: Path) -> Path:
    path = tmp_path / "broken.yaml"
    text = FIXTURE.read_text().replace("target: sensor,", "target: sensr,", 1)
    path.write_text(text.replace("kind: sensor,", "kind: sensr,", 1))
    return path


def test_validate_ok_and_broken(tmp_path: Path) -> None:
    ok = runner.invoke(app, ["validate", str(FIXTURE)])
    assert ok.exit_code == 0, ok.output
    assert "tiny-store.yaml: ok (8 nodes, 6 flows)" in ok.stdout
    broken = broken_copy(tmp_path)
    bad = runner.invoke(app, ["validate", str(FIXTURE), str(broken)])
    assert bad.exit_code == 1
    assert f"{broken}:16:38: error: node 'sensor'" in bad.stderr
    assert "kind 'sensr' is not allowed (did you mean 'sensor'?)" in bad.stderr
    assert "unknown target 'sensr' (did you mean 'sensor'?)" in bad.stderr
    assert "Traceback" not in bad.output


def test_validate_json_lists_every_error(tmp_path: Path) -> None:
    broken = broken_copy(tmp_path)
    result = runner.invoke(app, ["validate", "--format", "json", str(FIXTURE), str(broken)])
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["valid"] is False
    assert [f["valid"] for f in report["files"]] == [True, False]
    errors = report["files"][1]["errors"]
    assert len(errors) == 2
    assert {"file", "line", "col", "message", "path", "hint"} <= set(errors[0])


def test_validate_missing_file_is_a_located_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["validate", str(tmp_path / "nope.yaml")])
    assert result.exit_code == 1
    assert "nope.yaml:1:1: error: cannot read the file" in result.stderr


def test_render_writes_one_page(tmp_path: Path) -> None:
    out = tmp_path / "page.html"
    result = runner.invoke(app, ["render", str(FIXTURE), "-o", str(out)])
    assert result.exit_code == 0, result.output
    html = out.read_text()
    assert html.startswith("<!doctype html>") or html.lower().startswith("<!doctype html>")
    assert "Tiny store (test fixture)" in html


def test_render_broken_model_exits_1_without_writing(tmp_path: Path) -> None:
    out = tmp_path / "page.html"
    result = runner.invoke(app, ["render", str(broken_copy(tmp_path)), "-o", str(out)])
    assert result.exit_code == 1
    assert "2 problems found." in result.stderr
    assert not out.exists()


def test_schema_command_prints_the_committed_schema() -> None:
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["title"].startswith("adflows model")


def test_python_dash_m_flows_runs_the_same_cli(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "flows", "validate", str(broken_copy(tmp_path))],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    assert done.returncode == 1
    assert "error: node 'sensor': kind 'sensr' is not allowed" in done.stderr
    assert "Traceback" not in done.stderr
