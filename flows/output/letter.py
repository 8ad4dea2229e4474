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
from flows.input.i18n import gettext, language
from flows.input.kinds import EVIDENCE, EVIDENCE_LABELS, UNSOURCED
from flows.input.model import Model
from flows.output.letter_words import BLANK, ENGLISH, LETTER_WORDS, LetterWords
from flows.output.report import _code, _md, _md_url

Law = Literal["gdpr", "ccpa"]
LAWS: tuple[Law, ...] = ("gdpr", "ccpa")
LETTER_LANGUAGES: tuple[str, ...] = tuple(LETTER_WORDS)

_CCPA_ASKS = (
    "the categories of personal information you have collected about me (Cal. Civ. Code "
    "\u00a7 1798.110(a)(1));",
    "the categories of sources from which you collected it (\u00a7 1798.110(a)(2));",
    "the business or commercial purpose for collecting, selling or sharing it (\u00a7 1798.110(a)(3));",
    "the categories of third parties to whom you disclose it, and the categories you have sold or shared "
    "and to whom (\u00a7 1798.110(a)(4) and \u00a7 1798.115);",
    "the specific pieces of personal information you have collected about me (\u00a7 1798.110(a)(5)).",
)


def letter_markdown(
    model: Model, knowledge: PartyKnowledge, laws: Sequence[Law] = LAWS, lang: str = "en"
) -> str:
    """One Markdown document with a letter per law, then the numbered sources they cite.

    `lang` is one of LETTER_LANGUAGES (a KeyError otherwise); pass the model translated into it
    (`flows.input.translations.translated`) when it has that translation. The CCPA letter is in English
    whatever `lang` (flows/output/letter_words.py says why), written from the original model's text."""
    words = LETTER_WORDS[lang]
    cited: dict[str, int] = {}
    with language(lang):
        items = _held_items(model, knowledge, cited, words)
    parts: list[str] = []
    for law in laws:
        if law == "gdpr":
            parts += _gdpr(model, knowledge, items, words)
        else:
            original = model.original or model
            with language("en"):
                english = items if words is ENGLISH else _held_items(original, knowledge, cited, ENGLISH)
            parts += [words.ccpa_note, ""] if words.ccpa_note else []
            parts += _ccpa(original, knowledge, english)
        parts += ["", "---", ""]
    with language(lang):
        parts += _about(model, knowledge, cited, words)
    return "\n".join(parts) + "\n"


def _held_items(
    model: Model, knowledge: PartyKnowledge, cited: dict[str, int], words: LetterWords
) -> list[str]:
    """One Markdown list line per personal data item the party knows, with its route and sources."""
    parties = model.parties_by_id
    lines = []
    for known in knowledge.items:
        item = model.data_by_id[known.item]
        if not item.personal:
            continue
        how = _how(model, known, words)
        flows = [model.flows_by_id[f] for f in known.flows]
        source_ids = [s for f in flows for s in f.sources] or list(item.sources)
        refs = "".join(
            f"[{_number(cited, s)}]" for s in dict.fromkeys(source_ids) if s in model.sources_by_id
        )
        levels = [f.evidence for f in flows] or [item.evidence]
        weakest = max(levels, key=lambda level: EVIDENCE_RANK.get(level, len(EVIDENCE_RANK)))
        hedge = EVIDENCE[weakest].hedge_short if weakest in EVIDENCE else EVIDENCE[UNSOURCED].hedge_short
        hedge = gettext(hedge) if hedge else None
        lead = (f"{hedge} " if hedge.endswith(":") else f"{hedge}: ") if hedge else ""
        senders = [words.me if parties[p].kind == "person" else parties[p].name for p in known.from_parties]
        origin = words.origin.format(senders=_md(", ".join(senders))) if senders else ""
        lines.append(f"- **{_md(item.name)}**: {lead}{how}{origin}. {refs}".rstrip())
    return lines


def _how(model: Model, known: KnownItem, words: LetterWords) -> str:
    if known.how == "derives":
        made = ", ".join(model.data_by_id[d].name for d in known.derived_from)
        return words.how["derives"].format(made=_md(made))
    return words.how.get(known.how, words.how["holds"])


def _number(cited: dict[str, int], source_id: str) -> int:
    return cited.setdefault(source_id, len(cited) + 1)


def _identifiers(model: Model, knowledge: PartyKnowledge) -> list[str]:
    ids = [model.data_by_id[k.item] for k in knowledge.items]
    return [f"- {_md(item.name)}: {BLANK}" for item in ids if item.kind == "identifier" and item.personal]


def _head(model: Model, knowledge: PartyKnowledge, title: str, words: LetterWords) -> list[str]:
    party = _md(model.parties_by_id[knowledge.party].name)
    subject = ["", words.gdpr_subject] if words.gdpr_subject and title == words.gdpr_title else []
    return [
        f"# {title}",
        "",
        words.to.format(party=party),
        words.sender,
        words.date,
        *subject,
        "",
        words.dear.format(party=party),
    ]


def _facts(model: Model, knowledge: PartyKnowledge, items: list[str], words: LetterWords) -> list[str]:
    party, title = _md(model.parties_by_id[knowledge.party].name), _md(model.title)
    if not items:
        return ["", words.no_items.format(title=title, party=party)]
    return ["", words.items_lead.format(title=title, party=party), "", *items]


def _find_me(model: Model, knowledge: PartyKnowledge, words: LetterWords) -> list[str]:
    identifiers = _identifiers(model, knowledge)
    if not identifiers:
        return []
    return ["", words.find_me, "", *identifiers]


def _gdpr(model: Model, knowledge: PartyKnowledge, items: list[str], words: LetterWords) -> list[str]:
    after = ["", words.gdpr_after_asks] if words.gdpr_after_asks else []
    return _letter(
        model,
        knowledge,
        items,
        words,
        words.gdpr_title,
        words.gdpr_opening,
        [*words.gdpr_asks],
        after,
        words.gdpr_closing,
    )


def _ccpa(model: Model, knowledge: PartyKnowledge, items: list[str]) -> list[str]:
    return _letter(
        model,
        knowledge,
        items,
        ENGLISH,
        "Request to know under the California Consumer Privacy Act (CCPA)",
        "I am a California resident and I ask you, under Cal. Civ. Code \u00a7\u00a7 1798.100, 1798.110 "
        "and 1798.115 (the California Consumer Privacy Act, as amended by the CPRA), to disclose to me:",
        _CCPA_ASKS,
        [],
        "I also ask you not to sell or share my personal information (\u00a7 1798.120). Please answer "
        "within 45 calendar days of receiving this request (\u00a7 1798.130).",
    )


def _letter(
    model: Model,
    knowledge: PartyKnowledge,
    items: list[str],
    words: LetterWords,
    title: str,
    opening: str,
    asks: tuple[str, ...] | list[str],
    after_asks: list[str],
    closing: str,
) -> list[str]:
    """One letter: the law's title, opening and numbered asks; then the model's facts and the person's
    identifiers, which every law's letter shares; then the law's closing."""
    return [
        *_head(model, knowledge, title, words),
        "",
        opening,
        "",
        *(f"{i}. {ask}" for i, ask in enumerate(asks, 1)),
        *after_asks,
        *_facts(model, knowledge, items, words),
        *_find_me(model, knowledge, words),
        "",
        closing,
        "",
        words.yours,
        BLANK,
    ]


def _about(model: Model, knowledge: PartyKnowledge, cited: dict[str, int], words: LetterWords) -> list[str]:
    out = [words.sources, ""]
    if not cited:
        out.append(words.no_source)
    for source_id, number in cited.items():
        source = model.sources_by_id[source_id]
        parts = [_md(p) for p in (source.title, source.author, source.publisher, source.date) if p]
        line = f"{number}. " + ". ".join(p.rstrip(".") for p in parts) + "."
        if source.url:
            line += f" <{_md_url(source.url)}>"
        level = EVIDENCE_LABELS.get(source.evidence)
        out.append(line + words.evidence.format(level=gettext(level) if level else source.evidence))
    # Controls this company offers, and rights that are not tied to another company.
    controls = [
        c
        for c in model.controls
        if c.offered_by == knowledge.party or (c.kind == "data-subject-right" and c.offered_by is None)
    ]
    if controls:
        out += ["", words.other_things, ""]
        for control in controls:
            state = "" if control.found else words.missing
            text = f" {_md(control.description)}" if control.description else ""
            out.append(f"- **{_md(control.name)}**{state}.{text}")
    out += ["", words.generated.format(filename=_code(model.filename))]
    return out
