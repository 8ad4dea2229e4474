"""One table of kinds (`flows.input.kinds`): every node kind, party kind, evidence level and transform
is defined there once, and everything else reads it. Adding a kind is one row in the table (and its
line in docs/model-format.md): these tests fail if a consumer lists kinds of its own."""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import get_args

import flows
from flows.input import kinds, schema
from flows.input.kinds import (
    CONTROL_KINDS,
    CONTROL_USERS,
    EVIDENCE,
    NODE_KINDS,
    PARTY_KINDS,
    TRANSFORMS,
    UNSOURCED,
)
from flows.view.elements import EVIDENCE_DASHES, KIND_STYLES
from flows.view.graph_view import to_view
from flows.view.layout import KIND_RANK

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "tiny-store.yaml"
# Names that are also ordinary words or other fields' values: a single mention proves nothing.
VOCABULARIES = {
    "node kinds": set(NODE_KINDS),
    "party kinds": set(PARTY_KINDS),
    "evidence levels": set(EVIDENCE) - {UNSOURCED},
    "transforms": set(TRANSFORMS) - {"none"},
    "control kinds": set(CONTROL_KINDS),
}


def test_the_literals_are_the_table() -> None:
    assert list(get_args(kinds.NodeKind)) == list(NODE_KINDS)
    assert list(get_args(kinds.PartyKind)) == list(PARTY_KINDS)
    assert [*get_args(kinds.Evidence), UNSOURCED] == list(EVIDENCE)
    assert list(get_args(kinds.Transform)) == list(TRANSFORMS)
    assert list(get_args(kinds.ControlKind)) == list(CONTROL_KINDS)
    assert list(get_args(kinds.ControlUser)) == list(CONTROL_USERS)
    assert (schema.NodeKind, schema.PartyKind, schema.Evidence, schema.Transform) == (
        kinds.NodeKind,
        kinds.PartyKind,
        kinds.Evidence,
        kinds.Transform,
    )


def test_every_consumer_covers_exactly_the_table() -> None:
    assert list(KIND_STYLES) == list(NODE_KINDS)
    assert list(KIND_RANK) == list(NODE_KINDS)
    assert list(EVIDENCE_DASHES) == list(EVIDENCE)
    dashes = {tuple(d) if isinstance(d, list) else d for d in EVIDENCE_DASHES.values()}
    assert len(dashes) == len(EVIDENCE)  # one distinct pattern per level


def test_the_page_receives_the_table_in_the_view() -> None:
    legend = to_view(flows.load_model(FIXTURE))["legend"]
    assert [k["kind"] for k in legend["kinds"]] == list(NODE_KINDS)
    assert {k["kind"] for k in legend["kinds"] if k["destination"]} == kinds.node_kinds_where("destination")
    assert [e["level"] for e in legend["evidence"]] == list(EVIDENCE)
    assert [e["rank"] for e in legend["evidence"]] == list(range(len(EVIDENCE)))
    assert {e["level"] for e in legend["evidence"] if e["hedge"]} == {
        level for level, info in EVIDENCE.items() if info.hedge
    }
    assert [p["kind"] for p in legend["party_kinds"] if p["person"]] == ["person"]
    assert [c["kind"] for c in legend["control_kinds"]] == list(CONTROL_KINDS)
    assert [u["kind"] for u in legend["control_users"] if u["person"]] == ["person"]


def _listed_elsewhere(tree: ast.AST, vocabulary: set[str]) -> list[int]:
    """Lines of collection literals (set, list, tuple, dict keys) naming two or more of a vocabulary."""
    lines = []
    for node in ast.walk(tree):
        items = node.keys if isinstance(node, ast.Dict) else getattr(node, "elts", None)
        if not isinstance(node, (ast.Set, ast.List, ast.Tuple, ast.Dict)) or items is None:
            continue
        named = {i.value for i in items if isinstance(i, ast.Constant) and i.value in vocabulary}
        if len(named) >= 2:
            lines.append(node.lineno)
    return lines


# Importers write model text whose node ids happen to be kind names ("person", "device"), and the
# schema's `identifies` values share two words with the node kinds: neither lists kinds.
NOT_KIND_LISTS = ("flows/input/kinds.py", "flows/input/importers/", "flows/input/schema.py")


def test_no_python_module_lists_kinds_of_its_own() -> None:
    found = {}
    for path in sorted((ROOT / "flows").rglob("*.py")):
        if path.relative_to(ROOT).as_posix().startswith(NOT_KIND_LISTS):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for what, vocabulary in VOCABULARIES.items():
            lines = _listed_elsewhere(tree, vocabulary)
            if lines:
                found[f"{path.relative_to(ROOT)} ({what})"] = lines
    assert found == {}


def test_no_page_script_names_a_kind() -> None:
    """The page reads kinds, levels and their traits from `view.legend`. (Transforms never reach the
    page's logic, and `assumption` is also a field and a CSS class, so neither is looked for.)"""
    found = {}
    for path in sorted((ROOT / "flows" / "output" / "static").glob("*.js")):
        text = path.read_text(encoding="utf-8")
        for what, vocabulary in VOCABULARIES.items():
            if what == "transforms":
                continue
            vocabulary = vocabulary - {"assumption"}
            named = sorted(v for v in vocabulary if re.search(rf"['\"`]{re.escape(v)}['\"`]", text))
            if named:
                found[f"{path.name} ({what})"] = named
    assert found == {}


def test_the_checks_catch_a_list_of_kinds() -> None:
    tree = ast.parse("KINDS = ('sensor', 'place')\nONE = {'sensor': 1}\n")
    assert _listed_elsewhere(tree, VOCABULARIES["node kinds"]) == [1]
