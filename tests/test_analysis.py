"""The analysis entry point and its view data; golden findings for the Cosmose model."""

import json
from collections.abc import Callable
from typing import Any

from flows.analysis.run import analyse
from flows.input.load import load_model
from flows.view.graph_view import to_view
from flows.view.page_view import analysis_sections
from tests.factory import store_model

COSMOSE = "models/cosmose-omnicookie.yaml"


def test_cosmose_findings_golden(golden: Callable[[str, Any], None]) -> None:
    findings = analyse(load_model(COSMOSE)).findings
    golden("cosmose-findings.json", [f.to_dict() for f in findings])


def test_cosmose_done_criteria() -> None:
    findings = {f.key: f for f in analyse(load_model(COSMOSE)).findings}
    hashed = findings["claim-anonymised-hash-reversible@claim-anonymised-34-digits"]
    assert "omni-id" in hashed.data and "wifi-mac" in hashed.data and "2^24" in hashed.explanation
    assert "claim-group-size-ad-reaches-each-member@claim-groups-of-20" in findings
    assert {"offline-online-linkage@cosmose", "offline-online-linkage@meta"} <= set(findings)
    capture = findings["in-store-capture-without-notice@cartier-store"]
    assert set(capture.flows) == {"probe-main-floor", "probe-cashier", "probe-fitting-room"}
    for finding in findings.values():
        assert finding.flows and finding.sources, finding.key


def test_analysis_sections_go_into_the_page_data() -> None:
    model = store_model().build()
    extra = analysis_sections(model, analyse(model))
    assert set(extra) == {"findings", "journeys", "journeys_capped", "knowledge", "whatif", "limits"}
    view = to_view(model, extra=extra)
    assert view["journeys"][0]["hops"][0]["data_names"]
    assert {k["party"] for k in view["knowledge"]} == {"vendor", "social", "shop"}
    json.dumps(view)  # JSON-ready
