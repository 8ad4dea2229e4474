"""`adflows letter MODEL PARTY`: a GDPR Art. 15 access request and a CCPA request to know, filled from
the model, run the way a user runs it."""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from typer.testing import CliRunner

from flows.cli import app

ROOT = Path(__file__).parent.parent
COSMOSE = str(ROOT / "models" / "cosmose-omnicookie.yaml")
FIXTURE = ROOT / "tests" / "fixtures" / "controls-store.yaml"
runner = CliRunner()


def test_default_letter_has_both_requests_filled_from_the_model() -> None:
    result = runner.invoke(app, ["letter", str(FIXTURE), "acme"])
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert text.index("# Access request under Article 15 GDPR") < text.index(
        "# Request to know under the California Consumer Privacy Act (CCPA)"
    )
    assert "Dear Acme Analytics," in text
    # The data it holds, from who knows what, with where it came from and numbered sources.
    assert "- **Wi-Fi MAC address**: you receive it from App Maker, me. [1]" in text
    assert "- **Store visit**: you work it out from Wi-Fi MAC address, Location. [1]" in text
    assert "- Wi-Fi MAC address: \\[\u2026\\]" in text  # an identifier she can fill in
    assert "1. Invented for tests. 2026-11-29. Evidence: Documented." in text
    # The company's own opt-out, from the model's controls.
    assert "- **Acme's web opt-out**. Enter the phone's Wi-Fi address" in text


def test_law_option_chooses_one_request_and_output_writes_a_file(tmp_path: Path) -> None:
    gdpr = runner.invoke(app, ["letter", str(FIXTURE), "acme", "--law", "gdpr"]).stdout
    assert "Article 15" in gdpr and "CCPA" not in gdpr
    out = tmp_path / "letter.md"
    ccpa = runner.invoke(app, ["letter", str(FIXTURE), "Acme Analytics", "--law", "ccpa", "-o", str(out)])
    assert ccpa.exit_code == 0, ccpa.output
    written = out.read_text(encoding="utf-8")
    assert "\u00a7 1798.110" in written and "Article 15" not in written


def test_weak_sources_are_marked_in_the_letter() -> None:
    text = runner.invoke(app, ["letter", COSMOSE, "cosmose", "--law", "gdpr"]).stdout
    assert "- **Wi-Fi MAC address**: Reportedly (low-quality source): you receive it from me." in text
    assert "Claimed (as reported): you receive it from Partner app publishers" in text


def test_unknown_party_and_the_person_are_refused_with_a_located_hint() -> None:
    typo = runner.invoke(app, ["letter", str(FIXTURE), "acm"])
    assert typo.exit_code == 1
    assert f"{FIXTURE}:10:5: error: party 'acm' is not in the model (did you mean 'acme'?)" in typo.stderr
    person = runner.invoke(app, ["letter", str(FIXTURE), "shopper"])
    assert person.exit_code == 1
    assert "party 'shopper' is the person herself; write to a company" in person.stderr
    assert "Traceback" not in typo.output + person.output


def test_model_text_stays_inert_markdown(tmp_path: Path) -> None:
    data = yaml.safe_load(FIXTURE.read_text(encoding="utf-8"))
    data["parties"][1]["name"] = "<script>alert(1)</script> [x](javascript:alert(1))"
    data["data"][0]["name"] = "**MAC** <img src=x onerror=alert(1)>"
    path = tmp_path / "hostile.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    result = runner.invoke(app, ["letter", str(path), "acme"])
    assert result.exit_code == 0, result.output
    # Every '<' and '](' from the model is escaped, so no Markdown viewer makes a tag or a link of it.
    assert not re.search(r"(?<!\\)<(script|img)", result.stdout)
    assert not re.search(r"(?<!\\)\]\(javascript", result.stdout)
    assert "Dear \\<script\\>alert(1)\\</script\\> \\[x\\](javascript:alert(1))," in result.stdout
