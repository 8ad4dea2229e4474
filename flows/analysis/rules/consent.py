"""Rules about collection the person cannot see or refuse (analysis stage).

Judged from the person's point of view: a privacy policy on a website she never opened is not notice
for a radio signal her phone sends while she stands in a shop.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from flows.analysis.facts import unique
from flows.analysis.rules.base import (
    Finding,
    Rule,
    RuleContext,
    counted,
    label,
    worded_join,
    worded_names,
)
from flows.input.i18n import N_, _
from flows.input.kinds import node_kinds_where, party_kinds_where
from flows.input.model import Flow

# For passive capture in a store, these are no notice and no choice in practice.
PASSIVE_NO_NOTICE = frozenset({"none", "unknown", "privacy-policy"})
PASSIVE_NO_CHOICE = frozenset({"none", "unknown", "opt-out"})
# Whole clauses (each translated as one, so a language can order its own words).
NOTICE_WORDS = {
    "none": N_("she is not told"),
    "unknown": N_("no source says she is told"),
    "privacy-policy": N_("at most a privacy policy she is unlikely to have seen mentions it"),
}
CONSENT_WORDS = {
    "none": N_("she is not asked"),
    "unknown": N_("no source says she is asked"),
    "opt-out": N_("at best she could opt out somewhere else"),
}


class InStoreCaptureWithoutNotice(Rule):
    id = "in-store-capture-without-notice"
    title = N_("Captured in a store or public place with no notice to the person")
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
    plain = N_(
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
            notice = "; ".join(unique(_told_and_asked(f) for f in flows))
            text = _(
                "In {place}, {points} ({point_names}) pick up {items} from her phone just because it is "
                "switched on nearby. She does nothing and sees nothing: {notice}. From her side the "
                "tracking is invisible, so she cannot object, ask what was kept, or stay away. "
                "Regulators have acted against exactly this: the Dutch DPA ordered Bluetrace to stop "
                "tracking passers-by and inform people, and France's CNIL refused JCDecaux's Wi-Fi "
                "counting partly because people would not be properly informed."
            ).format(
                place=model.nodes_by_id[place_id].name,
                points=counted(len(points), N_("{count} capture point"), N_("{count} capture points")),
                point_names=worded_names(model, points, "nodes"),
                items=worded_names(model, items),
                notice=notice,
            )
            yield self.finding(
                context, place_id, text, nodes=[place_id], flows=[f.id for f in flows], data=items
            )


class CollectionWithoutNotice(Rule):
    id = "collection-without-notice-or-consent"
    title = N_("Personal data taken from the person with no notice and no choice")
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
    plain = N_("Data leaves the phone on the route {subject} while the person is neither told nor asked.")

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
            text = _(
                "{items} go from {source} to {target} ({party}) while {told_and_asked}. Data taken this "
                "way is taken without her knowledge: she cannot refuse, and she has no reason to ask who "
                "holds it."
            ).format(
                items=worded_names(model, items),
                source=source.name,
                target=target.name,
                party=model.parties_by_id[target.party].name,
                told_and_asked=_told_and_asked(flow),
            )
            yield self.finding(context, flow.id, text, flows=[flow.id], data=items)


# Consent that is real for what the person asked for; anything else is not consent to it.
GIVEN = frozenset({"opt-in", "os-permission"})
NOT_GIVEN = frozenset({"none", "unknown", "opt-out"})
# Notices of a log-in the person wanted (network access, a sign-in), not of advertising.
LOGIN_NOTICES = frozenset({"wifi-login-page", "social-sign-in"})
# Recipients whose use of log-in data is advertising, not the log-in.
AD_KINDS = party_kinds_where("uses_data_for_ads")
AIMING_KINDS = node_kinds_where("aims_ads")
LOGIN_WORDS = {
    "wifi-login-page": N_("a Wi-Fi login page"),
    "social-sign-in": N_("a sign-in with a social account"),
}


class ConsentScopeCreep(Rule):
    id = "consent-scope-creep"
    title = N_("Consent given for one thing is stretched to cover more")
    severity = "high"
    linddun = "non-compliance"
    description = (
        "The person agreed to one thing (log in to the Wi-Fi, sign in, use an app), and the same party "
        "uses that moment to cover data collected before it or beyond it: earlier sightings joined to "
        "the login, or the login's data sent on for advertising."
    )
    decides = (
        "Per party: (1) a flow out of its nodes, or an item it works out, combines an item it received "
        "from the person's side with `consent` opt-in or os-permission and an item it received from her "
        "side without consent (none, unknown or opt-out); or (2) an item it received on a flow whose "
        "`notice` is wifi-login-page or social-sign-in goes on to an audience or an ad node, or to an "
        "ad platform, ad-tech company, social network or data broker. Only the party's own nodes count."
    )
    mitigation = (
        "Ask for each purpose separately, at the moment it starts; never attach data collected before "
        "the consent; keep log-in data for the log-in."
    )
    references = (
        "GDPR Art. 6(1)(a) and Art. 7: consent is for specific purposes",
        "Turnstyle (Toronto, 2013-14): Facebook Wi-Fi log-ins joined to sensor histories, press (R5)",
        "FTC v. InMarket, 2024: consent for one use did not cover advertising audiences (R12)",
    )
    plain = N_(
        "{subject} uses a yes given for one thing to cover data taken before it or used for something else."
    )

    def check(self, context: RuleContext) -> Iterable[Finding]:
        model, facts = context.model, context.facts
        person = facts.person_side
        # One pass over the flows: what reaches each party's own nodes from the person's side, with or
        # without consent (the shop that hosts another company's login page does not receive the login).
        parties_of = {node.id: node.party for node in model.nodes}
        given_by: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        not_given_by: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        login_by: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        for flow, items in zip(model.flows, facts.flow_personal, strict=True):
            if not items or flow.source not in person or flow.target in person:
                continue
            party_id = parties_of[flow.target]
            for item in items:
                if flow.consent in GIVEN:
                    given_by[party_id][item].append(flow.id)
                    if flow.notice in LOGIN_NOTICES:
                        login_by[party_id][item].append(flow.id)
                elif flow.consent in NOT_GIVEN:
                    not_given_by[party_id][item].append(flow.id)
        for party in model.parties:
            if party.id in facts.person_parties or party.id not in given_by:
                continue
            sphere = facts.party_nodes(party.id)
            given = given_by[party.id]
            not_given = not_given_by.get(party.id, {})
            login = login_by.get(party.id, {})
            if not given:
                continue
            # Taken without asking, before the consent or beside it (the MAC heard before the login
            # counts even though the login page sends the MAC again).
            before = dict(not_given)
            combined = self._combined(context, sphere, set(given), set(before))
            onward = self._onward(context, sphere, set(login))
            if not combined and not onward:
                continue
            flows: list[str] = []
            sentences = []
            if combined:
                out, mixed = combined
                consented = unique(d for d in mixed if d in given)
                other = unique(d for d in mixed if d in before)
                flows += [f for d in consented for f in given[d]] + [f for d in other for f in before[d]]
                flows += out
                routes = unique(label(model, model.flows_by_id[f]) for d in other for f in before[d])
                sentences.append(
                    _(
                        "She agreed to give {consented}, but {party} puts it together with {other}, which "
                        "it also took from her without asking ({routes})."
                    ).format(
                        consented=worded_names(model, consented),
                        party=party.name,
                        other=worded_names(model, other),
                        routes="; ".join(routes),
                    )
                )
            if onward:
                onward_flows, login_items = onward
                notices = unique(
                    _(LOGIN_WORDS[model.flows_by_id[f].notice]) for d in login_items for f in login[d]
                )
                flows += [f for d in login_items for f in login[d]] + onward_flows
                onward_one = N_(
                    "{items}, given through {how} to get online or sign in, then goes on to advertising "
                    "or another company ({flows})."
                )
                onward_many = N_(
                    "{items}, given through {how} to get online or sign in, then go on to advertising or "
                    "another company ({flows})."
                )
                sentences.append(
                    _(onward_one if len(login_items) == 1 else onward_many).format(
                        items=worded_names(model, login_items),
                        how=worded_join(notices),
                        flows=counted(len(onward_flows), N_("{count} flow"), N_("{count} flows")),
                    )
                )
            yes = _(
                "A yes to one thing is not a yes to everything else: consent covers the purpose she was "
                "asked about, at the moment she was asked, not data collected before it or uses beyond it."
            )
            text = " ".join(sentences) + " " + yes
            yield self.finding(context, party.id, text, flows=unique(flows))

    @staticmethod
    def _combined(
        context: RuleContext, sphere: frozenset[str], given: set[str], before: set[str]
    ) -> tuple[list[str], tuple[str, ...]] | None:
        """Flows out of the sphere (and items it derives) that mix consented and unconsented items."""
        if not before:
            return None
        facts = context.facts
        out: list[str] = []
        mixed: list[str] = []
        for flow in flows_from(context, sphere):
            lineage = set().union(*(facts.lineage(d) for d in flow.data)) if flow.data else set()
            if lineage & given and lineage & before:
                out.append(flow.id)
                mixed += sorted(lineage & (given | before))
        return (out, unique(mixed)) if out else None

    @staticmethod
    def _onward(
        context: RuleContext, sphere: frozenset[str], login: set[str]
    ) -> tuple[list[str], list[str]] | None:
        """Flows from the sphere carrying log-in data (or items made from it) to an audience, an ad or
        another party's node."""
        if not login:
            return None
        model, facts = context.model, context.facts
        nodes, parties = model.nodes_by_id, model.parties_by_id
        out: list[str] = []
        items: list[str] = []
        for flow in flows_from(context, sphere):
            if flow.target in facts.person_side:
                continue
            target = nodes[flow.target]
            to_ad_company = flow.target not in sphere and parties[target.party].kind in AD_KINDS
            if not (target.kind in AIMING_KINDS or to_ad_company):
                continue
            carried = [r for d in flow.data for r in facts.lineage(d) if r in login]
            if carried:
                out.append(flow.id)
                items += carried
        return (out, list(unique(items))) if out else None


def flows_from(context: RuleContext, sphere: frozenset[str]) -> list[Flow]:
    """The flows leaving the given nodes, in model order (from the per-model index in Facts)."""
    out = context.facts.flows_out
    found = [pair for node in sphere for pair in out.get(node, ())]
    return [flow for _, flow in sorted(found, key=lambda pair: pair[0])]


def _told_and_asked(flow: Flow) -> str:
    """'she is not told and she is not asked': the flow's notice and consent, in words."""
    return _("{told} and {asked}").format(
        told=_(NOTICE_WORDS[flow.notice]), asked=_(CONSENT_WORDS[flow.consent])
    )
