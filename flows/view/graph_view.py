"""The view model: everything a page, the JSON API or an exporter shows, as plain JSON-ready data.

View stage of the pipeline (Model + layout -> GraphView). This is the only place where presentation
(labels, colours, shapes, dash patterns, legend) is decided; renderers only serialise it. Colours come
from the Okabe-Ito palette (distinguishable with the common colour-vision deficiencies), and every kind
also has its own shape, so colour never carries meaning alone.
"""

from __future__ import annotations

from typing import Any, cast

import networkx as nx

from flows.analysis.graph import build_graph
from flows.input.i18n import _
from flows.input.kinds import (
    CONTROL_KINDS,
    CONTROL_USERS,
    EVIDENCE,
    EVIDENCE_ORDER,
    NODE_KINDS,
    PARTY_KINDS,
    UNSOURCED,
)
from flows.input.model import Model
from flows.view.contract import GraphView, Legend, PageSections, StepView
from flows.view.controls_view import control_views, controls_step
from flows.view.drawing import build_drawing
from flows.view.elements import (
    EVIDENCE_DASHES,
    edge_views,
    evidence_label,
    node_view,
)
from flows.view.layout import compute_layout
from flows.view.overview import overview_section

VIEW_VERSION = 1

# From these sizes the page draws with vis-network's large mode (flows/output/static/viewer.js LARGE_NODES and
# LARGE_EDGES) and the view carries no `drawing`: the large-model paths stay as fast as before.
LARGE_NODES = 1000
LARGE_FLOWS = 4000


def to_view(
    model: Model, extra: PageSections | None = None, *, graph: nx.MultiDiGraph | None = None
) -> GraphView:
    """The whole view as JSON-ready data, sorted the same way every time.

    `extra` lets later stages (analysis: findings, journeys, knowledge) add their own sections without
    this module depending on them. `graph` is the model's graph of record (`build_graph`), which the
    layout reads; pass the one the analysis used, so each model's graph is built once.
    """
    return _view(model, extra, build_graph(model) if graph is None else graph)


def _view(model: Model, extra: PageSections | None, graph: nx.MultiDiGraph) -> GraphView:
    positions = compute_layout(model, graph)
    parties = model.parties_by_id
    items = model.data_by_id
    nodes = model.nodes_by_id
    view: GraphView = {
        "version": VIEW_VERSION,
        "model": {
            "id": model.id,
            "title": model.title,
            "summary": model.summary,
            "description": model.description,
            "filename": model.filename,
        },
        "nodes": [node_view(n, parties, positions) for n in model.nodes],
        "edges": edge_views(model.flows, items, nodes),
        "parties": [
            {
                "id": p.id,
                "name": p.name,
                "kind": p.kind,
                "description": p.description,
                "evidence": p.evidence,
                "sources": list(p.sources),
                "assumption": p.assumption,
                "account": p.account,
            }
            for p in model.parties
        ],
        "data": [
            {
                "id": d.id,
                "name": d.name,
                "short": d.short,
                "kind": d.kind,
                "description": d.description,
                "persistence": d.persistence,
                "personal": d.personal,
                "sensitive": d.sensitive,
                "derived_from": list(d.derived_from),
                "transform": d.transform,
                "evidence": d.evidence,
                "sources": list(d.sources),
                "assumption": d.assumption,
                "account": d.account,
            }
            for d in model.data
        ],
        "sources": [
            {
                "id": s.id,
                "title": s.title,
                "publisher": s.publisher,
                "author": s.author,
                "date": s.date,
                "url": s.url,
                "evidence": s.evidence,
                "evidence_label": evidence_label(s.evidence),
                "note": s.note,
            }
            for s in model.sources
        ],
        "claims": [
            {
                "id": c.id,
                "party": c.party,
                "quote": c.quote,
                "paraphrase": c.paraphrase,
                "source": c.source,
                "evidence": c.evidence,
                "note": c.note,
                "asserts": [
                    {
                        "kind": a.kind,
                        "data": list(a.data),
                        "value": a.value,
                        "text": a.text,
                        "parties": list(a.parties),
                    }
                    for a in c.asserts
                ],
            }
            for c in model.claims
        ],
        "audiences": [
            {
                "id": a.id,
                "name": a.name,
                "rule": a.rule,
                "node": a.node,
                "based_on": list(a.based_on),
                "evidence": a.evidence,
                "sources": list(a.sources),
                "assumption": a.assumption,
                "account": a.account,
            }
            for a in model.audiences
        ],
        "accounts": [
            {
                "id": a.id,
                "title": a.title,
                "summary": a.summary,
                "sources": list(a.sources),
                "evidence": a.evidence,
            }
            for a in model.accounts
        ],
        "controls": control_views(model),
        "story": story_view(model),
        "legend": legend(),
    }
    if len(model.nodes) < LARGE_NODES and len(model.flows) < LARGE_FLOWS:
        view["drawing"] = build_drawing(model, graph)
    else:
        view["overview"] = overview_section(model)
    if extra:
        # PageSections' keys are GraphView's own; mypy cannot see that through `update`.
        cast(dict[str, Any], view).update(extra)
    return view


def story_view(model: Model) -> list[StepView]:
    """The author's steps, then (when the model lists controls) the generated "What can I do?" step."""
    steps: list[StepView] = [
        {
            "index": s.index,
            "title": s.title,
            "narration": s.narration,
            "nodes": list(s.nodes),
            "flows": list(s.flows),
        }
        for s in model.story
    ]
    last = controls_step(model)
    return [*steps, last] if last is not None else steps


def legend() -> Legend:
    """The table of kinds as the page reads it: what each colour, shape and line style means, in
    words, with the traits the page's panels and filters need. Every renderer draws its legend from this.
    The words are in the context's language (`flows.input.i18n.language`): a translated view's legend
    reads in the view's language."""
    return {
        "kinds": [
            {
                "kind": kind,
                "label": _(info.label),
                "color": info.color,
                "shape": info.shape,
                "shape_name": _(info.shape_name),
                "meaning": _(info.meaning),
                "rank": info.rank,
                "destination": info.destination,
                "switchable": info.switchable,
            }
            for kind, info in NODE_KINDS.items()
        ],
        "evidence": [
            {
                "level": level,
                "label": evidence_label(level),
                "dashes": EVIDENCE_DASHES[level],
                "style": _(EVIDENCE[level].style),
                "rank": rank,
                "hedge": _maybe(EVIDENCE[level].hedge),
                "hedge_short": _maybe(EVIDENCE[level].hedge_short),
            }
            for rank, level in enumerate((*EVIDENCE_ORDER, UNSOURCED))
        ],
        "party_kinds": [
            {"kind": kind, "meaning": _(info.meaning), "person": info.is_person}
            for kind, info in PARTY_KINDS.items()
        ],
        "control_kinds": [
            {"kind": kind, "label": _(info.label), "meaning": _(info.meaning), "marker": info.marker}
            for kind, info in CONTROL_KINDS.items()
        ],
        "control_users": [
            {"kind": kind, "label": _(info.label), "meaning": _(info.meaning), "person": info.is_person}
            for kind, info in CONTROL_USERS.items()
        ],
    }


def _maybe(text: str | None) -> str | None:
    return None if text is None else _(text)
