"""The properties every fuzz test and every saved regression share: clean errors, inert pages."""

from __future__ import annotations

import html.parser
import json
import re
from functools import cache
from typing import Any

from flows import Limits, Model, ModelError, load_model
from flows.output.page import render_html
from flows.view.graph_view import to_view
from flows.view.page_view import page_view, page_view_in
from tests.fuzz.strategies import RAW_MARKERS

FILENAME = "fuzz.yaml"
# PyYAML counts all of these as line breaks when it reports a mark.
_BREAKS = re.compile("\r\n|[\n\r\x85\u2028\u2029]")
# The view, then one block per other language of the model (`adflows-view-de`, data-lang="de").
_VIEW_BLOCK = re.compile(
    r'<script type="application/json" id="adflows-view(?:-([A-Za-z0-9-]+)" data-lang="\1)?">(.*?)</script>',
    re.DOTALL,
)
_CLEAN_MODEL = """format: adflows/1
id: clean
title: Clean
summary: Nothing hostile.
parties: [{id: p, name: P, kind: person}]
nodes: [{id: n, name: N, kind: person, party: p}]
"""


@cache
def clean_page() -> str:
    """A page with no hostile text, lower-cased: what the bundled scripts contribute on their own."""
    return render_html(load_model(_CLEAN_MODEL)).lower()


def check_error(exc: ModelError, source: str | bytes) -> None:
    """Every problem is located inside the text, says something, and prints on one line."""
    assert exc.problems, "a ModelError must carry at least one problem"
    text = source.decode("utf-8", errors="replace") if isinstance(source, bytes) else source
    last_line = len(_BREAKS.findall(text)) + 1
    for problem in exc.problems:
        assert problem.file == FILENAME
        assert 1 <= problem.line <= last_line + 1, problem
        assert problem.col >= 1, problem
        assert problem.message.strip(), problem
        for part in (problem.message, problem.hint or ""):
            assert "\n" not in part and "\r" not in part, f"multi-line text in {problem!r}"
        assert problem.format().startswith(f"{FILENAME}:{problem.line}:{problem.col}: error: ")
    assert len(exc.format().split("\n")) == len(exc.problems)
    json.dumps(exc.to_list())  # the web app sends this as JSON


def load_or_error(source: str | bytes, limits: Limits | None = None) -> Model | ModelError:
    """`load_model`, which must return a Model or raise a clean ModelError and nothing else."""
    try:
        model = load_model(source, filename=FILENAME, limits=limits)
    except ModelError as exc:
        check_error(exc, source)
        return exc
    assert isinstance(model, Model)
    return model


class _Tags(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.scripts = 0
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.scripts += tag == "script"


def _expected_view(model: Model, extra: dict[str, Any] | None, analysis: bool) -> dict[str, Any]:
    """The view `render_html` embeds: `to_view`, or the page view with analysis, then `extra`."""
    view = page_view(model) if analysis else to_view(model)
    view.update(extra or {})
    return view


def check_page(model: Model, extra: dict[str, Any] | None = None) -> None:
    """Render `model` with and without analysis; each page must be inert and carry its view exactly."""
    for analysis in (False, True):
        page = render_html(model, extra=extra, analysis=analysis)
        languages = [t.language for t in model.translations] if analysis else []
        _check_inert(page, len(languages))
        blocks = _VIEW_BLOCK.findall(page)
        assert [code for code, _ in blocks] == ["", *languages]
        expected = _expected_view(model, extra, analysis)
        assert json.loads(blocks[0][1]) == json.loads(json.dumps(expected))
        for code, block in blocks[1:]:
            assert json.loads(block) == json.loads(json.dumps(page_view_in(model, code)))


def _check_inert(page: str, translations: int = 0) -> None:
    """Only the page's own <script> elements (and a data block per translation), no hostile text raw,
    nothing unescaped in the JSON."""
    lowered = page.lower()
    # The bundled scripts hold the text "<script>" themselves (vis-network does, once), so compare
    # with a clean page: anything beyond its count was injected.
    assert lowered.count("<script") == clean_page().count("<script") + translations
    parser = _Tags()
    parser.feed(page)
    parser.close()
    assert parser.scripts == clean_scripts() + translations
    for marker in RAW_MARKERS:
        assert marker.lower() not in lowered, f"raw {marker!r} in the page"
    blocks = _VIEW_BLOCK.findall(page)
    assert len(blocks) == 1 + translations
    for _, block in blocks:
        for unsafe in ("<", ">", "\u2028", "\u2029"):
            assert unsafe not in block, f"{unsafe!r} left unescaped in the view JSON"


@cache
def clean_scripts() -> int:
    """How many <script> elements a clean page has (the view data, then the bundled scripts)."""
    parser = _Tags()
    parser.feed(clean_page())
    parser.close()
    return parser.scripts
