"""Fuzz the output half: every valid model, however hostile its text, renders an inert page.

The page, with and without its analysis panels, must hold exactly the <script> elements a clean page
has, no model text may appear raw in it (the view JSON escapes `<` as \\u003c), and the embedded JSON
must parse back to the very view it came from.
"""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from flows import load_model
from tests.fuzz import fuzz_settings
from tests.fuzz.checks import FILENAME, check_page, clean_page, clean_scripts
from tests.fuzz.strategies import HOSTILE_STRINGS, RAW_MARKERS, dump_model, free_text, valid_model_dicts

# JSON-ready values full of hostile text, as later stages (findings, journeys) pass in `extra`.
json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**53), 2**53) | free_text,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(free_text, inner, max_size=3),
    max_leaves=12,
)


def test_the_markers_would_be_caught() -> None:
    """The raw-marker check has teeth: every hostile string carries one, none is in a clean page."""
    assert all(any(m.lower() in h.lower() for m in RAW_MARKERS) for h in HOSTILE_STRINGS[:6])
    assert not any(m.lower() in clean_page() for m in RAW_MARKERS)
    assert clean_scripts() >= 2  # the view data and at least one bundled script


@fuzz_settings(40)
@given(valid_model_dicts())
def test_valid_models_render_inert_pages(data: dict[str, Any]) -> None:
    check_page(load_model(dump_model(data), filename=FILENAME))


@fuzz_settings(25)
@given(
    valid_model_dicts(max_items=2), st.dictionaries(st.sampled_from(["findings", "journeys"]), json_values)
)
def test_extra_sections_render_inert_pages(data: dict[str, Any], extra: dict[str, Any]) -> None:
    check_page(load_model(dump_model(data), filename=FILENAME), extra=extra)
