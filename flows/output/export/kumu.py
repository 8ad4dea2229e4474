"""Kumu blueprint JSON, for systems maps in Kumu (kumu.io): elements and connections with attributes.

Export stage. The shape follows Kumu's "JSON / Blueprints" import guide: `{"elements": [...],
"connections": [...]}`; elements carry `label`, `type`, `description`, `tags` and custom fields;
connections carry `from`, `to` (element ids), `type` and `direction`. Kumu needs ids unique across
elements *and* connections, so connection ids are `flow:<id>`, which no model id can be (ids are
kebab-case slugs).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from flows.input.model import Model
from flows.view.graph_view import to_view

LIST_SEPARATOR = "; "


def _element(node: Mapping[str, Any]) -> dict[str, Any]:
    element = {
        "id": node["id"],
        "label": node["label"],
        "type": node["kind_label"],
        "description": node["description"] or "",
        "tags": [node["party_name"], node["evidence_label"]],
        "Party": node["party_name"],
        "Evidence": node["evidence_label"],
        "Sources": LIST_SEPARATOR.join(node["sources"]),
        "Holds": LIST_SEPARATOR.join(node["holds"]),
        "Assumption": node["assumption"] or "",
        "Inside": node["within"] or "",
    }
    return element


def _connection(edge: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "id": f"flow:{edge['id']}",
        "from": edge["source"],
        "to": edge["target"],
        "type": "Data flow",
        "direction": "directed",
        "label": edge["label"],
        "description": edge["description"] or "",
        "tags": [edge["evidence_label"]],
        "Flow": edge["id"],
        "Data": LIST_SEPARATOR.join(edge["data_names"]),
        "Channel": edge["channel"] or "",
        "Purpose": edge["purpose"] or "",
        "Notice": edge["notice_label"],
        "Consent": edge["consent_label"],
        "Legal basis": edge["legal_basis"],
        "Retention": edge["retention"] or "",
        "Evidence": edge["evidence_label"],
        "Sources": LIST_SEPARATOR.join(edge["sources"]),
        "Assumption": edge["assumption"] or "",
    }


def to_kumu(model: Model) -> str:
    """The blueprint as JSON text, elements and connections sorted by id."""
    view = to_view(model)
    blueprint = {
        "elements": [_element(n) for n in sorted(view["nodes"], key=lambda n: n["id"])],
        "connections": [_connection(e) for e in sorted(view["edges"], key=lambda e: e["id"])],
    }
    return json.dumps(blueprint, indent=2, ensure_ascii=False) + "\n"
