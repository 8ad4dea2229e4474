"""The XSS suite: every bundled model with payloads in every free-text field stays inert in Chromium.

Each model (payloads rotated so that every payload is in every model) is rendered by the CLI and opened
from file://, and served by a real server at /models/{id}; the editor gets one pasted in. On each page
the test hovers and clicks every node and edge (with vis-network's tooltips shown at once), plays the
story, opens every finding, party, join, journey, what-if switch and filter, and the details drawer of
every element. Then: no payload marker, no dialog, no request off 127.0.0.1, no console error (the
guard), no element or event attribute a payload would add, and each payload shown as literal text.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page

from tests.browser.conftest import Guard
from tests.browser.test_page import READY
from tests.browser.web_server import WebServer, fresh_page, running_server  # noqa: F401  (fixtures)
from tests.xss.inject import inject
from tests.xss.payloads import PAYLOADS, WATCHED_TAGS

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
MODELS = sorted((ROOT / "models").glob("*.yaml"))
CLI_SECONDS = 60

# What a payload would leave behind if it were parsed as markup or ran: counted after every interaction.
INSPECT = """tags => {
  const counts = {};
  for (const tag of tags) counts[tag] = document.getElementsByTagName(tag).length;
  const events = [];
  const urls = [];
  for (const el of document.querySelectorAll('*')) {
    for (const attr of el.attributes) {
      const name = attr.name.toLowerCase();
      if (name.startsWith('on')) events.push(el.tagName + '[' + name + ']');
      if (/^\\s*(javascript|vbscript|data):/i.test(attr.value) && ['href', 'src', 'action', 'formaction',
          'srcdoc', 'xlink:href'].includes(name)) urls.push(el.tagName + '[' + name + ']=' + attr.value);
    }
  }
  const texts = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT, {
    acceptNode: (n) => n.parentElement.closest('script, style, template')
      ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT,
  });
  while (walker.nextNode()) texts.push(walker.currentNode.data);
  const titles = Array.from(document.querySelectorAll('[title], [aria-label]'),
    (el) => (el.getAttribute('title') || '') + ' ' + (el.getAttribute('aria-label') || ''));
  return {
    pwned: document.documentElement.dataset.pwned || document.body.dataset.pwned || null,
    counts: counts, events: events, urls: urls, text: texts.join('\\n'), attrs: titles.join('\\n'),
  };
}"""

# Page coordinates of every node centre and edge midpoint, after fitting the whole graph on screen.
POINTS = """network => {
  const n = network;
  n.setOptions({interaction: {tooltipDelay: 0}});
  n.fit({animation: false});
  const box = n.body.container.querySelector('canvas').getBoundingClientRect();
  const at = (p) => { const d = n.canvasToDOM(p); return {x: d.x + box.left, y: d.y + box.top}; };
  const ids = n.body.nodeIndices.slice();
  const pos = n.getPositions(ids);
  const nodes = ids.map((id) => Object.assign({id: id}, at(pos[id])));
  const edges = n.body.edgeIndices.map((id) => {
    const [a, b] = n.getConnectedNodes(id);
    const pa = n.getPositions([a])[a], pb = n.getPositions([b])[b];
    return Object.assign({id: id}, at({x: (pa.x + pb.x) / 2, y: (pa.y + pb.y) / 2}));
  });
  return {nodes: nodes, edges: edges};
}"""
# The same for the SVG picture (picture.js): its own coordinates, no vis internals.
SVG_POINTS = """network => {
  const n = network;
  n.fit({animation: false});
  const box = n.element.getBoundingClientRect();
  const at = (p) => { const d = n.canvasToDOM(p); return {x: d.x + box.left, y: d.y + box.top}; };
  const pos = n.getPositions();
  const nodes = Object.keys(pos).map((id) => Object.assign({id: id}, at(pos[id])));
  const labels = Array.from(n.element.querySelectorAll('.edge-label, .edge-badge'))
    .filter((g) => g.getBoundingClientRect().width > 0);
  const edges = labels.map((g) => {
    const r = g.getBoundingClientRect();
    return {id: g.dataset.id, x: r.left + r.width / 2, y: r.top + r.height / 2};
  });
  return {nodes: nodes, edges: edges};
}"""
# The SVG picture's tooltips are <title> elements (shown by the browser as text): what is under the pointer.
SVG_TOOLTIP = """([x, y]) => {
  const hit = document.elementFromPoint(x, y);
  const g = hit && hit.closest('.node, .edge, .edge-label, .edge-badge');
  const title = g && g.querySelector(':scope > title');
  return title ? {text: title.textContent, children: title.childElementCount} : null;
}"""
TOOLTIP = """() => {
  const tip = document.querySelector('.vis-tooltip');
  if (!tip || tip.style.visibility === 'hidden') return null;
  // vis-network escapes a string title and turns its newlines into <br>: any other element is markup.
  const markup = Array.from(tip.querySelectorAll('*')).filter((el) => el.tagName !== 'BR').length;
  return {text: tip.innerText, children: markup};
}"""
# Every control of the analysis panels, pressed the way a person would (the handlers are the same).
PANELS = """() => {
  const clicks = (selector) => { for (const b of document.querySelectorAll(selector)) b.click(); };
  for (const d of document.querySelectorAll('details')) d.open = true;
  clicks('#tool-findings .finding-button');
  const select = document.getElementById('knows-party');
  if (select) {
    for (const option of Array.from(select.options)) {
      select.value = option.value;
      select.dispatchEvent(new Event('change'));
      clicks('#knows-result .join-button');
    }
  }
  clicks('#tool-journeys .journey-button');
  const boxes = (selector) => Array.from(document.querySelectorAll(selector + ' input[type=checkbox]'));
  for (const box of boxes('#tool-whatif')) { box.click(); box.click(); }  // each switch alone
  for (const box of boxes('#tool-whatif')) box.click();  // then all of them at once
  for (const box of boxes('#tool-filters')) { box.click(); box.click(); }
  clicks('#tool-filters button');
  const view = window.adflows.view;
  for (const account of view.accounts || []) window.adflows.highlightAccount(account.id);
  for (const node of view.nodes) window.adflows.openPanel('node', node.id);
  for (const edge of view.edges) window.adflows.openPanel('edge', edge.id);
  clicks('#panel button, #narrative button, #elements button');
  return {
    findings: document.querySelectorAll('#tool-findings .finding-button').length,
    switches: boxes('#tool-whatif').length,
  };
}"""


def hostile_text(model: Path) -> str:
    # A different start per model: across models, each payload lands in different kinds of field.
    return inject(model.read_text(encoding="utf-8"), offset=MODELS.index(model))


@pytest.fixture(scope="module")
def hostile_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("xss-models")
    for model in MODELS:
        (folder / model.name).write_text(hostile_text(model), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def cli_pages(hostile_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Each hostile model rendered by `python -m flows render`, exactly as an author would."""
    out = tmp_path_factory.mktemp("xss-pages")
    pages = {}
    for model in MODELS:
        target = out / f"{model.stem}.html"
        subprocess.run(
            # Run in the models folder: the server names its files relative to it, never by full path.
            [sys.executable, "-m", "flows", "render", model.name, "-o", str(target)],
            check=True,
            cwd=hostile_dir,
            capture_output=True,
            timeout=CLI_SECONDS,
        )
        pages[model.stem] = target
    return pages


@pytest.fixture(scope="module")
def hostile_server(hostile_dir: Path) -> Iterator[WebServer]:
    with running_server(hostile_dir) as server:
        yield server


@pytest.fixture(scope="module")
def baseline(browser: Any, tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], dict[str, int]]:
    """The page's own count of each watched element, from the same model without payloads."""
    out = tmp_path_factory.mktemp("xss-clean")
    counts: dict[str, dict[str, int]] = {}

    def of(stem: str) -> dict[str, int]:
        if stem not in counts:
            target = out / f"{stem}.html"
            subprocess.run(
                [sys.executable, "-m", "flows", "render", f"models/{stem}.yaml", "-o", str(target)],
                check=True,
                cwd=ROOT,
                capture_output=True,
                timeout=CLI_SECONDS,
            )
            context = browser.new_context(viewport={"width": 1400, "height": 1000})
            page = context.new_page()
            page.goto(target.as_uri())
            page.wait_for_function(READY)
            counts[stem] = page.evaluate(INSPECT, list(WATCHED_TAGS))["counts"]
            context.close()
        return counts[stem]

    return of


def hover_and_click_graph(page: Page, network: str) -> list[dict[str, Any]]:
    """Move over and click every node centre and edge midpoint; return the tooltips that showed."""
    svg = page.evaluate(f"() => ({network}).kind === 'svg'")
    points = page.evaluate(f"() => ({SVG_POINTS if svg else POINTS})({network})")
    tips = []
    for point in [*points["nodes"], *points["edges"]]:
        page.keyboard.press("Escape")  # the details drawer covers the right of the graph
        page.mouse.move(point["x"], point["y"])
        page.mouse.move(point["x"] + 1, point["y"])  # vis-network shows a tooltip on a pointer move
        tip = page.evaluate(SVG_TOOLTIP, [point["x"] + 1, point["y"]]) if svg else page.evaluate(TOOLTIP)
        if tip is not None:
            tips.append(tip)
        page.mouse.click(point["x"], point["y"])
    page.keyboard.press("Escape")
    return tips


def assert_inert(page: Page, guard: Guard, expected_counts: dict[str, int]) -> dict[str, Any]:
    found: dict[str, Any] = page.evaluate(INSPECT, list(WATCHED_TAGS))
    assert found["pwned"] is None, f"payload {found['pwned']} ran"
    assert guard.dialogs == [] and guard.blocked == [], guard.problems()
    assert found["events"] == [], found["events"]
    assert found["urls"] == [], found["urls"]
    counts = {tag: n for tag, n in found["counts"].items() if tag != "a"}  # source links vary per model
    assert counts == {tag: n for tag, n in expected_counts.items() if tag != "a"}
    return found


def exercise_viewer(page: Page, url: str, guard: Guard, expected_counts: dict[str, int]) -> None:
    page.goto(url)
    page.wait_for_function(READY)
    assert_inert(page, guard, expected_counts)
    tips = hover_and_click_graph(page, "window.adflows.network")
    assert tips, "no tooltip showed while hovering the graph"
    assert all(tip["children"] == 0 for tip in tips), "a tooltip holds markup"
    story = page.evaluate("window.adflows.view.story.length")
    for _ in range(story + 1):
        page.keyboard.press("ArrowRight")
    for step in range(story):
        page.evaluate("i => window.adflows.showStep(i)", step)
    opened = page.evaluate(PANELS)
    assert opened["findings"] > 0
    found = assert_inert(page, guard, expected_counts)
    shown = found["text"] + "\n" + found["attrs"] + "\n" + "\n".join(t["text"] for t in tips)
    missing = [p.name for p in PAYLOADS if p.text not in shown]
    assert missing == [], f"payloads not shown as literal text: {missing}"


@pytest.mark.parametrize("model", MODELS, ids=lambda p: p.stem)
def test_cli_page_stays_inert(
    page: Page,
    guard: Guard,
    model: Path,
    cli_pages: dict[str, Path],
    baseline: Callable[[str], dict[str, int]],
) -> None:
    exercise_viewer(page, cli_pages[model.stem].as_uri(), guard, baseline(model.stem))


@pytest.mark.parametrize("model", MODELS, ids=lambda p: p.stem)
def test_served_page_stays_inert(
    page: Page,
    guard: Guard,
    model: Path,
    hostile_server: WebServer,
    cli_pages: dict[str, Path],
    baseline: Callable[[str], dict[str, int]],
) -> None:
    response = page.request.get(f"{hostile_server.url}/models/{model.stem}")
    assert response.status == 200
    assert response.text() == cli_pages[model.stem].read_text(encoding="utf-8")  # the same bytes
    assert "script-src 'sha256-" in response.headers["content-security-policy"]
    exercise_viewer(page, f"{hostile_server.url}/models/{model.stem}", guard, baseline(model.stem))


EDITOR_READY = "() => document.getElementById('editor').dataset.state === 'valid'"
PASTE = """async text => {
  const editor = window.adflowsEditor;
  editor.state.cm.setValue(text);
  window.clearTimeout(editor.state.timer);
  await editor.update();
  return {state: document.getElementById('editor').dataset.state, nodes: editor.state.nodes.length};
}"""


EDITOR_MODELS = [ROOT / "models" / f"{stem}.yaml" for stem in ("cosmose-omnicookie", "rtb-bidstream")]


@pytest.mark.parametrize("model", EDITOR_MODELS, ids=lambda p: p.stem)
def test_editor_with_a_pasted_hostile_model_stays_inert(
    page: Page, guard: Guard, model: Path, hostile_server: WebServer
) -> None:
    page.goto(f"{hostile_server.url}/editor")
    page.wait_for_function(EDITOR_READY, timeout=15_000)
    own = page.evaluate(INSPECT, list(WATCHED_TAGS))["counts"]
    text = hostile_text(model)
    result = page.evaluate(PASTE, text)
    assert result["state"] == "valid" and result["nodes"] > 0
    tips = hover_and_click_graph(page, "window.adflowsEditor.state.network")
    assert all(tip["children"] == 0 for tip in tips)
    found = assert_inert(page, guard, own)
    shown = found["text"] + "\n" + "\n".join(t["text"] for t in tips)
    # The editor shows the YAML itself (CodeMirror draws it as text), so every payload is visible.
    assert page.evaluate("window.adflowsEditor.state.cm.getValue()") == text
    assert any(p.text in shown for p in PAYLOADS)
