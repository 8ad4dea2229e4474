"""networkx is the graph of record: `build_graph` runs once per model on every path a user takes.

Counted with a profile hook in every thread around the real entry points (the CLI in-process, the web
app over HTTP, whose requests run on other threads), so the count holds however a module imported
the function. Once, not zero (the README's pipeline is what
runs) and not twice (the analysis, the layout and the exporters share one graph).
"""

from __future__ import annotations

import shutil
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from types import FrameType

import pytest
from typer.testing import CliRunner

from flows.analysis import graph
from flows.cli import app
from tests.web_client import local_client
from web.app import create_app

ROOT = Path(__file__).parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "tiny-store.yaml"
runner = CliRunner()


def build_graph_calls(action: Callable[[], object]) -> int:
    """How many times `flows.analysis.graph.build_graph` ran during `action()`, on any thread."""
    code = graph.build_graph.__code__
    calls = 0

    def hook(frame: FrameType, event: str, arg: object) -> None:
        nonlocal calls
        if event == "call" and frame.f_code is code:
            calls += 1

    sys.setprofile(hook)
    threading.setprofile(hook)  # type: ignore[arg-type]
    try:
        action()
    finally:
        sys.setprofile(None)
        threading.setprofile(None)  # type: ignore[arg-type]
    return calls


def cli(*args: str) -> Callable[[], object]:
    def run() -> None:
        result = runner.invoke(app, list(args))
        assert result.exit_code in (0, 1), result.output  # `check` exits 1 when it finds something

    return run


def test_render_builds_the_graph_once(tmp_path: Path) -> None:
    assert build_graph_calls(cli("render", str(FIXTURE), "-o", str(tmp_path / "page.html"))) == 1


def test_render_beside_builds_the_graph_once_before_the_fork(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from flows.output import page

    monkeypatch.setattr(page, "BESIDE_MIN_ELEMENTS", 0)
    assert build_graph_calls(cli("render", str(FIXTURE), "-o", str(tmp_path / "page.html"))) == 1


def test_check_builds_the_graph_once() -> None:
    assert build_graph_calls(cli("check", str(FIXTURE))) == 1


@pytest.mark.parametrize("fmt", ["json", "graphml", "dot", "mermaid", "csv", "kumu"])
def test_export_builds_the_graph_once(fmt: str, tmp_path: Path) -> None:
    assert build_graph_calls(cli("export", str(FIXTURE), "-f", fmt, "-o", str(tmp_path / "out"))) == 1


def test_whatif_reads_a_view_of_the_graph_not_a_second_one() -> None:
    assert build_graph_calls(cli("whatif", str(FIXTURE), "--without", "sensor")) == 1


def test_the_served_page_builds_the_graph_once(tmp_path: Path) -> None:
    shutil.copy(FIXTURE, tmp_path / "tiny-store.yaml")
    client = local_client(create_app(tmp_path))

    def visit() -> None:
        assert client.get("/models/tiny-store").status_code == 200
        assert client.get("/api/models/tiny-store/findings").status_code == 200

    assert build_graph_calls(visit) == 1


def test_the_counter_sees_a_call() -> None:
    """The counter can fail: it counts a direct call."""
    from flows import build_graph, load_model

    model = load_model(FIXTURE)
    assert build_graph_calls(lambda: (build_graph(model), build_graph(model))) == 2
