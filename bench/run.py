"""The benchmarks in one command: `python bench/run.py [--sizes 100,1000,5000,20000] [--quick]`.

Generates models of each size (about four flows per node, `bench/generate.py`) plus the imported TCF
vendor list, measures every pipeline stage, pyvis's own paths and the `json.dumps` lower bound on the
same payload in the same run, the whole `adflows render` process, and the first drawn frame in headless
Chromium; then writes `docs/benchmarks.md` (with `--quick`: `bench/results/benchmarks-quick.md`).
Raw figures go to `bench/results/results.json`. These are scripts, not timed tests.
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
RESULTS = ROOT / "bench" / "results"
GVL = ROOT / "tests" / "fixtures" / "tcf-gvl" / "vendor-list-v17.json"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from browser import first_draw  # noqa: E402
from report import write_report  # noqa: E402

FROM_NX_BUDGET_S = 60  # run pyvis's from_nx only where it is predicted to finish within this
WORKER_TIMEOUT_S = 1800


def _worker(mode: str, model: Path, repeat: int = 1, timeout: float = WORKER_TIMEOUT_S) -> dict[str, Any]:
    cmd = [sys.executable, str(ROOT / "bench" / "measure.py"), mode, str(model), "--repeat", str(repeat)]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False, cwd=ROOT)
    if done.returncode != 0:
        return {
            "error": done.stderr.strip().splitlines()[-1]
            if done.stderr.strip()
            else f"exit {done.returncode}"
        }
    return json.loads(done.stdout)


END_TO_END_RUNS = 3


def _end_to_end(model: Path, runs: int = END_TO_END_RUNS) -> dict[str, Any]:
    """Wall time and peak RSS of the whole `adflows render` process (interpreter start included).

    Best of `runs` processes, like the stages: on a shared machine the same run varies by a second
    at 20,000 nodes, and the fastest is the one least disturbed. Every run's time is kept."""
    times: list[float] = []
    rss = 0
    for _ in range(runs):
        single = _render_process(model)
        if "error" in single:
            return single
        times.append(single["seconds"])
        rss = max(rss, single["max_rss_bytes"])
    return {"seconds": min(times), "all_seconds": times, "max_rss_bytes": rss}


def _render_process(model: Path) -> dict[str, Any]:
    out = model.with_suffix(".e2e.html")
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "flows", "render", str(model), "-o", str(out)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    stderr = proc.stderr.read().decode() if proc.stderr else ""
    out.unlink(missing_ok=True)
    if proc.returncode != 0:
        return {"error": stderr.strip()[-300:]}
    return {"seconds": elapsed, "max_rss_bytes": usage.ru_maxrss * 1024}


def _tree_memory(model: Path, every_s: float = 0.02) -> dict[str, Any]:
    """Peak memory of one more `adflows render` run, all of its processes together (untimed).

    The analysis runs in a forked copy of the render process (`flows/second_core.py`), and max RSS
    counts each process alone, with the model's shared pages in both. The sum of proportional set
    sizes (PSS) over the process tree counts shared pages once; it is sampled from /proc, whose page
    walks would slow the timed runs, hence a run of its own. Linux only."""
    if not Path("/proc/self/smaps_rollup").exists():
        return {"error": "needs Linux /proc"}
    out = model.with_suffix(".mem.html")
    cmd = [sys.executable, "-m", "flows", "render", str(model), "-o", str(out)]
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = 0
    while proc.poll() is None:
        peak = max(peak, sum(_pss(pid) for pid in _process_tree(proc.pid)))
        time.sleep(every_s)
    out.unlink(missing_ok=True)
    return {"pss_sum_bytes": peak} if proc.returncode == 0 else {"error": f"exit {proc.returncode}"}


def _process_tree(pid: int) -> list[int]:
    pids = [pid]
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            children = Path(f"/proc/{pid}/task/{task}/children").read_text().split()
            for child in children:
                pids.extend(_process_tree(int(child)))
    except OSError:  # the process ended while being read
        pass
    return pids


def _pss(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return 0


def _models(sizes: list[int], with_gvl: bool) -> dict[str, Path]:
    models: dict[str, Path] = {}
    for size in sizes:
        path = RESULTS / f"model-{size}.yaml"
        print(f"generating {size:,} nodes", file=sys.stderr, flush=True)
        # In a child process: this one then stays small, and the render processes it starts do not
        # inherit a large peak RSS (Linux keeps ru_maxrss across fork and exec).
        generate = [sys.executable, str(ROOT / "bench" / "generate.py"), str(size), "-o", str(path)]
        subprocess.run(generate, check=True)
        models[f"{size:,} nodes"] = path
    if with_gvl and GVL.exists():
        from flows.importers.gvl import import_gvl, read_gvl

        path = RESULTS / "gvl-v17.yaml"
        path.write_text(import_gvl(read_gvl(GVL.read_bytes(), str(GVL))).yaml(), encoding="utf-8")
        models["TCF vendor list v17"] = path
    return models


def _predict_from_nx(done: list[dict[str, Any]], nodes: int, flows: int) -> float | None:
    """pyvis's inserts scan lists, so its cost grows with nodes x (nodes + edges); scale the last run."""
    timed = [r for r in done if isinstance(r.get("from_nx"), dict) and "total" in r["from_nx"]]
    if not timed:
        return None
    last = max(timed, key=lambda r: r["nodes"])
    scale = nodes * (nodes + flows) / (last["nodes"] * (last["nodes"] + last["flows"]))
    return float(last["from_nx"]["total"]) * scale


def run(sizes: list[int], quick: bool, browser: bool) -> dict[str, Any]:
    models = _models(sizes, with_gvl=True)
    rows: list[dict[str, Any]] = []
    for name, path in models.items():
        # Best of several everywhere: one 20k-node run varied by 10-15% on this shared machine.
        repeat = 1 if quick else 5 if path.stat().st_size < 2_000_000 else 3
        print(f"measuring {name}", file=sys.stderr, flush=True)
        row: dict[str, Any] = {
            "name": name,
            "model": str(path.relative_to(ROOT)),
            **_worker("stages", path, repeat),
        }
        if "error" in row:
            rows.append(row)
            continue
        row["memory"] = _worker("memory", path)
        row["pyvis"] = _worker("pyvis", path, repeat)
        predicted = _predict_from_nx([r for r in rows if "nodes" in r], row["nodes"], row["flows"])
        row["from_nx_predicted_s"] = predicted
        if not quick and (predicted is None or predicted <= FROM_NX_BUDGET_S):
            # Best of as many runs as the stages where that fits the budget (one at 20,000 nodes).
            runs = repeat if predicted is None or predicted * repeat <= FROM_NX_BUDGET_S else 1
            limit = 2 * FROM_NX_BUDGET_S * runs
            try:
                row["from_nx"] = _worker("from_nx", path, runs, timeout=limit)
            except subprocess.TimeoutExpired:
                row["from_nx"] = {"error": f"killed after {limit} s"}
        row["end_to_end"] = _end_to_end(path)
        row["end_to_end_memory"] = _tree_memory(path)
        rows.append(row)
    draws = (
        first_draw({r["name"]: Path(r["page"]) for r in rows if "page" in r}, repeat=1 if quick else 2)
        if browser
        else {}
    )
    for row in rows:
        row["first_draw"] = draws.get(row["name"], draws.get("error"))
    return {"rows": rows, "quick": quick}


def main() -> None:
    parser = argparse.ArgumentParser(description="Run the adflows benchmarks and write docs/benchmarks.md.")
    parser.add_argument(
        "--sizes", default=None, help="node counts, comma-separated (default 100,1000,5000,20000)"
    )
    parser.add_argument(
        "--quick", action="store_true", help="small sizes, one repetition, no from_nx; writes bench/results/"
    )
    parser.add_argument("--no-browser", action="store_true", help="skip the Chromium first-draw measurement")
    parser.add_argument(
        "--report-only", action="store_true", help="rewrite the report from bench/results/results.json"
    )
    args = parser.parse_args()
    if args.report_only:
        results = json.loads((RESULTS / "results.json").read_text(encoding="utf-8"))
        target = RESULTS / "benchmarks-quick.md" if results.get("quick") else ROOT / "docs" / "benchmarks.md"
        write_report(results, target)
        return
    default = "100,1000" if args.quick else "100,1000,5000,20000"
    sizes = [int(s.replace("_", "")) for s in (args.sizes or default).split(",") if s.strip()]
    RESULTS.mkdir(parents=True, exist_ok=True)
    started = time.time()
    load_before = os.getloadavg()
    results = run(sizes, args.quick, browser=not args.no_browser)
    results.update(
        {
            "sizes": sizes,
            "load_before": load_before,
            "load_after": os.getloadavg(),
            "wall_s": time.time() - started,
            "argv": sys.argv[1:],
        }
    )
    (RESULTS / "results.json").write_text(json.dumps(results, indent=2), encoding="utf-8")
    target = RESULTS / "benchmarks-quick.md" if args.quick else ROOT / "docs" / "benchmarks.md"
    write_report(results, target)
    print(f"wrote {target.relative_to(ROOT)} and bench/results/results.json", file=sys.stderr)


if __name__ == "__main__":
    main()
