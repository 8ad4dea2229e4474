"""The overview of a large model: its nodes grouped by shared flow pattern, as a small graph of groups.

View stage (Model -> `view["overview"]`, the contract in docs/drawing.md). A model of a thousand
vendors cannot be read node by node; a researcher first wants "who, how many, and what they declare",
then the members of one group, then one vendor with its own flows (semantic zoom, drawn by
flows/output/static/overview.js). The grouping is computed from the model, never per importer, at the finest
of three levels whose group graph stays legible (at most MAX_DRAWN nodes plus flows at 1280x720):

1. the node's kind (platform, data set, app, ...);
2. plus the kind of the party that runs it (ad-tech, data broker, retailer, ...);
3. plus the legal bases it declares for the flows it sends (consent, legitimate interest, none stated):
   on the TCF vendor list this is what separates vendors, and it is what a privacy researcher asks first.

Groups are drawn with the same `dot` drawing as a small model (flows/view/drawing.py): a group is a node of a
small stand-in Model, its label the count and what the members share, and the flows between groups are
merged into one line labelled with how many flows it stands for.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Callable
from typing import Any, cast

from flows.input.i18n import N_, format_number, gettext
from flows.input.kinds import NODE_KINDS, NodeKind
from flows.input.model import NOWHERE, DataItem, Flow, Model, Node, Party
from flows.view.drawing import build_drawing
from flows.view.elements import edge_views, node_view
from flows.view.layout import compute_layout

OVERVIEW_VERSION = 1
MAX_DRAWN = 60  # group nodes plus group flows drawn at once
MAX_GROUPS = 24
SPLIT_MIN = 20  # members a group needs before a finer key splits it (or 2% of the nodes, if more)
GROUP_PARTY = "overview-groups"
GROUP_WRAP = 22  # characters a line of a group's label (a member's label wraps at 11)
LEGAL_BASIS_WORDS = {
    "consent": N_("consent"),
    "legitimate-interest": N_("legit. interest"),
    "contract": N_("contract"),
    "legal-obligation": N_("legal obligation"),
    "vital-interest": N_("vital interest"),
    "public-task": N_("public task"),
    "none-stated": N_("none stated"),
    "unknown": N_("basis unknown"),
}
KIND_PLURALS: dict[str, str] = {kind: info.plural for kind, info in NODE_KINDS.items()}  # table of kinds
KIND_ONE: dict[str, str] = {kind: info.one for kind, info in NODE_KINDS.items()}

GroupKey = tuple[str, ...]


def needs_overview(model: Model, large_nodes: int, large_flows: int) -> bool:
    return len(model.nodes) >= large_nodes or len(model.flows) >= large_flows


def overview_section(model: Model) -> dict[str, Any]:
    """`view["overview"]`: the groups (members as indices into `view["nodes"]`), the chosen level and
    why, and a small view of the group graph (nodes, edges, drawing) that the page draws as it is."""
    levels = _levels(model)
    chosen = 0
    grouped = _group(model, [key for _, key in levels[:1]], max_groups=None)
    for depth in range(2, len(levels) + 1):
        candidate = _group(model, [key for _, key in levels[:depth]], max_groups=MAX_GROUPS)
        if candidate is None:
            break
        groups, flows = candidate
        if len(groups) + len(flows) > MAX_DRAWN:
            break
        chosen, grouped = depth - 1, candidate
    assert grouped is not None  # without a cap on groups there is always a grouping
    groups, group_flows = grouped
    drawn, left_out = _strongest(group_flows, MAX_DRAWN - len(groups))
    group_model = _group_model(model, groups, drawn)

    positions = compute_layout(group_model)
    parties = group_model.parties_by_id
    names = {n.id: n.name for n in group_model.nodes}
    edges = edge_views(group_model.flows, group_model.data_by_id, group_model.nodes_by_id)
    for edge, item in zip(edges, group_model.data, strict=True):
        edge["data"] = [item.id]
        edge["data_names"] = [item.name]
        edge["title"] = f"{names[edge['source']]} → {names[edge['target']]}\n{item.name}"
    small = {
        "nodes": [node_view(n, parties, positions) for n in group_model.nodes],
        "edges": edges,
        "drawing": build_drawing(group_model, node_wrap=GROUP_WRAP),
    }
    index = {node.id: i for i, node in enumerate(model.nodes)}
    return {
        "version": OVERVIEW_VERSION,
        "level": levels[chosen][0],
        "levels": [name for name, _ in levels],
        "max_drawn": MAX_DRAWN,
        "links_not_drawn": len(left_out),
        "flows_not_drawn": sum(len(f) for f in left_out.values()),
        "groups": [
            {
                "id": group_id,
                "label": label,
                "kind": kind,
                "count": len(members),
                "members": [index[m] for m in members],
            }
            for group_id, (label, kind, members) in groups.items()
        ],
        "view": small,
    }


def _strongest(flows: GroupFlows, room: int) -> tuple[GroupFlows, GroupFlows]:
    """The group links standing for the most flows, as many as there is room to draw; and the rest.
    Only the coarsest grouping can need this (finer ones are taken only when they fit)."""
    ranked = sorted(flows, key=lambda pair: -len(flows[pair]))
    keep = set(ranked[: max(room, 0)])
    return (
        {pair: f for pair, f in flows.items() if pair in keep},
        {pair: f for pair, f in flows.items() if pair not in keep},
    )


def _levels(model: Model) -> list[tuple[str, Callable[[Node], GroupKey]]]:
    parties = model.parties_by_id

    @functools.cache
    def bases() -> tuple[dict[str, set[str]], dict[str, set[str]]]:
        """Legal bases of the flows each node sends, and of those it receives (read only when the
        third level is tried)."""
        sent: dict[str, set[str]] = {}
        received: dict[str, set[str]] = {}
        for flow in model.flows:
            sent.setdefault(flow.source, set()).add(flow.legal_basis)
            received.setdefault(flow.target, set()).add(flow.legal_basis)
        return sent, received

    def basis_of(node: Node) -> str:
        sent, received = bases()
        found = sent.get(node.id) or received.get(node.id) or set()  # a node that only receives
        words = (gettext(LEGAL_BASIS_WORDS[b]) if b in LEGAL_BASIS_WORDS else b for b in sorted(found))
        return ", ".join(words) or gettext("no flows")

    def party_kind(node: Node) -> str:
        party = parties.get(node.party)
        return party.kind if party else "other"

    return [
        ("kind", lambda n: (n.kind,)),
        ("kind and party kind", lambda n: (n.kind, party_kind(n))),
        ("kind, party kind and legal bases", lambda n: (n.kind, party_kind(n), basis_of(n))),
    ]


Groups = dict[str, tuple[str, str, list[str]]]
GroupFlows = dict[tuple[str, str], list[Flow]]


def _group(
    model: Model, keys: list[Callable[[Node], GroupKey]], max_groups: int | None
) -> tuple[Groups, GroupFlows] | None:
    """Group id -> (label, kind, member ids), in the model's order; merged flows between groups.
    None when there would be more than `max_groups` groups.

    Each further key splits only groups of at least SPLIT_MIN members: a dozen data sets stay one
    group, while 691 vendors are split by what they declare."""
    split_min = max(SPLIT_MIN, len(model.nodes) // 50)
    parts: dict[str, GroupKey] = {node.id: keys[0](node) for node in model.nodes}
    for key in keys[1:]:
        sizes = Counter(parts.values())
        for node in model.nodes:
            if sizes[parts[node.id]] >= split_min:
                parts[node.id] = parts[node.id] + key(node)[len(parts[node.id]) :]
    members: dict[GroupKey, list[str]] = {}
    for node in model.nodes:
        members.setdefault(parts[node.id], []).append(node.id)
    if max_groups is not None and len(members) > max_groups:
        return None
    # A label names only what tells a group from the others of its kind.
    telling: dict[str, set[int]] = {}
    for group_parts in members:
        others = [p for p in members if p[0] == group_parts[0] and p != group_parts]
        telling.setdefault(group_parts[0], set()).update(
            i
            for i in range(1, len(group_parts))
            if any(len(o) <= i or o[i] != group_parts[i] for o in others)
        )
    groups: Groups = {}
    group_of: dict[str, str] = {}
    for number, (group_parts, ids) in enumerate(members.items(), start=1):
        group_id = f"group-{number}"
        shown = tuple(p for i, p in enumerate(group_parts) if i == 0 or i in telling[group_parts[0]])
        groups[group_id] = (_label(shown, len(ids)), group_parts[0], ids)
        for node_id in ids:
            group_of[node_id] = group_id
    flows: GroupFlows = {}
    for flow in model.flows:
        pair = (group_of[flow.source], group_of[flow.target])
        flows.setdefault(pair, []).append(flow)
    return groups, flows


def _label(parts: GroupKey, count: int) -> str:
    kind = parts[0]
    if count != 1:
        noun = gettext(KIND_PLURALS[kind]) if kind in KIND_PLURALS else kind
    else:
        noun = gettext(KIND_ONE[kind]) if kind in KIND_ONE else kind
    counted = f"{format_number(count)} {noun}"
    return ": ".join([counted, " · ".join(parts[1:])]) if len(parts) > 1 else counted


def _group_model(model: Model, groups: Groups, flows: GroupFlows) -> Model:
    """A stand-in Model of the groups, so the group graph gets the same dot drawing and view as a small
    model. Its flows carry one made-up data item each, whose short name is the count of merged flows."""
    evidence = {node.id: node.evidence for node in model.nodes}
    nodes = tuple(
        Node(
            id=group_id,
            sources=(),
            evidence=Counter(evidence[m] for m in ids).most_common(1)[0][0],
            assumption=None,
            account=None,
            span=NOWHERE,
            name=label,
            kind=cast(NodeKind, kind),  # a group takes its members' kind
            party=GROUP_PARTY,
        )
        for group_id, (label, kind, ids) in groups.items()
    )
    data: list[DataItem] = []
    group_flows: list[Flow] = []
    for number, ((source, target), merged) in enumerate(flows.items(), start=1):
        item_id = f"overview-flows-{number}"
        count = len(merged)
        flows_words = counted_flows(count)
        data.append(
            DataItem(
                id=item_id,
                sources=(),
                evidence="documented",
                assumption=None,
                account=None,
                span=NOWHERE,
                name=flows_words,
                short=flows_words,
            )
        )
        group_flows.append(
            Flow(
                id=f"{source}--{target}",
                sources=(),
                evidence=Counter(f.evidence for f in merged).most_common(1)[0][0],
                assumption=None,
                account=None,
                span=NOWHERE,
                source=source,
                target=target,
                data=(),  # unlabelled: the count is in the line's tooltip and the groups' labels
            )
        )
    party = Party(
        id=GROUP_PARTY, sources=(), evidence="documented", assumption=None, account=None, span=NOWHERE
    )
    return Model(
        id=f"{model.id}-overview",
        title=model.title,
        summary=model.summary,
        filename=model.filename,
        parties=(party,),
        nodes=nodes,
        data=tuple(data),
        flows=tuple(group_flows),
    )


def counted_flows(count: int) -> str:
    """'1 flow' / '1,234 flows' in the context's language."""
    word = gettext("{count} flow") if count == 1 else gettext("{count} flows")
    return word.format(count=format_number(count))


def drawn_elements(section: dict[str, Any]) -> int:
    """Nodes plus flows the overview draws: what MAX_DRAWN bounds."""
    view = section["view"]
    return len(view["nodes"]) + len(view["edges"])
