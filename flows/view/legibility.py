"""Legibility of a drawing, measured on its geometry: overlaps, labels crossed by lines, edge crossings.

Used by the tests (which lock the floors: no overlaps, no label crossed) and by bench/layout.py (the
engine comparison in docs/layout.md). Works on the `drawing` contract (docs/layout.md) in layout
coordinates, so it measures what every renderer of that drawing shows at zoom 1. Bezier paths are
flattened to short segments; a point inside a node box does not count as a crossing, since flows meet
at their nodes.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations
from typing import Any

Box = tuple[float, float, float, float]  # left, top, right, bottom
Segment = tuple[float, float, float, float]
STEPS = 12  # segments per cubic Bezier piece when flattened
SLACK = 0.5  # px: boxes that only touch do not overlap


@dataclass(frozen=True)
class Legibility:
    node_overlaps: int  # pairs of node boxes (labels included) that overlap
    label_overlaps: int  # pairs of label boxes (node or flow) that overlap, node pairs excluded
    labels_crossed: int  # flow labels that another flow's line runs through
    edges_through_nodes: int  # (flow, node) pairs where a flow runs through a node it does not touch
    edge_crossings: int  # points where two flow lines cross, away from nodes
    width: float
    height: float

    def as_dict(self) -> dict[str, float]:
        return dict(self.__dict__)


def node_box(node: dict[str, Any]) -> Box:
    return _box(node)


def _box(item: dict[str, Any]) -> Box:
    half_w, half_h = item["w"] / 2, item["h"] / 2
    return (item["x"] - half_w, item["y"] - half_h, item["x"] + half_w, item["y"] + half_h)


def overlap(a: Box, b: Box) -> bool:
    return a[0] < b[2] - SLACK and b[0] < a[2] - SLACK and a[1] < b[3] - SLACK and b[1] < a[3] - SLACK


def polyline(edge: dict[str, Any]) -> list[tuple[float, float]]:
    """The flow's line as points: its cubic Bezier pieces flattened, then the arrowhead to its tip."""
    path = edge["path"]
    points = [tuple(path[0])]
    for i in range(1, len(path) - 2, 3):
        p0, p1, p2, p3 = path[i - 1], path[i], path[i + 1], path[i + 2]
        for step in range(1, STEPS + 1):
            t = step / STEPS
            u = 1 - t
            a, b, c, d = u * u * u, 3 * u * u * t, 3 * u * t * t, t * t * t
            points.append(
                (
                    a * p0[0] + b * p1[0] + c * p2[0] + d * p3[0],
                    a * p0[1] + b * p1[1] + c * p2[1] + d * p3[1],
                )
            )
    if edge.get("head"):
        points.append(tuple(edge["head"][1]))
    return points


def segments(points: list[tuple[float, float]]) -> list[Segment]:
    return [(*points[i], *points[i + 1]) for i in range(len(points) - 1)]


def _orient(ax: float, ay: float, bx: float, by: float, cx: float, cy: float) -> float:
    return (bx - ax) * (cy - ay) - (by - ay) * (cx - ax)


def crossing(s: Segment, t: Segment) -> tuple[float, float] | None:
    """Where two segments cross properly (not merely touch at an end), or None."""
    d1 = _orient(t[0], t[1], t[2], t[3], s[0], s[1])
    d2 = _orient(t[0], t[1], t[2], t[3], s[2], s[3])
    d3 = _orient(s[0], s[1], s[2], s[3], t[0], t[1])
    d4 = _orient(s[0], s[1], s[2], s[3], t[2], t[3])
    if ((d1 > 0 > d2) or (d1 < 0 < d2)) and ((d3 > 0 > d4) or (d3 < 0 < d4)):
        k = d1 / (d1 - d2)
        return s[0] + (s[2] - s[0]) * k, s[1] + (s[3] - s[1]) * k
    return None


def segment_hits_box(s: Segment, box: Box) -> bool:
    """Whether a segment passes through the inside of a box (Liang-Barsky clipping)."""
    x0, y0, x1, y1 = s
    left, top, right, bottom = box[0] + SLACK, box[1] + SLACK, box[2] - SLACK, box[3] - SLACK
    dx, dy = x1 - x0, y1 - y0
    lo, hi = 0.0, 1.0
    for p, q in ((-dx, x0 - left), (dx, right - x0), (-dy, y0 - top), (dy, bottom - y0)):
        if p == 0:
            if q < 0:
                return False
            continue
        r = q / p
        if p < 0:
            lo = max(lo, r)
        else:
            hi = min(hi, r)
        if lo > hi:
            return False
    return True


def _bounds(segs: list[Segment]) -> Box:
    xs = [v for s in segs for v in (s[0], s[2])]
    ys = [v for s in segs for v in (s[1], s[3])]
    return (min(xs), min(ys), max(xs), max(ys))


def measure(
    drawing: dict[str, Any], node_ids: set[str] | None = None, edge_ids: set[str] | None = None
) -> Legibility:
    """Count what makes `drawing` hard to read; `node_ids`/`edge_ids` restrict it to a part (a story step)."""
    nodes = {k: v for k, v in drawing["nodes"].items() if node_ids is None or k in node_ids}
    edges = {k: v for k, v in drawing["edges"].items() if edge_ids is None or k in edge_ids}
    node_boxes = {k: _box(v) for k, v in nodes.items()}
    label_boxes = {k: _box(e["label"]) for k, e in edges.items() if e.get("label")}
    lines = {k: segments(polyline(e)) for k, e in edges.items()}
    spans = {k: _bounds(s) for k, s in lines.items() if s}

    node_overlaps = sum(overlap(a, b) for a, b in combinations(node_boxes.values(), 2))
    label_overlaps = sum(overlap(a, b) for a, b in combinations(label_boxes.values(), 2))
    label_overlaps += sum(overlap(a, b) for a in label_boxes.values() for b in node_boxes.values())
    labels_crossed = _crossed(label_boxes, lines, spans)
    through = 0
    all_boxes = {k: _box(v) for k, v in drawing["nodes"].items()}
    for key, segs in lines.items():
        ends = {edges[key]["source"], edges[key]["target"]}
        for node_id, box in all_boxes.items():
            if (
                node_id not in ends
                and overlap(spans[key], box)
                and any(segment_hits_box(s, box) for s in segs)
            ):
                through += 1
    crossings = 0
    for a, b in combinations(sorted(lines), 2):
        if not overlap(spans[a], spans[b]):
            continue
        for s in lines[a]:
            for t in lines[b]:
                point = crossing(s, t)
                if point and not any(_inside(point, box) for box in all_boxes.values()):
                    crossings += 1
    return Legibility(
        node_overlaps, label_overlaps, labels_crossed, through, crossings, drawing["width"], drawing["height"]
    )


def labels_crossed(drawing: dict[str, Any]) -> int:
    """How many flow labels another flow's line runs through (the check the drawing retries on)."""
    edges = drawing["edges"]
    label_boxes = {k: _box(e["label"]) for k, e in edges.items() if e.get("label")}
    lines = {k: segments(polyline(e)) for k, e in edges.items()}
    return _crossed(label_boxes, lines, {k: _bounds(s) for k, s in lines.items() if s})


def _crossed(label_boxes: dict[str, Box], lines: dict[str, list[Segment]], spans: dict[str, Box]) -> int:
    return sum(
        any(
            other != key and overlap(spans[other], box) and any(segment_hits_box(s, box) for s in segs)
            for other, segs in lines.items()
        )
        for key, box in label_boxes.items()
    )


def _inside(point: tuple[float, float], box: Box) -> bool:
    margin = 4.0  # lines fan in and out right at a node's border
    return box[0] - margin <= point[0] <= box[2] + margin and box[1] - margin <= point[1] <= box[3] + margin
