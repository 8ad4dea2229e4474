"""The analysis graph: one node per model node, one keyed edge per flow, domain objects attached."""

from pathlib import Path

import flows
from flows.analysis.graph import build_graph

FIXTURE = Path(__file__).parent / "fixtures" / "tiny-store.yaml"


def test_graph_has_every_node_and_flow_keyed_by_id() -> None:
    model = flows.load_model(FIXTURE)
    graph = build_graph(model)
    assert sorted(graph.nodes) == sorted(n.id for n in model.nodes)
    assert sorted(k for _, _, k in graph.edges(keys=True)) == sorted(f.id for f in model.flows)
    assert graph.nodes["sensor"]["element"].within == "store"
    assert graph.edges["phone", "sensor", "probe"]["flow"].notice == "none"


def test_parallel_flows_between_two_nodes_stay_distinct() -> None:
    text = FIXTURE.read_text().replace(
        "story:",
        "  - {id: probe-again, source: phone, target: sensor, data: [mac], sources: [invented]}\nstory:",
    )
    graph = build_graph(flows.load_model(text))
    assert graph.number_of_edges("phone", "sensor") == 2
