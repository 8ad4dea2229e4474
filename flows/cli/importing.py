"""`adflows import ...`: importers on the command line, with a progress bar on stderr.

A thin layer over `flows.input.importers` (no mapping logic here). The YAML it writes is loaded back with
`load_model` before it is written, so an import either yields a valid model or an error, never a file
the other commands reject.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from flows.input.errors import ModelError
from flows.input.load import load_model
from flows.input.regular_file import RefusedFileError, read_regular_file
from flows.input.yamldoc import Limits

if TYPE_CHECKING:
    from rich.console import Console
    from rich.progress import Progress

# The importers and rich load only when an import runs: every other command starts without them.

import_app = typer.Typer(
    name="import",
    help="Turn other formats into adflows models.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


def _progress(console: Console) -> Progress:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    )


@import_app.command("gvl")
def gvl(
    file: Annotated[Path, typer.Argument(help="The vendor list (vendor-list.json, format v3).")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Model file to write ('-' for stdout).")],
) -> None:
    """Import IAB Europe's TCF Global Vendor List as a model: vendors, purposes, data, legal bases."""
    from rich.console import Console

    from flows.input.importers.gvl import import_gvl, read_gvl

    console = Console(stderr=True)
    try:
        data = read_gvl(read_regular_file(file, Limits().max_bytes), str(file))
    except RefusedFileError as exc:
        typer.echo(f"{file}:1:1: error: {exc.message} ({exc.hint})", err=True)
        raise typer.Exit(1) from None
    except OSError as exc:
        typer.echo(f"{file}:1:1: error: cannot read the file: {exc.strerror or exc}", err=True)
        raise typer.Exit(1) from None
    except ModelError as exc:
        typer.echo(exc.format(), err=True)
        raise typer.Exit(1) from None
    with _progress(console) as progress:
        task = progress.add_task("Importing vendors", total=None)

        def advance(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        result = import_gvl(data, progress=advance)
        progress.update(task, description="Checking the model")
        text = result.yaml()
        try:
            model = load_model(text, filename=str(output))
        except ModelError as exc:  # an importer bug: say so rather than write a broken file
            typer.echo(exc.format(), err=True)
            typer.echo("error: the imported model does not validate; please report this", err=True)
            raise typer.Exit(1) from None
    _write(text, output)
    deleted = len(result.deleted)
    typer.echo(
        f"imported {result.vendors} vendors ({deleted} deleted left out, {len(result.skipped)} "
        f"declarations not imported): {len(model.nodes)} nodes, {len(model.flows)} flows"
        + (f" -> {output}" if str(output) != "-" else ""),
        err=True,
    )


@import_app.command("meta")
def meta(
    paths: Annotated[
        list[Path],
        typer.Argument(
            help="Your export: the zip as downloaded, each zip part, an unpacked folder, or JSON files."
        ),
    ],
    output: Annotated[Path, typer.Option("--output", "-o", help="Model file to write ('-' for stdout).")],
) -> None:
    """Import your own Meta "Download Your Information" export (JSON): who used your data for ads, and how.

    Everything happens on this computer: nothing is uploaded, and only OUTPUT is written.
    """
    from flows.input.importers.meta import import_meta, read_meta_paths

    try:
        result = import_meta(read_meta_paths(paths))
    except ModelError as exc:
        typer.echo(exc.format(), err=True)
        raise typer.Exit(1) from None
    text = result.yaml()
    try:
        model = load_model(text, filename=str(output))
    except ModelError as exc:  # an importer bug: say so rather than write a broken file
        typer.echo(exc.format(), err=True)
        typer.echo("error: the imported model does not validate; please report this", err=True)
        raise typer.Exit(1) from None
    _write(text, output)
    typer.echo(
        f"imported {result.businesses} businesses ({result.store_visits} from store visits, {result.events} "
        f"events; {len(result.skipped)} entries not readable): {len(model.nodes)} nodes, "
        f"{len(model.flows)} flows" + (f" -> {output}" if str(output) != "-" else ""),
        err=True,
    )


def _write(text: str, output: Path) -> None:
    if str(output) == "-":
        sys.stdout.write(text)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        typer.echo(f"error: cannot write {output}: {exc.strerror or exc}", err=True)
        raise typer.Exit(1) from None
