"""Rules that check two more public claims against the flows (analysis stage): "we do not know who you
are" (`not-identified`) and "we only share aggregated data" (`aggregated-only`).

Kept apart from `flows.analysis.rules.claims`, which checks the claims about identifiers being anonymous.
"""

from __future__ import annotations

from collections.abc import Iterable

from flows.analysis.facts import unique
from flows.analysis.rules.base import Finding, Rule, RuleContext, counted, party_name, worded_names
from flows.analysis.rules.claim_words import assertions, said
from flows.input.i18n import N_, _

# Whole clauses about one item a party knows (`{item}` is its name).
HOW_KNOWN = {
    "holds": N_("{item}: it holds it"),
    "receives": N_("{item}: it receives it"),
    "derives": N_("{item}: it works it out"),
    "produces": N_("{item}: it produces it"),
}


class NotIdentifiedContradicted(Rule):
    id = "claim-not-identified-contradicted"
    title = N_("\u201cWe do not know who you are\u201d, yet it holds what names her")
    severity = "high"
    linddun = "identifying"
    description = (
        "The party says it does not know who people are, but the model shows it holding an identifier "
        "that names the person or her account (an e-mail, a phone number, a login, a loyalty card)."
    )
    decides = (
        "For each claim asserting `not-identified`: the identifiers naming an account or the person "
        "(`identifies: account|person`, or named e-mail, phone number, account, login, loyalty card, "
        "customer or user ID, and lasting items made from them) that the claimant knows, from the "
        "knowledge analysis. A device or advertising ID alone does not contradict this claim (the "
        "`claim-anonymised-stable-pseudonym` rule covers calling those anonymous)."
    )
    mitigation = "Withdraw the claim, or stop collecting and receiving identifiers that name people."
    references = (
        "Article 29 Working Party, Opinion 05/2014 (WP216): singling out and linkability (H3)",
        "Meta, Customer File Custom Audiences: hashed e-mails and phone numbers as matching keys (A1)",
    )
    plain = N_("{subject} says it does not know who people are, but it holds something that names them.")

    def check(self, context: RuleContext) -> Iterable[Finding]:
        model, facts = context.model, context.facts
        for claim, _assertion in assertions(context, "not-identified"):
            knowledge = context.knowledge.for_party(claim.party)
            if knowledge is None:
                continue
            known = [k for k in knowledge.items if k.item in facts.naming_identifiers]
            if not known:
                continue
            hows = "; ".join(
                _(HOW_KNOWN[k.how]).format(item=model.data_by_id[k.item].name) for k in known[:5]
            )
            text = _(
                "{said} But the model shows {party} with {identifiers} that name her or her account "
                "({hows}). A company that holds an e-mail, a phone number or a login knows who the person "
                "is, or can find out by matching it; a hashed copy names her just as well for anyone who "
                "has the same address."
            ).format(
                said=said(context, claim),
                party=party_name(model, claim.party),
                identifiers=counted(len(known), N_("{count} identifier"), N_("{count} identifiers")),
                hows=hows,
            )
            yield self.finding(
                context,
                claim.id,
                text,
                flows=unique(f for k in known for f in k.flows),
                claims=[claim.id],
                data=[k.item for k in known],
            )


class AggregatedOnlyContradicted(Rule):
    id = "claim-aggregated-only-contradicted"
    title = N_("\u201cOnly aggregated data is shared\u201d, yet per-person data goes out")
    severity = "high"
    linddun = "data-disclosure"
    description = (
        "The party says it shares only aggregated data (counts, totals), but flows from its systems "
        "pass data about single devices or people to another company."
    )
    decides = (
        "For each claim asserting `aggregated-only`: flows from the claimant's nodes to another party "
        "(only the `parties` the assertion names, when it names some) that carry personal items not "
        "made by the `aggregate` transform."
    )
    mitigation = (
        "Share only counts computed before data leaves (with a minimum count and noise), or withdraw "
        "the claim."
    )
    references = (
        "Renew London 'spy bins', 2013: data called \u201canonymised and aggregated\u201d (R4)",
        "Euclid Analytics, 2012: said it gave retailers only aggregate data (R3)",
    )
    plain = N_("{subject} says it only shares totals, but it passes on data about single people.")

    def check(self, context: RuleContext) -> Iterable[Finding]:
        model, facts = context.model, context.facts
        nodes, items = model.nodes_by_id, model.data_by_id
        for claim, assertion in assertions(context, "aggregated-only"):
            sphere = facts.sphere(claim.party)
            recipients = set(assertion.parties)
            flows = []
            carried: list[str] = []
            for flow in model.flows:
                if flow.source not in sphere or flow.target in sphere or flow.target in facts.person_side:
                    continue
                receiver = nodes[flow.target].party
                if receiver == claim.party or (recipients and receiver not in recipients):
                    continue
                single = [d for d in facts.personal_data(flow) if items[d].transform != "aggregate"]
                if single:
                    flows.append(flow)
                    carried += single
            if not flows:
                continue
            to = unique(party_name(model, nodes[f.target].party) for f in flows)
            text = _(
                "{said} But {flows} pass {items} to {parties}: data about one device or one person at a "
                "time, not a total. Aggregated data is a count that no longer points at anyone; a list of "
                "IDs, even a long one, is not aggregated."
            ).format(
                said=said(context, claim),
                flows=counted(len(flows), N_("{count} flow"), N_("{count} flows")),
                items=worded_names(model, unique(carried)),
                parties=", ".join(to),
            )
            yield self.finding(
                context,
                claim.id,
                text,
                flows=[f.id for f in flows],
                claims=[claim.id],
                data=unique(carried),
            )
