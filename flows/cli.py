"""The `adflows` command line: a thin layer over `flows` (no domain logic here).

Model problems go to stderr as `file:line:col: error: message` and the command exits 1; a traceback is a
bug. Exit codes: 0 success, 1 the model (or a finding) failed, 2 wrong usage.
"""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from flows.errors import ModelError, Problem
from flows.load import load_model

app = typer.Typer(
    name="adflows",
    help="Make ad-tech data flows visible: check YAML models and render them as offline pages.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


class TextOrJson(StrEnum):
    text = "text"
    json = "json"


def fail(error: ModelError) -> typer.Exit:
    """Print every problem to stderr and return the exit to raise."""
    typer.echo(error.format(), err=True)
    count = len(error.problems)
    typer.echo(f"{count} problem{'s' if count != 1 else ''} found.", err=True)
    return typer.Exit(1)


def write_output(text: str, output: Path | None) -> None:
    """Write to a file, or to stdout when no file (or '-') is given."""
    if output is None or str(output) == "-":
        sys.stdout.write(text)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        typer.echo(f"error: cannot write {output}: {exc.strerror or exc}", err=True)
        raise typer.Exit(1) from None


@app.command()
def validate(
    models: Annotated[list[Path], typer.Argument(help="Model files to check.")],
    format: Annotated[TextOrJson, typer.Option("--format", "-f", help="text or json")] = TextOrJson.text,
) -> None:
    """Check models; exit 0 when all are valid, 1 otherwise."""
    results: list[dict[str, object]] = []
    all_ok = True
    for path in models:
        try:
            model = load_model(path, filename=str(path))
        except ModelError as exc:
            all_ok = False
            results.append({"file": str(path), "valid": False, "errors": exc.to_list()})
            if format is TextOrJson.text:
                typer.echo(exc.format(), err=True)
            continue
        results.append({"file": str(path), "valid": True, "errors": []})
        if format is TextOrJson.text:
            typer.echo(f"{path}: ok ({len(model.nodes)} nodes, {len(model.flows)} flows)")
    if format is TextOrJson.json:
        typer.echo(json.dumps({"valid": all_ok, "files": results}, indent=2))
    if not all_ok:
        raise typer.Exit(1)


@app.command()
def render(
    model: Annotated[Path, typer.Argument(help="The model file.")],
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="HTML file to write ('-' for stdout).")
    ] = None,
) -> None:
    """Render a model as one self-contained HTML page that works offline."""
    from flows.render_html import render_html

    try:
        loaded = load_model(model, filename=str(model))
    except ModelError as exc:
        raise fail(exc) from None
    target = output if output is not None else Path(model.stem + ".html")
    write_output(render_html(loaded), target)
    if str(target) != "-":
        typer.echo(f"wrote {target}", err=True)


@app.command()
def schema(
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File to write; stdout if omitted.")
    ] = None,
) -> None:
    """Print the JSON Schema of the model format (for editor autocompletion)."""
    from flows.schema import schema_text

    write_output(schema_text(), output)


@app.command()
def serve(
    models: Annotated[Path, typer.Option("--models", help="Folder of *.yaml models.")] = Path("models"),
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
) -> None:
    """Serve the gallery of models and their pages on http://HOST:PORT/."""
    import uvicorn

    from web.app import create_app

    if not models.is_dir():
        typer.echo(f"error: models folder {models} does not exist", err=True)
        raise typer.Exit(2)
    typer.echo(f"adflows: serving {models} on http://{host}:{port}/", err=True)
    uvicorn.run(create_app(models), host=host, port=port, log_level="warning")


def main() -> None:
    """Console-script entry point; turns stray model errors into messages, never tracebacks."""
    try:
        app()
    except ModelError as exc:  # a command forgot to catch it: still no traceback
        typer.echo(exc.format(), err=True)
        sys.exit(1)


__all__ = ["Problem", "app", "main"]

from flows.cli_import import import_app  # noqa: E402  (sub-app registered last)

app.add_typer(import_app, name="import")


# --- export (issue 7) ---------------------------------------------------------------------------


def _write_export(content: bytes | str, target: Path) -> None:
    """Write text or bytes to a file, or to stdout for '-'."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    if str(target) == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    try:
        target.write_bytes(data)
    except OSError as exc:
        typer.echo(f"error: cannot write {target}: {exc.strerror or exc}", err=True)
        raise typer.Exit(1) from None


@app.command()
def export(
    model: Annotated[Path, typer.Argument(help="The model file.")],
    format: Annotated[
        str, typer.Option("--format", "-f", help="json, graphml, gexf, mermaid, dot, kumu, csv, svg or png.")
    ],
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File to write ('-' for stdout).")
    ] = None,
) -> None:
    """Export a model for other tools: Gephi, yEd, Kumu, Mermaid, Graphviz, spreadsheets, slides."""
    from flows.export import FORMATS_BY_NAME

    chosen = FORMATS_BY_NAME.get(format)
    if chosen is None:
        typer.echo(f"error: unknown format '{format}'; choose one of: {', '.join(FORMATS_BY_NAME)}", err=True)
        raise typer.Exit(2)
    try:
        loaded = load_model(model, filename=str(model))
    except ModelError as exc:
        raise fail(exc) from None
    target = output if output is not None else Path(model.stem + chosen.extension)
    _write_export(chosen.write(loaded), target)
    if str(target) != "-":
        typer.echo(f"wrote {target}", err=True)


# --- authoring: new, parts, index (issue 5) ------------------------------------------------------


def _default_new_target(name: str) -> Path:
    """models/NAME.yaml when run beside a models/ folder (the repository), else NAME.yaml."""
    folder = Path("models")
    return folder / f"{name}.yaml" if folder.is_dir() else Path(f"{name}.yaml")


def _next_steps(target: Path, name: str) -> str:
    import shlex

    shown = shlex.quote(str(target))
    return "\n".join(
        [
            "Next steps:",
            "  1. Open it in a text editor and replace the invented parts with what your sources say",
            "     (docs/authoring.md walks through it; `adflows parts` lists pieces to copy in).",
            f"  2. Check it:   adflows validate {shown}",
            f"  3. Render it:  adflows render {shown} -o {shlex.quote(name + '.html')}",
            f"  4. Serve it:   adflows serve --models {shlex.quote(str(target.parent))}",
        ]
    )


@app.command()
def new(
    name: Annotated[str, typer.Argument(help="The model's id in kebab-case, e.g. 'shop-wifi-sensor'.")],
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="File to write; default models/NAME.yaml, or NAME.yaml without models/."
        ),
    ] = None,
    title: Annotated[
        str | None, typer.Option("--title", help="The model's title; default made from NAME.")
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite the file if it exists.")] = False,
) -> None:
    """Write a commented starter model that validates, ready to edit."""
    from flows.starter import MODEL_ID, starter_model, suggest_id

    if not MODEL_ID.match(name):
        typer.echo(
            f"error: '{name}' is not a valid model id: use lower-case letters, digits and '-', "
            f"starting with a letter or digit, at most 80 characters (try '{suggest_id(name)}')",
            err=True,
        )
        raise typer.Exit(2)
    target = output if output is not None else _default_new_target(name)
    try:
        text = starter_model(name, title, path_hint=str(target))
    except ValueError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    if str(target) != "-" and target.exists() and not force:
        typer.echo(
            f"error: {target} already exists; choose another name or add --force to replace it", err=True
        )
        raise typer.Exit(1)
    write_output(text, target)
    if str(target) == "-":
        return
    typer.echo(f"wrote {target}", err=True)
    if target.stem != name:
        typer.echo(
            f"note: the file name differs from the model id '{name}'; bundled models need both equal",
            err=True,
        )
    typer.echo(_next_steps(target, name), err=True)


@app.command()
def parts(
    name: Annotated[str | None, typer.Argument(help="The part to print; omit to list them all.")] = None,
) -> None:
    """List the reusable model parts, or print one to copy into a model."""
    from flows.parts import list_parts, part_summary, part_text

    if name is None:
        for part in list_parts():
            typer.echo(f"{part:<20} {part_summary(part)}")
        typer.echo("Print one with `adflows parts NAME` and copy its items into your model.", err=True)
        return
    try:
        text = part_text(name)
    except ValueError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    sys.stdout.write(text)


@app.command()
def index(
    models: Annotated[Path, typer.Option("--models", help="Folder of *.yaml models.")] = Path("models"),
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="File to write, e.g. models/README.md; stdout if omitted."),
    ] = None,
) -> None:
    """Print the gallery index: a Markdown table of the scenarios in a folder of models."""
    from flows.gallery_index import gallery_index

    if not models.is_dir():
        typer.echo(f"error: models folder {models} does not exist", err=True)
        raise typer.Exit(2)
    write_output(gallery_index(models), output)
    if output is not None and str(output) != "-":
        typer.echo(f"wrote {output}", err=True)


# --- analysis: journeys, who knows what, findings, reverse-hash (issue 3) -----------------------


from flows.model import Model  # noqa: E402  (only for the annotation below)


class ReportFormat(StrEnum):
    text = "text"
    json = "json"
    markdown = "markdown"


class Severity(StrEnum):
    high = "high"
    medium = "medium"
    low = "low"
    info = "info"


def _load_or_fail(path: Path) -> Model:
    try:
        return load_model(path, filename=str(path))
    except ModelError as exc:
        raise fail(exc) from None


@app.command()
def trace(
    model: Annotated[Path, typer.Argument(help="The model file.")],
    format: Annotated[TextOrJson, typer.Option("--format", "-f", help="text or json")] = TextOrJson.text,
) -> None:
    """Print every journey from the person, through an ad, back to her, with the data on each hop."""
    from flows.analysis import analyse, journey_view
    from flows.report import journeys_text

    loaded = _load_or_fail(model)
    journeys = analyse(loaded).journeys
    if format is TextOrJson.json:
        views = [journey_view(loaded, j) for j in journeys]
        data = {"model": loaded.id, "capped": journeys.capped, "journeys": views}
        typer.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    sys.stdout.write(journeys_text(loaded, journeys))


@app.command()
def knows(
    model: Annotated[Path, typer.Argument(help="The model file.")],
    party: Annotated[str, typer.Argument(help="The party's id (or its exact name).")],
    format: Annotated[TextOrJson, typer.Option("--format", "-f", help="text or json")] = TextOrJson.text,
) -> None:
    """Print what one party learns about the person, and which offline-online links it can make."""
    from flows.analysis import analyse, knowledge_view
    from flows.errors import did_you_mean
    from flows.report import knowledge_text

    loaded = _load_or_fail(model)
    by_name = {p.name.lower(): p.id for p in loaded.parties}
    party_id = party if party in loaded.parties_by_id else by_name.get(party.lower(), party)
    knowledge = analyse(loaded).knowledge.for_party(party_id)
    if knowledge is None:
        choices = [p.id for p in loaded.parties]
        hint = did_you_mean(party, choices) or f"parties: {', '.join(choices)}"
        what = "is the person herself" if party_id in loaded.parties_by_id else "is not in the model"
        typer.echo(f"{model}: error: party '{party}' {what} ({hint})", err=True)
        raise typer.Exit(1)
    if format is TextOrJson.json:
        typer.echo(json.dumps(knowledge_view(loaded, knowledge), indent=2, ensure_ascii=False))
        return
    sys.stdout.write(knowledge_text(loaded, knowledge))


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
) -> None:
    """Run the privacy rules: claims against flows, notice, linkage, transfers, retention."""
    from flows.analysis import analyse
    from flows.report import render_json, render_markdown, render_text
    from flows.rules.base import SEVERITIES

    loaded = _load_or_fail(model)
    findings = analyse(loaded).findings
    render = {"text": render_text, "json": render_json, "markdown": render_markdown}[format.value]
    write_output(render(loaded, findings), output)
    if output is not None and str(output) != "-":
        typer.echo(f"wrote {output} ({len(findings)} findings)", err=True)
    if fail_on is not None:
        limit = SEVERITIES.index(fail_on.value)
        failing = [f for f in findings if not f.accepted and SEVERITIES.index(f.severity) <= limit]
        if failing:
            typer.echo(f"{len(failing)} open finding(s) at or above '{fail_on.value}'.", err=True)
            raise typer.Exit(1)


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
    from flows.cli_analysis import run_reverse_hash

    raise typer.Exit(run_reverse_hash(digest, oui, algorithm.value, encoding.value))


# --- diff and what-if (issue 7) ---------------------------------------------------------------


class DiffFormat(StrEnum):
    text = "text"
    json = "json"
    html = "html"


@app.command()
def diff(
    a: Annotated[Path, typer.Argument(help="The first model.")],
    b: Annotated[Path, typer.Argument(help="The second model.")],
    format: Annotated[
        DiffFormat, typer.Option("--format", "-f", help="text, json or html")
    ] = DiffFormat.text,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File to write; stdout if omitted.")
    ] = None,
) -> None:
    """List parties, nodes, flows, journeys and findings added, removed or changed from A to B."""
    from flows.diff import diff_models, diff_view, format_diff, render_diff_html

    result = diff_models(_load_or_fail(a), _load_or_fail(b))
    if format is DiffFormat.html:
        text = render_diff_html(result, str(a), str(b))
    elif format is DiffFormat.json:
        text = json.dumps(diff_view(result), indent=2, ensure_ascii=False) + "\n"
    else:
        text = format_diff(result, str(a), str(b))
    write_output(text, output)


@app.command()
def whatif(
    model: Annotated[Path, typer.Argument(help="The model file.")],
    without: Annotated[
        str, typer.Option("--without", help="A flow id, a node id, or permission:NODE (its OS permissions).")
    ],
    format: Annotated[TextOrJson, typer.Option("--format", "-f", help="text or json")] = TextOrJson.text,
) -> None:
    """Switch off a flow, a node or a permission: which journeys break, which findings disappear."""
    from flows.whatif import UnknownSwitchError, what_if, whatif_view

    loaded = _load_or_fail(model)
    try:
        result = what_if(loaded, without)
    except UnknownSwitchError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    if format is TextOrJson.json:
        typer.echo(json.dumps(whatif_view(result), indent=2, ensure_ascii=False))
    else:
        from flows.whatif import format_whatif

        typer.echo(format_whatif(result), nl=False)
