""" "Groups of at least N" rules: per-person delivery, differencing, homogeneity."""

from flows.analysis.rules import groups
from tests.factory import store_model
from tests.rules.helpers import findings_of, keys_of

MIN_20 = {"kind": "min-group-size", "value": 20}


def test_ad_reaches_each_member_fires_on_a_delivered_journey() -> None:
    [finding] = findings_of(groups.AdReachesEachMember(), store_model().claim("k20", "vendor", MIN_20))
    assert finding.key == "claim-group-size-ad-reaches-each-member@k20"
    assert "at least 20" in finding.explanation and "Visitors" in finding.explanation
    assert {"upload", "target", "deliver", "show"} <= set(finding.flows)


def test_ad_reaches_each_member_quiet_without_delivery() -> None:
    model = store_model().claim("k20", "vendor", MIN_20).without_flow("show")
    assert not keys_of(groups.AdReachesEachMember(), model)


def test_differencing_fires_on_two_groups_with_one_key() -> None:
    model = (
        store_model()
        .claim("k20", "vendor", MIN_20)
        .node("visitors-plus-one", "audience", "vendor")
        .flow("segment-2", "platform", "visitors-plus-one", ["ad-id"])
    )
    [finding] = findings_of(groups.AudiencesDifferencing(), model)
    assert "20 and 21" in finding.explanation
    assert {"visitors", "visitors-plus-one"} <= set(finding.nodes)


def test_differencing_quiet_with_a_single_group() -> None:
    assert not keys_of(groups.AudiencesDifferencing(), store_model().claim("k20", "vendor", MIN_20))


def test_membership_reveals_visit_fires_on_a_visit_based_group() -> None:
    model = store_model().claim("k20", "vendor", MIN_20).audience("visited", "visitors", ["visit"])
    [finding] = findings_of(groups.MembershipRevealsVisit(), model)
    assert "homogeneity" in finding.explanation and finding.data == ("visit",)


def test_membership_quiet_for_a_group_defined_by_other_data() -> None:
    model = (
        store_model()
        .item("likes-jazz", "attribute")
        .claim("k20", "vendor", MIN_20)
        .audience("jazz-fans", "visitors", ["likes-jazz"])
    )
    assert not keys_of(groups.MembershipRevealsVisit(), model)


def test_group_rules_need_the_claim() -> None:
    builder = store_model().audience("visited", "visitors", ["visit"])
    for rule in (groups.AdReachesEachMember(), groups.MembershipRevealsVisit()):
        assert not keys_of(rule, builder)
