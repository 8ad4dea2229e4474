"""YAML 1.2 core-schema resolution of plain scalars, for the loader (`flows.input.yamldoc`).

PyYAML resolves by YAML 1.1, where `no`, `on` and `yes` are booleans and dates become `date` objects;
model text must not change meaning that way.
"""

from __future__ import annotations

import re
from typing import Any

MAX_INT_DIGITS = 100
# Plain scalars that are not strings although they start like a word; everything else that is not a
# string starts with one of _NUMERIC_START.
_WORDS: dict[str, Any] = {
    "~": None,
    "null": None,
    "Null": None,
    "NULL": None,
    "true": True,
    "True": True,
    "TRUE": True,
    "false": False,
    "False": False,
    "FALSE": False,
}
_NUMERIC_START = frozenset("0123456789+-.")
_INT = re.compile(r"^[-+]?(?:[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
_SPECIAL_FLOAT = {
    ".inf": float("inf"),
    "+.inf": float("inf"),
    "-.inf": float("-inf"),
    ".nan": float("nan"),
}


def resolve_plain(text: str) -> Any:
    """YAML 1.2 core schema: only true/false are booleans; dates, 'no' and 'on' stay strings.

    Integers longer than MAX_INT_DIGITS stay strings too: Python refuses to convert more than 4,300
    decimal digits (CVE-2020-10735 guard), and a hex one that size could not be printed in a message
    or written as JSON. No model needs such a number, and schema errors then name it as text.
    """
    if not text:
        return None
    if text[0] not in _NUMERIC_START:
        return _WORDS.get(text, text)  # most values are words: one lookup
    if _INT.match(text) and len(text) <= MAX_INT_DIGITS:
        return int(text, 0) if text.lstrip("+-")[:2] in ("0o", "0x") else int(text)
    if text.lower() in _SPECIAL_FLOAT:
        return _SPECIAL_FLOAT[text.lower()]
    if _FLOAT.match(text) and any(c in text for c in ".eE"):
        return float(text)
    return text
