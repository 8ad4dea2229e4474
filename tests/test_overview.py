"""The overview of a large model (flows/view/overview.py), packed for the page by flows/output/packed.py.

Runs on IAB Europe's TCF vendor list v17 (711 nodes, 6,931 flows) and on a generated 1,000-node model
(bench/generate.py). Expected groups are worked out here from the model, never read from the page.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from flows.input.importers.gvl import import_gvl, read_gvl
from flows.input.importers.yaml_writer import dump_model_yaml
from flows.input.load import load_model
from flows.input.model import Model
from flows.output.packed import NODE_DERIVED, pack_view
from flows.output.page import render_html
from flows.view.graph_view import to_view
from flows.view.overview import MAX_DRAWN, drawn_elements, overview_section

ROOT = Path(__file__).resolve().parents[1]
GVL_V17 = ROOT / "tests" / "fixtures" / "tcf-gvl" / "vendor-list-v17.json"
# Byte counts, not times: the TCF page's bound is the goal (docs/benchmarks.md).
MAX_PACKED_BYTES_PER_ELEMENT = 50
MAX_GVL_PAGE_BYTES = 2_000_000


@pytest.fixture(scope="module")
def gvl() -> Model:
    assert GVL_V17.exists(), f"the vendor-list fixture is missing: {GVL_V17}"
    raw = GVL_V17.read_bytes()
    return load_model(import_gvl(read_gvl(raw)).yaml(), filename="tcf-gvl.yaml")


@pytest.fixture(scope="module")
def generated() -> Iterator[Model]:
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        from generate import generate_model

        yield load_model(dump_model_yaml(generate_model(1000)), filename="generated.yaml")
    finally:
        sys.path.remove(str(ROOT / "bench"))


def _boxes_overlap(a: dict[str, float], b: dict[str, float]) -> bool:
    return abs(a["x"] - b["x"]) * 2 < a["w"] + b["w"] and abs(a["y"] - b["y"]) * 2 < a["h"] + b["h"]


def _check_overview(model: Model) -> dict[str, Any]:
    section = overview_section(model)
    groups = section["groups"]
    members = sorted(i for g in groups for i in g["members"])
    assert members == list(range(len(model.nodes))), "every node is in exactly one group"
    for group in groups:
        assert group["count"] == len(group["members"])
        assert group["label"].startswith(f"{group['count']:,} ")
        kinds = {model.nodes[i].kind for i in group["members"]}
        assert kinds == {group["kind"]}
    assert drawn_elements(section) <= MAX_DRAWN
    drawing = section["view"]["drawing"]
    boxes = list(drawing["nodes"].values())
    assert len(boxes) == len(groups)
    assert not [(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1 :] if _boxes_overlap(a, b)]
    merged = sum(int(e["data_names"][0].split()[0].replace(",", "")) for e in section["view"]["edges"])
    assert merged + section["flows_not_drawn"] == len(model.flows)
    return section


def test_vendor_list_overview_groups_vendors_by_the_legal_bases_they_declare(gvl: Model) -> None:
    section = _check_overview(gvl)
    assert section["level"] == "kind, party kind and legal bases"
    assert section["flows_not_drawn"] == 0
    vendors = [g for g in section["groups"] if g["kind"] == "platform"]
    assert len(vendors) > 1 and sum(g["count"] for g in vendors) == 691
    for group in vendors:
        declared = set()
        for i in group["members"]:
            node = gvl.nodes[i]
            declared.add(frozenset(f.legal_basis for f in gvl.flows if f.source == node.id))
        assert len(declared) == 1, "a vendor group shares one set of legal bases"
        words = {"consent": "consent", "legitimate-interest": "legit. interest", "none-stated": "none stated"}
        assert group["label"].split(": ", 1)[1] == ", ".join(words[b] for b in sorted(next(iter(declared))))
    # Small kinds are not split: the dozen data sets stay one group.
    assert [g["count"] for g in section["groups"] if g["kind"] == "dataset"] == [12]


def test_generated_model_overview_falls_back_to_kinds_and_draws_the_strongest_links(
    generated: Model,
) -> None:
    section = _check_overview(generated)
    assert section["level"] in ("kind", "kind and party kind", "kind, party kind and legal bases")
    assert len(section["groups"]) <= 24


def test_small_models_have_no_overview_and_large_ones_have_one(gvl: Model) -> None:
    small = load_model(ROOT / "tests" / "fixtures" / "mini-store.yaml")
    assert "overview" not in to_view(small) and "drawing" in to_view(small)
    view = to_view(gvl)
    assert "overview" in view and "drawing" not in view


def _page_json(html: str) -> dict[str, Any]:
    match = re.search(r'<script type="application/json" id="adflows-view">(.*?)</script>', html, re.S)
    assert match
    data: dict[str, Any] = json.loads(match.group(1))
    return data


def test_vendor_list_page_is_packed_and_under_two_megabytes(gvl: Model) -> None:
    html = render_html(gvl)
    assert len(html.encode("utf-8")) <= MAX_GVL_PAGE_BYTES
    sent = _page_json(html)
    assert "nodes" not in sent and "edges" not in sent and sent["packed"]["version"] == 1
    assert sent["packed"]["count"] == {"nodes": len(gvl.nodes), "edges": len(gvl.flows)}
    # No derived text is sent: no flow tooltip ("A → B") and no data names per flow.
    assert "Data: " not in json.dumps(sent["packed"])
    assert not set(NODE_DERIVED) & set(sent["packed"]["nodes"])


def test_generated_page_sends_nodes_and_flows_in_few_bytes_each(generated: Model) -> None:
    """The nodes and flows themselves, packed, per node or flow (the whole page per element, with its
    fixed ~0.9 MB of scripts and the analysis panels, is measured on 20,000 nodes in docs/benchmarks.md;
    before packing a flow alone took about 640 bytes)."""
    html = render_html(generated)
    packed = json.dumps(_page_json(html)["packed"], separators=(",", ":"))
    assert len(packed) / (len(generated.nodes) + len(generated.flows)) <= MAX_PACKED_BYTES_PER_ELEMENT


def test_packed_columns_round_trip_in_python_as_the_page_rebuilds_them(gvl: Model) -> None:
    """The kept fields of every node and flow come back from the columns (the page's packed.js adds
    the derived ones; a browser test compares the whole lists)."""
    view = to_view(gvl)
    packed = pack_view(view)["packed"]

    def column(col: dict[str, Any], count: int) -> list[Any]:
        if "values" in col:
            return list(col["values"])
        if "all" in col:
            return [col["all"]] * count
        return [col["table"][i] for i in col["index"]]

    n, m = packed["count"]["nodes"], packed["count"]["edges"]
    for field, col in packed["nodes"].items():
        assert column(col, n) == [node[field] for node in view["nodes"]]
    ids = column(packed["edges"]["id"], m)
    for i, edge in enumerate(view["edges"]):
        assert (ids[i] or f"{edge['source']}-{edge['target']}") == edge["id"]
    data = column(packed["edges"]["data"], m)
    assert [[view["data"][d]["id"] for d in row] for row in data] == [e["data"] for e in view["edges"]]
    assert [view["nodes"][i]["id"] for i in packed["edges"]["source"]["nodes"]] == [
        e["source"] for e in view["edges"]
    ]


def test_findings_on_a_large_page_are_grouped_by_rule(gvl: Model) -> None:
    sent = _page_json(render_html(gvl))
    limits = sent["limits"]
    by_rule = limits["findings_by_rule"]
    assert sum(by_rule.values()) == limits["findings_total"] > 1000
    listed: dict[str, int] = {}
    for finding in sent["findings"]:
        listed[finding["rule"]] = listed.get(finding["rule"], 0) + 1
    for rule, count in by_rule.items():
        assert listed.get(rule, 0) == (count if count <= limits["findings_grouped_above"] else min(count, 3))
