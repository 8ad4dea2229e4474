"""Importers: turn other formats (IAB Europe's TCF Global Vendor List, ...) into adflows model YAML.

They sit before the pipeline: each is a pure function from parsed input to a model dict, and their
output is ordinary YAML that `load_model` checks like a hand-written model.
"""

from flows.input.importers.gvl import GVL_URL, ImportResult, dump_model_yaml, import_gvl, read_gvl

__all__ = ["GVL_URL", "ImportResult", "dump_model_yaml", "import_gvl", "read_gvl"]
