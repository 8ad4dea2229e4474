"""The drawing (`view["drawing"]`): Graphviz dot's placement of boxes, flows and labels, and its fallbacks."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

import flows
from flows.view import drawing
from flows.view.graph_view import to_view
from flows.view.legibility import measure
from tests.factory import store_model
from tests.hostile import PAYLOADS

ROOT = Path(__file__).parent.parent
BUNDLED = sorted((ROOT / "models").glob("*.yaml"))


@pytest.fixture(autouse=True)
def fresh_dot_cache():
    """Each test sees `dot` as its PATH says now, not a result cached by an earlier test."""
    drawing.run_dot.cache_clear()
    yield
    drawing.run_dot.cache_clear()


def drawing_of(path: Path) -> dict:
    return to_view(flows.load_model(path))["drawing"]


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.stem)
def test_bundled_models_are_drawn_by_dot_with_every_node_and_flow(path: Path) -> None:
    model = flows.load_model(path)
    drawn = to_view(model)["drawing"]
    assert drawn["engine"] == "dot"
    assert set(drawn["nodes"]) == {n.id for n in model.nodes}
    assert set(drawn["edges"]) == {f.id for f in model.flows}
    for node in drawn["nodes"].values():
        assert node["x"] - node["w"] / 2 >= 0 and node["x"] + node["w"] / 2 <= drawn["width"]
        assert node["y"] - node["h"] / 2 >= 0 and node["y"] + node["h"] / 2 <= drawn["height"]
        assert node["lines"] and all(len(line) <= 16 for line in node["lines"])
    for edge in drawn["edges"].values():
        assert len(edge["path"]) % 3 == 1 and len(edge["path"]) >= 4
        assert edge["head"] is not None and edge["head"][0] == edge["path"][-1]
        assert edge["label"] is not None and edge["label"]["lines"]


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.stem)
def test_bundled_drawings_have_no_overlaps(path: Path) -> None:
    result = measure(drawing_of(path))
    assert result.node_overlaps == 0
    assert result.label_overlaps == 0
    assert result.labels_crossed == 0
    assert result.edges_through_nodes == 0


def test_the_journey_reads_left_to_right() -> None:
    drawn = to_view(store_model().build())["drawing"]["nodes"]
    order = ["phone", "sensor", "platform", "visitors", "social-ads", "ad"]
    xs = [drawn[n]["x"] for n in order]
    assert xs == sorted(xs) and len(set(xs)) > 4
    # The shopper only sees the ad: drawn where it reaches them, right of the app that shows it.
    assert drawn["shopper"]["x"] > drawn["social-app"]["x"]


def test_a_person_who_sends_data_starts_the_journey() -> None:
    model = store_model().flow("carries", "shopper", "phone", ["mac"]).build()
    drawn = to_view(model)["drawing"]["nodes"]
    assert drawn["shopper"]["x"] == min(n["x"] for n in drawn.values())


def test_the_same_model_gives_byte_identical_drawings() -> None:
    path = ROOT / "models" / "cosmose-omnicookie.yaml"
    first = json.dumps(drawing_of(path), sort_keys=True)
    drawing.run_dot.cache_clear()
    assert json.dumps(drawing_of(path), sort_keys=True) == first


def test_flow_labels_use_short_names_and_keep_the_full_name_in_the_view() -> None:
    model = (
        store_model()
        .change_item("mac", name="Wi-Fi MAC address of the phone (hardware)", short="Wi-Fi MAC")
        .change_item("visit", name="A visit to the store with its time and place")
        .build()
    )
    view = to_view(model)
    assert view["drawing"]["edges"]["probe"]["label"]["lines"] == ["Wi-Fi MAC"]
    assert (
        "Wi-Fi MAC address of the phone (hardware)"
        in next(e for e in view["edges"] if e["id"] == "probe")["title"]
    )
    sighting = " ".join(view["drawing"]["edges"]["sighting"]["label"]["lines"])
    assert "A visit…" in sighting  # the abbreviation rule: cut at a word, no dangling "to the"


def test_a_short_name_longer_than_the_limit_is_a_located_error(tmp_path: Path) -> None:
    text = store_model().change_item("mac", short="x" * 25).yaml()
    with pytest.raises(flows.ModelError) as error:
        flows.load_model(text, filename="m.yaml")
    assert "short" in str(error.value) and "24" in str(error.value)


@pytest.mark.parametrize("payload", [*PAYLOADS, 'a"b\\c\nd\u2028e\tf', "]; x -> y [label=<<b>", "W" * 300])
def test_hostile_names_are_drawn_as_text_and_never_reach_dot(payload: str) -> None:
    model = store_model().change_item("mac", name=payload).change_flow("probe", channel=payload).build()
    drawn = to_view(model)["drawing"]
    assert drawn["engine"] == "dot"
    lines = drawn["edges"]["probe"]["label"]["lines"]
    assert all("\x00" not in line and "\x1b" not in line and "\n" not in line for line in lines)
    assert len(lines) <= 3 and all(len(line) <= 19 for line in lines)
    source = drawing.dot_source(model, drawing._node_boxes(model), drawing._edge_labels(model))
    assert payload[:10] not in source


def fake_dot(directory: Path, body: str) -> None:
    script = directory / "dot"
    script.write_text(f"#!/bin/sh\n{body}\n")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)


def test_without_dot_on_the_path_the_layered_layout_draws(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    drawn = to_view(store_model().build())["drawing"]
    assert drawn["engine"] == "layered"
    assert measure(drawn).node_overlaps == 0
    assert drawn["nodes"]["shopper"]["x"] < drawn["nodes"]["ad"]["x"]


def test_a_dot_that_hangs_is_stopped_and_the_layered_layout_draws(
    monkeypatch: pytest.MonkeyPatch, tmp_path
) -> None:
    fake_dot(tmp_path, "sleep 30")
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setattr(drawing, "DOT_TIMEOUT", 0.5)
    assert to_view(store_model().build())["drawing"]["engine"] == "layered"


@pytest.mark.parametrize("body", ["exit 3", "echo not json", "echo '[1, 2]'"])
def test_a_dot_that_fails_or_answers_nonsense_falls_back(
    monkeypatch: pytest.MonkeyPatch, tmp_path, body
) -> None:
    fake_dot(tmp_path, f"cat >/dev/null; {body}")
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")
    assert to_view(store_model().build())["drawing"]["engine"] == "layered"


def test_large_models_keep_the_fast_path_without_a_drawing(monkeypatch: pytest.MonkeyPatch) -> None:
    import flows.view.graph_view

    monkeypatch.setattr(flows.view.graph_view, "LARGE_NODES", 5)
    assert "drawing" not in to_view(store_model().build())


def test_models_above_the_dot_threshold_get_the_layered_drawing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(drawing, "DOT_MAX_FLOWS", 3)
    drawn = to_view(store_model().build())["drawing"]
    assert drawn["engine"] == "layered"
    assert set(drawn["edges"]) == {f.id for f in store_model().build().flows}


def test_the_measure_sees_a_label_crossed_and_boxes_overlapping() -> None:
    """The floors above cannot pass by accident: the same measure flags a drawing that breaks them."""
    drawn = to_view(store_model().build())["drawing"]
    broken = json.loads(json.dumps(drawn))
    phone, sensor = broken["nodes"]["phone"], broken["nodes"]["sensor"]
    sensor["x"], sensor["y"] = phone["x"] + 5, phone["y"] + 5
    label = broken["edges"]["segment"]["label"]
    start = broken["edges"]["upload"]["path"][0]
    label["x"], label["y"] = start[0] + 2, start[1]
    result = measure(broken)
    assert result.node_overlaps >= 1
    assert result.labels_crossed >= 1


def test_the_json_api_serves_the_drawing_and_hostile_names_stay_data(tmp_path: Path) -> None:
    from tests.web_client import local_client
    from web.app import create_app

    client = local_client(create_app(tmp_path))
    text = store_model().change_item("mac", name='"]; n0 -> n1 [label=<<b>x</b>>] <img src=x>').yaml()
    response = client.post("/api/view", content=text.encode(), headers={"Content-Type": "text/yaml"})
    assert response.status_code == 200
    drawn = response.json()["drawing"]
    assert drawn["engine"] == "dot"
    assert measure(drawn).label_overlaps == 0 and measure(drawn).labels_crossed == 0
    assert "".join(drawn["edges"]["probe"]["label"]["lines"]).startswith('"];')


def test_export_draws_without_dot_from_the_command_line(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from typer.testing import CliRunner

    from flows.cli import app

    monkeypatch.setenv("PATH", str(tmp_path))
    out = tmp_path / "cosmose.svg"
    result = CliRunner().invoke(
        app, ["export", str(ROOT / "models" / "cosmose-omnicookie.yaml"), "-f", "svg", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "Cosmose" in out.read_text(encoding="utf-8")
