"""The picture's colours for readers with a colour-vision deficiency: colour never carries meaning alone.

Every pair of kinds whose colours a reader with protanopia, deuteranopia or tritanopia (or typical
vision) can hardly tell apart is drawn with different shapes; every legend entry says what it means in
words and by a shape or a line style, not by colour alone. See docs/accessibility.md.
"""

from __future__ import annotations

from itertools import combinations

import pytest

from flows.view.elements import KIND_STYLES
from flows.view.graph_view import legend
from tests.colour_vision import DEFICIENCIES, difference

# Below this CIE76 Delta E two small marks are treated as "the same colour" for the reader: the
# identical pairs (app and SDK, data set and ad) score 0; the closest different ones score about 15-18.
CONFUSABLE = 15.0
VISIONS = [None, *DEFICIENCIES]


def confusable_pairs(vision: str | None) -> list[tuple[str, str, float]]:
    return [
        (a, b, d)
        for a, b in combinations(KIND_STYLES, 2)
        if (d := difference(KIND_STYLES[a]["color"], KIND_STYLES[b]["color"], vision)) < CONFUSABLE
    ]


@pytest.mark.parametrize("vision", VISIONS, ids=lambda v: v or "typical")
def test_kinds_a_reader_cannot_tell_apart_by_colour_differ_in_shape(vision: str | None) -> None:
    same_shape = [
        f"{a} and {b} (Delta E {d:.1f}) are both {KIND_STYLES[a]['shape']}"
        for a, b, d in confusable_pairs(vision)
        if KIND_STYLES[a]["shape"] == KIND_STYLES[b]["shape"]
    ]
    assert not same_shape, f"{vision or 'typical vision'}: " + "; ".join(same_shape)


def test_kinds_that_share_a_colour_are_found_and_differ_in_shape() -> None:
    """Not blind: the palette has kinds sharing a colour, and the check sees them under every vision."""
    for vision in VISIONS:
        pairs = {(a, b) for a, b, _ in confusable_pairs(vision)}
        assert {("app", "sdk"), ("dataset", "ad")} <= pairs


def test_the_simulation_merges_what_colour_blind_readers_confuse() -> None:
    """Red and green, orange and vermillion come far closer for a deuteranope; greys stay put."""
    assert difference("#FF0000", "#00FF00", "deuteranopia") < difference("#FF0000", "#00FF00") / 4
    assert difference("#E69F00", "#D55E00", "deuteranopia") < difference("#E69F00", "#D55E00")
    for deficiency in DEFICIENCIES:
        assert difference("#777777", "#777777", deficiency) == 0
        assert difference("#000000", "#FFFFFF", deficiency) > 99


def test_every_legend_entry_says_more_than_a_colour() -> None:
    entries = legend()
    shapes = [k["shape"] for k in entries["kinds"]]
    for kind in entries["kinds"]:
        assert kind["label"].strip() and kind["shape_name"].strip(), kind
    # Kinds drawn alike (same shape) must be told apart by a colour no reader confuses.
    for a, b in combinations(entries["kinds"], 2):
        if a["shape"] == b["shape"]:
            worst = min(difference(a["color"], b["color"], v) for v in VISIONS)
            assert worst >= CONFUSABLE, f"{a['kind']} and {b['kind']}: same shape, Delta E {worst:.1f}"
    assert len(set(shapes)) >= len(shapes) - 1  # one shape shared at most (person and ad: both stars)
    # Evidence levels are told apart by line style alone (the lines are all one colour).
    styles = [(str(e["dashes"]), e["style"]) for e in entries["evidence"]]
    assert len(set(styles)) == len(styles)
    assert all(e["label"].strip() and e["style"].strip() for e in entries["evidence"])
