"""`adflows trace`, `knows`, `check` and `reverse-hash`: the analysis commands, a thin layer over
`flows.analysis.run`, `flows.output.report` and `flows.analysis.reversehash`. Importing this module
registers them.
"""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from flows.analysis.reversehash import SUFFIX_BITS, example_hash, normalise_oui, reverse_hash
from flows.cli.app import LangOption, TextOrJson, app, load_or_fail, shown_in, wording_language, write_output
from flows.input.i18n import current_language, language
from flows.input.problem_cap import more_line

if TYPE_CHECKING:
    from flows.analysis.knowledge import PartyKnowledge
    from flows.input.errors import Problem
    from flows.input.model import Model


def run_reverse_hash(digest: str | None, oui: str | None, algorithm: str, encoding: str) -> int:
    """Run the search, print what it found and how fast; return the exit code."""
    if digest is None:
        mac, digest = example_hash(algorithm, encoding)
        oui = mac[:8]
        typer.echo(f"Example: the {algorithm} of the MAC address {mac} is")
        typer.echo(f"  {digest}")
        typer.echo(f"Knowing only that hash and the maker's prefix {oui}, try every address:")
    elif oui is None:
        typer.echo("error: give the vendor prefix with --oui, e.g. --oui f0:18:98", err=True)
        return 2
    try:
        oui = normalise_oui(oui)
        space = 1 << SUFFIX_BITS
        from rich.console import Console  # loaded only when a progress bar is drawn
        from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

        console = Console(stderr=True)
        columns = (
            TextColumn("trying {task.description}"),
            BarColumn(),
            TextColumn("{task.completed:,}/{task.total:,}"),
            TimeElapsedColumn(),
        )
        with Progress(*columns, console=console, transient=True) as progress:
            task = progress.add_task(f"{oui}:xx:xx:xx", total=space)
            result = reverse_hash(
                digest,
                oui,
                algorithm,
                encoding,
                progress=lambda tried: progress.update(task, completed=tried),
            )
    except ValueError as exc:
        typer.echo(f"error: {exc}", err=True)
        return 2
    rate = f"{result.rate / 1e6:.1f} million hashes per second"
    if result.mac is None:
        typer.echo(
            f"not found: no address with prefix {oui} has that {algorithm} hash "
            f"({result.tried:,} tried in {result.seconds:.1f} s, {rate}); check --oui and --encoding"
        )
        return 1
    typer.echo(f"found {result.mac}")
    typer.echo(f"after {result.tried:,} of {result.space:,} candidates in {result.seconds:.1f} s ({rate}).")
    typer.echo("A hash of a MAC address is a pseudonym, not anonymous data.")
    return 0


class ReportFormat(StrEnum):
    text = "text"
    json = "json"
    markdown = "markdown"


class MinConfidence(StrEnum):
    high = "high"
    medium = "medium"
    low = "low"
    assumed = "assumed"


class Severity(StrEnum):
    high = "high"
    medium = "medium"
    low = "low"
    info = "info"


@app.command()
def trace(
    model: Annotated[Path, typer.Argument(help="The model file.")],
    format: Annotated[TextOrJson, typer.Option("--format", "-f", help="text or json")] = TextOrJson.text,
    lang: LangOption = None,
) -> None:
    """Print every journey from the person, through an ad, back to her, with the data on each hop;
    then the journeys that end in an aggregate report (counts sold on), marked as such."""
    code = wording_language(lang)
    with language(code):
        _trace(shown_in(load_or_fail(model), code), format)


def _trace(loaded: Model, format: TextOrJson) -> None:
    from flows.analysis.report_journeys import find_report_journeys
    from flows.analysis.run import analyse
    from flows.output.trace_text import journeys_text, report_journeys_text
    from flows.view.analysis_view import journey_view, report_journey_view

    journeys = analyse(loaded).journeys
    reports, reports_capped = find_report_journeys(loaded)
    if format is TextOrJson.json:
        views = [{**journey_view(loaded, j), "ends_in": "ad"} for j in journeys]
        data = {
            "model": loaded.id,
            "capped": journeys.capped,
            "journeys": views,
            "report_journeys": [report_journey_view(loaded, r) for r in reports],
            "report_journeys_capped": reports_capped,
        }
        typer.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    sys.stdout.write(journeys_text(loaded, journeys))
    sys.stdout.write(report_journeys_text(loaded, reports, reports_capped))


@app.command()
def knows(
    model: Annotated[Path, typer.Argument(help="The model file.")],
    party: Annotated[str, typer.Argument(help="The party's id (or its exact name).")],
    format: Annotated[TextOrJson, typer.Option("--format", "-f", help="text or json")] = TextOrJson.text,
    lang: LangOption = None,
) -> None:
    """Print what one party learns about the person, and which offline-online links it can make."""
    from flows.output.trace_text import knowledge_text
    from flows.view.analysis_view import knowledge_view

    code = wording_language(lang)
    loaded = load_or_fail(model)
    knowledge = _party_knowledge(loaded, model, party, [p.id for p in loaded.parties], "parties")
    shown = shown_in(loaded, code)
    if format is TextOrJson.json:
        typer.echo(json.dumps(knowledge_view(shown, knowledge), indent=2, ensure_ascii=False))
        return
    with language(code):
        sys.stdout.write(knowledge_text(shown, knowledge))


@app.command()
def check(
    model: Annotated[Path, typer.Argument(help="The model file.")],
    format: Annotated[
        ReportFormat, typer.Option("--format", "-f", help="text, json or markdown")
    ] = ReportFormat.text,
    fail_on: Annotated[
        Severity | None,
        typer.Option("--fail-on", help="Exit 1 if an open finding is at least this severe."),
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File to write; stdout if omitted.")
    ] = None,
    min_confidence: Annotated[
        MinConfidence | None,
        typer.Option(
            "--min-confidence",
            help="Only findings at least this sure: high, medium, low or assumed (all). Confidence is "
            "the weakest evidence among the flows and claims a finding rests on.",
        ),
    ] = None,
    group: Annotated[
        bool,
        typer.Option(
            "--group/--no-group",
            help="In text and Markdown, show a rule with many findings as one line with a count.",
        ),
    ] = True,
    strict: Annotated[
        bool,
        typer.Option(
            "--strict",
            help="Also check sources: every fact sourced or marked as an assumption, every source "
            "dated and linked, no fact resting only on a low-grade source. Exit 1 on any problem.",
        ),
    ] = False,
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            help="Word the findings (titles, plain sentences, explanations) and the report's headings in "
            "this language (de, fr, ...), with the model's own text in it when the model has that "
            "translation; English by default.",
        ),
    ] = None,
) -> None:
    """Run the privacy rules: claims against flows, notice, linkage, transfers, retention."""
    from flows.input.i18n import languages, supported

    if lang is not None and supported(lang) is None:
        typer.echo(
            f"error: --lang {lang[:40]!r}: no wording in that language; available: {', '.join(languages())}",
            err=True,
        )
        raise typer.Exit(1)
    with language(lang):
        _check(model, format, fail_on, output, min_confidence, group, strict)


def _check(
    model: Path,
    format: ReportFormat,
    fail_on: Severity | None,
    output: Path | None,
    min_confidence: MinConfidence | None,
    group: bool,
    strict: bool,
) -> None:
    """`check` in the language the context sets (`flows.input.i18n.language`)."""
    from flows.analysis.hygiene import check_sources
    from flows.analysis.rules.base import SEVERITIES
    from flows.analysis.rules.confidence import CONFIDENCES
    from flows.analysis.run import analyse
    from flows.input.translations import missing_translations
    from flows.output.report import render_json, render_markdown, render_text

    loaded = load_or_fail(model)
    shown = shown_in(loaded, current_language())  # the model's text in --lang too, when it has it
    findings = analyse(shown).findings
    if min_confidence is not None:
        floor = CONFIDENCES.index(min_confidence.value)
        findings = tuple(f for f in findings if CONFIDENCES.index(f.confidence) <= floor)
    problems = check_sources(loaded) if strict else ()
    missing, missing_more = missing_translations(loaded) if strict else ([], 0)
    if format is ReportFormat.json:
        text = render_json(shown, findings)
    else:
        render = render_text if format is ReportFormat.text else render_markdown
        text = render(shown, findings, group=group)
    if strict and format is ReportFormat.json:
        data = json.loads(text)
        data["hygiene"] = [p.to_dict() for p in problems]
        if loaded.translations:
            data["missing_translations"] = [p.to_dict() for p in missing]
        text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    write_output(text, output)
    if output is not None and str(output) != "-":
        typer.echo(f"wrote {output} ({len(findings)} findings)", err=True)
    for problem in problems:
        typer.echo(problem.format(), err=True)
    failed = False
    if problems:
        typer.echo(f"{len(problems)} source problem(s) found by --strict.", err=True)
        failed = True
    if missing:
        report_missing(missing, missing_more)
        failed = True
    if fail_on is not None:
        limit = SEVERITIES.index(fail_on.value)
        failing = [f for f in findings if not f.accepted and SEVERITIES.index(f.severity) <= limit]
        if failing:
            typer.echo(f"{len(failing)} open finding(s) at or above '{fail_on.value}'.", err=True)
            failed = True
    if failed:
        raise typer.Exit(1)


def report_missing(missing: list[Problem], more: int) -> None:
    """`check --strict`: each original text a declared language lacks, bounded like other problem lists."""
    for problem in missing:
        typer.echo(problem.format(), err=True)
    if more:
        typer.echo(more_line(more), err=True)
    count = len(missing) + more
    typer.echo(f"{count:,} missing translation(s) found by --strict.", err=True)


class HashAlgorithm(StrEnum):
    sha256 = "sha256"
    sha1 = "sha1"
    md5 = "md5"


class MacEncoding(StrEnum):
    text = "text"
    bytes = "bytes"


@app.command("reverse-hash")
def reverse_hash_command(
    digest: Annotated[
        str | None, typer.Argument(help="The hex hash of a MAC address; omit for a built-in example.")
    ] = None,
    oui: Annotated[
        str | None, typer.Option("--oui", help="The vendor prefix (first 3 bytes), e.g. f0:18:98.")
    ] = None,
    algorithm: Annotated[HashAlgorithm, typer.Option("--algorithm", "-a")] = HashAlgorithm.sha256,
    encoding: Annotated[
        MacEncoding,
        typer.Option(help="What was hashed: 'text' (aa:bb:cc:dd:ee:ff, lower case) or the 6 raw 'bytes'."),
    ] = MacEncoding.text,
) -> None:
    """Show that a hashed MAC address is not anonymous: recover it by trying all 2^24 addresses."""
    raise typer.Exit(run_reverse_hash(digest, oui, algorithm.value, encoding.value))


class LetterLaw(StrEnum):
    both = "both"
    gdpr = "gdpr"
    ccpa = "ccpa"


@app.command()
def letter(
    model: Annotated[Path, typer.Argument(help="The model file.")],
    party: Annotated[str, typer.Argument(help="The company's party id (or its exact name).")],
    law: Annotated[
        LetterLaw,
        typer.Option("--law", help="gdpr (an Art. 15 access request), ccpa (a request to know) or both."),
    ] = LetterLaw.both,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Markdown file to write; stdout if omitted.")
    ] = None,
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            help="The letter's language: en (default) or de; the model's text in that language when it "
            "has that translation. The CCPA letter stays in English.",
        ),
    ] = None,
) -> None:
    """Write a template access request to one company in the model, filled with what it receives."""
    from flows.input.translations import available_languages, translated
    from flows.output.letter import LAWS, LETTER_LANGUAGES, letter_markdown

    code = (lang or "en").strip().replace("_", "-").lower().split("-")[0]  # de-AT: the German letter
    if code not in LETTER_LANGUAGES:
        shown = ", ".join(LETTER_LANGUAGES)
        typer.echo(f"error: --lang {code[:40]!r}: no letter in that language; available: {shown}", err=True)
        raise typer.Exit(1)
    loaded = load_or_fail(model)
    companies = [p.id for p in loaded.parties if p.kind != "person"]
    knowledge = _party_knowledge(loaded, model, party, companies, "companies", "; write to a company")
    laws = LAWS if law is LetterLaw.both else (law.value,)
    shown_model = translated(loaded, code)[0] if code in available_languages(loaded) else loaded
    write_output(letter_markdown(shown_model, knowledge, laws, code), output)  # type: ignore[arg-type]
    if output is not None and str(output) != "-":
        typer.echo(f"wrote {output}", err=True)


def _party_knowledge(
    loaded: Model, model: Path, party: str, choices: list[str], what: str, person_note: str = ""
) -> PartyKnowledge:
    """What `party` (an id or its exact name) learns, for `knows` and `letter`; an unknown party or the
    person herself is an error at the model's parties, with a "did you mean" among `choices`."""
    from flows.analysis.run import analyse
    from flows.input.errors import did_you_mean

    by_name = {p.name.lower(): p.id for p in loaded.parties}
    party_id = party if party in loaded.parties_by_id else by_name.get(party.lower(), party)
    knowledge = analyse(loaded).knowledge.for_party(party_id)
    if knowledge is not None:
        return knowledge
    where = loaded.parties[0].span if loaded.parties else None
    located = f"{model}:{where.line}:{where.col}" if where else str(model)
    if party_id in loaded.parties_by_id:
        problem = f"party '{party}' is the person herself{person_note}"
    else:
        problem = f"party '{party}' is not in the model"
    hint = did_you_mean(party, choices) or f"{what}: {', '.join(choices) or 'none'}"
    typer.echo(f"{located}: error: {problem} ({hint})", err=True)
    raise typer.Exit(1)
