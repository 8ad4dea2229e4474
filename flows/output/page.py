"""The interactive page: view dict -> one self-contained, offline HTML file with a strict CSP.

Last stage of the pipeline (Model -> view -> **HTML**), and the only module that touches pyvis. From
pyvis we take just the vis-network 9.1.2 bundle it ships; its template loads Bootstrap from a CDN and
has script-injection holes (see the project notes on pyvis 0.3.2), so the page uses our own
template. Model text only ever reaches the page inside a JSON data block, and our script inserts it
with DOM APIs.
"""

from __future__ import annotations

import base64
import hashlib
import importlib.util
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup, escape

from flows.analysis.graph import build_graph
from flows.analysis.run import analyse
from flows.input.i18n import language
from flows.input.model import Model
from flows.input.translations import translated
from flows.output.packed import pack_view
from flows.speed.second_core import beside
from flows.view.contract import GraphView
from flows.view.graph_view import to_view
from flows.view.page_view import analysis_sections, language_view, page_languages, page_view_in

VIS_DIR = ("templates", "lib", "vis-9.1.2")
# The page chrome's translations, compiled from flows/locale/*/LC_MESSAGES/page.po by `make messages`.
MESSAGES_FILE = "messages.json"
_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"}
# A \u00a0-\u00ff escape written by json.dumps, and the letter it stands for.
_LATIN1_CODE = re.compile(r"\\u00([a-f][0-9a-f])")
_LATIN1_LETTERS = {f"{code:02x}": chr(code) for code in range(0xA0, 0x100)}
# The same, preceded by an even number of backslashes (a text backslash is itself escaped as two), so
# a literal "\u00e9" typed in a model is left alone.
_LATIN1_ESCAPE = re.compile(r"(?<!\\)((?:\\\\)*)\\u00([a-f][0-9a-f])")


def _latin1_as_written(text: str) -> str:
    """Put json.dumps' \\u00a0-\\u00ff escapes back as the letters themselves.

    One pass of a plain pattern with a table lookup per match (the vendor list: 5,211 matches in
    12.7 MB, 16 ms; a replace per distinct letter took 210 ms, a look-behind regex longer still).
    Only when a text backslash comes right before "u00" is the careful look-behind pattern needed.
    """
    if "\\\\u00" in text:
        return _LATIN1_ESCAPE.sub(lambda match: match.group(1) + _LATIN1_LETTERS[match.group(2)], text)
    return _LATIN1_CODE.sub(lambda match: _LATIN1_LETTERS[match.group(1)], text)


# A source map comment would make devtools fetch a file that does not exist next to the page.
_SOURCE_MAP = re.compile(r"\n?//# sourceMappingURL=\S+\s*$|/\*# sourceMappingURL=\S+ \*/\s*$")


@dataclass(frozen=True)
class RenderedPage:
    """The page and the exact Content-Security-Policy it declares, for servers to send as a header."""

    html: str
    csp: str


# The page's own scripts, inlined in this order after vis-network, one <script> (and one CSP hash) each.
# Plain browser scripts, no build step: each registers one part of the page on the private namespace
# window.adflowsPage, and viewer.js, last, wires them up and publishes window.adflows (docs/web.md).
# graph.js and the picture's scripts are the web editor's too (web/app.py serves them one by one).
PICTURE_SCRIPTS = (
    "picture-shapes.js",  # constants, glyphs, path geometry
    "picture-labels.js",  # hidden, selected, spotlit; labels that yield to badges
    "picture-camera.js",  # zoom and pan
    "picture-readback.js",  # geometry(), hit tests, the handout's snapshot
    "picture.js",  # builds the SVG, joins the parts: window.adflowsPicture
)
PAGE_SCRIPTS = (
    "i18n.js",  # t() and tn(), #lang=xx, the view block for a language, the switch (first: all use t())
    "fallbacks.js",  # marks model texts a translated view shows untranslated
    "graph.js",  # vis-network drawing rules (large models, the editor)
    *PICTURE_SCRIPTS,  # the SVG picture drawn from view.drawing
    "packed.js",  # rebuilds a large view's packed nodes and flows (flows/output/packed.py)
    "overview-columns.js",  # the column drawings of the overview's groups and focuses
    "overview.js",  # a large model's overview with drill-down, drawn with the picture
    "handout.js",  # the print handout
    "kit.js",  # DOM helpers (text only)
    "sources.js",  # evidence badges, swatches, source lists
    "legend.js",  # header and legend
    "drawing.js",  # the graph on screen, selection and fitting
    "details.js",  # the details drawer
    "story.js",  # the story player
    "presenter.js",  # presenter mode and the page's keys
    "accounts.js",  # alternative accounts
    "text-version.js",  # the text version
    "panel-kit.js",  # what the analysis panels share
    "findings.js",
    "knows.js",  # who knows what
    "journeys.js",
    "filters.js",
    "find.js",  # Find and focus
    "whatif.js",
    "panels.js",  # wires the analysis panels
    "viewer.js",  # reads the view, wires every part, publishes window.adflows
    "controls.js",  # "What can I do?": hop markers, panel, tool (after the viewer: reads window.adflows)
)


@dataclass(frozen=True)
class _Assets:
    scripts: tuple[str, ...]  # vis-network, then PAGE_SCRIPTS in order
    styles: tuple[str, ...]  # vis-network's stylesheet, then ours
    messages: str  # the chrome's translations (static/messages.json, from `make messages`), for a JSON block


def json_for_script(obj: Any) -> str:
    """JSON that is safe inside a <script> element: no `</script>`, `<!--` or JS line separators.

    Escaping `<`, `>` and `&` as `\\u003c` etc. keeps the HTML parser from ever seeing a tag or a comment
    opener in the data; U+2028/U+2029 are escaped so the text is also valid JavaScript.
    """
    # Characters above U+00FF are written as \uXXXX escapes (json.dumps' default), so the text stays
    # one byte per character: in Python (a single "→" made the whole 60 MB string two bytes per
    # character for every replace and join below) and in the browser, where an 8-bit string is
    # faster to parse and half the memory. Latin-1 letters (é, ö) are put back as written, so most
    # European names still read as written in the page source. U+2028/U+2029 stay escaped.
    text = json.dumps(obj, separators=(",", ":"), allow_nan=False)
    if "\\u00" in text:
        text = _latin1_as_written(text)
    # One C-speed str.replace per character: on a 60 MB payload a regex calling back into Python for
    # every match costs several times the json.dumps itself (the Latin-1 pass above only runs when
    # there is a Latin-1 letter, and then only calls back for those).
    for char, code in _JSON_ESCAPES.items():
        if char in text:
            text = text.replace(char, code)
    return text


def csp_hash(text: str) -> str:
    """A CSP source expression for an inline <script> or <style> element with this exact content."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def build_csp(scripts: tuple[str, ...], styles: tuple[str, ...]) -> str:
    """The policy: nothing may load or connect; only our own inline scripts and styles run.

    No 'unsafe-inline' is needed for styles: vis-network and our viewer set styles only through the
    CSSOM (`element.style`), which CSP does not restrict, and the page has no `style=` attributes.
    The JSON data block is not executed, so it needs no hash, and the policy stays the same for every
    model (a server can send one header for all pages).
    """
    directives = (
        "default-src 'none'",
        "script-src " + " ".join(csp_hash(s) for s in scripts),
        "style-src " + " ".join(csp_hash(s) for s in styles),
        # vis-network's stylesheet embeds its button images as data: URLs.
        "img-src data: blob:",
        "connect-src 'none'",
        "base-uri 'none'",
        "form-action 'none'",
        "object-src 'none'",
    )
    return "; ".join(directives)


def _read_text(traversable: Any, what: str) -> str:
    text: str = traversable.read_text(encoding="utf-8")
    # Our template puts these verbatim inside <script>/<style>; refuse anything that would end them.
    if re.search(r"</(script|style)|<!--", text, re.IGNORECASE):
        raise ValueError(f"{what} contains '</script', '</style' or '<!--' and cannot be inlined")
    return text


def inline_script(text: str) -> str:
    """A page script as the page inlines it: without its comment lines and leading indentation.

    The scripts are written to be read (a third of their bytes are comments and indentation), but every
    page carries all of them, and the vendor-list page must stay under 2 MB (tests/test_overview.py).
    Only whole comment lines go (`// …`, and `/* … */` blocks that start a line and end one), and the
    white space that starts a line, which JavaScript never reads outside a string spanning lines:
    a script with one (an odd number of backticks, or a backslash ending a line) is refused, and so is
    a block comment opened after code on a line and left open, whose lines could not be told from code.
    """
    kept: list[str] = []
    in_comment = False
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if in_comment:
            in_comment = not stripped.endswith("*/")
            if in_comment and "*/" in stripped:
                raise ValueError(f"line {number}: code after a block comment; put it on its own line")
            continue
        if stripped.startswith("/*"):
            end = stripped.find("*/", 2)
            if end in (-1, len(stripped) - 2):  # the whole line is comment: "/* … */" or "/* …"
                in_comment = end == -1
                continue
        if stripped.startswith("//") or not stripped:
            continue
        if line.count("`") % 2 or line.endswith("\\"):
            raise ValueError(f"line {number}: a string spanning lines; write it on one line")
        opened = line.rfind("/*")
        if opened != -1 and line.find("*/", opened + 2) == -1:
            # Its next lines would be read as code here: a `//` or `/* … */` line among them would go,
            # taking the comment's end with it and commenting out the rest of the script.
            raise ValueError(f"line {number}: a block comment that starts after code; start it on a new line")
        kept.append(line.lstrip())
    return "\n".join(kept) + "\n"


def vis_dir() -> Path:
    """pyvis's bundled vis-network folder, found without importing pyvis: its import pulls in IPython
    and took 0.6 s of every `adflows render`, for a page that needs only two of its files."""
    spec = importlib.util.find_spec("pyvis")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("pyvis is not installed; it provides the vis-network files the page inlines")
    return Path(next(iter(spec.submodule_search_locations))).joinpath(*VIS_DIR)


@cache
def _assets() -> _Assets:
    """Read the bundled files once per process."""
    vis = vis_dir()
    ours = resources.files("flows.output").joinpath("static")
    vis_js = _SOURCE_MAP.sub("", _read_text(vis / "vis-network.min.js", "vis-network.min.js"))
    vis_css = _SOURCE_MAP.sub("", _read_text(vis / "vis-network.css", "vis-network.css"))
    return _Assets(
        scripts=(vis_js, *(inline_script(_read_text(ours / name, name)) for name in PAGE_SCRIPTS)),
        styles=(vis_css, _read_text(ours / "viewer.css", "viewer.css")),
        messages=json_for_script(json.loads((ours / MESSAGES_FILE).read_text(encoding="utf-8"))),
    )


@cache
def _template() -> jinja2.Template:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("flows.output", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    return env.get_template("page.html.j2")


@dataclass(frozen=True)
class _Shell:
    """The page around its two per-model parts (title, view JSON), rendered once per process.

    Everything else in the page (the ~700 KB of inlined vis-network, the styles, the policy with its
    hashes over them) is the same for every model, so hashing and templating it again on each render
    was most of the time for small models.
    """

    csp: str
    head: str  # up to the escaped title
    middle: str  # from after the title up to the view JSON
    view_end: str  # the end of the view's <script> element, after which the translated views follow
    tail: str  # after that


_TITLE_MARK = "\x00adflows-title\x00"
_VIEW_MARK = "\x00adflows-view\x00"


@cache
def _shell() -> _Shell:
    assets = _assets()
    csp = build_csp(assets.scripts, assets.styles)
    html = _template().render(
        csp=csp,
        title=Markup(_TITLE_MARK),
        # Markup: trusted, checked by _read_text / escaped by json_for_script, so inserted verbatim.
        styles=[Markup(s) for s in assets.styles],
        scripts=[Markup(s) for s in assets.scripts],
        view_json=Markup(_VIEW_MARK),
        messages_json=Markup(assets.messages),
    )
    head, rest = html.split(_TITLE_MARK)
    middle, tail = rest.split(_VIEW_MARK)
    if not tail.startswith(_VIEW_END):
        raise ValueError("page.html.j2 must close the view's <script> element right after the JSON")
    return _Shell(csp=csp, head=head, middle=middle, view_end=_VIEW_END, tail=tail[len(_VIEW_END) :])


_VIEW_END = "</script>"


def render_view(view: Mapping[str, Any], translations: Sequence[Mapping[str, Any]] = ()) -> RenderedPage:
    """Render a view (from `flows.view.graph_view.to_view`) to the page; same view, same bytes.

    `translations`: the page views of the model's other languages (`translated_views`), each embedded in its
    own data block after the view (docs/web.md, "Languages"); none for a model without translations.
    """
    return _page(
        str(view["model"]["title"]), json_for_script(pack_view(view)), translated_blocks(translations)
    )


def translated_blocks(views: Sequence[Mapping[str, Any]]) -> str:
    """One `<script type="application/json" id="adflows-view-xx" data-lang="xx">` block per view.

    The code is a checked language code (letters, digits and '-'); it is escaped all the same, and the
    JSON is escaped as the main block's is, so no model text can end the element.
    """
    blocks = []
    for view in views:
        code = str(escape(view["language"]["code"]))
        data = json_for_script(pack_view(view))
        # Each on a line of its own, as the template writes its elements (so "</script><" never occurs).
        tag = f'<script type="application/json" id="adflows-view-{code}" data-lang="{code}">'
        blocks.append(f"\n{tag}{data}</script>")
    return "".join(blocks)


def translated_views(model: Model, lang: str | None = None) -> list[GraphView]:
    """The page views of the model's languages other than the page's default (`lang`, else the original),
    in the order `page_languages` gives: what `render_view` embeds after the main view. Empty for a model
    without translations. Raises `flows.input.translations.UnknownLanguageError` for an unknown `lang`."""
    return [page_view_in(model, code) for code in page_languages(model, lang)[1:]]


def _page(title: str, view_json: str, more: str = "") -> RenderedPage:
    shell = _shell()
    html = "".join(
        (shell.head, str(escape(title)), shell.middle, view_json, shell.view_end, more, shell.tail)
    )
    return RenderedPage(html=html, csp=shell.csp)


# Below this many nodes and flows the analysis takes a few tenths of a second at most: not worth a fork.
BESIDE_MIN_ELEMENTS = 5_000


def render_html(
    model: Model, *, extra: dict[str, Any] | None = None, analysis: bool = True, lang: str | None = None
) -> str:
    """The whole page for a model, with its analysis panels (`flows.view.page_view.page_view`) unless
    `analysis=False`; keys of `extra` are added to the view last, replacing any of the same name.

    With analysis, the page holds a view per language of the model (`page_views`): `lang` (default the
    model's own) in the main block, the others after it. Without analysis, only `to_view` in the original.
    """
    if not analysis:
        return render_view({**to_view(model), **(extra or {})}).html
    code = lang or model.language
    others = translated_views(model, code)
    if not extra and len(model.nodes) + len(model.flows) >= BESIDE_MIN_ELEMENTS:
        return _render_beside(model, code, others)
    view: Mapping[str, Any] = page_view_in(model, code)
    if extra:
        view = {**view, **extra}
    return render_view(view, others).html


def _render_beside(model: Model, code: str, others: Sequence[Mapping[str, Any]]) -> str:
    """`render_view(page_view_in(model, code), others).html`, with the analysis on a second core.

    The analysis sections come last in the view and share no key with the drawing view, so the two
    JSON objects are joined as text, then the language key, and the bytes are those of the serial path
    (tests compare them).
    """
    shown, fallback = translated(model, code)
    graph = build_graph(shown)  # once, before the fork: both sides read it

    def sections() -> str:
        with language(code):  # worded as page_view_in words them
            return json_for_script(analysis_sections(shown, analyse(shown, graph=graph)))

    def drawing() -> str:
        with language(code):  # the view's own labels (legend, kinds, evidence) are worded too
            return json_for_script(pack_view(to_view(shown, graph=graph)))

    sections_json, drawing_json = beside(sections, drawing)
    language_json = json_for_script({"language": language_view(shown, fallback)})
    view_json = _joined_objects(_joined_objects(drawing_json, sections_json), language_json)
    return _page(shown.title, view_json, translated_blocks(others)).html


def _joined_objects(first: str, second: str) -> str:
    """The JSON of `{**a, **b}` from those of two non-empty objects `a` and `b` with distinct keys."""
    if first[-1:] != "}" or second[:1] != "{" or "{}" in (first, second):
        raise ValueError("both texts must be non-empty JSON objects")
    return f"{first[:-1]},{second[1:]}"
