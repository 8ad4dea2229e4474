"""Synthetic models for the benchmarks: N nodes, about four flows per node, shaped like a real journey.

Not part of the package. Models are deterministic for a given size (a seeded generator, ids from
indices), so figures from different runs measure the same input. Node kinds follow the journey's
columns (person -> device -> app/sdk/sensor -> platform -> dataset -> audience -> ad), and most flows
run forward, a few backward (an ad delivered to a phone), as in hand-written models.

    python bench/generate.py 20000 -o bench/results/model-20000.yaml
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flows.input.importers.yaml_writer import dump_model_yaml

FLOWS_PER_NODE = 4
# (kind, share of nodes, journey column)
NODE_MIX = (
    ("person", 0.01, 0),
    ("device", 0.10, 1),
    ("place", 0.02, 2),
    ("sensor", 0.05, 2),
    ("app", 0.12, 2),
    ("sdk", 0.12, 2),
    ("platform", 0.22, 3),
    ("dataset", 0.14, 4),
    ("audience", 0.14, 5),
    ("ad", 0.08, 6),
)
PARTY_KINDS = (
    "retailer",
    "sensor-vendor",
    "app-publisher",
    "sdk-vendor",
    "data-broker",
    "ad-tech",
    "ad-platform",
    "social-network",
)
EVIDENCE = ("documented", "company-claim", "press", "ngo-estimate", "secondary")
NOTICE = ("none", "sign-in-store", "privacy-policy", "in-app-prompt", "os-prompt", "unknown")
CONSENT = ("none", "opt-out", "opt-in", "os-permission", "unknown")
BASIS = ("consent", "legitimate-interest", "contract", "none-stated", "unknown")
DATA_KINDS = ("identifier", "attribute", "event", "inference")
RETENTION = ("13 months", "90 days", "unlimited", "30 days", "2 years")
BACKWARD_SHARE = 0.05


def generate_model(size: int, seed: int = 20_000) -> dict[str, Any]:
    """A valid model dict with `size` nodes and `FLOWS_PER_NODE * size` flows."""
    rng = random.Random(seed + size)
    sources = [
        {
            "id": f"source-{i}",
            "title": f"Report {i}",
            "publisher": f"Publisher {i % 7}",
            "date": f"20{10 + i % 15}-0{1 + i % 9}-1{i % 10}",
            "url": f"https://example.org/reports/{i}",
            "evidence": EVIDENCE[i % len(EVIDENCE)],
        }
        for i in range(max(3, size // 50))
    ]
    cite = [s["id"] for s in sources]
    parties = [{"id": "person-party", "name": "The shoppers", "kind": "person", "sources": [cite[0]]}]
    parties += [
        {
            "id": f"party-{i}",
            "name": f"Company {i} GmbH",
            "kind": PARTY_KINDS[i % len(PARTY_KINDS)],
            "description": f"A company of kind {PARTY_KINDS[i % len(PARTY_KINDS)]}.",
            "sources": [rng.choice(cite)],
        }
        for i in range(max(5, size // 20))
    ]
    data = _data_items(rng, max(10, size // 10), cite)
    nodes, columns = _nodes(rng, size, parties, [d["id"] for d in data], cite)
    flows = _flows(rng, size * FLOWS_PER_NODE, columns, [d["id"] for d in data], cite)
    story = [
        {
            "title": f"Step {i + 1}",
            "narration": f"Data moves on, hop {i + 1}.",
            "nodes": [flows[i]["source"], flows[i]["target"]],
            "flows": [flows[i]["id"]],
        }
        for i in range(min(10, len(flows)))
    ]
    return {
        "format": "adflows/1",
        "id": f"bench-{size}",
        "title": f"Benchmark model, {size:,} nodes",
        "summary": f"A generated model: {size:,} nodes and {len(flows):,} flows, shaped like a journey.",
        "sources": sources,
        "parties": parties,
        "nodes": nodes,
        "data": data,
        "flows": flows,
        "story": story,
    }


def _data_items(rng: random.Random, count: int, cite: list[str]) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    for i in range(count):
        item: dict[str, Any] = {
            "id": f"data-{i}",
            "name": f"Data item {i}",
            "kind": DATA_KINDS[i % 4],
            "sources": [rng.choice(cite)],
        }
        if i >= 10 and i % 3 == 0:  # some items are made from earlier ones
            item["derived_from"] = [f"data-{rng.randrange(i)}"]
            item["transform"] = rng.choice(("hash", "aggregate", "match", "infer"))
        items.append(item)
    return items


def _nodes(
    rng: random.Random, size: int, parties: list[dict[str, Any]], data: list[str], cite: list[str]
) -> tuple[list[dict[str, Any]], dict[int, list[str]]]:
    nodes: list[dict[str, Any]] = []
    columns: dict[int, list[str]] = {}
    counts = [max(1, round(size * share)) for _, share, _ in NODE_MIX]
    counts[NODE_MIX.index(next(m for m in NODE_MIX if m[0] == "platform"))] += size - sum(counts)
    companies = [p["id"] for p in parties[1:]]
    for (kind, _share, column), count in zip(NODE_MIX, counts, strict=True):
        for i in range(count):
            node_id = f"{kind}-{i}"
            party = "person-party" if kind in ("person", "device") else rng.choice(companies)
            node: dict[str, Any] = {
                "id": node_id,
                "name": f"{kind.title()} {i}",
                "kind": kind,
                "party": party,
                "sources": [rng.choice(cite)],
            }
            if kind == "device":
                node["holds"] = rng.sample(data, 2)
            nodes.append(node)
            columns.setdefault(column, []).append(node_id)
    return nodes, columns


def _flows(
    rng: random.Random, count: int, columns: dict[int, list[str]], data: list[str], cite: list[str]
) -> list[dict[str, Any]]:
    flows = []
    last = max(columns)
    for i in range(count):
        column = rng.randrange(last)
        source = rng.choice(columns[column])
        if rng.random() < BACKWARD_SHARE:
            target = rng.choice(columns[rng.randrange(1, column + 1) if column else 1])
        else:
            target = rng.choice(columns[min(last, column + 1 + int(rng.random() < 0.2))])
        flows.append(
            {
                "id": f"flow-{i}",
                "source": source,
                "target": target,
                "data": rng.sample(data, rng.randint(1, 3)),
                "channel": rng.choice(("Wi-Fi probe", "SDK upload", "server to server", "ad request")),
                "notice": rng.choice(NOTICE),
                "consent": rng.choice(CONSENT),
                "legal_basis": rng.choice(BASIS),
                "retention": rng.choice(RETENTION),
                "sources": [rng.choice(cite)],
            }
        )
    return flows


def write_model(size: int, path: Path) -> Path:
    """Write the model of this size as YAML (our own dumper, as `adflows import` writes it)."""
    header = f"# Generated by bench/generate.py ({size} nodes); not a real case.\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(dump_model_yaml(generate_model(size), header=header), encoding="utf-8")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("size", type=int)
    parser.add_argument("-o", "--output", type=Path, required=True)
    args = parser.parse_args()
    write_model(args.size, args.output)


if __name__ == "__main__":
    main()
