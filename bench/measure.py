"""One measurement in a fresh process: `python bench/measure.py MODE MODEL.yaml [--repeat N]` prints JSON.

Run by `bench/run.py`, one process per (model, mode), so no measurement inherits another's heap (a big
heap makes Python's cyclic GC slower, which would bias later stages). Modes:

* `stages`: wall time (time.perf_counter, best of N) of each pipeline stage, of `json.dumps` of the
  same view payload (the lower bound), and writes the page next to the model for the browser test;
* `memory`: tracemalloc peak of each stage (separate, because tracing slows Python down 2-3x);
* `pyvis`: pyvis 0.3.2's documented build path, `add_node`/`add_edge` then `write_html`;
* `from_nx`: pyvis's `from_nx` then `write_html`, the path the foundation issue measured.

Both pyvis modes get the same payload as our page: labels, tooltips, positions, colours and shapes.
Every mode runs as `adflows render` does, with Python's cyclic garbage collector switched off (see
`flows.cli.main`), so ours, pyvis and json.dumps are all timed under the same conditions as the tool.
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flows.analysis.run import analyse
from flows.input.model import resolve
from flows.input.validate import validate
from flows.input.yamldoc import load_yaml
from flows.output.page import render_view
from flows.view.graph_view import to_view


def _stages(text: bytes, name: str) -> list[tuple[str, Callable[[dict[str, Any]], Any]]]:
    """The pipeline as named steps; each reads what earlier steps left in `state`."""
    return [
        ("load", lambda s: s.__setitem__("raw", load_yaml(text, name, keep_going=True))),
        ("validate", lambda s: s.__setitem__("model", resolve(validate(s["raw"]), s["raw"]))),
        # `analyse` builds the graph of record (`build_graph`) and the view's layout reads it.
        ("analyse", lambda s: s.__setitem__("analysis", analyse(s["model"]))),
        ("view", lambda s: s.__setitem__("view", to_view(s["model"], graph=s["analysis"].graph))),
        ("html", lambda s: s.__setitem__("page", render_view(s["view"]).html)),
        ("json_dumps", lambda s: s.__setitem__("json", json.dumps(s["view"]))),
    ]


def warm_page_assets() -> float:
    """Read the bundled vis-network and viewer once, as every process does on its first page.

    That one-off cost is reported on its own, so the html stage compares like with like at every size.
    """
    from flows.output import page as render_html

    start = time.perf_counter()
    render_html._assets()
    render_html._template()
    return time.perf_counter() - start


def measure_stages(path: Path, repeat: int) -> dict[str, Any]:
    text = path.read_bytes()
    assets = warm_page_assets()
    best: dict[str, float] = {}
    state: dict[str, Any] = {}
    for _ in range(repeat):
        state = {}
        for stage, run in _stages(text, path.name):
            start = time.perf_counter()
            run(state)
            elapsed = time.perf_counter() - start
            best[stage] = min(best.get(stage, elapsed), elapsed)
    page = path.with_suffix(".html")
    page.write_text(state["page"], encoding="utf-8")
    model = state["model"]
    return {
        "seconds": best,
        "page_assets_once": assets,
        "nodes": len(model.nodes),
        "flows": len(model.flows),
        "yaml_bytes": len(text),
        "html_bytes": len(state["page"].encode("utf-8")),
        "json_bytes": len(state["json"].encode("utf-8")),
        "page": str(page),
    }


def measure_memory(path: Path) -> dict[str, Any]:
    """Peak bytes traced during each stage, with earlier stages' results still alive (as in a real run)."""
    text = path.read_bytes()
    state: dict[str, Any] = {}
    peaks: dict[str, int] = {}
    tracemalloc.start()
    for stage, run in _stages(text, path.name):
        tracemalloc.reset_peak()
        before = tracemalloc.get_traced_memory()[0]
        run(state)
        peaks[stage] = tracemalloc.get_traced_memory()[1] - before
    tracemalloc.stop()
    return {"peak_bytes": peaks}


def _payload(path: Path) -> dict[str, Any]:
    """The view our page draws, so pyvis gets exactly the same nodes, edges and attributes."""
    text = path.read_bytes()
    raw = load_yaml(text, path.name, keep_going=True)
    return to_view(resolve(validate(raw), raw))


def _pyvis_nodes(view: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    keys = ("label", "title", "x", "y", "color", "shape")
    return [(n["id"], {k: n[k] for k in keys}) for n in view["nodes"]]


def _pyvis_edges(view: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [(e["source"], e["target"], {"title": e["title"], "label": e["label"]}) for e in view["edges"]]


def measure_pyvis(path: Path, from_nx: bool, repeat: int = 1) -> dict[str, Any]:
    """pyvis's time on the same payload: the best of `repeat` runs, as for our stages."""
    view = _payload(path)
    nodes, edges = _pyvis_nodes(view), _pyvis_edges(view)
    runs = [_pyvis_once(nodes, edges, from_nx) for _ in range(repeat)]
    best = min(runs, key=lambda run: run["total"])
    return {**best, "all_totals": [run["total"] for run in runs]}


def _pyvis_once(
    nodes: list[tuple[str, dict[str, Any]]], edges: list[tuple[str, str, dict[str, Any]]], from_nx: bool
) -> dict[str, Any]:
    from pyvis.network import Network

    with tempfile.TemporaryDirectory() as folder:
        out = str(Path(folder) / "pyvis.html")
        start = time.perf_counter()
        net = Network(directed=True, cdn_resources="in_line")
        if from_nx:
            import networkx as nx

            graph = nx.MultiDiGraph()
            graph.add_nodes_from(nodes)
            graph.add_edges_from(edges)
            start = time.perf_counter()  # building the networkx graph is not pyvis's cost
            net.from_nx(graph)
        else:
            for node_id, attrs in nodes:
                net.add_node(node_id, **attrs)
            for source, target, attrs in edges:
                net.add_edge(source, target, **attrs)
        built = time.perf_counter()
        net.write_html(out, notebook=False)
        done = time.perf_counter()
        size = Path(out).stat().st_size
    return {"build": built - start, "write_html": done - built, "total": done - start, "html_bytes": size}


def main() -> None:
    parser = argparse.ArgumentParser(description="One benchmark measurement; prints JSON.")
    parser.add_argument("mode", choices=("stages", "memory", "pyvis", "from_nx"))
    parser.add_argument("model", type=Path)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    gc.disable()  # as in `adflows render`, for every mode alike
    if args.mode == "stages":
        result = measure_stages(args.model, args.repeat)
    elif args.mode == "memory":
        result = measure_memory(args.model)
    else:
        result = measure_pyvis(args.model, from_nx=args.mode == "from_nx", repeat=args.repeat)
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
