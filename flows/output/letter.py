"""Template letters a person sends to a company in a model: a GDPR Art. 15 access request and a CCPA
request to know (output stage: Model + who-knows-what -> Markdown).

The letter asks for what the law lets her ask for, and tells the company what a public model of its
system says it receives about people in her position (each item with the flows that bring it and how
well the sources support them), so the answer cannot stop at "we hold nothing". Legal wording is ours
and fixed here; everything taken from the model is escaped as inert Markdown.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from flows.analysis.knowledge import KnownItem, PartyKnowledge
from flows.analysis.rules.confidence import EVIDENCE_RANK
from flows.input.kinds import EVIDENCE, EVIDENCE_LABELS, UNSOURCED
from flows.input.model import Model
from flows.output.report import _code, _md, _md_url

Law = Literal["gdpr", "ccpa"]
LAWS: tuple[Law, ...] = ("gdpr", "ccpa")
BLANK = "\\[\u2026\\]"  # where she fills in her own details: "[…]", escaped so it stays literal text

# What each law lets her ask for, in the order of its article or sections.
_GDPR_ASKS = (
    "whether you process personal data about me, and if so a copy of that data (Art. 15(1) and 15(3));",
    "the purposes for which you process it (Art. 15(1)(a));",
    "the categories of personal data concerned (Art. 15(1)(b));",
    "the recipients or categories of recipient to whom it has been or will be disclosed, in particular "
    "recipients in other countries, and the safeguards for such transfers (Art. 15(1)(c) and 15(2));",
    "how long you will keep it, or how you decide that (Art. 15(1)(d));",
    "where you got it, if not from me (Art. 15(1)(g));",
    "whether you use it for automated decision-making, including profiling, and if so the logic "
    "involved and its consequences for me (Art. 15(1)(h)).",
)
_CCPA_ASKS = (
    "the categories of personal information you have collected about me (Cal. Civ. Code "
    "\u00a7 1798.110(a)(1));",
    "the categories of sources from which you collected it (\u00a7 1798.110(a)(2));",
    "the business or commercial purpose for collecting, selling or sharing it (\u00a7 1798.110(a)(3));",
    "the categories of third parties to whom you disclose it, and the categories you have sold or shared "
    "and to whom (\u00a7 1798.110(a)(4) and \u00a7 1798.115);",
    "the specific pieces of personal information you have collected about me (\u00a7 1798.110(a)(5)).",
)


def letter_markdown(model: Model, knowledge: PartyKnowledge, laws: Sequence[Law] = LAWS) -> str:
    """One Markdown document with a letter per law, then the numbered sources they cite."""
    cited: dict[str, int] = {}
    items = _held_items(model, knowledge, cited)
    parts: list[str] = []
    for law in laws:
        parts += _gdpr(model, knowledge, items) if law == "gdpr" else _ccpa(model, knowledge, items)
        parts += ["", "---", ""]
    parts += _about(model, knowledge, cited)
    return "\n".join(parts) + "\n"


def _held_items(model: Model, knowledge: PartyKnowledge, cited: dict[str, int]) -> list[str]:
    """One Markdown list line per personal data item the party knows, with its route and sources."""
    parties = model.parties_by_id
    lines = []
    for known in knowledge.items:
        item = model.data_by_id[known.item]
        if not item.personal:
            continue
        how = _how(model, known)
        flows = [model.flows_by_id[f] for f in known.flows]
        source_ids = [s for f in flows for s in f.sources] or list(item.sources)
        refs = "".join(
            f"[{_number(cited, s)}]" for s in dict.fromkeys(source_ids) if s in model.sources_by_id
        )
        levels = [f.evidence for f in flows] or [item.evidence]
        weakest = max(levels, key=lambda level: EVIDENCE_RANK.get(level, len(EVIDENCE_RANK)))
        hedge = EVIDENCE[weakest].hedge_short if weakest in EVIDENCE else EVIDENCE[UNSOURCED].hedge_short
        lead = (f"{hedge} " if hedge.endswith(":") else f"{hedge}: ") if hedge else ""
        senders = ["me" if parties[p].kind == "person" else parties[p].name for p in known.from_parties]
        origin = f" from {_md(', '.join(senders))}" if senders else ""
        lines.append(f"- **{_md(item.name)}**: {lead}{how}{origin}. {refs}".rstrip())
    return lines


def _how(model: Model, known: KnownItem) -> str:
    if known.how == "derives":
        made = ", ".join(model.data_by_id[d].name for d in known.derived_from)
        return f"you work it out from {_md(made)}"
    return {
        "holds": "you hold it",
        "receives": "you receive it",
        "produces": "you produce it yourselves",
    }.get(known.how, "you hold it")


def _number(cited: dict[str, int], source_id: str) -> int:
    return cited.setdefault(source_id, len(cited) + 1)


def _identifiers(model: Model, knowledge: PartyKnowledge) -> list[str]:
    ids = [model.data_by_id[k.item] for k in knowledge.items]
    return [f"- {_md(item.name)}: {BLANK}" for item in ids if item.kind == "identifier" and item.personal]


def _head(model: Model, knowledge: PartyKnowledge, title: str) -> list[str]:
    party = model.parties_by_id[knowledge.party]
    return [
        f"# {title}",
        "",
        f"To: {_md(party.name)}, data protection / privacy contact",
        f"From: {BLANK} (your name, postal address and e-mail)",
        f"Date: {BLANK}",
        "",
        f"Dear {_md(party.name)},",
    ]


def _facts(model: Model, knowledge: PartyKnowledge, items: list[str]) -> list[str]:
    party = model.parties_by_id[knowledge.party].name
    if not items:
        return [
            "",
            f"A public model of this system (\u201c{_md(model.title)}\u201d) names no personal data "
            f"reaching {_md(party)}; I ask all the same, to be sure.",
        ]
    return [
        "",
        f"A public model of this system (\u201c{_md(model.title)}\u201d, built from the sources listed at "
        f"the end) says that {_md(party)} receives or works out the following about people in my "
        "position. Where a source is weak the line says so; please tell me which of these you hold "
        "about me:",
        "",
        *items,
    ]


def _find_me(model: Model, knowledge: PartyKnowledge) -> list[str]:
    identifiers = _identifiers(model, knowledge)
    if not identifiers:
        return []
    return [
        "",
        "To find my data, please search your records for these identifiers of mine (fill in those you "
        "know; delete the rest):",
        "",
        *identifiers,
    ]


def _gdpr(model: Model, knowledge: PartyKnowledge, items: list[str]) -> list[str]:
    return _letter(
        model,
        knowledge,
        items,
        "Access request under Article 15 GDPR",
        "I am writing to exercise my right of access under Article 15 of the General Data Protection "
        "Regulation (EU) 2016/679 (GDPR). Please tell me:",
        _GDPR_ASKS,
        "Please answer without undue delay and within one month of receiving this request (Art. 12(3) "
        "GDPR). The first copy is free of charge (Art. 15(3)). If you need to confirm my identity, ask "
        "only for what you need for that. If you do not answer, I may complain to a data protection "
        "authority (Art. 77).",
    )


def _ccpa(model: Model, knowledge: PartyKnowledge, items: list[str]) -> list[str]:
    return _letter(
        model,
        knowledge,
        items,
        "Request to know under the California Consumer Privacy Act (CCPA)",
        "I am a California resident and I ask you, under Cal. Civ. Code \u00a7\u00a7 1798.100, 1798.110 "
        "and 1798.115 (the California Consumer Privacy Act, as amended by the CPRA), to disclose to me:",
        _CCPA_ASKS,
        "I also ask you not to sell or share my personal information (\u00a7 1798.120). Please answer "
        "within 45 calendar days of receiving this request (\u00a7 1798.130).",
    )


def _letter(
    model: Model,
    knowledge: PartyKnowledge,
    items: list[str],
    title: str,
    opening: str,
    asks: tuple[str, ...] | list[str],
    closing: str,
) -> list[str]:
    """One letter: the law's title, opening and numbered asks; then the model's facts and the person's
    identifiers, which every law's letter shares; then the law's closing."""
    return [
        *_head(model, knowledge, title),
        "",
        opening,
        "",
        *(f"{i}. {ask}" for i, ask in enumerate(asks, 1)),
        *_facts(model, knowledge, items),
        *_find_me(model, knowledge),
        "",
        closing,
        "",
        "Yours sincerely,",
        BLANK,
    ]


def _about(model: Model, knowledge: PartyKnowledge, cited: dict[str, int]) -> list[str]:
    out = ["## Sources", ""]
    if not cited:
        out.append("The model cites no source for these items.")
    for source_id, number in cited.items():
        source = model.sources_by_id[source_id]
        parts = [_md(p) for p in (source.title, source.author, source.publisher, source.date) if p]
        line = f"{number}. " + ". ".join(p.rstrip(".") for p in parts) + "."
        if source.url:
            line += f" <{_md_url(source.url)}>"
        out.append(f"{line} Evidence: {EVIDENCE_LABELS.get(source.evidence, source.evidence)}.")
    # Controls this company offers, and rights that are not tied to another company.
    controls = [
        c
        for c in model.controls
        if c.offered_by == knowledge.party or (c.kind == "data-subject-right" and c.offered_by is None)
    ]
    if controls:
        out += ["", "## Other things you can do, from the model", ""]
        for control in controls:
            state = "" if control.found else " (the sources found it missing)"
            text = f" {_md(control.description)}" if control.description else ""
            out.append(f"- **{_md(control.name)}**{state}.{text}")
    out += [
        "",
        f"Generated by adflows from `{_code(model.filename)}`. It is a template, not legal advice: check "
        "which law applies to you and to the company, and keep a copy of what you send.",
    ]
    return out
