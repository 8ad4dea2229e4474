"""The flows as a CSV table (one row per flow), for spreadsheets and data tools.

Export stage, written with the csv module. Lists are `'; '`-joined. A cell that a spreadsheet would run
as a formula (starting with `=`, `+`, `-`, `@`, tab or carriage return) gets a leading apostrophe, as
OWASP's "CSV Injection" page advises, because models may come from people the reader does not trust.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from flows.input.model import Model
from flows.view.graph_view import to_view

LIST_SEPARATOR = "; "
COLUMNS: tuple[str, ...] = (
    "id",
    "source",
    "source_name",
    "target",
    "target_name",
    "data",
    "data_names",
    "channel",
    "purpose",
    "notice",
    "consent",
    "legal_basis",
    "retention",
    "evidence",
    "sources",
    "assumption",
    "account",
    "description",
)
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    text = LIST_SEPARATOR.join(value) if isinstance(value, list) else str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def to_csv(model: Model) -> str:
    """A header row, then one row per flow in id order."""
    view = to_view(model)
    names = {n["id"]: n["label"] for n in view["nodes"]}
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for edge in sorted(view["edges"], key=lambda e: e["id"]):
        row = {**edge, "source_name": names[edge["source"]], "target_name": names[edge["target"]]}
        writer.writerow(_cell(row[column]) for column in COLUMNS)
    return buffer.getvalue()
