"""The fixed words a translated page view carries, and `adflows letter --lang`, as a reader meets them:
the Cosmose model rendered in German has its generated "What can I do?" step, its legend and its
elements' labels in German; the English view keeps its English words; the German letter is a German
Art. 15 request filled with the model's German text."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import yaml
from typer.testing import CliRunner

from flows.cli import app
from flows.input.kinds import CONTROL_KINDS, CONTROL_USERS, EVIDENCE, NODE_KINDS, PARTY_KINDS
from flows.input.load import load_model
from flows.view.page_view import page_view, page_view_in

ROOT = Path(__file__).parent.parent
COSMOSE = ROOT / "models" / "cosmose-omnicookie.yaml"
FIXTURE = ROOT / "tests" / "fixtures" / "controls-store.yaml"
runner = CliRunner()
SAME_IN_GERMAN = {"App", "Person", "SDK"}


def german_view() -> dict[str, Any]:
    """The default view of `adflows render --lang de`, as the page embeds it."""
    result = runner.invoke(app, ["render", str(COSMOSE), "--lang", "de", "-o", "-"])
    assert result.exit_code == 0, result.output
    found = re.search(
        r'<script type="application/json" id="adflows-view"[^>]*>(.*?)</script>', result.stdout, re.S
    )
    assert found is not None
    view: dict[str, Any] = json.loads(found.group(1))
    assert view["language"]["code"] == "de"
    return view


def test_the_german_story_ends_on_what_a_shopper_can_do_each_with_a_source() -> None:
    last = german_view()["story"][-1]
    assert last["generated"] is True and last["title"] == "Was kann ich tun?"
    narration = last["narration"]
    assert narration.startswith("Zuerst, was Sie selbst tun können, dann, was andere tun könnten. Sie: ")
    assert (
        "(Telefoneinstellung; Quelle: ACM AsiaCCS 2016, Belegstärke: Belegt; dazu 1 weitere Quelle)"
        in narration
    )
    assert "dazu 3 weitere Quellen)" in narration
    assert "(Widerspruch (Opt-out), keine Schutzmöglichkeit gefunden; Quelle: " in narration
    model = load_model(COSMOSE)
    assert narration.count("Quelle: ") == len(model.controls)  # every control with its source
    for english in ("You:", "source:", "phone setting", "documented", "no control found", "more"):
        assert english not in narration


def test_the_german_legend_and_labels_have_no_english_fixed_words() -> None:
    view = german_view()
    legend = view["legend"]
    english = {info.label for info in NODE_KINDS.values()} | {info.meaning for info in NODE_KINDS.values()}
    english |= {info.shape_name for info in NODE_KINDS.values()}
    english |= {info.label for info in EVIDENCE.values()} | {info.style for info in EVIDENCE.values()}
    english |= {h for info in EVIDENCE.values() for h in (info.hedge, info.hedge_short) if h}
    english |= {info.meaning for info in PARTY_KINDS.values()}
    english |= {text for info in CONTROL_KINDS.values() for text in (info.label, info.meaning)}
    english |= {text for info in CONTROL_USERS.values() for text in (info.label, info.meaning)}
    english -= SAME_IN_GERMAN
    shown = [
        *(
            value
            for kind in legend["kinds"]
            for value in (kind["label"], kind["meaning"], kind["shape_name"])
        ),
        *(e[key] for e in legend["evidence"] for key in ("label", "style", "hedge", "hedge_short") if e[key]),
        *(p["meaning"] for p in legend["party_kinds"]),
        *(
            value
            for c in legend["control_kinds"] + legend["control_users"]
            for value in (c["label"], c["meaning"])
        ),
        *(n["kind_label"] for n in view["nodes"]),
        *(x["evidence_label"] for x in view["nodes"] + view["edges"] + view["sources"] + view["controls"]),
        *(c[key] for c in view["controls"] for key in ("kind_label", "used_by_label")),
    ]
    assert sorted(set(shown) & english) == []
    kinds = {k["kind"]: k for k in legend["kinds"]}
    assert kinds["sensor"]["label"] == "Sensor im Geschäft" and kinds["dataset"]["shape_name"] == "Zylinder"
    evidence = {e["level"]: e for e in legend["evidence"]}
    assert evidence["secondary"]["label"] == "Sekundär / schwach"
    assert evidence["company-claim-via-press"]["hedge_short"] == "Behauptet (laut Presse):"
    assert {c["used_by_label"] for c in view["controls"]} == {"Sie"}


def test_german_tooltips_flow_labels_and_drawing_words() -> None:
    view = german_view()
    node = next(n for n in view["nodes"] if n["kind"] == "sensor")
    evidence = node["evidence_label"]
    assert node["title"].split("\n")[1:] == [
        f"Sensor im Geschäft · {node['party_name']}",
        f"Belegstärke: {evidence}",
    ]
    edge = next(e for e in view["edges"] if e["consent"] == "os-permission")
    assert edge["consent_label"] == "Per Berechtigung des Betriebssystems erteilt"
    told = next(e for e in view["edges"] if e["notice"] == "os-prompt")
    assert told["notice_label"] == "Die Berechtigungsabfrage des Telefons"
    assert "\nDaten: " in edge["title"] and "\nBelegstärke: " in edge["title"]
    labels = [
        " ".join((edge.get("label") or {}).get("lines", [])) for edge in view["drawing"]["edges"].values()
    ]
    assert any(re.search(r"\+\d+ weitere$", label) for label in labels)
    assert not any(label.endswith(" more") for label in labels)


def test_the_english_view_keeps_its_english_words() -> None:
    view = page_view(load_model(COSMOSE))
    assert view["story"][-1]["title"] == "What can I do?"
    assert (
        "You: Wi-Fi off (phone setting; source: ACM AsiaCCS 2016, documented, and 1 more)."
        in view["story"][-1]["narration"]
    )
    assert [k["label"] for k in view["legend"]["kinds"]] == [info.label for info in NODE_KINDS.values()]


def test_french_words_the_story_step_and_the_legend_kinds() -> None:
    model = load_model(FIXTURE)
    view = page_view(model, lang="fr")
    assert view["story"][-1]["title"] == "Que puis-je faire ?"
    assert "Vous : " in view["story"][-1]["narration"]
    assert {k["kind"]: k["label"] for k in view["legend"]["kinds"]}["sensor"] == "Capteur en magasin"


def test_a_view_in_a_language_without_a_catalog_keeps_english_words() -> None:
    model = load_model(FIXTURE)
    assert page_view(model, lang="xx")["story"][-1]["title"] == "What can I do?"
    german = page_view_in(load_model(COSMOSE), "de")
    assert german["story"][-1]["title"] == "Was kann ich tun?"


def letter(*args: str) -> str:
    result = runner.invoke(app, ["letter", *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_german_letter_is_an_art_15_request_in_the_models_german_text() -> None:
    text = letter(str(COSMOSE), "cosmose", "--lang", "de", "--law", "gdpr")
    assert text.startswith("# Auskunftsersuchen nach Art. 15 DSGVO\n\nAn: Cosmose, ")
    assert (
        "**Betreff: Auskunftsersuchen nach Art. 15 DSGVO**\n\nSehr geehrte Damen und Herren,\n\nhiermit "
        in text
    )
    for item in "abcdefgh":
        assert f"lit. {item}" in text
    assert "(Art. 15 Abs. 3 DSGVO)" in text and "innerhalb eines Monats" in text
    assert "(Art. 12 Abs. 3 DSGVO)" in text and "\nMit freundlichen Grüßen\n" in text
    hedge = "Berichten zufolge (schwache Quelle)"
    assert f"- **WLAN-MAC-Adresse**: {hedge}: Sie erhalten diese Angabe (Herkunft: ich selbst). [1]" in text
    assert "\n## Quellen\n" in text and "Belegstärke: Sekundär / schwach." in text
    for english in ("Dear ", "Yours sincerely", "you receive it", "## Sources", "Evidence:", "CCPA"):
        assert english not in text


def test_german_letter_escapes_the_translated_text(tmp_path: Path) -> None:
    doc = yaml.safe_load(FIXTURE.read_text(encoding="utf-8"))
    doc["translations"] = {
        "de": {"parties": {"acme": {"name": "Acme *Analytik* <b>"}}, "data": {"mac": {"name": "WLAN-[MAC]"}}}
    }
    path = tmp_path / "m.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    text = letter(str(path), "acme", "--lang", "de-AT", "--law", "gdpr")
    assert "An: Acme \\*Analytik\\* \\<b\\>, " in text and "- **WLAN-\\[MAC\\]**: " in text
    assert "<b>" not in text


def test_ccpa_letter_stays_english_with_a_german_note_and_unknown_language_is_an_error() -> None:
    text = letter(str(COSMOSE), "cosmose", "--lang", "de", "--law", "ccpa")
    assert text.startswith(
        "> Hinweis: Der California Consumer Privacy Act (CCPA) ist ein kalifornisches Gesetz"
    )
    assert "# Request to know under the California Consumer Privacy Act (CCPA)" in text
    assert "- **Wi-Fi MAC address**: Reportedly (low-quality source): you receive it from me. [1]" in text
    both = letter(str(COSMOSE), "cosmose", "--lang", "de")
    assert both.index("# Auskunftsersuchen") < both.index("# Request to know") < both.index("## Quellen")
    result = runner.invoke(app, ["letter", str(COSMOSE), "cosmose", "--lang", "fr"])
    assert result.exit_code == 1 and "no letter in that language; available: en, de" in result.output


def test_trace_and_knows_in_german_with_the_models_german_text() -> None:
    knows = runner.invoke(app, ["knows", str(COSMOSE), "cosmose", "--lang", "de"])
    assert knows.exit_code == 0, knows.output
    assert knows.stdout.startswith("Was weiß Cosmose über \u201eDie Kundin\u201c?\n")
    assert "- WLAN-MAC-Adresse: erhält diese Angabe \u2013 aus: Die Kundin  [probe-main-floor" in knows.stdout
    assert "Es kann einen Ladenbesuch mit einer Online-Identität verknüpfen (Werbe-ID" in knows.stdout
    trace = runner.invoke(app, ["trace", str(COSMOSE), "--lang", "de"])
    assert trace.exit_code == 0, trace.output
    assert "journey-1 (nur in der Fassung: " in trace.stdout
    assert "  Was sie selbst tun kann: WLAN aus, " in trace.stdout
    assert trace.stdout.endswith(": 1 Weg, der in einem zusammengefassten Bericht endet\n")
    for english in ("What she can do", "receives it", "only in the account", "journey ending"):
        assert english not in trace.stdout + knows.stdout
    english = runner.invoke(app, ["trace", str(COSMOSE)]).stdout
    assert "  What she can do: Wi-Fi off, " in english and "journey ending in an aggregate report" in english
    wrong = runner.invoke(app, ["knows", str(COSMOSE), "cosmose", "--lang", "xx"])
    assert wrong.exit_code == 1 and "no wording in that language; available: en, de, fr" in wrong.output


def test_whatif_in_german_words_the_switch_and_the_findings() -> None:
    result = runner.invoke(app, ["whatif", str(COSMOSE), "--without", "cosmose-sdk", "--lang", "de"])
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert text.startswith(
        "Abgeschaltet: Element \u201acosmose-sdk\u2018 (Datenflüsse: 2; app-to-sdk, sdk-to-cosmose)\n"
    )
    assert "Wege vom Besuch zur Werbeanzeige: 4 vorher, 3 nachher; 1 unterbrochen.\n" in text
    assert "  unterbrochen: Ihr Smartphone -> " in text and "\nWegfallende Befunde: 2\n" in text
    assert "[medium]: Personenbezogene Daten über den ersten Empfänger hinaus weitergegeben" in text
    english = runner.invoke(app, ["whatif", str(COSMOSE), "--without", "cosmose-sdk"]).stdout
    assert english.startswith("Switched off: node 'cosmose-sdk' (2 flow(s): app-to-sdk, sdk-to-cosmose)\n")


def test_german_markdown_report_reads_the_models_german_text_and_the_pages_labels() -> None:
    result = runner.invoke(app, ["check", str(COSMOSE), "-f", "markdown", "--lang", "de"])
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert text.startswith("# Datenschutzbefunde: Cosmose OMNIcookie: vom Ladenbesuch zur gezielten Anzeige")
    assert (
        "| `probe-main-floor` | Ihr Smartphone (Die Kundin) | Erfassungspunkt Verkaufsfläche (Cosmose) | "
        in text
    )
    assert "| Hinweis: Nicht informiert; Einwilligung: Nicht gefragt | [1] |" in text
    assert "notice:" not in text and "Hinweis: none" not in text
    english = runner.invoke(app, ["check", str(COSMOSE), "-f", "markdown"]).stdout
    assert "| notice: none; consent: none | [1] |" in english
