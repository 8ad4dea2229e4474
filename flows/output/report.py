"""Analysis results as text, JSON or a Markdown report with citations (renderer stage).

The Markdown report is meant to be attached to a letter to a regulator: each finding with its
explanation, the flows behind it (who sends what to whom), the claims quoted, and a numbered list of
the model's sources with their evidence level. Everything is sorted as `run_rules` sorted it.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from flows.analysis.rules.base import Finding
from flows.analysis.rules.confidence import CONFIDENCE_LABELS
from flows.input.i18n import ENGLISH, N_, _, current_language, ngettext
from flows.input.model import Model
from flows.view.analysis_view import GROUP_ABOVE, GROUP_EXAMPLES
from flows.view.elements import CONSENT_LABELS, NOTICE_LABELS, evidence_label

SEVERITY_LABELS = {"high": N_("High"), "medium": N_("Medium"), "low": N_("Low"), "info": N_("Info")}
# What a finding's confidence rests on, by the kind of element (its "set by" list).
BASIS_WORDS = {
    "flow": N_("flow"),
    "claim": N_("claim"),
    "node": N_("node"),
    "data": N_("data"),
    "control": N_("control"),
}
# The LINDDUN privacy-threat categories as the Markdown report names them (the slug, in words).
LINDDUN_WORDS = {
    "linking": N_("linking"),
    "identifying": N_("identifying"),
    "non-repudiation": N_("non repudiation"),
    "detecting": N_("detecting"),
    "data-disclosure": N_("data disclosure"),
    "unawareness": N_("unawareness"),
    "non-compliance": N_("non compliance"),
}

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
    basis = ", ".join(
        f"{_(BASIS_WORDS[kind])} {id_}" for kind, id_ in finding.confidence_basis[:GROUP_EXAMPLES]
    )
    more = len(finding.confidence_basis) - GROUP_EXAMPLES
    if more > 0:
        basis += _(" and {count} more").format(count=more)
    level = f" ({_(evidence_label(finding.confidence_evidence))})" if finding.confidence_evidence else ""
    by = _(", set by {basis}").format(basis=basis) if basis else ""
    return f"{_(CONFIDENCE_LABELS[finding.confidence])}{level}{by}"


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
        mark = _(" (accepted)") if finding.accepted else ""
        lines.append(f"{_severity_upper(finding.severity)}: {finding.key}{mark}")
        lines.append(f"  {finding.title}")
        lines.append("  " + _("In plain words: {plain}").format(plain=finding.plain))
        lines.append(f"  {finding.explanation}")
        lines.append("  " + _("confidence: {text}").format(text=_confidence_text(finding)))
        if finding.flows:
            lines.append("  " + _("flows: {ids}").format(ids=_listed(finding.flows)))
        if finding.claims:
            lines.append("  " + _("claims: {ids}").format(ids=_listed(finding.claims)))
        if finding.sources:
            lines.append("  " + _("sources: {ids}").format(ids=_listed(finding.sources)))
        if finding.accepted:
            lines.append("  " + _("accepted because: {why}").format(why=finding.justification))
        lines.append("")
    counts = summary_counts(findings)
    accepted = sum(f.accepted for f in findings)
    total = ", ".join(f"{n} {_(SEVERITY_LABELS[s]).lower()}" for s, n in counts.items() if n)
    found = ngettext("{count} finding", "{count} findings", len(findings)).format(count=len(findings))
    more = _("; {count} accepted").format(count=accepted) if accepted else ""
    lines.append(f"{model.filename}: {found}" + (f" ({total}{more})" if findings else ""))
    return "\n".join(lines) + "\n"


def _severity_upper(severity: str) -> str:
    """'HIGH' in the text report's lines (the severity's name in the context's language)."""
    return _(SEVERITY_LABELS[severity]).upper()


def _listed(ids: Sequence[str]) -> str:
    """Ids for a text report, the first `LISTED_IDS` of them: `--format json` carries them all."""
    if len(ids) <= LISTED_IDS:
        return ", ".join(ids)
    rest = _(" and {count} more (all in --format json)").format(count=len(ids) - LISTED_IDS)
    return ", ".join(ids[:LISTED_IDS]) + rest


def _group_text(group: list[Finding]) -> list[str]:
    first = group[0]
    examples = ", ".join(f.subject for f in group[:GROUP_EXAMPLES])
    head = _("{count:,} findings (e.g. {examples}; `--no-group` lists each)").format(
        count=len(group), examples=examples
    )
    return [
        f"{_severity_upper(first.severity)}: {first.rule}: {head}",
        f"  {first.title}",
        "  " + _("In plain words, for example: {plain}").format(plain=first.plain),
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
    out = ["# " + _("Privacy findings: {title}").format(title=_md(model.title)), "", _md(model.summary), ""]
    counts = summary_counts(findings)
    out.append(
        _(
            "Open findings by severity: {counts}. Model file: `{file}`. Generated by adflows from the "
            "model's flows and sources; each finding names the flows, claims and sources behind it."
        ).format(
            counts=", ".join(f"{_(SEVERITY_LABELS[s])} {n}" for s, n in counts.items()),
            file=_code(model.filename),
        )
    )
    by_confidence = {level: 0 for level in CONFIDENCE_LABELS}
    for finding in findings:
        if not finding.accepted:
            by_confidence[finding.confidence] += 1
    out.append(
        _(
            "Open findings by confidence: {counts}. Each finding says how sure it is: its confidence is "
            "the weakest evidence among the flows and claims it rests on, and a finding that rests on a "
            "low-grade source or on the modeller's assumption is worded as a condition."
        ).format(counts=", ".join(f"{_(CONFIDENCE_LABELS[c])} {n}" for c, n in by_confidence.items()))
    )
    out.append("")
    for i, entry in enumerate(group_by_rule(findings) if group else findings, 1):
        if isinstance(entry, list):
            out.extend(_group_md(model, entry, i, number))
        else:
            out.extend(_finding_md(model, entry, i, number))
    out.extend(["## " + _("Sources"), ""])
    for source_id in cited:
        source = model.sources_by_id[source_id]
        parts = [f"{number[source_id]}. {_md(source.title)}"]
        parts += [_md(p) for p in (source.author, source.publisher, source.date) if p]
        line = ". ".join(part.rstrip(".") for part in parts) + "."
        if source.url:
            line += f" <{_md_url(source.url)}>"
        out.append(line + " " + _("Evidence: {level}.").format(level=_(evidence_label(source.evidence))))
    out.append("")
    return "\n".join(out)


def _group_md(model: Model, group: list[Finding], index: int, number: dict[str, int]) -> list[str]:
    first = group[0]
    examples = ", ".join(f"`{f.key}`" for f in group[:GROUP_EXAMPLES])
    out = [
        f"## {index}. {_md(first.title)} " + _("({count:,} findings)").format(count=len(group)),
        "",
        _(
            "**Severity:** {severity} · **Rule:** `{rule}` · {count:,} findings of this rule, for example "
            "{examples}. The first one in full:"
        ).format(
            severity=_(SEVERITY_LABELS[first.severity]), rule=first.rule, count=len(group), examples=examples
        ),
        "",
    ]
    return out + _finding_md(model, first, index, number)[2:]


def _finding_md(model: Model, finding: Finding, index: int, number: dict[str, int]) -> list[str]:
    refs = _refs(finding.sources, number)
    out = [
        f"## {index}. {_md(finding.title)}",
        "",
        _(
            "**Severity:** {severity} · **Confidence:** {confidence} · **Privacy threat (LINDDUN):** "
            "{linddun} · **Finding key:** `{key}`"
        ).format(
            severity=_(SEVERITY_LABELS[finding.severity]),
            confidence=_md(_confidence_text(finding)),
            linddun=_(LINDDUN_WORDS[finding.linddun]),
            key=finding.key,
        ),
        "",
        _("*In plain words:* {plain}").format(plain=_md(finding.plain)),
        "",
        _md(finding.explanation) + (f" {refs}" if refs else ""),
        "",
    ]
    if finding.accepted:
        why = _md(finding.justification or "")
        out += [_("*Accepted by the model's authors:* {why}").format(why=why), ""]
    claims = {c.id: c for c in model.claims}
    for claim_id in finding.claims:
        claim = claims[claim_id]
        source = f" [{number[claim.source]}]" if claim.source in number else ""
        said = _("(in the source's paraphrase) ") if claim.paraphrase else ""
        out.append(f"> {said}{_md(claim.quote)}\n>\n> {_md(model.parties_by_id[claim.party].name)}{source}")
        out.append("")
    if finding.flows:
        out += [_("| Flow | From | To | Data | Told / asked | Sources |"), "|---|---|---|---|---|---|"]
        for flow_id in finding.flows[:TABLE_FLOWS]:
            out.append(_flow_row(model, flow_id, number))
        if len(finding.flows) > TABLE_FLOWS:
            rest = len(finding.flows) - TABLE_FLOWS
            more = _("… and {count} more flows (all in `adflows check --format json`)").format(count=rest)
            out.append(f"| {more} | | | | | |")
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
    refs = _refs(flow.sources, number) or _("none")
    notice, consent = flow.notice, flow.consent  # English keeps the model's own words (`notice: none`)
    if current_language() != ENGLISH:  # another language reads the page's labels for them
        notice, consent = _(NOTICE_LABELS[notice]), _(CONSENT_LABELS[consent])
    told = _("notice: {notice}; consent: {consent}").format(notice=notice, consent=consent)
    return f"| `{flow.id}` | {end(flow.source)} | {end(flow.target)} | {data} | {told} | {refs} |"
