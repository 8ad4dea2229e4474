"""Transfer rules: onward transfers and retention without a limit."""

from flows.analysis.rules import transfer
from tests.factory import store_model
from tests.rules.helpers import findings_of, keys_of


def test_onward_transfer_fires_between_two_companies() -> None:
    [finding] = findings_of(transfer.OnwardTransfer(), store_model())
    assert finding.key == "onward-transfer-to-third-party@upload"
    assert "Vendor passes Ad id on to Social" in finding.explanation


def test_onward_transfer_quiet_inside_one_company_and_into_ads() -> None:
    model = store_model().without_flow("upload")
    assert not keys_of(transfer.OnwardTransfer(), model)  # "target" goes into an ad node


def test_retention_fires_for_unknown_and_missing_limits() -> None:
    model = store_model().change_flow("sighting", retention="unknown").change_flow("upload", retention=None)
    findings = {f.key: f for f in findings_of(transfer.RetentionWithoutLimit(), model)}
    assert set(findings) == {"retention-without-limit@vendor", "retention-without-limit@social"}
    assert "\u201cunknown\u201d" in findings["retention-without-limit@vendor"].explanation


def test_retention_quiet_when_every_store_states_a_limit() -> None:
    assert not keys_of(transfer.RetentionWithoutLimit(), store_model())
