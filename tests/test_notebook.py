"""`flows.show` for Jupyter, and the example notebook (valid nbformat, no outputs, cells that run)."""

from __future__ import annotations

import html
import re
from pathlib import Path

import nbformat
import pytest

import flows
from flows.input.load import load_model
from flows.output.notebook import Page
from flows.output.page import render_html

ROOT = Path(__file__).parent.parent
COSMOSE = ROOT / "models" / "cosmose-omnicookie.yaml"
NOTEBOOK = ROOT / "docs" / "notebook-example.ipynb"


def test_show_returns_an_inline_offline_page() -> None:
    page = flows.show(load_model(COSMOSE))
    assert isinstance(page, Page)
    inline = page._repr_html_()
    assert inline.startswith("<iframe ") and 'sandbox="allow-scripts"' in inline
    srcdoc = re.search(r'srcdoc="([^"]*)"', inline)
    assert srcdoc, "the page must sit in one attribute, fully escaped"
    document = html.unescape(srcdoc.group(1))
    assert document == page.html and document.startswith("<!doctype html>")
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", document)  # no CDN, no remote asset
    assert '"findings":' in document  # the analysis goes to the page too


def test_show_accepts_a_path_and_saves(tmp_path: Path) -> None:
    page = flows.show(str(COSMOSE), height=500)
    assert "height:500px" in page._repr_html_()
    saved = page.save(tmp_path / "page.html")
    assert saved.read_text(encoding="utf-8") == page.html


def test_hostile_title_cannot_leave_the_iframe() -> None:
    text = (ROOT / "tests" / "fixtures" / "tiny-store.yaml").read_text(encoding="utf-8")
    text = text.replace("title: Tiny store (test fixture)", 'title: "\\"><script>alert(1)</script>"', 1)
    inline = flows.show(load_model(text))._repr_html_()
    assert "<script" not in inline and inline.count("<iframe") == 1


def test_importing_flows_stays_light() -> None:
    import subprocess
    import sys

    code = "import flows, sys; print('matplotlib' in sys.modules, 'flows.output.page' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


def test_example_notebook_is_valid_without_outputs() -> None:
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(notebook)
    code = [c for c in notebook.cells if c.cell_type == "code"]
    assert code and all(not c.outputs and c.execution_count is None for c in code)
    assert "flows.show(model)" in code[0].source


def test_example_notebook_cells_run(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(NOTEBOOK.parent)
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    namespace: dict[str, object] = {}
    for cell in notebook.cells:
        if cell.cell_type == "code":
            exec(compile(cell.source, NOTEBOOK.name, "exec"), namespace)
    assert isinstance(namespace["model"], flows.Model)
    assert render_html(namespace["model"])  # type: ignore[arg-type]
    assert "broken: Her smartphone -> A partner app" in capsys.readouterr().out
