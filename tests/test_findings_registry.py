"""The rule registry: one explicit tuple, unique kebab ids, full metadata, documented, sorted output."""

from pathlib import Path

import pytest

from flows.analysis.findings import BUILTIN_RULES, UNMATCHED, registry, rules_markdown, run_rules
from flows.analysis.rules import claims
from flows.analysis.rules.base import LINDDUN, RULE_ID, SEVERITIES, Rule
from tests.factory import store_model

DOC = Path(__file__).parent.parent / "docs" / "rules.md"


def test_ids_are_unique_kebab_slugs() -> None:
    ids = [rule.id for rule in (*BUILTIN_RULES, UNMATCHED)]
    assert len(ids) == len(set(ids))
    assert all(RULE_ID.match(i) for i in ids)
    assert set(registry(BUILTIN_RULES)) == {rule.id for rule in BUILTIN_RULES}


def test_registering_a_duplicate_id_raises() -> None:
    with pytest.raises(ValueError, match="registered twice"):
        registry((claims.NoPersonalDataContradicted(), claims.NoPersonalDataContradicted()))


def test_every_rule_has_its_metadata() -> None:
    for rule in BUILTIN_RULES:
        assert rule.severity in SEVERITIES and rule.linddun in LINDDUN
        assert rule.title and rule.description and rule.decides and rule.mitigation and rule.references


def test_a_rule_with_bad_metadata_cannot_be_defined() -> None:
    with pytest.raises(TypeError, match="kebab-case"):
        type(
            "Bad",
            (Rule,),
            {
                "id": "Bad_Id",
                "title": "t",
                "severity": "high",
                "linddun": "linking",
                "description": "d",
                "decides": "d",
                "mitigation": "m",
                "references": ("r",),
                "plain": "p",
            },
        )
    with pytest.raises(TypeError, match="lacks"):
        type("Empty", (Rule,), {"id": "empty-rule"})


def test_rules_doc_is_fresh(request: pytest.FixtureRequest) -> None:
    text = rules_markdown()
    if request.config.getoption("--update-golden"):
        DOC.write_text(text, encoding="utf-8")
    assert DOC.read_text(encoding="utf-8") == text, "docs/rules.md is stale: run pytest --update-golden"
    for rule in (*BUILTIN_RULES, UNMATCHED):
        assert f"## {rule.id}\n" in text


def test_every_builtin_rule_fires_on_some_factory_model() -> None:
    builder = (
        store_model()
        .claim(
            "c",
            "vendor",
            {"kind": "no-personal-data"},
            {"kind": "no-installation-in-store"},
            {"kind": "opt-out-offered"},
            {"kind": "min-group-size", "value": 20},
            {"kind": "identifiers-anonymised", "data": ["hashed-mac", "ad-id"]},
            {"kind": "not-identified"},
            {"kind": "aggregated-only"},
        )
        .item("email", persistence="persistent", identifies="person")
        .flow("login", "phone", "platform", ["email"], notice="wifi-login-page", consent="opt-in")
        .flow("merge", "platform", "visitors", ["email", "hashed-mac"], retention="1 day")
        .node("visitors-2", "audience", "vendor")
        .flow("segment-2", "platform", "visitors-2", ["ad-id"])
        .audience("visited", "visitors", ["visit"])
        .item("clinic", "inference", sensitive=True, derived_from=["visit"], transform="infer")
        .change_flow("sdk-id", notice="none", consent="none", retention=None)
        .control("upload-policy", "company-policy", "platform", stops=["upload"])
    )
    fired = {f.rule for f in run_rules(builder.build())}
    assert fired >= {rule.id for rule in BUILTIN_RULES}


def test_findings_are_sorted_by_severity_then_key() -> None:
    findings = run_rules(store_model().claim("c", "vendor", {"kind": "opt-out-offered"}).build())
    keys = [f.sort_key for f in findings]
    assert keys == sorted(keys)


def test_accepted_findings_are_marked_and_stale_ones_reported() -> None:
    builder = (
        store_model()
        .accept("onward-transfer-to-third-party@upload", "The upload is the subject of this test.")
        .accept("retention-without-limit@nobody", "This key matches nothing any more.")
    )
    findings = {f.key: f for f in run_rules(builder.build())}
    upload = findings["onward-transfer-to-third-party@upload"]
    assert upload.accepted and upload.justification == "The upload is the subject of this test."
    stale = findings["accepted-finding-unmatched@retention-without-limit@nobody"]
    assert stale.severity == "info" and "no rule reports" in stale.explanation
