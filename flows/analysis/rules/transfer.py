"""Rules about where data goes after it is collected, and how long it stays (analysis stage)."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable

from flows.analysis.facts import unique
from flows.analysis.rules.base import (
    Finding,
    Rule,
    RuleContext,
    counted,
    party_name,
    worded_join,
    worded_names,
)
from flows.input.i18n import N_, _
from flows.input.kinds import node_kinds_where
from flows.input.model import Flow

# Node kinds that keep data, as opposed to passing it through.
STORING_KINDS = node_kinds_where("stores")
# Retention wording that states no limit (matched case-insensitively as whole words). A translated
# model is decided on its original's wording (`Model.decided_from`); the German words serve models
# written in German.
NO_LIMIT = re.compile(
    r"\b(unknown|unlimited|indefinite(ly)?|forever|no limit|not stated|none stated|unspecified"
    r"|permanent(ly)?"
    r"|unbekannt|unbegrenzt|unbefristet|dauerhaft|für immer|keine begrenzung|nicht angegeben"
    r"|keine angabe)\b",
    re.IGNORECASE,
)


def has_limit(flow: Flow) -> bool:
    return bool(flow.retention) and not NO_LIMIT.search(flow.retention or "")


class OnwardTransfer(Rule):
    id = "onward-transfer-to-third-party"
    title = N_("Personal data passed on beyond the first recipient")
    severity = "medium"
    linddun = "data-disclosure"
    description = (
        "A company that received the person's data passes it on to another company. Each further "
        "recipient is one she never dealt with, often never heard of, and cannot ask or stop."
    )
    decides = (
        "Flows carrying personal data between nodes of two different parties, neither of them the "
        "person, and not into an `ad` node (the targeting keys of an ad stay with the system that "
        "delivers it). One finding per flow."
    )
    mitigation = (
        "Name every recipient to the person before collection, and ask her separately for each; "
        "contractually forbid resale."
    )
    references = (
        "The Verge, Dec 2020, on the SDK business model (L1)",
        "FTC actions against Kochava (2022), X-Mode (2024) and InMarket (2024) on location data sales",
    )
    plain = N_("Data is passed on ({subject}) to a company the person never dealt with.")

    def check(self, context: RuleContext) -> Iterable[Finding]:
        model, facts = context.model, context.facts
        nodes = model.nodes_by_id
        person_side = facts.person_side
        # Parties as their rank in id order: first recipients are listed in that order, and sets and
        # sorts of small ints cost far less than of ids (27,000 different sets of items at 20,000 nodes).
        ranked = sorted({node.party for node in model.nodes})
        rank = {party_id: i for i, party_id in enumerate(ranked)}
        party_names = {p.id: p.name for p in model.parties}
        first_from_person: dict[str, set[int]] = defaultdict(set)
        for flow in model.flows:
            if flow.source in person_side and flow.target not in person_side:
                for item_id in flow.data:
                    first_from_person[item_id].add(rank[nodes[flow.target].party])
        # Many flows carry the same items: find and name their first recipients, and name the items,
        # once per set of items; each flow then only drops its own receiver from that list.
        first_names: dict[tuple[str, ...], tuple[list[int], list[str], str, str]] = {}
        onward = _(
            "{sender} passes {items} on to {receiver}{channel}. She did not give this data to {receiver}; "
            "{origin}. Every further company that gets it is one she cannot see, ask or stop, and each can "
            "combine it with what it already knows about her."
        )
        for flow, items in zip(model.flows, facts.flow_personal, strict=True):
            if not items or flow.source in person_side or flow.target in person_side:
                continue
            source, target = nodes[flow.source], nodes[flow.target]
            if source.party == target.party or target.kind == "ad":
                continue
            sender, receiver = party_names[source.party], party_names[target.party]
            channel = f" ({flow.channel})" if flow.channel else ""
            named = first_names.get(items)
            if named is None:
                first = sorted(set().union(*[first_from_person.get(d, ()) for d in items]))
                labels = [party_names[ranked[i]] for i in first]
                named = first_names[items] = (first, labels, _origin(labels), worded_names(model, items))
            first, labels, origin, carried = named
            receiver_rank = rank[target.party]
            at = bisect_left(first, receiver_rank)
            if at < len(first) and first[at] == receiver_rank:
                origin = _origin(labels[:at] + labels[at + 1 :])
            text = onward.format(
                sender=sender, items=carried, receiver=receiver, channel=channel, origin=origin
            )
            yield self.finding(context, flow.id, text, flows=[flow.id], data=items)


def _origin(labels: list[str]) -> str:
    if labels:
        return _("it first went to {parties}").format(parties=worded_join(labels))
    return _("it was collected by others first")


class RetentionWithoutLimit(Rule):
    id = "retention-without-limit"
    title = N_("Personal data kept with no stated time limit")
    severity = "medium"
    linddun = "non-compliance"
    description = (
        "A party stores the person's data and no limit on how long is stated. Data kept without a "
        "limit can be linked, leaked or reused long after the visit that produced it."
    )
    decides = (
        "Flows carrying personal data into a party's platform, dataset or audience nodes whose "
        "`retention` is missing or says unknown, unlimited, indefinite, forever, no limit or not "
        "stated. One finding per receiving party."
    )
    mitigation = "State and enforce a short retention period for each store of personal data."
    references = (
        "Dutch DPA (CBP) on Bluetrace, 2015: no retention limit among the breaches (H5)",
        "GDPR Art. 5(1)(e), storage limitation",
    )
    plain = N_("{subject} keeps personal data and nobody says for how long.")

    def check(self, context: RuleContext) -> Iterable[Finding]:
        model, facts = context.model, context.facts
        by_party: dict[str, list[Flow]] = defaultdict(list)
        personal: dict[str, tuple[str, ...]] = {}
        stores = {
            n.id: n.party for n in model.nodes if n.kind in STORING_KINDS and n.id not in facts.person_side
        }
        limited: dict[str | None, bool] = {}  # a few retention wordings recur on thousands of flows
        # Decided on the original's wording, found by id (a what-if copy may have fewer flows).
        decided = model.decided_from.flows_by_id
        for flow, items in zip(model.flows, facts.flow_personal, strict=True):
            if items and flow.target in stores:
                original = decided.get(flow.id, flow)
                limit = limited.get(original.retention)
                if limit is None:
                    limit = limited[original.retention] = has_limit(original)
                if not limit:
                    by_party[stores[flow.target]].append(flow)
                    personal[flow.id] = items
        for party_id, flows in sorted(by_party.items()):
            items = unique(d for f in flows for d in personal[f.id])
            stated = unique(f"\u201c{f.retention}\u201d" for f in flows if f.retention)
            if stated:
                wording = _("the model says only {stated}").format(stated=", ".join(stated))
            else:
                wording = _("no retention is stated")
            text = _(
                "{party} stores {items} ({flows}) and {wording}. Without a limit, a record of where she was "
                "and who she is can be kept, combined and reused for years. The Dutch data protection "
                "authority counted a missing retention limit among its objections to Bluetrace's Wi-Fi "
                "tracking."
            ).format(
                party=party_name(model, party_id),
                items=worded_names(model, items),
                flows=counted(len(flows), N_("{count} flow"), N_("{count} flows")),
                wording=wording,
            )
            yield self.finding(context, party_id, text, flows=[f.id for f in flows], data=items)
