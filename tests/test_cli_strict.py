"""`adflows check --strict` end to end: clean bundled models pass, a broken copy fails with located
errors, and privacy findings alone only fail the run with `--fail-on`."""

import json
from pathlib import Path

from typer.testing import CliRunner

from flows.cli import app

ROOT = Path(__file__).parent.parent
COSMOSE = ROOT / "models" / "cosmose-omnicookie.yaml"
runner = CliRunner()


def broken_copy(tmp_path: Path) -> Path:
    """Cosmose with the blog's date removed and one flow's sources dropped."""
    text = COSMOSE.read_text(encoding="utf-8")
    text = text.replace('    date: "2018-09-24"\n', "", 1)
    flow = "  - id: ad-seen-by-shopper\n"
    head, tail = text.split(flow)
    tail = tail.replace("    sources: [shi-2018-blog, cosmose-news-video]\n", "", 1)
    path = tmp_path / "broken.yaml"
    path.write_text(head + flow + tail, encoding="utf-8")
    return path


def test_bundled_model_passes_strict_even_with_findings() -> None:
    result = runner.invoke(app, ["check", str(COSMOSE), "--strict"])
    assert result.exit_code == 0, result.output
    assert "HIGH:" in result.stdout  # findings are reported, but alone they do not fail --strict
    assert "error:" not in result.stderr


def test_strict_with_fail_on_still_fails_on_findings() -> None:
    result = runner.invoke(app, ["check", str(COSMOSE), "--strict", "--fail-on", "high"])
    assert result.exit_code == 1
    assert "open finding(s) at or above 'high'" in result.stderr


def test_broken_copy_fails_with_located_messages(tmp_path: Path) -> None:
    path = broken_copy(tmp_path)
    result = runner.invoke(app, ["check", str(path), "--strict"])
    assert result.exit_code == 1
    lines = [line for line in result.stderr.splitlines() if ": error: " in line]
    assert len(lines) == 2, result.stderr
    assert lines[0].startswith(f"{path}:") and "source 'shi-2018-blog': no date" in lines[0]
    assert "flow 'ad-seen-by-shopper': no source and no assumption" in lines[1]
    line, col = lines[1].split(":")[1:3]
    assert int(line) > 0 and int(col) == 5
    assert "2 source problem(s) found by --strict." in result.stderr


def test_without_strict_the_broken_copy_passes(tmp_path: Path) -> None:
    result = runner.invoke(app, ["check", str(broken_copy(tmp_path))])
    assert result.exit_code == 0, result.output
    assert "error:" not in result.stderr


def test_json_format_lists_hygiene_problems(tmp_path: Path) -> None:
    result = runner.invoke(app, ["check", str(broken_copy(tmp_path)), "--strict", "-f", "json"])
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert [p["message"] for p in data["hygiene"]] == [
        "source 'shi-2018-blog': no date",
        "flow 'ad-seen-by-shopper': no source and no assumption",
    ]
    assert data["findings"]
    clean = json.loads(runner.invoke(app, ["check", str(COSMOSE), "--strict", "-f", "json"]).stdout)
    assert clean["hygiene"] == []
