"""Rules that test a "groups of at least N" claim against what groups do in the model (analysis stage).

A minimum group size (k-anonymity) limits what an advertiser sees in a report. It does not stop the ad
from reaching each member, two groups from being subtracted from each other, or the group's own
definition from revealing something about every member (fact sheet K1-K5).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from flows.analysis.facts import unique
from flows.analysis.rules.base import Finding, Rule, RuleContext, counted, worded_names
from flows.analysis.rules.claim_words import assertions, said
from flows.input.i18n import N_, _, format_number, message_language
from flows.input.model import Claim

# Two groups that pass a size check of N and N + DIFFERENCE single out DIFFERENCE person(s).
DIFFERENCE = 1
SHARED_FACT = N_(
    "Everyone in such a group shares that fact, so whether it has {size} members or {many}, being on the "
    "list tells whoever holds it that each member was there. Group size hides which member is which, not "
    "what they all have in common (the homogeneity problem, Machanavajjhala et al. 2006)."
)


def audience_nodes(context: RuleContext) -> list[str]:
    return [n.id for n in context.model.nodes if n.kind == "audience"]


def group_size_claims(context: RuleContext) -> list[tuple[Claim, int]]:
    """Each claim asserting a minimum group size, with the size it states (0 if it states none)."""
    return [(claim, assertion.value or 0) for claim, assertion in assertions(context, "min-group-size")]


class AdReachesEachMember(Rule):
    id = "claim-group-size-ad-reaches-each-member"
    title = N_("\u201cGroups of at least N\u201d, yet the ad still reaches each member")
    severity = "high"
    linddun = "identifying"
    description = (
        "A minimum group size is presented as a privacy safeguard, but a group is a list of individual "
        "phones: an ad aimed at the group is shown to each member on her own screen."
    )
    decides = (
        "For each claim asserting `min-group-size`: the journeys that pass through an audience node "
        "and end with the ad delivered back to the person's side."
    )
    mitigation = (
        "Do not present group size as protecting the person; if groups are used, stop targeting them "
        "individually (contextual ads in the store's area instead of per-device lists)."
    )
    references = (
        "Fact sheet K5(1): group size limits what the advertiser sees, not who gets the ad",
        "Gonz\u00e1lez-Caba\u00f1as et al., Unique on Facebook, arXiv 2110.06636, 2021 (A10)",
    )
    plain = N_(
        "{subject} says people are only handled in groups, but the ad still lands on each person's own phone."
    )

    def check(self, context: RuleContext) -> Iterable[Finding]:
        audiences = set(audience_nodes(context))
        journeys = [j for j in context.journeys if j.delivered and audiences.intersection(j.nodes[1:-1])]
        if not journeys:
            return
        model = context.model
        for claim, size in group_size_claims(context):
            tails = []
            for journey in journeys:
                first = next(i for i, n in enumerate(journey.nodes) if n in audiences)
                tails.append(journey.nodes[first:])
            groups = unique(n for tail in tails for n in tail if n in audiences)
            senders = {n for tail in tails for n in tail[:-1]}
            flows = unique(f for j in journeys for hop in j.hops if hop.source in senders for f in hop.flows)
            route = " \u2192 ".join(model.nodes_by_id[n].name for n in tails[0])
            text = _(
                "{said} Even if every group has at least {size} members, the model shows the ad still "
                "travelling to her: {route}. A group is a list of individual phones; a minimum of {size} "
                "limits what the advertiser sees in a report, not who gets the ad. Each of the {size} or "
                "more people is reached one by one, on her own screen ({journeys} in this model end this "
                "way)."
            ).format(
                said=said(context, claim),
                size=size,
                route=route,
                journeys=counted(len(journeys), N_("{count} journey"), N_("{count} journeys")),
            )
            yield self.finding(context, claim.id, text, nodes=groups, flows=flows, claims=[claim.id])


class AudiencesDifferencing(Rule):
    id = "claim-group-size-audiences-differencing"
    title = N_("\u201cGroups of at least N\u201d, yet overlapping groups can be subtracted")
    severity = "medium"
    linddun = "identifying"
    description = (
        "Several groups are built over the same identifier. A size check on each group alone does not "
        "stop someone from comparing two groups that differ by one person, which singles that person out."
    )
    decides = (
        "For each claim asserting `min-group-size`: identifiers that flow into two or more audience "
        "nodes (the groups share a key), or a node that receives personal data from two or more "
        "audience nodes (it holds several groups); either way groups can be intersected or subtracted."
    )
    mitigation = (
        "Check sizes on every combination a buyer can form, not per group; refuse near-duplicate "
        "groups; add noise to counts."
    )
    references = (
        "A. Korolova, Privacy Violations Using Microtargeted Ads, J. Privacy and Confidentiality 2011 (A7)",
        "Venkatadri et al., Privacy Risks with Facebook's PII-based Targeting, IEEE S&P 2018 (A8)",
        "L. Sweeney, k-anonymity: a model for protecting privacy, 2002 (K1)",
    )
    plain = N_(
        "{subject} says groups are large, but comparing two nearly identical groups can single out "
        "one person."
    )

    def check(self, context: RuleContext) -> Iterable[Finding]:
        model, facts = context.model, context.facts
        claims = group_size_claims(context)
        if not claims:
            return
        audiences = set(audience_nodes(context))
        keyed: dict[str, list[str]] = defaultdict(list)
        for flow in model.flows:
            if flow.target in audiences:
                for item_id in flow.data:
                    if model.data_by_id[item_id].kind == "identifier" and item_id in facts.personal:
                        keyed[item_id].append(flow.target)
        shared = {k: unique(v) for k, v in keyed.items() if len(set(v)) >= 2}
        # A node that receives two or more groups can intersect or subtract them itself.
        feeds: dict[str, list[str]] = defaultdict(list)
        for flow in model.flows:
            if flow.source in audiences and facts.personal_data(flow):
                feeds[flow.target].append(flow.source)
        combiners = {k: unique(v) for k, v in feeds.items() if len(set(v)) >= 2}
        if not shared and not combiners:
            return
        groups = unique(
            [*(n for v in shared.values() for n in v), *(n for v in combiners.values() for n in v)]
        )
        in_groups = set(groups)
        flows = [
            f.id
            for f in model.flows
            if (f.target in in_groups and not shared.keys().isdisjoint(f.data))
            or (f.target in combiners and f.source in in_groups)
        ]
        if shared:
            head = N_("{said} The model has {groups} keyed on the same {keys}: {nodes}.")
        else:
            head = N_("{said} The model has {groups}: {nodes}.")
        where = (
            " "
            + _("{nodes} receives several of them.").format(
                nodes=worded_names(model, sorted(combiners), "nodes")
            )
            if combiners
            else ""
        )
        for claim, size in claims:
            text = (
                _(head).format(
                    said=said(context, claim),
                    groups=counted(len(groups), N_("{count} group"), N_("{count} groups")),
                    keys=worded_names(model, sorted(shared)),
                    nodes=worded_names(model, groups, "nodes"),
                )
                + where
                + " "
                + _(
                    "A check that each group has at least {size} members does not stop anyone from "
                    "combining them: two groups of {size} and {bigger} that differ by {difference} person "
                    "aim an ad at exactly that person, and overlaps can single people out. Researchers "
                    "showed such attacks on Facebook's ad system (Korolova 2011; Venkatadri et al. 2018)."
                ).format(size=size, bigger=size + DIFFERENCE, difference=DIFFERENCE)
            )
            yield self.finding(
                context, claim.id, text, nodes=groups, flows=flows, claims=[claim.id], data=sorted(shared)
            )


class MembershipRevealsVisit(Rule):
    id = "claim-group-size-membership-reveals-visit"
    title = N_("\u201cGroups of at least N\u201d, yet being in the group reveals the visit")
    severity = "medium"
    linddun = "data-disclosure"
    description = (
        "Each group is defined by where its members were. Everyone in it shares that fact, so however "
        "large the group, membership alone discloses the visit: the homogeneity attack on k-anonymity."
    )
    decides = (
        "For each claim asserting `min-group-size`: audiences whose rule reads (`based_on`), or whose "
        "node receives, an item revealing presence in a store or a sensitive item."
    )
    mitigation = "Do not build or share groups defined by visits to a place; at least never pass them on."
    references = (
        "Machanavajjhala et al., l-diversity: Privacy beyond k-anonymity, ICDE 2006 (K3)",
        "L. Sweeney, k-anonymity: a model for protecting privacy, 2002 (K1)",
    )
    plain = N_(
        "{subject} says groups are large, but being in a group already tells that each member was "
        "at a certain place."
    )

    def check(self, context: RuleContext) -> Iterable[Finding]:
        model, facts = context.model, context.facts
        claims = group_size_claims(context)
        if not claims:
            return
        revealing = facts.offline_items | {d.id for d in model.data if d.sensitive}
        # What defines each group: its audience rule's inputs, or else the facts (not the keys)
        # that flow into its node.
        inputs: dict[str, set[str]] = defaultdict(set)
        for audience in model.audiences:
            if audience.node:
                inputs[audience.node].update(audience.based_on)
        for flow in model.flows:
            if model.nodes_by_id[flow.target].kind == "audience" and not inputs.get(flow.target):
                inputs[flow.target].update(d for d in flow.data if model.data_by_id[d].kind != "identifier")
        groups = [n for n in audience_nodes(context) if not revealing.isdisjoint(inputs.get(n, ()))]
        if not groups:
            return
        items = unique(d for n in groups for d in sorted(inputs[n] & revealing))
        in_groups = set(groups)
        flows = [f.id for f in model.flows if f.target in in_groups and not revealing.isdisjoint(f.data)]
        rules = [a for a in model.audiences if a.node in in_groups]
        example = (
            " " + _("For example, \u2018{name}\u2019: {rule}").format(name=rules[0].name, rule=rules[0].rule)
            if rules
            else ""
        )
        for claim, size in claims:
            text = (
                _("{said} But {groups} ({nodes}) are defined by {items}.").format(
                    said=said(context, claim),
                    groups=counted(len(groups), N_("{count} group"), N_("{count} groups")),
                    nodes=worded_names(model, groups, "nodes"),
                    items=worded_names(model, items),
                )
                + example
                + " "
                + _(SHARED_FACT).format(
                    size=size, many=format_number(size * 100, lang=message_language(SHARED_FACT))
                )
            )
            yield self.finding(
                context,
                claim.id,
                text,
                nodes=groups,
                flows=flows,
                claims=[claim.id],
                data=items,
            )
