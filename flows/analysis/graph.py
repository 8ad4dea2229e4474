"""The model as a networkx graph, the graph of record: Model -> nx.MultiDiGraph.

First step of the analysis stage, run once per model on every path (render, check, serve, export):
journeys, who-knows-what, what-if, the layout and the graph-file exporters all read this graph. Nodes
are model nodes (id -> attributes `element`, `kind`, `party`), edges are flows (key = flow id,
attributes `flow`, `data`), so several flows between the same two nodes stay distinct. Only domain
objects go on the graph; colours, shapes and positions are the view's business.

Where a search runs hundreds of thousands of steps (the journeys' depth-first search, who-knows-what's
breadth-first trees), it runs on sorted adjacency lists derived from this graph once per analysis:
plain lists of (target, flow ids) in id order make each step one list index, where a networkx view
would cost a dict lookup and a sort per step, and they fix the order results come out in.
"""

from __future__ import annotations

import networkx as nx

from flows.input.model import Model


def build_graph(model: Model) -> nx.MultiDiGraph:
    """Build the graph of record in one linear pass over nodes and flows."""
    graph = nx.MultiDiGraph(model=model.id)
    graph.add_nodes_from(
        (node.id, {"element": node, "kind": node.kind, "party": node.party}) for node in model.nodes
    )
    graph.add_edges_from(
        (flow.source, flow.target, flow.id, {"flow": flow, "data": flow.data}) for flow in model.flows
    )
    return graph


def without_elements(graph: nx.MultiDiGraph, nodes: set[str], flows: set[str]) -> nx.MultiDiGraph:
    """The graph with some nodes (and every flow touching them) and some flows hidden: a read-only
    networkx view, so a what-if costs no copy of the graph."""
    hidden = [(u, v, k) for u, v, k in graph.edges(keys=True) if k in flows]
    view: nx.MultiDiGraph = nx.restricted_view(graph, nodes, hidden)
    return view
