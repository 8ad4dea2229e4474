"""`adflows build SITE_DIR`: the gallery as static files with relative links, stable across rebuilds."""

from __future__ import annotations

import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from flows.cli import app
from tests.hostile import hostile_model_text
from web.app import create_app

ROOT = Path(__file__).resolve().parent.parent
MODELS = ROOT / "models"
TINY = ROOT / "tests" / "fixtures" / "tiny-store.yaml"
runner = CliRunner()


def build(site: Path, models: Path = MODELS) -> tuple[int, str]:
    result = runner.invoke(app, ["build", str(site), "--models", str(models)])
    return result.exit_code, result.stderr


def snapshot(site: Path) -> dict[str, tuple[bytes, int]]:
    return {
        p.relative_to(site).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in site.rglob("*")
        if p.is_file()
    }


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.urls += [value for name, value in attrs if name in ("href", "src") and value]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("site") / "public"
    code, err = build(path)
    assert code == 0, err
    return path


def test_every_model_gets_a_page_a_json_twin_findings_and_its_yaml(site: Path) -> None:
    ids = sorted(p.stem for p in MODELS.glob("*.yaml"))
    for model_id in ids:
        for suffix in (".html", ".json", ".findings.json", ".yaml", ".svg"):
            assert (site / "models" / f"{model_id}{suffix}").is_file(), (model_id, suffix)
    for name in (
        "index.html",
        "404.html",
        "models.json",
        "search-index.json",
        "static/site.css",
        "static/site-search.js",
    ):
        assert (site / name).is_file(), name
    assert [entry["id"] for entry in json.loads((site / "search-index.json").read_text())] == ids


def test_pages_and_twins_are_what_the_server_and_the_cli_give(site: Path, tmp_path: Path) -> None:
    model = MODELS / "cosmose-omnicookie.yaml"
    client = TestClient(create_app(MODELS), base_url="http://127.0.0.1")
    assert (site / "models" / "cosmose-omnicookie.html").read_bytes() == client.get(
        "/models/cosmose-omnicookie"
    ).content
    twin = json.loads((site / "models" / "cosmose-omnicookie.json").read_text(encoding="utf-8"))
    assert twin == client.get("/api/models/cosmose-omnicookie/view").json()
    picture = tmp_path / "picture.svg"
    assert runner.invoke(app, ["export", str(model), "--format", "svg", "-o", str(picture)]).exit_code == 0
    assert (site / "models" / "cosmose-omnicookie.svg").read_bytes() == picture.read_bytes()
    findings = json.loads((site / "models" / "cosmose-omnicookie.findings.json").read_text(encoding="utf-8"))
    assert findings == client.get("/api/models/cosmose-omnicookie/findings").json()


def test_every_link_is_relative_and_leads_to_a_file_of_the_site(site: Path) -> None:
    for page in ("index.html", "404.html"):
        parser = Links()
        parser.feed((site / page).read_text(encoding="utf-8"))
        assert parser.urls
        for url in parser.urls:
            parts = urlsplit(url)
            if parts.scheme == "data":  # the 404 page's empty icon
                continue
            if parts.scheme:  # the one absolute link: the editor of a local `adflows serve`, with a note
                assert parts.scheme == "http" and parts.hostname == "127.0.0.1", url
                continue
            assert not url.startswith("/"), url
            assert not parts.path or (site / parts.path).is_file(), url


def test_the_gallery_and_the_404_page_declare_their_icon(site: Path) -> None:
    # Otherwise the browser asks the host for /favicon.ico: a site in a subfolder cannot answer it, and
    # the 404 is a console error (seen on 404.html in bench/import_build.py). The story pages need no
    # icon: their policy (img-src data: blob:) forbids the browser that request.
    for page in (site / "index.html", site / "404.html"):
        assert re.search(r'<link rel="icon" href="[^"]+"', page.read_text(encoding="utf-8")), page.name


def test_a_rebuild_with_unchanged_models_changes_no_file(site: Path) -> None:
    before = snapshot(site)
    code, err = build(site)
    assert code == 0 and "0 files written" in err
    assert snapshot(site) == before


def test_a_changed_model_rewrites_its_files_and_a_removed_one_is_cleaned_up(tmp_path: Path) -> None:
    models = tmp_path / "models"
    models.mkdir()
    shutil.copy(TINY, models / "tiny-store.yaml")
    shutil.copy(MODELS / "wifi-hashed-mac.yaml", models / "wifi-hashed-mac.yaml")
    site = tmp_path / "site"
    assert build(site, models)[0] == 0
    (site / "models" / "notes.txt").write_text("mine", encoding="utf-8")
    (models / "wifi-hashed-mac.yaml").unlink()
    text = TINY.read_text(encoding="utf-8").replace("Tiny store (test fixture)", "Tiny store, renamed")
    (models / "tiny-store.yaml").write_text(text, encoding="utf-8")
    code, err = build(site, models)
    assert code == 0 and "removed" in err
    assert not list((site / "models").glob("wifi-hashed-mac*"))
    assert (site / "models" / "notes.txt").read_text(encoding="utf-8") == "mine"  # not ours: kept
    assert "Tiny store, renamed" in (site / "index.html").read_text(encoding="utf-8")


def test_a_folder_with_other_files_is_refused(tmp_path: Path) -> None:
    site = tmp_path / "home"
    site.mkdir()
    (site / "thesis.tex").write_text("keep me", encoding="utf-8")
    code, err = build(site)
    assert code == 1 and "not empty and was not written by `adflows build`" in err
    assert [p.name for p in site.iterdir()] == ["thesis.tex"]
    code, err = build(tmp_path / "out", tmp_path / "no-models")
    assert code == 2 and "does not exist" in err


def test_hostile_text_is_escaped_in_the_gallery_and_broken_models_show_no_server_path(tmp_path: Path) -> None:
    models = tmp_path / "models"
    models.mkdir()
    (models / "hostile.yaml").write_text(
        hostile_model_text(TINY.read_text(encoding="utf-8")), encoding="utf-8"
    )
    (models / "broken.yaml").write_text(
        "format: adflows/1\nid: broken\ntitle: <meta http-equiv=refresh content='0;url=http://evil.example/'>\n",
        encoding="utf-8",
    )
    site = tmp_path / "site"
    assert build(site, models)[0] == 0
    index = (site / "index.html").read_text(encoding="utf-8")
    body = index.split("</head>", 1)[1].replace('<script src="static/site-search.js"></script>', "")
    assert not re.search(r"<(script|img|meta|iframe|svg)[\s>]", body)
    assert str(tmp_path) not in index and "broken.yaml:" in index
    assert json.loads((site / "search-index.json").read_text(encoding="utf-8"))[0]["id"] == "hostile"
