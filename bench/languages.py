"""What languages cost and how the translated picture reads, from one run: `python bench/languages.py`.

Issue 18 part 2 put message catalogs into every page and a second view (the German one) into the Cosmose
page. For three models (a small one, Cosmose with its `translations: de`, the TCF vendor list v17 imported
by this checkout) this script renders the page with this checkout and with another one (`--before DIR`,
run with the same Python), and reports page bytes and the processor time (user + system) of the whole
`adflows render` process, best of `--repeat`. Then it opens this checkout's Cosmose page in headless
Chromium at 1280x720 in presenter mode, in English (`#present`) and in German (`#present&lang=de`), and
counts overlaps and the smallest label over the overview and every step, as bench/legibility.py does.
Prints a Markdown section; `--write` puts it into docs/benchmarks.md. A script, not a timed test: the
numbers are reported, never asserted.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from browser import ARGS, CHROMIUM  # noqa: E402
from import_build import write_section  # noqa: E402
from legibility import measure_page, summarise  # noqa: E402

MARK = "<!-- section: languages -->"
DOC = ROOT / "docs" / "benchmarks.md"
GVL = ROOT / "tests" / "fixtures" / "tcf-gvl" / "vendor-list-v17.json"


def _models(work: Path) -> dict[str, str]:
    """Model files by name; the bundled ones are taken from each checkout's own models/ folder."""
    from flows.input.importers.gvl import import_gvl, read_gvl

    gvl = work / "gvl-v17.yaml"
    gvl.write_text(import_gvl(read_gvl(GVL.read_bytes(), str(GVL))).yaml(), encoding="utf-8")
    return {
        "small-group-teaching": "models/small-group-teaching.yaml",
        "cosmose-omnicookie": "models/cosmose-omnicookie.yaml",
        "TCF vendor list v17": str(gvl),
    }


def _render(checkout: Path, model: str, out: Path, repeat: int) -> float:
    """Best processor time (user + system, in seconds) of `repeat` whole `adflows render` processes."""
    env = {**os.environ, "PYTHONPATH": str(checkout)}
    best = float("inf")
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        command = [sys.executable, "-m", "flows", "render", model, "-o", str(out)]
        subprocess.run(command, cwd=checkout, env=env, check=True, capture_output=True)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        best = min(best, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime))
    return best


def _legibility(page_path: Path) -> dict[str, dict[str, Any]]:
    from playwright.sync_api import sync_playwright

    rows = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 720})
        for name, fragment in (("English", "present"), ("German", "present&lang=de")):
            rows[name] = summarise(name, measure_page(page, page_path.as_uri(), fragment))
        browser.close()
    return rows


def _commit(checkout: Path) -> str:
    done = subprocess.run(["git", "-C", str(checkout), "rev-parse", "--short", "HEAD"], capture_output=True)
    return done.stdout.decode().strip() or "unknown"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--before", type=Path, required=True, help="another checkout of adflows")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--write", action="store_true", help="write the section into docs/benchmarks.md")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for name, model in _models(work).items():
            times, sizes = [], []
            for side, checkout in (("before", args.before.resolve()), ("after", ROOT)):
                out = work / f"{side}-{Path(model).stem}.html"
                times.append(_render(checkout, model, out, args.repeat))
                sizes.append(out.stat().st_size)
            rows.append((name, sizes, times))
        legible = _legibility(work / "after-cosmose-omnicookie.html")
    lines = [
        "## Languages (issue 18 part 2)",
        "",
        f"Regenerate with `python bench/languages.py --before OTHER_CHECKOUT --repeat {args.repeat}` "
        f"(one run; before: commit {_commit(args.before)}, after: commit {_commit(ROOT)}; processor time "
        f"of the whole `adflows render` process, best of {args.repeat}; reported, never asserted).",
        "",
        "| model | page bytes before → after | render processor time before → after |",
        "|---|---|---|",
    ]
    for name, (b, a), (tb, ta) in rows:
        bytes_cell = f"{b:,} → {a:,} ({a / b - 1:+.1%})"
        lines.append(f"| {name} | {bytes_cell} | {tb:.2f} s → {ta:.2f} s ({ta / tb - 1:+.0%}) |")
    lines += [
        "",
        "Every page now carries the page's message catalogs (German and French, translated entries only), "
        "paid for by inlining the scripts without comment lines and indentation. Cosmose's page also "
        "carries its German view, built from the translated model with its own layout and analysis: that "
        "is its extra bytes and processor time.",
        "",
        "Cosmose at 1280x720 in presenter mode (overview and every step), this checkout:",
        "",
        "| view | views | node overlaps | label overlaps | labels crossed | smallest label px "
        "| graph share |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, r in legible.items():
        lines.append(
            f"| {name} | {r['views']} | {r['node_overlaps']} | {r['label_overlaps']} | {r['label_crossed']} "
            f"| {r['min_label_px']} | {r['min_graph_share']:.0%} |"
        )
    section = "\n".join(lines)
    print(section)
    if args.write:
        write_section(DOC, section, MARK)


if __name__ == "__main__":
    main()
