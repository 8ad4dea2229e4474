"""Linkage rules: offline-to-online joins and sensitive inferences."""

from flows.analysis.rules import linkage
from tests.factory import store_model
from tests.rules.helpers import findings_of, keys_of


def test_offline_online_linkage_fires_with_the_chain() -> None:
    [finding] = findings_of(linkage.OfflineOnlineLinkage(), store_model())
    assert finding.key == "offline-online-linkage@vendor"
    assert {"probe", "sdk-id", "upload", "target"} <= set(finding.flows)
    assert "Phone \u2192 Sensor" in finding.explanation


def test_offline_online_linkage_moves_with_the_ad_identifier() -> None:
    model = (
        store_model()
        .without_flow("sdk-id")
        .change_flow("segment", data=["visit"])
        .change_flow("upload", data=["visit"])
    )
    # The vendor never sees the advertising ID now; the social network gets both.
    assert keys_of(linkage.OfflineOnlineLinkage(), model) == {"offline-online-linkage@social"}


def test_offline_online_linkage_quiet_without_in_store_capture() -> None:
    model = store_model().without_flow("probe").without_flow("sighting")
    assert not keys_of(linkage.OfflineOnlineLinkage(), model)


def test_sensitive_inference_fires_when_a_party_can_derive_it() -> None:
    model = store_model().item(
        "clinic-visit", "inference", sensitive=True, derived_from=["visit"], transform="infer"
    )
    [finding] = findings_of(linkage.SensitiveDataInferred(), model)
    assert finding.key == "sensitive-data-inferred@clinic-visit"
    assert "Vendor works it out from Visit" in finding.explanation


def test_sensitive_inference_quiet_when_nobody_has_the_inputs() -> None:
    model = store_model().item("health", "attribute", sensitive=True)
    assert not keys_of(linkage.SensitiveDataInferred(), model)


def test_sensitive_enrichment_is_not_said_to_be_worked_out_from_the_key() -> None:
    model = store_model().item(
        "income", "attribute", sensitive=True, derived_from=["hashed-mac"], transform="enrich"
    )
    [finding] = findings_of(linkage.SensitiveDataInferred(), model)
    assert "Vendor adds it to what it holds under Hashed mac" in finding.explanation
    assert "works it out" not in finding.explanation
