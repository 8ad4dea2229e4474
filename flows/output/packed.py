"""The page's payload for large models without repetition: nodes and flows as columns, derived text rebuilt
in the page.

Output stage (view -> the JSON inside the HTML page). On a 20,000-node model every flow repeated its data
names, its label, its tooltip and the labels of its notice, consent and evidence: about 650 bytes of page
per node or flow, most of it text the page can build from the model's own tables. For views with an
`overview` (large models, flows/view/overview.py) the page gets `view["packed"]` instead of `nodes` and
`edges`; flows/output/static/packed.js rebuilds both lists, field for field the same as
`flows.view.graph_view.to_view` makes them (a browser test compares them), before anything else reads the
view, so `window.adflows.view` keeps its documented shape. The JSON API is not packed. Format:
docs/drawing.md.

Each kept field is one column: a plain list of values, or, when few distinct values repeat (kinds,
evidence levels, lists of cited sources, lists of data items), a table of the distinct values and one
index per row, or one value for all rows. A flow's ends are indices into the node list, its data items
indices into the view's `data` list.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flows.view.elements import CONSENT_LABELS, EDGE_LABEL_LIMIT, NOTICE_LABELS

PACKED_VERSION = 1
NODE_FIELDS = (
    "id",
    "label",
    "kind",
    "party",
    "description",
    "within",
    "holds",
    "evidence",
    "sources",
    "assumption",
    "account",
    "x",
    "y",
)
EDGE_FIELDS = (
    "id",
    "data",
    "channel",
    "purpose",
    "notice",
    "consent",
    "legal_basis",
    "retention",
    "description",
    "evidence",
    "sources",
    "assumption",
    "account",
)
# Fields the page builds from the columns and the view's tables (legend, parties, data), not sent.
NODE_DERIVED = ("kind_label", "party_name", "evidence_label", "color", "shape", "dashes", "title")
EDGE_DERIVED = ("label", "data_names", "notice_label", "consent_label", "evidence_label", "dashes", "title")
_OWN = ("id", "data")  # edge fields with their own encoding (below)
TABLE_SHARE = 0.5  # a column becomes table + indices when it has at most this share of distinct values


def pack_view(view: Mapping[str, Any]) -> Mapping[str, Any]:
    """The view as the page receives it: packed when it has an overview, else unchanged."""
    if "overview" not in view:
        return view
    nodes = view["nodes"]
    index = {node["id"]: i for i, node in enumerate(nodes)}
    edges = view["edges"]
    items = {item["id"]: i for i, item in enumerate(view["data"])}
    packed = {
        "version": PACKED_VERSION,
        "count": {"nodes": len(nodes), "edges": len(edges)},
        "nodes": {field: _column([n[field] for n in nodes]) for field in NODE_FIELDS},
        "edges": {
            "source": {"nodes": [index[e["source"]] for e in edges]},
            "target": {"nodes": [index[e["target"]] for e in edges]},
            "id": _edge_ids(edges),
            **{field: _column([e[field] for e in edges]) for field in EDGE_FIELDS if field not in _OWN},
            "data": _column([[items[d] for d in e["data"]] for e in edges]),
        },
        "labels": {
            "notice": _labels(NOTICE_LABELS, edges, "notice"),
            "consent": _labels(CONSENT_LABELS, edges, "consent"),
        },
        "edge_label_limit": EDGE_LABEL_LIMIT,
    }
    # `packed` takes the place of `nodes`, so a view packed whole and one packed before the analysis
    # sections are joined to it (flows/output/page.py, `_render_beside`) give the same bytes.
    out: dict[str, Any] = {}
    for key, value in view.items():
        if key == "nodes":
            out["packed"] = packed
        elif key != "edges":
            out[key] = value
    return out


def _labels(table: Mapping[str, str], edges: list[dict[str, Any]], field: str) -> dict[str, str]:
    """The table of `field`'s labels as the view words them: a translated view's flows carry them
    in its language (flows/view/elements.py), so the page rebuilds the same `notice_label`s."""
    return {**table, **{edge[field]: edge[f"{field}_label"] for edge in edges}}


def _edge_ids(edges: list[dict[str, Any]]) -> dict[str, Any]:
    """Flow ids made by a rule are sent as the rule: `{"sequence": {"prefix": "flow-", "start": 1}}` for
    "flow-1", "flow-2", ... (generated models), else each id, with null for "SOURCE-TARGET" (importers
    name a vendor's flow to a purpose so)."""
    ids = [e["id"] for e in edges]
    first = ids[0] if ids else ""
    digits = len(first) - len(first.rstrip("0123456789"))
    if digits:
        prefix, start = first[: len(first) - digits], int(first[len(first) - digits :])
        if str(start) == first[len(prefix) :] and all(i == f"{prefix}{start + n}" for n, i in enumerate(ids)):
            return {"sequence": {"prefix": prefix, "start": start}}
    return {"values": [None if e["id"] == f"{e['source']}-{e['target']}" else e["id"] for e in edges]}


def _column(values: list[Any]) -> dict[str, Any]:
    """{"values": [...]}, {"table": distinct values, "index": [...]} when values repeat, or {"all": value}
    when every row has the same value."""
    table: list[Any] = []
    seen: dict[Any, int] = {}
    rows: list[int] = []
    limit = len(values) * TABLE_SHARE
    for value in values:
        key = ("list", *value) if isinstance(value, list) else value  # lists hash as tuples
        found = seen.get(key)
        if found is None:
            if len(table) >= limit:
                return {"values": values}
            found = seen[key] = len(table)
            table.append(value)
        rows.append(found)
    if len(table) == 1:
        return {"all": table[0]}
    return {"table": table, "index": rows}
