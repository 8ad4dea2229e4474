"""The web app's own pages in the reader's language, over HTTP: `?lang=` first, then Accept-Language
(q-values honoured), then English; `<html lang>`, the language switch, the editor's words, the error
and import pages; escaping kept on every template."""

from __future__ import annotations

import html
import json
import re
import shutil
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.web_client import local_client
from web.app import create_app
from web.errors import TEMPLATES
from web.i18n import accepted_languages, negotiate
from web.script_words import EDITOR_WORDS, STORY_WORDS

ROOT = Path(__file__).parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "tiny-store.yaml"
GERMAN = {"Accept-Language": "de-DE,de;q=0.9"}


@pytest.fixture
def client(tmp_path: Path) -> TestClient:
    shutil.copy(FIXTURE, tmp_path / "tiny-store.yaml")
    (tmp_path / "broken.yaml").write_text("format: adflows/1\nid: broken\ntitle: [unclosed\n")
    return local_client(create_app(tmp_path))


def html_lang(text: str) -> str:
    found = re.search(r'<html lang="([^"]*)">', text)
    assert found, text[:200]
    return found.group(1)


def test_gallery_follows_accept_language(client: TestClient) -> None:
    response = client.get("/", headers=GERMAN)
    assert response.status_code == 200
    text = response.text
    assert html_lang(text) == "de"
    assert "<h1>Szenarien</h1>" in text and "Zum Inhalt springen" in text
    assert "Offene Befunde nach Schweregrad:" in text and "Geschichte öffnen" in text
    assert "Dieses Modell hat Probleme und kann nicht angezeigt werden:" in text
    assert re.search(r"\d+ Datenflüsse", text) and re.search(r"\d+ Akteure", text)
    assert "Tiny store (test fixture)" in text  # the model's own text is not ours to translate
    assert "<h1>Scenarios</h1>" not in text
    # Chosen by the header: the site's own links need no ?lang=.
    assert 'href="/editor"' in text


def test_lang_query_wins_over_the_header_and_is_carried_on(client: TestClient) -> None:
    text = client.get("/?lang=fr", headers=GERMAN).text
    assert html_lang(text) == "fr"
    assert "<h1>Scénarios</h1>" in text and "Aller au contenu" in text
    assert 'href="/editor?lang=fr"' in text
    assert 'href="/models/tiny-store?lang=fr#present&amp;lang=fr"' in text  # the page reads #lang=
    assert 'href="/editor?model=tiny-store&amp;lang=fr"' in text
    # French is started, not complete: a message it lacks is shown in English.
    assert "Everything on this site is served by adflows itself" in text


def test_q_values_choose_the_language() -> None:
    assert accepted_languages("fr;q=0.5, de;q=0.9, en;q=0.1") == ["de", "fr", "en"]
    assert accepted_languages("de;q=0, fr") == ["fr"]
    assert accepted_languages("*;q=0.5, <script>, de;q=abc, fr-CA;q=0.7") == ["fr-CA"]
    assert negotiate("fr;q=0.5, de;q=0.9") == "de"
    assert negotiate("es, de-AT;q=0.8") == "de"
    assert negotiate("fr-CA") == "fr"
    assert negotiate("es, it") is None
    assert negotiate("de," * 10_000) == "de"  # bounded: the header is cut, not parsed whole


def test_unknown_or_missing_language_is_english(client: TestClient) -> None:
    for headers, path in (({}, "/"), ({"Accept-Language": "es-ES,es;q=0.9"}, "/"), (GERMAN, "/?lang=xx")):
        text = client.get(path, headers=headers).text
        expected = "de" if path == "/?lang=xx" else "en"  # an unknown ?lang= falls back to the header
        assert html_lang(text) == expected, (headers, path)
    assert "<h1>Scenarios</h1>" in client.get("/").text


def test_language_switch_lists_each_language_in_its_own_name(client: TestClient) -> None:
    text = client.get("/?lang=de").text
    switch = re.search(r'<nav class="languages" aria-label="Sprache">(.*?)</nav>', text, re.S)
    assert switch, "no language switch"
    links = re.findall(
        r'<a href="([^"]*)" hreflang="(\w+)" lang="(\w+)"( aria-current="true")?>([^<]*)</a>', switch[1]
    )
    assert [(href, code, name, bool(current)) for href, code, _, current, name in links] == [
        ("/?lang=en", "en", "English", False),
        ("/?lang=de", "de", "Deutsch", True),
        ("/?lang=fr", "fr", "Français", False),
    ]


def test_switch_links_keep_other_parameters_escaped(client: TestClient) -> None:
    text = client.get('/editor?model=tiny-store&lang=de&x="><b>hi</b>').text
    assert html_lang(text) == "de"
    assert "<b>hi</b>" not in text
    assert 'href="/editor?model=tiny-store&amp;x=%22%3E%3Cb%3Ehi%3C%2Fb%3E&amp;lang=fr"' in text


def test_switch_links_on_a_page_for_a_double_slash_path_stay_on_this_site(client: TestClient) -> None:
    """A link to `//evil.example/x` gets our 404 page; its language links must not lead to that host."""
    for path in ("//evil.example/x", "///evil.example", "/%2F%2Fevil.example"):
        response = client.get(str(client.base_url).rstrip("/") + path)  # the path as sent, not a host
        assert response.status_code == 404
        hrefs = re.findall(r'<a href="([^"]*)" hreflang=', response.text)
        assert len(hrefs) == 3, (path, hrefs)
        for href in hrefs:
            assert href.startswith("/") and not href.startswith(("//", "/\\")), (path, href)


def test_editor_frame_and_its_script_words_in_german(client: TestClient) -> None:
    text = client.get("/editor?model=tiny-store", headers=GERMAN).text
    assert html_lang(text) == "de"
    assert "<h1>Modell-Editor</h1>" in text and ">Probleme <span" in text and "Link teilen" in text
    words = json.loads(html.unescape(re.search(r"data-words='([^']*)'", text)[1]))  # type: ignore[index]
    assert words["Line {line}, column {col}"] == "Zeile {line}, Spalte {col}"
    assert words["{count} problems"] == "{count} Probleme"
    assert set(words) <= set(EDITOR_WORDS)
    english = client.get("/editor").text
    assert "data-words='{}'" in english and "<h1>Model editor</h1>" in english


def script_messages(name: str) -> set[str]:
    script = (ROOT / "web" / "static" / name).read_text(encoding="utf-8")
    used = set(re.findall(r"\bt\('((?:[^'\\]|\\.)*)'", script))
    return used | {m for pair in re.findall(r"plural\([^,]+, '([^']*)', '([^']*)'\)", script) for m in pair}


def test_every_script_message_is_in_its_words_table() -> None:
    """A script's `t('...')` and plural forms must be in its table, or they stay English."""
    used = script_messages("editor.js") | {"high", "medium", "low", "info"}  # t(s) on severity slugs
    assert "Line {line}, column {col}" in used and "{count} nodes" in used
    assert sorted(used - set(EDITOR_WORDS)) == []
    assert sorted(set(EDITOR_WORDS) - used) == []
    story = script_messages("story.js")
    assert len(story) == 3 and story == set(STORY_WORDS)


def test_story_opener_words_in_german(client: TestClient) -> None:
    text = client.get("/story", headers=GERMAN).text
    words = json.loads(html.unescape(re.search(r"data-words='([^']*)'", text)[1]))  # type: ignore[index]
    assert words["it could not be read"] == "er konnte nicht gelesen werden"
    broken = client.post(
        "/story",
        content=b"yaml=title%3A+%5Bunclosed%0A",
        headers={**GERMAN, "Content-Type": "application/x-www-form-urlencoded"},
    )
    assert "Das Modell in diesem Link zur Geschichte hat Probleme" in broken.text


def test_error_and_import_pages_in_german(client: TestClient) -> None:
    missing = client.get("/nope", headers=GERMAN)
    assert missing.status_code == 404
    assert html_lang(missing.text) == "de"
    assert "<h1>Fehler 404</h1>" in missing.text and "Zurück zu den Szenarien" in missing.text
    assert client.get("/api/nope", headers=GERMAN).json()["status"] == 404  # the JSON envelope stays as is
    form = client.get("/import/meta?lang=de")
    assert "So bekommen Sie Ihren Export" in form.text and "Mein Bild zeigen" in form.text
    empty = client.post(
        "/import/meta?lang=de",
        content=b'--b\r\nContent-Disposition: form-data; name="x"\r\n\r\nnothing\r\n--b--\r\n',
        headers={"Content-Type": "multipart/form-data; boundary=b"},
    )
    assert "wählen Sie zuerst Ihren Export" in empty.text


def test_api_docs_and_story_pages_in_german(client: TestClient) -> None:
    docs = client.get("/api/docs", headers=GERMAN).text
    assert "<h1>JSON-API</h1>" in docs and "<caption>Operationen</caption>" in docs
    story = client.get("/story", headers=GERMAN).text
    assert "<h1>Eine geteilte Geschichte</h1>" in story


def test_every_template_is_autoescaped_whatever_its_name() -> None:
    env = TEMPLATES.env
    names = env.list_templates()
    assert "import_meta.html" in names and "gallery.html.j2" in names
    for name in names:
        autoescape = env.autoescape(name) if callable(env.autoescape) else env.autoescape
        assert autoescape is True, name
    rendered = env.from_string("{{ _('Sources') }} {{ x }}").render(lang="de", x="<b>")
    assert rendered == "Quellen &lt;b&gt;"
