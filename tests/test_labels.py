"""Label text for the drawing: the abbreviation rule, wrapping, cleaning and measuring."""

from __future__ import annotations

from flows.view.labels import abbreviate, box_size, clean, edge_lines, text_width, wrap


def test_abbreviation_drops_asides_then_cuts_at_a_word_without_a_dangling_word() -> None:
    assert abbreviate("Hashed MAC address (SHA-256)") == "Hashed MAC address"
    assert abbreviate("Repeat visits and visits to other branches") == "Repeat visits…"
    assert abbreviate("Phone sighting at a capture point") == "Phone sighting…"
    assert abbreviate("Short name") == "Short name"
    assert len(abbreviate("W" * 300)) <= 20


def test_clean_removes_control_characters_and_joins_lines() -> None:
    assert clean("a\x00b\x1bc\nd\t e\u200b") == "abc d e"


def test_wrap_is_bounded_and_marks_what_it_cut() -> None:
    lines = wrap("one two three four five six seven eight nine ten eleven", 2, 11)
    assert len(lines) == 2 and lines[-1].endswith("…") and all(len(line) <= 11 for line in lines)
    assert all(len(line) <= 15 for line in wrap("x" * 100, 4, 11))  # longer words are broken at 15
    assert wrap("The advertiser's ad account", 4, 11) == ["The", "advertiser's", "ad account"]


def test_edge_lines_keep_whole_names_then_count_the_rest() -> None:
    lines = edge_lines(["Advertising ID", "Location", "Store visit", "Spending", "Age", "Gender"], 3, 11)
    assert len(lines) <= 3 and lines[-1].endswith("more")
    assert edge_lines(["Age", "Gender"], 3, 11) == ["Age, Gender"]


def test_widths_grow_with_text_and_unknown_characters_count_as_wide() -> None:
    assert text_width("iiii") < text_width("WWWW")
    assert text_width("漢") == 14.0
    width, height = box_size(["abc", "abcdef"], 10, 6)
    assert width == round(text_width("abcdef") + 20, 1) and height == 2 * 18 + 12
