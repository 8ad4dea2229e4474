"""The `adflows` message catalogs: fresh, complete in German, placeholders and markup kept.

The template is compared with a fresh extraction (the same Babel map `make messages` uses), so a
marked string added to the code or a template without `make messages` fails here; each language's
.po must hold exactly the template's messages. German must translate every one; French is started
(every rule title at least). A translation that drops, renames or adds a placeholder (`{subject}`,
`%(count)s`) or an HTML tag would break a sentence or a page at run time, so that fails too.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from flows.analysis.findings import BUILTIN_RULES, UNMATCHED
from flows.input.i18n import LOCALE_DIR, POT_FILE, gettext, language, languages, ngettext, po_path, supported

ROOT = Path(__file__).resolve().parent.parent
MAPPING = LOCALE_DIR / "adflows.cfg"
# Messages whose German is the same word as the English (names and loanwords), checked by hand.
SAME_IN_GERMAN = {
    "API",
    "Editor",
    "Info",
    "adflows — API",
    "App",
    "Person",
    "SDK",
    "SDKs",
    "{who}: {name} ({details}).",
}
PLACEHOLDER = re.compile(r"\{[a-z_]+(?::[^}]*)?\}|%\([a-z_]+\)s")
TAG = re.compile(r"</?[a-z]+\b[^>]*>")


def read(path: Path, lang: str | None = None) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale=lang, domain="adflows")


def ids(catalog: Catalog) -> set[str | tuple[str, ...]]:
    return {m.id for m in catalog if m.id}


def extracted() -> set[str | tuple[str, ...]]:
    """Every marked message of the code and the templates, as `make messages` extracts them."""
    with MAPPING.open(encoding="utf-8") as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    found: set[str | tuple[str, ...]] = set()
    for _file, _line, message, _comments, _context in extract_from_dir(str(ROOT), method_map, options_map):
        found.add(message)
    return found


def forms(message: Message) -> list[tuple[str, str]]:
    """(source, translation) pairs: one for a plain message, one per plural form otherwise."""
    if isinstance(message.id, tuple):
        strings = message.string if isinstance(message.string, tuple | list) else (message.string,)
        return [(message.id[min(i, 1)], str(s or "")) for i, s in enumerate(strings)]
    return [(str(message.id), str(message.string or ""))]


def test_the_template_is_fresh() -> None:
    """Run `make messages` when this fails: the code or a template marks a string the .pot lacks
    (or the .pot still lists one the code dropped)."""
    pot = ids(read(POT_FILE))
    fresh = extracted()
    assert sorted(map(str, fresh - pot)) == [], "marked in the code, missing from adflows.pot"
    assert sorted(map(str, pot - fresh)) == [], "in adflows.pot, no longer marked anywhere"


def test_the_extraction_sees_rules_templates_and_scripts_words() -> None:
    """The freshness check can fail: it finds messages in each kind of source."""
    fresh = extracted()
    assert {r.title for r in BUILTIN_RULES} <= fresh
    assert "Skip to the content" in fresh  # base.html.j2
    assert "Line {line}, column {col}" in fresh  # web/editor_words.py
    assert "Drop your export here, or click to choose it" in fresh  # import_meta.html (.html, not .j2)


@pytest.mark.parametrize("lang", ["de", "fr"])
def test_each_catalog_holds_exactly_the_template_messages(lang: str) -> None:
    assert ids(read(po_path(lang), lang)) == ids(read(POT_FILE))


def test_german_translates_every_message() -> None:
    catalog = read(po_path("de"), "de")
    missing = [str(m.id) for m in catalog if m.id and (m.fuzzy or not all(t for _, t in forms(m)))]
    assert missing == []
    same = [str(m.id) for m in catalog if m.id and m.string == m.id and m.id not in SAME_IN_GERMAN]
    assert same == [], "translated to itself (add it to SAME_IN_GERMAN only if German says it so)"


def test_french_has_at_least_every_rule_title() -> None:
    catalog = read(po_path("fr"), "fr")
    titles = {r.title for r in (*BUILTIN_RULES, UNMATCHED)}
    untranslated = sorted(t for t in titles if not (catalog.get(t) and catalog.get(t).string))
    assert untranslated == []


@pytest.mark.parametrize("lang", ["de", "fr"])
def test_translations_keep_placeholders_and_markup(lang: str) -> None:
    wrong = []
    for message in read(po_path(lang), lang):
        for source, text in forms(message):
            if not message.id or not text:
                continue
            if Counter(PLACEHOLDER.findall(source)) != Counter(PLACEHOLDER.findall(text)):
                wrong.append(f"placeholders: {source!r} -> {text!r}")
            if Counter(TAG.findall(source)) != Counter(TAG.findall(text)):
                wrong.append(f"markup: {source!r} -> {text!r}")
    assert wrong == []


def test_the_placeholder_check_can_fail() -> None:
    assert Counter(PLACEHOLDER.findall("{subject} says")) != Counter(PLACEHOLDER.findall("{subjekt} sagt"))
    assert Counter(PLACEHOLDER.findall("%(count)s flows")) != Counter(PLACEHOLDER.findall("Datenflüsse"))


def test_wording_falls_back_to_english_and_follows_the_context() -> None:
    title = BUILTIN_RULES[0].title
    assert gettext(title) == title
    assert gettext(title, "de").startswith("„Keine personenbezogenen Daten“")
    assert gettext("not a message", "de") == "not a message"
    with language("de-AT") as chosen:
        assert chosen == "de"
        assert gettext("Sources") == "Quellen"
        with language("xx"):
            assert gettext("Sources") == "Sources"
        assert gettext("Sources") == "Quellen"
    assert gettext("Sources") == "Sources"
    assert ngettext("{count} finding", "{count} findings", 1, "de") == "{count} Befund"
    assert ngettext("{count} finding", "{count} findings", 2, "de") == "{count} Befunde"
    assert languages()[0] == "en" and {"de", "fr"} <= set(languages())
    assert (supported("DE_de"), supported("fr-CA"), supported("xx"), supported("")) == (
        "de",
        "fr",
        None,
        None,
    )


def test_english_never_loads_babel_or_a_catalog() -> None:
    """The runtime cost of the wording is nil for English: a model's whole page view is built
    without importing Babel; asking for German imports it once."""
    script = (
        "import sys\n"
        "from flows.input.load import load_model\n"
        "from flows.view.page_view import page_view\n"
        "model = load_model(open('tests/fixtures/tiny-store.yaml').read(), filename='tiny-store.yaml')\n"
        "page_view(model)\n"
        "print('babel' in sys.modules)\n"
        "page_view(model, lang='de')\n"
        "print('babel' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == ["False", "True"]
