"""The fast paths of validate and resolve build exactly what the slow, obvious ones would.

`schema.plain_validator()` must accept what `ModelDoc` accepts and give what `model_dump()` gives;
`model.resolve` must build each element as its dataclass constructor would; `references._all_known` may
only say "nothing to report" when the exact reference check would report nothing.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from pydantic import ValidationError

from flows.input import model, schema
from flows.input.errors import ModelError
from flows.input.load import load_model
from flows.input.references import _all_known
from flows.input.validate import validate
from flows.input.yamldoc import load_yaml
from tests.fuzz import fuzz_settings
from tests.fuzz.strategies import mutated_model_texts, valid_model_dicts

ROOT = Path(__file__).resolve().parent.parent
MODELS = sorted(ROOT.glob("models/*.yaml")) + sorted((ROOT / "tests" / "fixtures").glob("*.yaml"))
BROKEN = sorted((ROOT / "tests" / "fixtures" / "broken").glob("*"))


def _both(data: Any) -> tuple[Any, Any]:
    """(plain validator's result or None, ModelDoc's dump or None) for the same input."""
    try:
        plain = schema.plain_validator().validate_python(data)
    except ValidationError:
        plain = None
    try:
        typed = schema.ModelDoc.model_validate(data).model_dump()
    except ValidationError:
        typed = None
    return plain, typed


def _same(data: Any) -> None:
    """What the plain validator accepts, ModelDoc accepts with the same result (key order too: resolve
    copies these dicts into the elements). It may refuse more (ids padded with spaces): validate then
    asks ModelDoc."""
    plain, typed = _both(data)
    if plain is not None:
        assert repr(plain) == repr(typed)
    if typed is None:
        assert plain is None


def test_padded_ids_are_stripped_as_before() -> None:
    text = (ROOT / "tests" / "fixtures" / "tiny-store.yaml").read_text()
    padded = text.replace("\nid: tiny-store\n", "\nid: '  tiny-store '\n", 1)
    assert padded != text
    plain, typed = _both(load_yaml(padded, "padded.yaml", keep_going=True).data)
    assert plain is None and typed is not None and typed["id"] == "tiny-store"
    checked = validate(load_yaml(padded, "padded.yaml", keep_going=True))
    assert repr(checked) == repr(typed)


@pytest.mark.parametrize("path", MODELS + BROKEN, ids=lambda p: p.name)
def test_plain_validator_agrees_with_model_doc_on_files(path: Path) -> None:
    try:
        raw = load_yaml(path.read_bytes(), path.name, keep_going=True)
    except ModelError:  # a file the YAML stage refuses never reaches validation
        return
    _same(raw.data)


@fuzz_settings(100)
@given(valid_model_dicts())
def test_plain_validator_agrees_with_model_doc_on_valid_models(data: dict[str, Any]) -> None:
    _same(data)


@fuzz_settings(100)
@given(mutated_model_texts())
def test_plain_validator_agrees_with_model_doc_on_broken_models(text: str) -> None:
    try:
        raw = load_yaml(text, "fuzz.yaml", keep_going=True)
    except ModelError:
        return
    _same(raw.data)


@pytest.mark.parametrize("path", MODELS, ids=lambda p: p.name)
def test_elements_are_what_their_constructor_builds(path: Path) -> None:
    model = load_model(path)
    for section in ("parties", "nodes", "data", "flows", "audiences"):
        for element in getattr(model, section):
            fields = dataclasses.fields(element)
            names = [f.name for f in fields]
            assert sorted(vars(element)) == sorted(names)
            rebuilt = type(element)(**{name: getattr(element, name) for name in names})
            assert rebuilt == element and repr(rebuilt) == repr(element)
            for f in fields:
                if str(f.type).startswith("tuple"):
                    assert isinstance(getattr(element, f.name), tuple), f.name


def test_element_classes_have_nothing_for_init_to_run() -> None:
    """resolve skips `__init__` for these: a `__post_init__` or a custom `__init__` would be skipped."""
    for cls in (model.Party, model.Node, model.DataItem, model.Flow, model.Audience):
        assert not hasattr(cls, "__post_init__")
        assert cls.__init__.__code__.co_filename == "<string>"  # the one dataclasses generates
        assert set(model._TUPLE_FIELDS[cls]) <= {f.name for f in dataclasses.fields(cls)}


IDS = {"a", "b", ""}


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (["a", "b", None], True),
        ([["a"], [], None, ["b", ""]], True),
        (["a", "c"], False),
        ([["a", "c"]], False),
        (["a", ["b"]], False),  # a mix goes the exact way
        ([5], False),
        ([[{"x": 1}]], False),  # unhashable
        ([["a", ["b"]]], False),
        ([True], False),
        (["a", "b"], True),
        ([None, None], True),
        ([["a", None]], True),  # the exact check skips a null item too
        (["ab"], False),  # not read as the ids 'a' and 'b'
        ([["ab"]], False),
        ([{"x": 1}], False),
        ([["a"], "b"], False),
    ],
)
def test_all_known_only_says_yes_when_nothing_is_missing(values: list[Any], expected: bool) -> None:
    items = [(i, {"ref": value} if value is not None else {}) for i, value in enumerate(values)]
    assert _all_known(items, "ref", IDS) is expected
