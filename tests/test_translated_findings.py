"""A translated view finds what the original finds: the German page of the bundled Cosmose model (its
`translations: de` block) shows the same findings, on the same flows and at the same confidence, as the
English one: rules that read prose to decide read the original's (`Model.decided_from`), so a
translation's wording cannot change what is found."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from flows.analysis.rules.transfer import NO_LIMIT
from flows.cli import app

ROOT = Path(__file__).resolve().parents[1]
COSMOSE = ROOT / "models" / "cosmose-omnicookie.yaml"
BLOCK = re.compile(r'<script type="application/json" id="adflows-view(?:-(\w+))?"[^>]*>(.*?)</script>', re.S)


def views(tmp_path: Path) -> dict[str, dict[str, Any]]:
    """The page's view blocks by language, from `adflows render --lang de` as a user runs it."""
    out = tmp_path / "cosmose-de.html"
    result = CliRunner().invoke(app, ["render", str(COSMOSE), "--lang", "de", "-o", str(out)])
    assert result.exit_code == 0, result.output
    found = {}
    for _, body in BLOCK.findall(out.read_text(encoding="utf-8")):
        view = json.loads(body)
        found[view["language"]["code"]] = view
    return found


def summary(view: dict[str, Any]) -> list[tuple[Any, ...]]:
    return [
        (f["key"], f["severity"], f["confidence"], tuple(f["flows"]), tuple(f["nodes"]), tuple(f["data"]))
        for f in view["findings"]
    ]


def test_the_german_cosmose_page_has_the_english_findings(tmp_path: Path) -> None:
    by_language = views(tmp_path)
    assert set(by_language) == {"en", "de"}
    german, english = by_language["de"], by_language["en"]
    assert german["language"]["fallback"] == []  # every text is translated
    assert summary(german) == summary(english)
    retention = next(f for f in german["findings"] if f["key"] == "retention-without-limit@cosmose")
    # The flow's retention reads "unbekannt (keine Quelle nennt sie)".
    assert "platform-to-profiles" in retention["flows"]


@pytest.mark.parametrize(
    ("retention", "states_no_limit"),
    [
        ("unbekannt", True),
        ("unbekannt (keine Quelle nennt sie)", True),
        ("Unbefristet", True),
        ("keine Angabe", True),
        ("30 Tage", False),
        ("Meta markiert Custom Audiences, die zwei Jahre lang nicht genutzt wurden, zur Löschung", False),
        ("unknown (no source states it)", True),
    ],
)
def test_no_limit_wording_in_english_and_german(retention: str, states_no_limit: bool) -> None:
    assert bool(NO_LIMIT.search(retention)) is states_no_limit


def test_a_translated_retention_in_words_no_rule_knows_finds_the_same(tmp_path: Path) -> None:
    """Rules decide on the original wording: a retention translated into words the retention rule does
    not know ("dunno") still states no limit, because the English original says "unknown"."""
    from dataclasses import replace

    from flows.analysis.run import analyse
    from flows.input.load import load_model
    from flows.input.translations import translated

    model = load_model(COSMOSE)
    german, _ = translated(model, "de")
    odd = replace(
        german, flows=tuple(replace(f, retention="dunno") if f.retention else f for f in german.flows)
    )
    keys = [(f.key, f.confidence, f.flows) for f in analyse(model).findings]
    assert [(f.key, f.confidence, f.flows) for f in analyse(odd).findings] == keys
