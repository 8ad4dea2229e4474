"""Rules that check a party's public claims about identity against the modelled flows (analysis stage).

"We collect no personal data", "the IDs are anonymised", "nothing is installed in the store", "you can
opt out": each rule reads one assertion kind and reports the flows that contradict it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence

from flows.analysis.facts import KEYED_TRANSFORMS, unique
from flows.analysis.reversehash import MEASURED_RATE, SUFFIX_BITS
from flows.analysis.rules.base import Finding, Rule, RuleContext, names, party_name, plural
from flows.input.model import Assertion, Claim, Flow, Model

# Ali & Dyo 2020 (fact sheet H2): 2^48 possible MACs, the allocated space fits in 39 bits, and
# frequency-based attacks cover half of all MACs in 31 bits.
MAC_BITS = 48
MAC_ALLOCATED_BITS = 39
MAC_HALF_BITS = 31
PERSISTENCE_WORDS = {
    "persistent": "never changes",
    "resettable": "stays the same until she resets it",
}
# Claims known only from these evidence levels are introduced as relayed ("According to ..."): the
# fact sheet's [secondary/low] is a lead, not proof the company said it.
RELAYED = frozenset({"secondary"})
# Roots whose small value space makes a hash reversible by enumeration (Ali & Dyo 2020, H2).
MAC_WORD = re.compile(r"\bmac\b", re.IGNORECASE)
# Other identifiers with few enough plausible values that an unkeyed hash is reversed by trying them:
# phone numbers (about 10^10 per country plan) and e-mail addresses (guessable from lists). Matched on
# the item's id or name, as MAC_WORD is.
SMALL_SPACE_WORD = re.compile(r"\b(mac|phone|e-?mail|msisdn)\b", re.IGNORECASE)
TRANSFORM_WORDS = {
    "hash": "hashing",
    "keyed-hash": "a keyed hash (a hash with a secret key)",
    "truncate": "truncation",
    "encrypt": "encryption",
}


def assertions(context: RuleContext, kind: str) -> Iterator[tuple[Claim, Assertion]]:
    for claim in context.model.claims:
        for assertion in claim.asserts:
            if assertion.kind == kind:
                yield claim, assertion


def touching(context: RuleContext, party: str) -> list[Flow]:
    """Flows into or out of a party's sphere (its nodes and nodes placed in its places)."""
    sphere = context.facts.sphere(party)
    return [f for f in context.model.flows if f.source in sphere or f.target in sphere]


def said(context: RuleContext, claim: Claim) -> str:
    """'Cosmose says: “…”.' as a full sentence (no doubled full stop after the quote)."""
    quote = claim.quote.strip()
    end = "" if quote[-1:] in ".!?" else "."
    if claim.paraphrase:
        # Not the party's own words: no quotation marks, and the reader is told it is a paraphrase.
        text = f"{party_name(context.model, claim.party)} says, in the source's paraphrase, that {quote}{end}"
    else:
        text = f"{party_name(context.model, claim.party)} says: \u201c{quote}\u201d{end}"
    if claim.evidence in RELAYED:
        # Only a blog or similar has the words: say so, or the finding overstates what is known.
        source = context.model.sources_by_id[claim.source]
        return f"According to {source.publisher or source.title}, {text}"
    return text


def stability(context: RuleContext, item_id: str) -> str:
    """'Wi-Fi MAC address never changes', hedged for a MAC address: phones randomise it, so a finding
    says it stays the same only as far as the model's own text says when (see `check --strict`)."""
    model, facts = context.model, context.facts
    item = model.data_by_id[item_id]
    level = facts.persistence[item_id]
    roots = [model.data_by_id[r] for r in facts.lineage(item_id)]
    if level == "persistent" and any(
        MAC_WORD.search(r.id.replace("-", " ")) or MAC_WORD.search(r.name) for r in roots
    ):
        return (
            f"{item.name} stays the same wherever the phone does not randomise its Wi-Fi address "
            "(phones have randomised it for years; the model's description of the item says when it "
            "stays the same)"
        )
    return f"{item.name} {PERSISTENCE_WORDS[level]}"


def in_scope(context: RuleContext, assertion: Assertion) -> set[str] | None:
    """The items an assertion is about, with everything made from them; None means all items."""
    if not assertion.data:
        return None
    named = set(assertion.data)
    return {i for i, found in context.facts.ancestors.items() if found & named} | named


class NoPersonalDataContradicted(Rule):
    id = "claim-no-personal-data-contradicted"
    title = "\u201cNo personal data\u201d, yet a lasting identifier of the person flows"
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
    plain = (
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
            text = (
                f"{said(context, claim)} But {plural(len(flows), 'flow')} bring "
                f"{names(context.model, items)} into {party}'s systems. For one phone, {stable}, "
                f"so {party} can recognise the same person every time and follow her from visit "
                "to visit. An ID like this is a pseudonym, and in EU law a pseudonym is still "
                "personal data: European regulators say pseudonymised data is not anonymous "
                "(WP216), France's CNIL refused Wi-Fi counting by JCDecaux for that reason, and the "
                "US FTC called Nomi's hashed MAC addresses persistent identifiers."
            )
            yield self.finding(
                context, claim.id, text, flows=[f.id for f in flows], claims=[claim.id], data=items
            )


class AnonymisedHashReversible(Rule):
    id = "claim-anonymised-hash-reversible"
    title = "\u201cAnonymised\u201d identifier is only hashed or truncated"
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
    plain = (
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
                how = TRANSFORM_WORDS.get(item.transform or "", "hashing")
                parts.append(f"{item.name} is made from {names(model, [r.id for r in roots])} by {how}")
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
                f"{said(context, claim)} In this model: {'; '.join(parts)}. That hides the original "
                "but does not make it anonymous. First, the same phone always gives the same result, "
                "so its visits can still be linked: a persistent pseudonym."
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


def keyed_text(model: Model, keyed: Sequence[str]) -> str:
    """What a keyed transform (keyed hash, encryption) does and does not protect against."""
    if not keyed:
        return ""
    return (
        f" {names(model, keyed)} uses a secret key, so an outsider cannot recover the original by "
        "trying every value; but it is still the same for the same phone every time, and whoever holds "
        "the key can recompute or reverse it, so for the key holder it is a stable pseudonym."
    )


def enumeration_text(model: Model, roots: Iterable[str]) -> str:
    """Why an unkeyed hash of a small space can be reversed: said in full for a MAC address, briefly
    for a phone number or e-mail address; a hash of a long random identifier (an advertising ID)
    cannot be reversed by trying every value."""
    roots = tuple(roots)
    macs = [r for r in roots if MAC_WORD.search(r) or MAC_WORD.search(model.data_by_id[r].name)]
    small = [
        r
        for r in roots
        if r not in macs
        and (
            SMALL_SPACE_WORD.search(r.replace("-", " ")) or SMALL_SPACE_WORD.search(model.data_by_id[r].name)
        )
    ]
    others = [r for r in roots if r not in macs and r not in small]
    text = ""
    if small:
        text += (
            f" {names(model, small)} has few enough plausible values (numbering plans, lists of known "
            "addresses) that its unkeyed hash can be reversed by trying candidates."
        )
    if macs:
        seconds = (1 << SUFFIX_BITS) / MEASURED_RATE
        text += (
            f" Second, {names(model, macs)} can be recovered from its hash by trying every possible "
            f"input. A Wi-Fi MAC address has 2^{MAC_BITS} possible values, but only about "
            f"2^{MAC_ALLOCATED_BITS} are allocated to manufacturers (half of all MACs fall within "
            f"2^{MAC_HALF_BITS}), and the first half of the address names the maker, which leaves "
            f"2^{SUFFIX_BITS} ({1 << SUFFIX_BITS:,}) candidates per maker. An ordinary laptop tries "
            f"about {MEASURED_RATE / 1e6:.1f} million a second, so one maker's whole range takes "
            f"about {seconds:.0f} seconds (run `adflows reverse-hash` to see it)."
        )
    if others:
        text += (
            f" ({names(model, others)} cannot be recovered by simply trying every value unless its "
            "possible values are few or known, but the first point alone keeps it a pseudonym.)"
        )
    return text


class AnonymisedStablePseudonym(Rule):
    id = "claim-anonymised-stable-pseudonym"
    title = "\u201cAnonymous\u201d identifier stays the same for one device"
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
    plain = (
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
                f" Here {names(model, aimed)} is also used to aim ads, so it leads straight back to her."
                if aimed
                else ""
            )
            text = (
                f"{said(context, claim)} But for one phone, {stable}. An identifier that follows one "
                "device is not anonymous: it picks out one person among all others and links "
                "everything recorded under it. European regulators call this pseudonymised data, which "
                f"is still personal data (WP216).{used}"
            )
            yield self.finding(context, claim.id, text, flows=flows, claims=[claim.id], data=items)


class NoInstallationContradicted(Rule):
    id = "claim-no-installation-contradicted"
    title = "\u201cNothing installed in the store\u201d, yet the model shows equipment there"
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
    plain = "{subject} says nothing is installed in the store, but the model shows its equipment there."

    def check(self, context: RuleContext) -> Iterable[Finding]:
        model = context.model
        for claim, _ in assertions(context, "no-installation-in-store"):
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
                " These nodes belong to the account "
                + ", ".join(f"\u2018{model.accounts_by_id[a].title}\u2019" for a in accounts)
                + ", so the sources disagree: if that account is right, the claim is not."
                if accounts
                else ""
            )
            text = (
                f"{said(context, claim)} The model places {names(model, ids, 'nodes')} in the store, "
                f"run by {party_name(model, claim.party)}.{depends} People cannot look for a notice "
                "about equipment they are told does not exist."
            )
            yield self.finding(context, claim.id, text, nodes=ids, flows=flows, claims=[claim.id])


class OptOutUnavailable(Rule):
    id = "claim-opt-out-unavailable"
    title = "Opt-out promised, but the flows ask for no choice"
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
    plain = "{subject} says people can opt out, but where the data is taken nobody is asked."

    def check(self, context: RuleContext) -> Iterable[Finding]:
        facts = context.facts
        for claim, _ in assertions(context, "opt-out-offered"):
            sphere = facts.sphere(claim.party)
            flows = [
                f
                for f in context.model.flows
                if f.target in sphere and f.consent == "none" and facts.personal_data(f)
            ]
            if not flows:
                continue
            items = unique(d for f in flows for d in facts.personal_data(f))
            text = (
                f"{said(context, claim)} Yet {names(context.model, items)} reach it on "
                f"{plural(len(flows), 'flow')} where she is not asked and cannot refuse. An opt-out "
                "that is not offered where the data is taken does not exist for the person."
            )
            yield self.finding(
                context, claim.id, text, flows=[f.id for f in flows], claims=[claim.id], data=items
            )
