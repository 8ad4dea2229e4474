"""Reading the vendor list's messy values, and the wording of names, texts and retention periods.

Helpers of `flows.input.importers.gvl`: ids written as numbers or strings, names padded with invisible
characters, cookie ages and retention days turned into words a person reads in the model.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any

NAME_LIMIT = 300  # schema.ShortText
TEXT_LIMIT = 20_000  # schema.Text

_INVISIBLE = re.compile(
    r"[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff\ud800-\udfff\ufffe\uffff]"
)


def as_int(value: Any) -> int | None:
    """An id or a number as the list may write it: 5, 5.0 or "5"; None for anything else."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and re.fullmatch(r"\s*-?\d{1,18}\s*", value):
        return int(value)
    return None


def as_ids(value: Any) -> list[int]:
    """A list of ids, sorted and unique; tolerates string ids, a mapping keyed by id, or junk."""
    items: Iterable[Any] = (
        value.keys() if isinstance(value, Mapping) else value if isinstance(value, list) else ()
    )
    return sorted({i for i in map(as_int, items) if i is not None and i >= 0})


def entries(section: Any) -> list[tuple[int, dict[str, Any]]]:
    """(id, entry) pairs of a section keyed by id ({"1": {...}}) or listed ([{...}]), sorted by id."""
    pairs = section.items() if isinstance(section, Mapping) else enumerate(section or [])
    found: dict[int, dict[str, Any]] = {}
    for key, entry in pairs:
        if not isinstance(entry, Mapping):
            continue
        number = as_int(entry.get("id"))
        number = number if number is not None else as_int(key) if isinstance(section, Mapping) else None
        if number is not None and number >= 0 and number not in found:
            found[number] = dict(entry)
    return sorted(found.items())


def clean_name(value: Any, fallback: str) -> str:
    """One line of visible text: invisible characters removed, spaces collapsed, at most 300 chars."""
    text = _INVISIBLE.sub(" ", unicodedata.normalize("NFC", str(value))) if isinstance(value, str) else ""
    text = " ".join(text.split())
    if len(text) > NAME_LIMIT:
        text = text[: NAME_LIMIT - 1].rstrip() + "…"
    return text or fallback


def clean_text(value: Any) -> str | None:
    """Free text: kept with its line breaks, trimmed, bounded; None when empty or not text."""
    if not isinstance(value, str):
        return None
    lines = [" ".join(_INVISIBLE.sub(" ", line).split()) for line in value.strip().splitlines()]
    text = "\n".join(lines).strip()
    return text[:TEXT_LIMIT] or None


def days_in_words(days: Any) -> str:
    """'397 days (about 13 months)'; 'not declared' when the list gives no usable number."""
    number = as_int(days)
    if number is None or number < 0:
        return "not declared"
    if number == 0:
        return "0 days (not kept after the request)"
    if number >= 365 and number % 365 in (0, 1):  # 365 or 366 per year
        years = number // 365
        return f"{number} days ({years} year{'s' if years > 1 else ''})"
    if number >= 60:
        return f"{number} days (about {round(number / 30.44)} months)"
    return f"{number} day{'s' if number != 1 else ''}"


def cookie_in_words(vendor: Mapping[str, Any]) -> str:
    """The cookie lifetime a vendor declares, as the TCF defines `cookieMaxAgeSeconds`.

    A negative number or 0 means session storage (TCF "Device Storage Duration & Access Disclosure"
    specification, `cookieMaxAgeSeconds`); null means the vendor declared none.
    """
    if vendor.get("usesCookies") is False:
        return "no cookies"
    seconds = as_int(vendor.get("cookieMaxAgeSeconds"))
    if seconds is None:
        return "cookie lifetime unknown (not declared)"
    if seconds <= 0:
        return "session cookies only (a zero or negative cookie age means session storage in the TCF)"
    days = seconds / 86_400
    if days < 1:
        hours = max(1, round(seconds / 3600))
        return f"cookies up to {hours} hour{'s' if hours != 1 else ''}"
    refresh = ", refreshed on each visit" if vendor.get("cookieRefresh") is True else ""
    return f"cookies up to {days_in_words(round(days))}{refresh}"


def id_list(ids: Iterable[int]) -> str:
    """Ids for a sentence: '1, 3, 7'."""
    return ", ".join(str(i) for i in sorted(ids))
