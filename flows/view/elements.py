"""One node or one flow as the page, the API and the exporters show it (view stage).

`node_view` and `edge_views` turn model elements into the contract's `NodeView` and `EdgeView`, with
labels, tooltips, colours, shapes and dash patterns from the table of kinds. `graph_view.to_view`
uses them for a model, and the overview of a large model for its groups.
"""

from __future__ import annotations

from collections.abc import Iterable

from flows.input.i18n import N_, _
from flows.input.kinds import EVIDENCE, EVIDENCE_LABELS, NODE_KINDS
from flows.input.model import DataItem, Flow, Node, Party
from flows.view.contract import EdgeView, NodeView
from flows.view.labels import more_words

# Drawn from the table of kinds (`flows.input.kinds`); the names stay for the renderers that read them.
KIND_STYLES: dict[str, dict[str, str]] = {
    kind: {"label": info.label, "color": info.color, "shape": info.shape} for kind, info in NODE_KINDS.items()
}
# Dash patterns by strength of evidence, one distinct pattern per level, each named in words.
EVIDENCE_DASHES: dict[str, bool | list[int]] = {
    level: list(info.dashes) if isinstance(info.dashes, tuple) else info.dashes
    for level, info in EVIDENCE.items()
}
NOTICE_LABELS = {
    "none": N_("Not told"),
    "sign-in-store": N_("A sign in the store"),
    "privacy-policy": N_("Only in a privacy policy"),
    "in-app-prompt": N_("A prompt in the app"),
    "os-prompt": N_("The phone's permission prompt"),
    "wifi-login-page": N_("A Wi-Fi login page (captive portal)"),
    "social-sign-in": N_("A sign-in with a social account"),
    "unknown": N_("Unknown"),
}
CONSENT_LABELS = {
    "none": N_("Not asked"),
    "opt-out": N_("Can opt out"),
    "opt-in": N_("Asked first (opt-in)"),
    "os-permission": N_("Granted an OS permission"),
    "unknown": N_("Unknown"),
}
EDGE_LABEL_LIMIT = 48


def evidence_label(level: str) -> str:
    """The level's label in the context's language (`flows.input.i18n.language`)."""
    return _(EVIDENCE_LABELS.get(level, "Unsourced"))


def notice_labels() -> dict[str, str]:
    """NOTICE_LABELS in the context's language (the same keys, in the same order)."""
    return {key: _(label) for key, label in NOTICE_LABELS.items()}


def consent_labels() -> dict[str, str]:
    """CONSENT_LABELS in the context's language (the same keys, in the same order)."""
    return {key: _(label) for key, label in CONSENT_LABELS.items()}


def _edge_label(names: list[str]) -> str:
    label = ", ".join(names)
    if len(label) <= EDGE_LABEL_LIMIT:
        return label
    return f"{names[0]} {more_words(len(names) - 1)}"


def _tooltip(*lines: str | None) -> str:
    """Plain text only: the page shows tooltips with textContent, never as HTML."""
    return "\n".join(line for line in lines if line)


def node_view(node: Node, parties: dict[str, Party], positions: dict[str, tuple[int, int]]) -> NodeView:
    style = KIND_STYLES[node.kind]
    kind_label, evidence_word = _(style["label"]), _("Evidence:")
    party = parties[node.party]
    x, y = positions[node.id]
    return {
        "id": node.id,
        "label": node.name,
        "kind": node.kind,
        "kind_label": kind_label,
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
            f"{kind_label} · {party.name}",
            f"{evidence_word} {evidence_label(node.evidence)}",
        ),
    }


def edge_views(flows: Iterable[Flow], items: dict[str, DataItem], nodes: dict[str, Node]) -> list[EdgeView]:
    """One dict per flow. Names and labels are looked up once per id and evidence level, not once
    per flow: this loop runs 80,000 times on a 20,000-node model and was half of the view stage."""
    data_names = {d: item.name for d, item in items.items()}
    node_names = {n: node.name for n, node in nodes.items()}
    evidence_labels: dict[str, str] = {}
    notices, consents = notice_labels(), consent_labels()
    data_word, evidence_word = _("Data:"), _("Evidence:")
    views: list[EdgeView] = []
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
                "notice_label": notices[flow.notice],
                "consent": flow.consent,
                "consent_label": consents[flow.consent],
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
                    f"{data_word} {joined}\n{evidence_word} {evidence}"
                ),
            }
        )
    return views
