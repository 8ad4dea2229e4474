"""The layered layout reads left to right along the journey and never changes for the same model."""

from pathlib import Path

import flows
from flows.view.layout import COLUMN_GAP, MAX_COLUMN, assign_layers, compute_layout

FIXTURE = Path(__file__).parent / "fixtures" / "tiny-store.yaml"


def test_columns_follow_the_journey() -> None:
    layers = assign_layers(flows.load_model(FIXTURE))
    journey = ["person", "phone", "sensor", "platform", "audience", "social", "ad"]
    columns = [layers[n] for n in journey]
    assert columns == sorted(columns)
    assert len(set(columns)) == len(columns)
    # The ad is delivered back to the phone: that backward edge must not drag the phone right.
    assert layers["phone"] < layers["sensor"]
    assert layers["store"] == layers["sensor"]


def test_layout_is_deterministic() -> None:
    model = flows.load_model(FIXTURE)
    assert compute_layout(model) == compute_layout(flows.load_model(FIXTURE))


def test_cycles_between_platforms_collapse_into_one_column() -> None:
    text = FIXTURE.read_text().replace(
        "story:",
        "  - {id: back, source: audience, target: platform, data: [mac], sources: [invented]}\nstory:",
    )
    layers = assign_layers(flows.load_model(text))
    assert layers["platform"] <= layers["audience"]


def test_tall_layers_wrap_into_sub_columns() -> None:
    lines = [
        "format: adflows/1",
        "id: wide",
        "title: Wide",
        "summary: Many sensors.",
        "parties: [{id: p, name: P, kind: other, assumption: test}]",
        "data: [{id: d, name: D, kind: identifier, assumption: test}]",
        "nodes:",
        "  - {id: phone, name: Phone, kind: device, party: p, assumption: test}",
    ]
    count = MAX_COLUMN * 2 + 1
    lines += [f"  - {{id: s{i}, name: S{i}, kind: sensor, party: p, assumption: test}}" for i in range(count)]
    lines += ["flows:"] + [
        f"  - {{id: f{i}, source: phone, target: s{i}, data: [d], assumption: test}}" for i in range(count)
    ]
    positions = compute_layout(flows.load_model("\n".join(lines)))
    xs = {positions[f"s{i}"][0] for i in range(count)}
    assert len(xs) == 3
    assert min(xs) == COLUMN_GAP
