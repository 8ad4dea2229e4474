"""adflows: make ad-tech data flows visible.

The pipeline runs one way: YAML text -> `load_model` -> `build_graph` -> analysis -> `to_view` ->
renderers (`render_html`, JSON, exports). `web/` and the CLI sit on top and hold no domain logic.
"""

from flows.errors import ModelError, Problem
from flows.load import load_model
from flows.model import Model
from flows.yamldoc import Limits

__all__ = ["Limits", "Model", "ModelError", "Problem", "load_model"]
__version__ = "0.1.0"
