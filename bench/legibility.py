"""How legible each bundled model's picture is on a classroom projector, as Chromium draws it.

Usage: python bench/legibility.py [--write] [--width 1280 --height 720] [MODEL.yaml ...]

Renders every bundled model (or the ones named) with `adflows render`'s code path, opens the page in
Debian's Chromium at 1280x720 in presenter mode (`#present`), and for the overview and every story step
reads `window.adflows.geometry()` (what is drawn now, in CSS pixels) and counts:

  node_overlaps   pairs of node boxes that intersect (in view)
  label_overlaps  pairs of labels (node labels, edge labels, count badges) that intersect (in view)
  label_crossed   edge labels (or badges) crossed by another flow's line (in view)
  min_label_px    the smallest label font as drawn (font size x zoom), over labels in view
  graph_share     the picture's area over the viewport's
  crossings       pairs of flows whose drawn lines cross (whole drawing, counted once per crossing point)

plus the time to first draw and the time a story step takes to settle (reported, never asserted).
With `--write`, the table replaces the block between the markers in docs/benchmarks.md. The browser
tests (tests/browser/test_legibility.py) use `measure()` to lock the floors.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from itertools import combinations
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-gpu"]
BEGIN = "<!-- legibility:begin -->"
END = "<!-- legibility:end -->"
# Records when the page first drew (performance.now() counts from navigation start).
DRAWN_PROBE = """
new MutationObserver((_, observer) => {
  if (document.body && document.body.dataset.drawn === '1') {
    window.__adflowsDrawnAt = performance.now();
    observer.disconnect();
  }
}).observe(document, {subtree: true, attributes: true, attributeFilter: ['data-drawn']});
"""
# Show a step and resolve once the camera has stopped moving: the settle time in ms.
STEP_SETTLE = """
n => new Promise((resolve) => {
  const start = performance.now();
  window.adflows.showStep(n);
  const check = () => {
    if (window.adflows.network.isMoving && window.adflows.network.isMoving()) requestAnimationFrame(check);
    else requestAnimationFrame(() => resolve(performance.now() - start));
  };
  requestAnimationFrame(check);
})
"""

Box = list[float]


def _intersect(a: Box, b: Box, pad: float = 1.0) -> bool:
    return a[0] < b[2] - pad and b[0] < a[2] - pad and a[1] < b[3] - pad and b[1] < a[3] - pad


def _in_view(box: Box, view: Box) -> bool:
    return box[2] > view[0] and box[0] < view[2] and box[3] > view[1] and box[1] < view[3]


def _ccw(a: list[float], b: list[float], c: list[float]) -> float:
    return (c[1] - a[1]) * (b[0] - a[0]) - (b[1] - a[1]) * (c[0] - a[0])


def _segments_cross(s: dict[str, Any], t: dict[str, Any]) -> bool:
    a, b, c, d = s["a"], s["b"], t["a"], t["b"]
    return _ccw(a, b, c) * _ccw(a, b, d) < 0 and _ccw(c, d, a) * _ccw(c, d, b) < 0


def _segment_hits_box(seg: dict[str, Any], box: Box) -> bool:
    (x1, y1), (x2, y2) = seg["a"], seg["b"]
    steps = max(1, int(max(abs(x2 - x1), abs(y2 - y1)) / 2))
    for i in range(steps + 1):
        x, y = x1 + (x2 - x1) * i / steps, y1 + (y2 - y1) * i / steps
        if box[0] < x < box[2] and box[1] < y < box[3]:
            return True
    return False


def crossings(segs: list[dict[str, Any]]) -> int:
    """Crossing points between different flows that share no node (lines meeting at a node are not
    crossings), over the short segments the page samples each drawn curve into."""
    count = 0
    for s, t in combinations(segs, 2):
        if s["id"] == t["id"] or len({s["from"], s["to"], t["from"], t["to"]}) < 4:
            continue
        if max(s["a"][0], s["b"][0]) < min(t["a"][0], t["b"][0]) or max(t["a"][0], t["b"][0]) < min(
            s["a"][0], s["b"][0]
        ):
            continue
        count += _segments_cross(s, t)
    return count


def measure(geometry: dict[str, Any], with_crossings: bool = False) -> dict[str, Any]:
    """The legibility counts of one drawn view (the output of `window.adflows.geometry()`)."""
    vw, vh = geometry["viewport"]
    canvas = geometry["canvas"]
    view = [max(canvas[0], 0), max(canvas[1], 0), min(canvas[2], vw), min(canvas[3], vh)]
    nodes = [n for n in geometry["nodes"] if _in_view(n["box"], view)]
    labels = [lb for lb in geometry["labels"] if _in_view(lb["box"], view)]
    segs = geometry["segs"]
    crossed = sum(
        1
        for lb in labels
        if lb.get("edge") and any(s["id"] != lb["owner"] and _segment_hits_box(s, lb["box"]) for s in segs)
    )
    result = {
        "nodes_in_view": len(nodes),
        "labels_in_view": len(labels),
        "node_overlaps": sum(1 for a, b in combinations(nodes, 2) if _intersect(a["box"], b["box"])),
        "label_overlaps": sum(1 for a, b in combinations(labels, 2) if _intersect(a["box"], b["box"])),
        "label_crossed": crossed,
        "min_label_px": round(min(lb["font"] for lb in labels), 1) if labels else None,
        "graph_share": round((view[2] - view[0]) * (view[3] - view[1]) / (vw * vh), 3),
    }
    if with_crossings:
        result["crossings"] = crossings(segs)
    return result


def render_page(model_path: Path, out_dir: Path) -> Path:
    from flows import load_model
    from flows.output.page import render_html

    out = out_dir / (model_path.stem + ".html")
    out.write_text(render_html(load_model(model_path)), encoding="utf-8")
    return out


def measure_page(page: Any, url: str, fragment: str = "present") -> dict[str, Any]:
    """Open `url` at `fragment` (presenter mode; `present&lang=de` for the German view) and measure the
    overview and every step."""
    page.goto(url + "#" + fragment)
    page.wait_for_function("document.body.dataset.ready === '1'")
    page.wait_for_timeout(100)
    drawn_ms = page.evaluate("window.__adflowsDrawnAt || null")
    engine = page.evaluate("(window.adflows.view.drawing || {}).engine || 'vis-network'")
    steps = page.evaluate("window.adflows.view.story.length")
    views = []
    settle = []
    for n in range(steps + 1):
        settle.append(page.evaluate(STEP_SETTLE, n))
        geometry = page.evaluate("window.adflows.geometry()")
        row = measure(geometry, with_crossings=n == 0)
        row["view"] = "overview" if n == 0 else f"step {n}"
        views.append(row)
    return {"engine": engine, "first_draw_ms": drawn_ms, "step_settle_ms": settle[1:], "views": views}


def summarise(name: str, result: dict[str, Any]) -> dict[str, Any]:
    views = result["views"]
    fonts = [v["min_label_px"] for v in views if v["min_label_px"] is not None]
    return {
        "model": name,
        "engine": result["engine"],
        "views": len(views),
        "node_overlaps": sum(v["node_overlaps"] for v in views),
        "label_overlaps": sum(v["label_overlaps"] for v in views),
        "label_crossed": sum(v["label_crossed"] for v in views),
        "min_label_px": min(fonts) if fonts else None,
        "min_graph_share": min(v["graph_share"] for v in views),
        "crossings": views[0]["crossings"],
        "first_draw_ms": round(result["first_draw_ms"]) if result["first_draw_ms"] else None,
        "max_step_settle_ms": round(max(result["step_settle_ms"])) if result["step_settle_ms"] else None,
    }


def table(rows: list[dict[str, Any]], command: str) -> str:
    head = (
        "| model | engine | views | node overlaps | label overlaps | labels crossed | smallest label px "
        "| graph share | crossings | first draw ms | slowest step settle ms |"
    )
    lines = [head, "|" + "---|" * 11]
    for r in rows:
        lines.append(
            f"| {r['model']} | {r['engine']} | {r['views']} | {r['node_overlaps']} | {r['label_overlaps']} "
            f"| {r['label_crossed']} | {r['min_label_px']} | {r['min_graph_share']:.0%} | {r['crossings']} "
            f"| {r['first_draw_ms']} | {r['max_step_settle_ms']} |"
        )
    return "\n".join(
        [f"Regenerate with `{command}` (one run; times are reported, never asserted).", "", *lines]
    )


def main(argv: list[str]) -> None:
    from playwright.sync_api import sync_playwright

    width = int(argv[argv.index("--width") + 1]) if "--width" in argv else 1280
    height = int(argv[argv.index("--height") + 1]) if "--height" in argv else 720
    models = [Path(a) for a in argv if a.endswith(".yaml")] or sorted((ROOT / "models").glob("*.yaml"))
    rows = []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for model in models:
            context = browser.new_context(viewport={"width": width, "height": height})
            context.add_init_script(DRAWN_PROBE)
            page = context.new_page()
            result = measure_page(page, render_page(model, Path(tmp)).as_uri())
            for view in result["views"]:
                print(json.dumps({"model": model.stem, **view}))
            rows.append(summarise(model.stem, result))
            print(json.dumps(rows[-1]))
            context.close()
        browser.close()
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    text = table(rows, "python bench/legibility.py --write")
    text += f"\n\nLoad average (1, 5, 15 min) at the end of this run: {load}."
    print(text)
    if "--write" in argv:
        doc = ROOT / "docs" / "benchmarks.md"
        current = doc.read_text(encoding="utf-8")
        block = f"{BEGIN}\n{text}\n{END}"
        if BEGIN in current:
            before, rest = current.split(BEGIN, 1)
            current = before + block + rest.split(END, 1)[1]
        else:
            current = (
                current.rstrip("\n")
                + "\n\n## Legibility on a projector (1280x720, presenter mode)\n\n"
                + block
                + "\n"
            )
        doc.write_text(current, encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1:])
