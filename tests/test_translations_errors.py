"""Every mistake in `translations:` is a located error (file:line:col) with a useful hint, and hostile
translations (deep nesting, huge texts, wrong types, a flood of unknown ids) fail fast and bounded."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from flows.input.errors import ModelError
from flows.input.load import load_model
from flows.input.problem_cap import MAX_PROBLEMS
from flows.input.yamldoc import Limits

ROOT = Path(__file__).parent.parent
BASE = (ROOT / "tests" / "fixtures" / "tiny-store.yaml").read_text(encoding="utf-8")
NAME = "t.yaml"


def errors(block: str, head: str = "") -> list[str]:
    """The formatted problems of the tiny store with `head` added at the top and `block` at the end."""
    text = head + BASE + block
    with pytest.raises(ModelError) as caught:
        load_model(text, filename=NAME)
    return caught.value.format().splitlines()


def at(block: str, needle: str, head: str = "") -> str:
    """`t.yaml:LINE:COL` of the first `needle` in the block (1-based, as the errors give it)."""
    text = head + BASE + block
    offset = text.index(needle, len(head + BASE))
    line = text.count("\n", 0, offset) + 1
    col = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return f"{NAME}:{line}:{col}"


def test_language_code_of_the_wrong_shape_is_located_at_the_key_with_a_suggestion() -> None:
    block = "translations:\n  DE:\n    title: Kleiner Laden\n"
    [line] = errors(block)
    assert line.startswith(f"{at(block, 'DE:')}: error: translations: language code 'DE' has the wrong form")
    assert "did you mean 'de'?" in line


def test_a_code_with_a_trailing_line_break_is_refused() -> None:
    [line] = errors('translations:\n  "de\\n": {title: x}\n')
    assert "language code 'de\\n' has the wrong form" in line


def test_a_code_that_no_case_change_mends_gets_the_shape_as_hint() -> None:
    block = "translations:\n  german:\n    title: Kleiner Laden\n"
    [line] = errors(block)
    assert line.startswith(f"{at(block, 'german:')}: error: translations: language code 'german'")
    assert "write it like de, fr or pt-BR" in line


def test_the_model_language_itself_of_the_wrong_shape() -> None:
    head = "language: English\n"
    [line] = errors("", head=head)
    assert line.startswith(f"{NAME}:1:11: error: model: language 'English' has the wrong form")
    assert "such as en, de, fr, ar or pt-BR" in line


def test_a_translation_into_the_models_own_language_is_an_error() -> None:
    head = "language: de\n"
    block = "translations:\n  de:\n    title: Kleiner Laden\n"
    [line] = errors(block, head=head)
    assert line.startswith(f"{at(block, 'de:', head)}: error: translations: 'de' is the model's own language")
    # without `language:` the model is in English, so the same block is fine
    assert load_model(BASE + block).translations[0].language == "de"


def test_unknown_element_id_with_did_you_mean() -> None:
    block = "translations:\n  de:\n    nodes:\n      sensr: {name: Sensor}\n"
    [line] = errors(block)
    assert line == (
        f"{at(block, 'sensr')}: error: translation 'de': unknown node 'sensr' (did you mean 'sensor'?)"
    )


def test_unknown_id_in_every_section_is_found() -> None:
    block = "translations:\n  fr:\n" + "".join(
        f"    {section}:\n      nope-{section}: {{{field}: x}}\n"
        for section, field in [
            ("parties", "name"),
            ("nodes", "name"),
            ("data", "name"),
            ("flows", "purpose"),
            ("audiences", "name"),
            ("controls", "name"),
            ("accounts", "title"),
            ("claims", "note"),
            ("sources", "note"),
        ]
    )
    lines = errors(block)
    assert len(lines) == 9
    for line, word in zip(
        lines,
        ["party", "node", "data item", "flow", "audience", "control", "account", "claim", "source"],
        strict=True,
    ):
        assert f": unknown {word} 'nope-" in line, line


def test_a_field_that_is_not_translatable_is_named_so() -> None:
    block = "translations:\n  de:\n    nodes:\n      sensor: {name: Sensor, kind: place}\n"
    [line] = errors(block)
    assert line == (
        f"{at(block, 'kind')}: error: translation 'de', node 'sensor': 'kind' is not translatable "
        "(translate only: assumption, description, name)"
    )


def test_a_misspelt_field_gets_did_you_mean() -> None:
    block = "translations:\n  de:\n    flows:\n      probe: {purpos: Werbung}\n"
    [line] = errors(block)
    assert line == (
        f"{at(block, 'purpos')}: error: translation 'de', flow 'probe': unknown key 'purpos' "
        "(did you mean 'purpose'?)"
    )


def test_a_misspelt_section_gets_did_you_mean() -> None:
    block = "translations:\n  de:\n    nodez:\n      sensor: {name: Sensor}\n"
    [line] = errors(block)
    assert line.startswith(f"{at(block, 'nodez')}: error: translation 'de': unknown key 'nodez'")
    assert "did you mean 'nodes'?" in line


def test_a_quote_and_a_source_title_stay_as_published() -> None:
    block = "translations:\n  de:\n    sources:\n      invented: {title: Erfunden}\n"
    [line] = errors(block)
    assert line.startswith(f"{at(block, 'title: Erfunden')}: error: translation 'de', source 'invented':")
    assert "'title' is not translatable (translate only: note)" in line


def test_a_text_for_a_field_the_original_leaves_empty() -> None:
    block = (
        "translations:\n  de:\n    description: Ein Laden\n"
        "    nodes:\n      phone: {description: Ein Telefon}\n"
    )
    lines = errors(block)
    assert lines == [
        f"{at(block, 'description: Ein Laden')}: error: translation 'de': description is translated, "
        "but the original has none (write the original description first, or remove this one)",
        f"{at(block, 'description: Ein Telefon')}: error: translation 'de', node 'phone': description is "
        "translated, but the original has none (write the original description first, or remove this one)",
    ]


def test_more_story_steps_than_the_story_has() -> None:
    block = (
        "translations:\n  de:\n    story:\n      - {title: Hinein}\n      - {title: Die Anzeige}\n"
        "      - {title: Zu viel}\n"
    )
    [line] = errors(block)
    assert line.startswith(
        f"{at(block, '{title: Zu viel}')}: error: translation 'de': 3 story steps, but the story has 2"
    )


def test_wrong_types_are_located_schema_errors() -> None:
    block = (
        "translations:\n  de:\n    title: [Kleiner, Laden]\n    nodes:\n      phone: Telefon\n"
        "    story: {title: Hinein}\n  fr: 5\n"
    )
    lines = errors(block)
    assert f"{at(block, '[Kleiner')}: error: translation 'de': title must be text, not a list" in lines[0]
    assert any(
        line.startswith(f"{at(block, 'Telefon')}: error: translation 'de', node 'phone'") for line in lines
    )
    assert any(
        line.startswith(f"{at(block, '{title: Hinein}')}: error:") and "a list" in line for line in lines
    )
    assert any(line.startswith(f"{at(block, '5')}: error:") and "mapping" in line for line in lines)


def test_a_name_too_long_for_its_field_is_refused_as_in_the_original() -> None:
    block = "translations:\n  de:\n    nodes:\n      phone: {name: " + "x" * 301 + "}\n"
    [line] = errors(block)
    assert line.startswith(
        f"{at(block, 'xxx')}: error: translation 'de', node 'phone': name is longer than 300 characters"
    )


# ---- hostile translations: fast, bounded, located ------------------------------------------------


def _timed_errors(text: str, limits: Limits | None = None) -> tuple[ModelError, float]:
    start = time.perf_counter()
    with pytest.raises(ModelError) as caught:
        load_model(text, filename=NAME, limits=limits)
    return caught.value, time.perf_counter() - start


def test_deep_nesting_inside_a_translation_is_refused_without_recursion() -> None:
    deep = "translations:\n  de:\n    title: " + "[" * 5000 + "]" * 5000 + "\n"
    error, seconds = _timed_errors(BASE + deep)
    assert seconds < 5
    assert all(p.file == NAME and p.line >= 1 for p in error.problems)
    assert "nest" in error.format().lower()


def test_a_huge_translated_text_is_refused_at_its_place() -> None:
    huge = "translations:\n  de:\n    summary: " + "x" * 30_000 + "\n"
    error, seconds = _timed_errors(BASE + huge)
    assert seconds < 5
    [problem] = error.problems
    assert problem.message == "translation 'de': summary is longer than 20,000 characters"
    assert (problem.line, problem.col) == (BASE.count("\n") + 3, 14)


def test_a_flood_of_unknown_ids_gives_a_capped_answer() -> None:
    ids = "".join(f"      n{i}: {{name: x}}\n" for i in range(20_000))
    error, seconds = _timed_errors(BASE + "translations:\n  de:\n    nodes:\n" + ids)
    assert seconds < 10
    assert len(error.problems) == MAX_PROBLEMS
    assert error.count == 20_000
    assert "more problems not shown" in error.format()


def test_a_flood_of_languages_gives_a_capped_answer() -> None:
    langs = "".join(f"  X{i}: {{title: x}}\n" for i in range(5_000))
    error, seconds = _timed_errors(BASE + "translations:\n" + langs)
    assert seconds < 10
    assert len(error.problems) == MAX_PROBLEMS and error.count == 5_000


@pytest.mark.parametrize(
    "block",
    [
        "translations: [de, fr]\n",
        "translations: de\n",
        "translations:\n  de: null\n",
        "translations:\n  de: [title]\n",
        "translations:\n  5: {title: x}\n",
        "translations:\n  de:\n    nodes: [phone]\n",
        "translations:\n  de:\n    nodes:\n      phone: {name: {nested: {deeper: x}}}\n",
        "translations:\n  de:\n    story: [[], 5, null]\n",
        "translations:\n  de:\n    story:\n      - {title: true}\n",
        "translations:\n  de: &a\n    title: x\n  fr: *a\n  ar: {<<: *a, nodes: {nope: {name: y}}}\n",
        'translations:\n  de:\n    title: "nul\\0byte"\n',
    ],
)
def test_wrong_shapes_fail_cleanly_and_located(block: str) -> None:
    error, seconds = _timed_errors(BASE + block, Limits(max_depth=40, max_aliases=200, max_values=200_000))
    assert seconds < 5
    last = (BASE + block).count("\n") + 1
    for problem in error.problems:
        assert problem.file == NAME and 1 <= problem.line <= last and problem.col >= 1, problem
        assert "\n" not in problem.format()


def test_an_alias_shared_by_two_languages_is_valid() -> None:
    model = load_model(BASE + "translations:\n  de: &a\n    title: Laden\n  fr: *a\n")
    assert [t.language for t in model.translations] == ["de", "fr"]
