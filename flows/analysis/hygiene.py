"""Source hygiene: Model -> tuple[Problem, ...] for `adflows check --strict` (analysis stage, pure).

The privacy rules judge the company; these checks judge the model, because a public model that
overstates a fact about a named company harms the people relying on it. Every factual element needs a
source or an explicit assumption; every source needs a date and a URL (or a note saying why there is
none); a low-grade source (fact sheet tag [secondary/low]) must never be the sole support of a fact
stated as fact; a quoted claim must come from a document, and every listed source must support something.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from flows.input.errors import Problem, quote
from flows.input.model import Claim, Element, Model, Source

# Sections of factual elements, with the key path prefix their spans were recorded under.
SECTIONS: tuple[tuple[str, str], ...] = (
    ("parties", "party"),
    ("nodes", "node"),
    ("data", "data item"),
    ("flows", "flow"),
    ("audiences", "audience"),
    ("controls", "control"),
)
# A source's note may say why it has no date or no URL (a living documentation page, a paper cited by
# venue only); saying so in words the reader sees is what makes the gap acceptable.
NO_DATE_NOTE = re.compile(r"\b(undated|no (publication |known )?date|no (URL|link) or date)\b", re.I)
NO_URL_NOTE = re.compile(r"\bno (public |known |stable )?(URL|link)\b", re.I)
# A listed source that supports no element is allowed only when its note says it is kept as a lead
# (the fact sheet's own words for low-grade sources), so a reader sees why it is there.
LEAD_NOTE = re.compile(r"\bas a lead\b", re.I)
# Evidence levels that must not be the only support of a fact stated as fact (fact sheet, "How to
# read the tags": [secondary/low] is "only a lead and never the sole citation in a public model").
LOW_EVIDENCE = "secondary"
# Words that present an element's text as someone's report rather than as established fact.
ATTRIBUTION = re.compile(
    r"\b(according to|reports?|reported|says?|said|claims?|claimed|lists?|listed|describes?|"
    r"described|blog|blog's)\b",
    re.I,
)
# A claim whose source is only an assumption must say in its quote that the wording is invented.
INVENTED_QUOTE = re.compile(r"\binvented\b", re.I)


def check_sources(model: Model) -> tuple[Problem, ...]:
    """Every hygiene problem of the model, sorted by position in the file."""
    problems = [
        *_unsourced(model),
        *_low_only(model),
        *_source_details(model),
        *_claims(model),
        *_unused(model),
        *_unhedged_stability(model),
    ]
    return tuple(sorted(problems))


def _problem(
    model: Model,
    span_of: Element | Source | Claim,
    path: tuple[str | int, ...],
    message: str,
    hint: str | None = None,
) -> Problem:
    span = span_of.span
    return Problem(model.filename, span.line, span.col, message, path, hint)


def _elements(model: Model) -> Iterator[tuple[str, str, int, Element]]:
    for section, label in SECTIONS:
        for i, element in enumerate(getattr(model, section)):
            yield section, label, i, element


def _text(element: Element) -> str:
    """The element's free text: what a reader sees as the statement the element makes."""
    fields = ("name", "description", "purpose", "channel", "rule")
    return " ".join(str(getattr(element, f, None) or "") for f in fields)


def _unsourced(model: Model) -> Iterator[Problem]:
    for section, label, i, element in _elements(model):
        if not element.sources and not element.assumption:
            yield _problem(
                model,
                element,
                (section, i),
                f"{label} {quote(element.id)}: no source and no assumption",
                "add sources: [...] or assumption: ...",
            )


def _low_only(model: Model) -> Iterator[Problem]:
    """Elements resting only on low-grade sources, presented as fact.

    Accepted when the element is marked as an assumption, belongs to an alternative account (the
    account names its source and is shown as that source's version), or its own text attributes the
    statement ("the blog says...", "according to..."): then a reader sees whose word it is.
    """
    by_id = model.sources_by_id
    for section, label, i, element in _elements(model):
        cited = [by_id[s] for s in element.sources if s in by_id]
        if not cited or any(s.evidence != LOW_EVIDENCE for s in cited):
            continue
        if element.assumption or element.account or ATTRIBUTION.search(_text(element)):
            continue
        names = ", ".join(quote(s.id) for s in cited)
        yield _problem(
            model,
            element,
            (section, i),
            f"{label} {quote(element.id)}: only low-grade (secondary) sources ({names}) support it, "
            "and its text states it as fact",
            "cite a stronger source, say in its description who reports it ('the blog says ...'), "
            "or mark it with assumption: ...",
        )


def _source_details(model: Model) -> Iterator[Problem]:
    for i, source in enumerate(model.sources):
        if source.evidence == "assumption":
            continue  # the model's own illustration, not a document: nothing to date or link
        note = source.note or ""
        if not source.date and not NO_DATE_NOTE.search(note):
            yield _problem(
                model,
                source,
                ("sources", i),
                f"source {quote(source.id)}: no date",
                "add date: YYYY, YYYY-MM or YYYY-MM-DD, or say 'undated' in its note and why",
            )
        if not source.url and not NO_URL_NOTE.search(note):
            yield _problem(
                model,
                source,
                ("sources", i),
                f"source {quote(source.id)}: no url",
                "add url: https://..., or say 'no URL' in its note and how to find it",
            )


def _claims(model: Model) -> Iterator[Problem]:
    by_id = model.sources_by_id
    for i, claim in enumerate(model.claims):
        source = by_id.get(claim.source)
        if not claim.quote.strip():
            yield _problem(
                model,
                claim,
                ("claims", i),
                f"claim {quote(claim.id)}: empty quote",
                "quote the party's words, or paraphrase them and say so",
            )
        if source is None:
            yield _problem(
                model,
                claim,
                ("claims", i),
                f"claim {quote(claim.id)}: no source",
                "add source: with the id of the document the words come from",
            )
        elif source.evidence == "assumption" and not INVENTED_QUOTE.search(claim.quote):
            yield _problem(
                model,
                claim,
                ("claims", i),
                f"claim {quote(claim.id)}: quoted from {quote(source.id)}, which is an assumption, "
                "not a document",
                "cite the document the words come from, or start the quote with '(Invented wording)'",
            )
        elif source.evidence == LOW_EVIDENCE and not (claim.note or "").strip():
            yield _problem(
                model,
                claim,
                ("claims", i),
                f"claim {quote(claim.id)}: quoted only from a low-grade (secondary) source "
                f"{quote(source.id)} with no note",
                "add note: saying who relays the words and that they are unconfirmed",
            )


def _unused(model: Model) -> Iterator[Problem]:
    cited: set[str] = {c.source for c in model.claims}
    for *_, element in _elements(model):
        cited.update(element.sources)
    for account in model.accounts:
        cited.update(account.sources)
    for i, source in enumerate(model.sources):
        if source.id not in cited and not LEAD_NOTE.search(source.note or ""):
            yield _problem(
                model,
                source,
                ("sources", i),
                f"source {quote(source.id)}: listed but cited by no element, claim or account",
                "cite it where it supports the model, remove it, or say in its note that it is kept only as "
                "a lead",
            )


# Phones randomise Wi-Fi MAC addresses: while scanning since iOS 8 (2014, fact sheet W3), per network
# since iOS 14 and Android 10 (RFC 9724, W7). A model that says a MAC "never changes" must say when.
MAC_WORD = re.compile(r"\bmac\b", re.I)
RANDOMISATION = re.compile(r"\brandom", re.I)


def _unhedged_stability(model: Model) -> Iterator[Problem]:
    """Wi-Fi MAC addresses marked `persistent` whose text never mentions randomisation."""
    for i, item in enumerate(model.data):
        if item.kind != "identifier" or item.persistence != "persistent" or item.derived_from:
            continue
        if not (MAC_WORD.search(item.id.replace("-", " ")) or MAC_WORD.search(item.name)):
            continue
        if RANDOMISATION.search(f"{item.description or ''} {item.assumption or ''}"):
            continue
        yield _problem(
            model,
            item,
            ("data", i, "persistence"),
            f"data item {quote(item.id)}: 'persistent' says the MAC address never changes, but phones "
            "have randomised Wi-Fi MAC addresses for years (while scanning since iOS 8 in 2014; per "
            "network since iOS 14 and Android 10)",
            "say in its description or assumption when it stays the same (an older phone, a network "
            "the phone has joined, randomisation defeated) and cite the source",
        )
