"""The page chrome's catalogs (domain `page`): in step with the code, German complete and sound, and the
compiled messages.json the page inlines in step with the .po files (`make messages`, docs/languages.md)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog

from flows.input.load import load_model
from flows.output.messages import (
    JSON_OUT,
    POT,
    all_catalogs,
    compiled,
    compiled_json,
    extract,
    extract_template,
    placeholders,
    po_path,
    read_catalog,
)
from flows.output.page import render_html

ROOT = Path(__file__).resolve().parents[1]
STATIC = ROOT / "flows" / "output" / "static"
# A t('…') or tn('…', '…', n) call's literal messages, found without Babel (a second opinion on extraction).
T_CALL = re.compile(r"\bt\('((?:[^'\\]|\\.)*)'")
TN_CALL = re.compile(r"\btn\('((?:[^'\\]|\\.)*)',\s*'((?:[^'\\]|\\.)*)'")


def ids(catalog: Catalog) -> set[str]:
    return {m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id}


def test_the_pot_holds_every_message_the_page_uses() -> None:
    fresh = extract()
    stored = read_catalog(POT)
    missing = ids(fresh) - ids(stored)
    assert not missing, f"not in {POT.name} (run `make messages`): {sorted(missing)}"
    assert not ids(stored) - ids(fresh), "the .pot has messages no script uses any more (run `make messages`)"


def test_extraction_finds_every_t_call_in_the_scripts() -> None:
    found: set[str] = set()
    for script in STATIC.glob("*.js"):
        source = script.read_text(encoding="utf-8")
        found |= {m.replace("\\'", "'") for m in T_CALL.findall(source)}
        found |= {m[0].replace("\\'", "'") for m in TN_CALL.findall(source)}
    assert len(found) > 150
    assert found <= ids(extract()), sorted(found - ids(extract()))


def test_the_template_extractor_reads_data_t_texts_and_attributes() -> None:
    template = b"""<p data-t>Hello
      there</p><img alt="x"><button data-t-attr="aria-label title" aria-label="Close it" title="Shut">
      <span data-t>Close \xe2\x9c\x95</span></button><p>Not marked</p>"""
    from io import BytesIO

    found = [(line, text) for line, _, text, _ in extract_template(BytesIO(template), {}, (), {})]
    assert found == [(1, "Hello there"), (2, "Close it"), (2, "Shut"), (3, "Close ✕")]


@pytest.mark.parametrize("lang", ["de", "fr"])
def test_plural_entries_have_the_languages_number_of_forms(lang: str) -> None:
    catalog = read_catalog(po_path(lang), lang)
    for message in catalog:
        if isinstance(message.id, tuple) and any(message.string):
            assert len(message.string) == catalog.num_plurals, message.id


@pytest.mark.parametrize("lang", ["de", "fr"])
def test_german_and_french_are_complete_and_keep_every_placeholder(lang: str) -> None:
    catalog = read_catalog(po_path(lang), lang)
    problems = []
    for message in catalog:
        if not message.id:
            continue
        if isinstance(message.id, tuple):
            forms, wanted = list(message.string), placeholders(message.id[1]) | {"n"}
        else:
            forms, wanted = [message.string], placeholders(message.id)
        for form in forms:
            if not form:
                problems.append(f"untranslated: {message.id!r}")
            elif placeholders(form) - wanted or (
                placeholders(form) != wanted and not isinstance(message.id, tuple)
            ):
                problems.append(f"placeholders differ: {message.id!r} -> {form!r}")
        if message.fuzzy:
            problems.append(f"fuzzy: {message.id!r}")
    assert not problems, "\n".join(problems)
    assert len(catalog) == len(read_catalog(POT))


def test_french_has_at_least_the_most_visible_chrome() -> None:
    fr = compiled(all_catalogs())["fr"]
    for msgid in (
        "← Previous",
        "Next →",
        "Play",
        "Present",
        "Legend",
        "Findings",
        "Filters",
        "Language",
        "← → or Space: step · Home / End: first / last · F: full screen · Esc: leave",
    ):
        assert fr.get(msgid), msgid
    assert fr[""] == {"plural": "(n == 0 || n == 1) ? 0 : n != 0 && n % 1000000 == 0 ? 1 : 2"}


def test_messages_json_is_compiled_from_the_po_files() -> None:
    assert JSON_OUT.read_text(encoding="utf-8") == compiled_json(all_catalogs()), "run `make messages`"


def test_messages_json_holds_translated_entries_only() -> None:
    data = json.loads(JSON_OUT.read_text(encoding="utf-8"))
    assert "en" not in data
    assert set(data) == {"de", "fr"}
    assert all(value for lang in data.values() for value in lang.values())
    assert data["de"][""] == {"plural": "(n != 1)"}
    assert data["de"]["Play"] == "Abspielen"
    assert data["de"]["{n} flow"] == ["{n} Datenfluss", "{n} Datenflüsse"]
    assert len(data["fr"]) == len(data["de"])
    # Compact: the texts themselves and JSON's punctuation, no comments, locations or white space.
    texts = sum(
        len(json.dumps(key, ensure_ascii=False)) + len(json.dumps(value, ensure_ascii=False))
        for lang in data.values()
        for key, value in lang.items()
    )
    assert (
        len(JSON_OUT.read_text(encoding="utf-8")) <= texts + 2 * sum(len(lang) for lang in data.values()) + 20
    )


def test_a_stale_catalog_is_noticed() -> None:
    """The freshness test above can fail: a German entry edited after compiling changes the JSON."""
    catalogs = all_catalogs()
    before = compiled_json(catalogs)
    catalogs["de"]["Play"].string = "Los"
    assert compiled_json(catalogs) != before


def test_the_page_inlines_the_messages_once_as_data() -> None:
    html = render_html(load_model(ROOT / "models" / "wifi-hashed-mac.yaml"))
    block = re.search(r'<script type="application/json" id="adflows-messages">(.*?)</script>', html, re.S)
    assert block is not None
    assert json.loads(block.group(1)) == json.loads(JSON_OUT.read_text(encoding="utf-8"))
    assert html.count('id="adflows-messages"') == 1
