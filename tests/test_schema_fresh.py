"""The committed JSON Schema (`docs/model.schema.json`) matches the format in `flows/input/schema.py`."""

from __future__ import annotations

import json
from pathlib import Path

from flows.input.schema import json_schema, schema_text

SCHEMA_FILE = Path(__file__).parent.parent / "docs" / "model.schema.json"


def test_committed_schema_is_fresh() -> None:
    committed = SCHEMA_FILE.read_text(encoding="utf-8") if SCHEMA_FILE.exists() else ""
    assert committed == schema_text(), (
        "docs/model.schema.json is stale: run `adflows schema -o docs/model.schema.json`"
    )


def test_schema_text_is_sorted_pretty_json() -> None:
    text = schema_text()
    assert text.endswith("}\n")
    assert json.loads(text) == json_schema()
    assert text == json.dumps(json.loads(text), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
