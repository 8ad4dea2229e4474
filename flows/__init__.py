"""adflows: make ad-tech data flows visible.

The pipeline runs one way, one package per stage:

    flows.input     YAML text -> `load_model` -> checked `Model`
    flows.analysis  Model -> `build_graph` (networkx MultiDiGraph) -> journeys, knowledge, findings
    flows.view      Model + Analysis -> `to_view` (the JSON-ready view contract, with the layout)
    flows.output    view -> `render_html` (offline page), report, picture, exports
    flows.cli       the `adflows` command line, on top; `web/` (FastAPI) sits beside it

`flows.speed` holds the measured speed tricks the stages share. The names below are the public API;
the later stages load only when first used, so `import flows` stays quick.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from flows.input.errors import ModelError, Problem
from flows.input.load import load_model
from flows.input.model import Model
from flows.input.yamldoc import Limits

if TYPE_CHECKING:
    from flows.analysis.graph import build_graph
    from flows.analysis.run import analyse
    from flows.output.page import render_html
    from flows.view.graph_view import to_view

_LATER_STAGES = {
    "build_graph": "flows.analysis.graph",
    "analyse": "flows.analysis.run",
    "to_view": "flows.view.graph_view",
    "render_html": "flows.output.page",
}


def __getattr__(name: str) -> Any:
    """Load a later stage's public function on first use (PEP 562)."""
    module = _LATER_STAGES.get(name)
    if module is None:
        raise AttributeError(f"module 'flows' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)


def show(model: Model | str, *, height: int = 720) -> object:
    """The interactive page inline in Jupyter (see `flows.output.notebook.show`); imported lazily."""
    from flows.output.notebook import show as show_page

    return show_page(model, height=height)


__all__ = [
    "Limits",
    "Model",
    "ModelError",
    "Problem",
    "analyse",
    "build_graph",
    "load_model",
    "render_html",
    "show",
    "to_view",
]
__version__ = "0.1.0"
