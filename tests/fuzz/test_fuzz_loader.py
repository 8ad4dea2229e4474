"""Fuzz the input half: any text or bytes gives a Model or a clean, located ModelError.

Never another exception, never a traceback: that is the promise the CLI and the web app rely on.
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from flows import Limits, ModelError, load_model
from flows.input._yaml_builder import _Builder
from flows.input.yamldoc import RawDocument, load_yaml
from tests.fuzz import fuzz_settings
from tests.fuzz.checks import FILENAME, check_error, load_or_error
from tests.fuzz.strategies import (
    dump_model,
    mutated_model_texts,
    valid_model_dicts,
    yamlish_bytes,
    yamlish_texts,
)

TIGHT = Limits(max_bytes=4_000, max_depth=6, max_aliases=3, max_values=300)


@fuzz_settings(300)
@given(yamlish_texts)
def test_yamlish_text_loads_or_fails_cleanly(text: str) -> None:
    load_or_error(text)


@fuzz_settings(100)
@given(mutated_model_texts())
def test_mutated_models_load_or_fail_cleanly(text: str) -> None:
    load_or_error(text)


@fuzz_settings(100)
@given(yamlish_bytes())
def test_uploaded_bytes_load_or_fail_cleanly(data: bytes) -> None:
    load_or_error(data)


@fuzz_settings(100)
@given(st.one_of(yamlish_texts, mutated_model_texts()))
def test_tight_limits_fail_cleanly(text: str) -> None:
    load_or_error(text, limits=TIGHT)


@fuzz_settings(120)
@given(st.one_of(yamlish_texts, mutated_model_texts()), st.booleans())
def test_load_yaml_alone(text: str, keep_going: bool) -> None:
    try:
        doc = load_yaml(text, FILENAME, keep_going=keep_going)
    except ModelError as exc:
        check_error(exc, text)
        return
    assert isinstance(doc, RawDocument)
    assert keep_going or not doc.problems
    for span in (*doc.spans.values(), *doc.key_spans.values()):
        assert span.line >= 1 and span.col >= 1
    if doc.problems:
        check_error(ModelError(doc.problems), text)


@fuzz_settings(120)
@given(st.one_of(yamlish_texts, mutated_model_texts(), valid_model_dicts().map(dump_model)))
def test_first_pass_reads_what_the_full_pass_reads(text: str) -> None:
    """The first pass takes short ways (no spans below the sections, a fast path for plain scalars);
    a full pass records every position and takes none. Both must give the same data and problems."""
    full = RawDocument(data=None, filename=FILENAME)  # nothing to re-read from: the full pass
    builder = _Builder(full, Limits(), text, text)
    try:
        if not builder.run():
            return  # an empty file: only load_yaml words that
        full_result = (repr(full.data), builder.problems)
    except ModelError as exc:
        full_result = (None, exc.problems)
    try:
        doc = load_yaml(text, FILENAME, keep_going=True)
        first_result = (repr(doc.data), doc.problems)
    except ModelError as exc:
        first_result = (None, exc.problems)
    assert first_result == full_result


@fuzz_settings(100)
@given(valid_model_dicts())
def test_valid_models_load(data: dict) -> None:
    """Models built to obey every rule load, and keep their elements in order."""
    model = load_model(dump_model(data), filename=FILENAME)
    assert [n.id for n in model.nodes] == [n["id"] for n in data["nodes"]]
    assert [f.id for f in model.flows] == [f["id"] for f in data["flows"]]
