"""The picture a class reads: floors of legibility on every bundled model, presenter mode, focused
steps, the details panel beside the picture, the print handout and the phone, in Debian's Chromium."""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page

import flows
from flows.output.page import render_html
from tests.browser.conftest import SETTLE, Guard

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
MODELS = sorted((ROOT / "models").glob("*.yaml"))
COSMOSE = ROOT / "models" / "cosmose-omnicookie.yaml"
READY = "document.body.dataset.ready === '1'"
_spec = importlib.util.spec_from_file_location("bench_legibility", ROOT / "bench" / "legibility.py")
assert _spec and _spec.loader
legibility = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(legibility)


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    out = tmp_path_factory.mktemp("legible")
    urls = {}
    for model in MODELS:
        path = out / f"{model.stem}.html"
        path.write_text(render_html(flows.load_model(model)), encoding="utf-8")
        urls[model.stem] = path.as_uri()
    return urls


def _open(browser: Browser, guard: Guard, width: int, height: int) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    guard.attach(page)
    yield page
    context.close()
    assert guard.problems() == []


@pytest.fixture
def projector(browser: Browser, guard: Guard) -> Iterator[Page]:
    """A classroom projector: 1280x720."""
    yield from _open(browser, guard, 1280, 720)


@pytest.fixture
def phone(browser: Browser, guard: Guard) -> Iterator[Page]:
    yield from _open(browser, guard, 390, 844)


def go(page: Page, url: str) -> None:
    page.goto(url)
    page.wait_for_function(READY)
    page.evaluate(SETTLE)


def show(page: Page, step: int) -> dict[str, Any]:
    page.evaluate("n => window.adflows.showStep(n)", step)
    page.evaluate(SETTLE)
    return legibility.measure(page.evaluate("window.adflows.geometry()"))


@pytest.mark.parametrize("model", MODELS, ids=lambda p: p.stem)
def test_every_view_of_every_model_is_legible_on_a_projector(
    projector: Page, pages: dict[str, str], model: Path
) -> None:
    go(projector, pages[model.stem] + "#present")
    assert projector.evaluate("window.adflows.network.kind") == "svg"
    assert projector.evaluate("window.adflows.network.body") is None  # no vis internals to read
    steps = projector.evaluate("window.adflows.view.story.length")
    assert steps > 0
    for step in range(steps + 1):
        m = show(projector, step)
        where = f"{model.stem} step {step}: {m}"
        assert m["nodes_in_view"] > 0, where
        assert m["node_overlaps"] == 0, where
        assert m["label_overlaps"] == 0, where
        assert m["label_crossed"] == 0, where
        assert m["min_label_px"] >= 12, where
        assert m["graph_share"] >= 0.8, where


def test_the_floors_catch_a_broken_picture(projector: Page, pages: dict[str, str]) -> None:
    """The measure is not blind: zoomed far out, labels are too small and some of them collide."""
    go(projector, pages["cosmose-omnicookie"] + "#present")
    projector.evaluate("window.adflows.network.zoom(0.25)")
    m = legibility.measure(projector.evaluate("window.adflows.geometry()"))
    assert m["min_label_px"] < 12
    moved = projector.evaluate("""() => { const g = window.adflows.geometry();
      g.nodes[1].box = g.nodes[0].box.slice(); g.labels[1].box = g.labels[0].box.slice(); return g; }""")
    m = legibility.measure(moved)
    assert m["node_overlaps"] >= 1 and m["label_overlaps"] >= 1


def test_presenter_mode_steps_with_the_keyboard(projector: Page, pages: dict[str, str]) -> None:
    go(projector, pages["cosmose-omnicookie"])
    assert not projector.evaluate("document.body.classList.contains('presenting')")
    projector.click("#story-present")
    assert projector.evaluate("document.body.classList.contains('presenting')")
    assert projector.evaluate("location.hash") == "#present&step=0"
    # The picture fills the screen; the step's title and narration sit on top of it.
    box = projector.locator("#network").bounding_box()
    assert box and box["width"] * box["height"] >= 0.8 * 1280 * 720
    assert projector.locator("#story-narration").is_visible()
    assert projector.locator(".page-header").is_hidden()
    last = projector.evaluate("window.adflows.view.story.length")
    for key, expected in [("ArrowRight", 1), ("Space", 2), ("ArrowLeft", 1), ("End", last), ("Home", 0)]:
        projector.keyboard.press(key)
        assert projector.evaluate("document.getElementById('story-step').dataset.step") == str(expected), key
    projector.keyboard.press("PageDown")
    assert projector.evaluate("location.hash") == "#present&step=1"
    projector.keyboard.press("Escape")
    assert not projector.evaluate("document.body.classList.contains('presenting')")
    assert projector.locator(".page-header").is_visible()


def test_a_share_link_opens_the_story_at_a_step(projector: Page, pages: dict[str, str]) -> None:
    go(projector, pages["cosmose-omnicookie"] + "#present&step=3")
    assert projector.evaluate("document.body.classList.contains('presenting')")
    assert projector.evaluate("document.getElementById('story-step').dataset.step") == "3"
    title = projector.evaluate("window.adflows.view.story[2].title")
    assert projector.inner_text("#story-title") == title


def test_a_step_dims_the_rest_and_shows_the_data_it_adds(projector: Page, pages: dict[str, str]) -> None:
    go(projector, pages["cosmose-omnicookie"] + "#present")
    assert projector.evaluate("document.querySelectorAll('#network .is-dim').length") == 0
    view = projector.evaluate("window.adflows.view")
    # "Adding age, gender and spending": items no flow brings into the source of the step's flow.
    edges = {e["id"]: e for e in view["edges"]}
    arriving: dict[str, set[str]] = {}
    for e in view["edges"]:
        arriving.setdefault(e["target"], set()).update(e["data"])
    adding = next(
        (s["index"], new)
        for s in view["story"]
        if "age" in s["title"].lower()
        for f in s["flows"]
        if (new := set(edges[f]["data"]) - arriving.get(edges[f]["source"], set()))
    )
    index, new = adding
    show(projector, index)
    step = view["story"][index - 1]
    lit = set(step["nodes"]) | {edges[f][k] for f in step["flows"] for k in ("source", "target")}
    dim = set(
        projector.evaluate("[...document.querySelectorAll('#network .node.is-dim')].map(g => g.dataset.id)")
    )
    assert dim == {n["id"] for n in view["nodes"]} - lit
    assert projector.evaluate("document.querySelectorAll('#network .node.is-hidden').length") == 0
    chips = projector.inner_text("#story-new")
    names = {d["id"]: d["name"] for d in view["data"]}
    for item in ("age", "gender", "spending-level"):
        assert item in new and names[item] in chips, item
    assert projector.evaluate("document.querySelectorAll('#network .edge-label.has-new').length") > 0


def test_the_details_panel_never_covers_the_selected_node(projector: Page, pages: dict[str, str]) -> None:
    go(projector, pages["cosmose-omnicookie"])
    view = projector.evaluate("window.adflows.view")
    for node in view["nodes"]:
        projector.evaluate("id => window.adflows.openPanel('node', id)", node["id"])
        projector.evaluate(SETTLE)
        projector.wait_for_timeout(30)
        projector.evaluate(SETTLE)
        panel = projector.locator("#panel").bounding_box()
        box = projector.evaluate(
            "id => window.adflows.geometry().nodes.find(n => n.id === id).box", node["id"]
        )
        assert panel is not None
        covered = box[2] > panel["x"] and box[0] < panel["x"] + panel["width"]
        covered = covered and box[3] > panel["y"] and box[1] < panel["y"] + panel["height"]
        assert not covered, node["id"]


def test_a_finding_focuses_its_flows_like_a_step(projector: Page, pages: dict[str, str]) -> None:
    go(projector, pages["cosmose-omnicookie"])
    finding = projector.evaluate("window.adflows.view.findings.find(f => f.flows.length > 0)")
    projector.evaluate("k => window.adflows.panels.showFinding(k)", finding["key"])
    lit = projector.evaluate("[...document.querySelectorAll('#network .edge.is-lit')].map(g => g.dataset.id)")
    assert set(lit) == set(finding["flows"])
    # The list leads with words; the rule id waits behind "For experts".
    item = projector.locator(f'#tool-findings li[data-key="{finding["key"]}"]')
    assert item.locator(".finding-lead").inner_text().strip()
    assert item.locator(".for-experts code").first.is_hidden()


def test_legend_names_six_distinct_line_styles(projector: Page, pages: dict[str, str]) -> None:
    go(projector, pages["cosmose-omnicookie"])
    patterns = projector.evaluate(
        "[...document.querySelectorAll('#legend-evidence li')].map(li => "
        "[li.querySelector('line').getAttribute('stroke-dasharray'), li.innerText])"
    )
    assert len({p for p, _ in patterns}) == len(patterns) >= 6
    kinds = projector.inner_text("#legend-kinds")
    assert "triangleDown" not in kinds and "(" not in kinds


@pytest.mark.parametrize("model", MODELS, ids=lambda p: p.stem)
def test_printing_gives_a_page_per_step(projector: Page, pages: dict[str, str], model: Path) -> None:
    go(projector, pages[model.stem])
    steps = projector.evaluate("window.adflows.view.story.length")
    pdf = projector.pdf(landscape=True, format="A4")
    pages = len(re.findall(rb"/Type\s*/Page\b", pdf))
    assert steps + 1 <= pages <= steps + 3
    # Each step's page: its picture (framed on it), its narration and its sources.
    sections = projector.locator("#handout .handout-page")
    assert sections.count() == steps + 2
    second = sections.nth(1)
    assert second.locator("h2").inner_text() == projector.evaluate("window.adflows.view.story[0].title")
    assert second.locator("svg.picture--print .node.is-lit").count() > 0
    assert "Sources for this step" in second.inner_text()


def test_on_a_phone_the_step_and_the_picture_share_the_screen(phone: Page, pages: dict[str, str]) -> None:
    go(phone, pages["cosmose-omnicookie"] + "#step=2")
    narration = phone.locator("#story-narration").bounding_box()
    picture = phone.locator("#network svg").bounding_box()
    assert narration and picture
    assert narration["y"] >= 0 and narration["y"] + narration["height"] <= 844
    assert picture["y"] + 0.5 * picture["height"] <= 844


def test_whole_picture_button_shows_every_node_and_fit_frames_the_step_again(
    projector: Page, pages: dict[str, str]
) -> None:
    go(projector, pages["cosmose-omnicookie"] + "#present&step=2")
    projector.click("button[aria-label^='Show the whole picture']")
    projector.evaluate(SETTLE)
    g = projector.evaluate("window.adflows.geometry()")
    canvas = g["canvas"]
    inside = [n for n in g["nodes"] if n["box"][0] >= canvas[0] and n["box"][2] <= canvas[2]]
    assert len(inside) == len(g["nodes"]) == len(projector.evaluate("window.adflows.view.nodes"))
    projector.click("button[aria-label^='Frame the current step']")
    projector.evaluate(SETTLE)
    assert legibility.measure(projector.evaluate("window.adflows.geometry()"))["min_label_px"] >= 12


PICTURE_ON_SCREEN = """() => {
  const r = document.getElementById('network').getBoundingClientRect();
  const story = document.getElementById('story').getBoundingClientRect();
  return {visible: Math.min(r.bottom, innerHeight) - Math.max(r.top, 0), storyTop: story.top};
}"""


@pytest.mark.parametrize("model", ["small-group-teaching", "cosmose-omnicookie"])
def test_outside_presenter_mode_a_step_brings_its_text_and_the_picture_on_screen(
    projector: Page, pages: dict[str, str], model: str
) -> None:
    """Without #present, the header and the step's new-data chips pushed the picture below the fold."""
    go(projector, pages[model])
    steps = projector.evaluate("window.adflows.view.story.length")
    for step in range(1, steps + 1):
        show(projector, step)
        seen = projector.evaluate(PICTURE_ON_SCREEN)
        assert seen["visible"] >= 250, (step, seen)
        assert seen["storyTop"] >= 0, (step, seen)  # the step's title and narration are on screen too
