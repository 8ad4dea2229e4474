"""The house shows the pipeline: stage packages import one way, with no circle, in small modules.

The import graph is read from the source with `ast` (every import, also those inside functions), so a
lazy import cannot hide a wrong-way dependency. Stages run input -> analysis -> view -> output; the
command line and the web app sit on top; `flows.speed` is the shared floor. `flows/__init__.py` is the
public facade and may name any stage.
"""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

import networkx as nx

ROOT = Path(__file__).resolve().parent.parent
RANK = {"speed": 0, "input": 1, "analysis": 2, "view": 3, "output": 4, "web": 5, "cli": 6}
FACADE = {"flows", "flows.__main__"}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _type_only(tree: ast.Module) -> set[int]:
    """ids of the import statements under `if TYPE_CHECKING:` (never run, so never part of a circle)."""
    return {
        id(inner)
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and ast.unparse(node.test).endswith("TYPE_CHECKING")
        for stmt in node.body
        for inner in ast.walk(stmt)
    }


def _imports(path: Path, *, runtime_only: bool = False) -> set[str]:
    """Every flows.* / web.* module this file imports, at any depth of the file."""
    found: set[str] = set()
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = _type_only(tree) if runtime_only else set()
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return {name for name in found if name.split(".")[0] in ("flows", "web")}


def import_graph(*, runtime_only: bool = False) -> nx.DiGraph:
    """Module -> imported module, for every Python file under flows/ and web/."""
    files = sorted([*(ROOT / "flows").rglob("*.py"), *(ROOT / "web").rglob("*.py")])
    modules = {_module_name(path): path for path in files}
    graph = nx.DiGraph()
    graph.add_nodes_from(modules)
    for name, path in modules.items():
        for target in _imports(path, runtime_only=runtime_only):
            if target in modules and target != name:
                graph.add_edge(name, target)
    return graph


def stage(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] == "web":
        return "web"
    if module in FACADE:
        return None
    return parts[1]


def test_every_flows_module_sits_in_a_stage_package() -> None:
    unplaced = [m for m in import_graph() if stage(m) is None and m not in FACADE] + [
        m for m in import_graph() if stage(m) not in (None, *RANK)
    ]
    assert unplaced == []


def test_stages_import_only_earlier_stages() -> None:
    wrong_way = [
        f"{source} -> {target}"
        for source, target in import_graph().edges
        if source not in FACADE
        and stage(source) != stage(target)
        and RANK[str(stage(source))] < RANK[str(stage(target))]
    ]
    assert wrong_way == []


def test_no_import_circle_between_stage_packages() -> None:
    stages = nx.DiGraph()
    for source, target in import_graph().edges:
        if source not in FACADE and stage(source) != stage(target):
            stages.add_edge(stage(source), stage(target))
    assert list(nx.simple_cycles(stages)) == []


def test_no_import_circle_between_modules() -> None:
    """Package `__init__`s that import their own submodules are wiring, not a circle: left out, and so
    are imports only type checkers run."""
    graph = import_graph(runtime_only=True)
    graph.remove_edges_from([(s, t) for s, t in list(graph.edges) if t.startswith(s + ".")])
    assert list(nx.simple_cycles(graph)) == []


def test_the_command_modules_import_the_app_not_each_other() -> None:
    graph = import_graph()
    commands = [m for m in graph if m.startswith("flows.cli.") and m != "flows.cli.app"]
    assert commands
    for module in commands:
        assert "flows.cli" not in graph.successors(module), module
        others = [t for t in graph.successors(module) if t.startswith("flows.cli.") and t != "flows.cli.app"]
        assert others == [], module


def test_flows_top_level_is_short() -> None:
    entries = [p.name for p in (ROOT / "flows").iterdir() if p.name != "__pycache__"]
    assert len(entries) <= 10, sorted(entries)


def test_the_checker_sees_a_wrong_way_import(tmp_path: Path) -> None:
    """The graph reader finds lazy imports inside functions, so the direction test can fail."""
    source = tmp_path / "probe.py"
    source.write_text("def f():\n    from flows.output.page import render_html\n", encoding="utf-8")
    assert "flows.output.page" in _imports(source)


def test_the_checker_tells_type_only_imports_apart(tmp_path: Path) -> None:
    source = tmp_path / "probe.py"
    source.write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from flows.input.model import Model\n",
        encoding="utf-8",
    )
    assert "flows.input.model" in _imports(source)
    assert "flows.input.model" not in _imports(source, runtime_only=True)


MAX_LINES = 400


def test_no_python_module_is_over_400_lines() -> None:
    """Small modules with one job (the library, the web app, the benchmarks): a file past this is split
    by concern, not grown."""
    long = {
        str(path.relative_to(ROOT)): count
        for path in sorted(
            [*(ROOT / "flows").rglob("*.py"), *(ROOT / "web").rglob("*.py"), *(ROOT / "bench").glob("*.py")]
        )
        if (count := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}


def test_the_speed_switch_is_thrown_only_at_entry_points() -> None:
    """`flows.speed.gc.paused_gc` is one switch at the entry points, never inside a stage."""
    graph = import_graph()
    users = sorted(source for source, target in graph.edges if target == "flows.speed.gc")
    assert users == ["flows.cli", "flows.output.notebook", "web.service"]


def test_batch_commands_run_with_the_switch_on_and_serve_without(monkeypatch: Any) -> None:
    import gc

    import flows.cli

    seen: list[bool] = []
    monkeypatch.setattr(flows.cli, "app", lambda: seen.append(gc.isenabled()))
    for argv in (["adflows", "render", "x.yaml"], ["adflows", "serve"]):
        monkeypatch.setattr("sys.argv", argv)
        flows.cli.main()
    assert seen == [False, True]
    assert gc.isenabled()


PAGE_STATIC = ROOT / "flows" / "output" / "static"
WEB_STATIC = ROOT / "web" / "static"


def test_no_page_script_is_over_400_lines() -> None:
    """The page's scripts (the offline page's and the web app's, not vendored code) are parts by concern."""
    scripts = sorted([*PAGE_STATIC.glob("*.js"), *WEB_STATIC.glob("*.js")])
    assert len(scripts) > 20
    long = {
        str(path.relative_to(ROOT)): count
        for path in scripts
        if (count := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}


def test_every_page_script_is_in_the_load_order_and_inlined_once() -> None:
    """PAGE_SCRIPTS is the one load order: each file exists, none is left out, and a rendered page
    inlines each once, in that order, with its own hash in the page's CSP."""
    from flows.input.load import load_model
    from flows.output.page import PAGE_SCRIPTS, PICTURE_SCRIPTS, csp_hash, inline_script, render_view
    from flows.view.page_view import page_view

    assert len(set(PAGE_SCRIPTS)) == len(PAGE_SCRIPTS)
    assert set(PICTURE_SCRIPTS) <= set(PAGE_SCRIPTS)
    assert sorted(PAGE_SCRIPTS) == sorted(path.name for path in PAGE_STATIC.glob("*.js"))
    # viewer.js wires the parts loaded before it; controls.js then extends what it published
    assert PAGE_SCRIPTS[:2] == ("i18n.js", "fallbacks.js")  # every other script calls t()
    assert PAGE_SCRIPTS[-2:] == ("viewer.js", "controls.js")
    page = render_view(page_view(load_model(ROOT / "tests" / "fixtures" / "tiny-store.yaml")))
    texts = [inline_script((PAGE_STATIC / name).read_text(encoding="utf-8")) for name in PAGE_SCRIPTS]
    for name, text in zip(PAGE_SCRIPTS, texts, strict=True):
        assert page.html.count(f"<script>{text}</script>") == 1, name
        assert csp_hash(text) in page.csp.replace(";", " ").split(), name
    at = [page.html.index(f"<script>{text}</script>") for text in texts]
    assert at == sorted(at)
