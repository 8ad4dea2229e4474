"""Graph files for other graph tools: node-link JSON, GraphML and GEXF, written by networkx.

Export stage. networkx's readwrite does the XML and JSON; this module only prepares the graph (see
`export_graph`) and makes the output byte-for-byte stable.
"""

from __future__ import annotations

import io
import json
import re

import networkx as nx

from flows.input.model import Model
from flows.output.export._graph import export_graph

# GEXF's <meta> carries today's date; dropping it (the attribute is optional) keeps files reproducible.
_GEXF_DATE = re.compile(rb' lastmodifieddate="[^"]*"')


def to_node_link(model: Model) -> str:
    """networkx node-link JSON (`nodes`, `edges`, `source`/`target`, `key` = flow id); lists kept."""
    data = nx.node_link_data(export_graph(model), edges="edges")
    return json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def to_graphml(model: Model) -> bytes:
    """GraphML with typed keys (string, boolean, int); each edge's id is its flow id."""
    buffer = io.BytesIO()
    nx.write_graphml(export_graph(model, flat=True), buffer)
    return buffer.getvalue()


def _hex_to_rgb(color: str) -> dict[str, int]:
    return {"r": int(color[1:3], 16), "g": int(color[3:5], 16), "b": int(color[5:7], 16)}


def to_gexf(model: Model) -> bytes:
    """GEXF 1.2 for Gephi: typed attributes plus viz colour and position from the journey layout."""
    graph = export_graph(model, flat=True)
    graph.graph["name"] = model.title
    for _, attrs in graph.nodes(data=True):
        # Gephi's y axis points up; the layout's (like the page's) points down.
        position = {"x": float(attrs["x"]), "y": float(-attrs["y"]), "z": 0.0}
        attrs["viz"] = {"color": {**_hex_to_rgb(attrs["color"]), "a": 1.0}, "position": position}
    for _, _, key, attrs in graph.edges(keys=True, data=True):
        attrs["id"] = key
    buffer = io.BytesIO()
    nx.write_gexf(graph, buffer)
    return _GEXF_DATE.sub(b"", buffer.getvalue(), count=1)
