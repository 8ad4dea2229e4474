"""Analysis results as text, JSON or a Markdown report with citations (renderer stage).

The Markdown report is meant to be attached to a letter to a regulator: each finding with its
explanation, the flows behind it (who sends what to whom), the claims quoted, and a numbered list of
the model's sources with their evidence level. Everything is sorted as `run_rules` sorted it.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from flows.analysis.controls import controls_on_journey, is_person_control
from flows.analysis.journeys import Hop, Journey, Journeys
from flows.analysis.knowledge import PartyKnowledge
from flows.analysis.report_journeys import ReportJourney
from flows.analysis.rules.base import Finding
from flows.analysis.rules.confidence import CONFIDENCE_LABELS
from flows.input.model import Model
from flows.view.analysis_view import GROUP_ABOVE, GROUP_EXAMPLES
from flows.view.elements import evidence_label

SEVERITY_LABELS = {"high": "High", "medium": "Medium", "low": "Low", "info": "Info"}

# A finding of an imported vendor list can rest on thousands of flows: reports show the first ones.
LISTED_IDS = 12
TABLE_FLOWS = 25


def group_by_rule(findings: Sequence[Finding], limit: int = GROUP_ABOVE) -> list[Finding | list[Finding]]:
    """The findings in their order, except that a rule with more than `limit` findings becomes one
    list (at the place of its first finding): the report then stays readable at scale."""
    counts: dict[str, int] = {}
    for finding in findings:
        counts[finding.rule] = counts.get(finding.rule, 0) + 1
    out: list[Finding | list[Finding]] = []
    groups: dict[str, list[Finding]] = {}
    for finding in findings:
        if counts[finding.rule] <= limit:
            out.append(finding)
            continue
        group = groups.get(finding.rule)
        if group is None:
            group = groups[finding.rule] = []
            out.append(group)
        group.append(finding)
    return out


def _confidence_text(finding: Finding) -> str:
    basis = ", ".join(f"{kind} {id_}" for kind, id_ in finding.confidence_basis[:GROUP_EXAMPLES])
    more = len(finding.confidence_basis) - GROUP_EXAMPLES
    if more > 0:
        basis += f" and {more} more"
    level = f" ({evidence_label(finding.confidence_evidence)})" if finding.confidence_evidence else ""
    return f"{CONFIDENCE_LABELS[finding.confidence]}{level}" + (f", set by {basis}" if basis else "")


def summary_counts(findings: Sequence[Finding]) -> dict[str, int]:
    counts = {s: 0 for s in SEVERITY_LABELS}
    for finding in findings:
        if not finding.accepted:
            counts[finding.severity] += 1
    return counts


def render_text(model: Model, findings: Sequence[Finding], *, group: bool = True) -> str:
    lines = []
    for entry in group_by_rule(findings) if group else findings:
        if isinstance(entry, list):
            lines += _group_text(entry)
            continue
        finding = entry
        mark = " (accepted)" if finding.accepted else ""
        lines.append(f"{finding.severity.upper()}: {finding.key}{mark}")
        lines.append(f"  {finding.title}")
        lines.append(f"  In plain words: {finding.plain}")
        lines.append(f"  {finding.explanation}")
        lines.append(f"  confidence: {_confidence_text(finding)}")
        if finding.flows:
            lines.append(f"  flows: {_listed(finding.flows)}")
        if finding.claims:
            lines.append(f"  claims: {_listed(finding.claims)}")
        if finding.sources:
            lines.append(f"  sources: {_listed(finding.sources)}")
        if finding.accepted:
            lines.append(f"  accepted because: {finding.justification}")
        lines.append("")
    counts = summary_counts(findings)
    accepted = sum(f.accepted for f in findings)
    total = ", ".join(f"{n} {s}" for s, n in counts.items() if n)
    lines.append(
        f"{model.filename}: {len(findings)} finding{'s' if len(findings) != 1 else ''}"
        + (f" ({total}" + (f"; {accepted} accepted)" if accepted else ")") if findings else "")
    )
    return "\n".join(lines) + "\n"


def _listed(ids: Sequence[str]) -> str:
    """Ids for a text report, the first `LISTED_IDS` of them: `--format json` carries them all."""
    if len(ids) <= LISTED_IDS:
        return ", ".join(ids)
    return ", ".join(ids[:LISTED_IDS]) + f" and {len(ids) - LISTED_IDS} more (all in --format json)"


def _group_text(group: list[Finding]) -> list[str]:
    first = group[0]
    examples = ", ".join(f.subject for f in group[:GROUP_EXAMPLES])
    return [
        f"{first.severity.upper()}: {first.rule}: {len(group):,} findings (e.g. {examples}; "
        "`--no-group` lists each)",
        f"  {first.title}",
        f"  In plain words, for example: {first.plain}",
        "",
    ]


def render_json(model: Model, findings: Sequence[Finding]) -> str:
    by_rule: dict[str, int] = {}
    for finding in findings:
        by_rule[finding.rule] = by_rule.get(finding.rule, 0) + 1
    confidence = {level: 0 for level in CONFIDENCE_LABELS}
    for finding in findings:
        confidence[finding.confidence] += 1
    data: dict[str, Any] = {
        "model": model.id,
        "file": model.filename,
        "counts": summary_counts(findings),
        "counts_by_confidence": confidence,
        "counts_by_rule": dict(sorted(by_rule.items())),
        "findings": [f.to_dict() for f in findings],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _md(text: str) -> str:
    """Inert Markdown: escape characters that would start markup or HTML in a model's free text."""
    for char in "\\`*_[]<>#|":
        text = text.replace(char, "\\" + char)
    return " ".join(text.split())


# What may not appear inside a Markdown autolink <...>; the schema refuses them in URLs, and a Model
# built in code is escaped here all the same.
_URL_ESCAPES = {c: f"%{ord(c):02X}" for c in " <>\"'{}|\\^`"}


def _code(text: str) -> str:
    """Text for a Markdown code span: no backtick to end it, on one line."""
    return " ".join(text.replace("`", "'").split())


def _md_url(url: str) -> str:
    """A URL safe inside `<...>` in Markdown: percent-encode what could end the link or start markup."""
    return "".join(_URL_ESCAPES.get(c, c) if c.isprintable() else f"%{ord(c):02X}" for c in url)


def render_markdown(model: Model, findings: Sequence[Finding], *, group: bool = True) -> str:
    """A report with numbered citations: [n] refers to the numbered source list at the end."""
    cited = [s.id for s in model.sources if any(s.id in f.sources for f in findings)]
    number = {source_id: i for i, source_id in enumerate(cited, 1)}
    out = [f"# Privacy findings: {_md(model.title)}", "", _md(model.summary), ""]
    counts = summary_counts(findings)
    out.append(
        "Open findings by severity: "
        + ", ".join(f"{SEVERITY_LABELS[s]} {n}" for s, n in counts.items())
        + f". Model file: `{_code(model.filename)}`. Generated by adflows from the model's flows and "
        "sources; each finding names the flows, claims and sources behind it."
    )
    by_confidence = {level: 0 for level in CONFIDENCE_LABELS}
    for finding in findings:
        if not finding.accepted:
            by_confidence[finding.confidence] += 1
    out.append(
        "Open findings by confidence: "
        + ", ".join(f"{CONFIDENCE_LABELS[c]} {n}" for c, n in by_confidence.items())
        + ". Each finding says how sure it is: its confidence is the weakest evidence among the flows and "
        "claims it rests on, and a finding that rests on a low-grade source or on the modeller's "
        "assumption is worded as a condition."
    )
    out.append("")
    for i, entry in enumerate(group_by_rule(findings) if group else findings, 1):
        if isinstance(entry, list):
            out.extend(_group_md(model, entry, i, number))
        else:
            out.extend(_finding_md(model, entry, i, number))
    out.extend(["## Sources", ""])
    for source_id in cited:
        source = model.sources_by_id[source_id]
        parts = [f"{number[source_id]}. {_md(source.title)}"]
        parts += [_md(p) for p in (source.author, source.publisher, source.date) if p]
        line = ". ".join(part.rstrip(".") for part in parts) + "."
        if source.url:
            line += f" <{_md_url(source.url)}>"
        out.append(f"{line} Evidence: {evidence_label(source.evidence)}.")
    out.append("")
    return "\n".join(out)


def _group_md(model: Model, group: list[Finding], index: int, number: dict[str, int]) -> list[str]:
    first = group[0]
    examples = ", ".join(f"`{f.key}`" for f in group[:GROUP_EXAMPLES])
    out = [
        f"## {index}. {_md(first.title)} ({len(group):,} findings)",
        "",
        f"**Severity:** {SEVERITY_LABELS[first.severity]} · **Rule:** `{first.rule}` · "
        f"{len(group):,} findings of this rule, for example {examples}. The first one in full:",
        "",
    ]
    return out + _finding_md(model, first, index, number)[2:]


def _finding_md(model: Model, finding: Finding, index: int, number: dict[str, int]) -> list[str]:
    refs = _refs(finding.sources, number)
    out = [
        f"## {index}. {_md(finding.title)}",
        "",
        f"**Severity:** {SEVERITY_LABELS[finding.severity]} · **Confidence:** "
        f"{_md(_confidence_text(finding))} · **Privacy threat (LINDDUN):** "
        f"{finding.linddun.replace('-', ' ')} · **Finding key:** `{finding.key}`",
        "",
        f"*In plain words:* {_md(finding.plain)}",
        "",
        _md(finding.explanation) + (f" {refs}" if refs else ""),
        "",
    ]
    if finding.accepted:
        out += [f"*Accepted by the model's authors:* {_md(finding.justification or '')}", ""]
    claims = {c.id: c for c in model.claims}
    for claim_id in finding.claims:
        claim = claims[claim_id]
        source = f" [{number[claim.source]}]" if claim.source in number else ""
        said = "(in the source's paraphrase) " if claim.paraphrase else ""
        out.append(f"> {said}{_md(claim.quote)}\n>\n> {_md(model.parties_by_id[claim.party].name)}{source}")
        out.append("")
    if finding.flows:
        out += ["| Flow | From | To | Data | Told / asked | Sources |", "|---|---|---|---|---|---|"]
        for flow_id in finding.flows[:TABLE_FLOWS]:
            out.append(_flow_row(model, flow_id, number))
        if len(finding.flows) > TABLE_FLOWS:
            rest = len(finding.flows) - TABLE_FLOWS
            out.append(f"| … and {rest} more flows (all in `adflows check --format json`) | | | | | |")
        out.append("")
    return out


def _refs(source_ids: Sequence[str], number: dict[str, int]) -> str:
    return "".join(f"[{n}]" for n in sorted(number[s] for s in source_ids if s in number))


def _flow_row(model: Model, flow_id: str, number: dict[str, int]) -> str:
    flow = model.flows_by_id[flow_id]
    nodes, parties = model.nodes_by_id, model.parties_by_id

    def end(node_id: str) -> str:
        node = nodes[node_id]
        return f"{_md(node.name)} ({_md(parties[node.party].name)})"

    data = ", ".join(_md(model.data_by_id[d].name) for d in flow.data)
    refs = _refs(flow.sources, number) or "none"
    told = f"notice: {flow.notice}; consent: {flow.consent}"
    return f"| `{flow.id}` | {end(flow.source)} | {end(flow.target)} | {data} | {told} | {refs} |"


# ---- journeys and knowledge as text (for `adflows trace` and `adflows knows`) -------------------


def journeys_text(model: Model, journeys: Journeys) -> str:
    lines = []
    for journey in journeys:
        accounts = (
            " (only in the account: "
            + "; ".join(model.accounts_by_id[a].title for a in journey.accounts)
            + ")"
            if journey.accounts
            else ""
        )
        ending = "" if journey.delivered else " (the model does not show the ad reaching her)"
        lines.append(f"{journey.id}{accounts}{ending}")
        lines += _hop_lines(model, journey.hops)
        if model.controls:
            lines.append(_controls_line(model, journey))
        lines.append("")
    count = len(journeys)
    summary = f"{model.filename}: {count} journey{'s' if count != 1 else ''}"
    if journeys.capped:
        summary += f" (stopped at {journeys.limit}: the model has more; the list is cut short)"
    elif not count:
        summary += " (no path from the person through an ad back to her)"
    lines.append(summary)
    return "\n".join(lines) + "\n"


HOW_WORDS = {
    "holds": "holds it from the start",
    "receives": "receives it",
    "derives": "works it out",
    "produces": "produces it itself",
}


def knowledge_text(model: Model, knowledge: PartyKnowledge) -> str:
    items, parties = model.data_by_id, model.parties_by_id
    person = next((p.name for p in model.parties if p.kind == "person"), "the person")
    lines = [f"What does {parties[knowledge.party].name} know about {person.lower()}?", ""]
    for known in knowledge.items:
        item = items[known.item]
        how = HOW_WORDS[known.how]
        if known.from_parties:
            how += " from " + ", ".join(parties[p].name for p in known.from_parties)
        if known.derived_from:
            made = ", ".join(items[d].name for d in known.derived_from)
            how += f" from {made} ({known.transform})"
        flags = " [sensitive]" if item.sensitive else ""
        via = f"  [{', '.join(known.flows)}]" if known.flows else ""
        lines.append(f"- {item.name}{flags}: {how}{via}")
    if knowledge.audiences:
        names = {a.id: a.name for a in model.audiences}
        lines += ["", "Groups it sorts people into: " + ", ".join(names[a] for a in knowledge.audiences)]
    for join in knowledge.joins:
        lines += ["", f"It can link a store visit to an online identity ({items[join.online].name}):"]
        lines.append("  visit evidence: " + ", ".join(items[d].name for d in join.offline))
        for label, chain in (
            ("the visit", join.capture_flows),
            (items[join.online].name, join.identifier_flows),
            ("on to the ad", join.onward_flows),
        ):
            if chain:
                lines.append(f"  {label}: {_route(model, chain)}  [{', '.join(chain)}]")
    if not knowledge.items:
        lines.append("Nothing: no flow in the model reaches it.")
    return "\n".join(lines) + "\n"


def _route(model: Model, flow_ids: Sequence[str]) -> str:
    flows, nodes = model.flows_by_id, model.nodes_by_id
    stops = [flows[flow_ids[0]].source, *(flows[f].target for f in flow_ids)]
    return " \u2192 ".join(nodes[n].name for n in stops)


def report_journeys_text(model: Model, journeys: Sequence[ReportJourney], capped: bool) -> str:
    """`adflows trace`'s second part: journeys that end in an aggregate report, marked as such."""
    if not journeys:
        return ""
    items = model.data_by_id
    lines = ["", "Journeys that end in an aggregate report (no ad; the data is counted and passed on):", ""]
    for journey in journeys:
        report = ", ".join(items[d].name for d in journey.report)
        lines.append(f"{journey.id} (ends in an aggregate report: {report})")
        lines += _hop_lines(model, journey.hops)
        lines.append("")
    count = len(journeys)
    summary = f"{model.filename}: {count} journey{'s' if count != 1 else ''} ending in an aggregate report"
    if capped:
        summary += " (the list is cut short)"
    return "\n".join([*lines, summary]) + "\n"


def _controls_line(model: Model, journey: Journey) -> str:
    """'  What she can do: Wi-Fi off, App location off' or '  No control found that she can use.'"""
    on_it = controls_on_journey(model, journey)
    mine = [c.short or c.name for c in on_it if is_person_control(c)]
    others = [f"{c.short or c.name} ({c.used_by})" for c in on_it if c.found and not is_person_control(c)]
    line = f"  What she can do: {', '.join(mine)}" if mine else "  No control found that she can use."
    return line + (f" Others could: {', '.join(others)}." if others else "")


def _hop_lines(model: Model, hops: Sequence[Hop]) -> list[str]:
    """'  1. Phone → Sensor: MAC address  [probe]' for each hop of a journey."""
    nodes, items = model.nodes_by_id, model.data_by_id
    return [
        f"  {i}. {nodes[hop.source].name} \u2192 {nodes[hop.target].name}: "
        f"{', '.join(items[d].name for d in hop.data)}  [{', '.join(hop.flows)}]"
        for i, hop in enumerate(hops, 1)
    ]
