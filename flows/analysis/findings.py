"""The rule registry and `run_rules`: Model -> tuple[Finding, ...] (analysis stage).

Every built-in rule is listed once, explicitly, in `BUILTIN_RULES`; `registry()` refuses two rules with
the same id. `run_rules` runs the rules, marks the findings the model accepts (with the model's
justification), and reports each acceptance that matches no finding, so stale acceptances stay visible.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace

from flows.analysis.facts import Facts
from flows.analysis.journeys import Journeys, find_journeys
from flows.analysis.knowledge import Knowledge, find_knowledge
from flows.analysis.rules import claims, consent, controls, groups, linkage, sharing_claims, transfer
from flows.analysis.rules.base import LINDDUN, SEVERITIES, Finding, Rule, RuleContext
from flows.input.i18n import N_
from flows.input.model import Model

__all__ = [
    "BUILTIN_RULES",
    "LINDDUN",
    "SEVERITIES",
    "Finding",
    "Rule",
    "RuleContext",
    "UnmatchedAcceptance",
    "registry",
    "run_rules",
]

BUILTIN_RULES: tuple[Rule, ...] = (
    claims.NoPersonalDataContradicted(),
    claims.AnonymisedHashReversible(),
    claims.AnonymisedStablePseudonym(),
    claims.NoInstallationContradicted(),
    claims.OptOutUnavailable(),
    sharing_claims.NotIdentifiedContradicted(),
    sharing_claims.AggregatedOnlyContradicted(),
    groups.AdReachesEachMember(),
    groups.AudiencesDifferencing(),
    groups.MembershipRevealsVisit(),
    consent.InStoreCaptureWithoutNotice(),
    consent.CollectionWithoutNotice(),
    consent.ConsentScopeCreep(),
    linkage.OfflineOnlineLinkage(),
    linkage.SensitiveDataInferred(),
    linkage.PseudonymReidentified(),
    transfer.OnwardTransfer(),
    transfer.RetentionWithoutLimit(),
    controls.JourneyWithoutPersonControl(),
    controls.ControlContradictedByFlow(),
)


class UnmatchedAcceptance(Rule):
    """Not a check of the model's flows: `run_rules` reports acceptances that match no finding."""

    id = "accepted-finding-unmatched"
    title = N_("An accepted finding no longer exists")
    severity = "info"
    linddun = "non-compliance"
    description = (
        "The model accepts a finding key that no rule reports any more: the rule id or subject was "
        "renamed, or the problem was fixed. The stale acceptance should be removed or corrected."
    )
    decides = "Each `accepted` entry whose `finding` key matches no finding of the rules that ran."
    mitigation = "Delete the entry from `accepted`, or correct its key to `rule-id@subject-id`."
    references = ("adflows docs/rules.md: accepting a finding",)
    plain = N_("The model file accepts a problem that no longer appears; the note should be tidied up.")

    def check(self, context: RuleContext) -> Iterable[Finding]:
        """Nothing on its own: it needs the other rules' findings (see `stale`)."""
        return ()

    def stale(self, context: RuleContext, keys: set[str]) -> Iterable[Finding]:
        for accepted in context.model.accepted:
            if accepted.finding in keys:
                continue
            text = (
                f"The model accepts \u2018{accepted.finding}\u2019 (line {accepted.span.line}), but no "
                "rule reports that finding. Remove the entry, or fix its key if the rule or the "
                "subject was renamed."
            )
            yield self.finding(context, accepted.finding, text)


UNMATCHED = UnmatchedAcceptance()


def registry(rules: Sequence[Rule]) -> dict[str, Rule]:
    """Rules by id; raises ValueError when two rules share an id."""
    found: dict[str, Rule] = {}
    for rule in rules:
        if rule.id in found:
            raise ValueError(
                f"rule id {rule.id!r} is registered twice ({type(found[rule.id]).__name__} and "
                f"{type(rule).__name__})"
            )
        found[rule.id] = rule
    return found


def make_context(
    model: Model, journeys: Journeys | None = None, knowledge: Knowledge | None = None
) -> RuleContext:
    facts = Facts(model)
    return RuleContext(
        model,
        facts,
        journeys if journeys is not None else find_journeys(model, facts),
        knowledge if knowledge is not None else find_knowledge(model, facts),
    )


def run_rules(
    model: Model,
    rules: Sequence[Rule] = BUILTIN_RULES,
    *,
    context: RuleContext | None = None,
) -> tuple[Finding, ...]:
    """Every finding of `rules`, accepted ones marked, most severe first, then by key."""
    registry(rules)
    context = context or make_context(model)
    found: dict[str, Finding] = {}
    for rule in rules:
        for finding in rule.check(context):
            found.setdefault(finding.key, finding)
    justifications = {a.finding: a.justification for a in model.accepted}
    results = [_accept(f, justifications[f.key]) if f.key in justifications else f for f in found.values()]
    results.extend(UNMATCHED.stale(context, set(found)))
    return tuple(sorted(results, key=lambda f: f.sort_key))


def _accept(finding: Finding, justification: str) -> Finding:
    return replace(finding, accepted=True, justification=justification)


def rules_markdown(rules: Sequence[Rule] = (*BUILTIN_RULES, UNMATCHED)) -> str:
    """The text of docs/rules.md: one section per rule with all its metadata (kept fresh by a test)."""
    out = [
        "# Privacy rules",
        "",
        "Generated from the rule classes in `flows/analysis/rules/` by "
        "`flows.analysis.findings.rules_markdown()`; refresh",
        "with `pytest --update-golden`. Each finding has the key `rule-id@subject-id`. To accept one, add",
        "it to the model with a justification:",
        "",
        "```yaml",
        "accepted:",
        "  - finding: retention-without-limit@meta",
        "    justification: Meta documents a two-year limit; the flow omits it on purpose.",
        "```",
        "",
        "## Confidence",
        "",
        "Every finding has a `severity` (how serious the problem would be) and, apart from it, a",
        "`confidence` (how well the model supports it). Confidence is the **weakest link**: the weakest",
        "evidence level among the flows and claims the finding rests on (for a finding with neither, its",
        "nodes and data items; a finding about the model file itself is `high`). Evidence levels rank",
        "documented > documented-via-secondary > company-claim, press, company-claim-via-press >",
        "ngo-estimate > secondary > assumption > unsourced, and fall into four bands:",
        "",
        "| confidence | weakest evidence |",
        "|---|---|",
        "| `high` | documented |",
        "| `medium` | documented-via-secondary, company-claim, press, company-claim-via-press, "
        "ngo-estimate |",
        "| `low` | secondary |",
        "| `assumed` | assumption, or no source at all |",
        "",
        "`adflows check --format json` gives each finding `confidence`, `confidence_evidence` (the",
        "weakest level) and `confidence_basis` (the flows and claims at that level, which set it), and a",
        "one-sentence `plain` line for readers new to the subject. A `low` or `assumed` finding is worded",
        "as a condition: it opens with \u201cThis rests on the flow A \u2192 B, which only",
        "\u2018Source\u2019 (secondary / low) supports. If that account is right: \u2026\u201d (or names",
        "the assumption), and",
        "never says that a named company broke a law or hid something; its plain line starts with",
        "\u201cIf \u2026\u201d. `adflows check --min-confidence medium` leaves out what is less sure.",
        "In text and Markdown, a rule with more than ten findings is shown as one entry with a count and the",
        "first examples (`--no-group` lists every finding).",
        "",
    ]
    for rule in rules:
        out += [
            f"## {rule.id}",
            "",
            f"**{rule.title}**",
            "",
            f"- Severity: {rule.severity}",
            f"- In plain words: {rule.plain.format(subject='(the subject)')}",
            f"- LINDDUN category: {rule.linddun}",
            f"- Module: `{type(rule).__module__}.{type(rule).__name__}`",
            "",
            rule.description,
            "",
            f"**How it decides.** {rule.decides}",
            "",
            f"**Mitigation.** {rule.mitigation}",
            "",
            "**References.**",
            "",
            *(f"- {ref}" for ref in rule.references),
            "",
        ]
    return "\n".join(out)
