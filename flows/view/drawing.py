"""The drawing: where every node box, flow line and flow label goes, placed by Graphviz `dot`.

View stage (Model -> `view["drawing"]`, the contract in docs/layout.md). The hand-written layered layout
(flows/view/layout.py) places nodes only, so labels collided and flows ran through them; `dot` is made for
layered data-flow drawings: it orders layers to reduce crossings, reserves room for each flow label as
part of the layout, and routes splines around boxes. The comparison with ELK, dagre and the old layout is
in docs/layout.md.

Nothing from the model reaches `dot`: nodes are `n<i>`, flows `e<i>`, and every label is an empty
fixed-size box whose size is measured here (flows/view/labels.py), so hostile text cannot break the DOT
syntax and the result does not depend on the fonts installed. `dot` runs without a shell, with a
timeout; when it is missing, fails or times out, or the model is too large for it (DOT_MAX_NODES,
measured in docs/layout.md), the old layered positions are used with straight flows and midpoint labels
(`engine: "layered"`). The same input always gives byte-identical output.
"""

from __future__ import annotations

import functools
import json
import math
import shutil
import subprocess
from typing import Any

import networkx as nx

from flows.input.model import Model
from flows.view.labels import FONT_PX, LINE_PX, abbreviate, box_size, edge_lines, wrap
from flows.view.layout import assign_layers, compute_layout
from flows.view.legibility import labels_crossed

DOT_TIMEOUT = 5.0  # seconds; dot takes under 0.05 s on every bundled model, about 0.4 s at DOT_MAX_FLOWS
# Above these sizes the fast layered layout draws: dot's time grows steeply with flows (each label is a
# node of its own), about 0.4 s at 60 nodes / 240 flows and seconds beyond (docs/layout.md).
DOT_MAX_NODES = 60
DOT_MAX_FLOWS = 240
RETRY_MAX_FLOWS = 60  # dot is run again with other settings only on models this small (docs/layout.md)
NODE_WRAP = 11  # characters a line of a node's label
EDGE_WRAP = 11  # characters a line of a flow's label
NODE_MAX_LINES = 4
EDGE_MAX_LINES = 4
NODE_PAD = (10.0, 6.0)  # padding inside a node box, x and y, CSS px
LABEL_PAD = (5.0, 2.0)
LABEL_GAP = 4.0  # px kept clear around a flow label (dot gets the label this much larger on each side)
NODE_MIN_WIDTH = 64.0
NODESEP = 0.3  # inches (1 inch = 72 px here: sizes are given to dot in points, read back as px)
RANKSEP = 0.25
MARGIN = 8.0  # px around the drawing
ARROW_PX = 7.0  # length of an arrowhead in the layered fallback (dot's arrowsize=0.7 draws 7 px)
GRAPH_ATTRS = f"rankdir=LR, nodesep={NODESEP}, ranksep={RANKSEP}, splines=true, pad=0, margin=0"
# Tried in turn while a flow label is crossed by another flow (measured in docs/layout.md).
GRAPH_TRIES = (
    GRAPH_ATTRS,
    GRAPH_ATTRS + ", remincross=true, mclimit=4",
    GRAPH_ATTRS + ", ordering=out",
    GRAPH_ATTRS + ", ordering=in",
)


def label_names(model: Model) -> dict[str, str]:
    """Data item id -> the name shown in flow labels: its `short:` name, else the abbreviation rule."""
    return {d.id: d.short or abbreviate(d.name) for d in model.data}


def build_drawing(
    model: Model, graph: nx.MultiDiGraph | None = None, node_wrap: int = NODE_WRAP
) -> dict[str, Any]:
    """The drawing of `model`: `dot`'s when it is available and the model small enough, else layered.
    `graph` is the model's graph of record, whose edges the layering reads; `node_wrap` (characters a
    line) lets the overview's group labels (flows/view/overview.py) run wider."""
    nodes = _node_boxes(model, node_wrap)
    edges = _edge_labels(model)
    small = len(model.nodes) <= DOT_MAX_NODES and len(model.flows) <= DOT_MAX_FLOWS
    placed = _dot_drawing(model, nodes, edges, graph) if small else None
    return placed or _layered_drawing(model, nodes, edges, graph)


def _node_boxes(model: Model, node_wrap: int = NODE_WRAP) -> list[dict[str, Any]]:
    boxes = []
    for node in model.nodes:
        lines = wrap(node.name, NODE_MAX_LINES, node_wrap) or [node.id]
        w, h = box_size(lines, *NODE_PAD, min_width=NODE_MIN_WIDTH)
        boxes.append({"w": w, "h": h, "lines": lines})
    return boxes


def _edge_labels(model: Model) -> list[dict[str, Any] | None]:
    """One label box per flow. Flows carrying the same data share one computed box (a generated
    500-node model has 2,000 flows but a few hundred distinct data lists)."""
    names = label_names(model)
    made: dict[tuple[str, ...], dict[str, Any] | None] = {}
    labels: list[dict[str, Any] | None] = []
    for flow in model.flows:
        if not flow.data:  # the overview's merged group flows (flows/view/overview.py) carry no label
            labels.append(None)
            continue
        if flow.data not in made:
            lines = edge_lines([names[d] for d in flow.data], EDGE_MAX_LINES, EDGE_WRAP)
            made[flow.data] = (
                dict(zip(("w", "h"), box_size(lines, *LABEL_PAD), strict=True)) | {"lines": lines}
                if lines
                else None
            )
        label = made[flow.data]
        labels.append(dict(label, lines=list(label["lines"])) if label else None)
    return labels


def dot_source(
    model: Model,
    nodes: list[dict[str, Any]],
    edges: list[dict[str, Any] | None],
    attrs: str = GRAPH_ATTRS,
    graph: nx.MultiDiGraph | None = None,
) -> str:
    """DOT text with generated names and empty fixed-size labels only: no model text goes in."""
    index = {node.id: i for i, node in enumerate(model.nodes)}
    # A flow that runs against the journey (the ad shown on the phone) is given to dot the other way
    # round, drawn with its arrowhead at the tail (dir=back): it keeps its label in the layered layout
    # and cannot pull its target to the left. (constraint=false left such labels in other flows' way.)
    layer = assign_layers(model, graph)
    out = [
        "digraph adflows {",
        f"  graph [{attrs}];",
        '  node [shape=box, fixedsize=true, label=""];',
        "  edge [arrowsize=0.7];",
    ]
    for i, box in enumerate(nodes):
        out.append(f"  n{i} [width={box['w'] / 72:.4f}, height={box['h'] / 72:.4f}];")
    # The journey starts at the people; a sensor sits beside the place it is in.
    senders = {flow.source for flow in model.flows}
    # A person who only receives (sees the ad) is drawn where the ad reaches them, at the journey's end;
    # a person who sends data starts the journey.
    received = {flow.target for flow in model.flows}
    receivers = {n.id for n in model.nodes if n.kind == "person" and n.id in received and n.id not in senders}
    people = [
        f"n{i}" for i, node in enumerate(model.nodes) if node.kind == "person" and node.id not in receivers
    ]
    if people:
        out.append(f"  {{rank=min; {'; '.join(people)}}}")
    for i, node in enumerate(model.nodes):
        if node.within and layer[node.within] == layer[node.id]:
            out.append(f"  {{rank=same; n{index[node.within]}; n{i}}}")
    for i, (flow, label) in enumerate(zip(model.flows, edges, strict=True)):
        edge_attrs = f"id=e{i}"
        tail, head = index[flow.source], index[flow.target]
        if layer[flow.target] < layer[flow.source] and flow.target not in receivers:
            tail, head = head, tail
            edge_attrs += ", dir=back"
        if label:
            width, height = math.ceil(label["w"] + 2 * LABEL_GAP), math.ceil(label["h"] + 2 * LABEL_GAP)
            cell = f'<TD FIXEDSIZE="TRUE" WIDTH="{width}" HEIGHT="{height}"></TD>'
            edge_attrs += (
                f', label=<<TABLE BORDER="0" CELLPADDING="0" CELLSPACING="0"><TR>{cell}</TR></TABLE>>'
            )
        out.append(f"  n{tail} -> n{head} [{edge_attrs}];")
    out.append("}")
    return "\n".join(out) + "\n"


def _dot_drawing(
    model: Model,
    nodes: list[dict[str, Any]],
    edges: list[dict[str, Any] | None],
    graph: nx.MultiDiGraph | None = None,
) -> dict[str, Any] | None:
    """dot's drawing; when another flow's line runs through a label, dot again with the next settings
    of GRAPH_TRIES (the first without such a label wins, else the one with fewest)."""
    best: dict[str, Any] | None = None
    best_crossed = 0
    for attrs in GRAPH_TRIES:
        laid = run_dot(dot_source(model, nodes, edges, attrs, graph))
        if laid is None:
            return best
        try:
            drawn = _parse(model, nodes, edges, laid)
        except (KeyError, ValueError, IndexError, TypeError, AttributeError):
            return best  # not the JSON this dot version was expected to write: the layered layout draws
        if len(drawn["nodes"]) != len(nodes) or len(drawn["edges"]) != len(edges):
            return best
        crossed = labels_crossed(drawn) if len(model.flows) <= RETRY_MAX_FLOWS else 0
        if best is None or crossed < best_crossed:
            best, best_crossed = drawn, crossed
        if crossed == 0 or len(model.flows) > RETRY_MAX_FLOWS:
            break
    return best


def _parse(
    model: Model, nodes: list[dict[str, Any]], edges: list[dict[str, Any] | None], laid: dict[str, Any]
) -> dict[str, Any]:
    """dot's JSON as the drawing contract: y downwards, CSS px, a margin around everything."""
    x0, y0, x1, y1 = (float(v) for v in laid["bb"].split(","))

    def point(text: str) -> list[float]:
        x, y = (float(v) for v in text.split(","))
        return [round(x - x0 + MARGIN, 1), round(y1 - y + MARGIN, 1)]

    drawn_nodes = {}
    for obj in laid.get("objects", []):
        if "nodes" in obj:  # a rank=same/min group, not a node
            continue
        i = int(obj["name"][1:])
        x, y = point(obj["pos"])
        drawn_nodes[model.nodes[i].id] = {"x": x, "y": y, **nodes[i]}
    drawn_edges = {}
    for edge in laid.get("edges", []):
        i = int(edge["id"][1:])
        path: list[list[float]] = []
        head = None
        for token in edge["pos"].split():
            if token.startswith(("e,", "s,")):
                head = point(token[2:])
            else:
                path.append(point(token))
        if edge.get("dir") == "back":
            path.reverse()
        label = None
        lines = edges[i]
        if lines is not None and "lp" in edge:
            x, y = point(edge["lp"])
            label = {"x": x, "y": y, **lines}
        flow = model.flows[i]
        drawn_edges[flow.id] = {
            "source": flow.source,
            "target": flow.target,
            "path": path,
            "head": [path[-1], head] if head and path else None,
            "label": label,
        }
    return {
        "engine": "dot",
        "width": round(x1 - x0 + 2 * MARGIN, 1),
        "height": round(y1 - y0 + 2 * MARGIN, 1),
        "font_px": FONT_PX,
        "line_px": LINE_PX,
        "nodes": drawn_nodes,
        "edges": drawn_edges,
    }


def dot_executable() -> str | None:
    return shutil.which("dot")


@functools.lru_cache(maxsize=32)
def run_dot(source: str) -> dict[str, Any] | None:
    """`dot -Tjson0` of `source`, parsed; None when dot is missing, fails or takes over DOT_TIMEOUT.

    Cached by the DOT text itself (the whole input), since one page build asks for the view more than once.
    """
    executable = dot_executable()
    if executable is None:
        return None
    try:
        done = subprocess.run(
            [executable, "-Tjson0"],
            input=source.encode("ascii"),
            capture_output=True,
            timeout=DOT_TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    if done.returncode != 0:
        return None
    try:
        result = json.loads(done.stdout)
    except ValueError:
        return None
    return result if isinstance(result, dict) and "bb" in result else None


def _layered_drawing(
    model: Model,
    nodes: list[dict[str, Any]],
    edges: list[dict[str, Any] | None],
    graph: nx.MultiDiGraph | None = None,
) -> dict[str, Any]:
    """The old layered positions as a drawing: straight flows between box borders, labels at their middle."""
    positions = compute_layout(model, graph)
    min_x = min((positions[n.id][0] - nodes[i]["w"] / 2 for i, n in enumerate(model.nodes)), default=0)
    min_y = min((positions[n.id][1] - nodes[i]["h"] / 2 for i, n in enumerate(model.nodes)), default=0)
    drawn_nodes: dict[str, dict[str, Any]] = {}
    for i, node in enumerate(model.nodes):
        x, y = positions[node.id]
        drawn_nodes[node.id] = {
            "x": round(x - min_x + MARGIN, 1),
            "y": round(y - min_y + MARGIN, 1),
            **nodes[i],
        }
    drawn_edges: dict[str, dict[str, Any]] = {}
    for flow, label in zip(model.flows, edges, strict=True):
        start = _border_point(drawn_nodes[flow.source], drawn_nodes[flow.target])
        end = _border_point(drawn_nodes[flow.target], drawn_nodes[flow.source])
        (ax, ay), (bx, by) = start, end
        length = max(((bx - ax) ** 2 + (by - ay) ** 2) ** 0.5, 1e-9)
        back = min(ARROW_PX, length / 2) / length  # the arrowhead takes the last ARROW_PX of the line
        cx, cy = bx - (bx - ax) * back, by - (by - ay) * back
        path = [[round(ax + (cx - ax) * t / 3, 1), round(ay + (cy - ay) * t / 3, 1)] for t in range(4)]
        middle = {"x": round((ax + bx) / 2, 1), "y": round((ay + by) / 2, 1)}
        drawn_edges[flow.id] = {
            "source": flow.source,
            "target": flow.target,
            "path": path,
            "head": [path[-1], [round(bx, 1), round(by, 1)]],
            "label": {**middle, **label} if label else None,
        }
    boxes = list(drawn_nodes.values())
    return {
        "engine": "layered",
        "width": round(max((b["x"] + b["w"] / 2 for b in boxes), default=0) + MARGIN, 1),
        "height": round(max((b["y"] + b["h"] / 2 for b in boxes), default=0) + MARGIN, 1),
        "font_px": FONT_PX,
        "line_px": LINE_PX,
        "nodes": drawn_nodes,
        "edges": drawn_edges,
    }


def _border_point(box: dict[str, Any], toward: dict[str, Any]) -> tuple[float, float]:
    """Where the line from the centre of `box` to the centre of `toward` leaves `box`."""
    dx, dy = toward["x"] - box["x"], toward["y"] - box["y"]
    if dx == 0 and dy == 0:
        return box["x"], box["y"]
    scale = min(
        box["w"] / 2 / abs(dx) if dx else float("inf"),
        box["h"] / 2 / abs(dy) if dy else float("inf"),
    )
    return box["x"] + dx * min(scale, 1.0), box["y"] + dy * min(scale, 1.0)
