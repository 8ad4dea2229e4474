"""Consent rules: passive capture in a store, and collection with no notice and no choice."""

from flows.analysis.rules import consent
from tests.factory import store_model
from tests.rules.helpers import findings_of, keys_of


def test_in_store_capture_fires_once_per_place() -> None:
    model = (
        store_model()
        .node("sensor-2", "sensor", "vendor", within="store")
        .flow("probe-2", "phone", "sensor-2", ["mac"], notice="privacy-policy", consent="unknown")
    )
    [finding] = findings_of(consent.InStoreCaptureWithoutNotice(), model)
    assert finding.key == "in-store-capture-without-notice@store"
    assert finding.flows == ("probe", "probe-2") and "2 capture points" in finding.explanation


def test_in_store_capture_quiet_with_a_sign_and_opt_in() -> None:
    model = store_model().change_flow("probe", notice="sign-in-store", consent="opt-in")
    assert not keys_of(consent.InStoreCaptureWithoutNotice(), model)


def test_collection_without_notice_fires_outside_the_store() -> None:
    model = store_model().change_flow("sdk-id", notice="none", consent="unknown")
    assert keys_of(consent.CollectionWithoutNotice(), model) == {
        "collection-without-notice-or-consent@sdk-id"
    }


def test_collection_without_notice_quiet_for_in_store_capture_and_prompts() -> None:
    assert not keys_of(consent.CollectionWithoutNotice(), store_model())
