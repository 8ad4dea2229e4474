"""`adflows new`, `parts` and `index`: authoring help on the command line, a thin layer over
`flows.input.starter`, `flows.input.parts` and `flows.output.gallery_index`. Importing this module
registers them.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from flows.cli.app import app, write_output


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
    from flows.input.starter import MODEL_ID, starter_model, suggest_id

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
    from flows.input.parts import list_parts, part_summary, part_text

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
    from flows.output.gallery_index import gallery_index

    if not models.is_dir():
        typer.echo(f"error: models folder {models} does not exist", err=True)
        raise typer.Exit(2)
    write_output(gallery_index(models), output)
    if output is not None and str(output) != "-":
        typer.echo(f"wrote {output}", err=True)
