"""Translations as a user meets them: a model with `translations:` loads, `translated` swaps its texts,
`adflows check --strict` lists what is missing, `adflows render --lang` and the web app embed one view
per language, and a model without translations renders as before apart from the view's `language`."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

from flows.cli import app
from flows.input.load import load_model
from flows.input.model import Model
from flows.input.translations import (
    RTL_LANGUAGES,
    UnknownLanguageError,
    available_languages,
    missing_translations,
    translated,
)
from flows.output.page import render_html, render_view
from flows.view.page_view import page_view, page_view_in
from tests.fuzz.checks import FILENAME, check_page
from tests.hostile import PAYLOADS, hostile_model_text
from tests.web_client import local_client
from web.app import create_app

ROOT = Path(__file__).parent.parent
SMALL = ROOT / "tests" / "fixtures" / "translations" / "small-translated.yaml"
TINY = ROOT / "tests" / "fixtures" / "tiny-store.yaml"
BLOCK = re.compile(
    r'<script type="application/json" id="adflows-view(?:-([^"]+)" data-lang="([^"]+))?">(.*?)</script>', re.S
)
runner = CliRunner()


@pytest.fixture(scope="module")
def small() -> Model:
    return load_model(SMALL)


def blocks(html: str) -> list[tuple[str, dict[str, object]]]:
    """Each view block of a page: ('', view) for the main one, ('de', view) for `adflows-view-de`."""
    found = []
    for code, lang, text in BLOCK.findall(html):
        assert code == lang  # id and data-lang name the same language
        found.append((code, json.loads(text)))
    return found


def node_label(view: dict[str, object], node_id: str) -> str:
    nodes = view["nodes"]
    assert isinstance(nodes, list)
    return next(str(n["label"]) for n in nodes if n["id"] == node_id)


# ---- loading and the translated model --------------------------------------------------------------


def test_the_fixture_declares_its_languages_in_order(small: Model) -> None:
    assert small.language == "en"
    assert available_languages(small) == ["en", "de", "ar"]
    assert small.translations[0].by_key[("nodes", "phone", "name")] == "Telefon"
    assert small.translations[1].by_key[("story", 2, "title")] == "جمهور"


def test_language_defaults_to_english_and_plain_models_have_no_translations() -> None:
    tiny = load_model(TINY)
    assert (tiny.language, tiny.translations, tiny.text_spans) == ("en", (), ())


def test_translated_replaces_texts_and_keeps_ids_and_structure(small: Model) -> None:
    german, fallback = translated(small, "de")
    assert fallback == ()
    assert german.title == "Treue-App einer Bäckerei (Testmodell)"
    assert [n.id for n in german.nodes] == [n.id for n in small.nodes]
    assert german.nodes_by_id["loyalty-app"].name == "Treue-App"
    assert german.nodes_by_id["loyalty-app"].party == "bakery"
    assert german.flows_by_id["report"].retention == "zwei Jahre"
    assert german.data_by_id["ad-id"].short == "Werbe-ID"
    assert german.parties_by_id["customer"].assumption == "die Person, die Brot kauft"
    assert german.sources[0].note == "Für die Tests ausgedacht; ohne URL."
    assert german.sources[0].title == "Invented for tests"  # a source's title stays as published
    assert [s.title for s in german.story] == ["Ein Stempel", "Die Meldung", "Eine Zielgruppe"]
    assert german.shown_language == "de" and german.language == "en"
    assert small.nodes_by_id["loyalty-app"].name == "Loyalty app"  # the original is untouched


def test_what_a_translation_leaves_out_falls_back_and_is_listed_once(small: Model) -> None:
    arabic, fallback = translated(small, "ar")
    assert arabic.nodes_by_id["loyalty-app"].name == "تطبيق الولاء"
    assert arabic.nodes_by_id["loyalty-app"].description == "Collects a stamp for every tenth loaf."
    assert arabic.flows_by_id["report"].retention == "two years"
    assert fallback == ("Collects a stamp for every tenth loaf.", "two years")


def test_the_original_language_gives_the_model_itself(small: Model) -> None:
    assert translated(small, "en") == (small, ())
    with pytest.raises(UnknownLanguageError, match="it has: en, de, ar"):
        translated(small, "fr")


def test_only_the_original_is_translated(small: Model) -> None:
    german, _ = translated(small, "de")
    with pytest.raises(ValueError, match="not a translated copy"):
        translated(german, "ar")


def test_rtl_languages_are_the_spec_list() -> None:
    assert {"ar", "fa", "he", "ur", "ps", "ckb", "dv", "yi"} == RTL_LANGUAGES


def test_missing_translations_are_located_at_the_original_text(small: Model) -> None:
    problems, more = missing_translations(small)
    assert more == 0
    text = SMALL.read_text(encoding="utf-8").splitlines()
    assert [p.message for p in problems] == [
        "node 'loyalty-app': description has no 'ar' translation",
        "flow 'report': retention has no 'ar' translation",
    ]
    description, retention = problems
    assert text[description.line - 1][description.col - 1 :].startswith("Collects a stamp")
    assert text[retention.line - 1][retention.col - 1 :].startswith("two years")


def test_missing_translations_are_capped(small: Model) -> None:
    many = replace(small, translations=small.translations * 150)  # 300 languages, all missing two texts
    problems, more = missing_translations(many)
    assert len(problems) == 200 and more == 100


# ---- the CLI ---------------------------------------------------------------------------------------


def test_check_strict_reports_missing_translations_and_fails() -> None:
    result = runner.invoke(app, ["check", str(SMALL), "--strict"])
    assert result.exit_code == 1
    lines = [line for line in result.stderr.splitlines() if ": error: " in line]
    assert lines == [
        f"{SMALL}:26:18: error: node 'loyalty-app': description has no 'ar' translation "
        "(add it under translations: ar)",
        f"{SMALL}:45:16: error: flow 'report': retention has no 'ar' translation "
        "(add it under translations: ar)",
    ]
    assert "2 missing translation(s) found by --strict." in result.stderr


def test_check_without_strict_says_nothing_about_translations() -> None:
    result = runner.invoke(app, ["check", str(SMALL)])
    assert result.exit_code == 0
    assert "translation" not in result.stderr


def test_check_strict_json_lists_missing_translations() -> None:
    result = runner.invoke(app, ["check", str(SMALL), "--strict", "-f", "json"])
    assert result.exit_code == 1
    missing = json.loads(result.stdout)["missing_translations"]
    assert [(m["line"], m["col"], m["path"]) for m in missing] == [
        (26, 18, ["nodes", 1, "description"]),
        (45, 16, ["flows", 1, "retention"]),
    ]


def test_a_complete_translation_passes_strict(tmp_path: Path) -> None:
    text = SMALL.read_text(encoding="utf-8")
    text = text.replace(
        "      loyalty-app: {name: تطبيق الولاء}",
        "      loyalty-app: {name: تطبيق الولاء, description: يجمع ختمًا لكل رغيف عاشر.}",
    )
    text = text.replace(
        "      report: {purpose: قياس الإعلانات التي تجلب الناس إلى المتجر.}",
        "      report: {purpose: قياس الإعلانات التي تجلب الناس إلى المتجر., retention: سنتان}",
    )
    path = tmp_path / "complete.yaml"
    path.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["check", str(path), "--strict"])
    assert result.exit_code == 0, result.stderr
    assert "translation" not in result.stderr


def test_render_embeds_every_language_after_the_original(tmp_path: Path) -> None:
    out = tmp_path / "page.html"
    result = runner.invoke(app, ["render", str(SMALL), "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    found = blocks(out.read_text(encoding="utf-8"))
    assert [code for code, _ in found] == ["", "de", "ar"]
    main, german, arabic = (view for _, view in found)
    assert main["language"] == {
        "code": "en",
        "original": "en",
        "available": ["en", "de", "ar"],
        "rtl": False,
        "fallback": [],
    }
    assert node_label(main, "loyalty-app") == "Loyalty app"
    assert german["language"] == {
        "code": "de",
        "original": "en",
        "available": ["en", "de", "ar"],
        "rtl": False,
        "fallback": [],
    }
    assert node_label(german, "loyalty-app") == "Treue-App"
    assert arabic["language"] == {
        "code": "ar",
        "original": "en",
        "available": ["en", "de", "ar"],
        "rtl": True,
        "fallback": ["Collects a stamp for every tenth loaf.", "two years"],
    }
    assert node_label(arabic, "ad-server") == "خادم الإعلانات"


def test_render_lang_makes_that_language_the_default_view(tmp_path: Path) -> None:
    out = tmp_path / "page.html"
    result = runner.invoke(app, ["render", str(SMALL), "--lang", "de", "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    html = out.read_text(encoding="utf-8")
    found = blocks(html)
    assert [code for code, _ in found] == ["", "en", "ar"]
    main = found[0][1]
    assert main["language"]["code"] == "de"  # type: ignore[index]
    assert main["model"]["title"] == "Treue-App einer Bäckerei (Testmodell)"  # type: ignore[index]
    assert node_label(main, "bread-lovers") == "Brotliebhaber"
    assert "<title>Treue-App einer Bäckerei (Testmodell)" in html
    # labels, journeys and findings are computed on the translated text
    edges = main["edges"]
    assert isinstance(edges, list)
    assert any("Werbe-ID" in str(e["label"]) for e in edges)


def test_render_with_an_unknown_language_is_a_located_error() -> None:
    result = runner.invoke(app, ["render", str(SMALL), "--lang", "fr", "-o", "-"])
    assert result.exit_code == 1
    assert result.stdout == ""
    first = result.stderr.splitlines()[0]
    assert re.match(rf"{re.escape(str(SMALL))}:\d+:\d+: error: the model has no translation into 'fr'", first)
    assert "its languages: en, de, ar" in first


def test_render_lang_on_a_model_without_translations() -> None:
    ok = runner.invoke(app, ["render", str(TINY), "--lang", "en", "-o", "-"])
    assert ok.exit_code == 0 and len(blocks(ok.stdout)) == 1
    bad = runner.invoke(app, ["render", str(TINY), "--lang", "de", "-o", "-"])
    assert bad.exit_code == 1
    assert bad.stderr.startswith(
        f"{TINY}:1:1: error: the model has no translation into 'de'; its languages: en"
    )


# ---- pages -----------------------------------------------------------------------------------------


def test_a_model_without_translations_renders_as_before_apart_from_the_language_key() -> None:
    tiny = load_model(TINY)
    html = render_html(tiny)
    [(code, view)] = blocks(html)
    assert code == "" and view["language"] == {
        "code": "en",
        "original": "en",
        "available": ["en"],
        "rtl": False,
        "fallback": [],
    }
    without = {k: v for k, v in page_view(tiny).items() if k != "language"}
    language = ',"language":{"code":"en","original":"en","available":["en"],"rtl":false,"fallback":[]}'
    assert html.count(language) == 1
    assert html.replace(language, "") == render_view(without).html


def test_translated_text_is_escaped_in_its_block(tmp_path: Path) -> None:
    text = SMALL.read_text(encoding="utf-8").replace(
        "phone: {name: Telefon}", 'phone: {name: "</script><img src=x onerror=alert(1)>\\u2028!"}'
    )
    html = render_html(load_model(text))
    assert "<img src=x" not in html
    german = dict(blocks(html))["de"]
    assert node_label(german, "phone") == "</script><img src=x onerror=alert(1)>\u2028!"


def test_a_hostile_translated_model_renders_inert_pages_in_every_language() -> None:
    """Every free text of the fixture, translations included, a script payload: each block stays inert
    and holds exactly its language's view (the fuzz tests' own page check)."""
    hostile = load_model(hostile_model_text(SMALL.read_text(encoding="utf-8")), filename=FILENAME)
    assert [t.language for t in hostile.translations] == ["de", "ar"]
    assert any(p in hostile.translations[1].by_key[("nodes", "phone", "name")] for p in PAYLOADS)
    check_page(hostile)


def test_pages_rendered_beside_are_the_serial_pages_for_a_translated_model() -> None:
    """The second-core path (forced on for a small model) gives the serial page, compared by hash."""
    script = f"""
import hashlib
import flows.speed.second_core as sc
sc._usable_cores = lambda: 2
from flows.input.load import load_model
from flows.output import page as r
from flows.view.page_view import page_view_in
model = load_model({str(SMALL)!r})
r.BESIDE_MIN_ELEMENTS = 0
for lang in (None, "ar"):
    forked = r.render_html(model, lang=lang)
    default = lang or "en"
    others = [page_view_in(model, c) for c in ("en", "de", "ar") if c != default]
    serial = r.render_view(page_view_in(model, default), others).html
    print(hashlib.sha256(forked.encode()).hexdigest() == hashlib.sha256(serial.encode()).hexdigest())
"""
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, timeout=300, check=False
    )
    assert done.stdout.split() == ["True", "True"], done.stderr


@pytest.fixture
def models_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "models"
    folder.mkdir()
    shutil.copy(SMALL, folder / "small-translated.yaml")
    shutil.copy(TINY, folder / "tiny-store.yaml")
    return folder


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def test_the_web_page_of_a_translated_model_carries_every_language(models_dir: Path) -> None:
    client = local_client(create_app(models_dir))
    response = client.get("/models/small-translated")
    assert response.status_code == 200
    found = blocks(response.text)
    assert [code for code, _ in found] == ["", "de", "ar"]
    assert node_label(found[2][1], "phone") == "الهاتف"
    # byte for byte the file `adflows render` writes
    named = load_model(models_dir / "small-translated.yaml", filename="small-translated.yaml")
    assert _digest(response.text) == _digest(render_html(named))
    plain = client.get("/models/tiny-store")
    assert len(blocks(plain.text)) == 1


def test_the_story_link_page_carries_every_language(models_dir: Path) -> None:
    client = local_client(create_app(models_dir))
    body = {"yaml": SMALL.read_text(encoding="utf-8")}
    response = client.post("/story", data=body, headers={"Origin": "http://127.0.0.1:8000"})
    assert response.status_code == 200, response.text[:500]
    assert [code for code, _ in blocks(response.text)] == ["", "de", "ar"]


def test_the_static_site_pages_carry_every_language(models_dir: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    result = runner.invoke(app, ["build", str(site), "--models", str(models_dir)])
    assert result.exit_code == 0, result.stderr
    pages = {p.name: p.read_text(encoding="utf-8") for p in site.rglob("small-translated*.html")}
    [html] = pages.values()
    assert [code for code, _ in blocks(html)] == ["", "de", "ar"]
    named = load_model(models_dir / "small-translated.yaml", filename="small-translated.yaml")
    assert _digest(html) == _digest(render_html(named))


def test_page_view_in_each_language_is_what_the_page_embeds(small: Model) -> None:
    html = render_html(small)
    for code, view in blocks(html)[1:]:
        assert view == json.loads(json.dumps(page_view_in(small, code)))
