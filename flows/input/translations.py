"""Translations of a model's text: their checks, the translated Model, and what is left untranslated.

`translation_problems` runs inside `validate` (after the schema check, like the reference checks) and
finds what the schema cannot: a language code of the wrong shape or the model's own language, an
element id the model does not have (with a "did you mean"), a text for a field the original leaves
empty, more story steps than the story. `translated` gives the Model a page view is built from
(texts replaced, ids unchanged, so labels, layout and findings all read the translated text), and
`missing_translations` is what `adflows check --strict` reports for each declared language.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from pydantic import BaseModel

from flows.input.errors import KeyPath, ModelError, Problem, did_you_mean, quote
from flows.input.model import Model
from flows.input.problem_cap import MAX_PROBLEMS, take_problems
from flows.input.references import SECTIONS, element_name
from flows.input.translation_schema import LANGUAGE_PATTERN, TEXT_CLASSES, TranslationDoc
from flows.input.translation_texts import MODEL, RTL_LANGUAGES, STORY, TextKey, is_rtl, text_fields
from flows.input.yamldoc import RawDocument, Span

__all__ = [
    "RTL_LANGUAGES",
    "UnknownLanguageError",
    "available_languages",
    "extra_key_problem",
    "is_rtl",
    "missing_translations",
    "translated",
    "translation_class",
    "translation_problems",
    "unknown_language",
]
_LANGUAGE = re.compile(LANGUAGE_PATTERN)
# Sections of a translation keyed by element id (the story is a list, by position).
_BY_ID = tuple(section for section in TEXT_CLASSES if section != STORY)


class UnknownLanguageError(ValueError):
    """A language the model has no text in; `available` lists those it has, the original first."""

    def __init__(self, code: str, available: list[str]) -> None:
        self.code, self.available = code, available
        super().__init__(f"the model has no translation into {quote(code)}; it has: {', '.join(available)}")


def unknown_language(model: Model, error: UnknownLanguageError) -> ModelError:
    """The located error a command reports for a language the model lacks: at its `translations:`
    (the first language's key), or at the top of the file when it has none."""
    span = model.translations[0].span if model.translations else Span(1, 1)
    choices = ", ".join(error.available)
    hint = did_you_mean(error.code, error.available) or f"use one of: {choices}"
    message = f"the model has no translation into {quote(error.code)}; its languages: {choices}"
    return ModelError([Problem(model.filename, span.line, span.col, message, ("translations",), hint)])


def available_languages(model: Model) -> list[str]:
    """The model's languages: the original first, then its translations in the file's order."""
    return [model.language, *(t.language for t in model.translations)]


def translation_class(path: KeyPath) -> type[BaseModel] | None:
    """The pydantic class whose keys live at `path` inside `translations:` (for "allowed keys" hints)."""
    if len(path) == 2:
        return TranslationDoc
    if len(path) == 4 and str(path[2]) in TEXT_CLASSES:
        return TEXT_CLASSES[str(path[2])]
    return None


def extra_key_problem(doc: RawDocument, path: KeyPath, owner: str) -> Problem:
    """An unknown key inside a translation: a field the element has but which is not prose (a node's
    `kind`) is named as not translatable; anything else gets a "did you mean"."""
    field, cls = str(path[-1]), translation_class(path[:-1])
    allowed = sorted(cls.model_fields) if cls else []
    own = SECTIONS[str(path[2])][1] if len(path) == 5 and str(path[2]) in SECTIONS else None
    if own is not None and field in own.model_fields:
        message = f"{owner}: {quote(field)} is not translatable"
        return doc.problem(path, message, key=True, hint=f"translate only: {', '.join(allowed)}")
    hint = did_you_mean(field, allowed) or f"allowed keys: {', '.join(allowed)}"
    return doc.problem(path, f"{owner}: unknown key {quote(field)}", key=True, hint=hint)


def translation_problems(doc: RawDocument) -> Iterator[Problem]:
    """Everything wrong with `translations:` that the schema does not see, each located."""
    data = doc.data
    block = data.get("translations")
    if not isinstance(block, dict) or not block:
        return
    own = data.get("language", "en")
    ids = {section: _ids(data.get(section)) for section in _BY_ID}
    hints = [MAX_PROBLEMS]  # did-you-mean searches left: only for the problems that will be shown
    for code, entry in block.items():
        path: KeyPath = ("translations", code)
        if not isinstance(code, str) or not _LANGUAGE.fullmatch(code):
            lower = str(code).lower()
            hint = "write it like de, fr or pt-BR"
            if _LANGUAGE.fullmatch(lower):
                hint = f"did you mean {quote(lower)}?"
            yield doc.problem(
                path, f"translations: language code {quote(code)} has the wrong form", key=True, hint=hint
            )
        elif code == own:
            yield doc.problem(
                path,
                f"translations: {quote(code)} is the model's own language",
                key=True,
                hint="the original text is already in it; remove this block or change 'language:'",
            )
        if isinstance(entry, dict):
            yield from _entry_problems(doc, path, entry, ids, hints)


def _entry_problems(
    doc: RawDocument, path: KeyPath, entry: dict[Any, Any], ids: dict[str, dict[str, int]], hints: list[int]
) -> Iterator[Problem]:
    data = doc.data
    yield from _empty_originals(doc, (*path,), entry, data, MODEL)
    for section in _BY_ID:
        texts = entry.get(section)
        if not isinstance(texts, dict):
            continue
        known, word = ids[section], SECTIONS[section][0]
        for key, fields in texts.items():
            here = (*path, section, key)
            if key not in known:
                hint = did_you_mean(str(key), list(known)) if hints[0] > 0 else None
                hints[0] -= 1
                owner = element_name(data, path)
                yield doc.problem(here, f"{owner}: unknown {word} {quote(key)}", key=True, hint=hint)
            elif isinstance(fields, dict):
                yield from _empty_originals(doc, here, fields, data[section][known[key]], section)
    story, original = entry.get(STORY), data.get(STORY)
    if isinstance(story, list):
        steps = original if isinstance(original, list) else []
        if len(story) > len(steps):
            yield doc.problem(
                (*path, STORY, len(steps)),
                f"{element_name(data, path)}: {len(story)} story steps, but the story has {len(steps)}",
                hint="translate the steps in the order of 'story:', one entry per step",
            )
        for i, (fields, step) in enumerate(zip(story, steps, strict=False)):
            if isinstance(fields, dict):
                yield from _empty_originals(doc, (*path, STORY, i), fields, step, STORY)


def _empty_originals(
    doc: RawDocument, path: KeyPath, fields: dict[Any, Any], original: Any, section: str
) -> Iterator[Problem]:
    """A translated text for a field that the original leaves empty: the page has nowhere to show it."""
    if not isinstance(original, dict):
        return
    for field in text_fields(section):
        if _has_text(fields.get(field)) and not _has_text(original.get(field)):
            yield doc.problem(
                (*path, field),
                f"{element_name(doc.data, path)}: {field} is translated, but the original has none",
                key=True,
                hint=f"write the original {field} first, or remove this one",
            )


def _has_text(value: Any) -> bool:
    """Whether a value holds text once stripped (the schema strips it); a wrong type is the schema's."""
    if isinstance(value, str):
        return bool(value.strip())
    return value is not None


def _ids(items: Any) -> dict[str, int]:
    """A section's text ids and their positions (the first, for a duplicate the references report)."""
    found: dict[str, int] = {}
    for i, item in enumerate(items if isinstance(items, list) else ()):
        if isinstance(item, dict) and isinstance(item.get("id"), str):
            found.setdefault(item["id"], i)
    return found


def translated(model: Model, code: str) -> tuple[Model, tuple[str, ...]]:
    """The model with its texts in `code`, and the distinct original texts left untranslated.

    A copy (`dataclasses.replace`) with the same ids, kinds and references: only prose changes. A text
    the translation leaves out keeps the original, and is listed once in the second value, in the
    model's order, so the page can mark it. `code` equal to the model's language gives it unchanged.
    Raises `UnknownLanguageError` for a language the model has no translation into.
    """
    if model.text_language is not None:
        raise ValueError("translate the original model, not a translated copy of it")
    if code == model.language:
        return model, ()
    translation = next((t for t in model.translations if t.language == code), None)
    if translation is None:
        raise UnknownLanguageError(code, available_languages(model))
    texts = translation.by_key
    fallback: dict[str, None] = {}

    def texts_of(section: str, key: str | int, element: Any) -> dict[str, Any]:
        changes = {}
        for field in text_fields(section):
            original = getattr(element, field)
            if original:
                text = texts.get((section, key, field))
                if text is None:
                    fallback.setdefault(original)
                else:
                    changes[field] = text
        return changes

    def section(name: str) -> tuple[Any, ...]:
        elements = getattr(model, name)
        changed = []
        for i, element in enumerate(elements):
            changes = texts_of(name, i if name == STORY else element.id, element)
            changed.append(replace(element, **changes) if changes else element)
        return tuple(changed)

    changes: dict[str, Any] = texts_of(MODEL, "", model)
    changes.update({name: section(name) for name in TEXT_CLASSES}, text_language=code)
    return replace(model, **changes), tuple(fallback)


def missing_translations(model: Model) -> tuple[list[Problem], int]:
    """For each declared language, each original text it does not translate, located at the original
    text; the first MAX_PROBLEMS and how many more (`adflows check --strict`)."""
    return take_problems(sorted(_missing(model)))


def _missing(model: Model) -> Iterator[Problem]:
    positions = {s: {e.id: i for i, e in enumerate(getattr(model, s))} for s in _BY_ID}
    for translation in model.translations:
        texts = translation.by_key
        for key, span in model.text_spans:
            if key not in texts:
                field = key[2]
                yield Problem(
                    model.filename,
                    span.line,
                    span.col,
                    f"{_named(key)}: {field} has no {quote(translation.language)} translation",
                    _original_path(positions, key),
                    f"add it under translations: {translation.language}",
                )


def _named(key: TextKey) -> str:
    section, element, _ = key
    if section == MODEL:
        return "model"
    if section == STORY and isinstance(element, int):
        return f"story step {element + 1}"
    return f"{SECTIONS[section][0]} {quote(element)}"


def _original_path(positions: dict[str, dict[str, int]], key: TextKey) -> KeyPath:
    section, element, field = key
    if section == MODEL:
        return (field,)
    if isinstance(element, int):
        return (section, element, field)
    return (section, positions[section][element], field)
