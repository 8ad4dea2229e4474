"""Mermaid flowchart text, for diagrams in Markdown (GitHub, GitLab and many wikis render it).

Export stage; written by hand because no Python library writes Mermaid. Model ids are never used as
Mermaid ids (`end`, `graph` or a dash would break the parser): nodes become n0, n1, ... in id order.
Every label is quoted and escaped with Mermaid's `#name;` entity codes, so no model text can end a
label, open a tag or inject a directive.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from flows.input.model import Model
from flows.view.graph_view import to_view

# view shape -> Mermaid opening and closing brackets
SHAPES: dict[str, tuple[str, str]] = {
    "star": ("((", "))"),
    "square": ("[", "]"),
    "box": ("[", "]"),
    "triangle": ("[/", "\\]"),
    "triangleDown": ("[\\", "/]"),
    "hexagon": ("{{", "}}"),
    "database": ("[(", ")]"),
    "diamond": ("{", "}"),
}
# `#` first: every other escape introduces one. Backticks would start a Markdown string. `%%` starts
# a comment or, as `%%{init: ...}%%`, a directive that Mermaid finds anywhere in the text, labels
# included, before it parses anything (it can restyle the page): `%`, braces and quotes are coded.
_ESCAPES = (
    ("#", "#35;"),
    ("&", "#amp;"),
    ('"', "#quot;"),
    ("'", "#39;"),
    ("%", "#37;"),
    ("{", "#123;"),
    ("}", "#125;"),
    ("<", "#lt;"),
    (">", "#gt;"),
    ("`", "#96;"),
    ("|", "#124;"),
)


def escape_label(text: str) -> str:
    """Text safe inside a quoted Mermaid label: entity codes, and no line breaks."""
    text = " ".join(text.split())
    for raw, code in _ESCAPES:
        text = text.replace(raw, code)
    return text


def _node_line(mermaid_id: str, node: Mapping[str, Any]) -> str:
    opening, closing = SHAPES.get(node["shape"], ("[", "]"))
    label = escape_label(f"{node['label']} ({node['kind_label']})")
    return f'    {mermaid_id}{opening}"{label}"{closing}'


def to_mermaid(model: Model) -> str:
    """A left-to-right flowchart: a shape and a colour class per kind, dotted arrows for weak evidence."""
    view = to_view(model)
    nodes = sorted(view["nodes"], key=lambda n: n["id"])
    ids = {node["id"]: f"n{i}" for i, node in enumerate(nodes)}
    lines = [
        "---",
        f"title: {_yaml_title(model.title)}",
        "---",
        "flowchart LR",
    ]
    lines += [_node_line(ids[node["id"]], node) for node in nodes]
    for edge in sorted(view["edges"], key=lambda e: e["id"]):
        arrow = "-->" if edge["dashes"] is False else "-.->"
        label = escape_label(edge["label"])
        lines.append(f'    {ids[edge["source"]]} {arrow}|"{label}"| {ids[edge["target"]]}')
    for style in view["legend"]["kinds"]:
        members = [ids[n["id"]] for n in nodes if n["kind"] == style["kind"]]
        if members:
            text = text_color(style["color"])
            lines.append(f"    classDef kind_{_class(style['kind'])} fill:{style['color']},color:{text}")
            lines.append(f"    class {','.join(members)} kind_{_class(style['kind'])}")
    return "\n".join(lines) + "\n"


def _class(kind: str) -> str:
    return kind.replace("-", "_")


def _yaml_title(title: str) -> str:
    """The front-matter title as a JSON string (valid YAML), without angle brackets or braces, and with
    no `%%` (entity codes are not read there, so a directive is broken up instead)."""
    text = " ".join(title.translate(_TITLE_DROPS).split())
    while "%%" in text:
        text = text.replace("%%", "%")
    return json.dumps(text, ensure_ascii=False)


_TITLE_DROPS = str.maketrans("", "", "<>{}")


def text_color(fill: str) -> str:
    """Black or white, whichever reads better on `fill` (WCAG relative luminance, threshold 0.179)."""
    channels = [int(fill[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return "#000000" if luminance > 0.179 else "#FFFFFF"
