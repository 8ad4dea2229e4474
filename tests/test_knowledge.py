"""Who knows what: items per party, how they learn them, and offline-to-online joins."""

from flows.analysis.knowledge import find_knowledge
from flows.input.load import load_model
from tests.factory import store_model


def test_how_each_item_is_learnt() -> None:
    vendor = find_knowledge(store_model().build()).for_party("vendor")
    assert vendor is not None
    how = {k.item: k.how for k in vendor.items}
    assert how == {"mac": "receives", "ad-id": "receives", "hashed-mac": "derives", "visit": "produces"}
    mac = next(k for k in vendor.items if k.item == "mac")
    assert mac.flows == ("probe",) and mac.from_parties == ("shopper",)


def test_identifiers_on_a_flow_into_an_ad_do_not_reach_the_advertiser() -> None:
    shop = find_knowledge(store_model().build()).for_party("shop")
    assert shop is not None and not shop.knows("ad-id")


def test_the_person_is_not_listed() -> None:
    assert find_knowledge(store_model().build()).for_party("shopper") is None


def test_join_chain_mac_device_advertising_id_audience() -> None:
    vendor = find_knowledge(store_model().build()).for_party("vendor")
    assert vendor is not None
    [join] = vendor.joins
    assert join.offline[0] == "mac" and join.online == "ad-id" and join.device == "phone"
    assert join.capture_flows == ("probe",)
    assert join.identifier_flows == ("sdk-id",)
    assert join.onward_flows == ("upload", "target")


def test_an_identifier_made_from_the_visit_evidence_is_no_join() -> None:
    model = store_model().without_flow("sdk-id").change_flow("segment", data=["hashed-mac", "visit"])
    model = model.change_flow("upload", data=["hashed-mac"])
    vendor = find_knowledge(model.build()).for_party("vendor")
    assert vendor is not None and not vendor.joins


def test_cosmose_and_meta_both_link_the_visit() -> None:
    knowledge = find_knowledge(load_model("models/cosmose-omnicookie.yaml"))
    cosmose, meta = knowledge.for_party("cosmose"), knowledge.for_party("meta")
    assert cosmose is not None and meta is not None
    assert cosmose.knows("wifi-mac") and cosmose.knows("spending-level")
    assert cosmose.joins[0].offline[0] == "wifi-mac" and cosmose.joins[0].online == "advertising-id"
    assert meta.joins[0].online == "advertising-id"
    assert meta.joins[0].identifier_flows == ("meta-app-ad-id",)
    assert not meta.knows("wifi-mac")
