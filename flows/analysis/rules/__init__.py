"""Built-in privacy rules, one module per group: claims, groups, consent, linkage, transfer.

The explicit list of built-in rules is `flows.analysis.findings.BUILTIN_RULES`;
`flows.analysis.rules.base` holds the Finding, Rule and RuleContext every rule uses.
"""
