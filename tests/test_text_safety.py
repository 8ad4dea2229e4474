"""Model text that could mean something in another language is refused or escaped (issue 15, item 5).

Before the fix a source URL carrying `>[CLICK](javascript:...)` validated and went raw into the
Markdown report, and a name holding U+0001 validated and then made the SVG, GraphML and GEXF exports
ill-formed XML. (Mermaid directives in names are covered in `tests/test_export_diagrams.py`.)
"""

from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree

import pytest
from typer.testing import CliRunner

from flows import ModelError, load_model
from flows.cli import app
from flows.output.report import _md_url

ROOT = Path(__file__).parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "tiny-store.yaml"
runner = CliRunner()


def with_source_url(url: str) -> str:
    text = FIXTURE.read_text(encoding="utf-8")
    return text.replace(
        "{id: invented, title: Invented for tests,",
        f"{{id: invented, url: '{url}', title: Invented for tests,",
        1,
    )


@pytest.mark.parametrize(
    "url",
    [
        "https://x.example/>[CLICK](javascript:alert(1))",
        "https://x.example/<script>",
        'https://x.example/"onmouseover',
        "https://x.example/{a}",
        "https://x.example/a|b",
        "https://x.example/a^b",
        "https://x.example/a`b",
        "https://x.example/a\\b",
        "https://x.example/it''s",
    ],
)
def test_urls_with_characters_rfc_3986_excludes_are_refused(url: str) -> None:
    with pytest.raises(ModelError) as caught:
        load_model(with_source_url(url), filename="m.yaml")
    (problem,) = caught.value.problems
    assert problem.message.startswith("source 'invented': url ")
    assert problem.message.endswith("has the wrong form")
    assert (problem.line, problem.col) == (7, 25)


def test_ordinary_urls_still_validate() -> None:
    for url in (
        "https://example.org/a?b=1&c=%3Cx%3E#frag",
        "https://en.wikipedia.org/wiki/Cosmose_(company)",
    ):
        model = load_model(with_source_url(url), filename="m.yaml")
        assert model.sources[0].url == url


def test_markdown_report_escapes_urls_written_into_it() -> None:
    """Defence in depth, for models built in code: nothing can end the `<...>` autolink."""
    assert _md_url("https://x.example/>[CLICK](javascript:x)") == "https://x.example/%3E[CLICK](javascript:x)"
    assert _md_url("https://x.example/a b\u0001") == "https://x.example/a%20b%01"


def test_markdown_report_of_a_url_model_has_the_link_inert(tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    path.write_text(with_source_url("https://x.example/a?b=%3E"))
    result = runner.invoke(app, ["check", "--format", "markdown", str(path)])
    assert "<https://x.example/a?b=%3E>" in result.stdout


CONTROL_NAMES = ["\\u0001", "\\x1b[31m", "\\x7f", "\\x85", "\\uffff", "\\0"]


@pytest.mark.parametrize("escape", CONTROL_NAMES)
def test_control_characters_are_refused_at_their_line(escape: str, tmp_path: Path) -> None:
    text = FIXTURE.read_text(encoding="utf-8")
    text = text.replace("{id: phone, name: Phone,", f'{{id: phone, name: "Pho{escape}ne",', 1)
    path = tmp_path / "m.yaml"
    path.write_text(text)
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 1
    assert f"{path}:14:23: error: the text 'Pho" in result.stderr
    assert "holds the control character U+" in result.stderr
    assert "Traceback" not in result.stderr


def test_control_characters_in_keys_are_refused() -> None:
    text = FIXTURE.read_text(encoding="utf-8") + '"bad\\u0002key": 1\n'
    with pytest.raises(ModelError) as caught:
        load_model(text, filename="m.yaml")
    assert any(
        "the key 'bad\\x02key' holds the control character U+0002" in p.message for p in caught.value.problems
    )


@pytest.mark.parametrize("format", ["svg", "graphml", "gexf"])
def test_xml_exports_are_well_formed_for_unusual_but_allowed_text(format: str, tmp_path: Path) -> None:
    """Tabs, line breaks, RTL marks, emoji and markup stay allowed, and the XML still parses."""
    text = FIXTURE.read_text(encoding="utf-8")
    text = text.replace("{id: phone, name: Phone,", '{id: phone, name: "P\\th\\no\\u202ene 📱 <b>&amp;",', 1)
    path = tmp_path / "m.yaml"
    path.write_text(text)
    out = tmp_path / f"m.{format}"
    result = runner.invoke(app, ["export", str(path), "--format", format, "-o", str(out)])
    assert result.exit_code == 0, result.output
    ElementTree.parse(out)
