"""Compare layout engines on the bundled models and time dot on growing models; writes docs/layout.md.

    python bench/layout.py            # needs Graphviz's dot; ELK and dagre need node and npm (bench/js)

Every engine gets the same boxes: node sizes and flow label sizes from flows/view/drawing.py (labels wrapped
and measured by flows/view/labels.py), the same gaps, left to right. Their output is turned into the drawing
contract and measured by flows/view/legibility.py in layout coordinates: node overlaps, label overlaps, flow
labels crossed by another flow, lines through nodes, edge crossings, size, and the label size on screen
when the whole drawing is fitted into 1280x720 (14 px labels at zoom 1). Counts come from one run; the
times are wall-clock on a shared machine (ELK and dagre include starting node, about 0.1 s).
"""

from __future__ import annotations

import itertools
import json
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from generate import write_model  # noqa: E402

from flows import load_model  # noqa: E402
from flows.input.model import Model  # noqa: E402
from flows.view import drawing  # noqa: E402
from flows.view.legibility import measure  # noqa: E402

JS = ROOT / "bench" / "js"
OUT = ROOT / "docs" / "layout.md"
VIEWPORT = (1280, 720)
SIZES = (20, 40, 60, 80, 100, 150)


def boxes(model: Model) -> tuple[list[dict[str, Any]], list[dict[str, Any] | None]]:
    return drawing._node_boxes(model), drawing._edge_labels(model)


def straight_cubics(points: list[list[float]]) -> list[list[float]]:
    """A polyline as cubic Bezier pieces (the contract's path form), each piece a straight segment."""
    path = [points[0]]
    for (ax, ay), (bx, by) in itertools.pairwise(points):
        path += [
            [ax + (bx - ax) / 3, ay + (by - ay) / 3],
            [ax + 2 * (bx - ax) / 3, ay + 2 * (by - ay) / 3],
            [bx, by],
        ]
    return path


def js_drawing(engine: str, model: Model) -> dict[str, Any]:
    nodes, labels = boxes(model)
    payload = {
        "engine": engine,
        "nodes": [{"id": n.id, "w": b["w"], "h": b["h"]} for n, b in zip(model.nodes, nodes, strict=True)],
        "edges": [
            {
                "id": f.id,
                "source": f.source,
                "target": f.target,
                "lw": lab["w"] if lab else 0,
                "lh": lab["h"] if lab else 0,
            }
            for f, lab in zip(model.flows, labels, strict=True)
        ],
    }
    done = subprocess.run(
        ["node", str(JS / "layout.mjs")],
        input=json.dumps(payload).encode(),
        capture_output=True,
        check=True,
        timeout=120,
    )
    laid = json.loads(done.stdout)
    box_of = {n.id: b for n, b in zip(model.nodes, nodes, strict=True)}
    drawn_nodes = {k: {**v, **box_of[k]} for k, v in laid["nodes"].items()}
    drawn_edges = {}
    for flow, label in zip(model.flows, labels, strict=True):
        edge = laid["edges"][flow.id]
        drawn_edges[flow.id] = {
            "source": flow.source,
            "target": flow.target,
            "path": straight_cubics(edge["points"]),
            "head": None,
            "label": {**edge["label"], **label} if label and edge["label"] else None,
        }
    return {
        "engine": engine,
        "width": laid["width"],
        "height": laid["height"],
        "nodes": drawn_nodes,
        "edges": drawn_edges,
    }


def dot_first_try(model: Model) -> dict[str, Any] | None:
    nodes, labels = boxes(model)
    laid = drawing.run_dot(drawing.dot_source(model, nodes, labels))
    return drawing._parse(model, nodes, labels, laid) if laid else None


ENGINES = {
    "dot (adflows)": lambda m: drawing.build_drawing(m),
    "dot, first settings only": dot_first_try,
    "ELK layered": lambda m: js_drawing("elk", m),
    "dagre": lambda m: js_drawing("dagre", m),
    "old layered (flows/view/layout.py)": lambda m: drawing._layered_drawing(m, *boxes(m)),
}


def fit_px(width: float, height: float) -> float:
    return round(min(VIEWPORT[0] / width, VIEWPORT[1] / height, 1.0) * drawing.FONT_PX, 1)


def compare(models: list[Path], engines: dict[str, Any]) -> list[dict[str, Any]]:
    rows = []
    for path in models:
        model = load_model(path)
        for name, engine in engines.items():
            drawing.run_dot.cache_clear()
            started = time.perf_counter()
            drawn = engine(model)
            seconds = time.perf_counter() - started
            result = measure(drawn)
            rows.append({"model": path.stem, "engine": name, "seconds": seconds, **result.as_dict(),
                         "fit_px": fit_px(result.width, result.height)})  # fmt: skip
            print(f"{path.stem:28} {name:30} {result}", file=sys.stderr)
    return rows


STEP_AREA = (1280, 580)  # presenter mode at 1280x720 with room for the step's title and narration
STEP_MARGIN = 20


def step_fits(models: list[Path]) -> list[tuple[str, list[float]]]:
    """Per model, the label size on screen when each story step's boxes (its nodes, its flows' labels
    and their ends) are fitted into STEP_AREA, as a camera that frames the step would draw them."""
    result = []
    for path in models:
        model = load_model(path)
        drawn = drawing.build_drawing(model)
        fits = []
        for step in model.story:
            boxes = [drawn["nodes"][n] for n in step.nodes]
            for flow_id in step.flows:
                edge = drawn["edges"][flow_id]
                boxes += [drawn["nodes"][edge["source"]], drawn["nodes"][edge["target"]]]
                boxes += [edge["label"]] if edge["label"] else []
            if not boxes:
                continue
            left = min(b["x"] - b["w"] / 2 for b in boxes) - STEP_MARGIN
            right = max(b["x"] + b["w"] / 2 for b in boxes) + STEP_MARGIN
            top = min(b["y"] - b["h"] / 2 for b in boxes) - STEP_MARGIN
            bottom = max(b["y"] + b["h"] / 2 for b in boxes) + STEP_MARGIN
            scale = min(STEP_AREA[0] / (right - left), STEP_AREA[1] / (bottom - top))
            fits.append(round(scale * drawing.FONT_PX, 1))
        result.append((path.stem, fits))
    return result


def dot_times(sizes: tuple[int, ...]) -> list[tuple[int, int, float, str]]:
    """Seconds for the whole drawing (dot and its retries) on generated models of growing size."""
    times = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            model = load_model(write_model(size, Path(tmp) / f"m{size}.yaml"))
            drawing.run_dot.cache_clear()
            saved = drawing.DOT_MAX_NODES, drawing.DOT_MAX_FLOWS
            drawing.DOT_MAX_NODES = drawing.DOT_MAX_FLOWS = 10**9
            started = time.perf_counter()
            drawn = drawing.build_drawing(model)
            times.append((size, len(model.flows), time.perf_counter() - started, drawn["engine"]))
            drawing.DOT_MAX_NODES, drawing.DOT_MAX_FLOWS = saved
            print(f"dot on {size} nodes: {times[-1]}", file=sys.stderr)
    return times


def table(rows: list[dict[str, Any]], engines: list[str]) -> list[str]:
    lines = [
        "| model | engine | node overlaps | label overlaps | labels crossed | lines through nodes "
        "| edge crossings | size (px) | label px at 1280x720 | time (s) |",
        "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for row in rows:
        lines.append(
            f"| {row['model']} | {row['engine']} | {row['node_overlaps']} | {row['label_overlaps']} "
            f"| {row['labels_crossed']} | {row['edges_through_nodes']} | {row['edge_crossings']} "
            f"| {row['width']:.0f}x{row['height']:.0f} | {row['fit_px']} | {row['seconds']:.3f} |"
        )
    lines += ["", "Totals over the bundled models:", ""]
    lines += [
        "| engine | node overlaps | label overlaps | labels crossed | lines through nodes | edge crossings "
        "| smallest label px at 1280x720 | total time (s) |",
        "|---|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for name in engines:
        mine = [r for r in rows if r["engine"] == name]
        sums = [sum(r[k] for r in mine) for k in ("node_overlaps", "label_overlaps", "labels_crossed",
                                                   "edges_through_nodes", "edge_crossings")]  # fmt: skip
        lines.append(
            f"| {name} | {' | '.join(str(s) for s in sums)} | {min(r['fit_px'] for r in mine)} "
            f"| {sum(r['seconds'] for r in mine):.2f} |"
        )
    return lines


def main() -> None:
    if shutil.which("dot") is None:
        sys.exit("bench/layout.py needs Graphviz's dot (apt-get install graphviz)")
    engines = dict(ENGINES)
    if shutil.which("node") and shutil.which("npm"):
        if not (JS / "node_modules").exists():
            subprocess.run(["npm", "install", "--no-audit", "--no-fund"], cwd=JS, check=True)
    else:
        print("node/npm missing: ELK and dagre are left out", file=sys.stderr)
        engines = {k: v for k, v in engines.items() if k not in ("ELK layered", "dagre")}
    models = sorted((ROOT / "models").glob("*.yaml"))
    started = time.time()
    rows = compare(models, engines)
    times = dot_times(SIZES)
    version = subprocess.run(["dot", "-V"], capture_output=True, text=True, check=False).stderr.strip()
    node = subprocess.run(["node", "--version"], capture_output=True, text=True, check=False).stdout.strip()
    text = [
        "<!-- Generated by `python bench/layout.py`; do not edit the tables by hand. -->",
        "# Layout engines compared",
        "",
        "Generated by `python bench/layout.py` (one run; counts are exact, times are wall-clock on a shared",
        f"2-core machine, {time.time() - started:.0f} s in all). {version}; node {node or 'missing'}, "
        "elkjs 0.9.3 and @dagrejs/dagre 1.1.4 from bench/js/package.json",
        "(measurement only: adflows never runs node).",
        f"Python {platform.python_version()}.",
        "",
        "Every engine lays out the same boxes, left to right: node boxes with the label wrapped inside, and",
        "one box per flow label (the data it carries, short names first), sized by "
        "`flows/view/labels.py`. The",
        "result is measured by `flows/view/legibility.py` in layout coordinates: **node overlaps** "
        "(pairs of node",
        "boxes), **label overlaps** (pairs of label boxes, flow with flow or flow with node), **labels",
        "crossed** (flow labels another flow's line runs through), **lines through nodes** (a flow",
        "crossing a node it does not start or end at), **edge crossings** (points where two flows cross",
        "away from nodes),",
        "the drawing's size, and the label size on screen when the whole drawing is fitted into a 1280x720",
        "viewport (labels are 14 px at zoom 1; a projector needs 12 px or more).",
        "",
        *DECISION,
        "",
        "## Per model",
        "",
        *table(rows, list(engines)),
        "",
        "## Story steps framed on a projector",
        "",
        "The label size on screen when a camera frames each story step's boxes (its nodes, its flows'",
        "labels and their ends, 20 px margin) in 1280x580 (a 1280x720 screen less room for the step's",
        "title and narration), with the drawing adflows uses. A step fits at 12 px or more when the figure",
        "is at least 12; the page caps its zoom, so larger figures mean the step is shown at the cap.",
        "",
        "| model | label px per step | smallest |",
        "|---|---|--:|",
        *[
            f"| {name} | {', '.join(str(f) for f in fits)} | {min(fits)} |"
            for name, fits in step_fits(models)
        ],
        "",
        "## How long dot takes as models grow",
        "",
        "Generated models (`bench/generate.py`, about four flows a node), the whole drawing step",
        "(`flows.view.drawing.build_drawing`: labels, dot, parsing, and the retries when a label is "
        "crossed):",
        "",
        "| nodes | flows | seconds | engine |",
        "|--:|--:|--:|---|",
        *[f"| {size} | {flows} | {seconds:.2f} | {engine} |" for size, flows, seconds, engine in times],
        "",
        *THRESHOLD,
        "",
    ]
    OUT.write_text("\n".join(text), encoding="utf-8")
    print(f"wrote {OUT}", file=sys.stderr)


DECISION = [
    "## Decision",
    "",
    "adflows uses **Graphviz `dot`** (`flows/view/drawing.py`). See the totals below: it is the engine that",
    "places flow labels as part of the layout, so no other line runs through them, and it keeps edge",
    "crossings lowest. ELK's layered algorithm comes close but needs node at run time; dagre reserves",
    "label room too but routes lines through labels and nodes. The old hand-written layered layout places",
    "nodes only, so labels collide. `dot` is one Debian package (`graphviz`), which `make test` and",
    '`make demo` install; when it is missing, the old layout still draws (`engine: "layered"`).',
    "",
    "adflows's settings: rankdir LR, nodesep 0.3 in, ranksep 0.25 in, labels wrapped at 11 characters, up",
    "to 4 lines; flows against the journey are given to dot reversed and drawn with `dir=back`; people",
    "who send data are placed first (`rank=min`), people who only see the ad after it, and a sensor",
    "beside the place it is in (`rank=same`). When a flow label",
    "is still crossed, dot runs again with `remincross`, then `ordering=out`, then `ordering=in`, and the",
    'first drawing without a crossed label wins ("dot, first settings only" shows what that buys).',
]
THRESHOLD = [
    "dot's own time grows steeply with the number of flows (each flow label is a node of its own in",
    "dot's layering), and checking every label against every line is quadratic. So adflows runs dot up",
    "to 60 nodes and 240 flows (`DOT_MAX_NODES`, `DOT_MAX_FLOWS`; the bundled models have at most 20",
    "nodes and 24 flows), retries other settings only up to 60 flows (`RETRY_MAX_FLOWS`), and stops dot",
    "after 5 s (`DOT_TIMEOUT`). Above that, the old layered layout draws (straight flows, labels at their",
    'middle: `engine: "layered"`), and from 1,000 nodes or 4,000 flows the view has no drawing at all:',
    "the page uses its large-model path (vis-network, sketching), whose benchmarks (docs/benchmarks.md)",
    "do not change.",
]


if __name__ == "__main__":
    main()
