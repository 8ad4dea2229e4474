"""Rules about identity: keyed vs unkeyed hashes, linkage on the join, re-identification, scope creep,
and the `not-identified` / `aggregated-only` claims. Each fires once and stays quiet once."""

from flows.analysis.rules import claims, consent, linkage, sharing_claims
from tests.factory import ModelBuilder, store_model
from tests.rules.helpers import findings_of, keys_of

ANON = {"kind": "identifiers-anonymised", "data": ["hashed-mac"]}


def test_unkeyed_hash_of_a_mac_is_reversible_by_trying_every_value() -> None:
    [finding] = findings_of(claims.AnonymisedHashReversible(), store_model().claim("anon", "vendor", ANON))
    assert "2^24" in finding.explanation and "secret key" not in finding.explanation


def test_keyed_hash_is_a_stable_pseudonym_not_reversible_by_enumeration() -> None:
    model = store_model().change_item("hashed-mac", transform="keyed-hash").claim("anon", "vendor", ANON)
    [finding] = findings_of(claims.AnonymisedHashReversible(), model)
    assert "2^24" not in finding.explanation and "trying every possible" not in finding.explanation
    assert "secret key" in finding.explanation and "whoever holds the key" in finding.explanation
    assert "persistent pseudonym" in finding.explanation


def test_unkeyed_hash_of_an_email_is_called_reversible_by_trying_candidates() -> None:
    model = (
        store_model()
        .item("email", persistence="persistent")
        .item("hashed-email", persistence="persistent", derived_from=["email"], transform="hash")
        .flow("login", "phone", "platform", ["email"], notice="in-app-prompt", consent="opt-in")
        .claim("anon", "vendor", {"kind": "identifiers-anonymised", "data": ["hashed-email"]})
    )
    [finding] = findings_of(claims.AnonymisedHashReversible(), model)
    assert "unkeyed hash can be reversed by trying candidates" in finding.explanation


def wifi_login_model() -> ModelBuilder:
    """A café's Wi-Fi (party kind `other`, not an ad company): the access point hears the MAC, the
    login page takes an e-mail; both end up in the café's guest database."""
    return (
        ModelBuilder()
        .party("guest", "person")
        .party("cafe", "other")
        .node("guest", "person", "guest")
        .node("phone", "device", "guest", holds=["mac", "email"])
        .node("cafe", "place", "cafe")
        .node("access-point", "sensor", "cafe", within="cafe")
        .node("portal", "platform", "cafe", within="cafe")
        .node("guest-db", "dataset", "cafe")
        .item("mac", persistence="persistent", identifies="device")
        .item("email", persistence="persistent", identifies="person")
        .item("visit", "event")
        .flow("probe", "phone", "access-point", ["mac"], notice="none", consent="none")
        .flow("sightings", "access-point", "guest-db", ["mac", "visit"], retention="1 year")
        .flow("login", "phone", "portal", ["email", "mac"], notice="wifi-login-page", consent="opt-in")
        .flow("store-login", "portal", "guest-db", ["email", "mac"], retention="1 year")
    )


def test_linkage_fires_on_the_join_whatever_the_party_kind() -> None:
    keys = keys_of(linkage.OfflineOnlineLinkage(), wifi_login_model())
    assert keys == {"offline-online-linkage@cafe"}


def test_linkage_quiet_without_an_account_or_advertising_identifier() -> None:
    model = wifi_login_model().change_flow("login", data=["mac"]).change_flow("store-login", data=["mac"])
    assert not keys_of(linkage.OfflineOnlineLinkage(), model)


def test_reidentification_fires_when_a_pseudonymous_history_meets_an_email() -> None:
    [finding] = findings_of(linkage.PseudonymReidentified(), wifi_login_model())
    assert finding.key == "pseudonymous-history-reidentified@cafe"
    assert "Visit under Mac" in finding.explanation and "Email" in finding.explanation
    assert finding.plain.endswith("can put a name or an account on a history that was recorded under a code.")


def test_reidentification_quiet_without_a_naming_identifier() -> None:
    model = wifi_login_model().change_flow("login", data=["mac"]).change_flow("store-login", data=["mac"])
    assert not keys_of(linkage.PseudonymReidentified(), model)


def test_scope_creep_fires_when_a_login_consent_covers_earlier_sightings() -> None:
    [finding] = findings_of(consent.ConsentScopeCreep(), wifi_login_model())
    assert finding.key == "consent-scope-creep@cafe"
    assert "She agreed to give Mac and Email, but Cafe puts it together with Mac" in finding.explanation
    assert {"login", "probe", "sightings"} <= set(finding.flows)


def test_scope_creep_fires_when_login_data_goes_on_to_advertising() -> None:
    model = (
        wifi_login_model()
        .change_flow("sightings", data=["visit"])
        .change_flow("probe", consent="opt-in", notice="wifi-login-page")
        .node("ad-list", "audience", "cafe")
        .flow("to-ads", "guest-db", "ad-list", ["email"])
    )
    [finding] = findings_of(consent.ConsentScopeCreep(), model)
    assert "a Wi-Fi login page" in finding.explanation and "to-ads" in finding.flows


def test_scope_creep_quiet_when_the_login_data_stays_for_the_login() -> None:
    model = wifi_login_model().without_flow("probe").change_flow("sightings", data=["visit"])
    assert not keys_of(consent.ConsentScopeCreep(), model)


def test_not_identified_claim_contradicted_by_an_email() -> None:
    model = wifi_login_model().claim("anon", "cafe", {"kind": "not-identified"})
    [finding] = findings_of(sharing_claims.NotIdentifiedContradicted(), model)
    assert "Email: it receives it" in finding.explanation


def test_not_identified_claim_quiet_with_only_a_device_identifier() -> None:
    model = (
        wifi_login_model()
        .change_flow("login", data=["mac"])
        .change_flow("store-login", data=["mac"])
        .claim("anon", "cafe", {"kind": "not-identified"})
    )
    assert not keys_of(sharing_claims.NotIdentifiedContradicted(), model)


def test_aggregated_only_claim_contradicted_by_a_per_device_flow() -> None:
    model = store_model().claim("agg", "vendor", {"kind": "aggregated-only"})
    [finding] = findings_of(sharing_claims.AggregatedOnlyContradicted(), model)
    assert finding.flows == ("upload",) and "Social" in finding.explanation


def test_aggregated_only_claim_quiet_when_only_counts_leave() -> None:
    model = (
        store_model()
        .item("visit-count", "attribute", derived_from=["visit"], transform="aggregate")
        .change_flow("upload", data=["visit-count"])
        .claim("agg", "vendor", {"kind": "aggregated-only"})
    )
    assert not keys_of(sharing_claims.AggregatedOnlyContradicted(), model)


def test_aggregated_only_claim_limited_to_the_named_recipients() -> None:
    model = store_model().claim("agg", "vendor", {"kind": "aggregated-only", "parties": ["shop"]})
    assert not keys_of(sharing_claims.AggregatedOnlyContradicted(), model)


def test_a_profile_handed_to_a_login_page_in_the_store_does_not_reveal_the_visit_to_its_sender() -> None:
    """A social sign-in's server sends the profile to a login page inside the shop; that does not make
    the social network a party that knows she was in the shop."""
    model = (
        wifi_login_model()
        .party("social", "social-network")
        .node("social-login", "platform", "social")
        .item("social-account", persistence="persistent", identifies="account")
        .item("profile", "attribute")
        .flow(
            "sign-in", "phone", "social-login", ["social-account"], notice="social-sign-in", consent="opt-in"
        )
        .flow("hand-over", "social-login", "portal", ["social-account", "profile"])
    )
    keys = keys_of(linkage.OfflineOnlineLinkage(), model)
    assert "offline-online-linkage@cafe" in keys and "offline-online-linkage@social" not in keys
