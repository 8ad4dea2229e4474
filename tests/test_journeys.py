"""Journeys: from the person's side, through an ad, back to her; bounded and deterministic."""

import time
from itertools import pairwise

from flows.analysis.journeys import find_journeys
from flows.input.load import load_model
from tests.factory import ModelBuilder, store_model

ROOT_MODEL = "models/cosmose-omnicookie.yaml"


def test_store_model_has_two_journeys_shortest_first() -> None:
    journeys = find_journeys(store_model().build())
    assert [j.nodes for j in journeys] == [
        ("phone", "platform", "visitors", "social-ads", "ad", "social-app", "shopper"),
        ("phone", "sensor", "platform", "visitors", "social-ads", "ad", "social-app", "shopper"),
    ]
    first = journeys.journeys[1]
    assert first.hops[0].flows == ("probe",) and first.hops[0].data == ("mac",)
    assert first.delivered and first.ad == "ad" and not journeys.capped


def test_hops_before_the_ad_must_carry_personal_data() -> None:
    model = store_model().change_flow("upload", data=["creative"])
    assert not find_journeys(model.build()).journeys


def test_an_ad_that_never_reaches_her_ends_the_journey() -> None:
    journeys = find_journeys(store_model().without_flow("deliver").build())
    assert journeys.journeys and all(not j.delivered and j.nodes[-1] == "ad" for j in journeys)


def test_cosmose_journeys_cover_both_accounts() -> None:
    journeys = find_journeys(load_model(ROOT_MODEL))
    assert len(journeys) == 4
    assert {j.accounts for j in journeys} == {("in-store-sensors",), ()}
    assert all(j.nodes[-1] == "shopper" and j.ad == "cartier-ad" for j in journeys)


def wide_model(width: int) -> ModelBuilder:
    """A layered mesh: phone -> width x width relays (fully connected layers) -> ad -> phone."""
    builder = (
        ModelBuilder()
        .party("person", "person")
        .party("vendor", "data-broker")
        .node("phone", "device", "person", holds=["id"])
        .node("ad", "ad", "vendor")
        .item("id", persistence="persistent")
    )
    layers = [[f"n{layer}-{i}" for i in range(width)] for layer in range(4)]
    for layer in layers:
        for node in layer:
            builder.node(node, "platform", "vendor")
    for node in layers[0]:
        builder.flow(f"in-{node}", "phone", node, ["id"])
    for upper, lower in pairwise(layers):
        for a in upper:
            for b in lower:
                builder.flow(f"{a}-to-{b}", a, b, ["id"])
    for node in layers[-1]:
        builder.flow(f"{node}-to-ad", node, "ad", ["id"])
    return builder.flow("deliver", "ad", "phone", ["id"])


def test_explosive_graphs_are_capped_quickly() -> None:
    model = wide_model(12).build()  # 12^4 = 20,736 paths
    started = time.perf_counter()
    journeys = find_journeys(model, limit=50)
    assert time.perf_counter() - started < 2
    assert journeys.capped and len(journeys) == 50
    assert journeys == find_journeys(model, limit=50)  # deterministic
