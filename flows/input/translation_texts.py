"""A model's translations as loaded: each language's texts by (section, element, field).

Made by `flows.input.model.resolve` from the checked `translations:` block, and read by
`flows.input.translations` (the translated Model, the fallback list, `check --strict`). Kept apart from
both so the Model can hold its translations without the module that applies them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

from flows.input.rawdoc import RawDocument, Span
from flows.input.translation_schema import MODEL_TEXTS, TEXT_CLASSES

_NOWHERE = Span(1, 1)
# (section, element id or story position (0-based), field); the model's own texts are ("model", "", field).
TextKey = tuple[str, str | int, str]
MODEL = "model"
STORY = "story"
# Right-to-left scripts: the page sets dir="rtl" on model text in these languages (the view's
# `language.rtl`). Primary subtags only: "ar-EG" is right to left too.
RTL_LANGUAGES = frozenset({"ar", "fa", "he", "ur", "ps", "ckb", "dv", "yi"})


def is_rtl(code: str) -> bool:
    """Whether text in this language runs right to left (by its primary subtag)."""
    return code.split("-", 1)[0].lower() in RTL_LANGUAGES


@dataclass(frozen=True)
class Translation:
    """One language's texts. A tuple of pairs (not a dict) so the frozen Model stays hashable."""

    language: str
    texts: tuple[tuple[TextKey, str], ...]
    span: Span = _NOWHERE

    @cached_property
    def by_key(self) -> dict[TextKey, str]:
        return dict(self.texts)


def text_fields(section: str) -> tuple[str, ...]:
    """The translatable fields of one element of `section` (the model's own for MODEL)."""
    return MODEL_TEXTS if section == MODEL else tuple(TEXT_CLASSES[section].model_fields)


def build_translations(doc: dict[str, Any], raw: RawDocument) -> tuple[Translation, ...]:
    """Each language's texts from `validate`'s checked document, in the order the file lists them."""
    built = []
    for code, entry in doc["translations"].items():
        texts: list[tuple[TextKey, str]] = [((MODEL, "", f), entry[f]) for f in MODEL_TEXTS if entry[f]]
        for section in TEXT_CLASSES:
            items = enumerate(entry[section]) if section == STORY else entry[section].items()
            for key, fields in items:
                texts += [((section, key, f), text) for f, text in fields.items() if text]
        built.append(Translation(code, tuple(texts), raw.locate(("translations", code), key=True)))
    return tuple(built)


def original_spans(doc: dict[str, Any], raw: RawDocument) -> tuple[tuple[TextKey, Span], ...]:
    """Where each translatable original text is written: what `check --strict` points at when a
    language lacks it. Recorded only for a model with translations (it reads every position)."""
    if not doc["translations"]:
        return ()
    spans: list[tuple[TextKey, Span]] = [((MODEL, "", f), raw.locate((f,))) for f in MODEL_TEXTS if doc[f]]
    for section in TEXT_CLASSES:
        fields = text_fields(section)
        for i, item in enumerate(doc[section]):
            key = i if section == STORY else item["id"]
            spans += [((section, key, f), raw.locate((section, i, f))) for f in fields if item.get(f)]
    return tuple(spans)
