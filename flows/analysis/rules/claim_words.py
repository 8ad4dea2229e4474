"""How the claim rules read claims and word their findings: which assertions a model makes, what a
claim says (quoted or paraphrased, relayed or not), how stable an identifier is and why a hash of it
can be reversed. Shared by the rules in `claims`, `sharing_claims` and `groups`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence

from flows.analysis.reversehash import MEASURED_RATE, SUFFIX_BITS
from flows.analysis.rules.base import RuleContext, party_name, worded_names
from flows.input.i18n import N_, _, format_number, message_language
from flows.input.kinds import TRANSFORMS
from flows.input.model import Assertion, Claim, Flow, Model

# Ali & Dyo 2020 (fact sheet H2): 2^48 possible MACs, the allocated space fits in 39 bits, and
# frequency-based attacks cover half of all MACs in 31 bits.
MAC_BITS = 48
MAC_ALLOCATED_BITS = 39
MAC_HALF_BITS = 31
# Whole clauses about one item (`{item}` is its name).
PERSISTENCE_WORDS = {
    "persistent": N_("{item} never changes"),
    "resettable": N_("{item} stays the same until she resets it"),
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
TRANSFORM_WORDS: dict[str, str] = {kind: info.words for kind, info in TRANSFORMS.items() if info.words}


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
    party = party_name(context.model, claim.party)
    # Not the party's own words: no quotation marks, and the reader is told it is a paraphrase.
    # Only a blog or similar has the words: say so, or the finding overstates what is known.
    if claim.evidence in RELAYED:
        source = context.model.sources_by_id[claim.source]
        relayed = source.publisher or source.title
        if claim.paraphrase:
            message = _("According to {source}, {party} says, in the source's paraphrase, that {quote}{end}")
        else:
            message = _("According to {source}, {party} says: \u201c{quote}\u201d{end}")
        return message.format(source=relayed, party=party, quote=quote, end=end)
    if claim.paraphrase:
        message = _("{party} says, in the source's paraphrase, that {quote}{end}")
    else:
        message = _("{party} says: \u201c{quote}\u201d{end}")
    return message.format(party=party, quote=quote, end=end)


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
        return _(
            "{item} stays the same wherever the phone does not randomise its Wi-Fi address (phones have "
            "randomised it for years; the model's description of the item says when it stays the same)"
        ).format(item=item.name)
    return _(PERSISTENCE_WORDS[level]).format(item=item.name)


def in_scope(context: RuleContext, assertion: Assertion) -> set[str] | None:
    """The items an assertion is about, with everything made from them; None means all items."""
    if not assertion.data:
        return None
    named = set(assertion.data)
    return {i for i, found in context.facts.ancestors.items() if found & named} | named


def keyed_text(model: Model, keyed: Sequence[str]) -> str:
    """What a keyed transform (keyed hash, encryption) does and does not protect against."""
    if not keyed:
        return ""
    return " " + _(
        "{items} uses a secret key, so an outsider cannot recover the original by trying every value; "
        "but it is still the same for the same phone every time, and whoever holds the key can recompute "
        "or reverse it, so for the key holder it is a stable pseudonym."
    ).format(items=worded_names(model, keyed))


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
        text += " " + _(
            "{items} has few enough plausible values (numbering plans, lists of known addresses) that its "
            "unkeyed hash can be reversed by trying candidates."
        ).format(items=worded_names(model, small))
    if macs:
        seconds = (1 << SUFFIX_BITS) / MEASURED_RATE
        message = N_(
            "Second, {items} can be recovered from its hash by trying every possible input. A Wi-Fi MAC "
            "address has 2^{mac_bits} possible values, but only about 2^{allocated_bits} are allocated to "
            "manufacturers (half of all MACs fall within 2^{half_bits}), and the first half of the "
            "address names the maker, which leaves 2^{suffix_bits} ({candidates}) candidates per maker. "
            "An ordinary laptop tries about {rate} million a second, so one maker's whole range takes "
            "about {seconds} seconds (run `adflows reverse-hash` to see it)."
        )
        lang = message_language(message)  # numbers written the way the sentence's language writes them
        text += " " + _(message).format(
            items=worded_names(model, macs),
            mac_bits=MAC_BITS,
            allocated_bits=MAC_ALLOCATED_BITS,
            half_bits=MAC_HALF_BITS,
            suffix_bits=SUFFIX_BITS,
            candidates=format_number(1 << SUFFIX_BITS, lang=lang),
            rate=format_number(MEASURED_RATE / 1e6, 1, lang),
            seconds=format_number(seconds, lang=lang),
        )
    if others:
        text += " " + _(
            "({items} cannot be recovered by simply trying every value unless its possible values are few "
            "or known, but the first point alone keeps it a pseudonym.)"
        ).format(items=worded_names(model, others))
    return text
