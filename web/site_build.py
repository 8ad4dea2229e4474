"""`adflows build SITE_DIR`: the gallery as static files any web host can serve, from a subfolder or a CDN.

Beside the web app, from the same pieces: the catalogue, `web.service.Prepared` (so a page is byte for
byte the file `adflows render` writes and its JSON twin is what `/api/models/{id}/view` answers), and
the gallery card. Every link is relative, so the site works wherever it is copied. Files are written
only when their bytes change, so rebuilding with unchanged models changes no file (not even its time),
and a site folder can be committed or synced without noise. The editor needs the server; the site only
points to `adflows serve` with a note.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2

from flows.input.catalog import Entry, load_catalog
from flows.output.export import export
from flows.output.report import render_json
from web.service import Prepared, card

MARKER = ".adflows-site"
MARKER_TEXT = "A static site written by `adflows build`; the build replaces what it wrote here.\n"
MODEL_SUFFIXES = (".html", ".json", ".findings.json", ".yaml", ".svg")
ASSETS = ("site.css", "static-site.css", "favicon.svg", "site-search.js")
EDITOR_URL = "http://127.0.0.1:8000/editor"
# The gallery's own policy, as a meta tag (a static host sends no headers of ours): our files only.
INDEX_CSP = "; ".join(
    (
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "base-uri 'none'",
        "form-action 'none'",
        "object-src 'none'",
    )
)


class SiteError(Exception):
    """The site folder cannot be used (it holds other files, or cannot be written)."""


@dataclass
class BuildReport:
    """What a build did, for the CLI's one-line summary and for tests."""

    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    pages: int = 0
    broken: int = 0


def _templates() -> jinja2.Environment:
    # Autoescaping on for every template, whatever its name (select_autoescape would skip *.html.j2).
    loader = jinja2.PackageLoader("web", "templates/site")
    return jinja2.Environment(loader=loader, autoescape=True, undefined=jinja2.StrictUndefined)


def _json(data: Any) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=1, sort_keys=False) + "\n").encode("utf-8")


def _site_card(entry: Entry, prepared: Prepared | None) -> dict[str, Any]:
    """The live gallery's card, with links that work on a static host and problems named by file name."""
    data = card(entry, prepared)
    if prepared is None:
        data["messages"] = [
            p.format().replace(p.file, entry.path.name, 1) if p.file else p.format() for p in entry.problems
        ]
        data.pop("errors", None)
        return data
    base = f"models/{entry.id}"
    data["links"] = {
        "page": f"{base}.html",
        "view": f"{base}.json",
        "findings": f"{base}.findings.json",
        "source": f"{base}.yaml",
        "picture": f"{base}.svg",
        "editor": f"{EDITOR_URL}?model={entry.id}",
    }
    data.pop("digest", None)
    return data


def _search_entry(entry: Entry, prepared: Prepared) -> dict[str, Any]:
    model = prepared.model
    names = sorted(
        {*(p.name for p in model.parties), *(n.name for n in model.nodes), *(d.name for d in model.data)}
    )
    return {
        "id": entry.id,
        "title": model.title,
        "summary": model.summary,
        "url": f"models/{entry.id}.html",
        "names": names,
    }


class _Writer:
    """Writes files under the site folder only when their bytes differ; remembers what it wrote."""

    def __init__(self, root: Path, report: BuildReport) -> None:
        self.root = root
        self.report = report
        self.kept: set[str] = set()

    def put(self, relative: str, data: bytes) -> None:
        self.kept.add(relative)
        path = self.root / relative
        try:
            if path.is_file() and not path.is_symlink() and path.read_bytes() == data:
                self.report.unchanged.append(relative)
                return
            path.parent.mkdir(parents=True, exist_ok=True)
            if path.is_symlink():
                path.unlink()
            path.write_bytes(data)
        except OSError as exc:
            raise SiteError(f"cannot write {path}: {exc.strerror or exc}") from None
        self.report.written.append(relative)


def _prepare_folder(site_dir: Path) -> bool:
    """Create the folder, or check it is ours; True when an earlier build's leftovers may be removed."""
    if site_dir.exists() and not site_dir.is_dir():
        raise SiteError(f"{site_dir} exists and is not a folder")
    if (site_dir / MARKER).is_file():
        return True
    if site_dir.is_dir() and any(site_dir.iterdir()):
        raise SiteError(
            f"{site_dir} is not empty and was not written by `adflows build`; choose an empty folder"
        )
    try:
        site_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise SiteError(f"cannot create {site_dir}: {exc.strerror or exc}") from None
    return False


def _remove_stale(site_dir: Path, writer: _Writer, report: BuildReport) -> None:
    """Model files of an earlier build whose model is gone; nothing else is ever deleted."""
    models = site_dir / "models"
    if not models.is_dir():
        return
    for path in sorted(models.iterdir()):
        relative = f"models/{path.name}"
        if path.is_file() and path.name.endswith(MODEL_SUFFIXES) and relative not in writer.kept:
            path.unlink()
            report.removed.append(relative)


def _write_model(writer: _Writer, entry: Entry, prepared: Prepared) -> None:
    base = f"models/{entry.id}"
    writer.put(f"{base}.html", prepared.page.html.encode("utf-8"))
    writer.put(f"{base}.json", _json(prepared.view))
    writer.put(
        f"{base}.findings.json", render_json(prepared.model, prepared.analysis.findings).encode("utf-8")
    )
    writer.put(f"{base}.yaml", entry.path.read_bytes())
    # The journey as a static picture (the same as `adflows export --format svg`), for handouts and slides.
    picture = export(prepared.model, "svg")
    writer.put(f"{base}.svg", picture.encode("utf-8") if isinstance(picture, str) else picture)


def build_site(models_dir: Path, site_dir: Path) -> BuildReport:
    """Write the static site for every model in `models_dir` into `site_dir`; raises `SiteError`."""
    if not models_dir.is_dir():
        raise SiteError(f"models folder {models_dir} does not exist")
    ours = _prepare_folder(site_dir)
    report = BuildReport()
    writer = _Writer(site_dir, report)
    entries = load_catalog(models_dir)
    cards, search = [], []
    for entry in entries.values():
        prepared = Prepared(entry.model) if entry.model is not None else None
        cards.append(_site_card(entry, prepared))
        if prepared is None:
            report.broken += 1
            continue
        _write_model(writer, entry, prepared)
        search.append(_search_entry(entry, prepared))
        report.pages += 1
    env = _templates()
    context = {"cards": cards, "csp": INDEX_CSP, "editor_url": EDITOR_URL}
    writer.put("index.html", env.get_template("index.html.j2").render(context).encode("utf-8"))
    writer.put("404.html", env.get_template("404.html.j2").render(csp=INDEX_CSP).encode("utf-8"))
    writer.put("models.json", _json(cards))
    writer.put("search-index.json", _json(search))
    static = resources.files("web").joinpath("static")
    for name in ASSETS:
        writer.put(f"static/{name}", static.joinpath(name).read_bytes())
    writer.put(MARKER, MARKER_TEXT.encode("utf-8"))
    if ours:
        _remove_stale(site_dir, writer, report)
    return report
