"""Measures of issue 17 parts 1 and 3, from one run: `python bench/import_build.py`.

* `adflows import meta` (a whole CLI process, as a person runs it) on the example export zip and on a
  synthetic export of 5,000 advertisers and 50,000 events (`tests/meta_export.py`);
* `adflows build` of the bundled gallery into an empty folder, then again with unchanged models;
* the built site served by Python's plain `http.server` from a subfolder on 127.0.0.1 and opened in
  headless Chromium: pages drawn, console errors, requests to another host, and time to the first draw.

Each timing is the median of `--repeat` runs of the same command in this one run, as wall-clock time and
as the CPU time of the process (user + system), which other work on a shared machine disturbs far less.
Prints a Markdown section; `--write` puts it into docs/benchmarks.md. A script, not a timed test.
"""

from __future__ import annotations

import argparse
import functools
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.meta_export import export_zip  # noqa: E402

ADFLOWS = [sys.executable, "-m", "flows"]
EXAMPLE = ROOT / "tests" / "fixtures" / "meta-dyi" / "facebook-example.zip"
CHROMIUM = "/usr/bin/chromium"
DOC = ROOT / "docs" / "benchmarks.md"
MARK = "<!-- section: import-build -->"


def timed(cmd: list[str], repeat: int) -> tuple[float, float, str]:
    """Median wall-clock and CPU seconds (user + system, of the child) of `repeat` runs, and its last line."""
    walls, cpus, stderr = [], [], ""
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        done = subprocess.run(cmd, capture_output=True, text=True, check=True, cwd=ROOT)
        walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
        stderr = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else ""
        stderr = re.sub(r"^built \S+: ", "", stderr.split(" -> ")[0])  # no temporary paths
    return statistics.median(walls), statistics.median(cpus), stderr


class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def open_site(site_parent: Path, pages: list[str]) -> dict[str, object]:
    from playwright.sync_api import sync_playwright

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site_parent)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/sub/site/"
    drawn, errors, external, ms = 0, [], [], []
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-background-networking"]
        )
        for name in pages:
            context = browser.new_context(viewport={"width": 1280, "height": 720})
            page = context.new_page()
            page.on(
                "console", lambda m, n=name: errors.append(f"{n}: {m.text}") if m.type == "error" else None
            )
            page.on("pageerror", lambda e, n=name: errors.append(f"{n}: {e}"))
            page.on(
                "request",
                lambda r: (
                    external.append(r.url)
                    if urlsplit(r.url).hostname not in (None, "127.0.0.1")
                    and not r.url.startswith(("data:", "blob:"))
                    else None
                ),
            )
            start = time.perf_counter()
            page.goto(base + name)
            if name.startswith("models/"):
                page.wait_for_function("() => document.body.dataset.drawn === '1'", timeout=60_000)
                ms.append((time.perf_counter() - start) * 1000)
                drawn += 1
            context.close()
        browser.close()
    server.shutdown()
    return {
        "pages": len(pages),
        "drawn": drawn,
        "errors": errors,
        "external": external,
        "max_ms": max(ms or [0]),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--write", action="store_true", help="update the section in docs/benchmarks.md")
    args = parser.parse_args()
    load_start = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        large = work / "large.zip"
        large.write_bytes(export_zip(5_000, 50_000))
        example_s, example_cpu, _ = timed(
            [*ADFLOWS, "import", "meta", str(EXAMPLE), "-o", str(work / "a.yaml")], args.repeat
        )
        large_s, large_cpu, large_line = timed(
            [*ADFLOWS, "import", "meta", str(large), "-o", str(work / "b.yaml")], args.repeat
        )
        site = work / "host" / "sub" / "site"
        cold_s, cold_cpu, _ = timed([*ADFLOWS, "build", str(site), "--models", "models"], 1)  # empty folder
        rebuild_s, rebuild_cpu, rebuild_line = timed(
            [*ADFLOWS, "build", str(site), "--models", "models"], args.repeat
        )
        files = [p for p in site.rglob("*") if p.is_file()]
        size_mb = sum(p.stat().st_size for p in files) / 1e6
        pages = [
            "index.html",
            "404.html",
            *sorted(f"models/{p.name}" for p in (site / "models").glob("*.html")),
        ]
        browser = open_site(work / "host", pages)
        yaml_mb = (work / "b.yaml").stat().st_size / 1e6
    rows = [
        ("`adflows import meta` on the example zip", f"{example_s:.2f} s (CPU {example_cpu:.2f} s)", "≤ 1 s"),
        (
            "`adflows import meta`, synthetic 5,000 advertisers / 50,000 events",
            f"{large_s:.2f} s (CPU {large_cpu:.2f} s; {yaml_mb:.1f} MB of YAML; {large_line})",
            "≤ 5 s",
        ),
        (
            "`adflows build` of the bundled gallery, empty folder",
            f"{cold_s:.2f} s (CPU {cold_cpu:.2f} s; {len(files)} files, {size_mb:.1f} MB)",
            "≤ 10 s",
        ),
        (
            "`adflows build` again, models unchanged",
            f"{rebuild_s:.2f} s (CPU {rebuild_cpu:.2f} s; {rebuild_line})",
            "no file changed",
        ),
        (
            "built site from `http.server` in Chromium",
            f"{browser['drawn']} of {browser['pages'] - 2} story pages drawn (slowest "
            f"{browser['max_ms']:.0f} ms to first draw), index and 404 opened; "
            f"{len(browser['errors'])} console errors, {len(browser['external'])} requests to another host"
            + "".join(f" ({text[:200]})" for text in [*browser["errors"], *browser["external"]][:3]),
            "every page draws; 0; 0",
        ),
    ]
    lines = [
        "## Meta export import and static site",
        "",
        f"Generated by `python bench/import_build.py --repeat {args.repeat} --write` (kept when "
        f"`bench/run.py` rewrites this file); each time is the median of {args.repeat} runs of the whole "
        f"CLI process, on the machine above (load average {load_start:.1f} at start, "
        f"{os.getloadavg()[0]:.1f} at end: this shared 2-core machine makes single figures noisy).",
        "",
        "| measure | result | goal |",
        "|---|---|---|",
        *("| " + " | ".join(row) + " |" for row in rows),
    ]
    section = "\n".join(lines)
    print(section)
    if args.write:
        write_section(DOC, section)


def write_section(doc: Path, body: str, mark: str = MARK) -> None:
    """Replace the section of docs/benchmarks.md that starts at `mark` (a script's own), or append it."""
    start, end = f"\n{mark}\n", "\n<!-- end of section -->\n"
    text = doc.read_text(encoding="utf-8")
    block = f"{start}{body}{end}"
    if start in text:
        head, rest = text.split(start, 1)
        text = head + block + rest.split(end, 1)[1]
    else:
        text = text.rstrip("\n") + "\n" + block
    doc.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
