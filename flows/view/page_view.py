"""What the interactive page shows: the view plus analysis and precomputed what-ifs (Model -> page view).

Sits between the analysis stage and the renderers: `flows.view.graph_view.to_view` knows nothing of
analysis, so this is the one place that composes `to_view(model, extra=...)` for the HTML page and the
web app. The page needs no Python at runtime, so what-if results are computed here for every switch.
Big models are capped (findings, what-knows-what lists, what-if switches) and `limits` says what was left
out, so a 5,000-node model still gives a page of reasonable size.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from flows.analysis.findings import Finding
from flows.analysis.knowledge import PartyKnowledge
from flows.analysis.run import Analysis, analyse
from flows.analysis.whatif import PERMISSION, what_if
from flows.input.kinds import node_kinds_where
from flows.input.model import Model
from flows.input.translations import UnknownLanguageError, available_languages, is_rtl, translated
from flows.view.analysis_view import (
    GROUP_ABOVE,
    GROUP_EXAMPLES,
    join_view,
    journey_view,
    knowledge_view,
    known_item_view,
)
from flows.view.contract import GraphView, LanguageView, PageSections
from flows.view.graph_view import LARGE_FLOWS, LARGE_NODES, to_view

# Caps for big models; none of them binds on the bundled scenarios.
MAX_FINDINGS = 300  # findings on the page, most severe first (the counts per severity stay complete)
MAX_IDS = 60  # nodes, flows, claims, data and sources listed per finding
MAX_KNOWLEDGE_PARTIES = 100  # parties in "who knows what": those with joins, then those knowing most
MAX_KNOWN_ITEMS = 40  # data items listed per party
MAX_ITEM_FLOWS = 3  # flows and parties listed per known item
MAX_JOINS = 10  # joins listed per party
MAX_SWITCHES = 50  # what-if switches; above this the page offers none
MAX_WHATIF_ELEMENTS = 1500  # nodes + flows; each switch re-runs the whole analysis
SWITCH_KINDS = node_kinds_where("switchable")  # apps, SDKs and sensors (the table of kinds)
_FINDING_LISTS = ("nodes", "flows", "claims", "data", "sources", "confidence_basis")


def page_view(model: Model, analysis: Analysis | None = None, *, fallback: Sequence[str] = ()) -> GraphView:
    """The view the page draws: `to_view` plus findings, journeys, knowledge, whatif, limits and language.

    Pass `analysis` when the caller already has `analyse(model)` (the web app does), to skip redoing it.
    For a translated model (`page_view_in`), `fallback` lists the original texts it shows untranslated.
    """
    analysis = analysis or analyse(model)
    view = to_view(model, extra=analysis_sections(model, analysis), graph=analysis.graph)
    view["language"] = language_view(model, fallback)
    return view


def page_view_in(model: Model, code: str, analysis: Analysis | None = None) -> GraphView:
    """The page view of the model in one of its languages: built from the translated Model, so labels,
    layout, journeys and findings read the translated text. `analysis` is used for the original only."""
    shown, fallback = translated(model, code)
    return page_view(shown, analysis if shown is model else None, fallback=fallback)


def page_languages(model: Model, lang: str | None = None) -> list[str]:
    """The languages of the page's views in the order they are embedded: the default (`lang`, else the
    original) first, then every other of the model's languages. Raises `UnknownLanguageError`."""
    first, available = lang or model.language, available_languages(model)
    if first not in available:
        raise UnknownLanguageError(first, available)
    return [first, *(code for code in available_languages(model) if code != first)]


def language_view(model: Model, fallback: Sequence[str] = ()) -> LanguageView:
    """The view's `language` key (docs/web.md): what its model text is in and what else there is."""
    code = model.shown_language
    return {
        "code": code,
        "original": model.language,
        "available": available_languages(model),
        "rtl": is_rtl(code),
        "fallback": list(fallback),
    }


def analysis_sections(model: Model, analysis: Analysis | None = None) -> PageSections:
    """The page's analysis sections (the keys `page_view` adds to `to_view`), computed when not given.

    Only what the page shows is turned into JSON-ready data (`flows.view.analysis_view`, with the caps
    applied), so a model with tens of thousands of findings does not pay for dicts that are then dropped. It
    depends on the model alone, so `adflows render` computes it beside the drawing view.
    """
    analysis = analysis or analyse(model)
    limits: dict[str, Any] = {}
    return {
        "findings": _cap_findings(analysis.findings, limits, grouped=_is_large(model)),
        "journeys": [journey_view(analysis.model, j) for j in analysis.journeys],
        "journeys_capped": analysis.journeys.capped,
        "knowledge": _cap_knowledge(analysis.model, analysis.knowledge.parties, limits),
        "whatif": whatif_section(model, analysis),
        "limits": limits,
    }


def _is_large(model: Model) -> bool:
    return len(model.nodes) >= LARGE_NODES or len(model.flows) >= LARGE_FLOWS


def _cap_findings(
    findings: tuple[Finding, ...], limits: dict[str, Any], grouped: bool = False
) -> list[dict[str, Any]]:
    """The findings the page lists. On a large model (`grouped`) a rule with more than GROUP_ABOVE
    findings is listed with its first GROUP_EXAMPLES only, and `limits["findings_by_rule"]` gives every
    rule's count, so the page shows "4,890 findings of this rule" once (the text report does the same)."""
    counts: dict[str, int] = {}
    by_rule: dict[str, int] = {}
    for finding in findings:
        counts[finding.severity] = counts.get(finding.severity, 0) + 1
        by_rule[finding.rule] = by_rule.get(finding.rule, 0) + 1
    listed = findings
    if grouped:
        limits["findings_by_rule"] = dict(sorted(by_rule.items()))
        limits["findings_grouped_above"] = GROUP_ABOVE
        seen: dict[str, int] = {}
        kept = []
        for finding in findings:
            seen[finding.rule] = seen.get(finding.rule, 0) + 1
            if by_rule[finding.rule] <= GROUP_ABOVE or seen[finding.rule] <= GROUP_EXAMPLES:
                kept.append(finding)
        listed = tuple(kept)
    limits["findings_total"] = len(findings)
    limits["findings_by_severity"] = counts
    limits["findings_shown"] = min(len(listed), MAX_FINDINGS)
    capped = []
    for finding in listed[:MAX_FINDINGS]:
        view = finding.to_dict()
        more = {k: len(view[k]) - MAX_IDS for k in _FINDING_LISTS if len(view[k]) > MAX_IDS}
        if more:
            view = {**view, **{k: view[k][:MAX_IDS] for k in more}, "more": more}
        capped.append(view)
    return capped


def _cap_knowledge(
    model: Model, parties: tuple[PartyKnowledge, ...], limits: dict[str, Any]
) -> list[dict[str, Any]]:
    limits["knowledge_parties_total"] = len(parties)
    shown = list(parties)
    if len(parties) > MAX_KNOWLEDGE_PARTIES:
        ranked = sorted(parties, key=lambda p: (-len(p.joins), -len(p.items)))
        keep = {p.party for p in ranked[:MAX_KNOWLEDGE_PARTIES]}
        shown = [p for p in parties if p.party in keep]  # back in the model's order
    limits["knowledge_parties_shown"] = len(shown)
    return [_cap_party(model, party, limits) for party in shown]


def _cap_party(model: Model, party: PartyKnowledge, limits: dict[str, Any]) -> dict[str, Any]:
    small = len(party.items) <= MAX_KNOWN_ITEMS and len(party.joins) <= MAX_JOINS
    if small and all(max(len(i.flows), len(i.from_parties)) <= MAX_ITEM_FLOWS for i in party.items):
        return knowledge_view(model, party)
    limits["knowledge_capped"] = True
    items = []
    for known in party.items[:MAX_KNOWN_ITEMS]:
        item = known_item_view(model, known)
        item["flows"] = item["flows"][:MAX_ITEM_FLOWS]
        item["from_parties"] = item["from_parties"][:MAX_ITEM_FLOWS]
        items.append(item)
    return {
        "party": party.party,
        "party_name": model.parties_by_id[party.party].name,
        "items": items,
        "audiences": list(party.audiences),
        "joins": [join_view(j) for j in party.joins[:MAX_JOINS]],
        "items_total": len(party.items),
        "joins_total": len(party.joins),
    }


def switch_specs(model: Model) -> list[str]:
    """What the page can switch: each flow granted by an OS permission, each app, SDK and sensor (off),
    and each control that stops flows (on)."""
    flows = [f"flow:{f.id}" for f in model.flows if f.consent == PERMISSION]
    nodes = [f"node:{n.id}" for n in model.nodes if n.kind in SWITCH_KINDS]
    controls = [f"control:{c.id}" for c in model.controls if c.stops]
    return flows + nodes + controls


def whatif_section(model: Model, analysis: Analysis | None = None) -> dict[str, Any]:
    """Each switch with the journeys it breaks and the findings it removes, adds or changes.

    Journey ids and finding keys refer to the page's own `journeys` and `findings`, so `analysis` must
    be the analysis of the same model (computed when not given).
    """
    specs = switch_specs(model)
    size = len(model.nodes) + len(model.flows)
    if len(specs) > MAX_SWITCHES or size > MAX_WHATIF_ELEMENTS:
        return {
            "switches": [],
            "skipped": (
                f"This model has {len(specs):,} things to switch off and {size:,} nodes and flows; "
                f"the page precomputes what-ifs only up to {MAX_SWITCHES} switches and "
                f"{MAX_WHATIF_ELEMENTS:,} nodes and flows. Use `adflows whatif` instead."
            ),
        }
    before = analysis or analyse(model)
    return {"switches": [_switch_view(model, spec, before) for spec in specs], "skipped": None}


def _switch_view(model: Model, spec: str, before: Analysis) -> dict[str, Any]:
    result = what_if(model, spec, before)
    switch = result.switch
    return {
        "id": spec,
        "kind": switch.kind,
        "target": switch.target,
        "nodes": list(switch.nodes),
        "flows": list(switch.flows),
        "journeys_after": len(result.after.journeys),
        "broken": [j.id for j in result.broken],
        "findings_gone": [f.key for f in result.findings_gone],
        "findings_changed": [f.key for f in result.findings_changed],
        "findings_new": [
            {"key": f.key, "title": f.title, "severity": f.severity} for f in result.findings_new
        ],
    }
