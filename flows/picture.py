"""A static picture of the journey layout (PNG or SVG) for slides, handouts and print.

Renderer stage: draws `to_view` (positions from `compute_layout`, the view's colours and evidence dash
patterns) with matplotlib's object API on the Agg canvas, so nothing touches pyplot's global state or
needs a display. 1920x1080 at 100 dpi fits a slide; SVG keeps its text as text, so it can be searched,
translated and printed at any size. Colour never carries meaning alone: each kind has its own marker,
every node is labelled, and the legend shows both.
"""

from __future__ import annotations

import io
import math
import textwrap
import warnings
from typing import Any

import matplotlib as mpl
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch
from matplotlib.transforms import Bbox

from flows.model import Model
from flows.view import to_view

SLIDE_INCHES = (19.2, 10.8)  # 1920x1080 pixels at the default 100 dpi
DEFAULT_DPI = 100
# view shape -> matplotlib marker; data sets get an octagon and ads a plus, so kinds stay apart
# without colour.
MARKERS: dict[str, str] = {
    "star": "*",
    "square": "s",
    "box": "p",
    "triangle": "^",
    "triangleDown": "v",
    "hexagon": "h",
    "database": "8",
    "ellipse": "o",
    "diamond": "D",
}
KIND_MARKERS: dict[str, str] = {"dataset": "8", "ad": "P"}
# Diff marks: a colour and a sign each, so the mark does not rest on colour alone.
MARKS: dict[str, tuple[str, str]] = {
    "added": ("#009E73", "+ "),
    "removed": ("#D55E00", "- "),
    "changed": ("#CC79A7", "~ "),
}
MAX_EDGE_LABELS = 60  # past this, edge labels would cover the picture
MAX_NODE_LABELS = 200
LABEL_WIDTH = 22
_RC: dict[str, Any] = {
    "svg.fonttype": "none",  # text stays text in SVG
    "svg.hashsalt": "adflows",  # stable ids inside the SVG
    "font.family": "DejaVu Sans",  # ships with matplotlib: no font lookup warnings on any machine
    "lines.scale_dashes": False,  # dash lengths in points, like the page's pixels
}


def marker_for(node_or_style: dict[str, Any]) -> str:
    return KIND_MARKERS.get(node_or_style["kind"], MARKERS.get(node_or_style["shape"], "o"))


def linestyle_for(dashes: bool | list[int]) -> Any:
    return (0, tuple(dashes)) if isinstance(dashes, list) else "solid"


def render_picture(
    model: Model, fmt: str = "png", *, dpi: int = DEFAULT_DPI, marks: dict[str, str] | None = None
) -> bytes:
    """The picture as PNG or SVG bytes; the same model always gives the same bytes.

    `marks` maps node and flow ids to "added", "removed" or "changed" (used by the diff page): the
    element is outlined in that mark's colour and its label gets the mark's sign.
    """
    if fmt not in ("png", "svg"):
        raise ValueError(f"picture format must be 'png' or 'svg', not {fmt!r}")
    view = to_view(model)
    with mpl.rc_context(_RC), warnings.catch_warnings():  # type: ignore[arg-type]
        # A glyph missing from DejaVu (an emoji in a label) is drawn as a box, not an error.
        warnings.filterwarnings("ignore", message=r"Glyph \d+ .*missing from font")
        figure = Figure(figsize=SLIDE_INCHES, dpi=dpi)
        FigureCanvasAgg(figure)
        _draw(figure, view, marks or {})
        buffer = io.BytesIO()
        metadata = {"Date": None} if fmt == "svg" else {"Software": None}
        figure.savefig(buffer, format=fmt, dpi=dpi, metadata=metadata, facecolor="white")
    return buffer.getvalue()


def to_png(model: Model, *, dpi: int = DEFAULT_DPI) -> bytes:
    return render_picture(model, "png", dpi=dpi)


def to_svg(model: Model) -> str:
    return render_picture(model, "svg").decode("utf-8")


def _draw(figure: Figure, view: dict[str, Any], marks: dict[str, str]) -> None:
    figure.text(0.01, 0.965, view["model"]["title"], fontsize=24, weight="bold", parse_math=False)
    figure.text(
        0.01,
        0.93,
        "Each arrow is a flow of data; its line style shows how well the flow is sourced.",
        fontsize=13,
        color="#333333",
        parse_math=False,
    )
    axes = figure.add_axes((0.01, 0.02, 0.80, 0.89))
    axes.set_axis_off()
    positions = {n["id"]: (n["x"], -n["y"]) for n in view["nodes"]}
    _set_limits(axes, positions)
    _draw_edges(axes, view["edges"], positions, marks)
    _draw_nodes(axes, view["nodes"], marks)
    _drop_crowded_labels(figure, axes, list(positions.values()))
    _draw_legend(figure, view)


def _set_limits(axes: Any, positions: dict[str, tuple[float, float]]) -> None:
    xs = [x for x, _ in positions.values()] or [0]
    ys = [y for _, y in positions.values()] or [0]
    axes.set_xlim(min(xs) - 110, max(xs) + 110)
    axes.set_ylim(min(ys) - 110, max(ys) + 90)


def _draw_nodes(axes: Any, nodes: list[dict[str, Any]], marks: dict[str, str]) -> None:
    small = len(nodes) > 60
    for node in sorted(nodes, key=lambda n: n["id"]):
        x, y = node["x"], -node["y"]
        mark_color, sign = MARKS.get(marks.get(node["id"], ""), (None, ""))
        if mark_color:
            axes.plot([x], [y], marker="o", markersize=44, color="none", markeredgecolor=mark_color,
                      markeredgewidth=4, linestyle="none", zorder=2.5)  # fmt: skip
        axes.plot(
            [x], [y], marker=marker_for(node), markersize=14 if small else 26,
            color=node["color"], markeredgecolor="#222222", markeredgewidth=1.2,
            linestyle="none", zorder=3,
        )  # fmt: skip
        if len(nodes) <= MAX_NODE_LABELS:
            label = sign + textwrap.fill(node["label"], LABEL_WIDTH, max_lines=3, placeholder=" …")
            axes.annotate(
                label, (x, y), xytext=(0, -22), textcoords="offset points", ha="center",
                va="top", fontsize=9 if small else 12, zorder=5, parse_math=False,
                bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.8},
            )  # fmt: skip


def _curvatures(edges: list[dict[str, Any]], positions: dict[str, tuple[float, float]]) -> dict[str, float]:
    """Bend parallel flows apart, and bend flows that run backwards so they do not cut through."""
    seen: dict[tuple[str, str], int] = {}
    bends: dict[str, float] = {}
    for edge in sorted(edges, key=lambda e: e["id"]):
        pair = (min(edge["source"], edge["target"]), max(edge["source"], edge["target"]))
        index = seen.get(pair, 0)
        seen[pair] = index + 1
        backwards = positions[edge["target"]][0] < positions[edge["source"]][0]
        base = 0.25 if backwards else 0.0
        bends[edge["id"]] = base + (0.15 * math.ceil(index / 2) * (-1) ** index if index else 0.0)
    return bends


def _edges_to_label(edges: list[dict[str, Any]]) -> set[str]:
    """One label per fan: flows that leave (or reach) one node carrying the same data share a label."""
    seen: set[tuple[str, str, str]] = set()
    chosen: set[str] = set()
    for edge in sorted(edges, key=lambda e: e["id"]):
        fans = {("from", edge["source"], edge["label"]), ("to", edge["target"], edge["label"])}
        if edge["label"] and not fans & seen:
            chosen.add(edge["id"])
        seen |= fans
    return chosen


def _arc_middle(axes: Any, start: tuple[float, float], end: tuple[float, float], rad: float) -> Any:
    """Midpoint of arc3's quadratic Bezier: the chord's middle pushed out by rad/2 of its normal.

    arc3 bends in display space, so the point is computed there and mapped back to data.
    """
    (x1, y1), (x2, y2) = axes.transData.transform([start, end])
    middle = ((x1 + x2) / 2 + rad / 2 * (y2 - y1), (y1 + y2) / 2 - rad / 2 * (x2 - x1))
    return axes.transData.inverted().transform(middle)


def _draw_edges(
    axes: Any,
    edges: list[dict[str, Any]],
    positions: dict[str, tuple[float, float]],
    marks: dict[str, str],
) -> None:
    bends = _curvatures(edges, positions)
    labelled = _edges_to_label(edges) if len(edges) <= MAX_EDGE_LABELS else set()
    for edge in sorted(edges, key=lambda e: e["id"]):
        start, end = positions[edge["source"]], positions[edge["target"]]
        rad = bends[edge["id"]]
        mark_color, sign = MARKS.get(marks.get(edge["id"], ""), (None, ""))
        arrow = FancyArrowPatch(
            start, end, arrowstyle="-|>", mutation_scale=18, shrinkA=16, shrinkB=18,
            connectionstyle=f"arc3,rad={rad}", color=mark_color or "#444444",
            linewidth=3.5 if mark_color else 1.6, linestyle=linestyle_for(edge["dashes"]), zorder=2,
        )  # fmt: skip
        axes.add_patch(arrow)
        if (edge["id"] in labelled or mark_color) and start != end:
            mx, my = _arc_middle(axes, start, end, rad)
            gid = f"{'mark' if mark_color else 'flow'}-label-{edge['id']}"
            axes.text(
                mx, my, sign + textwrap.fill(edge["label"], 26), fontsize=8.5, ha="center", va="center",
                color="#222222", zorder=4, parse_math=False, gid=gid,
                bbox={"boxstyle": "round,pad=0.2", "fc": "#F4F4F4", "ec": "#BBBBBB", "lw": 0.5},
            )  # fmt: skip


def _drop_crowded_labels(figure: Figure, axes: Any, nodes: list[tuple[float, float]]) -> None:
    """Remove flow labels that would cover a node, a node label or an earlier flow label."""
    renderer = figure.canvas.get_renderer()  # type: ignore[attr-defined]
    taken = [text.get_window_extent(renderer).expanded(1.05, 1.1) for text in axes.texts
             if not str(text.get_gid()).startswith("flow-label-")]  # fmt: skip
    half = 20 * figure.dpi / 100  # about half a node marker, in pixels
    for x, y in axes.transData.transform(nodes) if nodes else ():
        taken.append(Bbox.from_extents(x - half, y - half, x + half, y + half))
    for text in [t for t in axes.texts if str(t.get_gid()).startswith("flow-label-")]:
        box = text.get_window_extent(renderer).expanded(1.05, 1.1)
        if any(box.overlaps(other) for other in taken):
            text.remove()
        else:
            taken.append(box)


def _draw_legend(figure: Figure, view: dict[str, Any]) -> None:
    kinds_used = {n["kind"] for n in view["nodes"]}
    kind_handles = [
        Line2D([], [], marker=marker_for(style), color=style["color"], markeredgecolor="#222222",
               markersize=14, linestyle="none", label=style["label"])
        for style in view["legend"]["kinds"]
        if style["kind"] in kinds_used
    ]  # fmt: skip
    levels_used = {e["evidence"] for e in view["edges"]}
    # Levels drawn with the same dash pattern share one legend line.
    by_pattern: dict[str, tuple[Any, list[str]]] = {}
    for item in view["legend"]["evidence"]:
        if item["level"] in levels_used:
            style = linestyle_for(item["dashes"])
            by_pattern.setdefault(str(style), (style, []))[1].append(item["label"])
    evidence_handles = [
        Line2D([], [], color="#444444", linewidth=2, linestyle=style, label="\n".join(labels))
        for style, labels in by_pattern.values()
    ]
    common = {"frameon": False, "fontsize": 13, "title_fontsize": 14, "alignment": "left"}
    figure.legend(handles=kind_handles, title="What each shape is", loc="upper left",
                  bbox_to_anchor=(0.82, 0.90), **common)  # fmt: skip
    if evidence_handles:
        figure.legend(handles=evidence_handles, title="Evidence for the flow", loc="upper left",
                      bbox_to_anchor=(0.82, 0.40), handlelength=4, **common)  # fmt: skip
