"""`adflows check --lang` and `page_view(lang=...)` as a user and the format helper meet them: the
findings' titles, plain sentences, confidence words and the reports' fixed wording in German, English
untouched without a language."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from flows.analysis.findings import BUILTIN_RULES
from flows.analysis.run import analyse
from flows.cli import app
from flows.input.i18n import gettext
from flows.input.load import load_model
from flows.view.page_view import page_view

ROOT = Path(__file__).parent.parent
COSMOSE = ROOT / "models" / "cosmose-omnicookie.yaml"
runner = CliRunner()
RULES = {rule.id: rule for rule in BUILTIN_RULES}


def check(*args: str) -> str:
    result = runner.invoke(app, ["check", str(COSMOSE), *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_markdown_report_in_german() -> None:
    text = check("-f", "markdown", "--lang", "de")
    assert text.startswith("# Datenschutzbefunde: Cosmose OMNIcookie")
    assert "Offene Befunde nach Schweregrad: Hoch " in text
    assert "Offene Befunde nach Verlässlichkeit: Hohe Verlässlichkeit " in text
    assert "**Schweregrad:** Hoch · **Verlässlichkeit:** " in text
    assert "*Einfach gesagt:* " in text
    assert "| Datenfluss | Von | An | Daten | Informiert / gefragt | Quellen |" in text
    assert "\n## Quellen\n" in text and "Belegstärke: Sekundär / schwach." in text
    for word in ("Privacy findings", "Open findings by", "**Severity:**", "*In plain words:*", "## Sources"):
        assert word not in text
    # Every finding's heading is its rule's German title (the rules' own wording, not a copy here).
    findings = json.loads(check("-f", "json"))["findings"]
    for finding in findings:
        rule = RULES.get(finding["rule"])
        if rule is not None and finding["title"] == rule.title:
            assert f". {gettext(rule.title, 'de')}\n" in text.replace("\\", ""), rule.id


def test_plain_sentences_keep_the_subject_in_german() -> None:
    data = json.loads(check("-f", "json", "--lang", "de"))
    english = json.loads(check("-f", "json"))
    assert [f["key"] for f in data["findings"]] == [f["key"] for f in english["findings"]]
    hashed = next(f for f in data["findings"] if f["rule"] == "claim-anonymised-hash-reversible")
    assert hashed["title"] == "„Anonymisierte“ Kennung ist nur gehasht oder gekürzt"
    assert hashed["plain"] == (
        "Falls die Annahme des Modells stimmt: Cosmose nennt eine Kennung anonym, doch sie ist nur "
        "unkenntlich gemacht: Dasselbe Telefon bekommt immer denselben Code und lässt sich so weiter "
        "verfolgen."
    )
    assert hashed["confidence_label"] == "Angenommen"
    # A title worded by the rule around a name keeps the name.
    linked = [f["title"] for f in data["findings"] if f["rule"] == "offline-online-linkage"]
    assert linked and all(
        t.endswith("kann einen Ladenbesuch mit einer Online-Identität verknüpfen") for t in linked
    )


def test_text_report_in_german_and_french() -> None:
    text = check("--lang", "de")
    assert "HOCH: " in text and "  Einfach gesagt: " in text and "  Verlässlichkeit: " in text
    assert text.rstrip().endswith("1 akzeptiert)") and ": 16 Befunde (" in text
    french = check("--lang", "fr")
    assert "Identifiant « anonymisé » seulement haché ou tronqué" in french
    # French is started: a sentence it lacks stays English, and so do the numbers written into it.
    assert "(16,777,216) candidates per maker" in french and "about 3.3 million a second" in french


def test_english_is_the_default_and_unchanged() -> None:
    assert check("-f", "markdown") == check("-f", "markdown", "--lang", "en")
    text = check("-f", "markdown")
    assert text.startswith("# Privacy findings: ") and "Datenschutz" not in text


def test_an_unknown_language_is_refused_with_the_available_ones() -> None:
    result = runner.invoke(app, ["check", str(COSMOSE), "--lang", "klingon"])
    assert result.exit_code == 1
    assert "--lang 'klingon': no wording in that language; available: en, de, fr" in result.stderr
    assert "Traceback" not in result.output


def test_page_view_words_findings_in_the_asked_language() -> None:
    """The signature the format helper calls: `page_view(model, analysis=None, *, lang=None)`."""
    model = load_model(COSMOSE.read_text(encoding="utf-8"), filename=str(COSMOSE))
    english = page_view(model)
    assert json.dumps(page_view(model, lang="en")) == json.dumps(english)
    german = page_view(model, lang="de")
    titles = {f["key"]: f["title"] for f in german["findings"]}
    hashed = "claim-anonymised-hash-reversible@claim-anonymised-34-digits"
    assert titles[hashed] == "„Anonymisierte“ Kennung ist nur gehasht oder gekürzt"
    assert {f["confidence_label"] for f in german["findings"]} <= {
        "Hohe Verlässlichkeit",
        "Mittlere Verlässlichkeit",
        "Geringe Verlässlichkeit",
        "Angenommen",
    }
    assert [f["key"] for f in german["findings"]] == [f["key"] for f in english["findings"]]
    # Nothing leaks: the English view built after the German one is English again.
    assert json.dumps(page_view(model)) == json.dumps(english)
    # An English analysis handed in is worded again in German, on the same graph of record.
    analysis = analyse(model)
    again = page_view(model, analysis, lang="de")
    assert json.dumps(again["findings"]) == json.dumps(german["findings"])


def test_explanations_are_worded_in_german_around_the_models_own_text() -> None:
    """The rules' explanations, the conditional lead and the caveats are German, around the model's own
    text in German (its `translations: de:`; a quote stays as quoted), and numbers take German digit
    grouping."""
    data = json.loads(check("-f", "json", "--lang", "de"))
    hashed = next(f for f in data["findings"] if f["rule"] == "claim-anonymised-hash-reversible")
    text = hashed["explanation"]
    assert text.startswith(
        "Dies beruht auf dem Datenfluss Cosmose-Plattform \u2192 Besuchsprofile der Ger\u00e4te"
    )
    assert "Falls das zutrifft: Laut Masters of Media" in text
    assert "sagt Cosmose: \u201eThe data is anonymoused [sic] to thirty-four digit numbers\u201c." in text
    assert (
        "wird aus Werbe-ID (IDFA auf dem iPhone, AAID auf Android) und WLAN-MAC-Adresse durch Hashing" in text
    )
    assert "(16.777.216) Kandidaten pro Hersteller" in text and "etwa 3,3 Millionen pro Sekunde" in text
    assert "Ein Teil davon beruht auf eigenen Annahmen des Modells, nicht auf einer Quelle: " in text
    for finding in data["findings"]:
        for english in ("This rests on", "In this model:", "Part of this rests", " says: ", "If that holds"):
            assert english not in finding["explanation"], (finding["key"], english)
    result = runner.invoke(
        app, ["check", str(ROOT / "tests" / "fixtures" / "mini-store.yaml"), "--lang", "de"]
    )
    assert "sie wird nicht informiert und sie wird nicht gefragt" in result.stdout
    assert "In The store erfassen Ger\u00e4te \u2013 1 Erfassungspunkt (" in result.stdout
