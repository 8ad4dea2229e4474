"""Write `docs/benchmarks.md` from the figures `bench/run.py` collected (tables, ratios, goals, machine)."""

# Markdown table rows and their f-strings read best on one line each.
# ruff: noqa: E501

from __future__ import annotations

import os
import platform
import re
import subprocess
import sys
from importlib import metadata
from pathlib import Path
from typing import Any

GOAL_PYVIS_SPEEDUP = 50
GOAL_JSON_FACTOR = 3
GOAL_END_TO_END_S = 10
GOAL_FIRST_DRAW_MS = 1500
# Smooth panning: 95% of frames during a drag within two 60 Hz frames (30 frames a second or better).
GOAL_PAN_P95_MS = 34


def _s(value: Any) -> str:
    if not isinstance(value, (int, float)):
        return "-"
    return f"{value:.3f}" if value < 1 else f"{value:.2f}" if value < 100 else f"{value:.0f}"


def _mb(value: Any) -> str:
    return f"{value / 1e6:.1f}" if isinstance(value, (int, float)) else "-"


def _x(value: Any) -> str:
    return f"{value:.1f}x" if isinstance(value, (int, float)) else "-"


def _get(row: dict[str, Any], *keys: str) -> Any:
    value: Any = row
    for key in keys:
        value = value.get(key) if isinstance(value, dict) else None
    return value


def ours(row: dict[str, Any]) -> float | None:
    """Our graph-to-HTML stage: view (layout, labels, styles) plus the page."""
    view, html = _get(row, "seconds", "view"), _get(row, "seconds", "html")
    return view + html if isinstance(view, float) and isinstance(html, float) else None


def from_nx(row: dict[str, Any]) -> tuple[float | None, bool]:
    """(seconds, measured?) for pyvis's from_nx path: measured where it ran, else extrapolated.

    A run killed at its time limit gives that limit, a lower bound, unless the extrapolation is higher.
    """
    measured = _get(row, "from_nx", "total")
    if isinstance(measured, float):
        return measured, True
    killed = _killed_after(row)
    predicted = row.get("from_nx_predicted_s")
    if killed is not None and not (isinstance(predicted, float) and predicted > killed):
        return killed, False
    return predicted, False


def _killed_after(row: dict[str, Any]) -> float | None:
    error = _get(row, "from_nx", "error")
    if isinstance(error, str) and error.startswith("killed after "):
        return float(error.split()[2])
    return None


def _from_nx_text(row: dict[str, Any], value: str) -> str:
    """How a from_nx figure was obtained, next to the figure."""
    seconds, measured = from_nx(row)
    if measured or value == "-":
        return value
    if _killed_after(row) is not None and seconds == _killed_after(row):
        return f"> {value} (killed at the limit)"
    return f"~{value} (extrapolated, not run)"


def _ratio(a: Any, b: Any) -> float | None:
    return a / b if isinstance(a, (int, float)) and isinstance(b, (int, float)) and b > 0 else None


def machine() -> list[str]:
    cpu = (
        next(
            (
                line.split(":", 1)[1].strip()
                for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")
            ),
            platform.processor(),
        )
        if Path("/proc/cpuinfo").exists()
        else platform.processor()
    )
    mem = (
        next(
            (
                int(line.split()[1]) * 1024
                for line in Path("/proc/meminfo").read_text().splitlines()
                if line.startswith("MemTotal")
            ),
            0,
        )
        if Path("/proc/meminfo").exists()
        else 0
    )
    try:
        chromium = subprocess.run(
            ["/usr/bin/chromium", "--version"], capture_output=True, text=True, timeout=30, check=False
        ).stdout.strip()
    except OSError:
        chromium = "not installed"
    import yaml

    versions = ", ".join(
        f"{p} {_version(p)}" for p in ("pyyaml", "pydantic", "networkx", "pyvis", "jinja2", "playwright")
    )
    return [
        f"- CPU: {cpu}, {os.cpu_count()} cores visible; RAM {mem / 2**30:.0f} GiB; {platform.platform()}",
        f"- Python {sys.version.split()[0]}; libyaml C loader: {'yes' if yaml.__with_libyaml__ else 'no'}; {versions}",
        f"- Browser: {chromium or 'unknown'} (headless, `--no-sandbox --disable-background-networking --disable-gpu`)",
    ]


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "absent"


def _stage_table(rows: list[dict[str, Any]]) -> list[str]:
    lines = [
        "| model | nodes | flows | YAML MB | load | validate | analyse | view | html | **ours: graph→HTML** | json.dumps | pyvis add_node/add_edge + write_html | pyvis from_nx + write_html | `adflows render` process | first draw (ms) | set up (ms) |",
        "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for row in rows:
        sec = row.get("seconds", {})
        nx_text = _from_nx_text(row, _s(from_nx(row)[0]))
        draw = _get(row, "first_draw", "ms")
        ready = _get(row, "first_draw", "ready_ms")
        lines.append(
            f"| {row['name']} | {row.get('nodes', '-'):,} | {row.get('flows', '-'):,} | {_mb(row.get('yaml_bytes'))} | "
            f"{_s(sec.get('load'))} | {_s(sec.get('validate'))} | {_s(sec.get('analyse'))} | {_s(sec.get('view'))} | "
            f"{_s(sec.get('html'))} | **{_s(ours(row))}** | {_s(sec.get('json_dumps'))} | {_s(_get(row, 'pyvis', 'total'))} | "
            f"{nx_text} | {_s(_get(row, 'end_to_end', 'seconds'))} | {f'{draw:.0f}' if isinstance(draw, float) else '-'} | "
            f"{f'{ready:.0f}' if isinstance(ready, float) else '-'} |"
        )
    return lines


def _ratio_table(rows: list[dict[str, Any]]) -> list[str]:
    lines = [
        "| model | pyvis add path ÷ ours | pyvis from_nx ÷ ours | ours ÷ json.dumps | html alone ÷ json.dumps |",
        "|---|--:|--:|--:|--:|",
    ]
    for row in rows:
        nx_ratio = _from_nx_text(row, _x(_ratio(from_nx(row)[0], ours(row))))
        lines.append(
            f"| {row['name']} | {_x(_ratio(_get(row, 'pyvis', 'total'), ours(row)))} | "
            f"{nx_ratio} | "
            f"{_x(_ratio(ours(row), _get(row, 'seconds', 'json_dumps')))} | "
            f"{_x(_ratio(_get(row, 'seconds', 'html'), _get(row, 'seconds', 'json_dumps')))} |"
        )
    return lines


def _memory_table(rows: list[dict[str, Any]]) -> list[str]:
    stages = ("load", "validate", "analyse", "view", "html", "json_dumps")
    lines = [
        "| model | "
        + " | ".join(stages)
        + " | `adflows render` max RSS | `adflows render` PSS, all processes |",
        "|---|" + "--:|" * (len(stages) + 2),
    ]
    for row in rows:
        peaks = _get(row, "memory", "peak_bytes") or {}
        lines.append(
            f"| {row['name']} | "
            + " | ".join(_mb(peaks.get(s)) for s in stages)
            + f" | {_mb(_get(row, 'end_to_end', 'max_rss_bytes'))}"
            + f" | {_mb(_get(row, 'end_to_end_memory', 'pss_sum_bytes'))} |"
        )
    return lines


def _runs_text(runs: Any) -> str:
    """' (best of 9.8, 10.1 and 10.4 s)' for the goal line, or nothing for a single run."""
    if not isinstance(runs, list) or len(runs) < 2:
        return ""
    shown = [_s(r) for r in runs]
    return f" (best of {', '.join(shown[:-1])} and {shown[-1]} s)"


def _goals(rows: list[dict[str, Any]]) -> list[str]:
    by_nodes = {row.get("nodes"): row for row in rows if row["name"].endswith("nodes")}
    biggest = by_nodes.get(max(by_nodes, default=None)) if by_nodes else None
    out: list[str] = []

    def mark(ok: bool | None) -> str:
        return "✅ met" if ok else "❌ not met" if ok is not None else "- not measured"

    if biggest:
        speedup = _ratio(from_nx(biggest)[0], ours(biggest))
        out.append(
            f"- At {biggest['nodes']:,} nodes, graph→HTML at least {GOAL_PYVIS_SPEEDUP}x faster than pyvis's from_nx path: "
            f"{_from_nx_text(biggest, _x(speedup))} — {mark(speedup >= GOAL_PYVIS_SPEEDUP if speedup else None)}"
        )
        e2e = _get(biggest, "end_to_end", "seconds")
        out.append(
            f"- {biggest['nodes']:,} nodes / {biggest['flows']:,} flows end to end (`adflows render` process) under {GOAL_END_TO_END_S} s: "
            f"{_s(e2e)} s — {mark(e2e < GOAL_END_TO_END_S if isinstance(e2e, float) else None)}"
            + _runs_text(_get(biggest, "end_to_end", "all_seconds"))
        )
    factors = [_ratio(ours(r), _get(r, "seconds", "json_dumps")) for r in rows]
    worst = max((f for f in factors if f), default=None)
    out.append(
        f"- Graph→HTML within {GOAL_JSON_FACTOR}x of `json.dumps` at every size: worst {_x(worst)} — {mark(worst <= GOAL_JSON_FACTOR if worst else None)}"
    )
    small, large = by_nodes.get(1000), biggest
    if small and large and large is not small:
        for label, key in (("whole pipeline", None), ("graph→HTML", "ours")):
            t_small = ours(small) if key else sum(v for k, v in small["seconds"].items() if k != "json_dumps")
            t_large = ours(large) if key else sum(v for k, v in large["seconds"].items() if k != "json_dumps")
            growth = _ratio(t_large, t_small)
            scale = large["nodes"] / small["nodes"]
            out.append(
                f"- Growth {small['nodes']:,} → {large['nodes']:,} nodes ({scale:.0f}x the size), {label}: {_x(growth)} the time "
                f"({_x(_ratio(growth, scale))} linear)"
            )
    five = by_nodes.get(5000)
    draw = _get(five, "first_draw", "ms") if five else None
    out.append(
        f"- First draw at 5,000 nodes within {GOAL_FIRST_DRAW_MS} ms: {f'{draw:.0f} ms' if isinstance(draw, float) else '-'} — "
        f"{mark(draw <= GOAL_FIRST_DRAW_MS if isinstance(draw, float) else None)}"
    )
    pan = _get(five, "first_draw", "pan_p95_ms") if five else None
    out.append(
        f"- Panning at 5,000 nodes smooth (95% of frames during a drag within {GOAL_PAN_P95_MS} ms, 30 frames a second or better): "
        f"{f'{pan:.1f} ms' if isinstance(pan, float) else '-'} — {mark(pan <= GOAL_PAN_P95_MS if isinstance(pan, float) else None)}"
    )
    return out


def _pan_table(rows: list[dict[str, Any]]) -> list[str]:
    base = next((r for r in rows if r.get("nodes") == 100), None)
    base_p95 = _get(base, "first_draw", "pan_p95_ms") if base else None
    lines = [
        "| model | 95th percentile frame interval (ms) | frames per second | p95 ÷ 100 nodes |",
        "|---|--:|--:|--:|",
    ]
    for row in rows:
        p95, fps = _get(row, "first_draw", "pan_p95_ms"), _get(row, "first_draw", "pan_fps")
        lines.append(
            f"| {row['name']} | {f'{p95:.1f}' if isinstance(p95, float) else '-'} | "
            f"{f'{fps:.0f}' if isinstance(fps, float) else '-'} | {_x(_ratio(p95, base_p95))} |"
        )
    return lines


def write_report(results: dict[str, Any], target: Path) -> None:
    rows = results["rows"]
    before, after = results.get("load_before", (0, 0, 0)), results.get("load_after", (0, 0, 0))
    sizes = ",".join(str(s) for s in results.get("sizes", []))
    lines = [
        "# Benchmarks",
        "",
        "Generated by `python bench/run.py"
        + (" --quick" if results.get("quick") else "")
        + f" --sizes {sizes}` (or `make bench`); do not edit by hand.",
        "Every figure below comes from the same run on the same machine. Times are wall-clock seconds, best of",
        "five repetitions for models under 2 MB of YAML, of three above, for ours and pyvis alike (pyvis's from_nx:",
        "as many as fit a 60 s budget, so one run at 20,000 nodes). Models are generated by",
        "`bench/generate.py` (about four flows per node, shaped like a journey); the last row is the TCF Global",
        "Vendor List v17 imported with `adflows import gvl`.",
        "",
        "## Machine",
        "",
        *machine(),
        f"- Load average (1 min) at start {before[0]:.2f}, at end {after[0]:.2f}; whole run {results.get('wall_s', 0) / 60:.1f} min.",
        "  Other work on this shared 2-core machine makes single-run figures noisy; compare ratios within a row.",
        "",
        "## Goals",
        "",
        *_goals(rows),
        "",
        "## Time per stage (seconds)",
        "",
        "Stages: **load** = YAML text → RawDocument (safe loader, spans); **validate** = schema, references and",
        "the frozen Model; **analyse** = the networkx graph plus journeys, who-knows-what and the privacy rules; **view** =",
        "layout, labels, styles (`to_view`); **html** = the page (`render_view`). **ours: graph→HTML** = view + html.",
        "**json.dumps** = `json.dumps` of the same view payload, the lower bound for any HTML renderer. The pyvis",
        "columns build the same nodes and edges (labels, tooltips, positions, colours, shapes) with pyvis 0.3.2 and",
        'call `write_html` (`cdn_resources="in_line"`, so the page also embeds vis-network). The process column is',
        "`python -m flows render MODEL -o OUT` as a user runs it, interpreter start included (best of three processes;",
        "every run is listed under the goals); from 5,000 nodes and flows, and on a machine with two or more cores, it",
        "computes the analysis in a forked copy of itself while it builds the drawing view (`flows/speed/second_core.py`).",
        "First draw: navigation",
        "start to the viewer's first `afterDrawing` in headless Chromium (physics off, layout computed in Python); on",
        "large graphs that frame shows the nodes over a sketch of every flow as a plain line, and vis-network takes the",
        "flows over right after. **Set up**: navigation start to the page being fully interactive (vis-network owns every",
        "flow, panels, story and links to findings work).",
        "Every in-process column (ours, json.dumps and both pyvis paths) runs with Python's cyclic garbage collector",
        "off, as `adflows render` does; the pyvis columns get our precomputed positions, while our view includes",
        "computing them.",
        "",
        *_stage_table(rows),
        "",
        "## Ratios (same run)",
        "",
        *_ratio_table(rows),
        "",
        "## Panning (headless Chromium)",
        "",
        "Once a page is set up, the mouse drags the graph's view in 60 steps of a few pixels, one every 16 ms or as",
        "fast as the page takes them (`bench/browser.py`); every animation frame while the button is down is",
        "timed. At 60 frames a second a frame lasts 16.7 ms; a longer interval is the screen standing still while",
        "a redraw kept the page busy. Large graphs (from 1,000 nodes or 4,000 flows) hide their flows while dragged",
        "and draw each node as a rectangle of its colour and size, then draw everything again on release.",
        "",
        *_pan_table(rows),
        "",
        "## Peak memory (MB)",
        "",
        "tracemalloc peak of each stage, measured in a separate pass (tracing slows Python down), with earlier",
        "stages' results still alive as in a real run; the html stage includes reading the bundled vis-network",
        "once per process. The last two columns are the whole `adflows render` process: max RSS (of the larger",
        "process, when the analysis runs in a forked copy beside the view), and the peak of the proportional set",
        "sizes of all its processes together, sampled in a separate run, which counts pages they share once.",
        "",
        *_memory_table(rows),
        "",
    ]
    parts = ("memory", "pyvis", "from_nx", "end_to_end", "end_to_end_memory")
    notes = [
        r
        for r in rows
        if r.get("error")
        or any(_get(r, p, "error") for p in parts)
        or _get(r, "first_draw", "errors")
        or _get(r, "first_draw", "requests")
    ]
    if notes or results.get("notes"):
        lines += ["## Notes and problems seen during the run", ""]
        lines += [f"- {note}" for note in results.get("notes", [])]
        for row in notes:
            if row.get("error"):
                lines.append(f"- {row['name']}: {row['error']}")
            for part in parts:
                if _get(row, part, "error"):
                    lines.append(f"- {row['name']}, {part}: {_get(row, part, 'error')}")
            for error in _get(row, "first_draw", "errors") or []:
                lines.append(f"- {row['name']}, browser: {error}")
            for url in _get(row, "first_draw", "requests") or []:
                lines.append(f"- {row['name']}, browser made a network request: {url}")
        lines.append("")
    lines += [
        "Load test of the web app (50 concurrent clients, p50/p99, server memory): [load.md](load.md),",
        "regenerated by `make load`.",
        "",
    ]
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text("\n".join(lines) + kept_sections(target), encoding="utf-8")


SECTION = re.compile(r"\n<!-- section: [a-z0-9-]+ -->\n.*?\n<!-- end of section -->\n", re.S)


def kept_sections(target: Path) -> str:
    """Sections other scripts write into the same file (e.g. `bench/import_build.py`), kept as they were."""
    old = target.read_text(encoding="utf-8") if target.exists() else ""
    return "".join(m.group(0) for m in SECTION.finditer(old))
