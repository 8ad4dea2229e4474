"""Run axe-core (the engine behind browsers' accessibility audits) inside a page under test.

axe-core comes from the npm registry (`make axe` installs it into the git-ignored `.axe/` folder; the
ADFLOWS_AXE environment variable may point at another copy of `axe.min.js`). The test injects it into
the page through the DevTools protocol, so no page we ship ever carries it, and the pages' Content
Security Policy stays as it is. A missing axe-core fails the test with the command that installs it:
an accessibility check that silently skips would be a check that cannot fail.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_AXE = ROOT / ".axe" / "node_modules" / "axe-core" / "axe.min.js"
# WCAG 2.0 and 2.1, levels A and AA: what issue 18 asks every page to pass.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

RUN_AXE = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
  return result.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map((n) => ({target: n.target.join(' '), summary: n.failureSummary || ''})),
  }));
}"""


@cache
def axe_source() -> str:
    path = Path(os.environ.get("ADFLOWS_AXE", DEFAULT_AXE))
    if not path.is_file():
        pytest.fail(
            f"axe-core not found at {path}: run `make axe` (npm install --no-save --prefix .axe axe-core@4) "
            "or set ADFLOWS_AXE to an axe.min.js"
        )
    return path.read_text(encoding="utf-8")


def violations(page: Page) -> list[dict[str, Any]]:
    """axe-core's WCAG 2.1 A/AA violations on the page as it stands now."""
    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(axe_source() + "\n;true")
    found: list[dict[str, Any]] = page.evaluate(RUN_AXE, WCAG_TAGS)
    return found


def describe(found: list[dict[str, Any]]) -> str:
    lines = []
    for v in found:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']}")
        for node in v["nodes"]:
            summary = " ".join(node["summary"].split())
            lines.append(f"    {node['target']}: {summary}")
    return "\n".join(lines)


def assert_accessible(page: Page, state: str) -> None:
    """Fail, listing rule id, target and summary, if axe-core finds any WCAG 2.1 A/AA violation."""
    found = violations(page)
    assert not found, f"axe-core: {len(found)} WCAG 2.1 A/AA rule(s) violated on {state}:\n{describe(found)}"
