"""Time to first drawn frame of our pages in headless Chromium (Debian's /usr/bin/chromium, Playwright).

The viewer sets `document.body.dataset.drawn = "1"` in vis-network's first `afterDrawing`, and
`dataset.ready = "1"` once the page is fully set up (the same moment on small graphs; on large ones
vis takes over the sketched flows and the panels are built just after the first frame). An init script
(run by the browser before the page's own scripts, outside the page's CSP) records `performance.now()`
at both moments, which counts from navigation start, and logs them to the console (the page's CSP
forbids eval, so Playwright's `wait_for_function` cannot poll them). Each page is opened in a fresh
context; the best of `repeat` loads is kept, and console errors and non-file requests are reported.

Panning: once the page is set up, the mouse drags the graph's view by 60 small steps, one every 16 ms
or as fast as the page takes them, and the same init script records the time of every animation
frame between pointer down and up. A frame's interval is how long the screen stood still: 16.7 ms
at 60 frames a second, longer whenever a redraw kept the page busy. The 95th percentile is reported.
"""

from __future__ import annotations

import json
from itertools import pairwise
from pathlib import Path
from typing import Any

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-gpu"]
READY_PROBE = """
const seen = new Set();
new MutationObserver((_, observer) => {
  for (const mark of ['drawn', 'ready']) {
    if (!seen.has(mark) && document.body && document.body.dataset[mark] === '1') {
      seen.add(mark);
      console.info('adflows-' + mark + ':' + performance.now());
    }
  }
  if (seen.size === 2) observer.disconnect();
}).observe(document, {subtree: true, attributes: true, attributeFilter: ['data-drawn', 'data-ready']});
"""
PAN_PROBE = """
let panFrames = null;
addEventListener('pointerdown', () => {
  panFrames = [];
  const tick = (t) => { if (panFrames) { panFrames.push(t); requestAnimationFrame(tick); } };
  requestAnimationFrame(tick);
}, true);
addEventListener('pointerup', () => {
  const seen = panFrames;
  panFrames = null;
  console.info('adflows-pan:' + JSON.stringify(seen));
}, true);
"""
PAN_STEPS = 60


def first_draw(pages: dict[str, Path], repeat: int = 2, timeout_s: float = 240) -> dict[str, Any]:
    """{name: {"ms": best time to first draw, "errors": [...], "requests": [...]}}; {} without a browser."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return {"error": "playwright is not installed"}
    if not Path(CHROMIUM).exists():
        return {"error": f"{CHROMIUM} not found"}
    results: dict[str, Any] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        try:
            for name, page_path in pages.items():
                results[name] = _measure(browser, page_path, repeat, timeout_s)
        finally:
            browser.close()
    return results


def _measure(browser: Any, page_path: Path, repeat: int, timeout_s: float) -> dict[str, Any]:
    drawn_times: list[float] = []
    pan_frames: list[float] = []
    ready_times: list[float] = []
    errors: list[str] = []
    requests: list[str] = []
    for _ in range(repeat):
        context = browser.new_context(viewport={"width": 1280, "height": 800})
        context.add_init_script(READY_PROBE + PAN_PROBE)
        page = context.new_page()
        marks: dict[str, float] = {}
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("console", lambda m, marks=marks: _record_mark(m.text, marks))
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on(
            "request",
            lambda r: requests.append(r.url) if not r.url.startswith(("file:", "data:", "blob:")) else None,
        )
        try:
            # "ready" comes last (with "drawn" on small graphs, after it on large ones).
            with page.expect_console_message(
                lambda m: m.text.startswith("adflows-ready:"), timeout=timeout_s * 1000
            ):
                page.goto(page_path.resolve().as_uri(), wait_until="commit", timeout=timeout_s * 1000)
            drawn_times.append(marks["drawn"])
            ready_times.append(marks["ready"])
            if not pan_frames:
                pan_frames = _pan(page, timeout_s)
        except Exception as exc:  # a timeout or a crash is a result to report, not a reason to stop
            errors.append(f"{type(exc).__name__}: {str(exc).splitlines()[0]}")
        finally:
            context.close()
    return {
        "ms": min(drawn_times) if drawn_times else None,
        "all_ms": drawn_times,
        "ready_ms": min(ready_times) if ready_times else None,
        **_pan_figures(pan_frames),
        "errors": sorted(set(errors))[:5],
        "requests": sorted(set(requests))[:5],
    }


def _pan(page: Any, timeout_s: float) -> list[float]:
    """Drag the graph's view from an empty corner; the animation frames seen while the button was down."""
    box = page.locator("#network canvas, #network svg.picture").first.bounding_box()
    x, y = box["x"] + 4, box["y"] + 4
    with page.expect_console_message(_is_pan, timeout=timeout_s * 1000) as message:
        page.mouse.move(x, y)
        page.mouse.down()
        for step in range(1, PAN_STEPS + 1):
            page.mouse.move(x + 4 * step, y + 2 * step)
            page.wait_for_timeout(16)
        page.mouse.up()
    frames: list[float] = json.loads(message.value.text[len("adflows-pan:") :])
    return frames


def _is_pan(message: Any) -> bool:
    return str(message.text).startswith("adflows-pan:")


def _pan_figures(frames: list[float]) -> dict[str, Any]:
    if len(frames) < 3:
        return {"pan_p95_ms": None, "pan_fps": None}
    intervals = sorted(b - a for a, b in pairwise(frames))
    p95 = intervals[min(len(intervals) - 1, int(len(intervals) * 0.95))]
    return {"pan_p95_ms": p95, "pan_fps": len(intervals) / ((frames[-1] - frames[0]) / 1000)}


def _record_mark(text: str, marks: dict[str, float]) -> None:
    for mark in ("drawn", "ready"):
        prefix = f"adflows-{mark}:"
        if text.startswith(prefix):
            marks[mark] = float(text[len(prefix) :])
