"""The view data every renderer shares, locked by golden files."""

import json
from pathlib import Path
from typing import Any

import flows
from flows.view.elements import EVIDENCE_DASHES, KIND_STYLES
from flows.view.graph_view import to_view

ROOT = Path(__file__).parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "tiny-store.yaml"


def without_positions(view: dict[str, Any]) -> dict[str, Any]:
    """The view with the drawing's coordinates left out: they come from Graphviz, whose versions place
    things a pixel apart; what adflows decides (label lines, box sizes, which flows have labels) stays."""
    drawing = view["drawing"]
    kept = {
        "nodes": {k: {"w": n["w"], "h": n["h"], "lines": n["lines"]} for k, n in drawing["nodes"].items()},
        "edges": {
            k: e["label"] and {"w": e["label"]["w"], "h": e["label"]["h"], "lines": e["label"]["lines"]}
            for k, e in drawing["edges"].items()
        },
        "font_px": drawing["font_px"],
    }
    return {**view, "drawing": kept}


def test_view_of_the_fixture_matches_its_golden(golden) -> None:
    view = to_view(flows.load_model(FIXTURE, filename="tiny-store.yaml"))
    golden("tiny-store-view.json", without_positions(view))


def test_view_of_the_cosmose_model_matches_its_golden(golden) -> None:
    path = ROOT / "models" / "cosmose-omnicookie.yaml"
    view = to_view(flows.load_model(path, filename="models/cosmose-omnicookie.yaml"))
    golden("cosmose-view.json", without_positions(view))


def test_every_kind_has_a_distinct_shape_or_colour_pair() -> None:
    pairs = {(s["color"], s["shape"]) for s in KIND_STYLES.values()}
    assert len(pairs) == len(KIND_STYLES)


def test_every_evidence_level_has_a_line_style() -> None:
    view = to_view(flows.load_model(FIXTURE))
    levels = {e["evidence"] for e in view["edges"]} | {n["evidence"] for n in view["nodes"]}
    assert levels <= set(EVIDENCE_DASHES)
    assert [e["level"] for e in view["legend"]["evidence"]][-1] == "unsourced"


def test_long_edge_labels_are_shortened_but_tooltips_keep_every_item() -> None:
    extra = (
        "  - {id: extra, name: A rather long name for a data item, kind: attribute, assumption: t}\n"
        "  - {id: extra2, name: Another long name for a data item, kind: attribute, assumption: t}\n"
    )
    text = FIXTURE.read_text().replace("flows:\n", extra + "flows:\n", 1)
    text = text.replace("data: [mac], notice: none", "data: [mac, extra, extra2], notice: none")
    view = to_view(flows.load_model(text))
    probe = next(e for e in view["edges"] if e["id"] == "probe")
    assert probe["label"] == "Wi-Fi MAC address +2 more"
    assert "Another long name for a data item" in probe["title"]


def test_each_evidence_level_has_its_own_line_style_and_words() -> None:
    from flows.input.kinds import EVIDENCE_LABELS

    entries = to_view(flows.load_model(FIXTURE))["legend"]["evidence"]
    assert [e["level"] for e in entries if e["level"] in EVIDENCE_LABELS] == list(EVIDENCE_LABELS)
    assert len(entries) == len(EVIDENCE_LABELS) + 1  # and unsourced
    assert len({json.dumps(e["dashes"]) for e in entries}) == len(entries)
    assert len({e["style"] for e in entries}) == len(entries)
    assert all(e["label"] and e["style"] for e in entries)


def test_kinds_name_their_shape_in_plain_words() -> None:
    kinds = to_view(flows.load_model(FIXTURE))["legend"]["kinds"]
    assert {k["shape_name"] for k in kinds} >= {"star", "triangle pointing down", "cylinder"}
    assert all(k["shape_name"].replace(" ", "").isalpha() and k["shape_name"].islower() for k in kinds)
