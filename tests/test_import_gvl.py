"""The TCF vendor-list importer: the real v17 list, messy synthetic lists, and `adflows import gvl`."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import flows
from flows.cli import app
from flows.errors import ModelError
from flows.importers.gvl import GVL_URL, cookie_in_words, days_in_words, import_gvl, read_gvl
from flows.model import Model
from flows.render_html import render_html

ROOT = Path(__file__).parent.parent
GVL_V17 = ROOT / "tests" / "fixtures" / "tcf-gvl" / "vendor-list-v17.json"
runner = CliRunner()


def vendor(number: int | str, name: str = "Vendor", **fields: Any) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "id": number,
        "name": name,
        "purposes": [1, 3],
        "legIntPurposes": [7],
        "flexiblePurposes": [7],
        "specialPurposes": [1],
        "features": [2],
        "specialFeatures": [],
        "cookieMaxAgeSeconds": 86_400 * 30,
        "usesCookies": True,
        "dataRetention": {"stdRetention": 397, "purposes": {"3": 30}, "specialPurposes": {}},
        "urls": [{"langId": "en", "privacy": "https://example.org/privacy"}],
        "dataDeclaration": [1, 3],
    }
    entry.update(fields)
    return entry


def vendor_list(*vendors: dict[str, Any], **fields: Any) -> dict[str, Any]:
    """A small list in the v3 shape: sections keyed by string ids, as IAB Europe publishes them."""

    def section(names: dict[int, str]) -> dict[str, Any]:
        return {str(i): {"id": i, "name": name, "description": f"{name}."} for i, name in names.items()}

    data: dict[str, Any] = {
        "gvlSpecificationVersion": 3,
        "vendorListVersion": 99,
        "lastUpdated": "2024-01-31T16:00:00Z",
        "purposes": section(
            {
                1: "Store and/or access information on a device",
                3: "Create profiles",
                7: "Measure advertising performance",
            }
        ),
        "specialPurposes": section({1: "Ensure security"}),
        "features": section({2: "Link different devices"}),
        "specialFeatures": section({1: "Use precise geolocation data"}),
        "dataCategories": section({1: "IP addresses", 3: "Device identifiers"}),
        "vendors": {str(v["id"]): v for v in vendors},
    }
    data.update(fields)
    return data


def load(data: dict[str, Any]) -> Model:
    """Import, dump and load back through the normal loader: the output must be a valid model."""
    return flows.load_model(import_gvl(data).yaml(), filename="imported.yaml")


@cache
def v17() -> tuple[Any, Model]:
    result = import_gvl(read_gvl(GVL_V17.read_bytes(), str(GVL_V17)))
    return result, flows.load_model(result.yaml(), filename="gvl-v17.yaml")


def test_real_v17_list_imports_validates_and_renders() -> None:
    result, model = v17()
    raw = json.loads(GVL_V17.read_text(encoding="utf-8"))
    live = [v for v in raw["vendors"].values() if not v.get("deletedDate")]
    assert result.vendors == len(live)
    assert len([p for p in model.parties if p.kind == "ad-tech"]) == len(live)
    source = model.sources[0]
    assert (source.id, source.publisher, source.evidence, source.url) == (
        "tcf-gvl-v17",
        "IAB Europe",
        "documented",
        GVL_URL,
    )
    assert source.date == raw["lastUpdated"][:10]
    assert {e.evidence for e in (*model.nodes, *model.flows, *model.parties, *model.data)} == {"documented"}
    assert {f.legal_basis for f in model.flows} >= {"consent", "legitimate-interest"}
    html = render_html(model)
    assert html.lower().startswith("<!doctype html>")
    assert "Ströer SSP GmbH (SSP)" in html  # non-ASCII names reach the page as written


def test_check_reports_on_the_real_list_stay_readable(tmp_path: Path) -> None:
    """Findings resting on thousands of flows name the first ones and count the rest (JSON has them all)."""
    source = tmp_path / "gvl-v17.yaml"
    source.write_text(v17()[0].yaml(), encoding="utf-8")
    text = runner.invoke(app, ["check", str(source)])
    assert text.exit_code in (0, 1), text.output
    assert len(text.output) < 20_000
    assert max(len(line) for line in text.output.splitlines()) < 2_500
    assert "more (all in --format json)" in text.output
    assert "other parties hold it too" in text.output
    markdown = runner.invoke(app, ["check", "--format", "markdown", str(source)])
    assert len(markdown.output) < 200_000
    assert "more flows (all in `adflows check --format json`)" in markdown.output
    full = json.loads(runner.invoke(app, ["check", "--format", "json", str(source)]).output)
    assert max(len(f["flows"]) for f in full["findings"]) > 1_000


def test_import_is_deterministic() -> None:
    data = read_gvl(GVL_V17.read_bytes())
    assert import_gvl(data).yaml() == import_gvl(data).yaml()


def test_vendors_become_parties_nodes_and_flows_with_bases_and_retention() -> None:
    model = load(vendor_list(vendor(755, "Acme Ads")))
    party, node = model.parties_by_id["vendor-755"], model.nodes_by_id["vendor-755"]
    assert (party.name, party.kind, node.kind, node.party) == (
        "Acme Ads",
        "ad-tech",
        "platform",
        "vendor-755",
    )
    flows_by_id = model.flows_by_id
    collect = flows_by_id["vendor-755-collects"]
    assert (collect.source, collect.target, collect.data) == (
        "device",
        "vendor-755",
        ("data-category-1", "data-category-3"),
    )
    assert collect.legal_basis == "consent"
    assert collect.retention == "cookies up to 30 days; data kept 397 days (about 13 months)"
    assert flows_by_id["vendor-755-purpose-3"].retention == "30 days"  # per-purpose retention wins
    assert flows_by_id["vendor-755-purpose-1"].retention == "397 days (about 13 months)"
    measure = flows_by_id["vendor-755-purpose-7"]
    assert (measure.legal_basis, measure.consent) == ("legitimate-interest", "opt-out")
    assert "Flexible purpose" in (measure.description or "")
    assert flows_by_id["vendor-755-special-purpose-1"].legal_basis == "legitimate-interest"
    assert flows_by_id["vendor-755-feature-2"].legal_basis == "none-stated"
    assert model.nodes_by_id["purpose-3"].kind == "audience"


def test_deleted_vendors_are_left_out_and_counted() -> None:
    model = load(vendor_list(vendor(1), vendor(2, deletedDate="2023-09-04T00:00:00Z"), vendor(3)))
    assert {"vendor-1", "vendor-3"} <= set(model.parties_by_id)
    assert "vendor-2" not in model.parties_by_id
    assert "1 deleted vendor left out (ids 2)" in (model.description or "")


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"cookieMaxAgeSeconds": None}, "cookie lifetime unknown (not declared)"),
        ({"cookieMaxAgeSeconds": -100}, "session cookies only"),
        ({"cookieMaxAgeSeconds": 0}, "session cookies only"),
        ({"cookieMaxAgeSeconds": 3600}, "cookies up to 1 hour"),
        ({"cookieMaxAgeSeconds": 34_164_000}, "cookies up to 395 days (about 13 months)"),
        ({"cookieMaxAgeSeconds": "31536000"}, "cookies up to 365 days (1 year)"),
        ({"usesCookies": False, "cookieMaxAgeSeconds": None}, "no cookies"),
        ({}, "cookie lifetime unknown (not declared)"),
    ],
)
def test_cookie_ages_in_words(fields: dict[str, Any], expected: str) -> None:
    assert cookie_in_words(fields).startswith(expected)


def test_null_negative_and_missing_retention_still_validate() -> None:
    messy = vendor(4, cookieMaxAgeSeconds=-1, dataRetention={"purposes": {}, "specialPurposes": {}})
    bare = {"id": 5, "name": "Bare"}  # only the required fields; everything optional missing
    model = load(vendor_list(messy, vendor(6, cookieMaxAgeSeconds=None, dataRetention=None), bare))
    assert model.flows_by_id["vendor-4-collects"].retention.startswith("session cookies only")
    assert model.flows_by_id["vendor-4-purpose-1"].retention == "not declared"
    assert model.flows_by_id["vendor-5-collects"].data == ("data-undeclared",)
    assert model.flows_by_id["vendor-5-collects"].legal_basis == "none-stated"
    assert days_in_words(None) == days_in_words(-3) == "not declared"


def test_duplicate_and_non_ascii_names_survive() -> None:
    model = load(
        vendor_list(
            vendor(10, "Ströer SSP GmbH"),
            vendor(11, "DoubleVerify Inc.\u200b"),
            vendor(12, "DoubleVerify Inc."),
            vendor(13, "  Spółka\nJawna  "),
            vendor(14, "</script><img src=x onerror=alert(1)>"),
        )
    )
    names = {p.id: p.name for p in model.parties}
    assert names["vendor-10"] == "Ströer SSP GmbH"
    assert names["vendor-11"] == "DoubleVerify Inc. (vendor 11)"
    assert names["vendor-12"] == "DoubleVerify Inc. (vendor 12)"
    assert names["vendor-13"] == "Spółka Jawna"
    html = render_html(model)
    assert "<img src=x" not in html


@pytest.mark.parametrize(
    "name",
    [
        "no",
        "on",
        "yes",
        "null",
        "2023-09-07",
        "1e3",
        "0o17",
        "0x1F",
        "true",
        "~",
        "- x",
        "a: b",
        "#1",
        "'q'",
        "123",
    ],
)
def test_yaml_ambiguous_names_stay_text(name: str) -> None:
    model = load(vendor_list(vendor(20, name)))
    assert model.parties_by_id["vendor-20"].name == name


def test_sparse_ids_string_keys_and_list_sections() -> None:
    data = vendor_list(
        vendor("4176", purposes=["1", 3], legIntPurposes=["7"], dataDeclaration=["3"]), vendor(2)
    )
    data["vendors"]["junk"] = "not a vendor"
    data["purposes"] = list(data["purposes"].values())  # sections may come as lists
    model = load(data)
    assert {"vendor-2", "vendor-4176"} <= set(model.parties_by_id)
    assert model.flows_by_id["vendor-4176-collects"].data == ("data-category-3",)
    assert "vendor-4176-purpose-1" in model.flows_by_id
    ids = [p.id for p in model.parties if p.kind == "ad-tech"]
    assert ids == ["vendor-2", "vendor-4176"]  # sorted by number, not by text


def test_undefined_purposes_are_reported_not_invented() -> None:
    result = import_gvl(vendor_list(vendor(30, purposes=[1, 12], specialFeatures=[9])))
    assert any("vendor 30: purposes 12" in s for s in result.skipped)
    assert any("vendor 30: specialFeatures 9" in s for s in result.skipped)
    model = flows.load_model(result.yaml())
    assert "vendor-30-purpose-12" not in model.flows_by_id


def test_not_a_vendor_list_is_a_located_error() -> None:
    with pytest.raises(ModelError, match=r"list.json:2:1: error: not valid JSON"):
        read_gvl('{"vendors": {}\n]', "list.json")
    with pytest.raises(ModelError, match="not a TCF Global Vendor List"):
        read_gvl("[1, 2]", "list.json")


def test_progress_is_reported() -> None:
    calls: list[tuple[int, int]] = []
    import_gvl(
        vendor_list(*(vendor(i) for i in range(1, 121))),
        progress=lambda done, total: calls.append((done, total)),
    )
    assert calls[-1] == (120, 120)
    assert len(calls) >= 2


def test_cli_imports_a_list_end_to_end(tmp_path: Path) -> None:
    source = tmp_path / "vendor-list.json"
    source.write_text(
        json.dumps(vendor_list(vendor(1, "Ünïcode Ads"), vendor(2, deletedDate="2024-01-01"))),
        encoding="utf-8",
    )
    out = tmp_path / "gvl.yaml"
    result = runner.invoke(app, ["import", "gvl", str(source), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "imported 1 vendors (1 deleted left out" in result.stderr
    model = flows.load_model(out)
    assert model.parties_by_id["vendor-1"].name == "Ünïcode Ads"
    rendered = runner.invoke(app, ["render", str(out), "-o", str(tmp_path / "gvl.html")])
    assert rendered.exit_code == 0, rendered.output


def test_cli_rejects_a_broken_file_without_traceback(tmp_path: Path) -> None:
    source = tmp_path / "broken.json"
    source.write_text("{not json", encoding="utf-8")
    result = runner.invoke(app, ["import", "gvl", str(source), "-o", str(tmp_path / "out.yaml")])
    assert result.exit_code == 1
    assert f"{source}:1:2: error: not valid JSON" in result.stderr
    assert "Traceback" not in result.output
    assert not (tmp_path / "out.yaml").exists()
    missing = runner.invoke(
        app, ["import", "gvl", str(tmp_path / "nope.json"), "-o", str(tmp_path / "o.yaml")]
    )
    assert missing.exit_code == 1
    assert "cannot read the file" in missing.stderr


def test_control_characters_and_lone_surrogates_are_dropped_from_imported_text() -> None:
    """Models refuse control characters (issue 15): an import drops them instead of failing."""
    name = "Ven\x01dor\ud800 Ltd\uffff \x1b[31m"
    data = read_gvl('{"vendors": {}}')  # the smallest list read_gvl accepts, then filled in code
    data.update(vendor_list(vendor(21, name, policyUrl="https://x.example/\x07p")))
    model = load(data)
    assert model.parties_by_id["vendor-21"].name == "Ven dor Ltd [31m"
