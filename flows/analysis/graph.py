"""The model as a networkx graph: Model -> nx.MultiDiGraph.

Fourth stage of the pipeline. Nodes are model nodes (id -> attribute `element`), edges are flows (key =
flow id, attribute `flow`), so several flows between the same two nodes stay distinct. Only domain
objects go on the graph; colours, shapes and positions are the view's business.
"""

from __future__ import annotations

import networkx as nx

from flows.input.model import Model
from flows.speed.gc import paused_gc


def build_graph(model: Model) -> nx.MultiDiGraph:
    """Build the analysis graph in one linear pass over nodes and flows.

    networkx keeps a few dicts per node and per edge, none of them in reference cycles, so the cyclic
    collector is paused while they are made (it halved the time at 80,000 flows)."""
    with paused_gc():
        graph = nx.MultiDiGraph(model=model.id)
        graph.add_nodes_from(
            (node.id, {"element": node, "kind": node.kind, "party": node.party}) for node in model.nodes
        )
        graph.add_edges_from(
            (flow.source, flow.target, flow.id, {"flow": flow, "data": flow.data}) for flow in model.flows
        )
        return graph
