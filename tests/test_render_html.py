"""Unit tests for flows.output.page: escaping, the CSP, no external references, determinism."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

import flows
from flows.output.page import PAGE_SCRIPTS, RenderedPage, json_for_script, render_html, render_view
from flows.view.graph_view import to_view
from flows.view.page_view import page_view
from tests.hostile import PAYLOADS, hostile_model_text

FIXTURE = Path(__file__).parent / "fixtures" / "mini-store.yaml"


class _Page(HTMLParser):
    """Collects every tag with its attributes and the raw text of each <script> and <style>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.blocks: list[tuple[str, dict[str, str | None], str]] = []
        self._open: tuple[str, dict[str, str | None]] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag in ("script", "style"):
            self._open = (tag, dict(attrs))
            self.blocks.append((tag, dict(attrs), ""))

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            tag, attrs, text = self.blocks[-1]
            self.blocks[-1] = (tag, attrs, text + data)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._open = None


def parse(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    page.close()
    return page


def sha256_source(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def directive(csp: str, name: str) -> list[str]:
    for part in csp.split(";"):
        words = part.split()
        if words and words[0] == name:
            return words[1:]
    raise AssertionError(f"no {name} in {csp!r}")


@pytest.fixture(scope="module")
def model() -> flows.Model:
    return flows.load_model(FIXTURE)


@pytest.fixture(scope="module")
def page(model: flows.Model) -> RenderedPage:
    return render_view(to_view(model))


@pytest.fixture(scope="module")
def hostile_page() -> RenderedPage:
    model = flows.load_model(hostile_model_text(FIXTURE.read_text()), filename="hostile.yaml")
    return render_view(to_view(model))


# --- json_for_script -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["</script><script>alert(1)</script>", "<!--", "-->", "a & b", "\u2028\u2029", "</SCRIPT >"],
)
def test_json_for_script_round_trips_and_has_no_markup(text: str) -> None:
    encoded = json_for_script({"t": text, "list": [text]})
    assert json.loads(encoded) == {"t": text, "list": [text]}
    for bad in ("<", ">", "&", "\u2028", "\u2029"):
        assert bad not in encoded


def test_json_for_script_escapes_script_end_and_comment_open() -> None:
    assert json_for_script("</script>") == '"\\u003c/script\\u003e"'
    assert json_for_script("<!--") == '"\\u003c!--"'
    assert json_for_script("\u2028") == '"\\u2028"'


@pytest.mark.parametrize(
    "text",
    [
        "Ströer SSP GmbH",
        "a\\u00e9b",
        "a\\\\u00e9",
        "\\é",
        "→ 中文 é",
        "\u0085\u00a0",
        "\x01\\",
        "\\\\\\u00ff",
    ],
)
def test_json_for_script_is_latin1_and_keeps_latin1_letters(text: str) -> None:
    """Above U+00FF as \\u escapes (8-bit strings in Python and the browser); é, ö as written."""
    encoded = json_for_script({"t": text})
    assert json.loads(encoded) == {"t": text}
    assert max(map(ord, encoded)) <= 0xFF
    for letter in "éöÿ":
        if letter in text:
            assert letter in encoded


def test_json_for_script_rejects_nan() -> None:
    with pytest.raises(ValueError):
        json_for_script(float("nan"))


# --- the page and its Content-Security-Policy -------------------------------------------------


def test_csp_meta_matches_returned_csp(page: RenderedPage) -> None:
    metas = [a for t, a in parse(page.html).tags if t == "meta" and a.get("http-equiv")]
    assert len(metas) == 1
    assert metas[0]["http-equiv"] == "Content-Security-Policy"
    assert metas[0]["content"] == page.csp


def test_csp_lists_exactly_the_hashes_of_executable_inline_scripts(page: RenderedPage) -> None:
    blocks = parse(page.html).blocks
    executable = [text for tag, attrs, text in blocks if tag == "script" and "type" not in attrs]
    data = [attrs for tag, attrs, _ in blocks if tag == "script" and "type" in attrs]
    # vis-network, then each of our page scripts (flows/output/page.py PAGE_SCRIPTS)
    assert len(executable) == 1 + len(PAGE_SCRIPTS)
    # The view, and the chrome's translations (i18n.js reads them; data, so no hash).
    assert data == [
        {"type": "application/json", "id": "adflows-view"},
        {"type": "application/json", "id": "adflows-messages"},
    ]
    assert sorted(directive(page.csp, "script-src")) == sorted(map(sha256_source, executable))


def test_csp_lists_exactly_the_hashes_of_inline_styles(page: RenderedPage) -> None:
    styles = [text for tag, _, text in parse(page.html).blocks if tag == "style"]
    assert len(styles) == 2
    assert sorted(directive(page.csp, "style-src")) == sorted(map(sha256_source, styles))
    assert "'unsafe-inline'" not in page.csp
    assert "'unsafe-eval'" not in page.csp


def test_csp_forbids_everything_else(page: RenderedPage) -> None:
    assert directive(page.csp, "default-src") == ["'none'"]
    assert directive(page.csp, "connect-src") == ["'none'"]
    assert directive(page.csp, "base-uri") == ["'none'"]
    assert directive(page.csp, "form-action") == ["'none'"]
    assert directive(page.csp, "object-src") == ["'none'"]
    assert directive(page.csp, "img-src") == ["data:", "blob:"]


def test_csp_is_the_same_for_every_model(page: RenderedPage, hostile_page: RenderedPage) -> None:
    assert page.csp == hostile_page.csp


def test_static_html_references_nothing_outside_the_page(page: RenderedPage) -> None:
    for tag, attrs in parse(page.html).tags:
        for name in ("src", "href", "action", "srcset", "poster", "data"):
            value = attrs.get(name)
            assert value is None or value.startswith("#"), (tag, name, value)
    assert not re.search(r"<(link|iframe|object|embed|base|form)\b", page.html, re.IGNORECASE)
    # URLs appear only in the JSON data block (source URLs, links built at runtime) and in vis's
    # licence comment; never as something the browser would load.
    assert "sourceMappingURL" not in page.html


def test_no_inline_event_handler_attributes(hostile_page: RenderedPage) -> None:
    for tag, attrs in parse(hostile_page.html).tags:
        assert not [a for a in attrs if a.startswith("on")], tag
        assert "style" not in attrs, tag


def test_output_is_deterministic(model: flows.Model) -> None:
    first = render_html(model)
    again = render_html(flows.load_model(FIXTURE))
    assert first == again


def test_view_json_round_trips(page: RenderedPage, model: flows.Model) -> None:
    data = [t for tag, a, t in parse(page.html).blocks if a.get("id") == "adflows-view"]
    assert json.loads(data[0]) == json.loads(json.dumps(to_view(model)))


def test_extra_sections_reach_the_page(model: flows.Model) -> None:
    html = render_html(model, extra={"findings": [{"id": "x", "title": "</script>"}]})
    data = next(t for tag, a, t in parse(html).blocks if a.get("id") == "adflows-view")
    assert json.loads(data)["findings"] == [{"id": "x", "title": "</script>"}]


# --- hostile model ----------------------------------------------------------------------------


def test_hostile_model_payloads_appear_only_as_escaped_json(hostile_page: RenderedPage) -> None:
    html = hostile_page.html
    for payload in PAYLOADS:
        assert payload not in html
    parsed = parse(html)
    # Our scripts, vis-network, the view data and the chrome's translations.
    assert [tag for tag, _, _ in parsed.blocks].count("script") == len(PAGE_SCRIPTS) + 3
    # The picture is built in the browser: no SVG in the HTML as sent.
    assert not [t for t, _ in parsed.tags if t in ("img", "svg", "iframe")]
    data = next(t for tag, a, t in parsed.blocks if a.get("id") == "adflows-view")
    view = json.loads(data)
    assert view["model"]["title"].startswith(PAYLOADS[0])
    assert any(p in json.dumps(view, ensure_ascii=False) for p in PAYLOADS[1:])


def test_hostile_title_is_escaped_in_the_title_element(hostile_page: RenderedPage) -> None:
    title = re.search(r"<title>(.*?)</title>", hostile_page.html, re.DOTALL)
    assert title is not None
    assert "<" not in title.group(1)
    assert "&lt;img src=x onerror=" in title.group(1)


# --- analysis panels --------------------------------------------------------------------------


def _view_of(html: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(
        next(t for _, a, t in parse(html).blocks if a.get("id") == "adflows-view")
    )
    return data


def test_render_html_includes_the_analysis_by_default(model: flows.Model) -> None:
    data = _view_of(render_html(model))
    assert data == json.loads(json.dumps(page_view(model)))
    assert {"findings", "journeys", "knowledge", "whatif", "limits"} <= set(data)


def test_render_html_without_analysis_is_the_plain_view(model: flows.Model) -> None:
    data = _view_of(render_html(model, analysis=False))
    assert data == json.loads(json.dumps(to_view(model)))


def test_page_has_a_collapsible_section_per_panel(model: flows.Model) -> None:
    tags = parse(render_html(model)).tags
    ids = [a.get("id") for t, a in tags if t == "details"]
    assert ids == ["tool-findings", "tool-knows", "tool-journeys", "tool-filters", "tool-whatif"]
    assert ("summary", {}) in tags


def test_inlined_scripts_lose_comment_lines_and_indentation_only() -> None:
    from flows.output.page import inline_script

    source = (
        "/* header\n * more\n */\n(function () {\n  'use strict';\n  // a note\n\n"
        "  const url = 'http://example.org/*x*/'; // kept: code before it\n"
        "  /** one line */\n  return a\n    * b;\n})();\n"
    )
    assert inline_script(source) == (
        "(function () {\n'use strict';\nconst url = 'http://example.org/*x*/'; // kept: code before it\n"
        "return a\n* b;\n})();\n"
    )
    with pytest.raises(ValueError, match="line 2"):
        inline_script("const a = 1;\nconst b = `two\nlines`;\n")
    with pytest.raises(ValueError, match="line 2"):
        inline_script("/* a\n */ const b = 1;\n")


def test_inlining_never_drops_code_or_the_end_of_a_comment() -> None:
    """A line that starts and ends with a block comment but has code between keeps its code, and a
    block comment opened after code is refused: its lines could not be told from code, and a `//` or
    `/* … */` line among them would go with the comment's end, commenting out the rest of the script."""
    from flows.output.page import inline_script

    assert inline_script("/* a */ const b = 1; /* c */\n") == "/* a */ const b = 1; /* c */\n"
    with pytest.raises(ValueError, match="line 1: a block comment that starts after code"):
        inline_script("const a = 1; /* a note\n// that goes on */ const b = 2;\n")
    with pytest.raises(ValueError, match="line 1: a block comment that starts after code"):
        inline_script("run(); /* a note\n/* more\n*/\nlater();\n")
    # A comment closed on its own line, and a comment opener inside a string closed on the line, are fine.
    fine = "run(); /* short */\nconst u = 'a/*b*/';\n"
    assert inline_script(fine) == fine
