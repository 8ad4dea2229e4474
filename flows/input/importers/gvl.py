"""Import IAB Europe's TCF Global Vendor List (format v3): vendor-list JSON -> model dict -> YAML.

Before the pipeline: the result is ordinary model YAML, checked by `load_model` like any other. The
mapping (vendors, purposes, features, data categories, legal bases, retention) is described in
`docs/importers.md`. Real lists are messy, so nothing here trusts a field's type: ids may be strings,
optional fields may be missing, cookie ages null or negative, names duplicated or padded with
invisible characters. Deleted vendors are left out and counted. The vendors themselves are built in
`_gvl_vendors`, messy values are read and worded in `_gvl_text`, and YAML is written by `yaml_writer`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from flows.input.errors import ModelError, Problem
from flows.input.importers._gvl_text import (
    TEXT_LIMIT,
    as_int,
    clean_name,
    clean_text,
    cookie_in_words,
    days_in_words,
    entries,
    id_list,
)
from flows.input.importers._gvl_vendors import UNDECLARED, USES, Use, Vendors, display_names, make_node
from flows.input.importers.yaml_writer import dump_model_yaml

__all__ = [
    "GVL_URL",
    "ImportResult",
    "cookie_in_words",
    "days_in_words",
    "dump_model_yaml",
    "import_gvl",
    "read_gvl",
]

GVL_URL = "https://vendor-list.consensu.org/v3/vendor-list.json"
PUBLISHER = "IAB Europe"

# Data category id -> data item kind (TCF v2.2 data categories; unknown ids are attributes).
CATEGORY_KINDS = {
    1: "identifier",
    3: "identifier",
    4: "identifier",
    5: "identifier",
    6: "event",
    10: "inference",
}
SENSITIVE_CATEGORIES = frozenset({9})  # precise location can reveal a home, a clinic, a place of worship


@dataclass(frozen=True)
class ImportResult:
    """The model as plain data, plus what the import left out and why."""

    model: dict[str, Any]
    vendors: int
    deleted: tuple[int, ...]
    skipped: tuple[str, ...]  # entries that could not be read, each with the reason

    def yaml(self) -> str:
        return dump_model_yaml(self.model)


def read_gvl(text: str | bytes, filename: str = "<vendor list>") -> dict[str, Any]:
    """Parse vendor-list JSON; raise ModelError (with line and column) when it is not a vendor list."""
    try:
        data = json.loads(text)
    except UnicodeDecodeError as exc:
        raise ModelError(
            [
                Problem(
                    filename, 1, 1, f"the file is not UTF-8 text: {exc.reason}", (), "download the list again"
                )
            ]
        ) from None
    except json.JSONDecodeError as exc:
        raise ModelError(
            [
                Problem(
                    filename,
                    exc.lineno,
                    exc.colno,
                    f"not valid JSON: {exc.msg}",
                    (),
                    "is this the vendor-list.json file?",
                )
            ]
        ) from None
    if not isinstance(data, dict) or not isinstance(data.get("vendors"), (dict, list)):
        message = "not a TCF Global Vendor List: no 'vendors' mapping at the top level"
        raise ModelError([Problem(filename, 1, 1, message, (), f"download the list from {GVL_URL}")])
    return data


def _use_nodes(
    data: Mapping[str, Any], source: str
) -> tuple[list[dict[str, Any]], dict[tuple[str, int], Use]]:
    nodes: list[dict[str, Any]] = []
    uses: dict[tuple[str, int], Use] = {}
    for key, prefix, label, kinds in USES:
        for number, entry in entries(data.get(key)):
            name = clean_name(entry.get("name"), f"{label} {number}")
            use = Use(key, number, f"{prefix}-{number}", clean_name(f"{label} {number}: {name}", name))
            uses[(key, number)] = use
            illustrations = [clean_text(i) for i in entry.get("illustrations") or [] if clean_text(i)]
            description = "\n\n".join(
                filter(
                    None, [clean_text(entry.get("description")), *(f"Example: {i}" for i in illustrations)]
                )
            )
            nodes.append(
                make_node(
                    use.node_id,
                    use.name,
                    kinds.get(number, "dataset"),
                    "tcf-uses",
                    source,
                    description[:TEXT_LIMIT] or None,
                )
            )
    return nodes, uses


def _data_items(data: Mapping[str, Any], source: str) -> list[dict[str, Any]]:
    items = []
    for number, entry in entries(data.get("dataCategories")):
        item: dict[str, Any] = {
            "id": f"data-category-{number}",
            "name": clean_name(entry.get("name"), f"Data category {number}"),
            "kind": CATEGORY_KINDS.get(number, "attribute"),
            "description": clean_text(entry.get("description")),
            "sensitive": number in SENSITIVE_CATEGORIES,
            "sources": [source],
        }
        items.append({k: v for k, v in item.items() if v is not None})
    return items


def _source(data: Mapping[str, Any], version: int | None) -> dict[str, Any]:
    last_updated = data.get("lastUpdated")
    updated = last_updated if isinstance(last_updated, str) else ""
    date = updated[:10] if re.match(r"^\d{4}-\d{2}-\d{2}", updated) else None
    facts = [
        f"vendorListVersion {version}" if version is not None else None,
        f"gvlSpecificationVersion {data.get('gvlSpecificationVersion')}"
        if "gvlSpecificationVersion" in data
        else None,
        f"tcfPolicyVersion {data.get('tcfPolicyVersion')}" if "tcfPolicyVersion" in data else None,
        f"lastUpdated {updated}" if updated else None,
    ]
    source: dict[str, Any] = {
        "id": f"tcf-gvl-v{version}" if version is not None else "tcf-gvl",
        "title": f"TCF Global Vendor List, version {version}"
        if version is not None
        else "TCF Global Vendor List",
        "publisher": PUBLISHER,
        "date": date,
        "url": GVL_URL,
        "evidence": "documented",
        "note": "; ".join(f for f in facts if f)
        + ". Each vendor's entry is its own declaration to IAB Europe.",
    }
    return {k: v for k, v in source.items() if v is not None}


def import_gvl(
    data: Mapping[str, Any], *, progress: Callable[[int, int], None] | None = None
) -> ImportResult:
    """Turn a parsed vendor list into a model dict; `progress(done, total)` is called as vendors go."""
    version = as_int(data.get("vendorListVersion"))
    source = _source(data, version)
    use_nodes, uses = _use_nodes(data, source["id"])
    items = _data_items(data, source["id"])
    all_vendors = entries(data.get("vendors"))
    deleted = tuple(n for n, v in all_vendors if v.get("deletedDate"))
    live = [(n, v) for n, v in all_vendors if not v.get("deletedDate")]
    categories = {number for number, _ in entries(data.get("dataCategories"))}
    builder = Vendors(uses, categories, source["id"])
    names = display_names(live)
    for done, (number, vendor) in enumerate(live, 1):
        builder.add(number, vendor, names[number])
        if progress and (done % 50 == 0 or done == len(live)):
            progress(done, len(live))
    if builder.undeclared:
        items.append(
            {
                "id": UNDECLARED,
                "name": "Data not declared",
                "kind": "attribute",
                "description": "The vendor declares no data categories in this list.",
                "sources": [source["id"]],
            }
        )
    model = _model(data, source, version, len(live), deleted, builder.skipped)
    model["data"] = items
    model["parties"] = [*_base_parties(source["id"]), *builder.parties]
    model["nodes"] = [*_base_nodes(source["id"], items), *use_nodes, *builder.nodes]
    model["flows"] = [_uses_device(source["id"], items), *builder.flows]
    model["story"] = _story(len(live), [n["id"] for n in use_nodes])
    return ImportResult(model, len(live), deleted, tuple(builder.skipped))


def _model(
    data: Mapping[str, Any],
    source: dict[str, Any],
    version: int | None,
    vendors: int,
    deleted: tuple[int, ...],
    skipped: list[str],
) -> dict[str, Any]:
    when = f" ({source['date']})" if "date" in source else ""
    removed = f"{len(deleted)} deleted vendor{'s' if len(deleted) != 1 else ''} left out" + (
        f" (ids {id_list(deleted)})" if deleted else ""
    )
    notes = [
        f"Imported from {source['title']}{when}, published by {PUBLISHER}, with `adflows import gvl`.",
        f"{vendors} vendors; {removed}.",
        *(f"Not imported: {s}." for s in skipped[:50]),
        (
            "Vendors are parties with one platform node each; purposes, special purposes and "
            "features are nodes of the shared party 'tcf-uses'; data categories are data items. "
            "See docs/importers.md for the mapping."
        ),
    ]
    return {
        "format": "adflows/1",
        "id": source["id"],
        "title": f"{source['title']}{when}",
        "summary": (
            f"Which data {vendors} ad-tech vendors may take from your device, and what for, as they "
            "declare it in IAB Europe's consent framework (TCF)."
        ),
        "description": "\n".join(notes)[:TEXT_LIMIT],
        "sources": [source],
    }


def _base_parties(source: str) -> list[dict[str, Any]]:
    return [
        {
            "id": "you",
            "name": "You",
            "kind": "person",
            "description": "The person using a website or app that shows a TCF consent dialog.",
            "sources": [source],
        },
        {
            "id": "tcf-uses",
            "name": "Uses defined by the TCF",
            "kind": "other",
            "description": (
                "Not an organisation: the purposes, special purposes and features that IAB Europe's "
                "framework defines and every vendor picks from."
            ),
            "sources": [source],
        },
    ]


def _base_nodes(source: str, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    device = make_node(
        "device",
        "Your phone or computer",
        "device",
        "you",
        source,
        (
            "Where the vendors' cookies and identifiers live; every declared data category is read "
            "from it or made as you use it."
        ),
    )
    device["holds"] = [i["id"] for i in items if i["id"] != UNDECLARED]
    return [make_node("person", "You", "person", "you", source), device]


def _uses_device(source: str, items: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "id": "person-uses-device",
        "source": "person",
        "target": "device",
        "data": [i["id"] for i in items] or [UNDECLARED],
        "channel": "using websites and apps",
        "description": (
            "You browse and use apps; the data categories below are read from the device or made "
            "as you use it."
        ),
        "sources": [source],
    }


def _story(vendors: int, use_ids: list[str]) -> list[dict[str, Any]]:
    return [
        {
            "title": "The consent dialog",
            "narration": (
                "You open a website or app that uses IAB Europe's Transparency and Consent Framework. "
                f"Its dialog asks about {vendors} vendors."
            ),
            "nodes": ["person", "device"],
        },
        {
            "title": "The vendors",
            "narration": (
                "Each vendor declares which data categories it takes from your device, on which legal "
                "basis, and how long it keeps them. Click a vendor to see its flows."
            ),
            "nodes": ["device"],
        },
        {
            "title": "What the data is used for",
            "narration": (
                "Every vendor links to the purposes and features it declares: building profiles, "
                "choosing ads, measuring them."
            ),
            "nodes": use_ids,
        },
    ]
