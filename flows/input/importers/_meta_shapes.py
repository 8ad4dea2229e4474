"""Reading the JSON shapes of a Meta export into one record per business, mojibake repaired.

Helper of `flows.input.importers.meta`. The export changes shape over time, so each file is recognised by its
top-level keys, not by its name alone, and an unknown shape is an error that names the file and the keys
found. Within a known shape, entries with missing or mistyped fields are skipped and counted, never
guessed. Shapes read (see docs/importers.md):

* advertisers: `custom_audiences_all_types_v2` (Facebook), `ig_custom_audiences_all_types` (Instagram),
  entries with `advertiser_name` and three booleans; older `custom_audiences` / `custom_audiences_v2`,
  a list of advertiser names that uploaded a list with you in it;
* activity off Meta technologies: `off_facebook_activity_v2` / `off_facebook_activity` (entries with
  `name` and `events` of `type` and `timestamp`), or the newer top-level list of records with `title`
  and `label_values`, whose `Events` entry holds `vec` of `dict` lists (`Event`, `Received on`).
"""

from __future__ import annotations

import json
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from flows.input.errors import ModelError, Problem, one_line
from flows.input.importers._gvl_text import clean_name
from flows.input.importers._meta_files import ExportFile

ADVERTISER_KEYS = {
    "custom_audiences_all_types_v2": "facebook",
    "ig_custom_audiences_all_types": "instagram",
}
CONTACT_LIST_KEYS = ("custom_audiences_v2", "custom_audiences")
ACTIVITY_KEYS = ("off_facebook_activity_v2", "off_facebook_activity")
EVENT_TYPE_LIMIT = 60  # characters of an event type kept (real ones are short words like PAGE_VIEW)
# Timestamps outside 2004 (Facebook's start) .. 2100 are read as unknown rather than trusted.
TIME_RANGE = (1_072_915_200, 4_102_444_800)


def repair_text(value: str) -> str:
    """Undo the export's mojibake: UTF-8 bytes written as Latin-1 code points ("CafÃ©" -> "Café").

    Text that is not such a string (real accented text, other scripts) stays as it is.
    """
    if value.isascii():
        return value
    try:
        return value.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return value


@dataclass
class Business:
    """Everything the export says about one business, across files and apps."""

    name: str
    apps: set[str] = field(default_factory=set)
    customer_list: bool = False
    remarketing: bool = False
    store_visit: bool = False
    events: Counter[str] = field(default_factory=Counter)
    first_seen: int | None = None
    last_seen: int | None = None

    def add_event(self, kind: str, timestamp: int | None) -> None:
        self.events[kind] += 1
        if timestamp is not None:
            self.first_seen = timestamp if self.first_seen is None else min(self.first_seen, timestamp)
            self.last_seen = timestamp if self.last_seen is None else max(self.last_seen, timestamp)


@dataclass
class ExportContents:
    """The businesses of one export, keyed by their name folded for matching, and what was read."""

    businesses: dict[str, Business] = field(default_factory=dict)
    files: list[tuple[str, str]] = field(default_factory=list)  # (app, path inside the export) of files read
    apps: set[str] = field(default_factory=set)
    skipped: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def business(self, raw_name: Any, app: str) -> Business | None:
        if not isinstance(raw_name, str):
            return None
        name = clean_name(repair_text(raw_name), "")
        if not name:
            return None
        key = unicodedata.normalize("NFKC", name).casefold()
        found = self.businesses.get(key)
        if found is None:
            found = self.businesses[key] = Business(name)
        found.apps.add(app)
        self.apps.add(app)
        return found


def _app_of(file: ExportFile) -> str:
    return "instagram" if "instagram" in file.path.lower() else "facebook"


def _parse_json(file: ExportFile) -> Any:
    head = file.data[:512].lstrip().lower()
    if head.startswith((b"<!doctype", b"<html", b"<")):
        raise ModelError(
            [
                Problem(
                    file.label,
                    1,
                    1,
                    "this is the HTML version of the export",
                    (),
                    "request the export again with Format: JSON (see docs/meta-export-workshop.md)",
                )
            ]
        )
    try:
        return json.loads(file.data)
    except UnicodeDecodeError as exc:
        message = f"the file is not UTF-8 text: {exc.reason}"
        raise ModelError([Problem(file.label, 1, 1, message, (), "download the export again")]) from None
    except json.JSONDecodeError as exc:
        problem = Problem(file.label, exc.lineno, exc.colno, f"not valid JSON: {exc.msg}", ())
        raise ModelError([problem]) from None
    except RecursionError:
        raise ModelError([Problem(file.label, 1, 1, "the JSON is nested too deeply", ())]) from None


def _as_time(value: Any) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return int(value) if TIME_RANGE[0] <= value <= TIME_RANGE[1] else None


def _event_type(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    text = clean_name(repair_text(value), "")[:EVENT_TYPE_LIMIT]
    return text or None


def _list_at(data: Mapping[str, Any], key: str, file: ExportFile, out: ExportContents) -> list[Any]:
    """The list under `key`; anything else is a located problem and reads as no entries."""
    entries = data[key]
    if isinstance(entries, list):
        return entries
    out.problems.append(Problem(file.label, 1, 1, f"'{key}' is not a list", ()))
    return []


def _read_advertisers(
    data: Mapping[str, Any], key: str, app: str, file: ExportFile, out: ExportContents
) -> None:
    for index, entry in enumerate(_list_at(data, key, file, out)):
        flags = [entry.get(f) if isinstance(entry, dict) else None for f in _FLAGS]
        business = out.business(entry.get("advertiser_name") if isinstance(entry, dict) else None, app)
        if business is None or not all(isinstance(f, bool) for f in flags):
            out.skipped.append(f"{file.label}: entry {index} of '{key}' (no name or flags not true/false)")
            continue
        business.customer_list |= flags[0] is True
        business.remarketing |= flags[1] is True
        business.store_visit |= flags[2] is True


_FLAGS = ("has_data_file_custom_audience", "has_remarketing_custom_audience", "has_in_person_store_visit")


def _read_contact_lists(
    data: Mapping[str, Any], key: str, app: str, file: ExportFile, out: ExportContents
) -> None:
    for index, entry in enumerate(_list_at(data, key, file, out)):
        name = entry.get("advertiser_name") if isinstance(entry, dict) else entry
        business = out.business(name, app)
        if business is None:
            out.skipped.append(f"{file.label}: entry {index} of '{key}' (no advertiser name)")
            continue
        business.customer_list = True


def _read_activity(
    data: Mapping[str, Any], key: str, app: str, file: ExportFile, out: ExportContents
) -> None:
    for index, entry in enumerate(_list_at(data, key, file, out)):
        business = out.business(entry.get("name") if isinstance(entry, dict) else None, app)
        events = entry.get("events") if isinstance(entry, dict) else None
        if business is None or not isinstance(events, list):
            out.skipped.append(f"{file.label}: entry {index} of '{key}' (no name or no events list)")
            continue
        for event in events:
            kind = _event_type(event.get("type")) if isinstance(event, dict) else None
            if kind is None:
                out.skipped.append(f"{file.label}: an event of entry {index} (no type)")
                continue
            business.add_event(kind, _as_time(event.get("timestamp")))


def _labelled(items: Any) -> dict[str, Any]:
    """`[{"label": L, ...value}]` -> {L: entry}; the records shape writes every field this way."""
    found: dict[str, Any] = {}
    for item in items if isinstance(items, list) else ():
        if isinstance(item, dict) and isinstance(item.get("label"), str):
            found.setdefault(item["label"], item)
    return found


def _read_activity_records(records: list[Any], app: str, file: ExportFile, out: ExportContents) -> None:
    for index, record in enumerate(records):
        business = out.business(record.get("title") if isinstance(record, dict) else None, app)
        labels = _labelled(record.get("label_values")) if isinstance(record, dict) else {}
        events = labels.get("Events", {}).get("vec") if isinstance(labels.get("Events"), dict) else None
        if business is None or not isinstance(events, list):
            out.skipped.append(f"{file.label}: record {index} (no title or no Events)")
            continue
        for event in events:
            fields = _labelled(event.get("dict")) if isinstance(event, dict) else {}
            kind = _event_type(fields.get("Event", {}).get("value"))
            if kind is None:
                out.skipped.append(f"{file.label}: an event of record {index} (no Event)")
                continue
            business.add_event(kind, _as_time(fields.get("Received on", {}).get("timestamp_value")))


def _is_records(data: Any) -> bool:
    return isinstance(data, list) and (
        not data or any(isinstance(r, dict) and "label_values" in r and "title" in r for r in data[:50])
    )


def _unknown_shape(file: ExportFile, data: Any) -> Problem:
    if isinstance(data, dict):
        keys = ", ".join(one_line(k, 60) for k in list(data)[:10]) or "none"
        found = f"an object with the keys {keys}"
    else:
        found = f"a JSON {type(data).__name__}"
    expected = ", ".join([*ADVERTISER_KEYS, *CONTACT_LIST_KEYS, *ACTIVITY_KEYS])
    return Problem(
        file.label,
        1,
        1,
        f"unknown shape of a Meta export file: found {found}",
        (),
        f"expected one of the keys {expected}, or a list of records; please report the shape",
    )


def read_file(file: ExportFile, out: ExportContents) -> None:
    """Add one file's businesses to `out`; a file we cannot read adds a located problem instead."""
    try:
        data = _parse_json(file)
    except ModelError as exc:
        out.problems.extend(exc.problems)
        return
    app = _app_of(file)
    before = len(out.problems)
    if isinstance(data, dict):
        for key, keyed_app in ADVERTISER_KEYS.items():
            if key in data:
                _read_advertisers(data, key, keyed_app, file, out)
        for key in CONTACT_LIST_KEYS:
            if key in data:
                _read_contact_lists(data, key, app, file, out)
        for key in ACTIVITY_KEYS:
            if key in data:
                _read_activity(data, key, app, file, out)
        known = any(k in data for k in (*ADVERTISER_KEYS, *CONTACT_LIST_KEYS, *ACTIVITY_KEYS))
    else:
        known = _is_records(data)
        if known:
            _read_activity_records(data, app, file, out)
    if not known:
        out.problems.append(_unknown_shape(file, data))
    elif len(out.problems) == before:
        keyed = [a for k, a in ADVERTISER_KEYS.items() if isinstance(data, dict) and k in data]
        out.files.append((keyed[0] if keyed else app, file.path))


def read_files(files: Iterable[ExportFile]) -> ExportContents:
    """All files of an export into one `ExportContents` (problems collected, not raised)."""
    out = ExportContents()
    for file in files:
        read_file(file, out)
    return out
