"""A file with thousands of mistakes gets the first MAX_PROBLEMS and a count of the rest, everywhere:
the loader, the validator, the CLI and the web API (issue 15, item 2)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from flows import ModelError, load_model
from flows.cli import app
from flows.input.problem_cap import MAX_PROBLEMS
from flows.input.yamldoc import load_yaml
from tests.web_client import local_client
from web.app import create_app

HEAD = "format: adflows/1\nid: many\ntitle: Many mistakes\nsummary: s\n"


def many_bad_sources(count: int) -> str:
    """`sources: [1, 1, ...]`: each item is a problem (a number where a mapping belongs)."""
    return HEAD + "sources: [" + ",".join(["1"] * count) + "]\n"


def caught(text: str) -> ModelError:
    with pytest.raises(ModelError) as error:
        load_model(text, filename="many.yaml")
    return error.value


def test_schema_problems_are_capped_and_counted() -> None:
    error = caught(many_bad_sources(5000))
    assert len(error.problems) == MAX_PROBLEMS
    assert error.more == 5000 - MAX_PROBLEMS
    assert error.count == 5000
    # The first ones, by position: the items at the start of the list.
    assert error.problems[0].path == ("sources", 0)
    assert error.problems[-1].path == ("sources", MAX_PROBLEMS - 1)
    lines = error.format().splitlines()
    assert len(lines) == MAX_PROBLEMS + 1
    assert lines[-1].startswith("... and 4,800 more problems not shown")


def test_a_missing_key_is_still_reported_when_a_list_is_cut() -> None:
    text = "format: adflows/1\nid: many\nsummary: s\nsources: [" + ",".join(["1"] * 1000) + "]\n"
    error = caught(text)
    assert any("missing required key 'title'" in p.message for p in error.problems)
    assert error.count == 1001


def test_duplicate_keys_in_the_loader_are_capped() -> None:
    body = "".join(f"  k: {i}\n" for i in range(3000))
    doc = load_yaml("x:\n" + body, "dup.yaml", keep_going=True)
    assert len(doc.problems) == MAX_PROBLEMS
    assert doc.more_problems == 3000 - 1 - MAX_PROBLEMS


def test_refused_tags_are_capped() -> None:
    text = HEAD + "sources: [" + ",".join(["!x 1"] * 3000) + "]\n"
    error = caught(text)
    assert len(error.problems) == MAX_PROBLEMS
    assert error.count == 3000
    assert "YAML tag '!x' is not allowed" in error.problems[0].message


def test_dangling_references_are_capped() -> None:
    flows = "".join(f"  - {{id: f{i}, source: a, target: nowhere-{i}, data: [d]}}\n" for i in range(2000))
    text = (
        HEAD
        + "sources: [{id: s, title: S, evidence: press}]\n"
        + "parties: [{id: p, name: P, kind: person, sources: [s]}]\n"
        + "nodes: [{id: a, name: A, kind: device, party: p, sources: [s]}]\n"
        + "data: [{id: d, name: D, kind: identifier, sources: [s]}]\n"
        + "flows:\n"
        + flows
    )
    error = caught(text)
    assert len(error.problems) == MAX_PROBLEMS
    assert error.count == 2000
    assert error.problems[0].message.endswith("unknown target 'nowhere-0'")


def test_cli_validate_prints_a_bounded_list(tmp_path: Path) -> None:
    path = tmp_path / "many.yaml"
    path.write_text(many_bad_sources(20_000))
    result = CliRunner().invoke(app, ["validate", str(path)])
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert len(lines) == MAX_PROBLEMS + 1
    assert "19,800 more problems not shown" in lines[-1]
    as_json = CliRunner().invoke(app, ["validate", "--format", "json", str(path)])
    entry = json.loads(as_json.stdout)["files"][0]
    assert len(entry["errors"]) == MAX_PROBLEMS
    assert entry["more_errors"] == 19_800


def test_cli_check_counts_every_problem(tmp_path: Path) -> None:
    path = tmp_path / "many.yaml"
    path.write_text(many_bad_sources(1000))
    result = CliRunner().invoke(app, ["check", str(path)])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == "1,000 problems found."
    assert len(result.stderr.splitlines()) == MAX_PROBLEMS + 2


@pytest.fixture
def client(tmp_path: Path) -> TestClient:
    return local_client(create_app(tmp_path))


def test_api_validate_answer_stays_small(client: TestClient) -> None:
    """The issue's case: 190,000 items (380 KB) answered 37.5 MB; now a few tens of kilobytes."""
    body = many_bad_sources(190_000).encode()
    response = client.post("/api/validate", content=body, headers={"Content-Type": "text/yaml"})
    assert response.status_code == 200
    answer = response.json()
    assert answer["valid"] is False
    assert len(answer["errors"]) == MAX_PROBLEMS
    assert answer["more_errors"] == 190_000 - MAX_PROBLEMS
    assert len(response.content) < 100_000


def test_api_error_envelope_is_capped(client: TestClient) -> None:
    body = many_bad_sources(5000).encode()
    response = client.post("/api/view", content=body, headers={"Content-Type": "text/yaml"})
    assert response.status_code == 422
    envelope = response.json()
    assert len(envelope["errors"]) == MAX_PROBLEMS
    assert envelope["error"] == f"the model has 5,000 problems; the first {MAX_PROBLEMS} are listed"
