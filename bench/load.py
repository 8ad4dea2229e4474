"""A bounded loopback load test of the web app: `python bench/load.py [--clients N] [--seconds T] [--quick]`.

Starts `adflows serve` on 127.0.0.1 (a free port) in a subprocess serving models/, then runs N concurrent
clients for T seconds, each cycling through `POST /api/render` and `POST /api/check` with every bundled
model's YAML and `GET /models/{id}`. Records requests, errors, status codes, p50/p90/p99 latency and
throughput per route, and the server's resident memory (VmRSS before, peak while sampling, after; and
the kernel's VmHWM). Stops by itself, then writes `docs/load.md` (with `--quick`: 10 clients for 5 s,
written to `bench/results/load-quick.md`; `--uncached` bypasses the answer cache, written to
`bench/results/load-uncached.md`). Exits 1 on any error or if peak RSS passes `--max-rss-mb`.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import platform
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import httpx2

ROOT = Path(__file__).resolve().parent.parent
STARTUP_SECONDS = 60.0
REQUEST_TIMEOUT = 60.0
SAMPLE_EVERY = 0.1
YAML = {"Content-Type": "text/yaml"}


@dataclass
class Results:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    statuses: Counter[str] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)
    rss_kib: list[int] = field(default_factory=list)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def memory_kib(pid: int) -> dict[str, int]:
    """VmRSS (now) and VmHWM (peak so far) of a process, in KiB, from /proc/PID/status."""
    found = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            found[key] = int(value.split()[0])
    return found


def start_server(models: Path, port: int, log: IO[bytes]) -> subprocess.Popen[bytes]:
    """`adflows serve` as a user runs it; its stderr (warnings, tracebacks) goes to `log`, not a pipe."""
    command = [sys.executable, "-m", "flows", "serve", "--models", str(models), "--port", str(port)]
    return subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=log)


async def wait_ready(base: str, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    async with httpx2.AsyncClient(base_url=base, timeout=2.0) as client:
        while time.monotonic() < deadline:
            if server.poll() is not None:
                raise SystemExit(f"the server exited with {server.returncode}")
            try:
                if (await client.get("/api/models")).status_code == 200:
                    return
            except httpx2.TransportError:
                pass
            await asyncio.sleep(0.1)
    raise SystemExit(f"the server did not answer within {STARTUP_SECONDS} s")


def request_plan(
    models: list[Path], uncached: bool, mix: str = "default"
) -> list[tuple[str, str, str, bytes | None]]:
    """(route label, method, url, body) for every model: render, check, and its page; with the
    `gallery` mix (issue 15's check), the gallery and a render, alternately.

    With `uncached`, each body ends with a comment, so its hash is no catalogue file's: every render and
    check is computed afresh, as for a model typed in the editor.
    """
    plan = []
    for model in models:
        body = model.read_bytes() + (b"\n# load test: not a catalogue file\n" if uncached else b"")
        if mix == "gallery":
            plan.append(("GET /", "GET", "/", None))
            plan.append(("POST /api/render", "POST", "/api/render", body))
            continue
        plan.append(("POST /api/render", "POST", "/api/render", body))
        plan.append(("POST /api/check", "POST", "/api/check", body))
        plan.append(("GET /models/{id}", "GET", f"/models/{model.stem}", None))
    return plan


async def client_loop(base: str, plan: list[Any], start: int, until: float, results: Results) -> None:
    async with httpx2.AsyncClient(base_url=base, timeout=REQUEST_TIMEOUT) as client:
        for label, method, url, body in itertools.islice(itertools.cycle(plan), start, None):
            if time.monotonic() >= until:
                return
            began = time.perf_counter()
            try:
                response = await client.request(method, url, content=body, headers=YAML if body else None)
                await response.aread()
            except httpx2.HTTPError as exc:
                results.errors.append(f"{label}: {type(exc).__name__}: {exc}")
                continue
            results.latencies[label].append(time.perf_counter() - began)
            results.statuses[str(response.status_code)] += 1
            if response.status_code != 200:
                results.errors.append(f"{label}: HTTP {response.status_code}")


async def sample_memory(pid: int, stop: asyncio.Event, results: Results) -> None:
    while not stop.is_set():
        results.rss_kib.append(memory_kib(pid)["VmRSS"])
        await asyncio.sleep(SAMPLE_EVERY)


async def run_load(base: str, pid: int, args: argparse.Namespace) -> Results:
    results = Results()
    plan = request_plan(args.model_files, args.uncached, args.mix)
    clients, seconds = args.clients, args.seconds
    stop = asyncio.Event()
    sampler = asyncio.create_task(sample_memory(pid, stop, results))
    until = time.monotonic() + seconds
    # Each client starts at a different point of the plan, so every route is busy from the first second.
    await asyncio.gather(*(client_loop(base, plan, i, until, results) for i in range(clients)))
    stop.set()
    await sampler
    return results


def percentile(values: list[float], q: float) -> float:
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


def route_rows(results: Results, seconds: float) -> list[str]:
    rows = []
    everything = [v for values in results.latencies.values() for v in values]
    for label, values in [*sorted(results.latencies.items()), ("all", everything)]:
        if not values:
            continue
        ms = [v * 1000 for v in values]
        rows.append(
            f"| {label} | {len(values):,} | {len(values) / seconds:,.1f} | {percentile(ms, 50):,.1f} | "
            f"{percentile(ms, 90):,.1f} | {percentile(ms, 99):,.1f} | {max(ms):,.1f} |"
        )
    return rows


def machine() -> str:
    cpu = "unknown CPU"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    return f"{cpu}, {os.cpu_count()} cores visible; Python {platform.python_version()}; {platform.platform()}"


def write_report(path: Path, args: argparse.Namespace, results: Results, memory: dict[str, int]) -> None:
    total = sum(len(v) for v in results.latencies.values())
    mib = lambda kib: f"{kib / 1024:,.0f} MiB"  # noqa: E731
    command = "python bench/load.py --quick" if args.quick else "python bench/load.py"
    if not args.quick and (args.clients, args.seconds) != (50, 30):
        command = f"python bench/load.py --clients {args.clients} --seconds {args.seconds:g}"
    if args.mix != "default":
        command = f"python bench/load.py --mix {args.mix} --clients {args.clients} --seconds {args.seconds:g}"
    command = f"`{command}{' --uncached' if args.uncached else ''}`"
    if command == "`python bench/load.py`":
        command += " (or `make load`)"
    statuses = ", ".join(f"{code}: {n:,}" for code, n in sorted(results.statuses.items())) or "none"
    lines = [
        "# Load test",
        "",
        f"Generated by {command}; do not edit by hand. One `adflows serve` process on 127.0.0.1, "
        f"{args.clients} concurrent clients (asyncio + httpx2, one connection each, in another process on "
        f"the same machine) for {args.seconds:g} s, each cycling through {MIXES[args.mix]}. Latency is "
        "measured by the clients, so it includes their own share of the CPU.",
        "",
        f"- Machine: {machine()}; load average (1 min) at end {os.getloadavg()[0]:.2f}",
        f"- Models: {len(args.model_files)} ({', '.join(p.stem for p in args.model_files)})",
        f"- Requests: {total:,}; errors: {len(results.errors)}; status codes: {statuses}",
        f"- Throughput: {total / args.seconds:,.1f} requests/s",
        f"- Server memory (VmRSS): {mib(memory['before'])} before the load, peak {mib(memory['peak'])} "
        f"(sampled every {SAMPLE_EVERY:g} s), {mib(memory['after'])} after; VmHWM {mib(memory['hwm'])}",
        "",
        "| route | requests | per second | p50 ms | p90 ms | p99 ms | max ms |",
        "|---|---:|---:|---:|---:|---:|---:|",
        *route_rows(results, args.seconds),
        "",
        "Renders and checks of text that is byte for byte a catalogue model are answered from the server's",
        "content-hash cache (`web.service.AnswerCache`); model pages from `PreparedCache`. Any other text is",
        "computed for its request and not kept: `python bench/load.py --uncached` measures that path"
        + (" (this run)." if args.uncached else "."),
    ]
    if results.errors:
        lines += ["", "## Errors (first 20)", "", *(f"- {e}" for e in results.errors[:20])]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


MIXES = {
    "default": "`POST /api/render` and `POST /api/check` with the YAML of every bundled model and "
    "`GET /models/{id}`",
    "gallery": "`GET /` (the gallery) and `POST /api/render` with the YAML of every bundled model,"
    " alternately",
}


def stop_server(server: subprocess.Popen[bytes]) -> None:
    server.send_signal(signal.SIGINT)
    try:
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait(timeout=5)


def measure(args: argparse.Namespace, log: IO[bytes]) -> tuple[Results, dict[str, int]]:
    """Start the server, wait for it, run the load, stop it; the results and its memory in KiB."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = start_server(args.models, port, log)
    try:
        asyncio.run(wait_ready(base, server))
        before = memory_kib(server.pid)["VmRSS"]
        results = asyncio.run(run_load(base, server.pid, args))
        after = memory_kib(server.pid)
    finally:
        stop_server(server)
    peak = max([*results.rss_kib, after["VmRSS"]])
    return results, {"before": before, "peak": peak, "after": after["VmRSS"], "hwm": after["VmHWM"]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--quick", action="store_true", help="10 clients for 5 s, report in bench/results/")
    parser.add_argument("--models", type=Path, default=ROOT / "models")
    parser.add_argument(
        "--max-rss-mb", type=float, default=1024.0, help="fail if the server's peak passes this"
    )
    parser.add_argument("--uncached", action="store_true", help="send text the answer cache never admits")
    parser.add_argument("--output", type=Path, default=None)
    parser.add_argument(
        "--mix", choices=sorted(MIXES), default="default", help="which routes the clients cycle"
    )
    args = parser.parse_args()
    if args.quick:
        args.clients, args.seconds = 10, 5.0
    side = ROOT / "bench" / "results" / ("load-uncached.md" if args.uncached else "load-quick.md")
    if args.mix != "default":
        side = side.with_name(f"load-{args.mix}{'-uncached' if args.uncached else ''}.md")
    output = args.output or (
        side if args.quick or args.uncached or args.mix != "default" else ROOT / "docs" / "load.md"
    )
    args.model_files = sorted(args.models.glob("*.yaml"))
    with tempfile.TemporaryFile() as log:
        results, memory = measure(args, log)
        log.seek(0)
        server_log = [line for line in log.read().decode("utf-8", "replace").splitlines() if line.strip()]
    server_log = [line for line in server_log if not line.startswith("adflows: ")]
    if server_log:  # more than the start-up banner: warnings or tracebacks
        print("server log (last 40 lines):\n" + "\n".join(server_log[-40:]), file=sys.stderr)
    write_report(output, args, results, memory)
    print(output.read_text(encoding="utf-8"))
    print(f"wrote {output.relative_to(ROOT) if output.is_relative_to(ROOT) else output}")
    too_big = memory["peak"] / 1024 > args.max_rss_mb
    if too_big:
        print(
            f"error: server peak RSS {memory['peak'] / 1024:,.0f} MiB > {args.max_rss_mb:g} MiB",
            file=sys.stderr,
        )
    return 1 if results.errors or too_big else 0


if __name__ == "__main__":
    sys.exit(main())
