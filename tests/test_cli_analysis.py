"""The analysis commands as a user runs them: trace, knows, check, reverse-hash."""

import json
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from flows.analysis.reversehash import hash_mac
from flows.cli import app
from tests.factory import store_model

ROOT = Path(__file__).parent.parent
COSMOSE = str(ROOT / "models" / "cosmose-omnicookie.yaml")
runner = CliRunner()


def test_trace_text_and_json() -> None:
    text = runner.invoke(app, ["trace", COSMOSE])
    assert text.exit_code == 0, text.output
    assert "journey-1" in text.stdout and "4 journeys" in text.stdout
    data = json.loads(runner.invoke(app, ["trace", COSMOSE, "--format", "json"]).stdout)
    assert len(data["journeys"]) == 4 and data["capped"] is False


def test_knows_cosmose_and_meta() -> None:
    cosmose = runner.invoke(app, ["knows", COSMOSE, "cosmose"])
    assert cosmose.exit_code == 0, cosmose.output
    assert "What does Cosmose know about the shopper?" in cosmose.stdout
    assert "Wi-Fi MAC address" in cosmose.stdout and "It can link a store visit" in cosmose.stdout
    meta = json.loads(runner.invoke(app, ["knows", COSMOSE, "meta", "-f", "json"]).stdout)
    assert meta["joins"][0]["online"] == "advertising-id"


def test_knows_unknown_party_suggests_a_name() -> None:
    result = runner.invoke(app, ["knows", COSMOSE, "cosmos"])
    assert result.exit_code == 1
    assert "error: party 'cosmos' is not in the model (did you mean 'cosmose'?)" in result.stderr
    assert "Traceback" not in result.output


def test_check_formats_and_fail_on(tmp_path: Path) -> None:
    text = runner.invoke(app, ["check", COSMOSE])
    assert text.exit_code == 0 and "HIGH: offline-online-linkage@cosmose" in text.stdout
    data = json.loads(runner.invoke(app, ["check", COSMOSE, "--format", "json"]).stdout)
    assert data["counts"]["high"] >= 4
    report = tmp_path / "report.md"
    md = runner.invoke(app, ["check", COSMOSE, "-f", "markdown", "-o", str(report)])
    assert md.exit_code == 0, md.output
    body = report.read_text()
    assert body.startswith("# Privacy findings:") and "## Sources" in body and "Evidence:" in body
    failing = runner.invoke(app, ["check", COSMOSE, "--fail-on", "high"])
    assert failing.exit_code == 1 and "open finding(s) at or above 'high'" in failing.stderr


def test_check_fail_on_ignores_accepted_findings(tmp_path: Path) -> None:
    path = tmp_path / "store.yaml"
    builder = store_model()
    keys = [
        "in-store-capture-without-notice@store",
        "offline-online-linkage@vendor",
        "onward-transfer-to-third-party@upload",
    ]
    for key in keys:
        builder.accept(key, "Accepted in this test to check --fail-on.")
    path.write_text(builder.yaml())
    result = runner.invoke(app, ["check", str(path), "--fail-on", "info"])
    assert result.exit_code == 0, result.output
    assert "(accepted)" in result.stdout


def test_check_broken_model_is_a_located_error(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text(store_model().yaml().replace('"target": "sensor"', '"target": "sensr"'))
    result = runner.invoke(app, ["check", str(path)])
    assert result.exit_code == 1
    assert "unknown target 'sensr' (did you mean 'sensor'?)" in result.stderr
    assert "Traceback" not in result.output


def test_reverse_hash_on_a_small_example_runs_as_a_module() -> None:
    # f0:18:98:00:00:05 is among the first candidates tried, so this stays fast.
    digest = hash_mac("f0:18:98:00:00:05")
    result = subprocess.run(
        [sys.executable, "-m", "flows", "reverse-hash", digest, "--oui", "F0:18:98"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "found f0:18:98:00:00:05" in result.stdout and "hashes per second" in result.stdout


def test_reverse_hash_needs_the_prefix_and_a_real_digest() -> None:
    missing = runner.invoke(app, ["reverse-hash", "ab" * 32])
    assert missing.exit_code == 2 and "--oui" in missing.stderr
    bad = runner.invoke(app, ["reverse-hash", "xyz", "--oui", "aa:bb:cc"])
    assert bad.exit_code == 2 and "not a sha256 digest" in bad.stderr


def test_trace_lists_journeys_that_end_in_an_aggregate_report() -> None:
    nomi = str(ROOT / "models" / "wifi-hashed-mac.yaml")
    text = runner.invoke(app, ["trace", nomi])
    assert text.exit_code == 0, text.output
    assert "(ends in an aggregate report: Footfall report)" in text.stdout
    assert "journeys ending in an aggregate report" in text.stdout
    data = json.loads(runner.invoke(app, ["trace", nomi, "--format", "json"]).stdout)
    [first, *_] = data["report_journeys"]
    assert first["ends_in"] == "aggregate-report" and first["report"] == ["footfall-report"]
    assert first["nodes"][0] == "phone" and first["flows"][-1] in {"nomi-reports-to-client", "euclid-reports"}


def test_trace_marks_each_journey_by_where_it_ends() -> None:
    data = json.loads(runner.invoke(app, ["trace", COSMOSE, "--format", "json"]).stdout)
    assert all(j["ends_in"] == "ad" for j in data["journeys"])
    assert [j["report"] for j in data["report_journeys"]] == [["audience-report"]]
