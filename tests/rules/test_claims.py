"""Claims rules: each fires on a model that contradicts the claim and stays quiet on one that does not."""

from flows.analysis.reversehash import MEASURED_RATE
from flows.analysis.rules import claims
from tests.factory import store_model
from tests.rules.helpers import findings_of, keys_of

NO_PD = {"kind": "no-personal-data"}


def test_no_personal_data_fires_on_a_persistent_identifier() -> None:
    model = store_model().claim("no-pd", "vendor", NO_PD)
    [finding] = findings_of(claims.NoPersonalDataContradicted(), model)
    assert finding.key == "claim-no-personal-data-contradicted@no-pd"
    assert set(finding.flows) == {"probe", "sdk-id"}  # what it collects from outside
    assert finding.claims == ("no-pd",) and finding.sources == ("src",)
    assert "pseudonym" in finding.explanation and "Mac" in finding.explanation


def test_no_personal_data_quiet_when_identifiers_rotate() -> None:
    model = (
        store_model()
        .claim("no-pd", "vendor", NO_PD)
        .change_item("mac", persistence="rotating")
        .change_item("ad-id", persistence="session")
        .change_item("hashed-mac", persistence="none")  # then only as stable as the MAC
    )
    assert not keys_of(claims.NoPersonalDataContradicted(), model)


def test_anonymised_hash_fires_with_the_enumeration_figures() -> None:
    model = store_model().claim("anon", "vendor", {"kind": "identifiers-anonymised", "data": ["hashed-mac"]})
    [finding] = findings_of(claims.AnonymisedHashReversible(), model)
    assert finding.key == "claim-anonymised-hash-reversible@anon"
    for figure in ("2^48", "2^39", "2^24", "16,777,216", f"{MEASURED_RATE / 1e6:.1f} million"):
        assert figure in finding.explanation
    assert {"sighting", "probe"} <= set(finding.flows)


def test_anonymised_hash_quiet_for_an_aggregate() -> None:
    model = (
        store_model()
        .item("count", "attribute", derived_from=["visit"], transform="aggregate", personal=False)
        .claim("anon", "vendor", {"kind": "identifiers-anonymised", "data": ["count"]})
    )
    assert not keys_of(claims.AnonymisedHashReversible(), model)


def test_stable_pseudonym_fires_on_an_advertising_id() -> None:
    model = store_model().claim("anon", "vendor", {"kind": "identifiers-anonymised", "data": ["ad-id"]})
    [finding] = findings_of(claims.AnonymisedStablePseudonym(), model)
    assert "until she resets it" in finding.explanation and "aim ads" in finding.explanation


def test_stable_pseudonym_leaves_hashed_items_to_the_hash_rule() -> None:
    model = store_model().claim("anon", "vendor", {"kind": "identifiers-anonymised", "data": ["hashed-mac"]})
    assert not keys_of(claims.AnonymisedStablePseudonym(), model)


def test_no_installation_fires_on_a_sensor_in_the_store() -> None:
    model = store_model().claim("none-installed", "vendor", {"kind": "no-installation-in-store"})
    [finding] = findings_of(claims.NoInstallationContradicted(), model)
    assert "sensor" in finding.nodes and finding.flows == ("probe",)


def test_no_installation_quiet_for_another_party() -> None:
    model = store_model().claim("none-installed", "social", {"kind": "no-installation-in-store"})
    assert not keys_of(claims.NoInstallationContradicted(), model)


def test_opt_out_fires_when_collection_asks_nothing() -> None:
    model = store_model().claim("opt-out", "vendor", {"kind": "opt-out-offered"})
    assert keys_of(claims.OptOutUnavailable(), model) == {"claim-opt-out-unavailable@opt-out"}


def test_opt_out_quiet_when_every_flow_offers_a_choice() -> None:
    model = (
        store_model()
        .claim("opt-out", "vendor", {"kind": "opt-out-offered"})
        .change_flow("probe", consent="opt-in")
    )
    assert not keys_of(claims.OptOutUnavailable(), model)


def test_claim_known_only_from_a_secondary_source_is_introduced_as_relayed() -> None:
    model = store_model().claim("no-pd", "vendor", NO_PD)
    model.doc["sources"].append(
        {"id": "blog", "title": "A blog", "publisher": "A student blog", "evidence": "secondary"}
    )
    model.doc["claims"][0]["source"] = "blog"
    [finding] = findings_of(claims.NoPersonalDataContradicted(), model)
    assert "According to A student blog, Vendor says:" in finding.explanation


def test_enumeration_is_claimed_only_for_a_mac_address() -> None:
    model = (
        store_model()
        .item("hashed-ad-id", persistence="resettable", derived_from=["ad-id"], transform="hash")
        .claim("anon", "vendor", {"kind": "identifiers-anonymised", "data": ["hashed-ad-id"]})
    )
    [finding] = findings_of(claims.AnonymisedHashReversible(), model)
    assert "2^48" not in finding.explanation
    assert "cannot be recovered by simply trying every value" in finding.explanation


def test_finding_names_the_assumptions_and_the_account_it_rests_on() -> None:
    model = store_model().claim("no-pd", "vendor", NO_PD).without_flow("sdk-id")
    model.change_flow("probe", assumption="We guess the sensor hears it.", account="blog")
    model.doc["accounts"] = [
        {"id": "blog", "title": "The blog's version", "summary": "S.", "sources": ["src"]}
    ]
    [finding] = findings_of(claims.NoPersonalDataContradicted(), model)
    assert "rests on the model's own assumptions, not on a source: Phone \u2192 Sensor." in (
        finding.explanation
    )
    assert "It depends on one account of events, \u2018The blog's version\u2019" in finding.explanation


def test_finding_is_conditional_when_its_flows_rest_only_on_a_secondary_source() -> None:
    model = store_model().claim("no-pd", "vendor", NO_PD).without_flow("sdk-id")
    model.doc["sources"][0]["evidence"] = "documented"
    model.doc["sources"].append({"id": "blog", "title": "A blog", "evidence": "secondary"})
    model.change_flow("probe", sources=["blog"])
    [finding] = findings_of(claims.NoPersonalDataContradicted(), model)
    assert finding.explanation.startswith(
        "This rests on the flow Phone \u2192 Sensor, which only \u2018A blog\u2019 (secondary / low) "
        "supports. If that account is right:"
    )
    quiet = store_model().claim("no-pd", "vendor", NO_PD)
    quiet.doc["sources"][0]["evidence"] = "documented"
    [finding] = findings_of(claims.NoPersonalDataContradicted(), quiet)
    assert "This rests on" not in finding.explanation and "assumptions" not in finding.explanation
