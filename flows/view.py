"""The view model: everything a page, the JSON API or an exporter shows, as plain JSON-ready data.

View stage of the pipeline (Model + layout -> GraphView). This is the only place where presentation
(labels, colours, shapes, dash patterns, legend) is decided; renderers only serialise it. Colours come
from the Okabe-Ito palette (distinguishable with the common colour-vision deficiencies), and every kind
also has its own shape, so colour never carries meaning alone.
"""

from __future__ import annotations

from typing import Any

from flows._gc import paused_gc
from flows.drawing import build_drawing
from flows.layout import compute_layout
from flows.model import EVIDENCE_LABELS, EVIDENCE_ORDER, UNSOURCED, Model
from flows.overview import overview_section

VIEW_VERSION = 1

KIND_STYLES: dict[str, dict[str, str]] = {
    "person": {"label": "Person", "color": "#E69F00", "shape": "star"},
    "device": {"label": "Device", "color": "#56B4E9", "shape": "square"},
    "app": {"label": "App", "color": "#009E73", "shape": "triangle"},
    "sdk": {"label": "SDK inside an app", "color": "#009E73", "shape": "hexagon"},
    "sensor": {"label": "In-store sensor", "color": "#D55E00", "shape": "triangleDown"},
    "place": {"label": "Place", "color": "#BBBBBB", "shape": "box"},
    "platform": {"label": "Platform / server", "color": "#0072B2", "shape": "ellipse"},
    "dataset": {"label": "Data set", "color": "#CC79A7", "shape": "database"},
    "audience": {"label": "Audience", "color": "#F0E442", "shape": "diamond"},
    "ad": {"label": "Ad", "color": "#CC79A7", "shape": "star"},
}
# Dash patterns for edges (and node borders) by strength of evidence, in CSS px at zoom 1 (SVG
# stroke-dasharray, vis-network `dashes`, matplotlib dashes in points): one distinct pattern per level,
# from a solid line for documented flows to sparse dots for unsourced ones, each named in words.
EVIDENCE_DASHES: dict[str, bool | list[int]] = {
    "documented": False,
    "documented-via-secondary": [16, 4],
    "company-claim": [12, 4, 2, 4],
    "company-claim-via-press": [22, 4, 2, 4],
    "press": [8, 6],
    "ngo-estimate": [12, 4, 2, 4, 2, 4],
    "secondary": [4, 4],
    "assumption": [2, 5],
    UNSOURCED: [1, 9],
}
EVIDENCE_STYLE_NAMES: dict[str, str] = {
    "documented": "solid line",
    "documented-via-secondary": "long dashes",
    "company-claim": "dash and dot",
    "company-claim-via-press": "long dash and dot",
    "press": "dashes",
    "ngo-estimate": "dash and two dots",
    "secondary": "short dashes",
    "assumption": "dots",
    UNSOURCED: "sparse dots",
}
# The shape each kind is drawn with, in words (the legend never shows vis-network's shape names).
SHAPE_NAMES: dict[str, str] = {
    "star": "star",
    "square": "square",
    "triangle": "triangle",
    "triangleDown": "triangle pointing down",
    "hexagon": "hexagon",
    "box": "rectangle",
    "ellipse": "oval",
    "database": "cylinder",
    "diamond": "diamond",
}
NOTICE_LABELS = {
    "none": "Not told",
    "sign-in-store": "A sign in the store",
    "privacy-policy": "Only in a privacy policy",
    "in-app-prompt": "A prompt in the app",
    "os-prompt": "The phone's permission prompt",
    "wifi-login-page": "A Wi-Fi login page (captive portal)",
    "social-sign-in": "A sign-in with a social account",
    "unknown": "Unknown",
}
CONSENT_LABELS = {
    "none": "Not asked",
    "opt-out": "Can opt out",
    "opt-in": "Asked first (opt-in)",
    "os-permission": "Granted an OS permission",
    "unknown": "Unknown",
}
EDGE_LABEL_LIMIT = 48
# From these sizes the page draws with vis-network's large mode (flows/static/viewer.js LARGE_NODES and
# LARGE_EDGES) and the view carries no `drawing`: the large-model paths stay as fast as before.
LARGE_NODES = 1000
LARGE_FLOWS = 4000


def evidence_label(level: str) -> str:
    return EVIDENCE_LABELS.get(level, "Unsourced")


def _edge_label(names: list[str]) -> str:
    label = ", ".join(names)
    if len(label) <= EDGE_LABEL_LIMIT:
        return label
    return f"{names[0]} +{len(names) - 1} more"


def _tooltip(*lines: str | None) -> str:
    """Plain text only: the page shows tooltips with textContent, never as HTML."""
    return "\n".join(line for line in lines if line)


def to_view(model: Model, extra: dict[str, Any] | None = None) -> dict[str, Any]:
    """The whole view as JSON-ready data, sorted the same way every time.

    `extra` lets later stages (analysis: findings, journeys, knowledge) add their own sections without
    this module depending on them.
    """
    with paused_gc():
        return _view(model, extra)


def _view(model: Model, extra: dict[str, Any] | None) -> dict[str, Any]:
    positions = compute_layout(model)
    parties = model.parties_by_id
    items = model.data_by_id
    nodes = model.nodes_by_id
    view: dict[str, Any] = {
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
        "story": [
            {
                "index": s.index,
                "title": s.title,
                "narration": s.narration,
                "nodes": list(s.nodes),
                "flows": list(s.flows),
            }
            for s in model.story
        ],
        "legend": legend(),
    }
    if len(model.nodes) < LARGE_NODES and len(model.flows) < LARGE_FLOWS:
        view["drawing"] = build_drawing(model)
    else:
        view["overview"] = overview_section(model)
    if extra:
        view.update(extra)
    return view


def node_view(node: Any, parties: dict[str, Any], positions: dict[str, tuple[int, int]]) -> dict[str, Any]:
    style = KIND_STYLES[node.kind]
    party = parties[node.party]
    x, y = positions[node.id]
    return {
        "id": node.id,
        "label": node.name,
        "kind": node.kind,
        "kind_label": style["label"],
        "party": node.party,
        "party_name": party.name,
        "description": node.description,
        "within": node.within,
        "holds": list(node.holds),
        "evidence": node.evidence,
        "evidence_label": evidence_label(node.evidence),
        "sources": list(node.sources),
        "assumption": node.assumption,
        "account": node.account,
        "x": x,
        "y": y,
        "color": style["color"],
        "shape": style["shape"],
        "dashes": EVIDENCE_DASHES[node.evidence],
        "title": _tooltip(
            node.name,
            f"{style['label']} · {party.name}",
            f"Evidence: {evidence_label(node.evidence)}",
        ),
    }


def edge_views(flows: Any, items: dict[str, Any], nodes: dict[str, Any]) -> list[dict[str, Any]]:
    """One dict per flow. Names and labels are looked up once per id and evidence level, not once
    per flow: this loop runs 80,000 times on a 20,000-node model and was half of the view stage."""
    data_names = {d: item.name for d, item in items.items()}
    node_names = {n: node.name for n, node in nodes.items()}
    evidence_labels: dict[str, str] = {}
    views: list[dict[str, Any]] = []
    append = views.append
    for flow in flows:
        names = [data_names[d] for d in flow.data]
        level = flow.evidence
        evidence = evidence_labels.get(level)
        if evidence is None:
            evidence = evidence_labels[level] = evidence_label(level)
        joined = ", ".join(names)
        append(
            {
                "id": flow.id,
                "source": flow.source,
                "target": flow.target,
                "label": joined if len(joined) <= EDGE_LABEL_LIMIT else _edge_label(names),
                "data": list(flow.data),
                "data_names": names,
                "channel": flow.channel,
                "purpose": flow.purpose,
                "notice": flow.notice,
                "notice_label": NOTICE_LABELS[flow.notice],
                "consent": flow.consent,
                "consent_label": CONSENT_LABELS[flow.consent],
                "legal_basis": flow.legal_basis,
                "retention": flow.retention,
                "description": flow.description,
                "evidence": level,
                "evidence_label": evidence,
                "sources": list(flow.sources),
                "assumption": flow.assumption,
                "account": flow.account,
                "dashes": EVIDENCE_DASHES[level],
                # Every line is non-empty, so this is `_tooltip` of the three lines without its generator.
                "title": (
                    f"{node_names[flow.source]} → {node_names[flow.target]}\n"
                    f"Data: {joined}\nEvidence: {evidence}"
                ),
            }
        )
    return views


def legend() -> dict[str, Any]:
    """What each colour, shape and line style means, in words: every renderer draws its legend from this."""
    return {
        "kinds": [
            {"kind": kind, **style, "shape_name": SHAPE_NAMES[style["shape"]]}
            for kind, style in KIND_STYLES.items()
        ],
        "evidence": [
            {
                "level": level,
                "label": evidence_label(level),
                "dashes": EVIDENCE_DASHES[level],
                "style": EVIDENCE_STYLE_NAMES[level],
            }
            for level in (*EVIDENCE_ORDER, UNSOURCED)
        ],
    }
