"""Measures of issue 17 part 2 (large models as an overview), from one run: `python bench/overview.py`.

For the TCF vendor list v17 (imported with `flows.input.importers.gvl`) and the generated 20,000-node model
(`bench/generate.py`), renders the page with this checkout and, for the "before" column, with another
checkout of the project (`--before /work/main`, run with the same Python), then measures in that one run:
page bytes and bytes of page per node or flow; the whole `adflows render` process (best of `--repeat`);
the first drawn frame and the moment the page is set up in headless Chromium (bench/browser.py, best of
`--repeat` loads); and, for this checkout's pages, the overview as drawn at 1280x720 (nodes and flows drawn,
overlapping node boxes and labels, the smallest label) read from `window.adflows.geometry()`, the same
geometry the shared legibility tool reads. Prints a Markdown section; `--write` puts it into
docs/benchmarks.md (kept when bench/run.py rewrites that file). A script, not a timed test.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from browser import ARGS, CHROMIUM, first_draw  # noqa: E402
from import_build import write_section  # noqa: E402

RESULTS = ROOT / "bench" / "results"
DOC = ROOT / "docs" / "benchmarks.md"
MARK = "<!-- section: overview -->"
GVL = ROOT / "tests" / "fixtures" / "tcf-gvl" / "vendor-list-v17.json"
GEOMETRY = """() => {
  const g = window.adflows.geometry();
  return {level: document.body.dataset.overviewLevel || null, nodes: g.nodes, labels: g.labels,
          edges: [...new Set(g.segs.map((s) => s.id))].length};
}"""


def _models() -> dict[str, Path]:
    from flows.input.importers.gvl import import_gvl, read_gvl

    RESULTS.mkdir(parents=True, exist_ok=True)
    gvl = RESULTS / "overview-gvl-v17.yaml"
    gvl.write_text(import_gvl(read_gvl(GVL.read_bytes(), str(GVL))).yaml(), encoding="utf-8")
    big = RESULTS / "overview-20000.yaml"
    if not big.exists():
        generate = [sys.executable, str(ROOT / "bench" / "generate.py"), "20000", "-o", str(big)]
        subprocess.run(generate, check=True)
    return {"TCF vendor list v17": gvl, "generated, 20,000 nodes": big}


def _render(checkout: Path, model: Path, out: Path, repeat: int) -> float:
    """Best wall time of `repeat` whole `adflows render` processes run in `checkout`."""
    env = {**os.environ, "PYTHONPATH": str(checkout)}
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "flows", "render", str(model), "-o", str(out)],
            cwd=checkout,
            env=env,
            check=True,
            capture_output=True,
        )
        best = min(best, time.perf_counter() - start)
    return best


def _overlaps(boxes: list[list[float]]) -> int:
    def hit(a: list[float], b: list[float]) -> bool:
        return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]

    return sum(hit(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1 :])


def _overview_geometry(pages: dict[str, Path]) -> dict[str, dict[str, Any]]:
    from playwright.sync_api import sync_playwright

    out: dict[str, dict[str, Any]] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        try:
            for name, path in pages.items():
                page = browser.new_page(viewport={"width": 1280, "height": 720})
                page.goto(path.as_uri())
                page.wait_for_selector("body[data-ready='1']", timeout=240_000)
                page.evaluate("new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))")
                g = page.evaluate(GEOMETRY)
                out[name] = {
                    "level": g["level"],
                    "nodes": len(g["nodes"]),
                    "edges": g["edges"],
                    "node_overlaps": _overlaps([n["box"] for n in g["nodes"]]),
                    "label_overlaps": _overlaps([label["box"] for label in g["labels"]]),
                    "min_font_px": round(min(label["font"] for label in g["labels"]), 1),
                }
                page.close()
        finally:
            browser.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", type=Path, required=True, help="checkout to render 'before' with")
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--write", action="store_true", help="update the section in docs/benchmarks.md")
    args = parser.parse_args()
    before_commit = subprocess.run(
        ["git", "-C", str(args.before), "rev-parse", "--short", "HEAD"], capture_output=True, text=True
    ).stdout.strip()
    after_commit = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True
    ).stdout.strip()
    from flows.input.load import load_model

    rows: list[dict[str, Any]] = []
    pages: dict[str, Path] = {}
    for name, model_path in _models().items():
        model = load_model(model_path)
        elements = len(model.nodes) + len(model.flows)
        row: dict[str, Any] = {"name": name, "nodes": len(model.nodes), "flows": len(model.flows)}
        for side, checkout in (("before", args.before), ("after", ROOT)):
            out = RESULTS / f"overview-{side}-{model_path.stem}.html"
            row[side] = {"render_s": _render(checkout, model_path, out, args.repeat)}
            row[side]["bytes"] = out.stat().st_size
            row[side]["per_element"] = out.stat().st_size / elements
            pages[f"{side}:{name}"] = out
        rows.append(row)
    drawn = first_draw(pages, repeat=args.repeat)
    geometry = _overview_geometry({k: v for k, v in pages.items() if k.startswith("after:")})
    for row in rows:
        for side in ("before", "after"):
            row[side]["draw"] = drawn.get(f"{side}:{row['name']}", {})
        row["overview"] = geometry[f"after:{row['name']}"]
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "overview.json").write_text(json.dumps(rows, indent=2), encoding="utf-8")
    section = _markdown(rows, before_commit, after_commit, args)
    print(section)
    if args.write:
        write_section(DOC, section, MARK)


def _ms(draw: dict[str, Any], key: str) -> str:
    value = draw.get(key)
    return f"{value:,.0f} ms" if isinstance(value, (int, float)) else "n/a"


def _markdown(rows: list[dict[str, Any]], before: str, after: str, args: argparse.Namespace) -> str:
    load = os.getloadavg()[0]
    lines = [
        "## Large models as an overview (issue 17, part 2)",
        "",
        f"Generated by `python bench/overview.py --before {args.before} --repeat {args.repeat} --write` "
        f"(kept when `bench/run.py` rewrites this file): before = `main` at `{before}`, after = this "
        f"branch at `{after}`, "
        f"both rendered and drawn in this one run (load average {load:.1f} at the end). Render = the whole "
        "`adflows render` process, first draw and set-up in headless Chromium (bench/browser.py), best of "
        f"{args.repeat}. The overview is read at 1280x720 from `window.adflows.geometry()`.",
        "",
        "| model | nodes / flows | page before → after | bytes per node or flow | first draw | "
        "page set up | whole render |",
        "|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        b, a = row["before"], row["after"]
        lines.append(
            f"| {row['name']} | {row['nodes']:,} / {row['flows']:,} | "
            f"{b['bytes'] / 1e6:.2f} MB → {a['bytes'] / 1e6:.2f} MB | "
            f"{b['per_element']:,.0f} → {a['per_element']:,.0f} | "
            f"{_ms(b['draw'], 'ms')} → {_ms(a['draw'], 'ms')} | "
            f"{_ms(b['draw'], 'ready_ms')} → {_ms(a['draw'], 'ready_ms')} | "
            f"{b['render_s']:.2f} s → {a['render_s']:.2f} s |"
        )
    lines += [
        "",
        "| model | overview level | nodes + flows drawn | node overlaps | label overlaps | smallest label |",
        "|---|---|---|---|---|---|",
    ]
    for row in rows:
        o = row["overview"]
        lines.append(
            f"| {row['name']} | {o['level']} | {o['nodes']} + {o['edges']} = {o['nodes'] + o['edges']} | "
            f"{o['node_overlaps']} | {o['label_overlaps']} | {o['min_font_px']} px |"
        )
    gvl, big = rows[0], rows[1]
    errors = sum(len(r[s]["draw"].get("errors", [])) for r in rows for s in ("before", "after"))
    requests = sum(len(r[s]["draw"].get("requests", [])) for r in rows for s in ("before", "after"))

    def met(ok: bool) -> str:
        return "✅ met" if ok else "❌ not met"

    def first(row: dict[str, Any]) -> float:
        value = row["after"]["draw"].get("ms")
        return float(value) if isinstance(value, (int, float)) else float("inf")

    o = gvl["overview"]
    lines += [
        "",
        "Goals:",
        "",
        f"- TCF v17 page ≤ 2 MB: {gvl['after']['bytes'] / 1e6:.2f} MB — {met(gvl['after']['bytes'] <= 2e6)}",
        f"- TCF v17 first draw ≤ 1 s: {first(gvl):,.0f} ms — {met(first(gvl) <= 1000)}",
        f"- TCF v17 overview at 1280x720 with no overlapping nodes or labels and ≤ 60 drawn elements: "
        f"{o['node_overlaps']} / {o['label_overlaps']} overlaps, {o['nodes'] + o['edges']} drawn — "
        f"{met(o['node_overlaps'] == 0 and o['label_overlaps'] == 0 and o['nodes'] + o['edges'] <= 60)}",
        f"- 20k page bytes per node or flow ≤ 150: {big['after']['per_element']:,.0f} — "
        f"{met(big['after']['per_element'] <= 150)}",
        f"- 20k first draw ≤ 2.5 s: {first(big):,.0f} ms — {met(first(big) <= 2500)}",
        f"- 20k whole render within today's time: {big['before']['render_s']:.2f} s → "
        f"{big['after']['render_s']:.2f} s — {met(big['after']['render_s'] <= big['before']['render_s'])}",
        f"- Console errors and requests to another host on all four pages: {errors} and {requests}.",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
