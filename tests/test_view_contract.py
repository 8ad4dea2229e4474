"""The typed view contract (`flows.view.contract`) is what `to_view` and `page_view` really send:
every key declared, none undeclared, each kind one the table of kinds knows."""

from __future__ import annotations

from pathlib import Path
from typing import Any, get_args

import pytest

import flows
from flows.input.kinds import NodeKind, PartyKind
from flows.view import contract
from flows.view.graph_view import to_view
from flows.view.page_view import page_view, page_view_in

ROOT = Path(__file__).parent.parent
MODELS = [*sorted((ROOT / "models").glob("*.yaml"))[:4], ROOT / "tests" / "fixtures" / "controls-store.yaml"]


def keys(typed: Any) -> tuple[frozenset[str], frozenset[str]]:
    return typed.__required_keys__, typed.__optional_keys__


def assert_shape(item: dict[str, Any], typed: Any) -> None:
    required, optional = keys(typed)
    assert required <= set(item), (typed.__name__, required - set(item))
    assert set(item) <= required | optional, (typed.__name__, set(item) - required - optional)


@pytest.mark.parametrize("path", MODELS, ids=lambda p: p.stem)
def test_the_page_view_is_the_contract(path: Path) -> None:
    view: dict[str, Any] = dict(page_view(flows.load_model(path)))
    assert_shape(view, contract.GraphView)
    for section, typed in [
        ("nodes", contract.NodeView),
        ("edges", contract.EdgeView),
        ("parties", contract.PartyView),
        ("data", contract.DataView),
        ("sources", contract.SourceView),
        ("claims", contract.ClaimView),
        ("audiences", contract.AudienceView),
        ("accounts", contract.AccountView),
        ("story", contract.StepView),
        ("controls", contract.ControlView),
    ]:
        for item in view[section]:
            assert_shape(item, typed)
    assert_shape(view["model"], contract.ModelInfo)
    assert_shape(view["legend"], contract.Legend)
    for kind in view["legend"]["kinds"]:
        assert_shape(kind, contract.LegendKind)
    for level in view["legend"]["evidence"]:
        assert_shape(level, contract.LegendEvidence)
    for party_kind in view["legend"]["party_kinds"]:
        assert_shape(party_kind, contract.LegendPartyKind)
    for control_kind in view["legend"]["control_kinds"]:
        assert_shape(control_kind, contract.LegendControlKind)
    for control_user in view["legend"]["control_users"]:
        assert_shape(control_user, contract.LegendControlUser)
    assert_shape(view["language"], contract.LanguageView)


def test_every_translated_page_view_is_the_contract() -> None:
    model = flows.load_model(ROOT / "tests" / "fixtures" / "translations" / "small-translated.yaml")
    for code in ("de", "ar"):
        view: dict[str, Any] = dict(page_view_in(model, code))
        assert_shape(view, contract.GraphView)
        assert_shape(view["language"], contract.LanguageView)
        assert view["language"]["code"] == code
    assert {n["kind"] for n in view["nodes"]} <= set(get_args(NodeKind))
    assert {p["kind"] for p in view["parties"]} <= set(get_args(PartyKind))


def test_a_plain_view_has_no_analysis_sections() -> None:
    view = to_view(flows.load_model(MODELS[0]))
    assert set(view).isdisjoint(contract.PageSections.__optional_keys__)


def test_the_shape_check_can_fail() -> None:
    with pytest.raises(AssertionError):
        assert_shape({"id": "x"}, contract.AccountView)
    with pytest.raises(AssertionError):
        assert_shape({"id": "x", "title": "", "summary": "", "sources": [], "evidence": "", "extra": 1},
                     contract.AccountView)  # fmt: skip
