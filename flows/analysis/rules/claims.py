"""Rules that check a party's public claims about identity against the modelled flows (analysis stage).

"We collect no personal data", "the IDs are anonymised", "nothing is installed in the store", "you can
opt out": each rule reads one assertion kind and reports the flows that contradict it.
"""

from __future__ import annotations

from collections.abc import Iterable

from flows.analysis.facts import KEYED_TRANSFORMS, unique
from flows.analysis.rules.base import Finding, Rule, RuleContext, counted, party_name, worded_names
from flows.analysis.rules.claim_words import (
    TRANSFORM_WORDS,
    assertions,
    enumeration_text,
    in_scope,
    keyed_text,
    said,
    stability,
    touching,
)
from flows.input.i18n import N_, _


class NoPersonalDataContradicted(Rule):
    id = "claim-no-personal-data-contradicted"
    title = N_("\u201cNo personal data\u201d, yet a lasting identifier of the person flows")
    severity = "high"
    linddun = "non-compliance"
    description = (
        "The party says it collects no personal data, but its systems receive or send an identifier "
        "that stays the same for the same person. Such an ID is a pseudonym, and a pseudonym is still "
        "personal data in EU law."
    )
    decides = (
        "For each claim asserting `no-personal-data`: the flows into the claimant's nodes (and nodes "
        "placed in its places) from outside that carry a personal identifier whose persistence, after "
        "following hash/truncate/encrypt/match transforms, is `persistent` or `resettable` (if none "
        "come from outside, its other flows). If the assertion names data items, only those and "
        "items made from them count."
    )
    mitigation = (
        "Withdraw the claim, or stop collecting lasting identifiers: count without identifiers, or "
        "use keys that change per visit and are never stored."
    )
    references = (
        "Article 29 Working Party, Opinion 05/2014 on Anonymisation Techniques (WP216), 2014 (H3)",
        "CNIL refusal of JCDecaux Wi-Fi counting, 16 July 2015; Conseil d'Etat, 8 Feb 2017 (H4)",
        "FTC v. Nomi Technologies, 2015: hashed MACs are persistent identifiers (R1)",
    )
    plain = N_(
        "{subject} says it collects no personal data, but it receives an ID that stays the same for "
        "the same phone, and that counts as personal data."
    )

    def check(self, context: RuleContext) -> Iterable[Finding]:
        facts = context.facts
        for claim, assertion in assertions(context, "no-personal-data"):
            scope = in_scope(context, assertion)
            sphere = facts.sphere(claim.party)
            flows = [
                f
                for f in touching(context, claim.party)
                if any(facts.is_lasting_identifier(d) and (scope is None or d in scope) for d in f.data)
            ]
            # What it collects (flows coming in from outside) says most; fall back to all its flows.
            flows = [f for f in flows if f.source not in sphere] or flows
            if not flows:
                continue
            items = unique(
                d
                for f in flows
                for d in f.data
                if facts.is_lasting_identifier(d) and (scope is None or d in scope)
            )
            stable = "; ".join(stability(context, d) for d in items)
            party = party_name(context.model, claim.party)
            text = _(
                "{said} But {flows} bring {items} into {party}'s systems. For one phone, {stable}, so "
                "{party} can recognise the same person every time and follow her from visit to visit. An "
                "ID like this is a pseudonym, and in EU law a pseudonym is still personal data: European "
                "regulators say pseudonymised data is not anonymous (WP216), France's CNIL refused Wi-Fi "
                "counting by JCDecaux for that reason, and the US FTC called Nomi's hashed MAC addresses "
                "persistent identifiers."
            ).format(
                said=said(context, claim),
                flows=counted(len(flows), N_("{count} flow"), N_("{count} flows")),
                items=worded_names(context.model, items),
                party=party,
                stable=stable,
            )
            yield self.finding(
                context, claim.id, text, flows=[f.id for f in flows], claims=[claim.id], data=items
            )


class AnonymisedHashReversible(Rule):
    id = "claim-anonymised-hash-reversible"
    title = N_("\u201cAnonymised\u201d identifier is only hashed or truncated")
    severity = "high"
    linddun = "identifying"
    description = (
        "The party calls an identifier anonymised, but it is a hash (or truncation, or encryption) of a "
        "device identifier. The same device always gives the same result, and a hash of a small space "
        "such as MAC addresses can be reversed by trying every value."
    )
    decides = (
        "For each claim asserting `identifiers-anonymised`: the named data items (or, when none are "
        "named, every identifier flowing through the claimant's nodes) that are made, directly or "
        "through other items, by `hash`, `truncate` or `encrypt` from a personal identifier."
    )
    mitigation = (
        "Call it what it is (pseudonymised), or replace it with a random key that changes per visit "
        "and is never derived from the device's identifier; aggregate counts before they leave the store."
    )
    references = (
        "J. Ali and V. Dyo, Practical Hash-based Anonymity for MAC Addresses, SciTePress 2020 (H2)",
        "Demir, Cunche, Lauradoux, Analysing the privacy policies of Wi-Fi trackers, INRIA 2014 (H1)",
        "Article 29 Working Party, Opinion 05/2014 on Anonymisation Techniques (WP216), 2014 (H3)",
        "FTC v. Nomi Technologies, 2015 (R1)",
    )
    plain = N_(
        "{subject} calls an ID anonymous, but it is only scrambled: the same phone always gets the "
        "same code, so it can still be followed."
    )

    def check(self, context: RuleContext) -> Iterable[Finding]:
        facts, model = context.facts, context.model
        for claim, assertion in assertions(context, "identifiers-anonymised"):
            candidates = assertion.data or unique(d for f in touching(context, claim.party) for d in f.data)
            masked = {d: facts.masked_roots(d) for d in candidates}
            masked = {d: roots for d, roots in masked.items() if roots}
            if not masked:
                continue
            parts = []
            keyed: list[str] = []
            unkeyed_roots: list[str] = []
            for item_id, roots in masked.items():
                item = model.data_by_id[item_id]
                how = _(TRANSFORM_WORDS.get(item.transform or "", N_("hashing")))
                parts.append(
                    _("{item} is made from {roots} by {how}").format(
                        item=item.name, roots=worded_names(model, [r.id for r in roots]), how=how
                    )
                )
                steps = facts.masking_steps(item_id)
                if steps & KEYED_TRANSFORMS:
                    keyed.append(item_id)
                elif "hash" in steps:
                    unkeyed_roots.extend(r.id for r in roots)
            roots_all = unique(r.id for roots in masked.values() for r in roots)
            sphere = context.facts.sphere(claim.party)
            flows = [
                f.id
                for f in touching(context, claim.party)
                if set(masked) & set(f.data)
                or (f.target in sphere and f.source not in sphere and set(roots_all) & set(f.data))
            ]
            text = (
                _(
                    "{said} In this model: {parts}. That hides the original but does not make it "
                    "anonymous. First, the same phone always gives the same result, so its visits can still "
                    "be linked: a persistent pseudonym."
                ).format(said=said(context, claim), parts="; ".join(parts))
                + enumeration_text(model, unique(unkeyed_roots))
                + keyed_text(model, keyed)
            )
            yield self.finding(
                context,
                claim.id,
                text,
                flows=flows,
                claims=[claim.id],
                data=(*masked, *roots_all),
            )


class AnonymisedStablePseudonym(Rule):
    id = "claim-anonymised-stable-pseudonym"
    title = N_("\u201cAnonymous\u201d identifier stays the same for one device")
    severity = "high"
    linddun = "linking"
    description = (
        "The party calls an identifier anonymous, but it is a device identifier that stays the same "
        "for one phone. It is a pseudonym: it singles the person out and links her activity."
    )
    decides = (
        "For each claim asserting `identifiers-anonymised`: the named data items that are personal "
        "identifiers with `persistent` or `resettable` persistence and are not hashed, truncated or "
        "encrypted (those are the `claim-anonymised-hash-reversible` rule's case)."
    )
    mitigation = "Stop describing device identifiers as anonymous; do not use them to single people out."
    references = (
        "Article 29 Working Party, Opinion 05/2014 on Anonymisation Techniques (WP216), 2014 (H3)",
        "Meta, Customer File Custom Audiences: advertising IDs accepted as matching keys (A1)",
    )
    plain = N_(
        "{subject} calls an ID anonymous, but the ID stays the same for one phone, so it can pick "
        "that phone out again and again."
    )

    def check(self, context: RuleContext) -> Iterable[Finding]:
        facts, model = context.facts, context.model
        for claim, assertion in assertions(context, "identifiers-anonymised"):
            items = [
                d for d in assertion.data if facts.is_lasting_identifier(d) and not facts.masked_roots(d)
            ]
            if not items:
                continue
            flows = [f.id for f in touching(context, claim.party) if set(items) & set(f.data)]
            stable = "; ".join(stability(context, d) for d in items)
            aimed = [d for d in items if d in facts.ad_identifiers]
            used = (
                " "
                + _("Here {items} is also used to aim ads, so it leads straight back to her.").format(
                    items=worded_names(model, aimed)
                )
                if aimed
                else ""
            )
            text = (
                _(
                    "{said} But for one phone, {stable}. An identifier that follows one device is not "
                    "anonymous: it picks out one person among all others and links everything recorded under "
                    "it. European regulators call this pseudonymised data, which is still personal data "
                    "(WP216)."
                ).format(said=said(context, claim), stable=stable)
                + used
            )
            yield self.finding(context, claim.id, text, flows=flows, claims=[claim.id], data=items)


class NoInstallationContradicted(Rule):
    id = "claim-no-installation-contradicted"
    title = N_("\u201cNothing installed in the store\u201d, yet the model shows equipment there")
    severity = "medium"
    linddun = "unawareness"
    description = (
        "The party says it installs nothing in stores, but the model places its sensors (or other "
        "nodes) inside a store. Where sources disagree, the finding says which account it depends on."
    )
    decides = (
        "For each claim asserting `no-installation-in-store`: nodes of the claimant that are sensors or "
        "are placed `within` a place, and the flows into them."
    )
    mitigation = "Publish where equipment is installed and put a visible notice at each place."
    references = ("Fact sheet C5 and S1: the company's account differs from the 2018 blog's",)
    plain = N_("{subject} says nothing is installed in the store, but the model shows its equipment there.")

    def check(self, context: RuleContext) -> Iterable[Finding]:
        model = context.model
        for claim, _assertion in assertions(context, "no-installation-in-store"):
            own = context.facts.party_nodes(claim.party)
            installed = [
                n for n in model.nodes if n.id in own and (n.kind == "sensor" or n.within is not None)
            ]
            if not installed:
                continue
            ids = [n.id for n in installed]
            targets = set(ids)
            flows = [f.id for f in model.flows if f.target in targets]
            accounts = sorted({n.account for n in installed if n.account})
            depends = (
                " "
                + _(
                    "These nodes belong to the account {accounts}, so the sources disagree: if that account "
                    "is right, the claim is not."
                ).format(accounts=", ".join(f"\u2018{model.accounts_by_id[a].title}\u2019" for a in accounts))
                if accounts
                else ""
            )
            text = (
                _("{said} The model places {nodes} in the store, run by {party}.").format(
                    said=said(context, claim),
                    nodes=worded_names(model, ids, "nodes"),
                    party=party_name(model, claim.party),
                )
                + depends
                + " "
                + _("People cannot look for a notice about equipment they are told does not exist.")
            )
            yield self.finding(context, claim.id, text, nodes=ids, flows=flows, claims=[claim.id])


class OptOutUnavailable(Rule):
    id = "claim-opt-out-unavailable"
    title = N_("Opt-out promised, but the flows ask for no choice")
    severity = "medium"
    linddun = "unawareness"
    description = (
        "The party says people can opt out, but personal data reaches it on flows where the person is "
        "given no choice. The FTC's case against Nomi was about exactly this broken promise."
    )
    decides = (
        "For each claim asserting `opt-out-offered`: flows carrying personal data into the claimant's "
        "nodes whose `consent` is `none`."
    )
    mitigation = (
        "Offer the opt-out where the data is collected (in the store, in the app), or drop the claim."
    )
    references = ("FTC v. Nomi Technologies, 2015: promised in-store opt-out did not exist (R1)",)
    plain = N_("{subject} says people can opt out, but where the data is taken nobody is asked.")

    def check(self, context: RuleContext) -> Iterable[Finding]:
        facts = context.facts
        for claim, _assertion in assertions(context, "opt-out-offered"):
            sphere = facts.sphere(claim.party)
            flows = [
                f
                for f in context.model.flows
                if f.target in sphere and f.consent == "none" and facts.personal_data(f)
            ]
            if not flows:
                continue
            items = unique(d for f in flows for d in facts.personal_data(f))
            text = _(
                "{said} Yet {items} reach it on {flows} where she is not asked and cannot refuse. An opt-out "
                "that is not offered where the data is taken does not exist for the person."
            ).format(
                said=said(context, claim),
                items=worded_names(context.model, items),
                flows=counted(len(flows), N_("{count} flow"), N_("{count} flows")),
            )
            yield self.finding(
                context, claim.id, text, flows=[f.id for f in flows], claims=[claim.id], data=items
            )
