"""A static picture of the journey layout (PNG or SVG) for slides, handouts and print.

Renderer stage: draws the view's `drawing` (flows/view/drawing.py: the same boxes, Bezier flows and label
places the page draws) with the view's colours and evidence dash patterns, using matplotlib's object API
on the Agg canvas, so nothing touches pyplot's global state or needs a display. 1920x1080 at 100 dpi fits
a slide; SVG keeps its text as text, so it can be searched, translated and printed at any size. Colour
never carries meaning alone: each kind has its own marker on its box's corner, every node is labelled,
and the legend names shapes and line styles in words. Labels sit on white so no line runs through them.
"""

from __future__ import annotations

import io
import math
import warnings
from collections.abc import Mapping
from typing import Any

import matplotlib as mpl
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import FancyBboxPatch, PathPatch, Polygon, Rectangle
from matplotlib.path import Path as MplPath

from flows.input.kinds import NODE_KINDS
from flows.input.model import Model
from flows.output.export.mermaid import text_color
from flows.view.drawing import build_drawing
from flows.view.graph_view import to_view
from flows.view.labels import clean

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
KIND_MARKERS: dict[str, str] = {kind: info.marker for kind, info in NODE_KINDS.items() if info.marker}
# Diff marks: a colour and a sign each, so the mark does not rest on colour alone.
MARKS: dict[str, tuple[str, str]] = {
    "added": ("#009E73", "+ "),
    "removed": ("#D55E00", "- "),
    "changed": ("#CC79A7", "~ "),
}
MAX_EDGE_LABELS = 60  # past this, the layered fallback's midpoint labels would cover the picture
AREA = (0.01, 0.02, 0.80, 0.89)  # where the drawing may go, as fractions of the figure (left, bottom, w, h)
ARROW_HALF_WIDTH = 4.0  # drawing px
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
    drawing = view.get("drawing") or build_drawing(model)
    with mpl.rc_context(_RC), warnings.catch_warnings():  # type: ignore[arg-type]
        # A glyph missing from DejaVu (an emoji in a label) is drawn as a box, not an error.
        warnings.filterwarnings("ignore", message=r"Glyph \d+ .*missing from font")
        figure = Figure(figsize=SLIDE_INCHES, dpi=dpi)
        FigureCanvasAgg(figure)
        _draw(figure, view, drawing, marks or {})
        buffer = io.BytesIO()
        metadata = {"Date": None} if fmt == "svg" else {"Software": None}
        figure.savefig(buffer, format=fmt, dpi=dpi, metadata=metadata, facecolor="white")
    return buffer.getvalue()


def to_png(model: Model, *, dpi: int = DEFAULT_DPI) -> bytes:
    return render_picture(model, "png", dpi=dpi)


def to_svg(model: Model) -> str:
    return render_picture(model, "svg").decode("utf-8")


def _draw(figure: Figure, view: Mapping[str, Any], drawing: dict[str, Any], marks: dict[str, str]) -> None:
    title = clean(view["model"]["title"])  # control characters cannot be drawn, and XML forbids most
    figure.text(0.01, 0.965, title, fontsize=24, weight="bold", parse_math=False)
    figure.text(
        0.01,
        0.93,
        "Each arrow is a flow of data; its line style shows how well the flow is sourced.",
        fontsize=13,
        color="#333333",
        parse_math=False,
    )
    width, height = max(drawing["width"], 1.0), max(drawing["height"], 1.0)
    # The drawing keeps its proportions: one drawing pixel is `scale` inches, whichever way it fits.
    scale = min(AREA[2] * SLIDE_INCHES[0] / width, AREA[3] * SLIDE_INCHES[1] / height)
    box = (AREA[0], AREA[1] + AREA[3] - height * scale / SLIDE_INCHES[1], width * scale / SLIDE_INCHES[0],
           height * scale / SLIDE_INCHES[1])  # fmt: skip
    axes = figure.add_axes(box)
    axes.set_axis_off()
    axes.set_xlim(0, width)
    axes.set_ylim(height, 0)  # y grows downwards, as in the drawing
    points = scale * 72  # points per drawing pixel
    font = drawing["font_px"] * points
    # matplotlib spaces lines by a multiple of the font's own line height (about 1.17 em for DejaVu Sans).
    spacing = drawing.get("line_px", drawing["font_px"] * 1.25) / drawing["font_px"] / 1.17
    nodes = {n["id"]: n for n in view["nodes"]}
    edges = {e["id"]: e for e in view["edges"]}
    labelled = drawing["engine"] == "dot" or len(drawing["edges"]) <= MAX_EDGE_LABELS
    for edge_id in sorted(drawing["edges"]):
        _draw_edge(
            axes, drawing["edges"][edge_id], edges[edge_id], marks.get(edge_id), font, spacing, labelled
        )
    for node_id in sorted(drawing["nodes"]):
        _draw_node(axes, drawing["nodes"][node_id], nodes[node_id], marks.get(node_id), font, spacing, points)
    _draw_legend(figure, view)


def _draw_node(
    axes: Any, box: dict[str, Any], node: dict[str, Any], mark: str | None, font: float, spacing: float,
    points: float,
) -> None:  # fmt: skip
    left, top = box["x"] - box["w"] / 2, box["y"] - box["h"] / 2
    mark_color, sign = MARKS.get(mark or "", (None, ""))
    patch = FancyBboxPatch(
        (left, top), box["w"], box["h"], boxstyle="round,pad=0,rounding_size=6",
        facecolor=node["color"], edgecolor=mark_color or "#222222", linewidth=4 if mark_color else 1.2,
        linestyle=linestyle_for(node["dashes"]), zorder=3, gid=f"node-{node['id']}",
    )  # fmt: skip
    axes.add_patch(patch)
    axes.text(
        box["x"], box["y"], sign + "\n".join(box["lines"]), fontsize=font, ha="center", va="center",
        color=text_color(node["color"]), linespacing=spacing, zorder=5, parse_math=False,
    )  # fmt: skip
    # The kind's marker on the box's corner: colour never carries meaning alone.
    axes.plot(
        [left], [top], marker=marker_for(node), markersize=max(6.0, 16 * points), color=node["color"],
        markeredgecolor="#222222", markeredgewidth=1, linestyle="none", zorder=6,
    )  # fmt: skip


def _draw_edge(
    axes: Any, line: dict[str, Any], edge: dict[str, Any], mark: str | None, font: float, spacing: float,
    labelled: bool,
) -> None:  # fmt: skip
    mark_color, sign = MARKS.get(mark or "", (None, ""))
    color = mark_color or "#444444"
    vertices = [tuple(p) for p in line["path"]]
    codes = [MplPath.MOVETO] + [MplPath.CURVE4] * (len(vertices) - 1)
    axes.add_patch(
        PathPatch(MplPath(vertices, codes), fill=False, edgecolor=color, linewidth=3.5 if mark_color else 1.6,
                  linestyle=linestyle_for(edge["dashes"]), zorder=2, capstyle="butt")
    )  # fmt: skip
    if line.get("head"):
        (bx, by), (tx, ty) = line["head"]
        length = math.hypot(tx - bx, ty - by) or 1.0
        nx, ny = -(ty - by) / length * ARROW_HALF_WIDTH, (tx - bx) / length * ARROW_HALF_WIDTH
        axes.add_patch(Polygon([(tx, ty), (bx + nx, by + ny), (bx - nx, by - ny)], closed=True, color=color,
                               zorder=2.5))  # fmt: skip
    label = line.get("label")
    if label and (labelled or mark_color):
        gid = f"{'mark' if mark_color else 'flow'}-label-{edge['id']}"
        axes.add_patch(
            Rectangle((label["x"] - label["w"] / 2, label["y"] - label["h"] / 2), label["w"], label["h"],
                      facecolor="white", edgecolor="#BBBBBB", linewidth=0.5, zorder=4)
        )  # fmt: skip
        axes.text(
            label["x"], label["y"], sign + "\n".join(label["lines"]), fontsize=font, ha="center", va="center",
            color="#222222", linespacing=spacing, zorder=4.5, parse_math=False, gid=gid,
        )  # fmt: skip


def _draw_legend(figure: Figure, view: Mapping[str, Any]) -> None:
    kinds_used = {n["kind"] for n in view["nodes"]}
    kind_handles = [
        Line2D([], [], marker=marker_for(style), color=style["color"], markeredgecolor="#222222",
               markersize=14, linestyle="none", label=f"{style['label']}\n({style['shape_name']})")
        for style in view["legend"]["kinds"]
        if style["kind"] in kinds_used
    ]  # fmt: skip
    levels_used = {e["evidence"] for e in view["edges"]}
    evidence_handles = [
        Line2D([], [], color="#444444", linewidth=2, linestyle=linestyle_for(item["dashes"]),
               label=f"{item['label']}\n({item['style']})")
        for item in view["legend"]["evidence"]
        if item["level"] in levels_used
    ]  # fmt: skip
    common = {
        "frameon": False,
        "fontsize": 11,
        "title_fontsize": 13,
        "alignment": "left",
        "labelspacing": 0.6,
    }
    figure.legend(handles=kind_handles, title="What each shape is", loc="upper left",
                  bbox_to_anchor=(0.82, 0.90), **common)  # fmt: skip
    if evidence_handles:
        figure.legend(handles=evidence_handles, title="Evidence for the flow", loc="upper left",
                      bbox_to_anchor=(0.82, 0.44), handlelength=4, **common)  # fmt: skip
