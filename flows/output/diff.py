"""Compare two models: parties, nodes, flows, journeys and findings added, removed or changed.

Analysis stage over two models (Model, Model -> ModelDiff), with a text, a JSON and an HTML form. The
HTML page shows both journey pictures with the differences marked (colour *and* a +, - or ~ sign) and
is one self-contained file with no script. Elements are matched by id, journeys by their node path
(journey ids are positions in a list), findings by their stable key `rule-id@subject-id`.
"""

from __future__ import annotations

import base64
import html
from dataclasses import asdict, dataclass, fields
from typing import Any

from flows.analysis.run import Analysis, analyse
from flows.input.model import Model

# Where an element was written is not what it says.
_IGNORED_FIELDS = frozenset({"span"})


@dataclass(frozen=True)
class Change:
    id: str
    fields: tuple[str, ...]  # the fields that differ; empty for added and removed


@dataclass(frozen=True)
class SectionDiff:
    name: str
    added: tuple[str, ...]
    removed: tuple[str, ...]
    changed: tuple[Change, ...]

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed)


@dataclass(frozen=True)
class ModelDiff:
    a: Analysis
    b: Analysis
    sections: tuple[SectionDiff, ...]

    def section(self, name: str) -> SectionDiff:
        return next(s for s in self.sections if s.name == name)

    @property
    def empty(self) -> bool:
        return all(s.empty for s in self.sections)


def _compare(name: str, old: dict[str, dict[str, Any]], new: dict[str, dict[str, Any]]) -> SectionDiff:
    changed = []
    for key in sorted(old.keys() & new.keys()):
        differing = tuple(
            f for f in sorted(old[key].keys() | new[key].keys()) if old[key].get(f) != new[key].get(f)
        )
        if differing:
            changed.append(Change(key, differing))
    return SectionDiff(
        name, tuple(sorted(new.keys() - old.keys())), tuple(sorted(old.keys() - new.keys())), tuple(changed)
    )


def _elements(items: tuple[Any, ...]) -> dict[str, dict[str, Any]]:
    return {
        item.id: {f.name: getattr(item, f.name) for f in fields(item) if f.name not in _IGNORED_FIELDS}
        for item in items
    }


def _journeys(analysis: Analysis) -> dict[str, dict[str, Any]]:
    names = analysis.model.nodes_by_id
    return {
        " -> ".join(names[n].name for n in j.nodes): {"flows": j.flows, "delivered": j.delivered}
        for j in analysis.journeys
    }


def _findings(analysis: Analysis) -> dict[str, dict[str, Any]]:
    return {
        f.key: {k: v for k, v in asdict(f).items() if k not in ("key", "explanation")}
        for f in analysis.findings
    }


def diff_models(a: Model, b: Model) -> ModelDiff:
    """What changes from `a` to `b`."""
    first, second = analyse(a), analyse(b)
    return ModelDiff(
        first,
        second,
        (
            _compare("parties", _elements(a.parties), _elements(b.parties)),
            _compare("nodes", _elements(a.nodes), _elements(b.nodes)),
            _compare("flows", _elements(a.flows), _elements(b.flows)),
            _compare("journeys", _journeys(first), _journeys(second)),
            _compare("findings", _findings(first), _findings(second)),
        ),
    )


def diff_view(diff: ModelDiff) -> dict[str, Any]:
    return {
        "a": diff.a.model.id,
        "b": diff.b.model.id,
        "same": diff.empty,
        **{
            s.name: {
                "added": list(s.added),
                "removed": list(s.removed),
                "changed": [{"id": c.id, "fields": list(c.fields)} for c in s.changed],
            }
            for s in diff.sections
        },
    }


def format_diff(diff: ModelDiff, a_name: str = "A", b_name: str = "B") -> str:
    """Text for the terminal, one line per difference: `+` added, `-` removed, `~` changed."""
    lines = [f"--- {a_name} ({diff.a.model.id})", f"+++ {b_name} ({diff.b.model.id})"]
    if diff.empty:
        return "\n".join([*lines, "No differences in parties, nodes, flows, journeys or findings."]) + "\n"
    for section in diff.sections:
        counts = f"{len(section.added)} added, {len(section.removed)} removed, {len(section.changed)} changed"
        lines.append(f"{section.name.capitalize()}: {counts}")
        lines += [f"  + {item}" for item in section.added]
        lines += [f"  - {item}" for item in section.removed]
        lines += [f"  ~ {c.id} ({', '.join(c.fields)})" for c in section.changed]
    return "\n".join(lines) + "\n"


def _marks(diff: ModelDiff, side: str) -> dict[str, str]:
    marks: dict[str, str] = {}
    for name in ("nodes", "flows"):
        section = diff.section(name)
        marks.update({i: "changed" for i in (c.id for c in section.changed)})
        marks.update(
            {i: "removed" for i in section.removed} if side == "a" else {i: "added" for i in section.added}
        )
    return marks


def render_diff_html(diff: ModelDiff, a_name: str = "A", b_name: str = "B") -> str:
    """One offline page: the text diff as lists, then both pictures with the differences marked."""
    from flows.output.picture import render_picture

    pictures = [
        (
            name,
            analysis.model,
            base64.b64encode(render_picture(analysis.model, "svg", marks=_marks(diff, side))),
        )
        for side, name, analysis in (("a", a_name, diff.a), ("b", b_name, diff.b))
    ]
    esc = html.escape
    parts = [
        "<!doctype html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; img-src data:; '
        "style-src 'unsafe-inline'\">",
        f"<title>Differences: {esc(a_name)} and {esc(b_name)}</title>",
        "<style>body{font:16px/1.4 system-ui,sans-serif;margin:1.5rem;max-width:1900px}"
        "img{width:100%;border:1px solid #ccc}.added{color:#00684b}.removed{color:#a33b00}"
        ".changed{color:#8a3a6d}figure{margin:1rem 0}</style></head><body>",
        f"<h1>Differences between {esc(a_name)} and {esc(b_name)}</h1>",
        "<p>Marks: <span class=added>+ added</span>, <span class=removed>- removed</span>, "
        "<span class=changed>~ changed</span>.</p>",
    ]
    if diff.empty:
        parts.append("<p>No differences in parties, nodes, flows, journeys or findings.</p>")
    for section in diff.sections:
        parts.append(f"<h2>{esc(section.name.capitalize())}</h2>")
        if section.empty:
            parts.append("<p>No differences.</p>")
            continue
        parts.append("<ul>")
        parts += [f"<li class=added>+ {esc(i)}</li>" for i in section.added]
        parts += [f"<li class=removed>- {esc(i)}</li>" for i in section.removed]
        parts += [
            f"<li class=changed>~ {esc(c.id)} ({esc(', '.join(c.fields))})</li>" for c in section.changed
        ]
        parts.append("</ul>")
    for name, model, svg in pictures:
        alt = f"Journey picture of {model.title}, differences marked"
        parts.append(
            f"<figure><figcaption><strong>{esc(name)}</strong>: {esc(model.title)}</figcaption>"
            f'<img alt="{esc(alt)}" src="data:image/svg+xml;base64,{svg.decode("ascii")}"></figure>'
        )
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"
