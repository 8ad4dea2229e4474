"""adflows: make ad-tech data flows visible.

The pipeline runs one way: YAML text -> `load_model` -> `build_graph` -> analysis -> `to_view` ->
renderers (`render_html`, JSON, exports). `web/` and the CLI sit on top and hold no domain logic.
"""

from flows.errors import ModelError, Problem
from flows.load import load_model
from flows.model import Model
from flows.yamldoc import Limits


def show(model: Model | str, *, height: int = 720) -> object:
    """The interactive page inline in Jupyter (see `flows.notebook.show`); imported lazily."""
    from flows.notebook import show as show_page

    return show_page(model, height=height)


__all__ = ["Limits", "Model", "ModelError", "Problem", "load_model", "show"]
__version__ = "0.1.0"
