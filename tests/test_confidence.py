"""Confidence apart from severity, as a user meets it: `adflows check` in JSON, text and Markdown,
`--min-confidence`, conditional wording at low confidence, the plain-language line, grouping at scale,
and a scan of every bundled model for unconditional wording about named parties."""

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from flows.analysis.rules.confidence import CONFIDENCES, UNCONDITIONAL_WORDS
from flows.analysis.run import analyse
from flows.cli import app
from flows.input.load import load_model
from tests.factory import ModelBuilder, store_model

ROOT = Path(__file__).parent.parent
MODELS = sorted((ROOT / "models").glob("*.yaml"))
runner = CliRunner()


def documented_store() -> ModelBuilder:
    builder = store_model()
    builder.doc["sources"][0].update(evidence="documented", date="2020", url="https://example.org/doc")
    return builder


def check_json(tmp_path: Path, builder: ModelBuilder, *args: str) -> dict:
    path = tmp_path / "model.yaml"
    path.write_text(builder.yaml())
    result = runner.invoke(app, ["check", str(path), "--format", "json", *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_every_finding_has_severity_confidence_and_the_elements_that_set_it(tmp_path: Path) -> None:
    builder = documented_store()
    builder.doc["sources"].append(
        {"id": "blog", "title": "A blog", "publisher": "Blog", "evidence": "secondary"}
    )
    builder.change_flow("probe", sources=["blog"])
    data = check_json(tmp_path, builder)
    assert data["findings"]
    for finding in data["findings"]:
        assert finding["severity"] and finding["confidence"] in CONFIDENCES and finding["plain"]
    by_key = {f["key"]: f for f in data["findings"]}
    capture = by_key["in-store-capture-without-notice@store"]
    assert capture["confidence"] == "low" and capture["confidence_evidence"] == "secondary"
    assert capture["confidence_basis"] == [{"kind": "flow", "id": "probe"}]
    assert capture["explanation"].startswith(
        "This rests on the flow Phone \u2192 Sensor, which only \u2018A blog\u2019 (Blog) (secondary / low) "
        "supports. If that account is right:"
    )
    assert capture["plain"].startswith("If a low-quality source is right: ")
    retention = by_key["onward-transfer-to-third-party@upload"]
    assert retention["confidence"] == "high" and "This rests on" not in retention["explanation"]
    assert data["counts_by_confidence"]["low"] >= 1


def test_assumed_flow_makes_the_finding_assumed_and_conditional(tmp_path: Path) -> None:
    builder = documented_store().change_flow("upload", assumption="We guess the list is uploaded.")
    by_key = {f["key"]: f for f in check_json(tmp_path, builder)["findings"]}
    finding = by_key["onward-transfer-to-third-party@upload"]
    assert finding["confidence"] == "assumed"
    assert "which is the modeller\u2019s assumption (We guess the list is uploaded)" in finding["explanation"]
    assert "If that holds:" in finding["explanation"]


def test_press_source_gives_medium_confidence_without_conditional_wording(tmp_path: Path) -> None:
    builder = documented_store()
    builder.doc["sources"].append({"id": "news", "title": "News", "evidence": "company-claim-via-press"})
    builder.change_flow("upload", sources=["news"])
    by_key = {f["key"]: f for f in check_json(tmp_path, builder)["findings"]}
    finding = by_key["onward-transfer-to-third-party@upload"]
    assert finding["confidence"] == "medium" and finding["confidence_evidence"] == "company-claim-via-press"
    assert "This rests on" not in finding["explanation"]


def test_min_confidence_filters(tmp_path: Path) -> None:
    builder = documented_store().change_flow("upload", assumption="Guessed.")
    everything = check_json(tmp_path, builder)["findings"]
    sure = check_json(tmp_path, builder, "--min-confidence", "high")["findings"]
    assert {f["confidence"] for f in everything} == {"high", "assumed"}
    assert sure and {f["confidence"] for f in sure} == {"high"} and len(sure) < len(everything)


def test_text_and_markdown_show_confidence_and_the_plain_line(tmp_path: Path) -> None:
    path = tmp_path / "model.yaml"
    path.write_text(documented_store().yaml())
    text = runner.invoke(app, ["check", str(path)]).stdout
    assert "  confidence: High confidence (Documented), set by flow" in text
    assert "  In plain words: " in text
    md = runner.invoke(app, ["check", str(path), "-f", "markdown"]).stdout
    assert "**Confidence:** High confidence (Documented)" in md and "*In plain words:*" in md


def test_many_findings_of_one_rule_group_into_one_line(tmp_path: Path) -> None:
    builder = documented_store()
    for i in range(12):
        builder.node(f"broker-{i}", "platform", "social")
        builder.party(f"p{i}", "data-broker").node(f"buyer-{i}", "platform", f"p{i}")
        builder.flow(f"resale-{i}", "social-ads", f"buyer-{i}", ["ad-id"], retention="1 day")
    path = tmp_path / "model.yaml"
    path.write_text(builder.yaml())
    text = runner.invoke(app, ["check", str(path)]).stdout
    assert "MEDIUM: onward-transfer-to-third-party: 13 findings (e.g. " in text
    assert "onward-transfer-to-third-party@resale-3\n" not in text
    full = runner.invoke(app, ["check", str(path), "--no-group"]).stdout
    assert "MEDIUM: onward-transfer-to-third-party@resale-3\n" in full


def test_paraphrase_is_shown_as_such(tmp_path: Path) -> None:
    builder = documented_store().claim(
        "no-pd", "vendor", {"kind": "no-personal-data"}, quote="it keeps no personal data"
    )
    builder.doc["claims"][0]["paraphrase"] = True
    by_key = {f["key"]: f for f in check_json(tmp_path, builder)["findings"]}
    explanation = by_key["claim-no-personal-data-contradicted@no-pd"]["explanation"]
    assert "Vendor says, in the source's paraphrase, that it keeps no personal data." in explanation
    assert "\u201cit keeps" not in explanation


@pytest.mark.parametrize("path", MODELS, ids=lambda p: p.stem)
def test_bundled_findings_at_low_confidence_are_conditional_and_never_accuse(path: Path) -> None:
    """A finding resting on a secondary source or an assumption opens with the condition, names the
    flow or claim and its source or assumption, and uses no words that state wrongdoing as fact."""
    findings = analyse(load_model(path)).findings
    for finding in findings:
        assert finding.confidence in CONFIDENCES and finding.plain
        if finding.confidence not in ("low", "assumed"):
            continue
        assert finding.explanation.startswith("This rests on "), finding.key
        assert "If that account is right:" in finding.explanation or "If that holds:" in finding.explanation
        assert finding.plain.startswith("If "), finding.key
        lowered = finding.explanation.lower()
        for word in UNCONDITIONAL_WORDS:
            assert word not in lowered, (finding.key, word)


def test_every_evidence_level_has_a_confidence_band() -> None:
    from flows.analysis.rules.confidence import CONFIDENCE_OF
    from flows.input.kinds import EVIDENCE_ORDER, UNSOURCED

    assert set(CONFIDENCE_OF) == {*EVIDENCE_ORDER, UNSOURCED}
    assert set(CONFIDENCE_OF.values()) == set(CONFIDENCES)
