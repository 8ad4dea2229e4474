"""Mermaid and DOT: a syntax check each, and hostile labels that must stay inert text."""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import pydot
import pytest
from typer.testing import CliRunner

from flows.cli import app
from flows.input.load import load_model
from flows.input.model import Model
from flows.output.export.dot import quote, to_dot
from flows.output.export.mermaid import escape_label, to_mermaid

ROOT = Path(__file__).parent.parent
COSMOSE = ROOT / "models" / "cosmose-omnicookie.yaml"
FIXTURE = ROOT / "tests" / "fixtures" / "tiny-store.yaml"
HOSTILE = r"end\" ]) <script>alert(1)</script> & #quot; | `x` -->|y| %%{init}%% \\ \n second line"
runner = CliRunner()


def parse_dot(text: str) -> list[pydot.Dot]:
    """pydot's parser, minus the deprecation warnings pydot 4 triggers in pyparsing 3.3 (not ours)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        return pydot.graph_from_dot_data(text) or []


def hostile_model() -> Model:
    """The tiny store with the shopper's node and the MAC item renamed to every special character."""
    text = FIXTURE.read_text(encoding="utf-8")
    text = text.replace("{id: person, name: Shopper,", f'{{id: person, name: "{HOSTILE}",', 1)
    text = text.replace("name: Wi-Fi MAC address,", f'name: "{HOSTILE}",', 1)
    return load_model(text, filename="hostile.yaml")


# The Mermaid flowchart grammar of the lines we write (Mermaid 10/11 flowchart syntax).
# Labels hold no quote, `<>`, backtick, `%` or brace: `%%{init: ...}%%` is a directive anywhere in the text.
_LABEL = r"[^\"'<>`\n%{}]*"
_SHAPES = rf'(\(\(|\[|\[/|\[\\|\{{\{{|\[\(|\{{)"{_LABEL}"(\)\)|\]|\\\]|/\]|\}}\}}|\)\]|\}})'
_MERMAID_LINES = (
    re.compile(r"^---$"),
    re.compile(r'^title: "([^"\\<>{}]|\\.)*"$'),
    re.compile(r"^flowchart LR$"),
    re.compile(rf"^    (?P<node>n\d+){_SHAPES}$"),
    re.compile(rf'^    (?P<src>n\d+) (-->|-\.->)\|"{_LABEL}"\| (?P<dst>n\d+)$'),
    re.compile(r"^    classDef [a-z_]+ fill:#[0-9A-F]{6},color:#[0-9A-F]{6}$"),
    re.compile(r"^    class (?P<members>n\d+(,n\d+)*) [a-z_]+$"),
)
_PAIRS = {"((": "))", "[": "]", "[/": "\\]", "[\\": "/]", "{{": "}}", "[(": ")]", "{": "}"}


def check_mermaid(text: str) -> None:
    """Every line matches the grammar, brackets pair up, and every used id is declared once."""
    declared: list[str] = []
    used: set[str] = set()
    for line in text.splitlines():
        match = next((m for p in _MERMAID_LINES if (m := p.match(line))), None)
        assert match, f"not valid Mermaid flowchart syntax: {line!r}"
        groups = match.groupdict()
        if groups.get("node"):
            declared.append(groups["node"])
            assert _PAIRS[match.group(2)] == match.group(3), line
        used |= {groups[k] for k in ("src", "dst") if groups.get(k)}
        used |= set((groups.get("members") or "").split(",")) - {""}
    assert len(declared) == len(set(declared))
    assert used <= set(declared)
    assert text.splitlines()[3] == "flowchart LR"


def test_mermaid_for_cosmose_via_cli(tmp_path: Path) -> None:
    out = tmp_path / "cosmose.mmd"
    result = runner.invoke(app, ["export", str(COSMOSE), "-f", "mermaid", "-o", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    check_mermaid(text)
    model = load_model(COSMOSE)
    assert text.count("-->|") + text.count("-.->|") == len(model.flows)
    assert 'n0{"Group: #quot;best customers#quot; (Audience)"}' in text


def test_mermaid_escapes_hostile_labels() -> None:
    text = to_mermaid(hostile_model())
    check_mermaid(text)
    assert "<" not in text and ">" not in text.replace("-->", "").replace("-.->", "")
    assert "#lt;script#gt;" in text and "#35;quot;" in text and "#96;x#96;" in text
    assert "%%{init}%%" not in text.splitlines()[0]
    assert escape_label('a"b\nc') == "a#quot;b c"


def test_dot_for_cosmose_parses_with_pydot(tmp_path: Path) -> None:
    out = tmp_path / "cosmose.dot"
    result = runner.invoke(app, ["export", str(COSMOSE), "-f", "dot", "-o", str(out)])
    assert result.exit_code == 0, result.output
    graphs = parse_dot(out.read_text(encoding="utf-8"))
    assert graphs and len(graphs) == 1
    model = load_model(COSMOSE)
    names = {n.get_name().strip('"') for n in graphs[0].get_nodes()} - {"node", "edge", "graph"}
    assert names == {n.id for n in model.nodes}
    assert len(graphs[0].get_edges()) == len(model.flows)


def test_dot_escapes_hostile_labels() -> None:
    model = hostile_model()
    graphs = parse_dot(to_dot(model))
    assert graphs and len(graphs) == 1
    person = next(n for n in graphs[0].get_nodes() if n.get_name() == '"person"')
    assert person.get("label") == quote(f"{model.nodes_by_id['person'].name}\n(Person)")
    assert quote('a\\b"c\nd') == '"a\\\\b\\"c\\nd"'
    assert len(graphs[0].get_edges()) == len(model.flows)


@pytest.mark.parametrize("path", sorted((ROOT / "models").glob("*.yaml")), ids=lambda p: p.stem)
def test_every_bundled_model_gives_valid_mermaid_and_dot(path: Path) -> None:
    model = load_model(path)
    check_mermaid(to_mermaid(model))
    graphs = parse_dot(to_dot(model))
    assert len(graphs) == 1 and len(graphs[0].get_edges()) == len(model.flows)


# The payload (issue 15, item 5): a node name that Mermaid would read as a directive.
DIRECTIVE = "%%{init: {'theme':'dark','themeCSS':'body{display:none}'}}%%"


def directive_model() -> Model:
    text = FIXTURE.read_text(encoding="utf-8")
    text = text.replace("{id: person, name: Shopper,", f'{{id: person, name: "{DIRECTIVE}",', 1)
    text = text.replace("title: Tiny store (test fixture)", f'title: "{DIRECTIVE} 100% tiny"', 1)
    return load_model(text, filename="directive.yaml")


def test_mermaid_never_writes_a_directive_or_comment() -> None:
    text = to_mermaid(directive_model())
    check_mermaid(text)
    assert "%%" not in text
    assert escape_label(DIRECTIVE) == (
        "#37;#37;#123;init: #123;#39;theme#39;:#39;dark#39;,"
        "#39;themeCSS#39;:#39;body#123;display:none#125;#39;#125;#125;#37;#37;"
    )
    assert text.splitlines()[1] == "title: \"%init: 'theme':'dark','themeCSS':'bodydisplay:none'% 100% tiny\""


def test_dot_keeps_the_directive_as_plain_label_text() -> None:
    model = directive_model()
    graphs = parse_dot(to_dot(model))
    person = next(n for n in graphs[0].get_nodes() if n.get_name() == '"person"')
    assert person.get("label") == quote(f"{DIRECTIVE}\n(Person)")
