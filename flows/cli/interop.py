"""`adflows export`, `diff` and `whatif`: the interop commands, a thin layer over `flows.output.export`,
`flows.output.diff` and `flows.analysis.whatif`. Importing this module registers them on the CLI app.
"""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from flows.cli.app import LangOption, TextOrJson, app, load_or_fail, shown_in, wording_language, write_output
from flows.input.i18n import language

if TYPE_CHECKING:
    from flows.input.model import Model


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
    from flows.output.export import FORMATS_BY_NAME

    chosen = FORMATS_BY_NAME.get(format)
    if chosen is None:
        typer.echo(f"error: unknown format '{format}'; choose one of: {', '.join(FORMATS_BY_NAME)}", err=True)
        raise typer.Exit(2)
    loaded = load_or_fail(model)
    target = output if output is not None else Path(model.stem + chosen.extension)
    write_output(chosen.write(loaded), target)
    if str(target) != "-":
        typer.echo(f"wrote {target}", err=True)


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
    from flows.output.diff import diff_models, diff_view, format_diff, render_diff_html

    result = diff_models(load_or_fail(a), load_or_fail(b))
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
        str,
        typer.Option(
            "--without",
            help="A flow id, a node id, permission:NODE (its OS permissions), or control:ID (switch a "
            "control on: cut what it stops).",
        ),
    ],
    format: Annotated[TextOrJson, typer.Option("--format", "-f", help="text or json")] = TextOrJson.text,
    lang: LangOption = None,
) -> None:
    """Switch off a flow, a node or a permission, or switch a control on: which journeys break, which
    findings disappear."""
    code = wording_language(lang)
    with language(code):
        _whatif(shown_in(load_or_fail(model), code), without, format)


def _whatif(loaded: Model, without: str, format: TextOrJson) -> None:
    from flows.analysis.whatif import UnknownSwitchError, what_if
    from flows.view.analysis_view import whatif_view

    try:
        result = what_if(loaded, without)
    except UnknownSwitchError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    if format is TextOrJson.json:
        typer.echo(json.dumps(whatif_view(result), indent=2, ensure_ascii=False))
    else:
        from flows.analysis.whatif import format_whatif

        typer.echo(format_whatif(result), nl=False)
