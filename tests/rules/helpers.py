"""Run one rule on a factory model and return the keys it reports."""

from __future__ import annotations

from flows.analysis.findings import run_rules
from flows.analysis.rules.base import Finding, Rule
from tests.factory import ModelBuilder


def findings_of(rule: Rule, builder: ModelBuilder) -> tuple[Finding, ...]:
    return run_rules(builder.build(), (rule,))


def keys_of(rule: Rule, builder: ModelBuilder) -> set[str]:
    return {f.key for f in findings_of(rule, builder)}
