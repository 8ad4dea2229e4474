"""Graphviz DOT text, for `dot -Tsvg` and the many tools that read DOT.

Export stage. Written by hand rather than through networkx's pydot writer: that would make pydot a
runtime dependency for a few lines of text, and the escaping is the only hard part. Every id and
label is a double-quoted DOT string (so keywords like `node` or `strict` and any punctuation are
plain text) with backslashes and quotes escaped; the test suite parses the output back with pydot.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flows.input.model import Model
from flows.output.export.mermaid import text_color
from flows.view.graph_view import to_view

# view shape -> Graphviz node shape
SHAPES: dict[str, str] = {
    "star": "star",
    "square": "box",
    "box": "box",
    "triangle": "triangle",
    "triangleDown": "invtriangle",
    "hexagon": "hexagon",
    "database": "cylinder",
    "diamond": "diamond",
}


def quote(text: str) -> str:
    """A DOT double-quoted string. Backslash first: DOT reads `\\n`, `\\l`, `\\N` in labels as escapes."""
    text = text.replace("\\", "\\\\").replace('"', '\\"')
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")
    return f'"{text}"'


def _attrs(pairs: dict[str, str]) -> str:
    return ", ".join(f"{key}={quote(value)}" for key, value in pairs.items())


def _node(node: Mapping[str, Any]) -> str:
    pairs = {
        "label": f"{node['label']}\n({node['kind_label']})",
        "shape": SHAPES.get(node["shape"], "box"),
        "style": "filled,dashed" if node["dashes"] is not False else "filled",
        "fillcolor": node["color"],
        "fontcolor": text_color(node["color"]),
        "tooltip": node["title"],
    }
    return f"  {quote(node['id'])} [{_attrs(pairs)}];"


def _edge(edge: Mapping[str, Any]) -> str:
    pairs = {
        "id": edge["id"],
        "label": edge["label"],
        "style": "solid" if edge["dashes"] is False else "dashed",
        "tooltip": edge["title"],
    }
    return f"  {quote(edge['source'])} -> {quote(edge['target'])} [{_attrs(pairs)}];"


def to_dot(model: Model) -> str:
    """A left-to-right digraph; nodes and edges in id order, one per line."""
    view = to_view(model)
    lines = [
        f"digraph {quote(model.id)} {{",
        f"  graph [{_attrs({'label': model.title, 'labelloc': 't', 'rankdir': 'LR'})}];",
        '  node [fontname="Helvetica"];',
        '  edge [fontname="Helvetica", fontsize="10"];',
    ]
    lines += [_node(n) for n in sorted(view["nodes"], key=lambda n: n["id"])]
    lines += [_edge(e) for e in sorted(view["edges"], key=lambda e: e["id"])]
    lines.append("}")
    return "\n".join(lines) + "\n"
