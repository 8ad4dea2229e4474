"""Hostile models for security tests: every free-text field of a valid model replaced by a payload."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import cycle
from typing import Any

import yaml

from flows.input.schema import SHORT_NAME_LIMIT
from flows.input.yamldoc import load_yaml

PAYLOADS: tuple[str, ...] = (
    '<img src=x onerror="document.body.dataset.pwned=1">',
    "</script><script>document.body.dataset.pwned=1</script>",
    '"><svg onload=alert(1)>',
    "<!--<script>alert(1)</script>",
    "line\u2028break';alert(1)//&amp;",
)
# Keys whose values are ids, references, enum values, dates or URLs: the schema restricts them, so
# they cannot carry a payload and must stay valid. Every other string value is free text.
STRUCTURAL_KEYS = frozenset(
    {
        "format",
        "id",
        "kind",
        "evidence",
        "notice",
        "consent",
        "legal_basis",
        "persistence",
        "transform",
        "identifies",
        "date",
        "url",
        "source",
        "target",
        "party",
        "within",
        "node",
        "account",
        "finding",
        "used_by",
        "offered_by",
        "language",
    }
)
SHORT_TEXT_LIMIT = 300
KEY_LIMITS = {"short": SHORT_NAME_LIMIT}  # a data item's short name for flow labels is at most 24 characters


def _replace(value: Any, key: str | None, payloads: Any) -> Any:
    if isinstance(value, dict):
        return {k: _replace(v, k, payloads) for k, v in value.items()}
    if isinstance(value, list):
        # Lists of strings in the format are always lists of ids; lists of mappings are elements.
        return [_replace(v, None, payloads) if isinstance(v, dict) else v for v in value]
    if isinstance(value, str) and key is not None and key not in STRUCTURAL_KEYS:
        return f"{next(payloads)} {key}"[: KEY_LIMITS.get(key, SHORT_TEXT_LIMIT)]
    return value


def replace_free_text(base_yaml_text: str, payloads: Iterator[str]) -> str:
    """The model with each free-text value, in document order, the next of `payloads` plus its key."""
    data = load_yaml(base_yaml_text, "<base>").data
    return yaml.safe_dump(_replace(data, None, payloads), allow_unicode=True, sort_keys=False)


def hostile_model_text(base_yaml_text: str) -> str:
    """The same model with every free-text value (title, name, narration, quote...) a script payload."""
    return replace_free_text(base_yaml_text, cycle(PAYLOADS))
