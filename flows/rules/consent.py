"""Rules about collection the person cannot see or refuse (analysis stage).

Judged from the person's point of view: a privacy policy on a website she never opened is not notice
for a radio signal her phone sends while she stands in a shop.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from flows._facts import unique
from flows.model import Flow
from flows.rules.base import Finding, Rule, RuleContext, names, plural

# For passive capture in a store, these are no notice and no choice in practice.
PASSIVE_NO_NOTICE = frozenset({"none", "unknown", "privacy-policy"})
PASSIVE_NO_CHOICE = frozenset({"none", "unknown", "opt-out"})
NOTICE_WORDS = {
    "none": "she is not told",
    "unknown": "no source says she is told",
    "privacy-policy": "at most a privacy policy she is unlikely to have seen mentions it",
}
CONSENT_WORDS = {
    "none": "she is not asked",
    "unknown": "no source says she is asked",
    "opt-out": "at best she could opt out somewhere else",
}


class InStoreCaptureWithoutNotice(Rule):
    id = "in-store-capture-without-notice"
    title = "Captured in a store or public place with no notice to the person"
    severity = "high"
    linddun = "unawareness"
    description = (
        "Equipment in or near a store (or in a street or square) picks up data from the person's "
        "phone without her doing "
        "anything. She sees nothing and is asked nothing, so she cannot know, object or stay away."
    )
    decides = (
        "Flows from the person's side (the person, or a device of a person party) into a sensor, a "
        "place, or a node `within` a place, carrying personal data, with `notice` none, unknown or "
        "privacy-policy and `consent` none, unknown or opt-out. One finding per place."
    )
    mitigation = (
        "Put clear signs at the entrance before capture starts, capture only with opt-in, or do not "
        "capture at all outside a service the person asked for."
    )
    references = (
        "Dutch DPA (AP) order against Bluetrace, 2016: stop tracking passers-by, inform people (H5)",
        "CNIL refusal of JCDecaux Wi-Fi counting, 2015: people not properly informed (H4)",
        "FTC v. Nomi Technologies, 2015: stores did not disclose tracking (R1)",
    )
    plain = (
        "In {subject}, equipment picks up data from passing phones while people are neither told nor asked."
    )

    def check(self, context: RuleContext) -> Iterable[Finding]:
        model, facts = context.model, context.facts
        by_place: dict[str, list[Flow]] = defaultdict(list)
        for flow in model.flows:
            if (
                flow.source in facts.person_side
                and flow.target in facts.capture_nodes
                and flow.notice in PASSIVE_NO_NOTICE
                and flow.consent in PASSIVE_NO_CHOICE
                and facts.personal_data(flow)
            ):
                target = model.nodes_by_id[flow.target]
                by_place[target.within or target.id].append(flow)
        for place_id, flows in sorted(by_place.items()):
            items = unique(d for f in flows for d in facts.personal_data(f))
            points = unique(f.target for f in flows)
            notice = "; ".join(
                unique(f"{NOTICE_WORDS[f.notice]} and {CONSENT_WORDS[f.consent]}" for f in flows)
            )
            text = (
                f"In {model.nodes_by_id[place_id].name}, {plural(len(points), 'capture point')} "
                f"({names(model, points, 'nodes')}) pick up {names(model, items)} from her phone just "
                f"because it is switched on nearby. She does nothing and sees nothing: {notice}. From "
                "her side the tracking is invisible, so she cannot object, ask what was kept, or "
                "stay away. Regulators have acted against exactly this: the Dutch DPA "
                "ordered Bluetrace to stop tracking passers-by and inform people, and France's CNIL "
                "refused JCDecaux's Wi-Fi counting partly because people would not be properly informed."
            )
            yield self.finding(
                context, place_id, text, nodes=[place_id], flows=[f.id for f in flows], data=items
            )


class CollectionWithoutNotice(Rule):
    id = "collection-without-notice-or-consent"
    title = "Personal data taken from the person with no notice and no choice"
    severity = "high"
    linddun = "unawareness"
    description = (
        "Personal data leaves the person's phone (outside a store's capture equipment) while she is "
        "neither told nor asked."
    )
    decides = (
        "Flows from the person's side that carry personal data, do not end at an in-store capture "
        "node (the `in-store-capture-without-notice` rule covers those), and have `notice` none with "
        "`consent` none or unknown, or `consent` none with `notice` none or unknown."
    )
    mitigation = "Tell the person before collection, in the app or on the device, and ask first."
    references = ("Dutch DPA (AP) findings on Bluetrace: people were not informed (H5)",)
    plain = "Data leaves the phone on the route {subject} while the person is neither told nor asked."

    def check(self, context: RuleContext) -> Iterable[Finding]:
        model, facts = context.model, context.facts
        silent = {("none", "none"), ("none", "unknown"), ("unknown", "none")}
        for flow in model.flows:
            if (
                flow.source not in facts.person_side
                or flow.target in facts.capture_nodes
                or (flow.notice, flow.consent) not in silent
                or not facts.personal_data(flow)
            ):
                continue
            items = facts.personal_data(flow)
            source, target = model.nodes_by_id[flow.source], model.nodes_by_id[flow.target]
            text = (
                f"{names(model, items)} go from {source.name} to {target.name} "
                f"({model.parties_by_id[target.party].name}) while {NOTICE_WORDS[flow.notice]} and "
                f"{CONSENT_WORDS[flow.consent]}. Data taken this way is taken without her knowledge: she "
                "cannot refuse, and she has no reason to ask who holds it."
            )
            yield self.finding(context, flow.id, text, flows=[flow.id], data=items)
