"""Exports: the model in the formats other tools open (Gephi, yEd, Kumu, Mermaid, Graphviz, ...).

Renderer stage. Each format is one entry in `FORMATS`, an explicit tuple (no registration side
effects); `export(model, name)` looks it up and runs it. Text formats return `str`, images `bytes`
(SVG is text). To add a format: write a module with a `to_<format>(model)` function and add a line here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flows.input.model import Model
from flows.output.export.dot import to_dot
from flows.output.export.graphs import to_gexf, to_graphml, to_node_link
from flows.output.export.kumu import to_kumu
from flows.output.export.mermaid import to_mermaid
from flows.output.export.table import to_csv


def _png(model: Model) -> bytes:
    from flows.output.picture import to_png  # matplotlib loads only when a picture is asked for

    return to_png(model)


def _svg(model: Model) -> str:
    from flows.output.picture import to_svg

    return to_svg(model)


@dataclass(frozen=True)
class Format:
    name: str
    extension: str
    media_type: str
    description: str
    write: Callable[[Model], bytes | str]


FORMATS: tuple[Format, ...] = (
    Format("json", ".json", "application/json", "networkx node-link JSON", to_node_link),
    Format(
        "graphml", ".graphml", "application/graphml+xml", "GraphML (yEd, Cytoscape, networkx)", to_graphml
    ),
    Format("gexf", ".gexf", "application/gexf+xml", "GEXF 1.2 (Gephi)", to_gexf),
    Format("mermaid", ".mmd", "text/vnd.mermaid", "Mermaid flowchart (Markdown on GitHub)", to_mermaid),
    Format("dot", ".dot", "text/vnd.graphviz", "Graphviz DOT", to_dot),
    Format("kumu", ".kumu.json", "application/json", "Kumu blueprint JSON", to_kumu),
    Format("csv", ".csv", "text/csv", "CSV table of flows", to_csv),
    Format("svg", ".svg", "image/svg+xml", "SVG picture of the journey layout", _svg),
    Format("png", ".png", "image/png", "PNG picture, 1920x1080", _png),
)
FORMATS_BY_NAME: dict[str, Format] = {f.name: f for f in FORMATS}
if len(FORMATS_BY_NAME) != len(FORMATS):  # pragma: no cover - guards edits to the tuple
    raise RuntimeError("duplicate export format name")


def export(model: Model, fmt: str) -> bytes | str:
    """The model in format `fmt` (one of `FORMATS`' names)."""
    try:
        chosen = FORMATS_BY_NAME[fmt]
    except KeyError:
        names = ", ".join(FORMATS_BY_NAME)
        raise ValueError(f"unknown export format {fmt!r}; choose one of: {names}") from None
    return chosen.write(model)


__all__ = ["FORMATS", "FORMATS_BY_NAME", "Format", "export"]
